//! How long personal data is kept. A report's personal data is erased a set time after its
//! case is closed; the anonymous facts (category, area, dates, band, routing) and the audit
//! trail are kept for the statistics and for accountability. A report whose case was never
//! closed is never erased automatically — it may still be live, or evidence in court — but is
//! listed for an officer to review once it is old.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionPolicy {
    /// Days after a case closes before its report's personal data is erased.
    pub erase_days_after_closing: u32,
    /// Days after a report arrives before, still not closed, it is listed for review.
    pub review_unclosed_after_days: u32,
}

/// Cases closed before this time are due for erasure.
pub fn erase_closed_before(policy: &RetentionPolicy, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(policy.erase_days_after_closing.into())
}

/// Reports that arrived before this time and are not closed are listed for review.
pub fn review_submitted_before(policy: &RetentionPolicy, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(policy.review_unclosed_after_days.into())
}

/// What erasure takes away, as the audit trail records it: every column or table that can
/// hold a person's words, contact details or health answers.
pub const ERASED: &[&str] = &[
    "reports.postcode",
    "reports.address",
    "reports.place_description",
    "reports.description",
    "reports.people_involved",
    "reports.full_name",
    "reports.email",
    "reports.phone",
    "reports.contact_times",
    "reports.confirmation",
    "people_affected",
    "assessment_answers",
    "case_notes.body",
    "outbox.recipients",
    "outbox.body",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_data_is_due() {
        let policy = RetentionPolicy {
            erase_days_after_closing: 2190,
            review_unclosed_after_days: 365,
        };
        let now: DateTime<Utc> = "2032-12-03T02:00:00Z".parse().unwrap();
        assert_eq!(
            erase_closed_before(&policy, now),
            "2026-12-05T02:00:00Z".parse::<DateTime<Utc>>().unwrap(),
            "six years of 365 days, leap days included"
        );
        assert_eq!(
            review_submitted_before(&policy, now),
            "2031-12-04T02:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn erasure_names_the_contact_details_and_the_words() {
        for column in [
            "reports.email",
            "reports.phone",
            "reports.description",
            "assessment_answers",
        ] {
            assert!(ERASED.contains(&column), "{column}");
        }
        assert!(!ERASED
            .iter()
            .any(|c| c.contains("category") || c.contains("band")));
    }
}
