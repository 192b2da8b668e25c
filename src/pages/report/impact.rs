//! The gate: is it affecting you, and have you reported it before? A yes opens the needs
//! assessment; otherwise the report stays a quick service request.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::pages::journey::{QuestionPage, StepFrame};

/// `them`: the name of the person a report is made for; the questions are then about them.
pub fn page(them: Option<String>, frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    let (title, affecting, reported, hint) = match &them {
        None => (
            "How it is affecting you".to_string(),
            "Is this affecting your health or wellbeing, or making you feel unsafe?".to_string(),
            "Have you reported this problem before?".to_string(),
            "To us, the police, your landlord or anyone else",
        ),
        Some(name) => (
            format!("How it is affecting {name}"),
            "Is this affecting their health or wellbeing, or making them feel unsafe?".to_string(),
            "Has this problem been reported before?".to_string(),
            "By you or by them: to us, the police, a landlord or anyone else",
        ),
    };
    view! {
        <QuestionPage frame=frame>
            <Title text=title.clone() />
            <h1 class="govuk-heading-l">{title}</h1>
            <Radios
                name="affecting"
                legend=affecting
                options=Choice::yes_no()
                selected=f.value("affecting")
                error=f.error("affecting")
                inline=true
            />
            <Radios
                name="reported_before"
                legend=reported
                hint=hint
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
        draft.impact = Some(crate::domain::report::parse_impact_for(
            &form.typed(),
            draft.about_them(),
        )?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        page(draft.person_affected_name().map(str::to_string), frame).into_any()
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
                if draft.about_them() {
                    "Affecting their health, wellbeing or safety"
                } else {
                    "Affecting your health, wellbeing or safety"
                },
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
