//! Where a report goes: a pure function of the category, the assessment, the consent given and
//! the configured rules.
//!
//! Every decision names the rule that fired and explains it in plain English, because officers
//! confirm or override the routing and need to see why the portal recommended it.

use serde::{Deserialize, Serialize};

use crate::domain::assessment::{Assessment, Band};
use crate::domain::category::CategoryDef;
use crate::domain::on_behalf::{self, Agreement, ReportingFor, RULE_ON_BEHALF_HELD_NO_AGREEMENT};
use crate::domain::relationship::{
    is_domestic_abuse, Relationship, RULE_DOMESTIC_ABUSE_HELD_NO_SHARE_CONSENT,
    RULE_DOMESTIC_ABUSE_RELATIONSHIP,
};

pub const RULE_TRIAGE_ALWAYS: &str = "triage_always";
pub const RULE_PANEL_HIGH_RISK: &str = "panel_high_risk";
pub const RULE_PANEL_HELD_NO_SHARE_CONSENT: &str = "panel_held_no_share_consent";
pub const RULE_SUPPORT_BAND_WITH_CONSENT: &str = "support_band_with_consent";
pub const RULE_MEDIATION_NEIGHBOUR_LOW_RISK: &str = "mediation_neighbour_low_risk";
/// A triage officer referred the case on (`domain::case_work::referral`).
pub const RULE_OFFICER_REFERRAL: &str = "officer_referral";

/// The teams a report can be routed to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteId {
    /// The council's ASB team, which owns every report.
    Triage,
    /// The multi-agency risk panel (Community MARAC).
    Panel,
    /// The victim support service.
    Support,
    /// The mediation service.
    Mediation,
    /// The domestic abuse service (a partner, ex-partner or family member is causing it).
    DomesticAbuse,
    /// A partner the council added in configuration (`[routes.others.<id>]`: housing, police,
    /// mental health…). The portal's rules never route there: an officer refers a case.
    #[serde(untagged)]
    Other(String),
}

impl RouteId {
    pub const ALL: [RouteId; 5] = [
        Self::Triage,
        Self::Panel,
        Self::Support,
        Self::Mediation,
        Self::DomesticAbuse,
    ];

    /// The stored form and config key (matches the serde name).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Triage => "triage",
            Self::Panel => "panel",
            Self::Support => "support",
            Self::Mediation => "mediation",
            Self::DomesticAbuse => "domestic_abuse",
            Self::Other(id) => id,
        }
    }
}

/// Local routing policy. Keys a deployment's file leaves out keep the built-in values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRules {
    pub panel_bands: Vec<Band>,
    pub support_bands: Vec<Band>,
    pub mediation_bands: Vec<Band>,
    /// Whether a neighbour problem that skipped the assessment (it is not affecting the person
    /// and has not been reported before) may go to mediation.
    pub mediation_without_assessment: bool,
    /// Mediation puts both sides in a room, which is unsafe where there is hate, violence,
    /// threats or harassment, so any of these flags rules it out.
    pub mediation_excluding_flags: Vec<String>,
}

/// The product's routing policy, from the built-in configuration.
impl Default for RoutingRules {
    fn default() -> Self {
        crate::domain::defaults::product().routing.clone()
    }
}

/// What routing needs to know about one report.
#[derive(Debug, Clone, Copy)]
pub struct RoutingInput<'a> {
    pub category: &'a CategoryDef,
    /// `None` when the report skipped the needs assessment.
    pub assessment: Option<&'a Assessment>,
    pub anonymous: bool,
    pub share_consent: bool,
    pub support_consent: bool,
    pub mediation_consent: bool,
    /// Who is causing it, to the person it affects; `None` in reports made before it was asked.
    pub relationship: Option<Relationship>,
    /// Who the report is for, and for someone else whether they know and agree
    /// (`domain::on_behalf`); `None` in reports made before it was asked.
    pub reporting_for: Option<ReportingFor>,
    pub agreement: Option<Agreement>,
    /// The honeypot was filled in (`domain::honeypot`): every route is held.
    pub honeypot: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteDecision {
    pub route: RouteId,
    /// The rule that fired, e.g. `panel_high_risk`; stored and shown to officers.
    pub rule: String,
    /// Held for a triage officer to decide rather than sent.
    pub held: bool,
    /// Why, in plain English, for officers: this report's facts.
    pub reason: String,
    /// The rule itself in plain English, beside its id in partner mail.
    pub summary: String,
}

impl RouteDecision {
    pub(crate) fn new(
        rules: &RoutingRules,
        route: RouteId,
        rule: &str,
        held: bool,
        reason: String,
    ) -> Self {
        Self {
            route,
            rule: rule.to_owned(),
            held,
            reason,
            summary: describe_rule(rules, rule),
        }
    }
}

/// A rule in plain English, with the bands this deployment configured.
pub fn describe_rule(rules: &RoutingRules, rule: &str) -> String {
    let bands = |bands: &[Band]| {
        let labels: Vec<String> = bands.iter().map(|b| b.label().to_lowercase()).collect();
        match labels.as_slice() {
            [] => "none".to_owned(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        }
    };
    match rule {
        RULE_TRIAGE_ALWAYS => "Every report goes to the ASB triage team".to_owned(),
        RULE_PANEL_HIGH_RISK => format!(
            "Band {}, and the resident agreed to share the report",
            bands(&rules.panel_bands)
        ),
        RULE_PANEL_HELD_NO_SHARE_CONSENT => format!(
            "Band {}, but the resident did not agree to share the report: held for a triage \
             officer to decide",
            bands(&rules.panel_bands)
        ),
        RULE_SUPPORT_BAND_WITH_CONSENT => format!(
            "Band {}, and the resident agreed to a support referral",
            bands(&rules.support_bands)
        ),
        RULE_MEDIATION_NEIGHBOUR_LOW_RISK => format!(
            "A neighbour problem at band {}{}, with no sign of hate, violence, threats or \
             harassment, and the resident agreed to mediation",
            bands(&rules.mediation_bands),
            if rules.mediation_without_assessment {
                " or not assessed"
            } else {
                ""
            }
        ),
        RULE_DOMESTIC_ABUSE_RELATIONSHIP => "The person causing the problem is a partner, \
             ex-partner or family member (domestic abuse), and the resident agreed to share the \
             report; mediation is never offered"
            .to_owned(),
        RULE_DOMESTIC_ABUSE_HELD_NO_SHARE_CONSENT => "The person causing the problem is a \
             partner, ex-partner or family member (domestic abuse), but the resident did not \
             agree to share the report: held for a triage officer to decide; mediation is never \
             offered"
            .to_owned(),
        crate::domain::honeypot::RULE_HONEYPOT_HELD => "A field people cannot see was filled \
             in, as robots do: every route held for a triage officer to check"
            .to_owned(),
        RULE_OFFICER_REFERRAL => "A triage officer referred the case, with the resident's \
             consent"
            .to_owned(),
        RULE_ON_BEHALF_HELD_NO_AGREEMENT => "The report was made for someone else who does \
             not know about it or does not agree: held for a triage officer to decide"
            .to_owned(),
        other => other.to_owned(),
    }
}

fn band_in(bands: &[Band], assessment: Option<&Assessment>) -> Option<Band> {
    assessment
        .map(|a| a.band)
        .filter(|band| bands.contains(band))
}

/// The routes for a report, triage first. Anonymous reports are never referred for support or
/// mediation: both services need to contact the person. A report made for someone else without
/// their agreement reaches triage only (`domain::on_behalf`).
pub fn decide_routes(rules: &RoutingRules, input: &RoutingInput) -> Vec<RouteDecision> {
    let decisions = decide_routes_as_consented(rules, input);
    let decisions = if on_behalf::agreed(input.reporting_for, input.agreement) {
        decisions
    } else {
        on_behalf::triage_only(rules, decisions, input.agreement)
    };
    if input.honeypot {
        crate::domain::honeypot::hold_every_route(rules, decisions)
    } else {
        decisions
    }
}

fn decide_routes_as_consented(rules: &RoutingRules, input: &RoutingInput) -> Vec<RouteDecision> {
    let mut decisions = vec![RouteDecision::new(
        rules,
        RouteId::Triage,
        RULE_TRIAGE_ALWAYS,
        false,
        "Every report goes to the ASB triage team.".to_owned(),
    )];

    if let Some(band) = band_in(&rules.panel_bands, input.assessment) {
        let band = band.label();
        decisions.push(if input.share_consent {
            RouteDecision::new(
                rules,
                RouteId::Panel,
                RULE_PANEL_HIGH_RISK,
                false,
                format!("The needs assessment band is {band}."),
            )
        } else {
            // Sharing without consent on safeguarding grounds is a recorded human decision.
            RouteDecision::new(
                rules,
                RouteId::Panel,
                RULE_PANEL_HELD_NO_SHARE_CONSENT,
                true,
                format!(
                    "The needs assessment band is {band}, but the resident did not agree to share \
                     the report with partners. A triage officer must decide whether to refer it."
                ),
            )
        });
    }

    if let Some(relationship) = input.relationship.filter(|r| r.is_domestic_abuse()) {
        let who = relationship.for_officers();
        let unsafe_mediation = "Mediation is not offered: meeting the other side is unsafe where \
                                the person causing it is a partner, ex-partner or family member.";
        decisions.push(if input.share_consent {
            RouteDecision::new(
                rules,
                RouteId::DomesticAbuse,
                RULE_DOMESTIC_ABUSE_RELATIONSHIP,
                false,
                format!("The person causing the problem is {who}. {unsafe_mediation}"),
            )
        } else {
            RouteDecision::new(
                rules,
                RouteId::DomesticAbuse,
                RULE_DOMESTIC_ABUSE_HELD_NO_SHARE_CONSENT,
                true,
                format!(
                    "The person causing the problem is {who}, but the resident did not agree to \
                     share the report with partners. A triage officer must decide whether to \
                     refer it. {unsafe_mediation}"
                ),
            )
        });
    }

    if !input.anonymous && input.support_consent {
        if let Some(band) = band_in(&rules.support_bands, input.assessment) {
            decisions.push(RouteDecision::new(
                rules,
                RouteId::Support,
                RULE_SUPPORT_BAND_WITH_CONSENT,
                false,
                format!(
                    "The needs assessment band is {} and the resident agreed to a support referral.",
                    band.label()
                ),
            ));
        }
    }

    if !input.anonymous
        && input.mediation_consent
        && mediation_candidate(rules, input.category, input.assessment, input.relationship)
    {
        let risk = match input.assessment {
            Some(a) => format!("the needs assessment band is {}", a.band.label()),
            None => "no needs assessment was needed".to_owned(),
        };
        decisions.push(RouteDecision::new(
            rules,
            RouteId::Mediation,
            RULE_MEDIATION_NEIGHBOUR_LOW_RISK,
            false,
            format!(
                "A neighbour problem ({}), {risk}, with no sign of hate, violence, threats or \
                 harassment, and the resident agreed to mediation.",
                input.category.label
            ),
        ));
    }

    decisions
}

/// Whether mediation could help, so the consent page asks about it: a neighbour-type problem,
/// low risk (or not assessed, if allowed), and nothing that makes meeting the other side unsafe
/// (a flag, or domestic abuse: never configurable).
pub fn mediation_candidate(
    rules: &RoutingRules,
    category: &CategoryDef,
    assessment: Option<&Assessment>,
    relationship: Option<Relationship>,
) -> bool {
    if is_domestic_abuse(relationship) {
        return false;
    }
    let low_risk = match assessment {
        None => rules.mediation_without_assessment,
        Some(a) => rules.mediation_bands.contains(&a.band),
    };
    let excluded = rules
        .mediation_excluding_flags
        .iter()
        .any(|flag| category.flags.has(flag) || assessment.is_some_and(|a| a.flags.contains(flag)));
    category.flags.neighbour && low_risk && !excluded
}

/// Whether the band qualifies for a support referral, so the consent page asks about it. A
/// report without an assessment never does: nothing suggests the person needs support.
pub fn support_candidate(rules: &RoutingRules, assessment: &Assessment) -> bool {
    rules.support_bands.contains(&assessment.band)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{default_categories, find};
    use std::collections::BTreeSet;

    fn assessment(band: Band, flags: &[&str]) -> Assessment {
        Assessment {
            score: 0,
            band,
            critical: false,
            flags: flags
                .iter()
                .map(|f| (*f).to_owned())
                .collect::<BTreeSet<_>>(),
            high_because: None,
            profile: vec![],
        }
    }

    struct Case {
        name: &'static str,
        category: &'static str,
        assessment: Option<Assessment>,
        anonymous: bool,
        share: bool,
        support: bool,
        mediation: bool,
        expected: &'static [(RouteId, &'static str, bool)],
    }

    const TRIAGE: (RouteId, &str, bool) = (RouteId::Triage, RULE_TRIAGE_ALWAYS, false);
    const PANEL: (RouteId, &str, bool) = (RouteId::Panel, RULE_PANEL_HIGH_RISK, false);
    const PANEL_HELD: (RouteId, &str, bool) =
        (RouteId::Panel, RULE_PANEL_HELD_NO_SHARE_CONSENT, true);
    const SUPPORT: (RouteId, &str, bool) =
        (RouteId::Support, RULE_SUPPORT_BAND_WITH_CONSENT, false);
    const MEDIATION: (RouteId, &str, bool) =
        (RouteId::Mediation, RULE_MEDIATION_NEIGHBOUR_LOW_RISK, false);

    fn case(name: &'static str, category: &'static str, assessment: Option<Assessment>) -> Case {
        Case {
            name,
            category,
            assessment,
            anonymous: false,
            share: true,
            support: true,
            mediation: true,
            expected: &[],
        }
    }

    #[test]
    fn routing_rules_table() {
        let high = || Some(assessment(Band::High, &[]));
        let medium = || Some(assessment(Band::Medium, &[]));
        let standard = || Some(assessment(Band::Standard, &[]));
        let cases = vec![
            Case {
                expected: &[TRIAGE, MEDIATION],
                ..case("noise, no assessment", "noise", None)
            },
            Case {
                expected: &[TRIAGE],
                ..case("non-neighbour, no assessment", "drugs", None)
            },
            Case {
                expected: &[TRIAGE, MEDIATION],
                ..case("standard neighbour", "animal_nuisance", standard())
            },
            Case {
                expected: &[TRIAGE],
                ..case("standard non-neighbour", "vandalism", standard())
            },
            Case {
                expected: &[TRIAGE, SUPPORT],
                ..case("medium neighbour", "noise", medium())
            },
            Case {
                expected: &[TRIAGE, PANEL, SUPPORT],
                ..case("high", "harassment", high())
            },
            Case {
                share: false,
                expected: &[TRIAGE, PANEL_HELD, SUPPORT],
                ..case("high, no share", "violence", high())
            },
            Case {
                support: false,
                expected: &[TRIAGE, PANEL],
                ..case("high, no support consent", "drugs", high())
            },
            Case {
                support: false,
                expected: &[TRIAGE],
                ..case("medium, no support consent", "drugs", medium())
            },
            Case {
                mediation: false,
                expected: &[TRIAGE],
                ..case("noise, no mediation consent", "noise", None)
            },
            Case {
                anonymous: true,
                expected: &[TRIAGE, PANEL],
                ..case("anonymous high: panel only", "vehicle_nuisance", high())
            },
            Case {
                anonymous: true,
                expected: &[TRIAGE],
                ..case("anonymous noise", "noise", None)
            },
            Case {
                expected: &[TRIAGE],
                ..case(
                    "standard neighbour with violence flag",
                    "neighbour_dispute",
                    Some(assessment(Band::Standard, &["violence"])),
                )
            },
            Case {
                expected: &[TRIAGE],
                ..case(
                    "standard neighbour with hate flag",
                    "noise",
                    Some(assessment(Band::Standard, &["hate"])),
                )
            },
            Case {
                expected: &[TRIAGE],
                ..case("harassment is never mediated", "harassment", None)
            },
        ];
        let categories = default_categories();
        for c in cases {
            let input = RoutingInput {
                category: find(&categories, c.category).unwrap(),
                assessment: c.assessment.as_ref(),
                anonymous: c.anonymous,
                share_consent: c.share,
                support_consent: c.support,
                mediation_consent: c.mediation,
                relationship: None,
                reporting_for: None,
                agreement: None,
                honeypot: false,
            };
            let got: Vec<_> = decide_routes(&RoutingRules::default(), &input)
                .into_iter()
                .map(|d| (d.route, d.rule, d.held))
                .collect();
            let expected: Vec<_> = c
                .expected
                .iter()
                .map(|(route, rule, held)| (route.clone(), (*rule).to_owned(), *held))
                .collect();
            assert_eq!(got, expected, "{}", c.name);
        }
    }

    #[test]
    fn domestic_abuse_goes_to_its_route_and_is_never_mediated() {
        let categories = default_categories();
        let noise = find(&categories, "noise").unwrap();
        let rules = RoutingRules::default();
        let bands = [
            None,
            Some(Band::Standard),
            Some(Band::Medium),
            Some(Band::High),
        ];
        for relationship in Relationship::ALL {
            for band in bands {
                for share in [true, false] {
                    let a = band.map(|b| assessment(b, &[]));
                    let input = RoutingInput {
                        category: noise,
                        assessment: a.as_ref(),
                        anonymous: false,
                        share_consent: share,
                        support_consent: true,
                        mediation_consent: true,
                        relationship: Some(relationship),
                        reporting_for: None,
                        agreement: None,
                        honeypot: false,
                    };
                    let what = format!("{relationship:?}, {band:?}, share {share}");
                    let decisions = decide_routes(&rules, &input);
                    let routes: Vec<RouteId> = decisions.iter().map(|d| d.route.clone()).collect();
                    let domestic = decisions.iter().find(|d| d.route == RouteId::DomesticAbuse);
                    if relationship.is_domestic_abuse() {
                        assert!(!routes.contains(&RouteId::Mediation), "{what}");
                        assert!(!mediation_candidate(
                            &rules,
                            noise,
                            a.as_ref(),
                            Some(relationship)
                        ));
                        let d = domestic.unwrap_or_else(|| panic!("{what}: {routes:?}"));
                        let (rule, held) = if share {
                            (RULE_DOMESTIC_ABUSE_RELATIONSHIP, false)
                        } else {
                            (RULE_DOMESTIC_ABUSE_HELD_NO_SHARE_CONSENT, true)
                        };
                        assert_eq!((d.rule.as_str(), d.held), (rule, held), "{what}");
                        assert!(d.reason.contains("Mediation is not offered"), "{what}");
                    } else {
                        assert!(domestic.is_none(), "{what}");
                        // A low-risk neighbour problem is still mediated, as before.
                        let low = matches!(band, None | Some(Band::Standard));
                        assert_eq!(routes.contains(&RouteId::Mediation), low, "{what}");
                    }
                }
            }
        }
    }

    /// Every relationship × band × consent × anonymity, for a report made for someone else:
    /// with their agreement it routes as a report of their own; without it, nothing reaches a
    /// partner, and each partner route it would have had is held under the on-behalf rule.
    #[test]
    fn a_report_for_someone_else_reaches_a_partner_only_with_their_agreement() {
        let categories = default_categories();
        let rules = RoutingRules::default();
        let bands = [
            None,
            Some(Band::Standard),
            Some(Band::Medium),
            Some(Band::High),
        ];
        let agreements = [
            None,
            Some(Agreement::KnowsAndAgrees),
            Some(Agreement::KnowsButDoesNotAgree),
            Some(Agreement::DoesNotKnow),
        ];
        for category in ["noise", "harassment"] {
            let category = find(&categories, category).unwrap();
            for relationship in Relationship::ALL {
                for band in bands {
                    for consent in [true, false] {
                        for anonymous in [true, false] {
                            let a = band.map(|b| assessment(b, &[]));
                            let input = |reporting_for, agreement| RoutingInput {
                                category,
                                assessment: a.as_ref(),
                                anonymous,
                                share_consent: consent,
                                support_consent: consent,
                                mediation_consent: consent,
                                relationship: Some(relationship),
                                reporting_for,
                                agreement,
                                honeypot: false,
                            };
                            let own =
                                decide_routes(&rules, &input(Some(ReportingFor::Myself), None));
                            for agreement in agreements {
                                let what = format!(
                                    "{} {relationship:?} {band:?} consent {consent} anonymous \
                                     {anonymous} {agreement:?}",
                                    category.id
                                );
                                let got = decide_routes(
                                    &rules,
                                    &input(Some(ReportingFor::SomeoneElse), agreement),
                                );
                                if agreement == Some(Agreement::KnowsAndAgrees) {
                                    assert_eq!(got, own, "{what}");
                                    continue;
                                }
                                let routes: Vec<RouteId> =
                                    got.iter().map(|d| d.route.clone()).collect();
                                let own_routes: Vec<RouteId> =
                                    own.iter().map(|d| d.route.clone()).collect();
                                assert_eq!(routes, own_routes, "{what}");
                                for d in &got {
                                    if d.route == RouteId::Triage {
                                        assert!(!d.held, "{what}");
                                    } else {
                                        assert!(d.held, "{what}: {d:?}");
                                        assert_eq!(d.rule, RULE_ON_BEHALF_HELD_NO_AGREEMENT);
                                        assert!(d.reason.contains("made for someone else"));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A filled honeypot holds every route, triage's included, whatever else is true.
    #[test]
    fn a_filled_honeypot_holds_every_route() {
        let categories = default_categories();
        let high = assessment(Band::High, &[]);
        for (category, a) in [("noise", None), ("harassment", Some(&high))] {
            let input = RoutingInput {
                category: find(&categories, category).unwrap(),
                assessment: a,
                anonymous: false,
                share_consent: true,
                support_consent: true,
                mediation_consent: true,
                relationship: Some(Relationship::Neighbour),
                reporting_for: None,
                agreement: None,
                honeypot: true,
            };
            let decisions = decide_routes(&RoutingRules::default(), &input);
            assert!(decisions.len() >= 2, "{category}: {decisions:?}");
            for d in decisions {
                assert!(d.held, "{category}: {d:?}");
                assert_eq!(d.rule, crate::domain::honeypot::RULE_HONEYPOT_HELD);
            }
        }
    }

    #[test]
    fn mediation_candidate_table() {
        let categories = default_categories();
        let no_unassessed = RoutingRules {
            mediation_without_assessment: false,
            ..RoutingRules::default()
        };
        let defaults = RoutingRules::default();
        let cases: &[(&str, &RoutingRules, &str, Option<Assessment>, bool)] = &[
            ("noise unassessed", &defaults, "noise", None, true),
            (
                "noise unassessed, not allowed",
                &no_unassessed,
                "noise",
                None,
                false,
            ),
            (
                "noise standard, unassessed not allowed",
                &no_unassessed,
                "noise",
                Some(assessment(Band::Standard, &[])),
                true,
            ),
            (
                "noise medium",
                &defaults,
                "noise",
                Some(assessment(Band::Medium, &[])),
                false,
            ),
            (
                "noise high",
                &defaults,
                "noise",
                Some(assessment(Band::High, &[])),
                false,
            ),
            (
                "noise with threat flag",
                &defaults,
                "noise",
                Some(assessment(Band::Standard, &["threat"])),
                false,
            ),
            (
                "other flag does not exclude",
                &defaults,
                "noise",
                Some(assessment(Band::Standard, &["noise_at_night"])),
                true,
            ),
            ("vehicle", &defaults, "vehicle_nuisance", None, true),
            ("hate incident", &defaults, "hate_incident", None, false),
            ("something else", &defaults, "other", None, false),
        ];
        for (name, rules, category, a, expected) in cases {
            let category = find(&categories, category).unwrap();
            assert_eq!(
                mediation_candidate(rules, category, a.as_ref(), None),
                *expected,
                "{name}"
            );
        }
    }

    #[test]
    fn support_candidate_by_band() {
        let rules = RoutingRules::default();
        let cases = [
            (Band::Standard, false),
            (Band::Medium, true),
            (Band::High, true),
        ];
        for (band, expected) in cases {
            assert_eq!(
                support_candidate(&rules, &assessment(band, &[])),
                expected,
                "{band:?}"
            );
        }
    }

    #[test]
    fn reasons_are_plain_english() {
        let categories = default_categories();
        let high = assessment(Band::High, &[]);
        let input = RoutingInput {
            category: find(&categories, "drugs").unwrap(),
            assessment: Some(&high),
            anonymous: false,
            share_consent: false,
            support_consent: false,
            mediation_consent: false,
            relationship: None,
            reporting_for: None,
            agreement: None,
            honeypot: false,
        };
        let held = &decide_routes(&RoutingRules::default(), &input)[1];
        assert!(held.reason.contains("High"), "{}", held.reason);
        assert!(
            held.reason.contains("did not agree to share"),
            "{}",
            held.reason
        );
    }

    #[test]
    fn route_ids_match_serde() {
        for route in RouteId::ALL {
            assert_eq!(
                serde_json::to_string(&route).unwrap(),
                format!("\"{}\"", route.as_str())
            );
        }
    }

    #[test]
    fn each_rule_is_described_with_the_configured_bands() {
        let rules = RoutingRules::default();
        let cases = [
            (
                RULE_TRIAGE_ALWAYS,
                "Every report goes to the ASB triage team",
            ),
            (
                RULE_PANEL_HIGH_RISK,
                "Band high, and the resident agreed to share the report",
            ),
            (
                RULE_SUPPORT_BAND_WITH_CONSENT,
                "Band medium or high, and the resident agreed to a support referral",
            ),
        ];
        for (rule, summary) in cases {
            assert_eq!(describe_rule(&rules, rule), summary, "{rule}");
        }
        let widened = RoutingRules {
            panel_bands: vec![Band::Standard, Band::Medium, Band::High],
            ..RoutingRules::default()
        };
        assert!(describe_rule(&widened, RULE_PANEL_HELD_NO_SHARE_CONSENT)
            .starts_with("Band standard, medium or high, but"));
        assert!(describe_rule(&rules, RULE_MEDIATION_NEIGHBOUR_LOW_RISK)
            .contains("band standard or not assessed"));
    }
}
