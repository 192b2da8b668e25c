//! Urgency and the response deadline: one rule, so the confirmation page, the resident's
//! acknowledgement and every partner email give the same date.
//!
//! A report is urgent when an answer is critical (thoughts of self-harm) or its needs
//! assessment band is one of the configured urgent bands (High by default); an urgent report
//! is answered within the urgent number of working days (one by default) instead of the
//! standard number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::assessment::{Assessment, Band};
use crate::domain::bank_holidays::BankHolidays;
use crate::domain::working_days::add_working_days;

/// Why a report is urgent, or that it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Standard,
    /// An answer is critical.
    CriticalAnswer,
    /// The needs assessment band is one of the urgent bands.
    UrgentBand,
}

impl Urgency {
    pub fn is_urgent(self) -> bool {
        self != Urgency::Standard
    }
}

/// The local response times, from `[site]`.
#[derive(Debug, Clone, Copy)]
pub struct ResponseTimes<'a> {
    pub standard_working_days: u32,
    pub urgent_working_days: u32,
    pub urgent_bands: &'a [Band],
}

/// How urgent a report is. A report that skipped the needs assessment is never urgent: nothing
/// the person told us suggests risk.
pub fn urgency(times: &ResponseTimes, assessment: Option<&Assessment>) -> Urgency {
    match assessment {
        Some(a) if a.critical => Urgency::CriticalAnswer,
        Some(a) if times.urgent_bands.contains(&a.band) => Urgency::UrgentBand,
        _ => Urgency::Standard,
    }
}

/// The date by which the council responds to a report submitted on `submitted_on`.
pub fn respond_by(
    times: &ResponseTimes,
    urgency: Urgency,
    submitted_on: NaiveDate,
    holidays: &BankHolidays,
) -> NaiveDate {
    let days = if urgency.is_urgent() {
        times.urgent_working_days
    } else {
        times.standard_working_days
    };
    add_working_days(submitted_on, days, holidays)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn assessed(band: Band, critical: bool) -> Assessment {
        Assessment {
            score: 0,
            band,
            critical,
            flags: BTreeSet::new(),
            high_because: None,
            profile: Vec::new(),
        }
    }

    #[test]
    fn urgency_and_deadline() {
        let holidays = BankHolidays::england_and_wales();
        let high_only: &'static [Band] = &[Band::High];
        let medium_and_high: &'static [Band] = &[Band::Medium, Band::High];
        let times = |urgent_bands: &'static [Band], standard, urgent| ResponseTimes {
            standard_working_days: standard,
            urgent_working_days: urgent,
            urgent_bands,
        };
        let tuesday = ymd(2026, 12, 1);
        let christmas_eve = ymd(2026, 12, 24);
        let friday = ymd(2026, 12, 4);
        // (what, times, assessment, submitted, urgency, respond by)
        type Case<'a> = (
            &'a str,
            ResponseTimes<'a>,
            Option<Assessment>,
            NaiveDate,
            Urgency,
            NaiveDate,
        );
        let cases: Vec<Case> = vec![
            (
                "not assessed",
                times(high_only, 5, 1),
                None,
                tuesday,
                Urgency::Standard,
                ymd(2026, 12, 8),
            ),
            (
                "standard band",
                times(high_only, 5, 1),
                Some(assessed(Band::Standard, false)),
                tuesday,
                Urgency::Standard,
                ymd(2026, 12, 8),
            ),
            (
                "medium band",
                times(high_only, 5, 1),
                Some(assessed(Band::Medium, false)),
                tuesday,
                Urgency::Standard,
                ymd(2026, 12, 8),
            ),
            (
                "high band",
                times(high_only, 5, 1),
                Some(assessed(Band::High, false)),
                tuesday,
                Urgency::UrgentBand,
                ymd(2026, 12, 2),
            ),
            (
                "critical answer at standard band",
                times(high_only, 5, 1),
                Some(assessed(Band::Standard, true)),
                tuesday,
                Urgency::CriticalAnswer,
                ymd(2026, 12, 2),
            ),
            (
                "critical and high: the critical answer is the reason",
                times(high_only, 5, 1),
                Some(assessed(Band::High, true)),
                tuesday,
                Urgency::CriticalAnswer,
                ymd(2026, 12, 2),
            ),
            (
                "medium is urgent where configured",
                times(medium_and_high, 5, 1),
                Some(assessed(Band::Medium, false)),
                tuesday,
                Urgency::UrgentBand,
                ymd(2026, 12, 2),
            ),
            (
                "no urgent bands: only a critical answer",
                times(&[], 5, 1),
                Some(assessed(Band::High, false)),
                tuesday,
                Urgency::Standard,
                ymd(2026, 12, 8),
            ),
            (
                "urgent on a Friday: next Monday",
                times(high_only, 5, 1),
                Some(assessed(Band::High, false)),
                friday,
                Urgency::UrgentBand,
                ymd(2026, 12, 7),
            ),
            (
                "urgent on Christmas Eve: after the bank holidays and the weekend",
                times(high_only, 5, 1),
                Some(assessed(Band::High, true)),
                christmas_eve,
                Urgency::CriticalAnswer,
                ymd(2026, 12, 29),
            ),
            (
                "standard over Christmas",
                times(high_only, 5, 1),
                None,
                christmas_eve,
                Urgency::Standard,
                ymd(2027, 1, 5),
            ),
            (
                "ten standard days",
                times(high_only, 10, 2),
                None,
                tuesday,
                Urgency::Standard,
                ymd(2026, 12, 15),
            ),
            (
                "two urgent days",
                times(high_only, 10, 2),
                Some(assessed(Band::High, false)),
                tuesday,
                Urgency::UrgentBand,
                ymd(2026, 12, 3),
            ),
        ];
        for (what, times, assessment, submitted, expected_urgency, expected_date) in cases {
            let found = urgency(&times, assessment.as_ref());
            assert_eq!(found, expected_urgency, "{what}");
            assert_eq!(
                respond_by(&times, found, submitted, &holidays),
                expected_date,
                "{what}"
            );
        }
    }
}
