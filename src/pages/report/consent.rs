//! Consent: separate questions, none answered in advance, each recorded with its wording's
//! version. Only the items that apply to this person are asked.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, Radios};
use crate::pages::journey::{QuestionPage, StepFrame};

pub struct ConsentQuestion {
    pub field: String,
    pub question: String,
    pub hint: String,
}

pub fn page(questions: Vec<ConsentQuestion>, partners: AnyView, frame: StepFrame) -> impl IntoView {
    let form = frame.form.clone();
    let f = form.clone();
    let items = questions
        .into_iter()
        .map(|q| {
            view! {
                <Radios
                    name=q.field.clone()
                    legend=q.question
                    hint=q.hint
                    options=Choice::yes_no()
                    selected=f.value(&q.field)
                    error=f.error(&q.field)
                    inline=true
                />
            }
        })
        .collect_view();
    view! {
        <QuestionPage frame=frame>
            <Title text="Sharing your report and referrals" />
            <h1 class="govuk-heading-l">"Sharing your report and referrals"</h1>
            <p class="govuk-body">
                "We will look into your report whatever you answer here: dealing with anti-social \
                 behaviour is part of our public task. These questions are about what else you \
                 want us to do. You can change your mind later."
            </p>
            {partners}
            {items}
        </QuestionPage>
    }
}

// ---------------------------------------------------------------------------------------------
// The step

use crate::components::{yes_no, SummaryRow};
use crate::domain::flow::{form_values, Form, PostedForm};
use crate::domain::report::{ConsentForm, Draft};
use crate::journey::QuestionStep;
use crate::pages::info::partner_list;
use crate::server::config::Config;

pub struct ConsentStep;

impl QuestionStep<Draft> for ConsentStep {
    fn slug(&self) -> &str {
        "consent"
    }
    fn is_complete(&self, config: &Config, draft: &Draft) -> bool {
        draft.consent_complete(&config.journey_rules())
    }
    fn form_values(&self, _: &Config, draft: &Draft) -> Form {
        form_values(&ConsentForm::from_answers(&draft.consent))
    }
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut Draft,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        let items = draft.consent_items(&config.journey_rules());
        draft.consent = crate::domain::report::parse_consent(&form.typed(), &items)?;
        Ok(())
    }
    fn view(&self, config: &Config, draft: &Draft, frame: StepFrame) -> AnyView {
        let questions = draft
            .consent_items(&config.journey_rules())
            .into_iter()
            .map(|item| {
                let wording = config.consent.asked(item, draft.person_affected_name());
                ConsentQuestion {
                    field: item.field().to_string(),
                    question: wording.question,
                    hint: wording.hint,
                }
            })
            .collect();
        let partners = draft.possible_partners(&config.journey_rules());
        let partners = (!partners.is_empty()).then(|| {
            view! {
                <p class="govuk-body">"We may share your report with:"</p>
                {partner_list(config, &partners)}
            }
        });
        page(questions, partners.into_any(), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "What you agree to"
    }
    fn check_rows(&self, config: &Config, draft: &Draft, change: &str) -> Vec<SummaryRow> {
        draft
            .consent_items(&config.journey_rules())
            .into_iter()
            .map(|item| {
                SummaryRow::new(
                    config
                        .consent
                        .asked(item, draft.person_affected_name())
                        .question,
                    yes_no(draft.consent.get(&item) == Some(&true)),
                    Some(change.into()),
                )
            })
            .collect()
    }
}
