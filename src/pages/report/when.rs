//! When it happened: the latest incident's date and, unless it has happened once, whether it
//! is still going on.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, DateInput, Radios};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(once: bool, frame: StepFrame) -> impl IntoView {
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
    let (heading, legend) = if once {
        ("When did it happen?", "Date it happened")
    } else {
        ("When did it last happen?", "Date it last happened")
    };
    let ongoing = (!once).then(|| {
        view! {
            <Radios
                name="ongoing"
                legend="Is it still going on?"
                options=Choice::yes_no()
                selected=f.value("ongoing")
                error=f.error("ongoing")
                inline=true
            />
        }
    });
    view! {
        <QuestionPage frame=frame>
            <Title text=heading />
            <h1 class="govuk-heading-l">{heading}</h1>
            <DateInput
                id="incident-date"
                legend=legend
                hint="For example, 27 3 2026"
                day=f.value("incident-date-day")
                month=f.value("incident-date-month")
                year=f.value("incident-date-year")
                error=date_error.map(|(_, e)| e)
                error_part=error_part
            />
            {ongoing}
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
        draft.when.as_ref().is_some_and(|w| {
            w.ongoing.is_some() || draft.frequency == Some(crate::domain::report::Frequency::Once)
        })
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
        draft.when = Some(crate::domain::report::parse_when(
            &form.typed(),
            today,
            draft.frequency,
        )?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        let once = draft.frequency == Some(crate::domain::report::Frequency::Once);
        page(once, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(when) = &draft.when else {
            return Vec::new();
        };
        let date = when.incident_date.format("%-d %B %Y");
        let value = match when.ongoing {
            None => vec![format!("Happened {date}")],
            Some(ongoing) => vec![
                format!("Last happened {date}"),
                if ongoing {
                    "Still going on"
                } else {
                    "Not going on now"
                }
                .into(),
            ],
        };
        vec![SummaryRow {
            key: "When".into(),
            value,
            change: Some(change.into()),
        }]
    }
}
