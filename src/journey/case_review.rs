//! Journey 2, apply for an ASB Case Review, on the engine: its steps in order.

use std::sync::Arc;

use super::{Journey, StepRef};
use crate::domain::case_review::application::{Applicant, Application};
use crate::domain::flow::PendingForm;
use crate::pages::case_review::{
    consent::{ConsentStep, WithoutConsentStep},
    contact::ContactStep,
    impact::ImpactStep,
    organisation::OrganisationStep,
    other_reports::OtherReportsStep,
    portal_reports::PortalReportsStep,
    taking_part::TakingPartStep,
    victim::VictimStep,
    who::WhoStep,
};
use crate::pages::layout::{Service, CASE_REVIEW_SERVICE};
use crate::server::config::Config;

pub struct CaseReviewJourney;

impl Journey for CaseReviewJourney {
    type Draft = Application;
    const SERVICE: Service = CASE_REVIEW_SERVICE;
    const SENDS: &'static str = "application";
    const CHECK_TITLE: &'static str = "Check your answers before sending your application";

    fn steps(config: &Config, draft: &Application) -> Vec<StepRef<Application>> {
        step_list(config, Some(draft))
    }

    fn all_steps(config: &Config) -> Vec<StepRef<Application>> {
        step_list(config, None)
    }

    fn reached_check(draft: &Application) -> bool {
        draft.reached_check
    }

    fn set_reached_check(draft: &mut Application) {
        draft.reached_check = true;
    }

    fn pending(draft: &Application) -> Option<&PendingForm> {
        draft.pending.as_ref()
    }

    fn set_pending(draft: &mut Application, pending: Option<PendingForm>) {
        draft.pending = pending;
    }

    fn after_answer(_: &Config, draft: &mut Application) {
        draft.forget_answers_that_no_longer_apply();
    }

    fn urgent(_: &Config, _: &Application) -> bool {
        false
    }
}

/// The journey's steps in order: the ones that apply to `draft`, or every one (`None`).
fn step_list(_: &Config, draft: Option<&Application>) -> Vec<StepRef<Application>> {
    let applicant = draft.map(|d| d.applicant);
    let mut steps: Vec<StepRef<Application>> = vec![Arc::new(WhoStep)];
    if applicant.is_none_or(|a| a == Some(Applicant::OnBehalf)) {
        steps.push(Arc::new(VictimStep));
    }
    if applicant.is_none_or(|a| a.is_some_and(Applicant::is_organisation)) {
        steps.push(Arc::new(OrganisationStep));
    }
    steps.push(Arc::new(ContactStep));
    steps.push(Arc::new(PortalReportsStep));
    steps.push(Arc::new(OtherReportsStep));
    steps.push(Arc::new(ImpactStep));
    steps.push(Arc::new(TakingPartStep));
    steps.push(Arc::new(ConsentStep));
    // Without consent the application stops here, kindly: this page is never answered.
    if draft.is_none_or(|d| d.consent == Some(false)) {
        steps.push(Arc::new(WithoutConsentStep));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flow::Place;
    use crate::journey::{first_open, path};

    #[test]
    fn the_pages_follow_who_is_applying_and_consent() {
        let config = Config::default();
        let slugs = |draft: &Application| -> Vec<String> {
            CaseReviewJourney::steps(&config, draft)
                .iter()
                .map(|s| s.slug().to_string())
                .collect()
        };
        let mut draft = Application::default();
        assert_eq!(slugs(&draft)[..2], ["who", "contact-details"]);
        draft.applicant = Some(Applicant::OnBehalf);
        assert_eq!(slugs(&draft)[1], "victim");
        draft.applicant = Some(Applicant::Business);
        assert_eq!(slugs(&draft)[1], "organisation");
        draft.consent = Some(false);
        assert_eq!(
            slugs(&draft).last().map(String::as_str),
            Some("without-consent")
        );
        assert_eq!(
            first_open::<CaseReviewJourney>(&config, &draft),
            Place::Page("organisation".into())
        );
        assert_eq!(
            path::<CaseReviewJourney>(&Place::Check),
            "/case-review/apply/check"
        );
        let all = CaseReviewJourney::all_steps(&config);
        let mut unique: Vec<&str> = all.iter().map(|s| s.slug()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
    }
}
