//! Contact details: required (the review needs a way to reach the applicant), with the same
//! safe-contact questions and the same page as reporting.

use leptos::prelude::*;

use crate::components::SummaryRow;
use crate::domain::case_review::application::Application;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{parse_contact_details, ContactDetailsForm};
use crate::journey::QuestionStep;
use crate::pages::journey::StepFrame;
use crate::pages::report::contact::details_page;
use crate::server::config::Config;

pub struct ContactStep;

impl QuestionStep<Application> for ContactStep {
    fn slug(&self) -> &str {
        "contact-details"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.contact_details.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        answer_values::<_, ContactDetailsForm>(draft.contact_details.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.contact_details = Some(parse_contact_details(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Application, frame: StepFrame) -> AnyView {
        details_page(None, frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About you"
    }
    fn check_rows(&self, _: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        let Some(c) = &draft.contact_details else {
            return Vec::new();
        };
        let contact = crate::pages::report::contact::contact_lines(c);
        vec![
            SummaryRow::new("Your name", c.full_name.clone(), Some(change.into())),
            SummaryRow {
                key: "Contact details".into(),
                value: contact,
                change: Some(change.into()),
            },
        ]
    }
}
