//! The final submit: turns a complete draft into the rows of a report — assessment, consent
//! records, routing decisions and emails — using the domain rules, and commits them at once.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rand::RngCore;

use crate::domain::assessment::{declared_reports, Assessment};
use crate::domain::notices::{self, PersonalDetails, ReportFacts};
use crate::domain::reference::Reference;
use crate::domain::repeat::is_repeat_report;
use crate::domain::report::{ConsentItem, Draft};
use crate::domain::routing::{decide_routes, RoutingInput};
use crate::domain::uk_time::uk_date;
use crate::domain::working_days::add_working_days;
use crate::journey::{self, report::ReportJourney};
use crate::server::config::Config;
use crate::server::storage::{
    self, CommitOutcome, Db, NewAnswer, NewConsent, NewEmail, NewReport, NewRouteDecision,
};

/// What a submit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// The report is stored (now, or by an earlier press of the button).
    Report(i64),
    /// The answers changed after the person checked them: they must check again.
    DraftChanged,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the draft is not complete")]
    Incomplete,
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

/// Draws a reference from the operating system's randomness, so it cannot be guessed.
pub fn new_reference() -> Reference {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Reference::from_random_bytes("ASB", bytes)
}

/// The date by which the ASB team responds to a report submitted on `day`.
pub fn respond_by(config: &Config, day: NaiveDate) -> NaiveDate {
    add_working_days(
        day,
        config.site.triage_response_working_days,
        &config.bank_holidays,
    )
}

/// Commits the draft as a report; a second call for the same draft returns the first report.
/// `checked_version` is the draft version that "Check your answers" showed; if the draft has
/// moved on since (another tab), nothing is written.
pub async fn submit(
    db: &Db,
    config: &Config,
    draft_id: &str,
    draft: &Draft,
    checked_version: i64,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    if !journey::is_complete::<ReportJourney>(config, draft) {
        return Err(SubmitError::Incomplete);
    }
    let (email_key, phone_key) = contact_keys(draft);
    // Fetch from a little before the UK day six months ago; the domain rule then decides by
    // date exactly, so a report made earlier on that day still counts.
    let six_months_ago = uk_date(now)
        .checked_sub_months(Months::new(6))
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| midnight.and_utc() - chrono::Duration::hours(1))
        .unwrap_or(now);
    let earlier = storage::earlier_report_dates(
        db,
        email_key.as_deref(),
        phone_key.as_deref(),
        six_months_ago,
    )
    .await?;
    // Three attempts at a free reference: with ~40 bits a clash is already vanishingly rare.
    for _ in 0..3 {
        let report = build_report(config, draft_id, draft, now, &earlier, new_reference())?;
        match storage::commit_report(db, &report, checked_version).await? {
            CommitOutcome::Committed { report_id } => {
                tracing::info!(reference = %report.reference, report_id, "report submitted");
                return Ok(Submitted::Report(report_id));
            }
            CommitOutcome::AlreadySubmitted { report_id } => {
                return Ok(Submitted::Report(report_id))
            }
            CommitOutcome::DraftChanged => return Ok(Submitted::DraftChanged),
            CommitOutcome::ReferenceTaken => continue,
        }
    }
    Err(SubmitError::Storage(anyhow::anyhow!(
        "no free reference number after three attempts"
    )))
}

/// The person's normalised email and phone, which find their earlier reports.
fn contact_keys(draft: &Draft) -> (Option<String>, Option<String>) {
    let contact = draft.contact();
    (
        contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.normalised()),
        contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.normalised().to_string()),
    )
}

/// Builds every row of the report from the draft. Pure apart from reading the clock value and
/// reference it is given, so the benchmark's bare handler can commit exactly the same rows.
pub fn build_report(
    config: &Config,
    draft_id: &str,
    draft: &Draft,
    now: DateTime<Utc>,
    earlier_report_dates: &[NaiveDate],
    reference: Reference,
) -> Result<NewReport, SubmitError> {
    let rules = config.journey_rules();
    let (Some(category), Some(location), Some(when), Some(details), Some(impact)) = (
        draft.category_def(&rules),
        draft.location.as_ref(),
        draft.when.as_ref(),
        draft.details.as_ref(),
        draft.impact.as_ref(),
    ) else {
        return Err(SubmitError::Incomplete);
    };
    let today = uk_date(now);
    let assessed = draft.needs_assessment(&rules);
    let assessment: Option<Assessment> = draft.assessment_result(&rules);
    let anonymous = draft.is_anonymous();
    let contact = draft.contact();
    let reference = reference.as_str().to_string();
    let (email_key, phone_key) = contact_keys(draft);

    let all_answers = draft.assessment_answers(&config.assessment);
    let answers = if assessed {
        config
            .assessment
            .questions
            .iter()
            .filter_map(|q| {
                let answer = all_answers.get(&q.id)?;
                Some(NewAnswer {
                    question_id: q.id.clone(),
                    answer: answer.clone(),
                    score: q.option(answer).map(|o| o.score).unwrap_or(0),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let declared = if assessed {
        declared_reports(&all_answers)
    } else {
        0
    };
    let second_report = is_repeat_report(anonymous, earlier_report_dates, declared, today);
    let urgent = assessment.as_ref().is_some_and(|a| a.critical);

    let consents = draft
        .consent_items(&rules)
        .into_iter()
        .map(|item| NewConsent {
            item: item.as_str().to_string(),
            given: draft.consent.get(&item).copied().unwrap_or(false),
            wording_version: config.consent.get(item).version.clone(),
            channel: "self_service".into(),
            recorded_by: "resident".into(),
        })
        .collect();

    let decisions = decide_routes(
        &config.routing,
        &RoutingInput {
            category,
            assessment: assessment.as_ref(),
            anonymous,
            share_consent: draft.consented(ConsentItem::Share, &rules),
            support_consent: draft.consented(ConsentItem::Support, &rules),
            mediation_consent: draft.consented(ConsentItem::Mediation, &rules),
        },
    );

    let area_label = location.area.as_ref().map(|id| {
        config
            .areas
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.label.clone())
            .unwrap_or_else(|| id.clone())
    });
    let facts = ReportFacts {
        reference: reference.clone(),
        category: category.label.clone(),
        band: assessment.as_ref().map(|a| a.band.label().to_string()),
        area: area_label,
        incident_date: when.incident_date,
        submitted_on: today,
        urgent,
    };
    let personal = PersonalDetails {
        name: contact.map(|c| c.full_name.clone()),
        email: contact
            .and_then(|c| c.email.as_ref())
            .map(|e| e.as_str().to_string()),
        phone: contact
            .and_then(|c| c.phone.as_ref())
            .map(|p| p.as_str().to_string()),
        safe_contact: safe_contact_summary(draft),
        location: [
            location.address.clone(),
            location.postcode.as_ref().map(|p| p.as_str().to_string()),
            location.place_description.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", "),
        description: details.description.clone(),
        people_involved: details.people_involved.clone(),
    };
    let staff_link = format!(
        "{}/staff/reports/{}",
        config.site.base_url.trim_end_matches('/'),
        reference
    );

    let mut emails = Vec::new();
    for decision in decisions.iter().filter(|d| !d.held) {
        let route = config.routes.get(decision.route);
        let notice = notices::referral_notice(
            &facts,
            &route.name,
            decision,
            &staff_link,
            route.detail,
            &personal,
        );
        emails.push(NewEmail {
            kind: "referral".into(),
            route: Some(decision.route.as_str().to_string()),
            message_id: message_id(
                &reference,
                decision.route.as_str(),
                &config.smtp.message_id_domain,
            ),
            recipients: route.recipients.clone(),
            subject: notice.subject,
            body: notice.body,
        });
    }
    let safe_email = contact
        .filter(|c| c.safe_to_email == Some(true))
        .and_then(|c| c.email.as_ref());
    if let Some(email) = safe_email.filter(|_| draft.consented(ConsentItem::Contact, &rules)) {
        let notice = notices::acknowledgement(
            &config.site.name,
            &reference,
            respond_by(config, today),
            urgent,
        );
        emails.push(NewEmail {
            kind: "acknowledgement".into(),
            route: None,
            message_id: message_id(
                &reference,
                "acknowledgement",
                &config.smtp.message_id_domain,
            ),
            recipients: vec![email.as_str().to_string()],
            subject: notice.subject,
            body: notice.body,
        });
    }

    Ok(NewReport {
        reference,
        draft_id: draft_id.to_string(),
        category: category.id.clone(),
        asb_type: category.asb_type.as_str().to_string(),
        postcode: location.postcode.as_ref().map(|p| p.as_str().to_string()),
        address: location.address.clone(),
        place_description: location.place_description.clone(),
        area: location.area.clone(),
        incident_date: when.incident_date,
        ongoing: when.ongoing,
        frequency: when.frequency.value().to_string(),
        description: details.description.clone(),
        people_involved: details.people_involved.clone(),
        anonymous,
        full_name: contact.map(|c| c.full_name.clone()),
        email: personal.email.clone(),
        email_key,
        phone: personal.phone.clone(),
        phone_key,
        safe_to_email: contact.and_then(|c| c.safe_to_email),
        safe_to_voicemail: contact.and_then(|c| c.safe_to_voicemail),
        contact_times: contact.and_then(|c| c.contact_times.clone()),
        affecting: impact.affecting,
        reported_before: impact.reported_before,
        assessed,
        score: assessment.as_ref().map(|a| a.score),
        band: assessment.as_ref().map(|a| a.band.as_str().to_string()),
        urgent,
        second_report,
        channel: "self_service".into(),
        submitted_at: now,
        draft_after_submit: serde_json::to_string(&draft.after_submit())
            .map_err(|e| SubmitError::Storage(e.into()))?,
        answers,
        consents,
        routes: decisions
            .iter()
            .map(|d| NewRouteDecision {
                route: d.route.as_str().to_string(),
                rule: d.rule.to_string(),
                reason: d.reason.clone(),
                held: d.held,
            })
            .collect(),
        emails,
    })
}

/// A Message-ID fixed when the email is written, so a retried send carries the same one.
fn message_id(reference: &str, purpose: &str, domain: &str) -> String {
    format!("<{}.{purpose}@{domain}>", reference.to_lowercase())
}

fn safe_contact_summary(draft: &Draft) -> String {
    let Some(contact) = draft.contact() else {
        return "Anonymous: do not contact".into();
    };
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "safe",
        Some(false) => "NOT safe",
        None => "not asked",
    };
    format!(
        "email {}, voicemail {}{}",
        yes_no(contact.safe_to_email),
        yes_no(contact.safe_to_voicemail),
        contact
            .contact_times
            .as_ref()
            .map(|t| format!(", best times: {t}"))
            .unwrap_or_default()
    )
}
