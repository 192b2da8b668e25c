//! The gate: is it affecting you, and have you reported it before? A yes opens the needs
//! assessment; otherwise the report stays a quick service request.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text="How it is affecting you" />
            <h1 class="govuk-heading-l">"How it is affecting you"</h1>
            <Radios
                name="affecting"
                legend="Is this affecting your health or wellbeing, or making you feel unsafe?"
                options=Choice::yes_no()
                selected=f.value("affecting")
                error=f.error("affecting")
                inline=true
            />
            <Radios
                name="reported_before"
                legend="Have you reported this problem before?"
                hint="To us, the police, your landlord or anyone else"
                options=Choice::yes_no()
                selected=f.value("reported_before")
                error=f.error("reported_before")
                inline=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::{yes_no, SummaryRow};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{Draft, ImpactForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct ImpactStep;

impl QuestionStep<Draft> for ImpactStep {
    fn slug(&self) -> &str {
        "impact"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.impact.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, ImpactForm>(draft.impact.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.impact = Some(crate::domain::report::parse_impact(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "How it affects you"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(impact) = &draft.impact else {
            return Vec::new();
        };
        vec![
            SummaryRow::new(
                "Affecting your health, wellbeing or safety",
                yes_no(impact.affecting),
                Some(change.into()),
            ),
            SummaryRow::new(
                "Reported before",
                yes_no(impact.reported_before),
                Some(change.into()),
            ),
        ]
    }
}
