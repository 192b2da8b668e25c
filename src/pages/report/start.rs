//! The start page: what the service is for, what to do in an emergency, and "Start now".

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::domain::report::thousands;

pub fn page(site_name: String, respond_days: u32) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Title text="Report anti-social behaviour" />
                <Meta
                    name="description"
                    content="Tell your council about anti-social behaviour online: noise, harassment, \
                             vandalism and more. Say what is happening, and get help if it is hurting you."
                />
                <h1 class="govuk-heading-xl">"Report anti-social behaviour"</h1>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        "If you or someone else is in danger now, call 999."
                    </strong>
                </div>
                <p class="govuk-body">
                    {format!(
                        "Use this service to tell {site_name} about anti-social behaviour where you live, \
                         such as noise, harassment, vandalism or drug dealing."
                    )}
                </p>
                <p class="govuk-body">"It takes about 5 minutes. You will be asked:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"what is happening, where and when"</li>
                    <li>"how to contact you, if you want us to"</li>
                    <li>"if it is affecting you, a few questions so we can offer the right help"</li>
                </ul>
                <p class="govuk-body">
                    "You can report anonymously, but then we cannot contact you, refer you for support \
                     or count your report towards an ASB Case Review."
                </p>
                <p class="govuk-body">
                    {format!(
                        "We will look at your report and respond within {} working days.",
                        thousands(respond_days as usize)
                    )}
                </p>
                <form method="post" action="/report/start">
                    <button type="submit" class="govuk-button govuk-button--start" data-module="govuk-button">
                        "Start now"
                        <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                        </svg>
                    </button>
                </form>
                <h2 class="govuk-heading-m">"Not an emergency"</h2>
                <p class="govuk-body">"To report a crime that is not an emergency, call the police on 101."</p>
                <p class="govuk-body">
                    "Read our "
                    <a class="govuk-link" href="/privacy">"privacy notice"</a>
                    " to find out how we use your information."
                </p>
            </div>
        </div>
    }
}
