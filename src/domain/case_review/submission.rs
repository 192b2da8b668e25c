//! What submitting an application writes, decided in one pure function: the application row,
//! its complaints with the threshold engine's verdicts, the deadlines, the acknowledgement to
//! the applicant and the coordinator's notice, and what the confirmation page says.
//! `server::case_review` does the I/O: it finds the proven and possibly related portal
//! reports, draws a reference, and commits the plan in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::bank_holidays::BankHolidays;
use crate::domain::case_review::application::{channel_value, Application, DeclaredReport};
use crate::domain::case_review::threshold::{
    check_threshold, Complaint, ComplaintChannel, Outcome, ThresholdResult, ThresholdRules,
};
use crate::domain::case_review::timescales::{Deadlines, Timescales};
use crate::domain::council_contact::CouncilContact;
use crate::domain::next_steps::long_date;
use crate::domain::reference::Reference;
use crate::domain::submission::{EmailKind, Incomplete, NewEmail, RouteConfig};
use crate::domain::uk_time::uk_date;

/// The local rules an application follows, borrowed from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct ApplicationRules<'a> {
    pub threshold: &'a ThresholdRules,
    pub timescales: &'a Timescales,
    pub bank_holidays: &'a BankHolidays,
    pub coordinator: &'a RouteConfig,
    /// Who reviews a decision the applicant disagrees with (e.g. the Police and Crime
    /// Commissioner's office), in the applicant's words.
    pub decision_review_body: &'a str,
    pub consent_version: &'a str,
    pub service_name: &'a str,
    pub base_url: &'a str,
    pub contact: &'a CouncilContact,
    pub message_id_domain: &'a str,
}

/// A portal report the server found for the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalReport {
    pub report_id: i64,
    pub reference: String,
    pub incident_date: NaiveDate,
    pub reported_on: NaiveDate,
    pub hate: bool,
    /// Its category and area: the community threshold counts the people reporting the same
    /// problem in the same place.
    pub category: String,
    pub area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    /// `portal`, `declared` or `possibly_related`.
    pub source: &'static str,
    pub report_id: Option<i64>,
    pub incident_date: NaiveDate,
    pub reported_on: NaiveDate,
    pub channel: &'static str,
    pub how: Option<String>,
    pub their_reference: Option<String>,
    pub details: Option<String>,
    pub verified: bool,
    pub counted: bool,
    pub reason: String,
}

/// What the confirmation page tells the applicant, stored with the application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationConfirmation {
    pub reference: String,
    pub outcome: Outcome,
    /// The provisional result and what happens next, in plain words.
    pub lines: Vec<String>,
    pub decision_by: NaiveDate,
    pub acknowledgement_sent: bool,
}

/// Everything the submit writes.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub reference: String,
    pub draft_id: String,
    pub applicant: &'static str,
    pub victim_name: Option<String>,
    pub organisation: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub phone: Option<String>,
    pub phone_key: Option<String>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
    pub impact: String,
    pub hate: &'static str,
    pub outcome_hoped: String,
    pub taking_part: &'static str,
    pub consent_wording_version: String,
    pub threshold: ThresholdResult,
    pub deadlines: Deadlines,
    pub submitted_at: DateTime<Utc>,
    pub complaints: Vec<NewComplaint>,
    pub emails: Vec<NewEmail>,
    pub confirmation: ApplicationConfirmation,
}

/// The applicant's normalised email and phone, which find possibly related reports.
pub fn contact_keys(draft: &Application) -> (Option<String>, Option<String>) {
    let contact = draft.contact_details.as_ref();
    (
        contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.normalised()),
        contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.normalised().to_string()),
    )
}

fn declared_complaint(n: usize, report: &DeclaredReport, hate: bool) -> Complaint {
    Complaint {
        label: format!("Report {n} made elsewhere"),
        incident_date: report.incident_date,
        reported_on: report.reported_on,
        channel: report.reported_to,
        verified: false,
        hate,
    }
}

/// The provisional result in the applicant's words. Never a rejection.
pub fn outcome_lines(
    result: &ThresholdResult,
    needed: u32,
    decision_by: NaiveDate,
    review_body: &str,
) -> Vec<String> {
    let by = long_date(decision_by);
    let mut lines = vec![match result.outcome {
        Outcome::Met => "From what you have told us, your application meets the threshold for an \
                         ASB Case Review."
            .to_string(),
        Outcome::MetPendingVerification => format!(
            "From what you have told us, your application appears to meet the threshold of {needed} \
             complaints. We will check the reports you made elsewhere with the organisations you \
             made them to."
        ),
        Outcome::NotMet => format!(
            "From what you have told us, your application may not meet the threshold of {needed} \
             complaints. A person will still look at it carefully, and can decide to hold a review."
        ),
    }];
    lines.push(format!(
        "The case review team will contact you by {by} to tell you their decision and the \
         reasons for it, whatever it is."
    ));
    lines.push(format!(
        "If you disagree with the decision, you can ask {review_body} to review it."
    ));
    lines
}

/// Plans every row of the application. Pure: `proven` are the portal reports whose link to
/// the applicant is proven, `possibly_related` those that only share an email or phone.
#[allow(clippy::too_many_arguments)]
pub fn plan_application(
    rules: &ApplicationRules,
    draft_id: &str,
    draft: &Application,
    now: DateTime<Utc>,
    proven: &[PortalReport],
    possibly_related: &[PortalReport],
    community_reporters: u32,
    reference: Reference,
) -> Result<NewApplication, Incomplete> {
    if draft.claimed_reports.is_none() {
        return Err(Incomplete);
    }
    let (Some(applicant), Some(contact), Some(other_reports), Some(impact), Some(taking_part)) = (
        draft.applicant,
        draft.contact_details.as_ref(),
        draft.other_reports.as_ref(),
        draft.impact.as_ref(),
        draft.taking_part,
    ) else {
        return Err(Incomplete);
    };
    if draft.consent != Some(true) {
        return Err(Incomplete);
    }
    let today = uk_date(now);
    let reference = reference.as_str().to_string();
    let hate = impact.hate == crate::domain::case_review::application::HateAnswer::Yes;

    let mut complaints: Vec<Complaint> = proven
        .iter()
        .map(|r| Complaint {
            label: r.reference.clone(),
            incident_date: r.incident_date,
            reported_on: r.reported_on,
            channel: ComplaintChannel::Portal,
            verified: true,
            hate: r.hate || hate,
        })
        .collect();
    complaints.extend(
        other_reports
            .iter()
            .enumerate()
            .map(|(i, r)| declared_complaint(i + 1, r, hate)),
    );
    let threshold = check_threshold(rules.threshold, today, &complaints, community_reporters);
    let deadlines = rules.timescales.deadlines(today, rules.bank_holidays);

    let mut rows: Vec<NewComplaint> = Vec::new();
    for (i, verdict) in threshold.complaints.iter().enumerate() {
        let complaint = &complaints[i];
        if i < proven.len() {
            rows.push(NewComplaint {
                source: "portal",
                report_id: Some(proven[i].report_id),
                incident_date: complaint.incident_date,
                reported_on: complaint.reported_on,
                channel: "portal",
                how: None,
                their_reference: None,
                details: None,
                verified: true,
                counted: verdict.counted,
                reason: verdict.reason.clone(),
            });
        } else {
            let declared = &other_reports[i - proven.len()];
            rows.push(NewComplaint {
                source: "declared",
                report_id: None,
                incident_date: declared.incident_date,
                reported_on: declared.reported_on,
                channel: channel_value(declared.reported_to),
                how: Some(declared.how.value().to_string()),
                their_reference: declared.their_reference.clone(),
                details: declared.details.clone(),
                verified: false,
                counted: verdict.counted,
                reason: verdict.reason.clone(),
            });
        }
    }
    // For the coordinator only: never counted, never shown to the applicant.
    for r in possibly_related
        .iter()
        .filter(|r| !proven.iter().any(|p| p.report_id == r.report_id))
    {
        rows.push(NewComplaint {
            source: "possibly_related",
            report_id: Some(r.report_id),
            incident_date: r.incident_date,
            reported_on: r.reported_on,
            channel: "portal",
            how: None,
            their_reference: None,
            details: None,
            verified: false,
            counted: false,
            reason: "shares an email or phone with the application; not proven to be the \
                     applicant's"
                .to_string(),
        });
    }

    let lines = outcome_lines(
        &threshold,
        rules.threshold.complaints_needed,
        deadlines.decision_by,
        rules.decision_review_body,
    );
    let mut emails = vec![coordinator_notice(
        rules,
        &reference,
        &threshold,
        &deadlines,
        rows.len(),
    )];
    let safe_email = contact
        .email
        .as_ref()
        .filter(|_| contact.safe_to_email == Some(true));
    if let Some(email) = safe_email {
        let mut body = format!(
            "Thank you for applying for an ASB Case Review with {}.\n\n\
             Your reference number is {reference}.\n\n",
            rules.service_name
        );
        for line in &lines {
            body.push_str(&format!("{line}\n\n"));
        }
        body.push_str("Contact us about your application\n\nQuote your reference number.\n");
        for line in rules.contact.text_lines() {
            body.push_str(&format!("{line}\n"));
        }
        body.push_str("\nReplies to this email are not read.\n");
        emails.push(NewEmail {
            kind: EmailKind::Acknowledgement,
            route: None,
            message_id: message_id(&reference, "acknowledgement", rules.message_id_domain),
            recipients: vec![email.as_str().to_string()],
            subject: format!("We have received your ASB Case Review application {reference}"),
            body,
        });
    }
    let confirmation = ApplicationConfirmation {
        reference: reference.clone(),
        outcome: threshold.outcome,
        lines,
        decision_by: deadlines.decision_by,
        acknowledgement_sent: emails.iter().any(|e| e.kind == EmailKind::Acknowledgement),
    };
    let (email_key, phone_key) = contact_keys(draft);
    Ok(NewApplication {
        reference,
        draft_id: draft_id.to_string(),
        applicant: applicant.value(),
        victim_name: draft.victim_name.clone(),
        organisation: draft.organisation.clone(),
        full_name: contact.full_name.clone(),
        email: contact.email.as_ref().map(|e| e.as_str().to_string()),
        email_key,
        phone: contact.phone.as_ref().map(|p| p.as_str().to_string()),
        phone_key,
        safe_to_email: contact.safe_to_email,
        safe_to_voicemail: contact.safe_to_voicemail,
        contact_times: contact.contact_times.clone(),
        impact: impact.description.clone(),
        hate: impact.hate.value(),
        outcome_hoped: impact.outcome_hoped.clone(),
        taking_part: taking_part.value(),
        consent_wording_version: rules.consent_version.to_string(),
        threshold,
        deadlines,
        submitted_at: now,
        complaints: rows,
        emails,
        confirmation,
    })
}

/// The coordinator's notice: minimal, like partner mail: no name, contact details or words of
/// the applicant's; the staff area holds them.
fn coordinator_notice(
    rules: &ApplicationRules,
    reference: &str,
    threshold: &ThresholdResult,
    deadlines: &Deadlines,
    complaints: usize,
) -> NewEmail {
    let mut body = format!(
        "Decision due: {} (within {} working days)\n\n\
         A new ASB Case Review application.\n\n\
         Reference: {reference}\n\
         Provisional result: {}\n\
         Complaints counted: {} ({} verified) of {complaints} listed\n\n\
         Why:\n",
        long_date(deadlines.decision_by),
        rules.timescales.decision_working_days,
        threshold.outcome.as_str(),
        threshold.counted,
        threshold.verified,
    );
    for line in &threshold.explanation {
        body.push_str(&format!("- {line}\n"));
    }
    body.push_str(
        "\nThe provisional result is the portal's, not a decision: a person decides whether the \
         threshold is met.\n",
    );
    body.push_str(&format!(
        "\nOpen the application in the staff area: {}/staff/case-reviews/{reference}\n",
        rules.base_url.trim_end_matches('/')
    ));
    NewEmail {
        kind: EmailKind::Referral,
        route: Some("case_review".to_string()),
        message_id: message_id(reference, "case_review", rules.message_id_domain),
        recipients: rules.coordinator.recipients.clone(),
        subject: format!("ASB Case Review application {reference}"),
        body,
    }
}

fn message_id(reference: &str, purpose: &str, domain: &str) -> String {
    format!("<{}.{purpose}@{domain}>", reference.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case_review::application::{
        Applicant, HateAnswer, HowReported, Impact, TakingPart,
    };
    use crate::domain::fields::ContactEmail;
    use crate::domain::report::ContactDetails;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn coordinator() -> RouteConfig {
        RouteConfig {
            name: "Case review coordinator".into(),
            recipients: vec!["case-review@council.example".into()],
            detail: Default::default(),
            resident_name: "The case review team".into(),
            description: "the council officer who runs case reviews".into(),
            contacts_resident: true,
        }
    }

    fn draft(declared: Vec<DeclaredReport>) -> Application {
        Application {
            applicant: Some(Applicant::Victim),
            contact_details: Some(ContactDetails {
                full_name: "Priya Quillfeather".into(),
                email: Some(ContactEmail::parse("priya@example.org").unwrap()),
                phone: None,
                safe_to_email: Some(true),
                safe_to_voicemail: None,
                contact_times: None,
            }),
            claimed_reports: Some(Vec::new()),
            other_reports: Some(declared),
            impact: Some(Impact {
                description: "I cannot sleep".into(),
                hate: HateAnswer::No,
                outcome_hoped: "That it stops".into(),
            }),
            taking_part: Some(TakingPart::Online),
            consent: Some(true),
            ..Application::default()
        }
    }

    fn portal(id: i64, day: NaiveDate) -> PortalReport {
        PortalReport {
            report_id: id,
            reference: format!("ASB-AAAA-AAA{id}"),
            incident_date: day,
            reported_on: day,
            hate: false,
            category: "noise".into(),
            area: None,
        }
    }

    fn declared(day: NaiveDate) -> DeclaredReport {
        DeclaredReport {
            incident_date: day,
            reported_on: day,
            reported_to: ComplaintChannel::Police,
            how: HowReported::Phone,
            their_reference: None,
            details: None,
        }
    }

    fn plan(
        draft: &Application,
        proven: &[PortalReport],
        related: &[PortalReport],
    ) -> NewApplication {
        let threshold = ThresholdRules::default();
        let timescales = Timescales::default();
        let holidays = BankHolidays::england_and_wales();
        let coordinator = coordinator();
        let contact = CouncilContact::default();
        let rules = ApplicationRules {
            threshold: &threshold,
            timescales: &timescales,
            bank_holidays: &holidays,
            coordinator: &coordinator,
            decision_review_body: "the Police and Crime Commissioner's office",
            consent_version: "case-review-share-2026-12",
            service_name: "Exampleshire Council",
            base_url: "https://asb.example.gov.uk",
            contact: &contact,
            message_id_domain: "asb.example.gov.uk",
        };
        let now = DateTime::parse_from_rfc3339("2026-07-15T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        plan_application(
            &rules,
            "d",
            draft,
            now,
            proven,
            related,
            0,
            Reference::from_random_bytes("CR", [9; 8]),
        )
        .unwrap()
    }

    #[test]
    fn the_result_the_rows_and_the_mail_follow_the_complaints() {
        let (a, b, c) = (ymd(2026, 5, 1), ymd(2026, 6, 1), ymd(2026, 7, 1));
        // (what, proven, declared, related) → outcome
        let cases = [
            (
                "three proven",
                vec![portal(1, a), portal(2, b), portal(3, c)],
                vec![],
                vec![],
                Outcome::Met,
            ),
            (
                "two proven and one declared",
                vec![portal(1, a), portal(2, b)],
                vec![declared(c)],
                vec![],
                Outcome::MetPendingVerification,
            ),
            (
                "two",
                vec![portal(1, a)],
                vec![declared(b)],
                vec![],
                Outcome::NotMet,
            ),
            (
                "related reports never count",
                vec![portal(1, a)],
                vec![],
                vec![portal(2, b), portal(3, c)],
                Outcome::NotMet,
            ),
        ];
        for (what, proven, declared, related, outcome) in cases {
            let report = plan(&draft(declared.clone()), &proven, &related);
            assert_eq!(report.threshold.outcome, outcome, "{what}");
            assert_eq!(report.confirmation.outcome, outcome, "{what}");
            assert_eq!(
                report.complaints.len(),
                proven.len() + declared.len() + related.len(),
                "{what}"
            );
            let related_rows = report
                .complaints
                .iter()
                .filter(|c| c.source == "possibly_related")
                .count();
            assert_eq!(related_rows, related.len(), "{what}");
            assert!(report
                .complaints
                .iter()
                .filter(|c| c.source == "possibly_related")
                .all(|c| !c.counted));
            // The confirmation never mentions the related reports.
            for r in &related {
                assert!(
                    !report
                        .confirmation
                        .lines
                        .iter()
                        .any(|l| l.contains(&r.reference)),
                    "{what}"
                );
            }
            assert!(report.reference.starts_with("CR-"), "{}", report.reference);
            // Ten working days from Wednesday 15 July 2026.
            assert_eq!(report.deadlines.decision_by, ymd(2026, 7, 29), "{what}");
            assert!(report.confirmation.lines[1].contains("Wednesday 29 July 2026"));
            let notice = report
                .emails
                .iter()
                .find(|e| e.kind == EmailKind::Referral)
                .unwrap();
            assert_eq!(notice.recipients, ["case-review@council.example"]);
            for personal in ["Priya", "priya@example.org", "cannot sleep", "stops"] {
                assert!(
                    !notice.body.contains(personal) && !notice.subject.contains(personal),
                    "{what}: {personal}"
                );
            }
            assert!(notice.body.contains(outcome.as_str()), "{what}");
            let ack = report
                .emails
                .iter()
                .find(|e| e.kind == EmailKind::Acknowledgement)
                .unwrap();
            assert!(ack.body.contains(&report.reference));
            assert!(ack.body.contains("Phone: 01632 960000"));
        }
        // Not met is never a rejection.
        let not_met = plan(&draft(vec![]), &[], &[]);
        assert!(not_met.confirmation.lines[0].contains("A person will still look at it"));
    }

    #[test]
    fn an_application_without_consent_or_answers_is_not_planned() {
        let mut no_consent = draft(vec![]);
        no_consent.consent = Some(false);
        let threshold = ThresholdRules::default();
        let timescales = Timescales::default();
        let holidays = BankHolidays::england_and_wales();
        let coordinator = coordinator();
        let contact = CouncilContact::default();
        let rules = ApplicationRules {
            threshold: &threshold,
            timescales: &timescales,
            bank_holidays: &holidays,
            coordinator: &coordinator,
            decision_review_body: "x",
            consent_version: "v",
            service_name: "x",
            base_url: "https://x",
            contact: &contact,
            message_id_domain: "x",
        };
        let reference = || Reference::from_random_bytes("CR", [1; 8]);
        assert!(plan_application(
            &rules,
            "d",
            &no_consent,
            Utc::now(),
            &[],
            &[],
            0,
            reference()
        )
        .is_err());
        assert!(plan_application(
            &rules,
            "d",
            &Application::default(),
            Utc::now(),
            &[],
            &[],
            0,
            reference()
        )
        .is_err());
    }
}
