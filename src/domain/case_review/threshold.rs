//! The ASB Case Review threshold (Anti-social Behaviour, Crime and Policing Act 2014, s.104):
//! whether the qualifying complaints an application rests on meet the local threshold, with
//! what counted, what was excluded and why, in words a coordinator and an applicant can read.
//!
//! The result is provisional and never a rejection: `NotMet` goes to the coordinator, who may
//! still hold a review (PRODUCT.md, "People decide; the portal recommends").

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::repeat::within_six_months;

/// Where a complaint was made. Local procedures may count only some of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintChannel {
    /// A report made through this portal.
    Portal,
    Council,
    Police,
    HousingProvider,
    Other,
}

impl ComplaintChannel {
    pub const ALL: [ComplaintChannel; 5] = [
        ComplaintChannel::Portal,
        ComplaintChannel::Council,
        ComplaintChannel::Police,
        ComplaintChannel::HousingProvider,
        ComplaintChannel::Other,
    ];

    /// As a sentence says it: "reported to the police".
    pub fn phrase(self) -> &'static str {
        match self {
            ComplaintChannel::Portal => "this portal",
            ComplaintChannel::Council => "the council",
            ComplaintChannel::Police => "the police",
            ComplaintChannel::HousingProvider => "a housing provider",
            ComplaintChannel::Other => "someone else",
        }
    }
}

/// The local rules for the threshold, from `[case_review]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdRules {
    /// Qualifying complaints needed (the Act's three, or fewer by local procedure).
    pub complaints_needed: u32,
    /// A complaint counts when made within this many calendar months before the application.
    pub window_months: u32,
    /// A complaint counts when made within this many calendar months of its incident.
    pub report_within_months: u32,
    /// The channels whose complaints count.
    pub counted_channels: Vec<ComplaintChannel>,
    /// Optional, off when `None`: one hate incident (or this many) meets the threshold.
    pub hate_incidents_needed: Option<u32>,
    /// Optional, off when `None`: this many different people complaining about the same
    /// problem in the window meets the threshold (the community threshold).
    pub community_reporters_needed: Option<u32>,
}

impl Default for ThresholdRules {
    fn default() -> Self {
        ThresholdRules {
            complaints_needed: 3,
            window_months: 6,
            report_within_months: 1,
            counted_channels: ComplaintChannel::ALL.to_vec(),
            hate_incidents_needed: None,
            community_reporters_needed: None,
        }
    }
}

/// One complaint the application rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// How the applicant and coordinator know it: a portal reference, or "Report 2".
    pub label: String,
    pub incident_date: NaiveDate,
    pub reported_on: NaiveDate,
    pub channel: ComplaintChannel,
    /// A portal report whose link to the applicant is proven; declared complaints are not.
    pub verified: bool,
    /// The applicant or the report says it was a hate incident.
    pub hate: bool,
}

/// The provisional outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    /// Enough complaints qualify, but some are declared and not yet verified.
    MetPendingVerification,
    NotMet,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::MetPendingVerification => "met_pending_verification",
            Outcome::NotMet => "not_met",
        }
    }
}

/// What happened to one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintVerdict {
    pub label: String,
    pub counted: bool,
    /// Why, in plain words: "counted", or the exclusion.
    pub reason: String,
}

/// The engine's answer: the outcome, each complaint's verdict, and each rule's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdResult {
    pub outcome: Outcome,
    /// Distinct incidents counted, and how many of them are verified.
    pub counted: u32,
    pub verified: u32,
    pub complaints: Vec<ComplaintVerdict>,
    /// One line per rule applied: "3 qualifying complaints are needed; 2 count (1 verified)".
    pub explanation: Vec<String>,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn months(n: u32) -> String {
    match n {
        1 => "one month".to_owned(),
        6 => "six months".to_owned(),
        n => format!("{n} months"),
    }
}

/// Why a complaint does not qualify on its own, or `None` when it does.
fn exclusion(rules: &ThresholdRules, applied_on: NaiveDate, c: &Complaint) -> Option<String> {
    if c.reported_on < c.incident_date {
        return Some("the date it was reported is before the incident".to_owned());
    }
    if c.reported_on > applied_on {
        return Some("reported after the application".to_owned());
    }
    let in_window = if rules.window_months == 6 {
        within_six_months(c.reported_on, applied_on)
    } else {
        applied_on
            .checked_sub_months(Months::new(rules.window_months))
            .is_none_or(|cutoff| c.reported_on >= cutoff)
    };
    if !in_window {
        return Some(format!(
            "reported more than {} before the application",
            months(rules.window_months)
        ));
    }
    let latest = c
        .incident_date
        .checked_add_months(Months::new(rules.report_within_months))
        .unwrap_or(NaiveDate::MAX);
    if c.reported_on > latest {
        let days = (c.reported_on - c.incident_date).num_days();
        return Some(format!(
            "reported {days} days after the incident; complaints count when made within {} of it",
            months(rules.report_within_months)
        ));
    }
    if !rules.counted_channels.contains(&c.channel) {
        let counted: Vec<&str> = rules
            .counted_channels
            .iter()
            .map(|ch| ch.phrase())
            .collect();
        return Some(format!(
            "reported to {}; local procedures count complaints made to {}",
            c.channel.phrase(),
            join_or(&counted)
        ));
    }
    None
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => "no one".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Checks the threshold for an application made on `applied_on`. `community_reporters` is how
/// many different people reported the same problem in the window (found by storage; only
/// used when the community threshold is on).
pub fn check_threshold(
    rules: &ThresholdRules,
    applied_on: NaiveDate,
    complaints: &[Complaint],
    community_reporters: u32,
) -> ThresholdResult {
    let mut verdicts: Vec<ComplaintVerdict> = Vec::new();
    // One incident reported to several bodies counts once: qualifying complaints are grouped
    // by incident date, and a verified one represents its incident when there is one.
    let mut incidents: BTreeMap<NaiveDate, (usize, bool, bool)> = BTreeMap::new();
    let mut qualifying: Vec<(usize, &Complaint)> = Vec::new();
    for (i, c) in complaints.iter().enumerate() {
        match exclusion(rules, applied_on, c) {
            Some(reason) => verdicts.push(ComplaintVerdict {
                label: c.label.clone(),
                counted: false,
                reason,
            }),
            None => {
                verdicts.push(ComplaintVerdict {
                    label: c.label.clone(),
                    counted: true,
                    reason: "counted".to_owned(),
                });
                qualifying.push((i, c));
            }
        }
    }
    for (i, c) in &qualifying {
        let entry = incidents
            .entry(c.incident_date)
            .or_insert((*i, c.verified, c.hate));
        if c.verified && !entry.1 {
            entry.0 = *i;
            entry.1 = true;
        }
        entry.2 |= c.hate;
    }
    for (i, c) in &qualifying {
        let (kept, _, _) = incidents[&c.incident_date];
        if kept != *i {
            verdicts[*i].counted = false;
            verdicts[*i].reason = format!(
                "the same incident as {}, reported to several bodies: it counts once",
                complaints[kept].label
            );
        }
    }
    let counted = incidents.len() as u32;
    let verified = incidents.values().filter(|(_, v, _)| *v).count() as u32;
    let needed = rules.complaints_needed;
    let mut explanation = vec![format!(
        "{} needed: {} made within {} of the incident and within {} before the application; \
         {} ({} verified)",
        plural(
            needed,
            "qualifying complaint is",
            "qualifying complaints are"
        ),
        "each",
        months(rules.report_within_months),
        months(rules.window_months),
        plural(counted, "counts", "count"),
        verified
    )];
    let mut outcome = if verified >= needed {
        Outcome::Met
    } else if counted >= needed {
        Outcome::MetPendingVerification
    } else {
        Outcome::NotMet
    };
    if let Some(hate_needed) = rules.hate_incidents_needed {
        let hate = incidents.values().filter(|(_, _, h)| *h).count() as u32;
        let hate_verified = incidents.values().filter(|(_, v, h)| *v && *h).count() as u32;
        explanation.push(format!(
            "Hate incidents: {} needed; {hate} ({hate_verified} verified)",
            hate_needed
        ));
        let by_hate = if hate_verified >= hate_needed {
            Outcome::Met
        } else if hate >= hate_needed {
            Outcome::MetPendingVerification
        } else {
            Outcome::NotMet
        };
        outcome = best(outcome, by_hate);
    }
    if let Some(people) = rules.community_reporters_needed {
        explanation.push(format!(
            "Community threshold: {people} different people reporting the same problem within {} \
             are needed; {community_reporters} have",
            months(rules.window_months)
        ));
        if community_reporters >= people {
            outcome = Outcome::Met;
        }
    }
    ThresholdResult {
        outcome,
        counted,
        verified,
        complaints: verdicts,
        explanation,
    }
}

fn best(a: Outcome, b: Outcome) -> Outcome {
    let rank = |o| match o {
        Outcome::Met => 2,
        Outcome::MetPendingVerification => 1,
        Outcome::NotMet => 0,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ComplaintChannel::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn complaint(
        label: &str,
        incident: NaiveDate,
        reported: NaiveDate,
        channel: ComplaintChannel,
        verified: bool,
    ) -> Complaint {
        Complaint {
            label: label.to_owned(),
            incident_date: incident,
            reported_on: reported,
            channel,
            verified,
            hate: false,
        }
    }

    /// A complaint reported on the day of its incident.
    fn on(label: &str, day: NaiveDate, channel: ComplaintChannel, verified: bool) -> Complaint {
        complaint(label, day, day, channel, verified)
    }

    #[test]
    fn the_threshold_table() {
        let applied = ymd(2026, 7, 15);
        let rules = ThresholdRules::default();
        let a = ymd(2026, 5, 1);
        let b = ymd(2026, 6, 1);
        let c = ymd(2026, 7, 1);
        // (what, complaints, outcome, counted, verified)
        let cases: Vec<(&str, Vec<Complaint>, Outcome, u32, u32)> = vec![
            ("none", vec![], Outcome::NotMet, 0, 0),
            (
                "three verified portal reports",
                vec![
                    on("A", a, Portal, true),
                    on("B", b, Portal, true),
                    on("C", c, Portal, true),
                ],
                Outcome::Met,
                3,
                3,
            ),
            (
                "two verified and one declared",
                vec![
                    on("A", a, Portal, true),
                    on("B", b, Portal, true),
                    on("C", c, Police, false),
                ],
                Outcome::MetPendingVerification,
                3,
                2,
            ),
            (
                "two",
                vec![on("A", a, Portal, true), on("B", b, Council, false)],
                Outcome::NotMet,
                2,
                1,
            ),
            (
                "one incident reported to three bodies counts once",
                vec![
                    on("A", a, Portal, true),
                    on("B", a, Police, false),
                    on("C", a, Council, false),
                ],
                Outcome::NotMet,
                1,
                1,
            ),
            (
                "a verified report stands for its incident over a declared one",
                vec![
                    on("A", a, Police, false),
                    on("B", a, Portal, true),
                    on("C", b, Council, false),
                    on("D", c, Council, false),
                ],
                Outcome::MetPendingVerification,
                3,
                1,
            ),
            (
                "exactly six months before the application counts",
                vec![
                    on("A", ymd(2026, 1, 15), Portal, true),
                    on("B", b, Portal, true),
                    on("C", c, Portal, true),
                ],
                Outcome::Met,
                3,
                3,
            ),
            (
                "a day more than six months before does not",
                vec![
                    on("A", ymd(2026, 1, 14), Portal, true),
                    on("B", b, Portal, true),
                    on("C", c, Portal, true),
                ],
                Outcome::NotMet,
                2,
                2,
            ),
            (
                "reported exactly one month after the incident counts",
                vec![
                    complaint("A", ymd(2026, 5, 1), ymd(2026, 6, 1), Police, false),
                    on("B", b, Portal, true),
                    on("C", c, Portal, true),
                ],
                Outcome::MetPendingVerification,
                3,
                2,
            ),
            (
                "a day past one month does not",
                vec![
                    complaint("A", ymd(2026, 5, 1), ymd(2026, 6, 2), Police, false),
                    on("B", b, Portal, true),
                    on("C", c, Portal, true),
                ],
                Outcome::NotMet,
                2,
                2,
            ),
        ];
        for (what, complaints, outcome, counted, verified) in cases {
            let result = check_threshold(&rules, applied, &complaints, 0);
            assert_eq!(result.outcome, outcome, "{what}: {result:#?}");
            assert_eq!(
                (result.counted, result.verified),
                (counted, verified),
                "{what}"
            );
            assert_eq!(
                result.complaints.len(),
                complaints.len(),
                "{what}: every complaint has a verdict"
            );
        }
    }

    #[test]
    fn month_ends_and_leap_days() {
        let rules = ThresholdRules::default();
        // Incident 31 January: one month later is the last day of February.
        let cases = [
            (ymd(2026, 1, 31), ymd(2026, 2, 28), true),
            (ymd(2026, 1, 31), ymd(2026, 3, 1), false),
            (ymd(2024, 1, 31), ymd(2024, 2, 29), true),
            (ymd(2024, 1, 31), ymd(2024, 3, 1), false),
            (ymd(2024, 2, 29), ymd(2024, 3, 29), true),
            (ymd(2024, 2, 29), ymd(2024, 3, 30), false),
        ];
        for (incident, reported, counts) in cases {
            let applied = reported + chrono::Duration::days(1);
            let result = check_threshold(
                &rules,
                applied,
                &[complaint("A", incident, reported, Police, false)],
                0,
            );
            assert_eq!(
                result.complaints[0].counted, counts,
                "{incident} → {reported}: {:?}",
                result.complaints[0]
            );
        }
    }

    #[test]
    fn each_exclusion_says_why() {
        let applied = ymd(2026, 7, 15);
        let rules = ThresholdRules {
            counted_channels: vec![Portal, Council, Police],
            ..ThresholdRules::default()
        };
        let cases = [
            (complaint("A", ymd(2026, 5, 1), ymd(2026, 6, 10), Police, false), "reported 40 days after the incident; complaints count when made within one month of it"),
            (on("B", ymd(2025, 12, 1), Portal, true), "reported more than six months before the application"),
            (on("C", ymd(2026, 6, 1), HousingProvider, false), "reported to a housing provider; local procedures count complaints made to this portal, the council or the police"),
            (complaint("D", ymd(2026, 6, 2), ymd(2026, 6, 1), Council, false), "the date it was reported is before the incident"),
            (on("E", ymd(2026, 7, 20), Portal, true), "reported after the application"),
        ];
        for (c, reason) in cases {
            let result = check_threshold(&rules, applied, std::slice::from_ref(&c), 0);
            assert_eq!(result.complaints[0].reason, reason, "{}", c.label);
            assert!(!result.complaints[0].counted);
            assert_eq!(result.outcome, Outcome::NotMet);
        }
        let twice = check_threshold(
            &rules,
            applied,
            &[
                on("A", ymd(2026, 6, 1), Portal, true),
                on("B", ymd(2026, 6, 1), Police, false),
            ],
            0,
        );
        assert_eq!(
            twice.complaints[1].reason,
            "the same incident as A, reported to several bodies: it counts once"
        );
        assert!(
            twice.explanation[0].starts_with("3 qualifying complaints are needed"),
            "{:?}",
            twice.explanation
        );
    }

    #[test]
    fn the_optional_hate_and_community_thresholds() {
        let applied = ymd(2026, 7, 15);
        let mut hate = on("A", ymd(2026, 7, 1), Police, false);
        hate.hate = true;
        let verified_hate = Complaint {
            verified: true,
            channel: Portal,
            ..hate.clone()
        };
        let off = ThresholdRules::default();
        let hate_on = ThresholdRules {
            hate_incidents_needed: Some(1),
            ..ThresholdRules::default()
        };
        let community_on = ThresholdRules {
            community_reporters_needed: Some(5),
            ..ThresholdRules::default()
        };
        // (what, rules, complaints, community reporters) → outcome
        let cases = [
            (
                "hate, threshold off",
                &off,
                vec![hate.clone()],
                0,
                Outcome::NotMet,
            ),
            (
                "declared hate, threshold on",
                &hate_on,
                vec![hate.clone()],
                0,
                Outcome::MetPendingVerification,
            ),
            (
                "verified hate, threshold on",
                &hate_on,
                vec![verified_hate],
                0,
                Outcome::Met,
            ),
            (
                "not hate, threshold on",
                &hate_on,
                vec![on("B", ymd(2026, 7, 1), Portal, true)],
                0,
                Outcome::NotMet,
            ),
            (
                "five reporters, community off",
                &off,
                vec![],
                5,
                Outcome::NotMet,
            ),
            (
                "four reporters, community on",
                &community_on,
                vec![],
                4,
                Outcome::NotMet,
            ),
            (
                "five reporters, community on",
                &community_on,
                vec![],
                5,
                Outcome::Met,
            ),
        ];
        for (what, rules, complaints, reporters, outcome) in cases {
            let result = check_threshold(rules, applied, &complaints, reporters);
            assert_eq!(result.outcome, outcome, "{what}: {:?}", result.explanation);
        }
    }

    fn any_complaint() -> impl Strategy<Value = Complaint> {
        (0i64..400, 0i64..60, 0usize..5, any::<bool>(), any::<bool>()).prop_map(
            |(days_before, delay, channel, verified, hate)| {
                let incident = ymd(2026, 7, 15) - chrono::Duration::days(days_before);
                Complaint {
                    label: format!("R{days_before}-{delay}"),
                    incident_date: incident,
                    reported_on: incident + chrono::Duration::days(delay),
                    channel: ComplaintChannel::ALL[channel],
                    verified,
                    hate,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn the_outcome_follows_the_counts(complaints in proptest::collection::vec(any_complaint(), 0..12)) {
            let rules = ThresholdRules::default();
            let result = check_threshold(&rules, ymd(2026, 7, 15), &complaints, 0);
            prop_assert!(result.verified <= result.counted);
            prop_assert!(result.counted as usize <= complaints.len());
            let counted_verdicts = result.complaints.iter().filter(|v| v.counted).count();
            prop_assert_eq!(counted_verdicts as u32, result.counted);
            let expected = if result.verified >= 3 {
                Outcome::Met
            } else if result.counted >= 3 {
                Outcome::MetPendingVerification
            } else {
                Outcome::NotMet
            };
            prop_assert_eq!(result.outcome, expected);
            // Adding a complaint never makes the outcome worse.
            let mut more = complaints.clone();
            more.push(Complaint {
                label: "extra".into(),
                incident_date: ymd(2026, 7, 10),
                reported_on: ymd(2026, 7, 10),
                channel: ComplaintChannel::Portal,
                verified: true,
                hate: false,
            });
            let again = check_threshold(&rules, ymd(2026, 7, 15), &more, 0);
            prop_assert!(again.counted >= result.counted);
        }
    }
}
