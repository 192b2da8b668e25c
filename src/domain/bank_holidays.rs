//! England and Wales bank holidays, computed by rule for any year, with a deployment's one-off
//! changes on top (a coronation, a moved May holiday), so deadlines never silently stop
//! skipping holidays when a built-in list runs out.
//!
//! The rule (Banking and Financial Dealings Act 1971 and the proclamations under it):
//! New Year's Day, Good Friday, Easter Monday, the first Monday in May, the last Monday in May,
//! the last Monday in August, Christmas Day and Boxing Day. A holiday on a Saturday or Sunday
//! moves to the next weekday that is not already a holiday ("substitute day").

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The bank holidays a deployment counts: the rule, plus `added` days, less `removed` ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BankHolidays {
    /// One-off extra holidays, e.g. 2023-05-08 for the coronation.
    pub added: Vec<NaiveDate>,
    /// Days the rule gives that did not happen, e.g. 2020-05-04 when the May holiday moved.
    pub removed: Vec<NaiveDate>,
}

impl BankHolidays {
    /// The rule with the one-off changes England and Wales have had since 2018, as the
    /// built-in configuration lists them.
    pub fn england_and_wales() -> Self {
        crate::domain::defaults::product().bank_holidays.clone()
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        if self.added.contains(&date) {
            return true;
        }
        !self.removed.contains(&date) && rule_holidays(date.year()).contains(&date)
    }

    /// Every holiday in `year`, in order.
    pub fn in_year(&self, year: i32) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = rule_holidays(year)
            .into_iter()
            .filter(|d| !self.removed.contains(d))
            .chain(self.added.iter().copied().filter(|d| d.year() == year))
            .collect();
        days.sort();
        days.dedup();
        days
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Computus").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("every month has one")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
        .expect("every month has four Mondays")
}

/// The holidays the rule gives for `year`, with substitute days, in order.
fn rule_holidays(year: i32) -> Vec<NaiveDate> {
    // Out of chrono's range there are no holidays to count; deadlines there are meaningless.
    if !(1..=9999).contains(&year) {
        return Vec::new();
    }
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("a real date");
    let easter = easter_sunday(year);
    let mut days = vec![
        easter - Duration::days(2),
        easter + Duration::days(1),
        first_monday(year, 5),
        last_monday(year, 5),
        last_monday(year, 8),
    ];
    // New Year's Day, Christmas Day and Boxing Day move off a weekend to the next weekday
    // not already a holiday: Christmas on a Sunday is kept on Tuesday 27th, after Boxing Day
    // on Monday 26th.
    let new_year = match date(1, 1).weekday() {
        Weekday::Sat => date(1, 3),
        Weekday::Sun => date(1, 2),
        _ => date(1, 1),
    };
    let (christmas, boxing_day) = match date(12, 25).weekday() {
        Weekday::Fri => (date(12, 25), date(12, 28)),
        Weekday::Sat => (date(12, 27), date(12, 28)),
        Weekday::Sun => (date(12, 27), date(12, 26)),
        _ => (date(12, 25), date(12, 26)),
    };
    let fixed = [new_year, christmas, boxing_day];
    days.extend(fixed);
    days.sort();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GOV.UK's published England and Wales bank holidays, 2018 to 2027.
    const PUBLISHED: &[(i32, &[(u32, u32)])] = &[
        (
            2018,
            &[
                (1, 1),
                (3, 30),
                (4, 2),
                (5, 7),
                (5, 28),
                (8, 27),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2019,
            &[
                (1, 1),
                (4, 19),
                (4, 22),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2020,
            &[
                (1, 1),
                (4, 10),
                (4, 13),
                (5, 8),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2021,
            &[
                (1, 1),
                (4, 2),
                (4, 5),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
        (
            2022,
            &[
                (1, 3),
                (4, 15),
                (4, 18),
                (5, 2),
                (6, 2),
                (6, 3),
                (8, 29),
                (9, 19),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2023,
            &[
                (1, 2),
                (4, 7),
                (4, 10),
                (5, 1),
                (5, 8),
                (5, 29),
                (8, 28),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2024,
            &[
                (1, 1),
                (3, 29),
                (4, 1),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2025,
            &[
                (1, 1),
                (4, 18),
                (4, 21),
                (5, 5),
                (5, 26),
                (8, 25),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2026,
            &[
                (1, 1),
                (4, 3),
                (4, 6),
                (5, 4),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2027,
            &[
                (1, 1),
                (3, 26),
                (3, 29),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
    ];

    #[test]
    fn computed_holidays_equal_the_published_lists_2018_to_2027() {
        let holidays = BankHolidays::england_and_wales();
        for (year, published) in PUBLISHED {
            let expected: Vec<NaiveDate> = published
                .iter()
                .map(|&(m, d)| NaiveDate::from_ymd_opt(*year, m, d).unwrap())
                .collect();
            assert_eq!(holidays.in_year(*year), expected, "{year}");
            for day in &expected {
                assert!(holidays.is_holiday(*day), "{day}");
            }
        }
    }

    #[test]
    fn easter_sundays() {
        let cases = [
            (2018, 4, 1),
            (2019, 4, 21),
            (2024, 3, 31),
            (2027, 3, 28),
            (2038, 4, 25),
        ];
        for (year, month, day) in cases {
            assert_eq!(
                easter_sunday(year),
                NaiveDate::from_ymd_opt(year, month, day).unwrap(),
                "{year}"
            );
        }
    }

    #[test]
    fn every_year_has_eight_holidays_on_weekdays() {
        let rule = BankHolidays::default();
        for year in 2000..2200 {
            let days = rule.in_year(year);
            assert_eq!(days.len(), 8, "{year}: {days:?}");
            assert!(
                days.iter().all(|d| d.weekday().num_days_from_monday() < 5),
                "{year}: {days:?}"
            );
        }
    }

    #[test]
    fn added_and_removed_days_change_only_those_days() {
        let day = |m, d| NaiveDate::from_ymd_opt(2031, m, d).unwrap();
        let changed = BankHolidays {
            added: vec![day(6, 6)],
            removed: vec![day(5, 5)],
        };
        assert!(changed.is_holiday(day(6, 6)));
        assert!(!changed.is_holiday(day(5, 5)));
        assert!(
            changed.is_holiday(day(5, 26)),
            "the spring holiday is untouched"
        );
        assert_eq!(changed.in_year(2031).len(), 8);
    }
}
