//! An officer's risk assessment: the residents' own questionnaire, asked by a triage officer
//! (by phone, or at a visit) when the case starts, when it is reviewed and before it closes.
//! The latest one holds: it supersedes the resident's self-assessment for the band staff see,
//! the queue's order and routing. A band that now calls for the panel or victim support refers
//! the case there, with the resident's consent, as the portal does when a report arrives.

use std::collections::BTreeMap;

use super::assessment::{assess, Assessment, Band, Questionnaire};
use super::fields::FieldError;
use super::report::ConsentItem;
use super::routing::{
    RouteDecision, RouteId, RoutingRules, RULE_PANEL_HELD_NO_SHARE_CONSENT, RULE_PANEL_HIGH_RISK,
    RULE_SUPPORT_BAND_WITH_CONSENT,
};

/// When in the life of a case the assessment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Initial,
    Review,
    Closing,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Initial, Stage::Review, Stage::Closing];

    /// The stored form (`officer_assessments.stage`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Initial => "initial",
            Stage::Review => "review",
            Stage::Closing => "closing",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Initial => "Initial",
            Stage::Review => "Review",
            Stage::Closing => "Closing",
        }
    }
}

/// The stages that can be recorded after those `done`: the initial assessment comes first and
/// once; reviews as often as needed; one closing assessment, after which nothing more.
pub fn stages_open(done: &[Stage]) -> Vec<Stage> {
    if done.contains(&Stage::Closing) {
        Vec::new()
    } else if done.contains(&Stage::Initial) {
        vec![Stage::Review, Stage::Closing]
    } else {
        vec![Stage::Initial]
    }
}

/// An officer's assessment as posted, checked and scored.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerAssessment {
    pub stage: Stage,
    /// Question id → option value, every question answered.
    pub answers: BTreeMap<String, String>,
    pub assessment: Assessment,
}

/// Reads an officer's assessment: a stage open now (`stages_open`) and an answer to every
/// question, each one of its options (or "prefer not to say"). Each problem names its field.
pub fn check(
    questionnaire: &Questionnaire,
    done: &[Stage],
    stage: Option<&str>,
    posted: &BTreeMap<String, String>,
) -> Result<OfficerAssessment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let stage = match stage.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            errors.push(FieldError::new("stage", "Select which assessment this is"));
            None
        }
        Some(text) => match Stage::parse(text).filter(|s| stages_open(done).contains(s)) {
            Some(stage) => Some(stage),
            None => {
                errors.push(FieldError::new(
                    "stage",
                    "Select one of the assessments listed",
                ));
                None
            }
        },
    };
    let mut answers = BTreeMap::new();
    for question in &questionnaire.questions {
        match posted.get(&question.id).map(|v| v.trim()) {
            None | Some("") => errors.push(FieldError::new(&question.id, &question.error)),
            Some(value) if !question.accepts(value) => errors.push(FieldError::new(
                &question.id,
                "Select one of the answers listed",
            )),
            Some(value) => {
                answers.insert(question.id.clone(), value.to_string());
            }
        }
    }
    match stage {
        Some(stage) if errors.is_empty() => Ok(OfficerAssessment {
            stage,
            assessment: assess(questionnaire, &answers),
            answers,
        }),
        _ => Err(errors),
    }
}

/// The band that holds now: the latest officer's, else the resident's own.
pub fn band_now(self_assessed: Option<Band>, officers_latest_first: &[Band]) -> Option<Band> {
    officers_latest_first.first().copied().or(self_assessed)
}

/// A partner an officer's band calls for, not sent the case yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommended {
    pub route: RouteId,
    /// The routing rule, as the portal's own referrals name it.
    pub rule: &'static str,
    /// The resident gave the consent it needs: it is sent now. Otherwise an officer asks them
    /// and refers it (`case_work::referral`).
    pub consented: bool,
}

impl Recommended {
    /// The routing decision sending it makes, with the assessment that called for it.
    pub fn decision(&self, rules: &RoutingRules, stage: Stage, band: Band) -> RouteDecision {
        RouteDecision::new(
            rules,
            self.route.clone(),
            self.rule,
            !self.consented,
            format!(
                "Band {} on a triage officer's {} risk assessment",
                band.label().to_lowercase(),
                stage.label().to_lowercase()
            ),
        )
    }
}

/// The referrals an officer's band calls for under the council's routing rules: the panel
/// for its bands, victim support for its bands when the resident can be contacted. Mediation
/// is never added by a band: it depends on who is causing the problem and what they do.
pub fn recommended(
    rules: &RoutingRules,
    band: Band,
    anonymous: bool,
    consented: impl Fn(ConsentItem) -> bool,
    sent: &[RouteId],
) -> Vec<Recommended> {
    let mut out = Vec::new();
    if rules.panel_bands.contains(&band) && !sent.contains(&RouteId::Panel) {
        let share = consented(ConsentItem::Share);
        out.push(Recommended {
            route: RouteId::Panel,
            rule: if share {
                RULE_PANEL_HIGH_RISK
            } else {
                RULE_PANEL_HELD_NO_SHARE_CONSENT
            },
            consented: share,
        });
    }
    if rules.support_bands.contains(&band) && !anonymous && !sent.contains(&RouteId::Support) {
        out.push(Recommended {
            route: RouteId::Support,
            rule: RULE_SUPPORT_BAND_WITH_CONSENT,
            consented: consented(ConsentItem::Support),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::Assessment;

    fn questionnaire() -> Questionnaire {
        crate::domain::defaults::product().assessment.clone()
    }

    /// Every question answered with its lowest-scoring (or highest-scoring) option.
    fn answered(highest: bool) -> BTreeMap<String, String> {
        questionnaire()
            .questions
            .iter()
            .map(|q| {
                let by_score = q.options.iter().map(|o| (o.score, o.critical, &o.value));
                let option = if highest {
                    by_score.max()
                } else {
                    by_score.min()
                };
                (q.id.clone(), option.unwrap().2.clone())
            })
            .collect()
    }

    #[test]
    fn the_initial_assessment_comes_first_then_reviews_then_one_closing() {
        use Stage::*;
        let cases: &[(&[Stage], &[Stage])] = &[
            (&[], &[Initial]),
            (&[Initial], &[Review, Closing]),
            (&[Initial, Review, Review], &[Review, Closing]),
            (&[Initial, Closing], &[]),
        ];
        for (done, open) in cases {
            assert_eq!(stages_open(done), *open, "after {done:?}");
        }
    }

    #[test]
    fn every_question_needs_a_listed_answer_and_the_stage_must_be_open() {
        let q = questionnaire();
        let all = answered(false);
        let ok = check(&q, &[], Some("initial"), &all).unwrap();
        assert_eq!(ok.stage, Stage::Initial);
        assert_eq!(ok.assessment, assess(&q, &all));

        let mut missing = all.clone();
        let first = &q.questions[0];
        missing.remove(&first.id);
        let errors = check(&q, &[], Some("initial"), &missing).unwrap_err();
        assert_eq!(errors, [FieldError::new(&first.id, &first.error)]);

        let mut invented = all.clone();
        invented.insert(first.id.clone(), "sometimes".into());
        assert_eq!(
            check(&q, &[], Some("initial"), &invented).unwrap_err()[0].message,
            "Select one of the answers listed"
        );
        let stage_error = |done: &[Stage], stage: Option<&str>| {
            check(&q, done, stage, &all).unwrap_err()[0].message.clone()
        };
        assert_eq!(stage_error(&[], None), "Select which assessment this is");
        assert_eq!(
            stage_error(&[], Some("review")),
            "Select one of the assessments listed"
        );
        assert_eq!(
            stage_error(&[Stage::Initial], Some("initial")),
            "Select one of the assessments listed"
        );
        assert_eq!(
            stage_error(&[], Some("annual")),
            "Select one of the assessments listed"
        );
    }

    #[test]
    fn the_latest_officer_band_supersedes_the_residents() {
        use Band::*;
        assert_eq!(band_now(Some(Medium), &[]), Some(Medium));
        assert_eq!(band_now(None, &[]), None);
        assert_eq!(band_now(Some(Medium), &[High, Standard]), Some(High));
        assert_eq!(band_now(None, &[Standard]), Some(Standard));
    }

    #[test]
    fn a_band_calls_for_the_panel_and_support_with_consent() {
        use ConsentItem::*;
        let rules = RoutingRules::default();
        let given = |items: &'static [ConsentItem]| move |i: ConsentItem| items.contains(&i);
        let high = Band::High;
        let routes = |r: Vec<Recommended>| {
            r.into_iter()
                .map(|r| (r.route, r.rule, r.consented))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            routes(recommended(
                &rules,
                high,
                false,
                given(&[Share, Support]),
                &[]
            )),
            [
                (RouteId::Panel, RULE_PANEL_HIGH_RISK, true),
                (RouteId::Support, RULE_SUPPORT_BAND_WITH_CONSENT, true),
            ]
        );
        assert_eq!(
            routes(recommended(&rules, high, false, given(&[]), &[])),
            [
                (RouteId::Panel, RULE_PANEL_HELD_NO_SHARE_CONSENT, false),
                (RouteId::Support, RULE_SUPPORT_BAND_WITH_CONSENT, false),
            ]
        );
        assert_eq!(
            routes(recommended(
                &rules,
                high,
                true,
                given(&[Share]),
                &[RouteId::Panel]
            )),
            [],
            "sent already, and nobody to contact for support"
        );
        assert_eq!(
            routes(recommended(
                &rules,
                Band::Standard,
                false,
                given(&[Share, Support]),
                &[]
            )),
            []
        );
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any answers posted: never a panic, and an accepted assessment answered every
            /// question with one of its options, at a stage open now.
            #[test]
            fn only_a_whole_assessment_at_an_open_stage_is_accepted(
                stage in proptest::option::of("initial|review|closing|\\PC{0,8}"),
                done in proptest::collection::vec(0usize..3, 0..3),
                picks in proptest::collection::vec(proptest::option::of(any::<String>()), 0..30),
            ) {
                let q = questionnaire();
                let done: Vec<Stage> = done.into_iter().map(|i| Stage::ALL[i]).collect();
                let mut posted = answered(false);
                for (question, pick) in q.questions.iter().zip(picks) {
                    match pick {
                        Some(value) => posted.insert(question.id.clone(), value),
                        None => posted.remove(&question.id),
                    };
                }
                if let Ok(checked) = check(&q, &done, stage.as_deref(), &posted) {
                    prop_assert!(stages_open(&done).contains(&checked.stage));
                    for question in &q.questions {
                        let answer = checked.answers.get(&question.id);
                        prop_assert!(answer.is_some_and(|a| question.accepts(a)));
                    }
                }
            }
        }
    }

    #[test]
    fn the_highest_answers_make_the_band_high() {
        let q = questionnaire();
        let checked = check(&q, &[], Some("initial"), &answered(true)).unwrap();
        let Assessment { band, .. } = checked.assessment;
        assert_eq!(band, Band::High);
    }
}
