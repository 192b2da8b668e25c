//! The pages of a report made for someone else: who they are and how the reporter knows them,
//! whether they know about the report and agree, and, only when they agree, whether and how we
//! may contact them. Without their agreement the report goes to triage only
//! (`domain::on_behalf`), and they are never contacted on the portal's initiative.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, TextInput};
use crate::domain::report::{Agreement, ReporterRole};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn person_page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let roles = ReporterRole::ALL
        .into_iter()
        .map(|r| Choice::new(r.value(), r.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="About the person you are reporting for" />
            <h1 class="govuk-heading-l">"About the person you are reporting for"</h1>
            <TextInput
                name="their_name"
                label="Their name"
                hint="We will use it in the questions that follow"
                value=f.value("their_name")
                error=f.error("their_name")
                autocomplete="off"
                spellcheck_off=true
            />
            <Radios
                name="reporter_role"
                legend="How do you know them?"
                options=roles
                selected=f.value("reporter_role")
                error=f.error("reporter_role")
            />
        </QuestionPage>
    }
}

pub fn agreement_page(name: String, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let question = format!("Does {name} know about this report, and agree to it?");
    let options = Agreement::ALL
        .into_iter()
        .map(|a| Choice::new(a.value(), a.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text=question.clone() />
            <Radios
                name="agreement"
                legend=question
                hint="If they do not know or do not agree, we will send your report only to the \
                      council's anti-social behaviour team. An officer will decide what to do \
                      next. You can still make the report."
                options=options
                selected=f.value("agreement")
                error=f.error("agreement")
                heading=true
            />
        </QuestionPage>
    }
}

pub fn contact_them_page(name: String, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let question = format!("Can we contact {name} directly?");
    view! {
        <QuestionPage frame=frame>
            <Title text=question.clone() />
            <Radios
                name="contact_them"
                legend=question
                hint="We will only contact them in the ways you tell us are safe."
                options=vec![
                    Choice::new("yes", "Yes"),
                    Choice::new("no", "No, contact me instead"),
                ]
                selected=f.value("contact_them")
                error=f.error("contact_them")
                heading=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The steps

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{
    parse_agreement, parse_contact_them, parse_person_affected, parse_their_contact_details,
    AgreementForm, ContactDetailsForm, ContactThemForm, Draft, PersonAffectedForm,
};
use crate::journey::QuestionStep;
use crate::pages::report::contact::{contact_lines, details_page};
use crate::server::config::Config;

const SECTION: &str = "Who you are reporting for";

fn name(draft: &Draft) -> String {
    draft
        .person_affected_name()
        .unwrap_or("the person you are reporting for")
        .to_string()
}

/// "About the person you are reporting for": their name and how the reporter knows them.
pub struct PersonAffectedStep;

impl QuestionStep<Draft> for PersonAffectedStep {
    fn slug(&self) -> &str {
        "person-affected"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.person_affected.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, PersonAffectedForm>(draft.person_affected.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.person_affected = Some(parse_person_affected(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        person_page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        SECTION
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(p) = &draft.person_affected else {
            return Vec::new();
        };
        vec![
            SummaryRow::new("Their name", p.name.clone(), Some(change.into())),
            SummaryRow::new(
                "How you know them",
                p.reporter_role.label(),
                Some(change.into()),
            ),
        ]
    }
}

/// "Does Sam know about this report, and agree to it?"
pub struct AgreementStep;

impl QuestionStep<Draft> for AgreementStep {
    fn slug(&self) -> &str {
        "agreement"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.agreement.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, AgreementForm>(draft.agreement.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.agreement = Some(parse_agreement(&form.typed(), &name(draft))?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        agreement_page(name(draft), frame).into_any()
    }
    fn section(&self) -> &'static str {
        SECTION
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .agreement
            .map(|a| {
                SummaryRow::new(
                    format!("Does {} know and agree", name(draft)),
                    a.label(),
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}

/// "Can we contact Sam directly?": only when they know and agree.
pub struct ContactThemStep;

impl QuestionStep<Draft> for ContactThemStep {
    fn slug(&self) -> &str {
        "contact-them"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.contact_them.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ContactThemForm>(draft.contact_them.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.contact_them = Some(parse_contact_them(&form.typed(), &name(draft))?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        contact_them_page(name(draft), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your details"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .contact_them
            .map(|yes| {
                SummaryRow::new(
                    format!("Can we contact {} directly", name(draft)),
                    if yes { "Yes" } else { "No, contact me instead" },
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}

/// "How can we contact Sam?": only after a yes.
pub struct TheirContactDetailsStep;

impl QuestionStep<Draft> for TheirContactDetailsStep {
    fn slug(&self) -> &str {
        "their-contact-details"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.their_contact.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ContactDetailsForm>(draft.their_contact.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.their_contact = Some(parse_their_contact_details(&form.typed(), &name(draft))?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        details_page(Some(name(draft)), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Your details"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .their_contact()
            .map(|c| SummaryRow {
                key: format!("How to contact {}", name(draft)),
                value: contact_lines(c),
                change: Some(change.into()),
            })
            .into_iter()
            .collect()
    }
}
