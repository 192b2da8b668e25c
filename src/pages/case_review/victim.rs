//! About the victim, for someone applying on their behalf: their name, and that they agree.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{SummaryRow, TextInput};
use crate::domain::case_review::application::{parse_victim, Application};
use crate::domain::flow::{Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let agrees = f.value("victim_agrees") == "yes";
    let error = f.error("victim_agrees");
    let group = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let described = error.as_ref().map(|_| "victim_agrees-error");
    view! {
        <QuestionPage frame=frame>
            <Title text="About the victim" />
            <h1 class="govuk-heading-l">"About the victim"</h1>
            <TextInput
                name="victim_name"
                label="The victim's full name"
                value=f.value("victim_name")
                error=f.error("victim_name")
                autocomplete="off"
                spellcheck_off=true
            />
            <div class=group>
                <fieldset class="govuk-fieldset" aria-describedby=described>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Their agreement"</legend>
                    {error.map(|message| view! {
                        <p class="govuk-error-message" id="victim_agrees-error">
                            <span class="govuk-visually-hidden">"Error: "</span>{message}
                        </p>
                    })}
                    <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id="victim_agrees" name="victim_agrees" type="checkbox" value="yes" checked=agrees />
                            <label class="govuk-label govuk-checkboxes__label" for="victim_agrees">
                                "The victim agrees to me applying for them"
                            </label>
                        </div>
                    </div>
                </fieldset>
            </div>
        </QuestionPage>
    }
}

pub struct VictimStep;

impl QuestionStep<Application> for VictimStep {
    fn slug(&self) -> &str {
        "victim"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.victim_name.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        draft
            .victim_name
            .iter()
            .flat_map(|name| {
                [
                    ("victim_name".to_string(), name.clone()),
                    ("victim_agrees".to_string(), "yes".to_string()),
                ]
            })
            .collect()
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.victim_name = Some(parse_victim(&form.typed())?);
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
            .victim_name
            .as_ref()
            .map(|name| {
                SummaryRow::new(
                    "The victim",
                    format!("{name} (agrees to you applying)"),
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}
