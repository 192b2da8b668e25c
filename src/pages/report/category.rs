//! What is happening: the category, which sets the ASB type and the flags routing uses.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::domain::category::CategoryDef;
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(categories: &[CategoryDef], frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let options = categories
        .iter()
        .map(|c| Choice::new(c.id.clone(), c.label.clone()).with_hint(c.hint.clone()))
        .collect();
    let error = form.error("category");
    let selected = form.value("category");
    view! {
        <QuestionPage frame=frame>
            <Title text="What is happening?" />
            <Radios
                name="category"
                legend="What is happening?"
                hint="Choose the one that fits best. You can tell us more later."
                options=options
                selected=selected
                error=error
                heading=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{form_values, Form, PostedForm};
use crate::domain::report::{CategoryForm, Draft};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct CategoryStep;

impl QuestionStep<Draft> for CategoryStep {
    fn slug(&self) -> &str {
        "category"
    }
    fn is_complete(&self, config: &Config, draft: &Draft) -> bool {
        draft.category_def(&config.journey_rules()).is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        let category = draft.category.clone().unwrap_or_default();
        form_values(&CategoryForm { category })
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.category = Some(crate::domain::report::parse_category(
            &form.typed::<CategoryForm>(),
            &config.journey_rules(),
        )?);
        Ok(())
    }
    fn view(&self, config: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(&config.categories, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, config: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .category_def(&config.journey_rules())
            .map(|c| SummaryRow::new("What is happening", c.label.clone(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
