//! Who is told what: the "What happens next" lines of the confirmation page and of the
//! resident's acknowledgement, one rule for both.
//!
//! The person is told, in their own words, each partner their report went to and whether that
//! partner will contact them, with the one deadline of `domain::urgency`. Routes that were held
//! or not taken, and the names of services they declined, never appear.

use chrono::NaiveDate;

use crate::domain::routing::RouteId;
use crate::domain::submission::Routes;

/// What the lines depend on.
#[derive(Debug, Clone, Copy)]
pub struct NextStepsInput<'a> {
    /// The routes the report was sent to (held ones left out), triage first.
    pub sent: &'a [RouteId],
    pub routes: &'a Routes,
    /// Anonymous: nobody will contact them. Otherwise they asked to be contacted.
    pub anonymous: bool,
    pub respond_by: NaiveDate,
}

/// The date as residents read it: "Wednesday 2 December 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// The lines, in order: the council's team first, then each partner.
pub fn what_happens_next(input: &NextStepsInput) -> Vec<String> {
    let by = long_date(input.respond_by);
    let team = &input.routes.triage.resident_name;
    let mut lines = vec![if input.anonymous {
        format!(
            "{team} will look at your report by {by}. You reported anonymously, so we will not \
             contact you."
        )
    } else {
        format!(
            "{team} will look at your report and contact you by {by}, in the ways you told us \
             are safe."
        )
    }];
    for route in input.sent.iter().filter(|r| **r != RouteId::Triage) {
        let partner = input.routes.get(*route);
        let name = &partner.resident_name;
        lines.push(if partner.contacts_resident && !input.anonymous {
            format!("{name} will contact you by {by}.")
        } else {
            format!("{name} will also look at your report.")
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_is_told_what() {
        let routes = Routes::default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        use RouteId::*;
        let team_contacts = "Our anti-social behaviour team will look at your report and contact \
                             you by Wednesday 2 December 2026, in the ways you told us are safe.";
        let team_anonymous = "Our anti-social behaviour team will look at your report by \
                              Wednesday 2 December 2026. You reported anonymously, so we will \
                              not contact you.";
        let support = "Victim Support will contact you by Wednesday 2 December 2026.";
        let mediation = "The mediation service will contact you by Wednesday 2 December 2026.";
        let panel = "A group of local services that helps people at risk will also look at your \
                     report.";
        // (what, routes sent, anonymous) → lines
        type Case<'a> = (&'a str, &'a [RouteId], bool, &'a [&'a str]);
        let cases: &[Case] = &[
            ("simple report", &[Triage], false, &[team_contacts]),
            ("anonymous", &[Triage], true, &[team_anonymous]),
            (
                "mediation agreed",
                &[Triage, Mediation],
                false,
                &[team_contacts, mediation],
            ),
            (
                "support agreed",
                &[Triage, Support],
                false,
                &[team_contacts, support],
            ),
            (
                "high band",
                &[Triage, Panel, Support],
                false,
                &[team_contacts, panel, support],
            ),
            (
                "high band, anonymous: the panel only",
                &[Triage, Panel],
                true,
                &[team_anonymous, panel],
            ),
        ];
        for (what, sent, anonymous, expected) in cases {
            let lines = what_happens_next(&NextStepsInput {
                sent,
                routes: &routes,
                anonymous: *anonymous,
                respond_by: day,
            });
            assert_eq!(lines, *expected, "{what}");
            for line in &lines {
                assert!(!line.contains("MARAC"), "{what}: {line}");
            }
        }
    }
}
