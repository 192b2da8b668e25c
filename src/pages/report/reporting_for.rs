//! "Who are you reporting for?": the person affected, or someone else. For someone else, the
//! pages in `someone_else` follow, and every later question is about them. The rule is
//! `domain::on_behalf`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::domain::report::ReportingFor;
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let options = vec![
        Choice::new(ReportingFor::Myself.value(), ReportingFor::Myself.label()),
        Choice::new(
            ReportingFor::SomeoneElse.value(),
            ReportingFor::SomeoneElse.label(),
        )
        .with_hint(Some(
            "For example, a relative, someone you care for or support, or a neighbour".into(),
        )),
    ];
    view! {
        <QuestionPage frame=frame>
            <Title text="Who are you reporting for?" />
            <Radios
                name="reporting_for"
                legend="Who are you reporting for?"
                hint="Tell us if the problem is affecting someone else and you are reporting it for them."
                options=options
                selected=f.value("reporting_for")
                error=f.error("reporting_for")
                heading=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{parse_reporting_for, Draft, ReportingForForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct ReportingForStep;

impl QuestionStep<Draft> for ReportingForStep {
    fn slug(&self) -> &str {
        "reporting-for"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.reporting_for.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ReportingForForm>(draft.reporting_for.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.reporting_for = Some(parse_reporting_for(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "Who you are reporting for"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .reporting_for
            .map(|r| SummaryRow::new("Reporting for", r.label(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
