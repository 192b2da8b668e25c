//! Who is causing the problem, to the person it affects: asked of every report, because a
//! partner, ex-partner or family member makes it domestic abuse (its own route, never
//! mediation). The rule is `domain::relationship`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::domain::report::Relationship;
use crate::pages::journey::{QuestionPage, StepFrame};

/// `about_them`: the report is made for someone else, so the answers are worded about them.
pub fn page(about_them: bool, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    let options = Relationship::ALL
        .into_iter()
        .map(|r| Choice::new(r.value(), r.label_for(about_them)))
        .collect();
    view! {
        <QuestionPage frame=frame>
            <Title text="Who is causing the problem?" />
            <Radios
                name="relationship"
                legend="Who is causing the problem?"
                hint="This helps us send your report to the people who can help."
                options=options
                selected=f.value("relationship")
                error=f.error("relationship")
                heading=true
            />
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::SummaryRow;
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::domain::report::{parse_relationship, Draft, RelationshipForm};
use crate::journey::QuestionStep;
use crate::server::config::Config;

pub struct RelationshipStep;

impl QuestionStep<Draft> for RelationshipStep {
    fn slug(&self) -> &str {
        "relationship"
    }
    fn is_complete(&self, _: &Config, draft: &Draft) -> bool {
        draft.relationship.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        answer_values::<_, RelationshipForm>(draft.relationship.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.relationship = Some(parse_relationship(&form.typed())?);
        Ok(())
    }
    fn view(&self, _: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        page(draft.about_them(), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "About the problem"
    }
    fn check_rows(&self, _: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .relationship
            .map(|r| {
                SummaryRow::new(
                    "Who is causing it",
                    r.label_for(draft.about_them()),
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}
