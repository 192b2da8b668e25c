//! The dashboard's figures, worked out from one row of facts per report: open cases by status
//! and band, how many are overdue, reports a week by category over the last twelve weeks,
//! repeat callers and hotspots. No personal data leaves here: a caller is counted, never named.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::case_work::CaseStatus;

/// What the dashboard needs to know of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFact {
    /// The UK date it arrived.
    pub submitted_on: NaiveDate,
    pub category: String,
    pub area: Option<String>,
    /// `high`, `medium`, `standard`, or `None` when not assessed.
    pub band: Option<String>,
    pub status: CaseStatus,
    /// The date the council should have responded by.
    pub respond_by: NaiveDate,
    /// The same person's reports share this key (a named report's normalised email, else
    /// phone); `None` when anonymous.
    pub person: Option<String>,
}

/// The bands as the dashboard's columns, "not assessed" last.
pub const BANDS: [Option<&str>; 4] = [Some("high"), Some("medium"), Some("standard"), None];

/// How many reports make a repeat caller in twelve months.
pub const REPEAT_REPORTS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// Its Monday.
    pub starts: NaiveDate,
    /// Reports that week, by category id (only categories with any).
    pub by_category: BTreeMap<String, u32>,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// For `new` and `open`: counts by band, in `BANDS` order.
    pub open: Vec<(CaseStatus, [u32; 4])>,
    /// New cases past their response date.
    pub overdue: u32,
    /// The last twelve weeks, oldest first, the current week last.
    pub weeks: Vec<Week>,
    /// People with `REPEAT_REPORTS` or more reports in the last twelve months.
    pub repeat_callers: u32,
    /// (area, category, reports) in the last twelve months, most first, at most ten.
    pub hotspots: Vec<(String, String, u32)>,
}

/// A case is overdue while nobody has accepted it and its response date has passed.
pub fn is_overdue(status: CaseStatus, respond_by: NaiveDate, today: NaiveDate) -> bool {
    status == CaseStatus::New && respond_by < today
}

/// Where a case comes in a queue: overdue first, then the rest, closed last (within each, the
/// queue's own order: urgent, highest band, oldest).
pub fn queue_rank(status: CaseStatus, overdue: bool) -> u8 {
    match (status, overdue) {
        (CaseStatus::Closed, _) => 2,
        (_, true) => 0,
        _ => 1,
    }
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday().into())
}

pub fn dashboard(facts: &[ReportFact], today: NaiveDate) -> Dashboard {
    let open = [CaseStatus::New, CaseStatus::Open]
        .into_iter()
        .map(|status| {
            let mut counts = [0u32; 4];
            for fact in facts.iter().filter(|f| f.status == status) {
                let column = BANDS
                    .iter()
                    .position(|b| *b == fact.band.as_deref())
                    .unwrap_or(BANDS.len() - 1);
                counts[column] += 1;
            }
            (status, counts)
        })
        .collect();
    let overdue = facts
        .iter()
        .filter(|f| is_overdue(f.status, f.respond_by, today))
        .count() as u32;
    let this_week = monday_of(today);
    let weeks = (0..12)
        .rev()
        .map(|ago| {
            let starts = this_week - Duration::weeks(ago);
            let mut by_category = BTreeMap::new();
            for fact in facts.iter().filter(|f| monday_of(f.submitted_on) == starts) {
                *by_category.entry(fact.category.clone()).or_insert(0) += 1;
            }
            let total = by_category.values().sum();
            Week {
                starts,
                by_category,
                total,
            }
        })
        .collect();
    let year_ago = today - Duration::days(365);
    let recent: Vec<&ReportFact> = facts.iter().filter(|f| f.submitted_on > year_ago).collect();
    let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
    for person in recent.iter().filter_map(|f| f.person.as_deref()) {
        *per_person.entry(person).or_insert(0) += 1;
    }
    let repeat_callers = per_person
        .values()
        .filter(|n| **n >= REPEAT_REPORTS)
        .count() as u32;
    let mut places: BTreeMap<(String, String), u32> = BTreeMap::new();
    for fact in &recent {
        let area = fact.area.clone().unwrap_or_default();
        *places.entry((area, fact.category.clone())).or_insert(0) += 1;
    }
    let mut hotspots: Vec<(String, String, u32)> = places
        .into_iter()
        .map(|((area, category), n)| (area, category, n))
        .collect();
    hotspots.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    hotspots.truncate(10);
    Dashboard {
        open,
        overdue,
        weeks,
        repeat_callers,
        hotspots,
    }
}

/// The dashboard's counts as CSV: one line per figure, and nothing that names anyone.
pub fn csv(dashboard: &Dashboard) -> String {
    let mut out = String::from("figure,key,category,count\n");
    for (status, counts) in &dashboard.open {
        for (band, n) in BANDS.iter().zip(counts) {
            out.push_str(&format!(
                "open_cases,{}:{},,{n}\n",
                status.as_str(),
                band.unwrap_or("not_assessed")
            ));
        }
    }
    out.push_str(&format!("overdue,,,{}\n", dashboard.overdue));
    for week in &dashboard.weeks {
        for (category, n) in &week.by_category {
            out.push_str(&format!("reports_in_week,{},{category},{n}\n", week.starts));
        }
    }
    out.push_str(&format!("repeat_callers,,,{}\n", dashboard.repeat_callers));
    for (area, category, n) in &dashboard.hotspots {
        out.push_str(&format!("hotspot,{area},{category},{n}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn fact(
        on: &str,
        category: &str,
        status: CaseStatus,
        band: Option<&str>,
        person: Option<&str>,
    ) -> ReportFact {
        ReportFact {
            submitted_on: date(on),
            category: category.into(),
            area: Some("north".into()),
            band: band.map(Into::into),
            status,
            respond_by: date(on) + Duration::days(7),
            person: person.map(Into::into),
        }
    }

    #[test]
    fn the_figures_from_the_facts() {
        use CaseStatus::*;
        // Thursday 3 December 2026.
        let today = date("2026-12-03");
        let facts = [
            fact("2026-12-01", "noise", New, Some("high"), Some("a@x")),
            fact("2026-11-30", "noise", Open, None, Some("a@x")),
            fact("2026-11-20", "harassment", New, Some("medium"), Some("a@x")),
            fact("2026-11-02", "noise", Closed, Some("standard"), Some("b@x")),
            fact("2025-11-02", "noise", Closed, None, Some("b@x")),
            fact("2026-09-01", "litter", New, None, None),
        ];
        let d = dashboard(&facts, today);
        assert_eq!(d.open, [(New, [1, 1, 0, 1]), (Open, [0, 0, 0, 1])]);
        // The harassment report was due on 27 November, the litter one in September.
        assert_eq!(d.overdue, 2);
        assert_eq!(d.weeks.len(), 12);
        assert_eq!(
            d.weeks[11].starts,
            date("2026-11-30"),
            "this week, from Monday"
        );
        assert_eq!(d.weeks[11].by_category.get("noise"), Some(&2));
        assert_eq!(
            d.weeks[9].by_category.get("harassment"),
            Some(&1),
            "the week of 16 November"
        );
        assert_eq!(d.weeks[0].starts, date("2026-09-14"));
        assert_eq!(
            d.weeks.iter().map(|w| w.total).sum::<u32>(),
            4,
            "September is too old"
        );
        assert_eq!(
            d.repeat_callers, 1,
            "three reports from a@x; b@x's second is over a year old"
        );
        assert_eq!(d.hotspots[0], ("north".into(), "noise".into(), 3));
        let csv = csv(&d);
        assert!(csv.starts_with("figure,key,category,count\n"));
        assert!(csv.contains("open_cases,new:high,,1\n"));
        assert!(csv.contains("reports_in_week,2026-11-30,noise,2\n"));
        assert!(csv.contains("repeat_callers,,,1\n"));
        assert!(!csv.contains("a@x"), "no person is named");
    }

    #[test]
    fn overdue_cases_come_first_and_closed_ones_last() {
        use CaseStatus::*;
        let mut ranks = [(Open, false), (Closed, false), (New, true), (New, false)]
            .map(|(s, o)| (queue_rank(s, o), s, o));
        // A stable sort by rank alone, as the queue does.
        ranks.sort_by_key(|(rank, _, _)| *rank);
        assert_eq!(
            ranks.map(|(_, s, o)| (s, o)),
            [(New, true), (Open, false), (New, false), (Closed, false)]
        );
    }

    #[test]
    fn overdue_means_new_and_past_its_date() {
        let today = date("2026-12-03");
        for (status, by, overdue) in [
            (CaseStatus::New, "2026-12-02", true),
            (CaseStatus::New, "2026-12-03", false),
            (CaseStatus::Open, "2026-11-01", false),
            (CaseStatus::Closed, "2026-11-01", false),
        ] {
            assert_eq!(
                is_overdue(status, date(by), today),
                overdue,
                "{status:?} due {by}"
            );
        }
    }
}
