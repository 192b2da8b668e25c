//! About you: anonymous or named, contact details and what is safe for us to do.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, TextInput};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text="About you" />
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

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::{yes_no, SummaryRow};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{AboutYouForm, Draft};
use crate::journey::QuestionStep;
use crate::server::config::Config;

use crate::domain::report::AboutYou;

pub struct AboutYouStep;

impl QuestionStep<Draft> for AboutYouStep {
    fn slug(&self) -> &str {
        "about-you"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.about_you.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, AboutYouForm>(draft.about_you.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.about_you = Some(crate::domain::report::parse_about_you(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your details"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let change = Some(change.to_string());
        match &draft.about_you {
            Some(AboutYou::Anonymous) => vec![SummaryRow::new(
                "Your details",
                "You are reporting anonymously",
                change,
            )],
            Some(AboutYou::Named(c)) => {
                let mut contact = Vec::new();
                if let Some(email) = &c.email {
                    contact.push(format!(
                        "{} (safe to email: {})",
                        email.as_str(),
                        yes_no(c.safe_to_email == Some(true))
                    ));
                }
                if let Some(phone) = &c.phone {
                    contact.push(format!(
                        "{} (safe to leave a voicemail: {})",
                        phone.as_str(),
                        yes_no(c.safe_to_voicemail == Some(true))
                    ));
                }
                if let Some(times) = &c.contact_times {
                    contact.push(format!("Best times: {times}"));
                }
                vec![
                    SummaryRow::new("Name", c.full_name.clone(), change.clone()),
                    SummaryRow {
                        key: "Contact details".into(),
                        value: contact,
                        change,
                    },
                ]
            }
            None => Vec::new(),
        }
    }
}
