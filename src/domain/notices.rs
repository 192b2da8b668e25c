//! What the emails say: the resident's acknowledgement and the referral notice to each route.
//!
//! Partner mail carries the minimum by default (PRODUCT.md, "Emails"): the reference, route and
//! the rule that fired, band, category, area, dates and urgency, with a link to the staff area.
//! Personal details travel only to a route configured for `full` detail (a secure mailbox).
//! Subjects never carry personal data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::routing::RouteDecision;

/// How much of a report a route's email carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    #[default]
    Minimal,
    Full,
}

/// The facts about a report that any referral notice may carry.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFacts {
    pub reference: String,
    pub category: String,
    pub band: Option<String>,
    pub area: Option<String>,
    pub incident_date: NaiveDate,
    pub submitted_on: NaiveDate,
    pub urgent: bool,
}

/// The personal details only a `full` route receives.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalDetails {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub safe_contact: String,
    pub location: String,
    pub description: String,
    pub people_involved: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
}

pub fn referral_notice(
    facts: &ReportFacts,
    route_name: &str,
    decision: &RouteDecision,
    staff_link: &str,
    detail: Detail,
    personal: &PersonalDetails,
) -> Notice {
    let urgency = if facts.urgent { "URGENT " } else { "" };
    let subject = format!("{urgency}ASB referral {} for {route_name}", facts.reference);
    let mut body = String::new();
    if facts.urgent {
        body.push_str("URGENT: the person gave an answer that needs a same-day response.\n\n");
    }
    body.push_str(&format!(
        "A report of anti-social behaviour has been routed to {route_name}.\n\n\
         Reference: {}\n\
         Route: {route_name}\n\
         Rule: {} ({})\n\
         Band: {}\n\
         Category: {}\n\
         Area: {}\n\
         Latest incident: {}\n\
         Submitted: {}\n\
         Urgent: {}\n",
        facts.reference,
        decision.rule,
        decision.reason,
        facts.band.as_deref().unwrap_or("Not assessed"),
        facts.category,
        facts.area.as_deref().unwrap_or("Not given"),
        facts.incident_date.format("%-d %B %Y"),
        facts.submitted_on.format("%-d %B %Y"),
        if facts.urgent { "Yes" } else { "No" },
    ));
    if detail == Detail::Full {
        // The resident's own words are set off line by line, so nothing they typed can pose
        // as a line of this message ("Urgent: Yes", "Rule: …").
        body.push_str(&format!(
            "\nName: {}\nEmail: {}\nPhone: {}\nSafe contact: {}\n\n\
             The resident's own words follow, each line marked with \"> \".\n\n\
             Location:\n{}\n\nWhat happened:\n{}\n",
            personal.name.as_deref().unwrap_or("Anonymous"),
            personal.email.as_deref().unwrap_or("Not given"),
            personal.phone.as_deref().unwrap_or("Not given"),
            personal.safe_contact,
            quoted(&personal.location),
            quoted(&personal.description),
        ));
        if let Some(people) = &personal.people_involved {
            body.push_str(&format!("\nPeople involved:\n{}\n", quoted(people)));
        }
    }
    body.push_str(&format!(
        "\nOpen the case in the staff area: {staff_link}\n"
    ));
    Notice { subject, body }
}

/// Free text set off as a quotation: every line starts with "> ".
pub fn quoted(text: &str) -> String {
    text.lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn acknowledgement(
    service_name: &str,
    reference: &str,
    respond_by: NaiveDate,
    urgent_help: bool,
) -> Notice {
    let mut body = format!(
        "Thank you for reporting anti-social behaviour to {service_name}.\n\n\
         Your reference number is {reference}. Please quote it if you contact us.\n\n\
         What happens next: our anti-social behaviour team will look at your report and \
         contact you by {}.\n\n\
         If you are in danger now, call 999. To report something that is not an emergency, \
         call 101.\n",
        respond_by.format("%A %-d %B %Y"),
    );
    if urgent_help {
        body.push_str(
            "\nIf you are thinking about harming yourself, please call Samaritans free on \
             116 123, any time, or call 999 if you are in immediate danger.\n",
        );
    }
    Notice {
        subject: format!("We have received your report {reference}"),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::routing::RouteId;

    fn facts() -> ReportFacts {
        ReportFacts {
            reference: "ASB-7KQ4-M2XD".into(),
            category: "Noise".into(),
            band: Some("High".into()),
            area: Some("North".into()),
            incident_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            submitted_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            urgent: true,
        }
    }

    fn personal() -> PersonalDetails {
        PersonalDetails {
            name: Some("Sam Jones".into()),
            email: Some("sam@example.com".into()),
            phone: Some("07700 900982".into()),
            safe_contact: "Email: safe".into(),
            location: "1 High Street, SW1A 1AA".into(),
            description: "They shout at my door every night".into(),
            people_involved: Some("The man at number 3".into()),
        }
    }

    fn decision() -> RouteDecision {
        RouteDecision {
            route: RouteId::Panel,
            rule: "panel_high_risk".into(),
            held: false,
            reason: "The assessment band is high".into(),
        }
    }

    #[test]
    fn minimal_notices_carry_no_personal_details() {
        let notice = referral_notice(
            &facts(),
            "Community MARAC",
            &decision(),
            "https://portal.example/staff/reports/ASB-7KQ4-M2XD",
            Detail::Minimal,
            &personal(),
        );
        for secret in [
            "Sam Jones",
            "sam@example.com",
            "07700",
            "High Street",
            "SW1A",
            "shout",
            "number 3",
        ] {
            assert!(!notice.body.contains(secret), "{secret} leaked");
            assert!(!notice.subject.contains(secret), "{secret} leaked");
        }
        for fact in [
            "ASB-7KQ4-M2XD",
            "panel_high_risk",
            "High",
            "Noise",
            "North",
            "20 November 2026",
            "Urgent: Yes",
        ] {
            assert!(notice.body.contains(fact), "{fact} missing");
        }
        assert!(notice.subject.starts_with("URGENT"));
    }

    #[test]
    fn full_notices_carry_the_details_but_the_subject_stays_clean() {
        let notice = referral_notice(
            &facts(),
            "Community MARAC",
            &decision(),
            "https://portal.example/staff",
            Detail::Full,
            &personal(),
        );
        assert!(notice.body.contains("Sam Jones"));
        assert!(notice.body.contains("They shout at my door"));
        assert!(!notice.subject.contains("Sam"));
    }

    #[test]
    fn the_residents_words_cannot_pose_as_lines_of_the_message() {
        let mut personal = personal();
        personal.description = "Noise again\nUrgent: Yes\nRule: panel_high_risk".into();
        personal.people_involved = Some("Reference: ASB-FAKE-FAKE".into());
        let mut facts = facts();
        facts.urgent = false;
        let notice = referral_notice(
            &facts,
            "Community MARAC",
            &decision(),
            "https://portal.example/staff",
            Detail::Full,
            &personal,
        );
        let lines: Vec<&str> = notice.body.lines().collect();
        assert!(lines.contains(&"Urgent: No"));
        assert!(!lines.contains(&"Urgent: Yes"), "{}", notice.body);
        assert!(lines.contains(&"> Urgent: Yes"));
        assert!(lines.contains(&"> Reference: ASB-FAKE-FAKE"));
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("Reference: "))
                .count(),
            1,
            "one reference line"
        );
    }

    #[test]
    fn the_acknowledgement_names_the_reference_and_the_date() {
        let notice = acknowledgement(
            "Exampleshire Council",
            "ASB-7KQ4-M2XD",
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            false,
        );
        assert!(notice.subject.contains("ASB-7KQ4-M2XD"));
        assert!(notice.body.contains("Friday 27 November 2026"));
        assert!(!notice.body.contains("116 123"));
        let urgent = acknowledgement(
            "X",
            "ASB-7KQ4-M2XD",
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            true,
        );
        assert!(urgent.body.contains("116 123"));
    }
}
