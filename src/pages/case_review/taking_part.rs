//! Whether and how they want to take part in the review meeting.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, SummaryRow};
use crate::domain::case_review::application::{
    parse_taking_part, Application, TakingPart, TakingPartForm,
};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let options = TakingPart::ALL
        .into_iter()
        .map(|t| Choice::new(t.value(), t.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="Would you like to take part in the review meeting?" />
            <Radios
                name="taking_part"
                legend="Would you like to take part in the review meeting?"
                hint="The organisations may invite you to part of the meeting, to hear from you directly"
                options=options
                selected=f.value("taking_part")
                error=f.error("taking_part")
                heading=true
            />
        </QuestionPage>
    }
}

pub struct TakingPartStep;

impl QuestionStep<Application> for TakingPartStep {
    fn slug(&self) -> &str {
        "taking-part"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.taking_part.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        answer_values::<_, TakingPartForm>(draft.taking_part.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.taking_part = Some(parse_taking_part(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Application, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "How it affects you"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        draft
            .taking_part
            .map(|t| SummaryRow::new("Taking part in the meeting", t.label(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
