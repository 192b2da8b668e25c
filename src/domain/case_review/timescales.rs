//! The case review's deadlines, in England and Wales working days (PRODUCT.md, "Timescales"):
//! a threshold decision within 10 working days of the application, the review meeting within
//! 20 of the decision, and the outcome within 10 of the meeting. Configurable in `[case_review]`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::bank_holidays::BankHolidays;
use crate::domain::working_days::add_working_days;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescales {
    pub decision_working_days: u32,
    pub meeting_working_days: u32,
    pub outcome_working_days: u32,
}

impl Default for Timescales {
    fn default() -> Self {
        Timescales {
            decision_working_days: 10,
            meeting_working_days: 20,
            outcome_working_days: 10,
        }
    }
}

/// The dates by which each step is due. The later ones run from the step before, so they are
/// worked out again when that step happens; until then they run from its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub decision_by: NaiveDate,
    pub meeting_by: NaiveDate,
    pub outcome_by: NaiveDate,
}

impl Timescales {
    pub fn decision_by(&self, applied_on: NaiveDate, holidays: &BankHolidays) -> NaiveDate {
        add_working_days(applied_on, self.decision_working_days, holidays)
    }

    pub fn meeting_by(&self, decided_on: NaiveDate, holidays: &BankHolidays) -> NaiveDate {
        add_working_days(decided_on, self.meeting_working_days, holidays)
    }

    pub fn outcome_by(&self, met_on: NaiveDate, holidays: &BankHolidays) -> NaiveDate {
        add_working_days(met_on, self.outcome_working_days, holidays)
    }

    /// Every deadline from the application date, each step assumed on its deadline.
    pub fn deadlines(&self, applied_on: NaiveDate, holidays: &BankHolidays) -> Deadlines {
        let decision_by = self.decision_by(applied_on, holidays);
        let meeting_by = self.meeting_by(decision_by, holidays);
        Deadlines {
            decision_by,
            meeting_by,
            outcome_by: self.outcome_by(meeting_by, holidays),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn deadlines_count_working_days_past_weekends_and_bank_holidays() {
        let holidays = BankHolidays::england_and_wales();
        let t = Timescales::default();
        // (applied on, decision by, meeting by, outcome by, why)
        let cases = [
            (
                ymd(2026, 6, 1),
                ymd(2026, 6, 15),
                ymd(2026, 7, 13),
                ymd(2026, 7, 27),
                "no holidays",
            ),
            (
                ymd(2026, 6, 6),
                ymd(2026, 6, 19),
                ymd(2026, 7, 17),
                ymd(2026, 7, 31),
                "applied on a Saturday",
            ),
            (
                ymd(2026, 12, 18),
                ymd(2027, 1, 6),
                ymd(2027, 2, 3),
                ymd(2027, 2, 17),
                "over Christmas, Boxing Day's substitute and New Year",
            ),
            (
                ymd(2026, 3, 27),
                ymd(2026, 4, 14),
                ymd(2026, 5, 13),
                ymd(2026, 5, 28),
                "over Easter and the May holiday",
            ),
            (
                ymd(2024, 2, 28),
                ymd(2024, 3, 13),
                ymd(2024, 4, 12),
                ymd(2024, 4, 26),
                "a leap day, then Easter",
            ),
        ];
        for (applied, decision, meeting, outcome, why) in cases {
            let d = t.deadlines(applied, &holidays);
            assert_eq!(
                (d.decision_by, d.meeting_by, d.outcome_by),
                (decision, meeting, outcome),
                "{why}"
            );
        }
        let quick = Timescales {
            decision_working_days: 5,
            meeting_working_days: 10,
            outcome_working_days: 5,
        };
        assert_eq!(
            quick.decision_by(ymd(2026, 6, 1), &holidays),
            ymd(2026, 6, 8)
        );
    }
}
