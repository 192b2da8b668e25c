//! The date in the UK. Residents give dates in UK time, and deadlines count UK working days,
//! so "today" is the UK date, not the UTC one: from 00:00 to 01:00 in summer they differ.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    Some(last - Duration::days(i64::from(back)))
}

/// Whether British Summer Time is in force: from 01:00 UTC on the last Sunday in March to
/// 01:00 UTC on the last Sunday in October.
pub fn is_british_summer_time(now: DateTime<Utc>) -> bool {
    let year = now.year();
    let change = |month| {
        last_sunday(year, month)
            .and_then(|d| d.and_hms_opt(1, 0, 0))
            .map(|t| t.and_utc())
    };
    match (change(3), change(10)) {
        (Some(start), Some(end)) => now >= start && now < end,
        _ => false,
    }
}

/// The time on a clock in the UK.
pub fn uk_local(now: DateTime<Utc>) -> NaiveDateTime {
    let offset = if is_british_summer_time(now) { 1 } else { 0 };
    (now + Duration::hours(offset)).naive_utc()
}

/// Today's date in the UK.
pub fn uk_date(now: DateTime<Utc>) -> NaiveDate {
    uk_local(now).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_uk_date_follows_british_summer_time() {
        let cases = [
            // Winter: UK time is UTC.
            ("2026-01-15T23:30:00Z", "2026-01-15"),
            // Summer: half past eleven UTC is half past midnight the next day in the UK.
            ("2026-07-15T23:30:00Z", "2026-07-16"),
            // 2026's clocks go forward at 01:00 UTC on 29 March and back on 25 October.
            ("2026-03-29T00:59:59Z", "2026-03-29"),
            ("2026-03-28T23:30:00Z", "2026-03-28"),
            ("2026-10-24T23:30:00Z", "2026-10-25"),
            ("2026-10-25T23:30:00Z", "2026-10-25"),
        ];
        for (now, expected) in cases {
            assert_eq!(uk_date(at(now)).to_string(), expected, "{now}");
        }
    }

    #[test]
    fn the_uk_clock_is_an_hour_ahead_in_summer() {
        let clock = |now| uk_local(at(now)).format("%H:%M").to_string();
        assert_eq!(clock("2026-01-15T09:05:00Z"), "09:05");
        assert_eq!(clock("2026-07-15T09:05:00Z"), "10:05");
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_in_the_morning_utc() {
        assert!(!is_british_summer_time(at("2026-03-29T00:59:59Z")));
        assert!(is_british_summer_time(at("2026-03-29T01:00:00Z")));
        assert!(is_british_summer_time(at("2026-10-25T00:59:59Z")));
        assert!(!is_british_summer_time(at("2026-10-25T01:00:00Z")));
    }
}
