//! What the emails say: the resident's acknowledgement and the referral notice to each route.
//!
//! Partner mail carries the minimum by default (PRODUCT.md, "Emails"): the reference, route and
//! the rule that fired, band, category, area, dates and urgency, with a link to the staff area.
//! Personal details travel only to a route configured for `full` detail (a secure mailbox).
//! Subjects never carry personal data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::council_contact::CouncilContact;
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
    /// The response deadline the resident was given (`domain::urgency`).
    pub respond_by: NaiveDate,
    /// For a report made for someone else: who made it and whether the person knows and
    /// agrees, in words that identify nobody ("A relative, for the person affected, who…").
    pub reported_for: Option<String>,
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
    /// For a report made for someone else: their name and how to reach them (the `name`,
    /// `email` and `phone` above are then the reporter's).
    pub person_affected: Option<String>,
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
    // The deadline comes first: it is what the partner must act on.
    let mut body = format!(
        "Urgent: {} — respond by {}\n\n",
        if facts.urgent { "yes" } else { "no" },
        facts.respond_by.format("%A %-d %B %Y"),
    );
    body.push_str(&format!(
        "A report of anti-social behaviour has been routed to {route_name}.\n\n\
         Reference: {}\n\
         Route: {route_name}\n\
         Why: {}\n\
         Rule: {} ({})\n\
         Band: {}\n\
         Category: {}\n\
         Area: {}\n\
         Latest incident: {}\n\
         Submitted: {}\n",
        facts.reference,
        decision.reason,
        decision.rule,
        decision.summary,
        facts.band.as_deref().unwrap_or("Not assessed"),
        facts.category,
        facts.area.as_deref().unwrap_or("Not given"),
        facts.incident_date.format("%-d %B %Y"),
        facts.submitted_on.format("%-d %B %Y"),
    ));
    if let Some(reported_for) = &facts.reported_for {
        body.push_str(&format!("Reported by: {reported_for}\n"));
    }
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
        if let Some(person) = &personal.person_affected {
            body.push_str(&format!("\nThe person affected:\n{}\n", quoted(person)));
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

/// What the resident's acknowledgement says.
#[derive(Debug, Clone, Copy)]
pub struct Acknowledgement<'a> {
    pub service_name: &'a str,
    pub reference: &'a str,
    /// From `domain::next_steps`, the same lines as the confirmation page.
    pub next_steps: &'a [String],
    /// An answer was critical: the email repeats where to get help now.
    pub critical: bool,
    /// An urgent report sent while the triage team is not working.
    pub out_of_hours: Option<&'a crate::domain::submission::OutOfHours>,
    pub contact: &'a CouncilContact,
}

pub fn acknowledgement(ack: &Acknowledgement) -> Notice {
    let mut body = format!(
        "Thank you for reporting anti-social behaviour to {}.\n\n\
         Your reference number is {}.\n\n\
         What happens next\n\n",
        ack.service_name, ack.reference,
    );
    for line in ack.next_steps {
        body.push_str(&format!("- {line}\n"));
    }
    if let Some(out) = ack.out_of_hours {
        let lines = out.lines();
        body.push_str(&format!("\n{}\n{}\n", lines[0], lines[1]));
        for line in &lines[2..] {
            body.push_str(&format!("- {line}\n"));
        }
    }
    body.push_str(
        "\nIf you are in danger now, call 999. To report something that is not an emergency, \
         call 101.\n",
    );
    if ack.critical {
        body.push_str(
            "\nIf you are thinking about harming yourself, please call Samaritans free on \
             116 123, any time, or call 999 if you are in immediate danger.\n",
        );
    }
    body.push_str(&format!(
        "\nContact us about your report\n\n\
         Quote your reference number, {}.\n",
        ack.reference
    ));
    for line in ack.contact.text_lines() {
        body.push_str(&format!("{line}\n"));
    }
    body.push_str("\nReplies to this email are not read.\n");
    Notice {
        subject: format!("We have received your report {}", ack.reference),
        body,
    }
}

/// What a resident is told of a milestone of their case.
#[derive(Debug, Clone, Copy)]
pub struct CaseUpdate<'a> {
    pub service_name: &'a str,
    pub reference: &'a str,
    pub milestone: crate::domain::case_work::Milestone,
    pub contact: &'a CouncilContact,
    /// Where the portal is, for the link to the ASB Case Review.
    pub base_url: &'a str,
}

/// The email telling a resident their case reached a milestone. Someone else may read it, so
/// it says no more than the acknowledgement did: no partner, no officer's name, no reason.
pub fn case_update(update: &CaseUpdate) -> Notice {
    use crate::domain::case_work::Milestone;
    let CaseUpdate {
        service_name,
        reference,
        milestone,
        contact,
        base_url,
    } = *update;
    let news = match milestone {
        Milestone::Accepted => "An officer in our anti-social behaviour team is now dealing with \
             your report."
            .to_string(),
        Milestone::LeadAssigned => "Your case now has a named officer, who is your single point \
             of contact and will keep you informed."
            .to_string(),
        Milestone::Closed => format!(
            "We have closed your case.\n\n\
             If the problem carries on or starts again, report it again and quote your \
             reference. If you have reported it 3 times in 6 months and feel nothing has been \
             done, you can ask for an ASB Case Review: {}/case-review/apply",
            base_url.trim_end_matches('/')
        ),
        Milestone::Reopened => "We have reopened your case and are looking at it again.".into(),
    };
    let mut body = format!(
        "This is an update from {service_name} about your report {reference}.\n\n{news}\n\n\
         If you are in danger now, call 999. To report something that is not an emergency, \
         call 101.\n\nContact us about your report\n\nQuote your reference number, \
         {reference}.\n"
    );
    for line in contact.text_lines() {
        body.push_str(&format!("{line}\n"));
    }
    body.push_str("\nReplies to this email are not read.\n");
    Notice {
        subject: format!("An update on your report {reference}"),
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
            respond_by: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            reported_for: None,
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
            person_affected: None,
        }
    }

    fn decision() -> RouteDecision {
        RouteDecision {
            route: RouteId::Panel,
            rule: "panel_high_risk".into(),
            held: false,
            reason: "The assessment band is high".into(),
            summary: "Band high, and the resident agreed to share the report".into(),
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
            "Band high, and the resident agreed to share the report",
        ] {
            assert!(notice.body.contains(fact), "{fact} missing");
        }
        assert!(notice.subject.starts_with("URGENT"));
        assert_eq!(
            notice.body.lines().next(),
            Some("Urgent: yes — respond by Monday 23 November 2026")
        );
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
        assert_eq!(lines[0], "Urgent: no — respond by Monday 23 November 2026");
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
    fn the_acknowledgement_says_what_happens_next_and_how_to_contact_us() {
        let contact = CouncilContact::default();
        let next_steps = vec![
            "Our anti-social behaviour team will look at your report and contact you by \
             Friday 27 November 2026, in the ways you told us are safe."
                .to_string(),
            "Victim Support will contact you by Friday 27 November 2026.".to_string(),
        ];
        let ack = |critical| {
            acknowledgement(&Acknowledgement {
                service_name: "Exampleshire Council",
                reference: "ASB-7KQ4-M2XD",
                next_steps: &next_steps,
                critical,
                out_of_hours: None,
                contact: &contact,
            })
        };
        let notice = ack(false);
        assert!(notice.subject.contains("ASB-7KQ4-M2XD"));
        assert!(notice
            .body
            .contains("- Victim Support will contact you by Friday 27 November 2026."));
        assert!(notice.body.contains("Phone: 01632 960000"));
        assert!(notice.body.contains("Email: asb@council.example"));
        assert!(!notice.body.contains("116 123"));
        assert!(ack(true).body.contains("116 123"));
    }
}
