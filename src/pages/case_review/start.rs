//! The start page of an application: what a case review is, the local threshold and the
//! timescales in plain words (from the configuration), who can apply, and "Start now".

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::CouncilContactDetails;
use crate::server::config::Config;

pub const TITLE: &str = crate::pages::layout::CASE_REVIEW_SERVICE.name;

/// The local threshold in plain words, from the configuration: the start page and the ASB
/// Case Review information page say it alike.
pub fn when_a_review_must_be_held(config: &Config) -> String {
    let threshold = config.site.case_review_threshold;
    let c = &config.case_review;
    let complaints = if threshold == 1 {
        "1 complaint".to_string()
    } else {
        format!("{threshold} complaints")
    };
    format!(
        "A review must be held when {complaints} have been made about the anti-social behaviour \
         in the last {} months, each within {} of it happening.",
        c.window_months,
        if c.report_within_months == 1 {
            "a month".to_string()
        } else {
            format!("{} months", c.report_within_months)
        }
    )
}

pub fn page(config: &Config) -> impl IntoView {
    let c = &config.case_review;
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text=TITLE />
                <Meta
                    name="description"
                    content="If you have reported anti-social behaviour and nothing has changed, ask the \
                             council and its partners to review your case together."
                />
                <h1 class="govuk-heading-xl">{TITLE}</h1>
                <p class="govuk-body">
                    "If you have reported anti-social behaviour and feel nothing has been done, you can \
                     ask for an ASB Case Review. The council, the police, health services and housing \
                     providers then look together at how they have responded, and agree what to do."
                </p>
                <p class="govuk-body">"It is not a complaints procedure."</p>
                <h2 class="govuk-heading-m">"When you can ask for one"</h2>
                <p class="govuk-body" id="threshold">{when_a_review_must_be_held(config)}</p>
                <p class="govuk-body">
                    "You can still apply if you have made fewer complaints: a person will look at every \
                     application, and can decide to hold a review."
                </p>
                <h2 class="govuk-heading-m">"Who can apply"</h2>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"the victim"</li>
                    <li>"someone applying for the victim, with their agreement"</li>
                    <li>"a business or a community group"</li>
                </ul>
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <p class="govuk-body" id="timescales">
                    {format!(
                        "We will tell you within {} working days whether a review will be held, and why. \
                         A review meeting is then held within {} working days, and you will hear the \
                         outcome within {} working days of the meeting.",
                        c.decision_working_days, c.meeting_working_days, c.outcome_working_days
                    )}
                </p>
                <p class="govuk-body">"It takes about 10 minutes. You will be asked:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"who is applying, and how to contact you"</li>
                    <li>"about the reports you have made, with their dates"</li>
                    <li>"how it has affected you, and what you would like to happen"</li>
                </ul>
                <form method="post" action="/case-review/apply/start">
                    <button type="submit" class="govuk-button govuk-button--start" data-module="govuk-button">
                        "Start now"
                        <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                        </svg>
                    </button>
                </form>
                <h2 class="govuk-heading-m">"Apply another way"</h2>
                <CouncilContactDetails contact=config.site.contact.clone() />
            </div>
        </div>
    }
}
