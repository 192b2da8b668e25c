//! The confirmation of an application: the CR- reference, the provisional result in plain
//! words, who will contact them and by when, how to ask for the decision to be reviewed, and
//! the council's contact details.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::CouncilContactDetails;
use crate::domain::case_review::submission::ApplicationConfirmation;
use crate::server::config::SiteConfig;

pub fn page(c: ApplicationConfirmation, site: &SiteConfig) -> impl IntoView {
    let contact = site.contact.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <Title text="Application sent" />
                    <h1 class="govuk-panel__title">"Application sent"</h1>
                    <div class="govuk-panel__body">
                        "Your reference number"<br />
                        <strong id="reference">{c.reference}</strong>
                    </div>
                </div>
                {c
                    .acknowledgement_sent
                    .then(|| view! { <p class="govuk-body">"We have sent you a confirmation email."</p> })}
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <div id="outcome" data-outcome=c.outcome.as_str()>
                    {c.lines.into_iter().map(|l| view! { <p class="govuk-body">{l}</p> }).collect_view()}
                </div>
                <h2 class="govuk-heading-m">"Contact us about your application"</h2>
                <p class="govuk-body">"Quote your reference number."</p>
                <CouncilContactDetails contact=contact />
                <p class="govuk-body">
                    "If you are in danger now, call " <a class="govuk-link" href="tel:999">"999"</a> "."
                </p>
            </div>
        </div>
    }
}
