//! Working-day arithmetic for deadlines ("we will reply within 10 working days").
//!
//! Working days are Monday to Friday, excluding bank holidays. England and Wales holidays are
//! built in for the years the portal is expected to run before its config is updated; a
//! deployment can replace them (Scotland and Northern Ireland have different ones).

use chrono::{Datelike, NaiveDate, Weekday};

/// Whether people are at work on `date`.
pub fn is_working_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The date `days` working days after `start`. Counting starts the day after `start` (the day
/// something arrives is not a day to act on it), so zero days is `start` itself.
pub fn add_working_days(start: NaiveDate, days: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut date = start;
    let mut remaining = days;
    while remaining > 0 {
        // Saturating at the end of chrono's range is harmless: no deadline is that far off.
        date = date.succ_opt().unwrap_or(date);
        if is_working_day(date, holidays) {
            remaining -= 1;
        }
    }
    date
}

/// England and Wales bank holidays, 2025–2027 (GOV.UK), including substitute days when a
/// holiday falls at a weekend.
pub fn default_bank_holidays() -> Vec<NaiveDate> {
    const DAYS: [(i32, u32, u32); 24] = [
        (2025, 1, 1),
        (2025, 4, 18),
        (2025, 4, 21),
        (2025, 5, 5),
        (2025, 5, 26),
        (2025, 8, 25),
        (2025, 12, 25),
        (2025, 12, 26),
        (2026, 1, 1),
        (2026, 4, 3),
        (2026, 4, 6),
        (2026, 5, 4),
        (2026, 5, 25),
        (2026, 8, 31),
        (2026, 12, 25),
        (2026, 12, 28),
        (2027, 1, 1),
        (2027, 3, 26),
        (2027, 3, 29),
        (2027, 5, 3),
        (2027, 5, 31),
        (2027, 8, 30),
        (2027, 12, 27),
        (2027, 12, 28),
    ];
    DAYS.iter()
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .collect()
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
        let holidays = default_bank_holidays();
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
            add_working_days(ymd(2025, 12, 24), 1, &[]),
            ymd(2025, 12, 25)
        );
    }

    #[test]
    fn default_holidays_are_weekdays_in_order() {
        let holidays = default_bank_holidays();
        assert_eq!(holidays.len(), 24);
        assert!(
            holidays.windows(2).all(|w| w[0] < w[1]),
            "sorted and unique"
        );
        for day in &holidays {
            assert!(
                is_working_day(*day, &[]),
                "{day} should be a weekday (substitute days)"
            );
        }
    }

    proptest! {
        #[test]
        fn result_is_a_working_day_after_start(offset in 0i64..1200, days in 1u32..40) {
            let holidays = default_bank_holidays();
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
