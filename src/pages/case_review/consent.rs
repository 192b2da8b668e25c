//! Consent to share for the review. Required: without it a review cannot go ahead, and the
//! person is told so kindly, with what else can help; nothing is submitted.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Choice, CouncilContactDetails, Radios, SummaryRow};
use crate::domain::case_review::application::{parse_consent, Application, ConsentForm};
use crate::domain::flow::{answer_values, Form, PostedForm};
use crate::journey::QuestionStep;
use crate::pages::journey::{QuestionPage, StepFrame};
use crate::server::config::Config;

pub fn page(question: String, hint: String, frame: StepFrame) -> impl IntoView {
    let f = frame.form.clone();
    view! {
        <QuestionPage frame=frame>
            <Title text="Sharing your application for the review" />
            <h1 class="govuk-heading-l">"Sharing your application for the review"</h1>
            <Radios
                name="consent"
                legend=question
                hint=hint
                options=Choice::yes_no()
                selected=f.value("consent")
                error=f.error("consent")
                inline=true
            />
        </QuestionPage>
    }
}

pub struct ConsentStep;

impl QuestionStep<Application> for ConsentStep {
    fn slug(&self) -> &str {
        "consent"
    }
    fn is_complete(&self, _: &Config, draft: &Application) -> bool {
        draft.consent.is_some()
    }
    fn form_values(&self, _: &Config, draft: &Application) -> Form {
        answer_values::<_, ConsentForm>(draft.consent.as_ref())
    }
    fn save(
        &self,
        _: &Config,
        form: &PostedForm,
        draft: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        draft.consent = Some(parse_consent(&form.typed())?);
        Ok(())
    }
    fn view(&self, config: &Config, _: &Application, frame: StepFrame) -> AnyView {
        let wording = &config.case_review.consent;
        page(wording.question.clone(), wording.hint.clone(), frame).into_any()
    }
    fn section(&self) -> &'static str {
        "What you agree to"
    }
    fn check_rows(&self, config: &Config, draft: &Application, change: &str) -> Vec<SummaryRow> {
        draft
            .consent
            .map(|given| {
                SummaryRow::new(
                    config.case_review.consent.question.clone(),
                    if given { "Yes" } else { "No" },
                    Some(change.into()),
                )
            })
            .into_iter()
            .collect()
    }
}

/// Shown after "No": never answered, so the application cannot go on to be sent.
pub struct WithoutConsentStep;

impl QuestionStep<Application> for WithoutConsentStep {
    fn slug(&self) -> &str {
        "without-consent"
    }
    fn is_complete(&self, _: &Config, _: &Application) -> bool {
        false
    }
    fn form_values(&self, _: &Config, _: &Application) -> Form {
        Form::new()
    }
    fn save(
        &self,
        _: &Config,
        _: &PostedForm,
        _: &mut Application,
        _: chrono::NaiveDate,
    ) -> Result<(), Vec<crate::domain::fields::FieldError>> {
        Err(vec![crate::domain::fields::FieldError::new(
            "change-consent",
            "A review cannot go ahead without your agreement to share your application",
        )])
    }
    fn view(&self, config: &Config, _: &Application, _: StepFrame) -> AnyView {
        let contact = config.site.contact.clone();
        view! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <Title text="We cannot hold a review without sharing your application" />
                    <h1 class="govuk-heading-l">"We cannot hold a review without sharing your application"</h1>
                    <p class="govuk-body">
                        "Thank you for telling us. A case review means the council, the police, health \
                         services and housing providers look at your case together, so they need to see \
                         what you have told us. Without your agreement, it cannot go ahead, and nothing \
                         has been sent."
                    </p>
                    <p class="govuk-body">
                        "You can still "
                        <a class="govuk-link" href="/report">"report the anti-social behaviour"</a>
                        ", and our anti-social behaviour team will look at it. You can also talk to us \
                         about your worries about sharing:"
                    </p>
                    <CouncilContactDetails contact=contact />
                    <p class="govuk-body">
                        <a class="govuk-link" id="change-consent" href="/case-review/apply/consent">
                            "Change your answer about sharing"
                        </a>
                    </p>
                </div>
            </div>
        }
        .into_any()
    }
    fn section(&self) -> &'static str {
        "What you agree to"
    }
    fn check_rows(&self, _: &Config, _: &Application, _: &str) -> Vec<SummaryRow> {
        Vec::new()
    }
}
