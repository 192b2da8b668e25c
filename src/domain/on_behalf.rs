//! Reporting for someone else: relatives, carers, support workers and neighbours often report
//! for a person who is affected and cannot, or dare not, report themselves.
//!
//! The rule: a report made for someone who does not know about it, or does not agree, goes to
//! the council's triage team only. Every partner route it would otherwise have is held for a
//! triage officer to decide (a recorded human decision), because sharing a person's situation
//! with other agencies behind their back needs a reason an officer can stand behind.
//!
//! Each answer is recorded with who gave it: the person affected, or the reporter for them.

use serde::{Deserialize, Serialize};

use crate::domain::routing::{RouteDecision, RouteId, RoutingRules};

/// The rule that holds a partner route of a report made without the person's agreement.
pub const RULE_ON_BEHALF_HELD_NO_AGREEMENT: &str = "on_behalf_held_no_agreement";

/// "Who are you reporting for?"
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportingFor {
    Myself,
    SomeoneElse,
}

impl ReportingFor {
    pub const ALL: [ReportingFor; 2] = [ReportingFor::Myself, ReportingFor::SomeoneElse];

    /// The form value and stored form (`reports.reporting_for`).
    pub fn value(self) -> &'static str {
        match self {
            ReportingFor::Myself => "myself",
            ReportingFor::SomeoneElse => "someone_else",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportingFor::Myself => "Myself",
            ReportingFor::SomeoneElse => "Someone else",
        }
    }

    pub fn parse(value: &str) -> Option<ReportingFor> {
        ReportingFor::ALL.into_iter().find(|r| r.value() == value)
    }
}

/// How the reporter knows the person affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterRole {
    Relative,
    Carer,
    Professional,
    Neighbour,
    Other,
}

impl ReporterRole {
    pub const ALL: [ReporterRole; 5] = [
        ReporterRole::Relative,
        ReporterRole::Carer,
        ReporterRole::Professional,
        ReporterRole::Neighbour,
        ReporterRole::Other,
    ];

    /// The form value and stored form (`people_affected.reporter_role`).
    pub fn value(self) -> &'static str {
        match self {
            ReporterRole::Relative => "relative",
            ReporterRole::Carer => "carer",
            ReporterRole::Professional => "professional",
            ReporterRole::Neighbour => "neighbour",
            ReporterRole::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReporterRole::Relative => "I am a relative",
            ReporterRole::Carer => "I am their carer",
            ReporterRole::Professional => "I am a support worker or other professional",
            ReporterRole::Neighbour => "I am their neighbour",
            ReporterRole::Other => "Another way",
        }
    }

    /// For officers: "a relative".
    pub fn for_officers(self) -> &'static str {
        match self {
            ReporterRole::Relative => "a relative",
            ReporterRole::Carer => "their carer",
            ReporterRole::Professional => "a support worker or other professional",
            ReporterRole::Neighbour => "a neighbour",
            ReporterRole::Other => "someone else who knows them",
        }
    }

    pub fn parse(value: &str) -> Option<ReporterRole> {
        ReporterRole::ALL.into_iter().find(|r| r.value() == value)
    }
}

/// Whether the person affected knows about the report and agrees to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    KnowsAndAgrees,
    KnowsButDoesNotAgree,
    DoesNotKnow,
}

impl Agreement {
    pub const ALL: [Agreement; 3] = [
        Agreement::KnowsAndAgrees,
        Agreement::KnowsButDoesNotAgree,
        Agreement::DoesNotKnow,
    ];

    /// The form value and stored form (`people_affected.agreement`).
    pub fn value(self) -> &'static str {
        match self {
            Agreement::KnowsAndAgrees => "knows_and_agrees",
            Agreement::KnowsButDoesNotAgree => "knows_but_does_not_agree",
            Agreement::DoesNotKnow => "does_not_know",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Agreement::KnowsAndAgrees => "Yes, they know and agree",
            Agreement::KnowsButDoesNotAgree => "They know, but do not agree",
            Agreement::DoesNotKnow => "No, they do not know about it",
        }
    }

    /// For officers, in the rule's reason and the triage email.
    pub fn for_officers(self) -> &'static str {
        match self {
            Agreement::KnowsAndAgrees => "they know about the report and agree to it",
            Agreement::KnowsButDoesNotAgree => "they know about the report but do not agree to it",
            Agreement::DoesNotKnow => "they do not know about the report",
        }
    }

    pub fn parse(value: &str) -> Option<Agreement> {
        Agreement::ALL.into_iter().find(|a| a.value() == value)
    }
}

/// Whether the report may be referred on as its consent answers say (`false`: triage only).
/// A report for oneself always may; one for someone else only with their agreement. An
/// unanswered agreement is treated as no: nothing is shared on a guess.
pub fn agreed(reporting_for: Option<ReportingFor>, agreement: Option<Agreement>) -> bool {
    match reporting_for {
        Some(ReportingFor::SomeoneElse) => agreement == Some(Agreement::KnowsAndAgrees),
        Some(ReportingFor::Myself) | None => true,
    }
}

/// Who gave an answer, stored beside it (`consents.recorded_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnsweredBy {
    /// The person affected, reporting for themselves.
    Resident,
    /// The reporter, about themselves (their own contact consent).
    Reporter,
    /// The reporter, answering for the person affected ("Does Sam agree…").
    ReporterForPersonAffected,
    /// The resident, to an officer (by phone or in person), who recorded it.
    ResidentToOfficer,
}

impl AnsweredBy {
    pub fn as_str(self) -> &'static str {
        match self {
            AnsweredBy::Resident => "resident",
            AnsweredBy::Reporter => "reporter",
            AnsweredBy::ReporterForPersonAffected => "reporter_for_person_affected",
            AnsweredBy::ResidentToOfficer => "resident_to_officer",
        }
    }

    /// Who answers a question about the person affected.
    pub fn about_person_affected(reporting_for: Option<ReportingFor>) -> AnsweredBy {
        match reporting_for {
            Some(ReportingFor::SomeoneElse) => AnsweredBy::ReporterForPersonAffected,
            _ => AnsweredBy::Resident,
        }
    }

    /// Who answers a question about the person filling in the form.
    pub fn about_reporter(reporting_for: Option<ReportingFor>) -> AnsweredBy {
        match reporting_for {
            Some(ReportingFor::SomeoneElse) => AnsweredBy::Reporter,
            _ => AnsweredBy::Resident,
        }
    }
}

/// The routes of a report made without the person's agreement: triage as decided, and every
/// partner route held for a triage officer under `RULE_ON_BEHALF_HELD_NO_AGREEMENT`, its reason
/// saying which rule would have sent it.
pub fn triage_only(
    rules: &RoutingRules,
    decisions: Vec<RouteDecision>,
    agreement: Option<Agreement>,
) -> Vec<RouteDecision> {
    let why = agreement.map_or("we do not know whether they agree", Agreement::for_officers);
    decisions
        .into_iter()
        .map(|decision| {
            if decision.route == RouteId::Triage {
                return decision;
            }
            RouteDecision::new(
                rules,
                decision.route,
                RULE_ON_BEHALF_HELD_NO_AGREEMENT,
                true,
                format!(
                    "The report was made for someone else, and {why}. A triage officer must \
                     decide whether to refer it. Without that, the rule {} would have applied: {}",
                    decision.rule, decision.reason
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_report_for_oneself_or_with_agreement_may_be_referred() {
        let cases = [
            (None, None, true),
            (Some(ReportingFor::Myself), None, true),
            (Some(ReportingFor::SomeoneElse), None, false),
            (
                Some(ReportingFor::SomeoneElse),
                Some(Agreement::KnowsAndAgrees),
                true,
            ),
            (
                Some(ReportingFor::SomeoneElse),
                Some(Agreement::KnowsButDoesNotAgree),
                false,
            ),
            (
                Some(ReportingFor::SomeoneElse),
                Some(Agreement::DoesNotKnow),
                false,
            ),
        ];
        for (reporting_for, agreement, expected) in cases {
            assert_eq!(
                agreed(reporting_for, agreement),
                expected,
                "{reporting_for:?} {agreement:?}"
            );
        }
    }

    #[test]
    fn each_answer_names_who_gave_it() {
        let cases = [
            (None, "resident", "resident"),
            (Some(ReportingFor::Myself), "resident", "resident"),
            (
                Some(ReportingFor::SomeoneElse),
                "reporter_for_person_affected",
                "reporter",
            ),
        ];
        for (reporting_for, about_them, about_reporter) in cases {
            assert_eq!(
                AnsweredBy::about_person_affected(reporting_for).as_str(),
                about_them
            );
            assert_eq!(
                AnsweredBy::about_reporter(reporting_for).as_str(),
                about_reporter
            );
        }
    }

    #[test]
    fn form_values_round_trip() {
        for r in ReportingFor::ALL {
            assert_eq!(ReportingFor::parse(r.value()), Some(r));
        }
        for r in ReporterRole::ALL {
            assert_eq!(ReporterRole::parse(r.value()), Some(r));
        }
        for a in Agreement::ALL {
            assert_eq!(Agreement::parse(a.value()), Some(a));
        }
        assert_eq!(Agreement::parse("maybe"), None);
    }
}
