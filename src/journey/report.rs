//! Journey 1, report ASB, on the engine: its steps in order, and what its draft remembers of
//! the journey (Check your answers reached, the answers of a page shown again with errors).

use std::sync::Arc;

use super::{Journey, StepRef};
use crate::domain::flow::PendingForm;
use crate::domain::report::Draft;
use crate::pages::layout::{Service, REPORT_SERVICE};
use crate::pages::report::{
    assessment::AssessmentStep,
    category::CategoryStep,
    consent::ConsentStep,
    contact::{ContactChoiceStep, ContactDetailsStep},
    details::DetailsStep,
    earlier_reports::EarlierReportsStep,
    how_often::HowOftenStep,
    impact::ImpactStep,
    location::LocationStep,
    relationship::RelationshipStep,
    reporting_for::ReportingForStep,
    someone_else::{AgreementStep, ContactThemStep, PersonAffectedStep, TheirContactDetailsStep},
    when::WhenStep,
};
use crate::server::config::Config;

pub struct ReportJourney;

impl Journey for ReportJourney {
    type Draft = Draft;
    const SERVICE: Service = REPORT_SERVICE;
    const SENDS: &'static str = "report";
    const CHECK_TITLE: &'static str = "Check your answers before sending your report";

    fn steps(config: &Config, draft: &Draft) -> Vec<StepRef<Draft>> {
        step_list(config, Some(draft))
    }

    fn all_steps(config: &Config) -> Vec<StepRef<Draft>> {
        step_list(config, None)
    }

    fn reached_check(draft: &Draft) -> bool {
        draft.reached_check
    }

    fn set_reached_check(draft: &mut Draft) {
        draft.reached_check = true;
    }

    fn pending(draft: &Draft) -> Option<&PendingForm> {
        draft.pending.as_ref()
    }

    fn set_pending(draft: &mut Draft, pending: Option<PendingForm>) {
        draft.pending = pending;
    }

    fn after_answer(config: &Config, draft: &mut Draft) {
        draft.forget_answers_that_no_longer_apply(&config.journey_rules());
    }

    fn urgent(config: &Config, draft: &Draft) -> bool {
        draft.has_critical_answer(&config.assessment)
    }

    fn about(draft: &Draft) -> Option<String> {
        draft.person_affected_name().map(str::to_string)
    }
}

/// The journey's steps in order: the ones that apply to `draft`, or every one (`None`).
fn step_list(config: &Config, draft: Option<&Draft>) -> Vec<StepRef<Draft>> {
    let rules = config.journey_rules();
    let mut steps: Vec<StepRef<Draft>> = vec![Arc::new(CategoryStep), Arc::new(ReportingForStep)];
    // Who they are, and whether they agree, only for a report made for someone else.
    if draft.is_none_or(Draft::about_them) {
        steps.push(Arc::new(PersonAffectedStep));
        steps.push(Arc::new(AgreementStep));
    }
    steps.extend([
        Arc::new(LocationStep) as StepRef<Draft>,
        Arc::new(HowOftenStep),
        Arc::new(WhenStep),
        Arc::new(DetailsStep),
        Arc::new(RelationshipStep),
        Arc::new(ContactChoiceStep),
    ]);
    // Contact details only after "Yes, you can contact me".
    if draft.is_none_or(|d| d.wants_contact == Some(true)) {
        steps.push(Arc::new(ContactDetailsStep));
    }
    // The person a report is made for is contacted only if they agreed, and only as told.
    if draft.is_none_or(|d| d.about_them() && d.agreed()) {
        steps.push(Arc::new(ContactThemStep));
    }
    if draft.is_none_or(|d| d.about_them() && d.agreed() && d.contact_them == Some(true)) {
        steps.push(Arc::new(TheirContactDetailsStep));
    }
    steps.push(Arc::new(ImpactStep));
    // How many times, and who to, only after "Yes, I have reported it before".
    if draft.is_none_or(|d| d.impact.is_some_and(|i| i.reported_before)) {
        steps.push(Arc::new(EarlierReportsStep));
    }
    // The needs assessment only through the gate, and only the pages with a question still
    // to ask (some are answered on earlier pages).
    for group in &config.assessment.groups {
        let applies = draft.is_none_or(|d| {
            d.needs_assessment(&rules) && !d.questions_to_ask(&rules, &group.id).is_empty()
        });
        if applies {
            steps.push(Arc::new(AssessmentStep::new(group)));
        }
    }
    // Nothing to agree to for a report made without the person's agreement: triage only.
    if draft.is_none_or(|d| !d.consent_items(&rules).is_empty()) {
        steps.push(Arc::new(ConsentStep));
    }
    steps
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::fields::ContactEmail;
    use crate::domain::flow::{Place, PostedForm};
    use crate::domain::report::{
        Agreement, ConsentItem, ContactDetails, Details, Frequency, Impact, Location,
        PersonAffected, Relationship, ReporterRole, ReportingFor, When,
    };
    use crate::journey::{first_open, is_complete};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn simple_draft(category: &str, affecting: bool) -> Draft {
        Draft {
            category: Some(category.into()),
            reporting_for: Some(ReportingFor::Myself),
            location: Some(Location {
                postcode: None,
                address: Some("1 High Street".into()),
                place_description: None,
                area: Some("north".into()),
            }),
            frequency: Some(Frequency::Weekly),
            when: Some(When {
                incident_date: today(),
                ongoing: Some(true),
            }),
            details: Some(Details {
                description: "Loud music".into(),
                people_involved: Some("Number 3".into()),
            }),
            relationship: Some(Relationship::Neighbour),
            wants_contact: Some(true),
            contact_details: Some(ContactDetails {
                full_name: "Sam Jones".into(),
                email: Some(ContactEmail::parse("sam@example.com").unwrap()),
                phone: None,
                safe_to_email: Some(true),
                safe_to_voicemail: None,
                contact_times: Some("Evenings".into()),
            }),
            impact: Some(Impact {
                affecting,
                reported_before: false,
            }),
            ..Draft::default()
        }
    }

    fn slugs(config: &Config, draft: &Draft) -> Vec<String> {
        ReportJourney::steps(config, draft)
            .iter()
            .map(|s| s.slug().to_string())
            .collect()
    }

    fn page(slug: &str) -> Place {
        Place::Page(slug.into())
    }

    #[test]
    fn the_gate_decides_whether_the_assessment_pages_are_in_the_journey() {
        let config = Config::default();
        let cases = [
            ("noise", false, false),
            ("noise", true, true),
            ("hate_incident", false, true),
            ("vandalism", false, false),
        ];
        for (category, affecting, expected) in cases {
            let slugs = slugs(&config, &simple_draft(category, affecting));
            let assessed = slugs.iter().any(|s| s.starts_with("assessment/"));
            assert_eq!(assessed, expected, "{category} {affecting}: {slugs:?}");
            assert_eq!(slugs.first().map(String::as_str), Some("category"));
            assert_eq!(slugs.last().map(String::as_str), Some("consent"));
        }
    }

    #[test]
    fn a_straightforward_report_goes_from_the_gate_to_consent_then_check() {
        let config = Config::default();
        let mut draft = simple_draft("noise", false);
        assert_eq!(
            first_open::<ReportJourney>(&config, &draft),
            page("consent")
        );
        assert!(!is_complete::<ReportJourney>(&config, &draft));
        for item in [ConsentItem::Share, ConsentItem::Mediation] {
            draft.consent.insert(item, true);
        }
        assert_eq!(first_open::<ReportJourney>(&config, &draft), Place::Check);
        assert!(is_complete::<ReportJourney>(&config, &draft));
    }

    #[test]
    fn saying_it_affects_you_opens_the_assessment_pages_still_to_answer() {
        let config = Config::default();
        let mut draft = simple_draft("noise", true);
        draft.reached_check = true;
        assert_eq!(
            first_open::<ReportJourney>(&config, &draft),
            page("assessment/history")
        );
    }

    #[test]
    fn every_step_is_found_by_its_own_slug_and_slugs_are_unique() {
        let config = Config::default();
        let all = ReportJourney::all_steps(&config);
        let mut slugs: Vec<&str> = all.iter().map(|s| s.slug()).collect();
        let count = slugs.len();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), count, "{slugs:?}");
        assert_eq!(count, 16 + config.assessment.groups.len());
    }

    /// A report for someone else: who they are and whether they agree come after "Who are you
    /// reporting for?"; only with their agreement are we asked whether and how to contact
    /// them, and only then is there anything to consent to on their behalf.
    #[test]
    fn a_report_for_someone_else_asks_about_them_and_needs_their_agreement_to_go_further() {
        let config = Config::default();
        let mut draft = simple_draft("noise", true);
        draft.reporting_for = Some(ReportingFor::SomeoneElse);
        let after_category = |d: &Draft| slugs(&config, d)[1..4].to_vec();
        assert_eq!(
            after_category(&draft),
            ["reporting-for", "person-affected", "agreement"]
        );
        assert_eq!(
            first_open::<ReportJourney>(&config, &draft),
            page("person-affected")
        );
        draft.person_affected = Some(PersonAffected {
            name: "Sam".into(),
            reporter_role: ReporterRole::Carer,
        });
        let cases = [
            (Agreement::DoesNotKnow, false),
            (Agreement::KnowsButDoesNotAgree, false),
            (Agreement::KnowsAndAgrees, true),
        ];
        for (agreement, agreed) in cases {
            draft.agreement = Some(agreement);
            draft.contact_them = None;
            let s = slugs(&config, &draft);
            let has = |slug: &str| s.iter().any(|x| x == slug);
            assert_eq!(has("contact-them"), agreed, "{agreement:?}: {s:?}");
            assert_eq!(has("consent"), agreed, "{agreement:?}: {s:?}");
            assert!(!has("their-contact-details"), "{agreement:?}");
        }
        draft.contact_them = Some(true);
        assert!(slugs(&config, &draft).contains(&"their-contact-details".to_string()));

        // Back to a report for themselves: nothing about the other person is kept.
        draft.reporting_for = Some(ReportingFor::Myself);
        ReportJourney::after_answer(&config, &mut draft);
        assert_eq!(draft.person_affected, None);
        assert_eq!(draft.agreement, None);
        assert_eq!(draft.contact_them, None);
        assert_eq!(draft.their_contact, None);
    }

    #[test]
    fn a_page_shown_again_is_filled_in_with_the_stored_answers() {
        let config = Config::default();
        let draft = simple_draft("noise", false);
        for step in ReportJourney::steps(&config, &draft) {
            if step.slug() == "consent" {
                continue;
            }
            let values = step.form_values(&config, &draft);
            let mut reparsed = Draft::default();
            let posted = PostedForm::new(values.clone().into_iter().collect());
            step.save(&config, &posted, &mut reparsed, today())
                .unwrap_or_else(|e| panic!("{}: {e:?}", step.slug()));
            assert_eq!(
                step.form_values(&config, &reparsed),
                values,
                "{} round trip",
                step.slug()
            );
            assert!(step.is_complete(&config, &reparsed) || step.slug() == "category");
        }
    }
}
