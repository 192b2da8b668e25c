//! The statutory figures: at least every 12 months the relevant bodies publish, per reporting
//! year, the number of applications for an ASB Case Review received, the times the threshold
//! was decided not to be met, the reviews carried out and the reviews that led to
//! recommendations (ASB, Crime and Policing Act 2014, s.104; domain brief §1.1).
//!
//! The figures come from the records, never typed in. "Threshold not met" counts only a
//! decision a person recorded, never the engine's provisional result; an application with no
//! recorded decision yet is counted as received and awaiting a decision.
//!
//! Each figure falls in the reporting year of its own event: an application in the year it
//! was received, a decision in the year it was made, a review in the year it was held.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The threshold decision a person recorded on an application (`case_reviews.decision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdDecision {
    ThresholdMet,
    ThresholdNotMet,
}

impl ThresholdDecision {
    /// From the column's value; the database CHECKs the same two words.
    pub fn parse(value: &str) -> Option<ThresholdDecision> {
        match value {
            "threshold_met" => Some(ThresholdDecision::ThresholdMet),
            "threshold_not_met" => Some(ThresholdDecision::ThresholdNotMet),
            _ => None,
        }
    }
}

/// One application as the figures see it: UK dates of what has happened to it so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub received_on: NaiveDate,
    pub decision: Option<(ThresholdDecision, NaiveDate)>,
    pub review_held_on: Option<NaiveDate>,
    pub recommendations_made: bool,
}

/// What the figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Received,
    /// Received, with no decision recorded yet (dated when received).
    AwaitingDecision,
    ThresholdNotMet,
    ReviewCarriedOut,
    ReviewWithRecommendations,
}

/// `count` events of one figure on the UK date `on` (or any date of its month: reporting years
/// start on the first of a month, so storage may count by month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub on: NaiveDate,
    pub figure: Figure,
    pub count: u64,
}

impl ApplicationRecord {
    /// The events of one application, each counted once.
    pub fn tallies(&self) -> Vec<Tally> {
        let one = |on, figure| Tally {
            on,
            figure,
            count: 1,
        };
        let mut tallies = vec![one(self.received_on, Figure::Received)];
        match self.decision {
            None => tallies.push(one(self.received_on, Figure::AwaitingDecision)),
            Some((ThresholdDecision::ThresholdNotMet, on)) => {
                tallies.push(one(on, Figure::ThresholdNotMet))
            }
            Some((ThresholdDecision::ThresholdMet, _)) => {}
        }
        if let Some(held) = self.review_held_on {
            tallies.push(one(held, Figure::ReviewCarriedOut));
            if self.recommendations_made {
                tallies.push(one(held, Figure::ReviewWithRecommendations));
            }
        }
        tallies
    }
}

/// A reporting year: twelve months from the first day of the configured month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportingYear {
    pub first_day: NaiveDate,
}

impl ReportingYear {
    /// The reporting year that `day` falls in, for years starting on the first of
    /// `start_month` (1 = January … 12 = December; validated by the configuration).
    pub fn containing(day: NaiveDate, start_month: u32) -> ReportingYear {
        let year = if day.month() >= start_month {
            day.year()
        } else {
            day.year() - 1
        };
        ReportingYear {
            first_day: first_of(year, start_month),
        }
    }

    pub fn last_day(&self) -> NaiveDate {
        let next = first_of(self.first_day.year() + 1, self.first_day.month());
        next.pred_opt().unwrap_or(next)
    }

    fn next(&self) -> ReportingYear {
        ReportingYear {
            first_day: first_of(self.first_day.year() + 1, self.first_day.month()),
        }
    }

    /// How people name it: "2025" for a calendar year, "2025 to 2026" otherwise (GOV.UK
    /// style writes ranges with "to").
    pub fn label(&self) -> String {
        let start = self.first_day.year();
        if self.first_day.month() == 1 {
            start.to_string()
        } else {
            format!("{start} to {}", start + 1)
        }
    }
}

fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month.clamp(1, 12), 1).unwrap_or(NaiveDate::MIN)
}

/// A day of the UK month of the times that storage counted together by their UTC month
/// (`utc_month`, its first day) and whether an hour later is another month. UK time is UTC or
/// an hour ahead, so only times in a month's last UTC hour can be in the next UK month; British
/// Summer Time starts and ends at 01:00 UTC, so it is the same throughout that hour.
pub fn uk_month_of(utc_month: NaiveDate, next_month_an_hour_later: bool) -> NaiveDate {
    if !next_month_an_hour_later {
        return utc_month;
    }
    let last_day = utc_month
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(utc_month);
    let last_hour = last_day
        .and_hms_opt(23, 30, 0)
        .map(|t| t.and_utc())
        .unwrap_or_default();
    crate::domain::uk_time::uk_date(last_hour)
}

/// One reporting year's figures: the four the Act requires, and the applications received
/// that year still awaiting a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearFigures {
    #[serde(rename = "reporting_year")]
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub applications_received: u64,
    pub threshold_not_met: u64,
    pub reviews_carried_out: u64,
    pub reviews_with_recommendations: u64,
    pub awaiting_decision: u64,
}

impl YearFigures {
    fn empty(year: ReportingYear) -> YearFigures {
        YearFigures {
            label: year.label(),
            first_day: year.first_day,
            last_day: year.last_day(),
            applications_received: 0,
            threshold_not_met: 0,
            reviews_carried_out: 0,
            reviews_with_recommendations: 0,
            awaiting_decision: 0,
        }
    }
}

/// The figures for every reporting year from the earliest record's to the one `today` is in,
/// newest first; a year with no events shows zeros rather than disappearing.
pub fn figures(
    tallies: impl IntoIterator<Item = Tally>,
    start_month: u32,
    today: NaiveDate,
) -> Vec<YearFigures> {
    let current = ReportingYear::containing(today, start_month);
    let mut by_year = std::collections::BTreeMap::<ReportingYear, YearFigures>::new();
    for tally in tallies {
        let year = ReportingYear::containing(tally.on, start_month).min(current);
        let y = by_year
            .entry(year)
            .or_insert_with(|| YearFigures::empty(year));
        let figure = match tally.figure {
            Figure::Received => &mut y.applications_received,
            Figure::AwaitingDecision => &mut y.awaiting_decision,
            Figure::ThresholdNotMet => &mut y.threshold_not_met,
            Figure::ReviewCarriedOut => &mut y.reviews_carried_out,
            Figure::ReviewWithRecommendations => &mut y.reviews_with_recommendations,
        };
        *figure += tally.count;
    }
    let mut year = by_year.keys().next().copied().unwrap_or(current);
    while year < current {
        by_year
            .entry(year)
            .or_insert_with(|| YearFigures::empty(year));
        year = year.next();
    }
    by_year
        .entry(current)
        .or_insert_with(|| YearFigures::empty(current));
    by_year.into_values().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn of(records: &[ApplicationRecord]) -> Vec<Tally> {
        records
            .iter()
            .flat_map(ApplicationRecord::tallies)
            .collect()
    }

    fn received(on: &str) -> ApplicationRecord {
        ApplicationRecord {
            received_on: day(on),
            decision: None,
            review_held_on: None,
            recommendations_made: false,
        }
    }

    #[test]
    fn a_day_falls_in_the_year_that_starts_on_or_before_it() {
        let cases = [
            // (day, start month, first day of its reporting year)
            ("2026-03-31", 4, "2025-04-01"),
            ("2026-04-01", 4, "2026-04-01"),
            ("2026-12-31", 4, "2026-04-01"),
            ("2026-01-01", 1, "2026-01-01"),
            ("2025-12-31", 1, "2025-01-01"),
            ("2024-02-29", 3, "2023-03-01"),
            ("2024-03-01", 3, "2024-03-01"),
            ("2026-11-30", 12, "2025-12-01"),
        ];
        for (on, start, first) in cases {
            let year = ReportingYear::containing(day(on), start);
            assert_eq!(year.first_day, day(first), "{on}, years from month {start}");
            assert!(year.first_day <= day(on) && day(on) <= year.last_day());
        }
    }

    #[test]
    fn years_are_named_as_people_name_them() {
        let april = ReportingYear::containing(day("2026-05-01"), 4);
        assert_eq!(april.label(), "2026 to 2027");
        assert_eq!(april.last_day(), day("2027-03-31"));
        let march = ReportingYear::containing(day("2024-03-01"), 3);
        assert_eq!(march.last_day(), day("2025-02-28"));
        assert_eq!(
            ReportingYear::containing(day("2026-05-01"), 1).label(),
            "2026"
        );
    }

    #[test]
    fn a_months_last_utc_hour_is_the_next_uk_month_in_summer_time_only() {
        let cases = [
            // (UTC month, an hour later is the next month) → a day of the UK month
            ("2026-06-01", false, "2026-06-01"),
            ("2026-06-01", true, "2026-07-01"),
            ("2026-03-01", true, "2026-04-01"), // 31 March 23:30 UTC is in summer time
            ("2026-10-01", true, "2026-10-31"), // summer time ended on 25 October
            ("2026-12-01", true, "2026-12-31"),
            ("2024-02-01", true, "2024-02-29"),
        ];
        for (month, crosses, expected) in cases {
            let got = uk_month_of(day(month), crosses);
            assert_eq!(got, day(expected), "{month} {crosses}");
        }
    }

    #[test]
    fn only_a_recorded_decision_counts_as_threshold_not_met() {
        let mut not_met = received("2025-06-01");
        not_met.decision = Some((ThresholdDecision::ThresholdNotMet, day("2025-06-10")));
        let mut met = received("2025-07-01");
        met.decision = Some((ThresholdDecision::ThresholdMet, day("2025-07-08")));
        let waiting = received("2025-08-01");
        let years = figures(of(&[not_met, met, waiting]), 4, day("2025-09-01"));
        assert_eq!(years.len(), 1);
        let y = &years[0];
        assert_eq!(y.label, "2025 to 2026");
        assert_eq!(y.applications_received, 3);
        assert_eq!(y.threshold_not_met, 1);
        assert_eq!(y.awaiting_decision, 1);
    }

    #[test]
    fn each_figure_falls_in_the_year_of_its_own_event() {
        // Received in March 2025 (year 2024-25); decided met in April; review held in May
        // with recommendations (year 2025-26).
        let mut record = received("2025-03-28");
        record.decision = Some((ThresholdDecision::ThresholdMet, day("2025-04-07")));
        record.review_held_on = Some(day("2025-05-02"));
        record.recommendations_made = true;
        let mut refused = received("2025-03-31");
        refused.decision = Some((ThresholdDecision::ThresholdNotMet, day("2025-04-01")));
        let years = figures(of(&[record, refused]), 4, day("2025-06-01"));
        let [this, last] = years.as_slice() else {
            panic!("two years expected, got {years:?}")
        };
        assert_eq!(
            (last.label.as_str(), last.applications_received),
            ("2024 to 2025", 2)
        );
        assert_eq!(last.threshold_not_met + last.reviews_carried_out, 0);
        assert_eq!(this.label, "2025 to 2026");
        assert_eq!(this.applications_received, 0);
        assert_eq!(this.threshold_not_met, 1);
        assert_eq!(this.reviews_carried_out, 1);
        assert_eq!(this.reviews_with_recommendations, 1);
    }

    #[test]
    fn a_review_without_recommendations_is_carried_out_only() {
        let mut record = received("2026-05-01");
        record.decision = Some((ThresholdDecision::ThresholdMet, day("2026-05-10")));
        record.review_held_on = Some(day("2026-06-01"));
        let y = &figures(of(&[record]), 4, day("2026-07-01"))[0];
        assert_eq!(
            (y.reviews_carried_out, y.reviews_with_recommendations),
            (1, 0)
        );
    }

    #[test]
    fn years_without_applications_show_zeros_up_to_the_current_one() {
        let years = figures(of(&[received("2022-05-01")]), 4, day("2026-12-01"));
        let labels: Vec<&str> = years.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2026 to 2027",
                "2025 to 2026",
                "2024 to 2025",
                "2023 to 2024",
                "2022 to 2023"
            ]
        );
        assert_eq!(years[0].applications_received, 0);
        assert_eq!(years[4].applications_received, 1);
        let none = figures([], 1, day("2026-12-01"));
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].label, "2026");
        assert_eq!(none[0].applications_received, 0);
    }

    #[test]
    fn an_event_dated_after_today_counts_in_the_current_year() {
        // A clock set wrong on a staff machine must not invent a future year.
        let mut record = received("2026-11-01");
        record.review_held_on = Some(day("2027-06-01"));
        let years = figures(of(&[record]), 4, day("2026-12-01"));
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].reviews_carried_out, 1);
    }

    proptest::proptest! {
        #[test]
        fn every_application_is_counted_once_and_figures_never_exceed_it(
            offsets in proptest::collection::vec((0u32..3000, proptest::option::of((0u32..60, proptest::bool::ANY)), proptest::option::of((0u32..90, proptest::bool::ANY))), 0..40),
            start_month in 1u32..=12,
        ) {
            let base = day("2018-01-01");
            let records: Vec<ApplicationRecord> = offsets.iter().map(|(received, decision, review)| {
                let received_on = base + chrono::Days::new((*received).into());
                ApplicationRecord {
                    received_on,
                    decision: decision.map(|(after, met)| (
                        if met { ThresholdDecision::ThresholdMet } else { ThresholdDecision::ThresholdNotMet },
                        received_on + chrono::Days::new(after.into()),
                    )),
                    review_held_on: review.map(|(after, _)| received_on + chrono::Days::new((after + 60).into())),
                    recommendations_made: review.is_some_and(|(_, r)| r),
                }
            }).collect();
            let years = figures(of(&records), start_month, day("2026-12-01"));
            let total = |f: fn(&YearFigures) -> u64| years.iter().map(f).sum::<u64>();
            proptest::prop_assert_eq!(total(|y| y.applications_received), records.len() as u64);
            proptest::prop_assert_eq!(
                total(|y| y.awaiting_decision),
                records.iter().filter(|r| r.decision.is_none()).count() as u64
            );
            proptest::prop_assert!(total(|y| y.reviews_with_recommendations) <= total(|y| y.reviews_carried_out));
            // Storage counts by month: any day of an event's month gives the same figures.
            let by_month: Vec<Tally> = of(&records)
                .into_iter()
                .map(|t| Tally { on: t.on.with_day(1).unwrap(), ..t })
                .collect();
            proptest::prop_assert_eq!(&figures(by_month, start_month, day("2026-12-01")), &years);
            for pair in years.windows(2) {
                proptest::prop_assert_eq!(pair[1].last_day.succ_opt(), Some(pair[0].first_day));
            }
        }
    }
}
