//! The second-report rule: when a report is at least the person's second about ASB within six
//! months, the confirmation page explains the ASB Case Review (Victims' Commissioner 2024
//! recommendation; 2025 statutory guidance asks agencies to tell victims about it proactively).

use chrono::{Months, NaiveDate};

/// Whether `earlier` falls within the six calendar months up to `today`, inclusive: a report
/// made on 15 January is within six months on 15 July, and not on 16 July. Month ends clamp
/// (six months before 31 August is 28 or 29 February).
pub fn within_six_months(earlier: NaiveDate, today: NaiveDate) -> bool {
    let cutoff = today
        .checked_sub_months(Months::new(6))
        .unwrap_or(NaiveDate::MIN);
    earlier >= cutoff
}

/// Whether this report is at least the person's second within six months: they made an earlier
/// portal report in that time (matched by email or phone), or they told us they reported it
/// before in that time. Anonymous reports never count: we cannot contact the person, and the
/// case review needs an applicant.
pub fn is_repeat_report(
    anonymous: bool,
    earlier_report_dates: &[NaiveDate],
    declared_earlier_reports: u32,
    today: NaiveDate,
) -> bool {
    if anonymous {
        return false;
    }
    declared_earlier_reports >= 1
        || earlier_report_dates
            .iter()
            .any(|&earlier| within_six_months(earlier, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn six_month_boundaries() {
        let cases = [
            (ymd(2025, 1, 15), ymd(2025, 7, 15), true),
            (ymd(2025, 1, 14), ymd(2025, 7, 15), false),
            (ymd(2025, 7, 15), ymd(2025, 7, 15), true),
            (ymd(2025, 3, 1), ymd(2025, 7, 15), true),
            // Six months before 31 August is the last day of February.
            (ymd(2025, 2, 28), ymd(2025, 8, 31), true),
            (ymd(2025, 2, 27), ymd(2025, 8, 31), false),
            (ymd(2024, 2, 29), ymd(2024, 8, 31), true),
            // Across a year end.
            (ymd(2024, 9, 1), ymd(2025, 3, 1), true),
            (ymd(2024, 8, 31), ymd(2025, 3, 1), false),
        ];
        for (earlier, today, expected) in cases {
            assert_eq!(
                within_six_months(earlier, today),
                expected,
                "{earlier} → {today}"
            );
        }
    }

    #[test]
    fn repeat_report_rule() {
        let today = ymd(2025, 7, 15);
        let recent = ymd(2025, 5, 1);
        let old = ymd(2024, 12, 1);
        let cases: &[(&str, bool, &[NaiveDate], u32, bool)] = &[
            ("first report", false, &[], 0, false),
            (
                "earlier portal report within six months",
                false,
                &[recent],
                0,
                true,
            ),
            (
                "earlier report exactly six months ago",
                false,
                &[ymd(2025, 1, 15)],
                0,
                true,
            ),
            (
                "earlier report a day over six months",
                false,
                &[ymd(2025, 1, 14)],
                0,
                false,
            ),
            ("only old reports", false, &[old], 0, false),
            ("old and recent", false, &[old, recent], 0, true),
            ("declared only", false, &[], 1, true),
            ("declared three or more", false, &[], 3, true),
            ("anonymous with recent report", true, &[recent], 0, false),
            ("anonymous declared", true, &[], 2, false),
        ];
        for (name, anonymous, dates, declared, expected) in cases {
            assert_eq!(
                is_repeat_report(*anonymous, dates, *declared, today),
                *expected,
                "{name}"
            );
        }
    }
}
