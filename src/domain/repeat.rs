//! The second-report rule: when a report is at least the person's second about ASB within six
//! months, by their own answer, the confirmation page explains the ASB Case Review (Victims' Commissioner 2024
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

/// Whether this report is at least the person's second within six months, by their own
/// answer: they told us how many times they reported it in the last six months. Never from
/// contact details: anyone can type another person's phone or email, and the confirmation page
/// must not tell them whether that person has reported (a neighbour could learn who reported
/// them). Reports that only share an email or phone are for staff: see [`possibly_related`].
/// Anonymous reports never count: the case review needs an applicant.
pub fn is_repeat_report(anonymous: bool, declared_earlier_reports: u32) -> bool {
    !anonymous && declared_earlier_reports >= 1
}

/// Whether an earlier portal report with the same email or phone falls within six months: a
/// hint for staff that the reports may be related, never shown to the person.
pub fn possibly_related(
    anonymous: bool,
    earlier_report_dates: &[NaiveDate],
    today: NaiveDate,
) -> bool {
    !anonymous
        && earlier_report_dates
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
        // (what, anonymous, reports declared in the last six months) → second report
        let cases = [
            (
                "first report, or not in the last six months",
                false,
                0,
                false,
            ),
            ("once before", false, 1, true),
            ("three or more", false, 3, true),
            ("anonymous", true, 2, false),
        ];
        for (what, anonymous, declared, expected) in cases {
            assert_eq!(is_repeat_report(anonymous, declared), expected, "{what}");
        }
    }

    #[test]
    fn possibly_related_rule() {
        let today = ymd(2025, 7, 15);
        let recent = ymd(2025, 5, 1);
        let old = ymd(2024, 12, 1);
        let cases: &[(&str, bool, &[NaiveDate], bool)] = &[
            ("no earlier report", false, &[], false),
            ("same contact within six months", false, &[recent], true),
            ("exactly six months ago", false, &[ymd(2025, 1, 15)], true),
            ("a day over six months", false, &[ymd(2025, 1, 14)], false),
            ("only old reports", false, &[old], false),
            ("old and recent", false, &[old, recent], true),
            ("anonymous", true, &[recent], false),
        ];
        for (what, anonymous, dates, expected) in cases {
            assert_eq!(
                possibly_related(*anonymous, dates, today),
                *expected,
                "{what}"
            );
        }
    }
}
