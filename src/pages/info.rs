//! Information pages (privacy notice, ASB Case Review) and the error pages.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

pub fn privacy(site_name: String, partners: String) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="Privacy notice" />
                <Meta
                    name="description"
                    content="How the council uses what you tell it when you report anti-social \
                             behaviour, who it shares it with, and your rights."
                />
                <h1 class="govuk-heading-l">"Privacy notice"</h1>
                <p class="govuk-body">
                    {format!("{site_name} is the data controller for the information you give in this service.")}
                </p>
                <h2 class="govuk-heading-m">"Why we use your information"</h2>
                <p class="govuk-body">
                    "We use it to deal with anti-social behaviour under the Anti-social Behaviour, \
                     Crime and Policing Act 2014. Our lawful basis is public task. Where you tell us \
                     about your health, we process it for reasons of substantial public interest, \
                     to protect you and others."
                </p>
                <p class="govuk-body">
                    "Consent is not our lawful basis for dealing with your report. We ask for your \
                     agreement separately before we refer you to mediation or a support service, or \
                     share your report with our partners, and you can withdraw it at any time."
                </p>
                <h2 class="govuk-heading-m">"Who we share it with"</h2>
                <p class="govuk-body">
                    {format!(
                        "Our anti-social behaviour team, and, when you agree or someone is at risk \
                         of serious harm, our partners: {partners}. We never tell the people you \
                         report about who made the report."
                    )}
                </p>
                <h2 class="govuk-heading-m">"How long we keep it"</h2>
                <p class="govuk-body">
                    "Answers you have not sent are deleted after 24 hours. Reports are kept for as \
                     long as our retention schedule says, then deleted."
                </p>
                <h2 class="govuk-heading-m">"Your rights"</h2>
                <p class="govuk-body">
                    "You can ask to see the information we hold about you, to correct it, or to \
                     restrict how we use it. You can complain to the Information Commissioner's Office."
                </p>
            </div>
        </div>
    }
}

pub fn case_review(threshold: u32) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="ASB Case Review" />
                <Meta
                    name="description"
                    content="If you have reported anti-social behaviour and nothing has changed, you \
                             can ask the council and its partners to review your case together."
                />
                <h1 class="govuk-heading-l">"ASB Case Review"</h1>
                <p class="govuk-body">
                    "An ASB Case Review (once called the Community Trigger) lets you ask the council, \
                     police, health services and housing providers to review together how they have \
                     responded to your reports of anti-social behaviour."
                </p>
                <h2 class="govuk-heading-m">"When you can ask for one"</h2>
                <p class="govuk-body">
                    {format!(
                        "You can ask for a review if you have reported anti-social behaviour {threshold} \
                         times in the last six months, each within one month of it happening, and you \
                         feel nothing has been done."
                    )}
                </p>
                <p class="govuk-body">
                    "If you have reported it fewer times, you can still ask: the agencies decide whether \
                     to hold a review by looking at how persistent the behaviour is, the harm it causes, \
                     and how well they have responded."
                </p>
                <p class="govuk-body">
                    "Anyone can ask: the victim, someone on their behalf with their agreement, a business \
                     or a community group. It is not a complaints procedure."
                </p>
                <h2 class="govuk-heading-m">"How to ask"</h2>
                <p class="govuk-body">
                    "Contact the anti-social behaviour team and ask for an ASB Case Review. Give your \
                     report reference numbers if you have them."
                </p>
            </div>
        </div>
    }
}

/// A plain error page: what went wrong in the person's terms and what to do next.
pub fn problem(heading: &'static str, lines: Vec<String>, start_again: bool) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text=heading />
                <h1 class="govuk-heading-l">{heading}</h1>
                {lines.into_iter().map(|l| view! { <p class="govuk-body">{l}</p> }).collect_view()}
                {start_again
                    .then(|| {
                        view! {
                            <p class="govuk-body">
                                <a class="govuk-link" href="/report">"Start a new report"</a>
                            </p>
                        }
                    })}
            </div>
        </div>
    }
}
