//! The SQL of ASB Case Review applications: the submit transaction, the confirmation, the
//! portal reports an application rests on (proven) or may relate to (contact details only),
//! and the records the statutory figures count.

use chrono::{DateTime, Utc};

use super::{named_reports_with_contact, now_text, queue_emails, CommitOutcome, Db, MailOf};
use crate::domain::case_review::application::Application;
use crate::domain::case_review::figures::{uk_month_of, Figure, Tally};
use crate::domain::case_review::submission::{
    ApplicationConfirmation, NewApplication, PortalReport,
};
use crate::domain::uk_time::uk_date;

/// A portal report row as an application needs it.
type PortalRow = super::ContactMatch;

impl PortalRow {
    fn into_report(self, hate_categories: &[&str]) -> PortalReport {
        PortalReport {
            report_id: self.id,
            hate: hate_categories.contains(&self.category.as_str()),
            reference: self.reference,
            incident_date: self.incident_date,
            reported_on: uk_date(self.submitted_at),
            category: self.category,
            area: self.area,
        }
    }
}

/// The portal report an application was started from (its proof is the draft session), and
/// the earlier named reports proven to be the same person's when it was made.
pub async fn proven_reports(
    db: &Db,
    report_id: i64,
    hate_categories: &[&str],
) -> anyhow::Result<Vec<PortalReport>> {
    let rows: Vec<PortalRow> = sqlx::query_as(
        "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
         WHERE id = ? OR (anonymous = 0 AND id IN (SELECT value FROM json_each(\
             (SELECT proven_earlier_reports FROM reports WHERE id = ?)))) \
         ORDER BY submitted_at",
    )
    .bind(report_id)
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_report(hate_categories))
        .collect())
}

/// The portal report with this reference, only if it was made with this email or phone: a
/// claim proven. A reference that does not exist, is someone else's or does not match gives
/// the same `None`.
pub async fn claimed_report(
    db: &Db,
    reference: &str,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    hate_categories: &[&str],
) -> anyhow::Result<Option<PortalReport>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(None);
    }
    let row: Option<PortalRow> = sqlx::query_as(
        "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
         WHERE reference = ? AND anonymous = 0 \
         AND ((? IS NOT NULL AND email_key = ?) OR (? IS NOT NULL AND phone_key = ?))",
    )
    .bind(reference)
    .bind(email_key)
    .bind(email_key)
    .bind(phone_key)
    .bind(phone_key)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| r.into_report(hate_categories)))
}

/// Named portal reports since `since` that share the applicant's normalised email or phone:
/// possibly related, for the coordinator only.
pub async fn reports_sharing_contact(
    db: &Db,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
    hate_categories: &[&str],
) -> anyhow::Result<Vec<PortalReport>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(Vec::new());
    }
    let rows = named_reports_with_contact(db, email_key, phone_key, since).await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_report(hate_categories))
        .collect())
}

/// How many different people (by normalised email, else phone) made named reports of this
/// category in this area since `since`: the community threshold's count.
pub async fn different_reporters(
    db: &Db,
    category: &str,
    area: &str,
    since: DateTime<Utc>,
) -> anyhow::Result<u32> {
    let people: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT coalesce(email_key, phone_key)) FROM reports \
         WHERE category = ? AND area = ? AND submitted_at >= ? AND anonymous = 0",
    )
    .bind(category)
    .bind(area)
    .bind(now_text(since))
    .fetch_one(db.pool())
    .await?;
    Ok(people.try_into().unwrap_or(0))
}

/// Writes the application, its complaints and its mail in one durable transaction and marks
/// the draft submitted; idempotent per draft, and only while the draft is at `checked_version`.
pub async fn commit_application(
    db: &Db,
    application: &NewApplication,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let application = application.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { commit_on(conn, &application, checked_version).await })
    }))
    .await
}

async fn commit_on(
    conn: &mut sqlx::SqliteConnection,
    a: &NewApplication,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let draft = super::draft_key(&a.draft_id);
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM case_reviews WHERE draft_id = ?")
            .bind(&draft)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = existing {
        return Ok(CommitOutcome::AlreadySubmitted { id });
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM drafts WHERE id = ?")
        .bind(&draft)
        .fetch_optional(&mut *conn)
        .await?;
    if version != Some(checked_version) {
        return Ok(CommitOutcome::DraftChanged);
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM case_reviews WHERE reference = ?")
        .bind(&a.reference)
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Ok(CommitOutcome::ReferenceTaken);
    }
    let submitted_at = now_text(a.submitted_at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO case_reviews (reference, draft_id, applicant, victim_name, organisation, \
         full_name, email, email_key, phone, phone_key, safe_to_email, safe_to_voicemail, \
         contact_times, impact, hate, outcome_hoped, taking_part, consent_wording_version, \
         threshold_outcome, threshold_explanation, decision_by, meeting_by, outcome_by, \
         submitted_at, confirmation) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(&a.reference)
    .bind(&draft)
    .bind(a.applicant)
    .bind(&a.victim_name)
    .bind(&a.organisation)
    .bind(&a.full_name)
    .bind(&a.email)
    .bind(&a.email_key)
    .bind(&a.phone)
    .bind(&a.phone_key)
    .bind(a.safe_to_email)
    .bind(a.safe_to_voicemail)
    .bind(&a.contact_times)
    .bind(&a.impact)
    .bind(a.hate)
    .bind(&a.outcome_hoped)
    .bind(a.taking_part)
    .bind(&a.consent_wording_version)
    .bind(a.threshold.outcome.as_str())
    .bind(serde_json::to_string(&a.threshold)?)
    .bind(a.deadlines.decision_by.to_string())
    .bind(a.deadlines.meeting_by.to_string())
    .bind(a.deadlines.outcome_by.to_string())
    .bind(&submitted_at)
    .bind(serde_json::to_string(&a.confirmation)?)
    .fetch_one(&mut *conn)
    .await?;
    for c in &a.complaints {
        sqlx::query(
            "INSERT INTO case_review_complaints (case_review_id, source, report_id, incident_date, \
             reported_on, channel, how, their_reference, details, verified, counted, reason) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(c.source)
        .bind(c.report_id)
        .bind(c.incident_date.to_string())
        .bind(c.reported_on.to_string())
        .bind(c.channel)
        .bind(&c.how)
        .bind(&c.their_reference)
        .bind(&c.details)
        .bind(c.verified)
        .bind(c.counted)
        .bind(&c.reason)
        .execute(&mut *conn)
        .await?;
    }
    queue_emails(conn, MailOf::CaseReview(id), &a.emails, &submitted_at).await?;
    sqlx::query("UPDATE drafts SET case_review_id = ?, answers = ?, updated_at = ? WHERE id = ?")
        .bind(id)
        .bind(serde_json::to_string(&Application::default())?)
        .bind(&submitted_at)
        .bind(&draft)
        .execute(&mut *conn)
        .await?;
    Ok(CommitOutcome::Committed { id })
}

/// What the confirmation page tells the applicant, as stored with the application.
pub async fn application_confirmation(
    db: &Db,
    id: i64,
) -> anyhow::Result<Option<ApplicationConfirmation>> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT confirmation FROM case_reviews WHERE id = ?")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(stored.map(|json| serde_json::from_str(&json)).transpose()?)
}

/// One month's counts: the UTC month of the times counted ("2026-06"), that of an hour later
/// (see `figures::uk_month_of`), and up to two figures.
#[derive(sqlx::FromRow)]
struct MonthCounts {
    utc_month: String,
    month_an_hour_later: String,
    first: i64,
    second: i64,
}

/// The events the statutory figures count, by month: a few hundred rows for ten years, from
/// three scans of the `case_reviews_figures` index alone. (One row per application took 50 ms
/// at ten thousand applications, most of it in decoding the rows.)
pub async fn figure_tallies(db: &Db) -> anyhow::Result<Vec<Tally>> {
    // (the time the events happened, which applications, the two figures and what each counts)
    let counted = [
        (
            "submitted_at",
            "1",
            (Figure::Received, "count(*)"),
            (Figure::AwaitingDecision, "sum(decision IS NULL)"),
        ),
        (
            "decided_at",
            "decision = 'threshold_not_met' AND decided_at IS NOT NULL",
            (Figure::ThresholdNotMet, "count(*)"),
            (Figure::ThresholdNotMet, "0"),
        ),
        (
            "review_held_at",
            "review_held_at IS NOT NULL",
            (Figure::ReviewCarriedOut, "count(*)"),
            (
                Figure::ReviewWithRecommendations,
                "sum(recommendations_made = 1)",
            ),
        ),
    ];
    let mut tallies = Vec::new();
    for (at, which, (first, first_sql), (second, second_sql)) in counted {
        // Only a time in the last UTC hour of a day can be in another UK month an hour later,
        // so only those pay for the date arithmetic.
        let months: Vec<MonthCounts> = sqlx::query_as(&format!(
            "SELECT substr({at}, 1, 7) AS utc_month, \
             CASE WHEN substr({at}, 12, 2) = '23' THEN strftime('%Y-%m', {at}, '+1 hour') \
                  ELSE substr({at}, 1, 7) END AS month_an_hour_later, \
             {first_sql} AS first, {second_sql} AS second \
             FROM case_reviews WHERE {which} GROUP BY 1, 2"
        ))
        .fetch_all(db.pool())
        .await?;
        for m in months {
            let utc_month =
                chrono::NaiveDate::parse_from_str(&format!("{}-01", m.utc_month), "%Y-%m-%d")?;
            let on = uk_month_of(utc_month, m.month_an_hour_later != m.utc_month);
            for (figure, count) in [(first, m.first), (second, m.second)] {
                if count > 0 {
                    tallies.push(Tally {
                        on,
                        figure,
                        count: count.try_into().unwrap_or(0),
                    });
                }
            }
        }
    }
    Ok(tallies)
}
