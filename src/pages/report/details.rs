//! What happened, in the person's own words.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::TextArea;
use crate::domain::honeypot::HONEYPOT_FIELD;
use crate::domain::report::{DESCRIPTION_MAX, PEOPLE_INVOLVED_MAX};
use crate::pages::journey::{QuestionPage, StepFrame};

pub fn page(frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text="What happened?" />
            <TextArea
                name="description"
                label="What happened?"
                hint="We never tell the people you report who made the report. Tell us what \
                      happened the last time, and how it affects you. If you are worried they \
                      could work out it was you, you can leave out details only you would know."
                value=f.value("description")
                error=f.error("description")
                max=DESCRIPTION_MAX
                rows=8
                heading=true
            />
            <TextArea
                name="people_involved"
                label="Can you describe the people involved? (optional)"
                hint="For example, how many people, what they look like, or a vehicle. \
                      Only if it is safe for you to say."
                value=f.value("people_involved")
                error=f.error("people_involved")
                max=PEOPLE_INVOLVED_MAX
                rows=4
            />
            // The honeypot (`domain::honeypot`): out of sight, out of the accessibility tree
            // and the tab order, and not autofilled.
            <div class="app-honeypot" aria-hidden="true">
                <label for=HONEYPOT_FIELD>"Leave this empty"</label>
                <input
                    type="text"
                    id=HONEYPOT_FIELD
                    name=HONEYPOT_FIELD
                    value=""
                    tabindex="-1"
                    autocomplete="off"
                />
            </div>
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{DetailsForm, Draft};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct DetailsStep;

impl QuestionStep<Draft> for DetailsStep {
    fn slug(&self) -> &str {
        "details"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.details.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, DetailsForm>(draft.details.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        let posted: DetailsForm = form.typed();
        // Before parsing: a robot's report is held even when its answers are refused first.
        draft.honeypot |= crate::domain::honeypot::filled(&posted.honeypot);
        draft.details = Some(crate::domain::report::parse_details(&posted)?);
        Ok(())
    }
    fn view(&self, _: &Config, _: &Draft, frame: StepFrame) -> AnyView {
        page(frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        let Some(details) = &draft.details else {
            return Vec::new();
        };
        vec![
            SummaryRow::new(
                "What happened",
                details.description.clone(),
                Some(change.into()),
            ),
            SummaryRow::new(
                "People involved",
                details
                    .people_involved
                    .clone()
                    .unwrap_or_else(|| "Not given".into()),
                Some(change.into()),
            ),
        ]
    }
}
