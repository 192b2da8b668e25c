//! The contact pages: "Can we contact you about your report?" (yes, or stay anonymous), and
//! only after a yes, the person's name and the ways that are safe to reach them. Several
//! fields are a page of their own rather than a conditional reveal, which would show them all
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, TextInput};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn choice_page(question: String, hint: String, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text=question.clone() />
            <Radios
                name="contact"
                legend=question
                hint=hint
                options=vec![
                    Choice::new("yes", "Yes, you can contact me"),
                    Choice::new("no", "No, I want to stay anonymous"),
                ]
                selected=f.value("contact")
                error=f.error("contact")
                heading=true
            />
        </QuestionPage>
    }
}

/// The ways to reach a person: the reporter's own ("Your contact details", with their name),
/// or (`them`: their name) the person a report is made for, whose name is known already.
pub fn details_page(them: Option<String>, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let own = them.is_none();
    let whom = them.clone().unwrap_or_else(|| "you".into());
    let title = match &them {
        None => "Your contact details".to_string(),
        Some(name) => format!("How can we contact {name}?"),
    };
    // The reporter's own details autofill from the browser; another person's must not.
    let (name_autocomplete, email_autocomplete, phone_autocomplete) = if own {
        ("name", "email", "tel")
    } else {
        ("off", "off", "off")
    };
    view! {
        <QuestionPage frame=frame>
            <Title text=title.clone() />
            <h1 class="govuk-heading-l">{title}</h1>
            <p class="govuk-body">"Give an email address, a phone number, or both."</p>
            {own
                .then(|| {
                    view! {
                        <TextInput
                            name="full_name"
                            label="Full name"
                            value=f.value("full_name")
                            error=f.error("full_name")
                            autocomplete=name_autocomplete
                            spellcheck_off=true
                        />
                    }
                })}
            <TextInput
                name="email"
                label="Email address"
                hint=if own {
                    "We will send you a confirmation if it is safe to email you".to_string()
                } else {
                    format!("Only an address that {whom} reads themselves")
                }
                value=f.value("email")
                error=f.error("email")
                kind="email"
                autocomplete=email_autocomplete
                spellcheck_off=true
            />
            <Radios
                name="safe_to_email"
                legend=format!("Is it safe for us to email {whom}?")
                hint=if own {
                    "Say no if someone else might read your emails.".to_string()
                } else {
                    "Say no if someone else might read their emails.".to_string()
                }
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
                autocomplete=phone_autocomplete
                width="govuk-input--width-20"
            />
            <Radios
                name="safe_to_voicemail"
                legend=format!("Is it safe for us to leave {whom} a voicemail?")
                options=Choice::yes_no()
                selected=f.value("safe_to_voicemail")
                error=f.error("safe_to_voicemail")
                inline=true
            />
            <TextInput
                name="contact_times"
                label=format!("When is it best to contact {whom}? (optional)")
                hint="For example, weekday mornings"
                value=f.value("contact_times")
                error=f.error("contact_times")
            />
        </QuestionPage>
    }
}

/// The contact details as "Check your answers" lists them.
pub fn contact_lines(c: &ContactDetails) -> Vec<String> {
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
    contact
}

// ---------------------------------------------------------------------------------------------
// The steps

use crate::components::{yes_no, SummaryRow};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{
    parse_contact_choice, parse_contact_details, ContactChoiceForm, ContactDetails,
    ContactDetailsForm, Draft,
};
use crate::journey::QuestionStep;
use crate::server::config::Config;

/// "Can we contact you about your report?": the contact consent, in its configured words.
pub struct ContactChoiceStep;

impl QuestionStep<Draft> for ContactChoiceStep {
    fn slug(&self) -> &str {
        "contact"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.wants_contact.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ContactChoiceForm>(draft.wants_contact.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.wants_contact = Some(parse_contact_choice(&form.typed())?);
        Ok(())
    }
    fn view(&self, config: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        let wording = &config.consent.contact;
        choice_page(wording.question.clone(), wording.hint.clone(), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your details"
    }
    fn check_rows(&self, config: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .wants_contact
            .map(|yes| {
                SummaryRow::new(
                    config.consent.contact.question.clone(),
                    if yes {
                        "Yes, you can contact me"
                    } else {
                        "No, I want to stay anonymous"
                    },
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}

/// "Your contact details": only after "Yes, you can contact me".
pub struct ContactDetailsStep;

impl QuestionStep<Draft> for ContactDetailsStep {
    fn slug(&self) -> &str {
        "contact-details"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.contact_details.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ContactDetailsForm>(draft.contact_details.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.contact_details = Some(parse_contact_details(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        details_page(None, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your details"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let change = Some(change.to_string());
        match draft.contact() {
            Some(c) => vec![
                SummaryRow::new("Name", c.full_name.clone(), change.clone()),
                SummaryRow {
                    key: "Contact details".into(),
                    value: contact_lines(c),
                    change,
                },
            ],
            None => Vec::new(),
        }
    }
}
