//! Your earlier reports: how many times in the last six months, and who to. Asked only of
//! someone who said they reported it before; the ASB Case Review reuses the answer.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Checkboxes, Choice, Radios, TextInput};
use crate::domain::report::{ReportedTimes, ReportedTo};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let times = ReportedTimes::ALL
        .into_iter()
        .map(|t| Choice::new(t.value(), t.label()))
        .collect();
    let to = ReportedTo::ALL
        .into_iter()
        .map(|t| Choice::new(t.value(), t.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="Your earlier reports" />
            <h1 class="govuk-heading-l">"Your earlier reports"</h1>
            <Radios
                name="times"
                legend="How many times have you reported it in the last 6 months?"
                options=times
                selected=f.value("times")
                error=f.error("times")
            />
            <Checkboxes
                name="reported_to"
                legend="Who did you report it to?"
                hint="Select all that apply"
                options=to
                selected=f.value("reported_to")
                error=f.error("reported_to")
            />
            <TextInput
                name="portal_references"
                label="If you reported it on this website, your reference numbers (optional)"
                hint="They are in your confirmation emails and look like ASB-7KQ4-M2XD. Put a comma between them. We count them towards an ASB Case Review if you gave the same email address or phone number on them."
                value=f.value("portal_references")
                error=f.error("portal_references")
                spellcheck_off=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{parse_earlier_reports, Draft, EarlierReportsForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct EarlierReportsStep;

impl QuestionStep<Draft> for EarlierReportsStep {
    fn slug(&self) -> &str {
        "earlier-reports"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.earlier_reports.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, EarlierReportsForm>(draft.earlier_reports.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.earlier_reports = Some(parse_earlier_reports(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "How it affects you"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(earlier) = &draft.earlier_reports else {
            return Vec::new();
        };
        vec![
            SummaryRow::new(
                "Times reported in the last 6 months",
                earlier.times.label(),
                Some(change.into()),
            ),
            SummaryRow {
                key: "Reported to".into(),
                value: earlier
                    .reported_to
                    .iter()
                    .map(|t| t.label().to_string())
                    .collect(),
                change: Some(change.into()),
            },
            SummaryRow::new(
                "Reference numbers of reports on this website",
                if earlier.portal_references.is_empty() {
                    "None given".to_string()
                } else {
                    earlier.portal_references.join(", ")
                },
                Some(change.into()),
            ),
        ]
    }
}
