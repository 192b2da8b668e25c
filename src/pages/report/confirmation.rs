//! Confirmation: the reference, what happens next and by when (who will contact the person),
//! urgent help after a critical answer, how to contact the council, the assessment profile kept
//! behind a closed details component, signposting, how to clear the visit from the browser, and
//! the ASB Case Review when the person told us they reported the problem before.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{CouncilContactDetails, OutOfHoursHelp, PhoneLink, UrgentHelp};
use crate::domain::next_steps::long_date;
use crate::domain::repeat::{case_review_prompt, CaseReviewPrompt};
use crate::domain::submission::ConfirmationFacts;
use crate::server::config::SiteConfig;

pub fn page(c: ConfirmationFacts, site: &SiteConfig) -> impl IntoView {
    // Reports stored before the lines were kept get the council's line only.
    let next_steps = if c.next_steps.is_empty() {
        vec![format!(
            "Our anti-social behaviour team will look at your report by {}.",
            long_date(c.respond_by)
        )]
    } else {
        c.next_steps
    };
    let profile = (!c.profile.is_empty()).then(|| {
        view! {
            <details class="govuk-details" id="profile-details">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">"What you told us about how it affects you"</span>
                </summary>
                <div class="govuk-details__text">
                    <p class="govuk-body">"We will take these into account when we decide how to help:"</p>
                    <ul class="govuk-list govuk-list--bullet" id="profile">
                        {c.profile.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </div>
            </details>
        }
    });
    let signposts = (!c.signposts.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Help you can get now"</h2>
            {c
                .signposts
                .into_iter()
                .map(|s| {
                    let link_text = s
                        .link_text
                        .clone()
                        .unwrap_or_else(|| format!("Visit the {} website", s.title));
                    view! {
                        <div class="app-signpost" id=format!("signpost-{}", s.id)>
                            <h3 class="govuk-heading-s">{s.title}</h3>
                            <p class="govuk-body">{s.text}</p>
                            {s
                                .phone
                                .map(|p| view! { <p class="govuk-body">"Phone: " <PhoneLink number=p /></p> })}
                            {s
                                .url
                                .map(|u| {
                                    view! {
                                        <p class="govuk-body">
                                            <a class="govuk-link" href=u rel="noreferrer noopener">
                                                {link_text}
                                            </a>
                                        </p>
                                    }
                                })}
                        </div>
                    }
                })
                .collect_view()}
        }
    });
    let prompt = case_review_prompt(c.second_report, c.proven_reports, c.case_review_threshold);
    let case_review = (prompt != CaseReviewPrompt::None).then(|| {
        let (heading, opening, button) = match prompt {
            CaseReviewPrompt::MayMeetThreshold { reports } => (
                "You may be able to get an ASB Case Review",
                format!(
                    "You have made {reports} reports about anti-social behaviour on this website \
                     in the last six months. That may be enough for an ASB Case Review."
                ),
                "Apply for an ASB Case Review, with these reports included",
            ),
            _ => (
                "You can ask for an ASB Case Review",
                "You have reported anti-social behaviour before.".to_string(),
                "Apply for an ASB Case Review, with this report included",
            ),
        };
        view! {
            <div class="govuk-inset-text" id="case-review-prompt">
                <h2 class="govuk-heading-m">{heading}</h2>
                <p class="govuk-body" id="case-review-reports">{opening}</p>
                <p class="govuk-body">
                    {format!(
                        "If you feel nothing has been done, you can ask for an ASB Case Review: \
                         the council, police, health services and housing providers then review \
                         together how your reports were handled. A review must be held when {} \
                         complaints have been made in the last six months; with fewer, you can \
                         still ask, and a person looks at every application.",
                        c.case_review_threshold
                    )}
                </p>
                <form method="post" action="/case-review/apply/start">
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                        {button}
                    </button>
                </form>
                <p class="govuk-body">
                    <a class="govuk-link" href="/case-review">"Find out about the ASB Case Review"</a>
                </p>
            </div>
        }
    });
    // An urgent report sent while the team is not working: said at once, with help for now.
    let out_of_hours = c
        .out_of_hours
        .clone()
        .map(|out| view! { <OutOfHoursHelp out=out sent=true /> });
    let contact = site.contact.clone();
    let cover_tracks = site.cover_tracks_url.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <Title text="Report sent" />
                    <h1 class="govuk-panel__title">"Report sent"</h1>
                    <div class="govuk-panel__body">
                        "Your reference number"<br />
                        <strong id="reference">{c.reference}</strong>
                    </div>
                </div>
                {c
                    .critical
                    .then(|| {
                        let about = c
                            .for_someone_else
                            .then(|| "the person you are reporting for".to_string());
                        view! { <UrgentHelp about=about /> }
                    })}
                {out_of_hours}
                {c
                    .acknowledgement_sent
                    .then(|| view! { <p class="govuk-body">"We have sent you a confirmation email."</p> })}
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <ul class="govuk-list govuk-list--bullet" id="next-steps">
                    {next_steps.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <p class="govuk-body">
                    "If you are in danger now, call " <a class="govuk-link" href="tel:999">"999"</a>
                    ". To report a crime that is not an emergency, call "
                    <a class="govuk-link" href="tel:101">"101"</a> "."
                </p>
                <h2 class="govuk-heading-m">"Contact us about your report"</h2>
                <p class="govuk-body">"Quote your reference number."</p>
                <CouncilContactDetails contact=contact />
                {profile}
                {signposts}
                {case_review}
                <h2 class="govuk-heading-m">"Keep this visit private"</h2>
                <p class="govuk-body" id="cover-tracks">
                    "If someone else uses this device, you can use Exit this page to leave quickly, \
                     and "
                    <a class="govuk-link" href=cover_tracks rel="noreferrer noopener">
                        "find out how to clear this visit from your browser"
                    </a> "."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/report">"Report another problem"</a>
                </p>
            </div>
        </div>
    }
}
