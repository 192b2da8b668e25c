//! How often it happens: asked before the date, so the date page can leave out "Is it still
//! going on?" for something that happened once.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::domain::report::Frequency;
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let frequencies = Frequency::ALL
        .into_iter()
        .map(|fr| Choice::new(fr.value(), fr.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="How often does it happen?" />
            <Radios
                name="frequency"
                legend="How often does it happen?"
                options=frequencies
                selected=f.value("frequency")
                error=f.error("frequency")
                heading=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{parse_how_often, Draft, HowOftenForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct HowOftenStep;

impl QuestionStep<Draft> for HowOftenStep {
    fn slug(&self) -> &str {
        "how-often"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.frequency.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, HowOftenForm>(draft.frequency.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.frequency = Some(parse_how_often(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .frequency
            .map(|f| SummaryRow::new("How often", f.label(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
