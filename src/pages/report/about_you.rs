//! About you: anonymous or named, contact details and what is safe for us to do.

use leptos::prelude::*;

use super::{Progress, QuestionPage};
use crate::components::{Choice, FormState, Radios, TextInput};

pub fn page(form: FormState, progress: Progress) -> impl IntoView {
    let f = form.clone();
    view! {
        <QuestionPage form=form progress=progress action="/report/about-you">
            <h1 class="govuk-heading-l">"About you"</h1>
            <Radios
                name="anonymous"
                legend="Do you want to report anonymously?"
                hint="If you report anonymously, we cannot contact you about your report, \
                      refer you for support, or count it towards an ASB Case Review."
                options=vec![
                    Choice::new("no", "No, I will give my contact details"),
                    Choice::new("yes", "Yes, report anonymously"),
                ]
                selected=f.value("anonymous")
                error=f.error("anonymous")
            />
            <h2 class="govuk-heading-m">"Your contact details"</h2>
            <p class="govuk-body">
                "Fill these in if you chose to give your contact details. Give an email address, \
                 a phone number, or both."
            </p>
            <TextInput
                name="full_name"
                label="Full name"
                value=f.value("full_name")
                error=f.error("full_name")
                autocomplete="name"
                spellcheck_off=true
            />
            <TextInput
                name="email"
                label="Email address"
                hint="We will send you a confirmation if it is safe to email you"
                value=f.value("email")
                error=f.error("email")
                kind="email"
                autocomplete="email"
                spellcheck_off=true
            />
            <Radios
                name="safe_to_email"
                legend="Is it safe for us to email you?"
                hint="Say no if someone else might read your emails."
                options=Choice::yes_no()
                selected=f.value("safe_to_email")
                error=f.error("safe_to_email")
                inline=true
            />
            <TextInput
                name="phone"
                label="Phone number"
                value=f.value("phone")
                error=f.error("phone")
                kind="tel"
                autocomplete="tel"
                width="govuk-input--width-20"
            />
            <Radios
                name="safe_to_voicemail"
                legend="Is it safe for us to leave you a voicemail?"
                options=Choice::yes_no()
                selected=f.value("safe_to_voicemail")
                error=f.error("safe_to_voicemail")
                inline=true
            />
            <TextInput
                name="contact_times"
                label="When is it best to contact you? (optional)"
                hint="For example, weekday mornings"
                value=f.value("contact_times")
                error=f.error("contact_times")
            />
        </QuestionPage>
    }
}
