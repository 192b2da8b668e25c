//! How it has affected them, whether they think it is hate-related, and what they hope for.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios, SummaryRow, TextArea};
use crate::domain::case_review::application::{
    parse_impact, Application, HateAnswer, ImpactForm, IMPACT_MAX, OUTCOME_MAX,
};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let hate = HateAnswer::ALL
        .into_iter()
        .map(|h| Choice::new(h.value(), h.label()))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="How it has affected you" />
            <h1 class="govuk-heading-l">"How it has affected you"</h1>
            <TextArea
                name="description"
                label="How has the anti-social behaviour affected you, or the people you are applying for?"
                hint="For example, on your health, your sleep, your work or your family"
                value=f.value("description")
                error=f.error("description")
                max=IMPACT_MAX
                rows=6
            />
            <Radios
                name="hate"
                legend="Do you think it happens because of who you are?"
                hint="For example, because of your race, religion, disability, sexual orientation or gender identity"
                options=hate
                selected=f.value("hate")
                error=f.error("hate")
            />
            <TextArea
                name="outcome_hoped"
                label="What would you like to happen?"
                value=f.value("outcome_hoped")
                error=f.error("outcome_hoped")
                max=OUTCOME_MAX
                rows=4
            />
        </QuestionPage>
    }
}

pub struct ImpactStep;

impl QuestionStep<Application> for ImpactStep {
    fn slug(&self) -> &str {
        "impact"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.impact.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        answer_values::<_, ImpactForm>(draft.impact.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.impact = Some(parse_impact(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Application, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "How it affects you"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        let Some(impact) = &draft.impact else {
            return Vec::new();
        };
        vec![
            SummaryRow::new(
                "How it has affected you",
                impact.description.clone(),
                Some(change.into()),
            ),
            SummaryRow::new(
                "Because of who you are",
                impact.hate.label(),
                Some(change.into()),
            ),
            SummaryRow::new(
                "What you would like to happen",
                impact.outcome_hoped.clone(),
                Some(change.into()),
            ),
        ]
    }
}
