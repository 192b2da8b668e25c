//! Confirmation: the reference, what happens next and by when, the assessment profile with
//! signposting, urgent help after a critical answer, and the ASB Case Review when this is the
//! person's second report within six months.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::UrgentHelp;
use crate::domain::submission::ConfirmationFacts;

pub fn page(c: ConfirmationFacts) -> impl IntoView {
    let respond_by = c.respond_by.format("%A %-d %B %Y").to_string();
    let next = if c.anonymous {
        "You reported anonymously, so we will not contact you. Keep your reference number: \
         you can quote it if you call us about this problem."
            .to_string()
    } else if !c.contact_consent {
        format!(
            "Our anti-social behaviour team will look at your report by {}. You asked us not \
             to contact you, so we will not, unless we believe someone is at risk of harm.",
            respond_by
        )
    } else {
        format!(
            "Our anti-social behaviour team will look at your report and contact you by {}, \
             in the ways you told us are safe.",
            respond_by
        )
    };
    let profile = (!c.profile.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"What you told us"</h2>
            <p class="govuk-body">"We will take these into account when we decide how to help:"</p>
            <ul class="govuk-list govuk-list--bullet" id="profile">
                {c.profile.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
        }
    });
    let signposts = (!c.signposts.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Help you can get now"</h2>
            {c
                .signposts
                .into_iter()
                .map(|s| {
                    view! {
                        <div class="app-signpost" id=format!("signpost-{}", s.id)>
                            <h3 class="govuk-heading-s">{s.title}</h3>
                            <p class="govuk-body">{s.text}</p>
                            {s
                                .phone
                                .map(|p| view! { <p class="govuk-body">"Phone: " <strong>{p}</strong></p> })}
                            {s
                                .url
                                .map(|u| {
                                    view! {
                                        <p class="govuk-body">
                                            <a class="govuk-link" href=u.clone() rel="noreferrer noopener">{u.clone()}</a>
                                        </p>
                                    }
                                })}
                        </div>
                    }
                })
                .collect_view()}
        }
    });
    let case_review = c.second_report.then(|| {
        view! {
            <div class="govuk-inset-text" id="case-review-prompt">
                <h2 class="govuk-heading-m">"You can ask for an ASB Case Review"</h2>
                <p class="govuk-body">
                    {format!(
                        "You have told us about this problem before. If you have reported it {} times \
                         in the last six months and feel nothing has been done, you can ask for an \
                         ASB Case Review. The council, police, health services and housing providers \
                         then review how your reports were handled together.",
                        c.case_review_threshold
                    )}
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/case-review">"Find out about the ASB Case Review"</a>
                </p>
            </div>
        }
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <Title text="Report submitted" />
                    <h1 class="govuk-panel__title">"Report submitted"</h1>
                    <div class="govuk-panel__body">
                        "Your reference number"<br />
                        <strong id="reference">{c.reference}</strong>
                    </div>
                </div>
                {c.urgent.then(|| view! { <UrgentHelp /> })}
                {c
                    .acknowledgement_sent
                    .then(|| view! { <p class="govuk-body">"We have sent you a confirmation email."</p> })}
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <p class="govuk-body">{next}</p>
                <p class="govuk-body">
                    "If you are in danger now, call 999. To report a crime that is not an emergency, call 101."
                </p>
                {profile}
                {signposts}
                {case_review}
                <p class="govuk-body">
                    <a class="govuk-link" href="/report">"Report another problem"</a>
                </p>
            </div>
        </div>
    }
}
