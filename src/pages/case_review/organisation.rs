//! The business or community group applying.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{SummaryRow, TextInput};
use crate::domain::case_review::application::{parse_organisation, Application};
use crate::domain::flow::{Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text="The business or group" />
            <h1 class="govuk-heading-l">"The business or group"</h1>
            <TextInput
                name="organisation"
                label="Name of the business or group"
                value=f.value("organisation")
                error=f.error("organisation")
                autocomplete="organization"
            />
        </QuestionPage>
    }
}

pub struct OrganisationStep;

impl QuestionStep<Application> for OrganisationStep {
    fn slug(&self) -> &str {
        "organisation"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.organisation.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        draft
            .organisation
            .iter()
            .map(|name| ("organisation".to_string(), name.clone()))
            .collect()
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.organisation = Some(parse_organisation(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Application, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About you"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        draft
            .organisation
            .as_ref()
            .map(|name| SummaryRow::new("Business or group", name.clone(), Some(change.into())))
            .into_iter()
            .collect()
    }
}
