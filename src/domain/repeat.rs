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

/// Earlier portal reports proven to be this person's: made from this browser, or typed in by
/// reference with this report's own email or phone (never found by contact details alone).
/// Those within six months count towards the case review; anonymous reports never do.
pub fn proven_earlier_reports(
    anonymous: bool,
    earlier: &[(i64, NaiveDate)],
    today: NaiveDate,
) -> Vec<i64> {
    if anonymous {
        return Vec::new();
    }
    let mut ids: Vec<i64> = earlier
        .iter()
        .filter(|(_, on)| within_six_months(*on, today))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// What the report's confirmation says about the ASB Case Review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseReviewPrompt {
    /// A first report: nothing.
    None,
    /// A second report (by their answer or proven): how to apply, with this report included.
    Offer,
    /// This report and the proven earlier ones reach the local threshold: say plainly that
    /// they may meet it. "May": a person decides, and reports made elsewhere count too.
    MayMeetThreshold { reports: u32 },
}

pub fn case_review_prompt(
    second_report: bool,
    proven_reports: u32,
    threshold: u32,
) -> CaseReviewPrompt {
    if proven_reports >= threshold.max(2) {
        CaseReviewPrompt::MayMeetThreshold {
            reports: proven_reports,
        }
    } else if second_report || proven_reports >= 2 {
        CaseReviewPrompt::Offer
    } else {
        CaseReviewPrompt::None
    }
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
    fn proven_earlier_reports_count_within_six_months_and_once() {
        let today = ymd(2025, 7, 15);
        type Case<'a> = (&'a str, bool, &'a [(i64, NaiveDate)], &'a [i64]);
        let cases: &[Case] = &[
            ("none", false, &[], &[]),
            (
                "exactly six months ago",
                false,
                &[(1, ymd(2025, 1, 15))],
                &[1],
            ),
            ("a day over", false, &[(1, ymd(2025, 1, 14))], &[]),
            (
                "from this browser and typed in: once",
                false,
                &[
                    (2, ymd(2025, 6, 1)),
                    (1, ymd(2025, 5, 1)),
                    (2, ymd(2025, 6, 1)),
                ],
                &[1, 2],
            ),
            (
                "this report is anonymous",
                true,
                &[(1, ymd(2025, 6, 1))],
                &[],
            ),
        ];
        for (what, anonymous, earlier, expected) in cases {
            assert_eq!(
                proven_earlier_reports(*anonymous, earlier, today),
                *expected,
                "{what}"
            );
        }
    }

    #[test]
    fn the_confirmation_says_they_may_meet_the_threshold_only_with_proven_reports() {
        use CaseReviewPrompt::*;
        // (what, second report by their answer, proven reports including this one, threshold)
        let cases = [
            ("a first report", false, 1, 3, None),
            ("told us of earlier reports", true, 1, 3, Offer),
            ("one proven earlier report", false, 2, 3, Offer),
            ("three proven", false, 3, 3, MayMeetThreshold { reports: 3 }),
            ("four proven", true, 4, 3, MayMeetThreshold { reports: 4 }),
            (
                "two proven, local threshold two",
                false,
                2,
                2,
                MayMeetThreshold { reports: 2 },
            ),
            // A threshold of one is met by any report: the offer, not a claim about one report.
            ("a first report, threshold one", false, 1, 1, None),
        ];
        for (what, second, proven, threshold, expected) in cases {
            assert_eq!(
                case_review_prompt(second, proven, threshold),
                expected,
                "{what}"
            );
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
