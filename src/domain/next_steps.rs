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
    /// For a report made for someone else: a partner that contacts people contacts them, not
    /// the reporter.
    pub for_someone_else: Option<SomeoneElse<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub struct SomeoneElse<'a> {
    pub name: &'a str,
    /// The reporter told us how to reach them, and that we may.
    pub contactable: bool,
    /// They know about the report and agree: without that it goes no further than our team.
    pub agreed: bool,
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
        let partner = input.routes.get(route);
        let name = &partner.resident_name;
        lines.push(match input.for_someone_else {
            Some(them) if partner.contacts_resident && them.contactable => {
                format!("{name} will contact {} by {by}.", them.name)
            }
            None if partner.contacts_resident && !input.anonymous => {
                format!("{name} will contact you by {by}.")
            }
            _ => format!("{name} will also look at your report."),
        });
    }
    if let Some(them) = input.for_someone_else.filter(|t| !t.agreed) {
        lines.push(format!(
            "As {} does not know about your report or has not agreed to it, it goes only to \
             {}. They will decide whether anyone else needs to know, to keep {} safe.",
            them.name,
            team.to_lowercase(),
            them.name
        ));
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
                for_someone_else: None,
            });
            assert_eq!(lines, *expected, "{what}");
            for line in &lines {
                assert!(!line.contains("MARAC"), "{what}: {line}");
            }
        }
    }

    #[test]
    fn a_partner_contacts_the_person_a_report_was_made_for_only_when_we_may() {
        let routes = Routes::default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let cases = [
            (
                true,
                "Victim Support will contact Sam by Wednesday 2 December 2026.",
            ),
            (false, "Victim Support will also look at your report."),
        ];
        for (contactable, expected) in cases {
            let lines = what_happens_next(&NextStepsInput {
                sent: &[RouteId::Triage, RouteId::Support],
                routes: &routes,
                anonymous: false,
                respond_by: day,
                for_someone_else: Some(SomeoneElse {
                    name: "Sam",
                    contactable,
                    agreed: true,
                }),
            });
            assert_eq!(lines[1], expected);
            assert!(lines[0].contains("contact you"), "{}", lines[0]);
            assert_eq!(lines.len(), 2);
        }
        let without_agreement = what_happens_next(&NextStepsInput {
            sent: &[RouteId::Triage],
            routes: &routes,
            anonymous: false,
            respond_by: day,
            for_someone_else: Some(SomeoneElse {
                name: "Sam",
                contactable: false,
                agreed: false,
            }),
        });
        assert_eq!(
            without_agreement[1],
            "As Sam does not know about your report or has not agreed to it, it goes only to our \
             anti-social behaviour team. They will decide whether anyone else needs to know, to \
             keep Sam safe."
        );
    }
}
