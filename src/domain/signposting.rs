//! Signposting: the help shown on the confirmation page, picked by what the person told us.
//!
//! Each signpost lists the conditions under which it applies; any one matching is enough. The
//! list is configuration, kept in order, so a deployment decides what comes first (urgent help
//! should).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::assessment::{Assessment, Band};
use crate::domain::category::CategoryDef;
use crate::domain::routing::RouteId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signpost {
    pub id: String,
    pub title: String,
    pub text: String,
    /// A web address, or a page of the portal ("/noise-diary").
    #[serde(default)]
    pub url: Option<String>,
    /// The link's words; without them, "Visit the {title} website".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_text: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub when: SignpostWhen,
    /// The partner service this signpost describes. It is not shown to a person who was asked
    /// about a referral to that partner: they were referred (and are told the partner will
    /// contact them), or they said no, and a signpost must never offer what they refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<RouteId>,
}

/// When a signpost applies: if any listed condition matches, unless one of `unless_flags` is
/// present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignpostWhen {
    pub always: bool,
    /// Category ids.
    pub categories: Vec<String>,
    /// Flags from the category or the assessment ("hate", "violence", …).
    pub flags: Vec<String>,
    /// Assessment answers, written `question_id=value`.
    pub answers: Vec<String>,
    pub bands: Vec<Band>,
    /// Any critical answer.
    pub critical: bool,
    /// The report is the person's second or later within six months.
    pub repeat: bool,
    /// Mediation would be offered by the routing rules (neighbour problem, low risk, no flags).
    pub mediation_candidate: bool,
    /// Flags that suppress the signpost even when a condition matches: suggesting mediation
    /// to someone facing violence or hate could put them at risk.
    pub unless_flags: Vec<String>,
}

/// What the selection looks at.
#[derive(Debug, Clone, Copy)]
pub struct SignpostContext<'a> {
    pub category: &'a CategoryDef,
    pub assessment: Option<&'a Assessment>,
    pub answers: &'a BTreeMap<String, String>,
    pub repeat_report: bool,
    /// From `routing::mediation_candidate`, so signposting never suggests mediation where
    /// routing would not offer it.
    pub mediation_candidate: bool,
    /// The partners the person was asked about a referral to (whatever they answered).
    pub referral_asked: &'a [RouteId],
    /// Who is causing it: a partner, ex-partner or family member adds the `domestic_abuse` flag.
    pub relationship: Option<crate::domain::relationship::Relationship>,
}

impl SignpostContext<'_> {
    fn has_flag(&self, flag: &str) -> bool {
        use crate::domain::relationship::{is_domestic_abuse, DOMESTIC_ABUSE_FLAG};
        self.category.flags.has(flag)
            || self.assessment.is_some_and(|a| a.flags.contains(flag))
            || (flag == DOMESTIC_ABUSE_FLAG && is_domestic_abuse(self.relationship))
    }

    fn has_answer(&self, condition: &str) -> bool {
        condition.split_once('=').is_some_and(|(question, value)| {
            self.answers.get(question.trim()).map(String::as_str) == Some(value.trim())
        })
    }
}

impl SignpostWhen {
    pub fn matches(&self, ctx: &SignpostContext) -> bool {
        let any = self.always
            || self.categories.contains(&ctx.category.id)
            || self.flags.iter().any(|f| ctx.has_flag(f))
            || self.answers.iter().any(|a| ctx.has_answer(a))
            || ctx.assessment.is_some_and(|a| self.bands.contains(&a.band))
            || (self.critical && ctx.assessment.is_some_and(|a| a.critical))
            || (self.repeat && ctx.repeat_report)
            || (self.mediation_candidate && ctx.mediation_candidate);
        any && !self.unless_flags.iter().any(|f| ctx.has_flag(f))
    }
}

/// The signposts that apply, in configured order.
pub fn select_signposts<'a>(all: &'a [Signpost], ctx: &SignpostContext) -> Vec<&'a Signpost> {
    all.iter()
        .filter(|s| s.when.matches(ctx))
        .filter(|s| {
            s.partner
                .as_ref()
                .is_none_or(|p| !ctx.referral_asked.contains(p))
        })
        .collect()
}

/// The product's signposting, from the built-in configuration.
pub fn default_signposts() -> Vec<Signpost> {
    crate::domain::defaults::product().signposting.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }
    use crate::domain::assessment::{assess, Questionnaire};
    use crate::domain::category::{default_categories, find};
    use crate::domain::routing::{mediation_candidate, RoutingRules};

    struct Case {
        name: &'static str,
        category: &'static str,
        /// Assessment answers; `None` means the report skipped the assessment.
        answers: Option<&'static [(&'static str, &'static str)]>,
        repeat: bool,
        relationship: Option<crate::domain::relationship::Relationship>,
        expected: &'static [&'static str],
    }

    fn selected(case: &Case) -> Vec<String> {
        selected_when_asked(case, &[])
    }

    fn selected_when_asked(case: &Case, referral_asked: &[RouteId]) -> Vec<String> {
        let categories = default_categories();
        let answers: BTreeMap<String, String> = case
            .answers
            .unwrap_or_default()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let assessment = case
            .answers
            .map(|_| assess(&Questionnaire::default(), &answers));
        let ctx = SignpostContext {
            category: find(&categories, case.category).unwrap(),
            assessment: assessment.as_ref(),
            answers: &answers,
            repeat_report: case.repeat,
            mediation_candidate: mediation_candidate(
                &RoutingRules::default(),
                find(&categories, case.category).unwrap(),
                assessment.as_ref(),
                case.relationship,
            ),
            referral_asked,
            relationship: case.relationship,
        };
        select_signposts(&default_signposts(), &ctx)
            .into_iter()
            .map(|s| s.id.clone())
            .collect()
    }

    #[test]
    fn each_signpost_is_picked_by_its_factor_and_no_other() {
        let cases = [
            Case {
                name: "plain drugs report",
                category: "drugs",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &[],
            },
            Case {
                name: "standard band, nothing notable",
                category: "drinking",
                answers: Some(&[("repeat", "yes")]),
                repeat: false,
                relationship: None,
                expected: &[],
            },
            Case {
                name: "critical",
                category: "drugs",
                answers: Some(&[("self_harm", "yes")]),
                repeat: false,
                relationship: None,
                expected: &["emergency", "samaritans", "victim_support"],
            },
            Case {
                name: "violence category",
                category: "violence",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["emergency", "victim_support"],
            },
            Case {
                name: "violence answer",
                category: "drinking",
                answers: Some(&[("violence", "yes")]),
                repeat: false,
                relationship: None,
                expected: &["emergency", "victim_support"],
            },
            Case {
                name: "health affected",
                category: "drinking",
                answers: Some(&[("health", "yes")]),
                repeat: false,
                relationship: None,
                expected: &["samaritans"],
            },
            Case {
                name: "isolated",
                category: "drinking",
                answers: Some(&[("isolated", "no")]),
                repeat: false,
                relationship: None,
                expected: &["samaritans"],
            },
            Case {
                name: "has support",
                category: "drinking",
                answers: Some(&[("isolated", "yes")]),
                repeat: false,
                relationship: None,
                expected: &[],
            },
            Case {
                name: "noise",
                category: "noise",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["mediation", "noise_diary"],
            },
            Case {
                name: "animal",
                category: "animal_nuisance",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["mediation"],
            },
            Case {
                name: "vehicle",
                category: "vehicle_nuisance",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["mediation"],
            },
            Case {
                name: "neighbour dispute",
                category: "neighbour_dispute",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["mediation"],
            },
            Case {
                name: "noise at medium risk: support, not mediation",
                category: "noise",
                answers: Some(&[
                    ("frequency", "daily"),
                    ("escalating", "yes"),
                    ("targeted", "yes"),
                    ("health", "yes"),
                ]),
                repeat: false,
                relationship: None,
                expected: &["samaritans", "noise_diary", "victim_support"],
            },
            Case {
                name: "neighbour dispute with violence: no mediation",
                category: "neighbour_dispute",
                answers: Some(&[("violence", "yes")]),
                repeat: false,
                relationship: None,
                expected: &["emergency", "victim_support"],
            },
            Case {
                name: "medium band",
                category: "vandalism",
                answers: Some(&[
                    ("repeat", "yes"),
                    ("frequency", "weekly"),
                    ("duration", "over_6_months"),
                    ("escalating", "yes"),
                ]),
                repeat: false,
                relationship: None,
                expected: &["victim_support"],
            },
            Case {
                name: "hate category",
                category: "hate_incident",
                answers: None,
                repeat: false,
                relationship: None,
                expected: &["hate_crime"],
            },
            Case {
                name: "hate answer",
                category: "vandalism",
                answers: Some(&[("hate", "yes")]),
                repeat: false,
                relationship: None,
                expected: &["hate_crime"],
            },
            Case {
                name: "repeat report",
                category: "drugs",
                answers: None,
                repeat: true,
                relationship: None,
                expected: &["asb_help"],
            },
        ];
        for case in &cases {
            assert_eq!(selected(case), case.expected, "{}", case.name);
        }
    }

    #[test]
    fn always_and_answer_syntax() {
        let categories = default_categories();
        let answers = BTreeMap::from([("health".to_owned(), "yes".to_owned())]);
        let ctx = SignpostContext {
            category: find(&categories, "other").unwrap(),
            assessment: None,
            answers: &answers,
            repeat_report: false,
            mediation_candidate: false,
            referral_asked: &[],
            relationship: None,
        };
        let cases = [
            (
                SignpostWhen {
                    always: true,
                    ..Default::default()
                },
                true,
            ),
            (SignpostWhen::default(), false),
            (
                SignpostWhen {
                    answers: strings(&["health = yes"]),
                    ..Default::default()
                },
                true,
            ),
            (
                SignpostWhen {
                    answers: strings(&["health=no"]),
                    ..Default::default()
                },
                false,
            ),
            (
                SignpostWhen {
                    answers: strings(&["health"]),
                    ..Default::default()
                },
                false,
            ),
            // Bands and critical need an assessment.
            (
                SignpostWhen {
                    bands: vec![Band::Standard],
                    critical: true,
                    ..Default::default()
                },
                false,
            ),
        ];
        for (when, expected) in cases {
            assert_eq!(when.matches(&ctx), expected, "{when:?}");
        }
    }

    #[test]
    fn config_needs_only_id_title_text() {
        let s: Signpost = serde_json::from_str(
            r#"{"id":"local","title":"Local help","text":"Call us.","when":{"categories":["drugs"]}}"#,
        )
        .unwrap();
        assert_eq!(s.when.categories, ["drugs"]);
        assert!(!s.when.always && s.url.is_none());
    }

    #[test]
    fn default_ids_are_unique_and_urgent_help_comes_first() {
        let all = default_signposts();
        let mut ids: Vec<_> = all.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids[0], "emergency");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
    }

    #[test]
    fn a_partner_the_person_was_asked_about_is_never_signposted() {
        let noise = Case {
            name: "noise, not assessed",
            category: "noise",
            answers: None,
            repeat: false,
            relationship: None,
            expected: &[],
        };
        let violence = Case {
            name: "violence, medium band",
            category: "violence",
            answers: Some(&[
                ("health", "yes"),
                ("unsafe_home", "yes"),
                ("targeted", "yes"),
            ]),
            repeat: false,
            relationship: None,
            expected: &[],
        };
        // (case, partners asked about) → mediation shown, victim support shown
        let cases = [
            (&noise, &[][..], true, false),
            (&noise, &[RouteId::Mediation][..], false, false),
            (&violence, &[][..], false, true),
            (&violence, &[RouteId::Support][..], false, false),
        ];
        for (case, asked, mediation, support) in cases {
            let ids = selected_when_asked(case, asked);
            let what = format!("{} asked {asked:?}: {ids:?}", case.name);
            assert_eq!(ids.contains(&"mediation".to_string()), mediation, "{what}");
            assert_eq!(
                ids.contains(&"victim_support".to_string()),
                support,
                "{what}"
            );
        }
    }
}
