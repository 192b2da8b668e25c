//! When the triage team reads reports, and what an urgent report sent outside those hours is
//! told: the portal is not watched all the time, so a person at risk at 2am on a Sunday must
//! hear at once that nobody will read it until the next working day, and where to get help now.

use crate::domain::bank_holidays::BankHolidays;
use crate::domain::uk_time::is_british_summer_time;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

pub const RULE_OPEN: &str = "open";
pub const RULE_CLOSED_BANK_HOLIDAY: &str = "closed_bank_holiday";
pub const RULE_CLOSED_DAY: &str = "closed_not_a_working_day";
pub const RULE_CLOSED_BEFORE_OPENING: &str = "closed_before_opening";
pub const RULE_CLOSED_AFTER_CLOSING: &str = "closed_after_closing";

/// The team's hours in UK time: the days it works (never on a bank holiday), and from when to
/// when (closing is exclusive: at 17:00 a team that closes at 17:00 has gone home).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageHours {
    pub days: Vec<Weekday>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// Whether the team is reading reports now, with the rule that decided; when not, the UK
/// time it next will.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub rule: &'static str,
    pub reopens: Option<NaiveDateTime>,
}

impl Watch {
    pub fn is_open(&self) -> bool {
        self.reopens.is_none()
    }
}

/// UK local time.
fn uk_local(now: DateTime<Utc>) -> NaiveDateTime {
    let offset = if is_british_summer_time(now) { 1 } else { 0 };
    (now + Duration::hours(offset)).naive_utc()
}

impl TriageHours {
    fn works_on(&self, day: NaiveDate, holidays: &BankHolidays) -> bool {
        self.days.contains(&day.weekday()) && !holidays.is_holiday(day)
    }

    pub fn watch(&self, now: DateTime<Utc>, holidays: &BankHolidays) -> Watch {
        let local = uk_local(now);
        let today = local.date();
        let time = local.time();
        let rule = if holidays.is_holiday(today) && self.days.contains(&today.weekday()) {
            RULE_CLOSED_BANK_HOLIDAY
        } else if !self.works_on(today, holidays) {
            RULE_CLOSED_DAY
        } else if time < self.opens {
            RULE_CLOSED_BEFORE_OPENING
        } else if time >= self.closes {
            RULE_CLOSED_AFTER_CLOSING
        } else {
            return Watch {
                rule: RULE_OPEN,
                reopens: None,
            };
        };
        // The first working day from today (today itself only before opening), at opening.
        let mut day = if rule == RULE_CLOSED_BEFORE_OPENING {
            today
        } else {
            today.succ_opt().unwrap_or(today)
        };
        for _ in 0..370 {
            if self.works_on(day, holidays) {
                break;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        Watch {
            rule,
            reopens: Some(day.and_time(self.opens)),
        }
    }
}

/// A time as residents read it: "9am", "9:30am", "12pm".
pub fn clock_time(time: NaiveTime) -> String {
    use chrono::Timelike;
    let (pm, hour) = time.hour12();
    let suffix = if pm { "pm" } else { "am" };
    if time.minute() == 0 {
        format!("{hour}{suffix}")
    } else {
        format!("{hour}:{:02}{suffix}", time.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> TriageHours {
        TriageHours {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        }
    }

    fn at(utc: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(utc)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_team_is_open_from_the_minute_it_opens_to_the_minute_before_it_closes() {
        let holidays = BankHolidays::england_and_wales();
        // (UTC time, rule, reopens in UK time)
        let cases = [
            // Tuesday 1 December 2026 (GMT): the edges of the day.
            (
                "2026-12-01T08:59:00Z",
                RULE_CLOSED_BEFORE_OPENING,
                Some("2026-12-01T09:00:00"),
            ),
            ("2026-12-01T09:00:00Z", RULE_OPEN, None),
            ("2026-12-01T16:59:00Z", RULE_OPEN, None),
            (
                "2026-12-01T17:00:00Z",
                RULE_CLOSED_AFTER_CLOSING,
                Some("2026-12-02T09:00:00"),
            ),
            // Friday evening and the weekend: Monday at 9.
            (
                "2026-12-04T18:00:00Z",
                RULE_CLOSED_AFTER_CLOSING,
                Some("2026-12-07T09:00:00"),
            ),
            (
                "2026-12-06T02:00:00Z",
                RULE_CLOSED_DAY,
                Some("2026-12-07T09:00:00"),
            ),
            // Christmas: Friday 25 and Monday 28 December 2026 are bank holidays.
            (
                "2026-12-25T10:00:00Z",
                RULE_CLOSED_BANK_HOLIDAY,
                Some("2026-12-29T09:00:00"),
            ),
            // Summer time: 08:30 UTC is 09:30 in the UK, open; 16:30 UTC is 17:30, closed.
            ("2026-06-02T08:30:00Z", RULE_OPEN, None),
            (
                "2026-06-02T07:59:00Z",
                RULE_CLOSED_BEFORE_OPENING,
                Some("2026-06-02T09:00:00"),
            ),
            (
                "2026-06-02T16:30:00Z",
                RULE_CLOSED_AFTER_CLOSING,
                Some("2026-06-03T09:00:00"),
            ),
            // The Monday after the clocks go forward (29 March 2026): 08:00 UTC is 9am.
            ("2026-03-30T08:00:00Z", RULE_OPEN, None),
            // The Monday after they go back (25 October 2026): 08:00 UTC is 8am.
            (
                "2026-10-26T08:00:00Z",
                RULE_CLOSED_BEFORE_OPENING,
                Some("2026-10-26T09:00:00"),
            ),
        ];
        for (now, rule, reopens) in cases {
            let watch = office().watch(at(now), &holidays);
            assert_eq!(watch.rule, rule, "{now}");
            let expected = reopens.map(|t| t.parse::<NaiveDateTime>().unwrap());
            assert_eq!(watch.reopens, expected, "{now}");
            assert_eq!(watch.is_open(), rule == RULE_OPEN);
        }
    }

    #[test]
    fn times_read_as_people_say_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(clock_time(t(9, 0)), "9am");
        assert_eq!(clock_time(t(9, 30)), "9:30am");
        assert_eq!(clock_time(t(12, 0)), "12pm");
        assert_eq!(clock_time(t(17, 15)), "5:15pm");
    }
}
