//! When it happened: the latest incident's date, whether it is ongoing and how often.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, DateInput, Radios};
use crate::domain::report::Frequency;
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    let date_error = [
        "incident-date-day",
        "incident-date-month",
        "incident-date-year",
    ]
    .into_iter()
    .find_map(|id| f.error(id).map(|e| (id, e)));
    let error_part = date_error.as_ref().and_then(|(id, message)| {
        // Outline one box only when the message is about that part.
        (message.contains("must include"))
            .then(|| id.trim_start_matches("incident-date-").to_string())
    });
    let frequencies = Frequency::ALL
        .into_iter()
        .map(|fr| Choice::new(fr.value(), fr.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="When did it happen?" />
            <h1 class="govuk-heading-l">"When did it happen?"</h1>
            <DateInput
                id="incident-date"
                legend="When did it last happen?"
                hint="For example, 27 3 2026"
                day=f.value("incident-date-day")
                month=f.value("incident-date-month")
                year=f.value("incident-date-year")
                error=date_error.map(|(_, e)| e)
                error_part=error_part
            />
            <Radios
                name="ongoing"
                legend="Is it still going on?"
                options=Choice::yes_no()
                selected=f.value("ongoing")
                error=f.error("ongoing")
                inline=true
            />
            <Radios
                name="frequency"
                legend="How often does it happen?"
                options=frequencies
                selected=f.value("frequency")
                error=f.error("frequency")
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{Draft, WhenForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct WhenStep;

impl QuestionStep<Draft> for WhenStep {
    fn slug(&self) -> &str {
        "when"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.when.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, WhenForm>(draft.when.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        today: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.when = Some(crate::domain::report::parse_when(&form.typed(), today)?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(when) = &draft.when else {
            return Vec::new();
        };
        vec![SummaryRow {
            key: "When".into(),
            value: vec![
                format!("Last happened {}", when.incident_date.format("%-d %B %Y")),
                if when.ongoing {
                    "Still going on"
                } else {
                    "Not going on now"
                }
                .into(),
                when.frequency.label().into(),
            ],
            change: Some(change.into()),
        }]
    }
}
