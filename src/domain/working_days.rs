//! Working-day arithmetic for deadlines ("we will reply within 10 working days").
//!
//! Working days are Monday to Friday, excluding bank holidays, which come from
//! [`BankHolidays`]: computed by rule for any year, so a deadline never silently stops
//! skipping holidays.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::bank_holidays::BankHolidays;

/// Whether people are at work on `date`.
pub fn is_working_day(date: NaiveDate, holidays: &BankHolidays) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.is_holiday(date)
}

/// The date `days` working days after `start`. Counting starts the day after `start` (the day
/// something arrives is not a day to act on it), so zero days is `start` itself.
pub fn add_working_days(start: NaiveDate, days: u32, holidays: &BankHolidays) -> NaiveDate {
    let mut date = start;
    let mut remaining = days;
    while remaining > 0 {
        // Saturating at the end of chrono's range is harmless: no deadline is that far off.
        match date.succ_opt() {
            Some(next) => date = next,
            None => return date,
        }
        if is_working_day(date, holidays) {
            remaining -= 1;
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn adding_working_days() {
        let holidays = BankHolidays::england_and_wales();
        let cases = [
            // (start, days, expected, why)
            (
                ymd(2025, 6, 2),
                0,
                ymd(2025, 6, 2),
                "zero days is the start",
            ),
            (ymd(2025, 6, 2), 1, ymd(2025, 6, 3), "Monday + 1 is Tuesday"),
            (
                ymd(2025, 6, 6),
                1,
                ymd(2025, 6, 9),
                "Friday + 1 skips the weekend",
            ),
            (
                ymd(2025, 6, 7),
                1,
                ymd(2025, 6, 9),
                "Saturday + 1 is Monday",
            ),
            (ymd(2025, 6, 8), 1, ymd(2025, 6, 9), "Sunday + 1 is Monday"),
            (ymd(2025, 6, 2), 5, ymd(2025, 6, 9), "a working week"),
            (ymd(2025, 6, 2), 10, ymd(2025, 6, 16), "two working weeks"),
            (
                ymd(2025, 12, 24),
                1,
                ymd(2025, 12, 29),
                "Christmas and Boxing Day, then a weekend",
            ),
            (
                ymd(2025, 12, 19),
                10,
                ymd(2026, 1, 7),
                "over Christmas and New Year",
            ),
            (
                ymd(2026, 12, 24),
                1,
                ymd(2026, 12, 29),
                "2026 Boxing Day substitute Monday",
            ),
            (
                ymd(2027, 12, 24),
                1,
                ymd(2027, 12, 29),
                "2027 substitutes Monday and Tuesday",
            ),
            (ymd(2025, 4, 17), 1, ymd(2025, 4, 22), "Easter"),
            (
                ymd(2025, 5, 2),
                1,
                ymd(2025, 5, 6),
                "early May bank holiday",
            ),
        ];
        for (start, days, expected, why) in cases {
            assert_eq!(add_working_days(start, days, &holidays), expected, "{why}");
        }
    }

    #[test]
    fn without_holidays_christmas_is_a_working_day() {
        assert_eq!(
            add_working_days(ymd(2025, 12, 24), 1, &no_holidays()),
            ymd(2025, 12, 25)
        );
    }

    /// A calendar with every holiday removed, for the tests that need plain weekdays.
    fn no_holidays() -> BankHolidays {
        let mut holidays = BankHolidays::default();
        holidays.removed = (2025..=2026).flat_map(|y| holidays.in_year(y)).collect();
        holidays
    }

    #[test]
    fn deadlines_keep_skipping_holidays_in_any_year() {
        let holidays = BankHolidays::england_and_wales();
        let cases = [
            (
                ymd(2031, 12, 24),
                1,
                ymd(2031, 12, 29),
                "2031: Christmas Thursday, Boxing Day Friday",
            ),
            (
                ymd(2040, 3, 29),
                1,
                ymd(2040, 4, 3),
                "2040: Good Friday and Easter Monday",
            ),
            (
                ymd(2099, 8, 28),
                1,
                ymd(2099, 9, 1),
                "2099: the summer bank holiday",
            ),
        ];
        for (start, days, expected, why) in cases {
            assert_eq!(add_working_days(start, days, &holidays), expected, "{why}");
        }
    }

    proptest! {
        #[test]
        fn result_is_a_working_day_after_start(offset in 0i64..1200, days in 1u32..40) {
            let holidays = BankHolidays::england_and_wales();
            let start = ymd(2025, 1, 1) + chrono::Duration::days(offset);
            let end = add_working_days(start, days, &holidays);
            prop_assert!(end > start);
            prop_assert!(is_working_day(end, &holidays));
            let counted = start
                .iter_days()
                .skip(1)
                .take_while(|d| *d <= end)
                .filter(|d| is_working_day(*d, &holidays))
                .count();
            prop_assert_eq!(counted, days as usize);
        }
    }
}
