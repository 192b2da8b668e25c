//! Who is applying: the victim, someone for them, a business or a community group.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, SummaryRow};
use crate::domain::case_review::application::{
    parse_applicant, Applicant, ApplicantForm, Application,
};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let options = Applicant::ALL
        .into_iter()
        .map(|a| Choice::new(a.value(), a.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="Who is applying?" />
            <Radios
                name="applicant"
                legend="Who is applying?"
                options=options
                selected=f.value("applicant")
                error=f.error("applicant")
                heading=true
            />
        </QuestionPage>
    }
}

pub struct WhoStep;

impl QuestionStep<Application> for WhoStep {
    fn slug(&self) -> &str {
        "who"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.applicant.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        answer_values::<_, ApplicantForm>(draft.applicant.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.applicant = Some(parse_applicant(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Application, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About you"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        draft
            .applicant
            .map(|a| SummaryRow::new("Who is applying", a.label(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
