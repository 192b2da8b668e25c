//! All SQL lives here, behind plain functions over domain-shaped rows, so pages never see a
//! query and a PostgreSQL backend can be added beside this one later.
//!
//! Queries are checked at run time (not with `query!`), because the same statements must later
//! run against a second database kind; the integration tests exercise every one of them.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use crate::domain::report::Draft;
use crate::domain::uk_time::uk_date;

pub type Db = SqlitePool;

/// Opens (creating if needed) the SQLite database and brings its schema up to date.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() && path != ":memory:" {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // Drafts can be rebuilt by the person; the submit transaction raises this to FULL.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// SQLite lets one writer in at a time and makes the others sleep and retry, which stretches
/// the slowest responses under load. Writers queue here instead, in order, and go straight in.
static WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn now_text(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

// ---------------------------------------------------------------------------------------------
// Drafts

pub struct StoredDraft {
    pub draft: Draft,
    pub report_id: Option<i64>,
}

pub async fn create_draft(db: &Db, id: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let _writer = WRITER.lock().await;
    let answers = serde_json::to_string(&Draft::default())?;
    sqlx::query("INSERT INTO drafts (id, answers, created_at, updated_at) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(answers)
        .bind(now_text(now))
        .bind(now_text(now))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn load_draft(db: &Db, id: &str) -> anyhow::Result<Option<StoredDraft>> {
    let row = sqlx::query("SELECT answers, report_id FROM drafts WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(|row| {
        let answers: String = row.get("answers");
        Ok(StoredDraft {
            draft: serde_json::from_str(&answers)?,
            report_id: row.get("report_id"),
        })
    })
    .transpose()
}

/// Saves answers, unless the draft was already submitted (a submitted report is final).
pub async fn save_draft(
    db: &Db,
    id: &str,
    draft: &Draft,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let _writer = WRITER.lock().await;
    let answers = serde_json::to_string(draft)?;
    let result = sqlx::query(
        "UPDATE drafts SET answers = ?, updated_at = ? WHERE id = ? AND report_id IS NULL",
    )
    .bind(answers)
    .bind(now_text(now))
    .bind(id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn delete_draft(db: &Db, id: &str) -> anyhow::Result<()> {
    let _writer = WRITER.lock().await;
    sqlx::query("DELETE FROM drafts WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes drafts untouched since `before`, and submitted ones since `submitted_before`:
/// answers are not kept longer than the person needs them (the report holds what was sent).
pub async fn purge_drafts(
    db: &Db,
    before: DateTime<Utc>,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let _writer = WRITER.lock().await;
    let result = sqlx::query(
        "DELETE FROM drafts WHERE updated_at < ? OR (report_id IS NOT NULL AND updated_at < ?)",
    )
    .bind(now_text(before))
    .bind(now_text(submitted_before))
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Reports

/// Everything the final submit writes, already decided by the domain.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub reference: String,
    pub draft_id: String,
    pub category: String,
    pub asb_type: String,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub place_description: Option<String>,
    pub area: Option<String>,
    pub incident_date: NaiveDate,
    pub ongoing: bool,
    pub frequency: String,
    pub description: String,
    pub people_involved: Option<String>,
    pub anonymous: bool,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub phone: Option<String>,
    pub phone_key: Option<String>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
    pub affecting: bool,
    pub reported_before: bool,
    pub assessed: bool,
    pub score: Option<u32>,
    pub band: Option<String>,
    pub urgent: bool,
    pub second_report: bool,
    pub channel: String,
    pub submitted_at: DateTime<Utc>,
    /// The draft's answers as kept after submit (JSON), replacing the full answers.
    pub draft_after_submit: String,
    pub answers: Vec<NewAnswer>,
    pub consents: Vec<NewConsent>,
    pub routes: Vec<NewRouteDecision>,
    pub emails: Vec<NewEmail>,
}

#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub question_id: String,
    pub answer: String,
    pub score: u32,
}

#[derive(Debug, Clone)]
pub struct NewConsent {
    pub item: String,
    pub given: bool,
    pub wording_version: String,
    pub channel: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone)]
pub struct NewRouteDecision {
    pub route: String,
    pub rule: String,
    pub reason: String,
    pub held: bool,
}

#[derive(Debug, Clone)]
pub struct NewEmail {
    pub kind: String,
    pub route: Option<String>,
    pub message_id: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitOutcome {
    /// The report was written now.
    Committed { report_id: i64 },
    /// This draft was submitted before (a double click or a retried POST): nothing new written.
    AlreadySubmitted { report_id: i64 },
    /// The reference number is taken; the caller draws another and tries again.
    ReferenceTaken,
}

/// Writes the report, its answers, consent records, routing decisions and outbox rows in one
/// durable transaction, and marks the draft submitted. Idempotent per draft.
pub async fn commit_report(db: &Db, report: &NewReport) -> anyhow::Result<CommitOutcome> {
    let _writer = WRITER.lock().await;
    let mut conn = db.acquire().await?;
    // A report must survive a power cut once the person sees their reference number.
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(&mut *conn)
        .await?;
    let outcome = commit_on(&mut conn, report).await;
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut *conn)
        .await?;
    outcome
}

async fn commit_on(
    conn: &mut sqlx::SqliteConnection,
    report: &NewReport,
) -> anyhow::Result<CommitOutcome> {
    // IMMEDIATE takes the write lock first, so two submits of one draft are serialised and the
    // second sees the first one's report.
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM reports WHERE draft_id = ?")
        .bind(&report.draft_id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(report_id) = existing {
        tx.rollback().await?;
        return Ok(CommitOutcome::AlreadySubmitted { report_id });
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM reports WHERE reference = ?")
        .bind(&report.reference)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        tx.rollback().await?;
        return Ok(CommitOutcome::ReferenceTaken);
    }
    let submitted_at = now_text(report.submitted_at);
    let report_id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (reference, draft_id, category, asb_type, postcode, address, \
         place_description, area, incident_date, ongoing, frequency, description, people_involved, \
         anonymous, full_name, email, email_key, phone, phone_key, safe_to_email, safe_to_voicemail, \
         contact_times, affecting, reported_before, assessed, score, band, urgent, second_report, \
         channel, submitted_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(&report.reference)
    .bind(&report.draft_id)
    .bind(&report.category)
    .bind(&report.asb_type)
    .bind(&report.postcode)
    .bind(&report.address)
    .bind(&report.place_description)
    .bind(&report.area)
    .bind(report.incident_date.to_string())
    .bind(report.ongoing)
    .bind(&report.frequency)
    .bind(&report.description)
    .bind(&report.people_involved)
    .bind(report.anonymous)
    .bind(&report.full_name)
    .bind(&report.email)
    .bind(&report.email_key)
    .bind(&report.phone)
    .bind(&report.phone_key)
    .bind(report.safe_to_email)
    .bind(report.safe_to_voicemail)
    .bind(&report.contact_times)
    .bind(report.affecting)
    .bind(report.reported_before)
    .bind(report.assessed)
    .bind(report.score.map(i64::from))
    .bind(&report.band)
    .bind(report.urgent)
    .bind(report.second_report)
    .bind(&report.channel)
    .bind(&submitted_at)
    .fetch_one(&mut *tx)
    .await?;

    for answer in &report.answers {
        sqlx::query(
            "INSERT INTO assessment_answers (report_id, question_id, answer, score) VALUES (?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&answer.question_id)
        .bind(&answer.answer)
        .bind(i64::from(answer.score))
        .execute(&mut *tx)
        .await?;
    }
    for consent in &report.consents {
        sqlx::query(
            "INSERT INTO consents (report_id, item, given, wording_version, recorded_at, channel, recorded_by) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&consent.item)
        .bind(consent.given)
        .bind(&consent.wording_version)
        .bind(&submitted_at)
        .bind(&consent.channel)
        .bind(&consent.recorded_by)
        .execute(&mut *tx)
        .await?;
    }
    for decision in &report.routes {
        sqlx::query(
            "INSERT INTO routing_decisions (report_id, route, rule, reason, held, decided_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&decision.route)
        .bind(&decision.rule)
        .bind(&decision.reason)
        .bind(decision.held)
        .bind(&submitted_at)
        .execute(&mut *tx)
        .await?;
    }
    for email in &report.emails {
        sqlx::query(
            "INSERT INTO outbox (report_id, kind, route, message_id, recipients, subject, body, \
             status, attempts, next_attempt_at, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
        )
        .bind(report_id)
        .bind(&email.kind)
        .bind(&email.route)
        .bind(&email.message_id)
        .bind(email.recipients.join(","))
        .bind(&email.subject)
        .bind(&email.body)
        .bind(&submitted_at)
        .bind(&submitted_at)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE drafts SET report_id = ?, answers = ?, updated_at = ? WHERE id = ?")
        .bind(report_id)
        .bind(&report.draft_after_submit)
        .bind(&submitted_at)
        .bind(&report.draft_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(CommitOutcome::Committed { report_id })
}

/// What the confirmation page shows that only the stored report knows.
#[derive(Debug, Clone)]
pub struct SubmittedReport {
    pub reference: String,
    pub urgent: bool,
    pub second_report: bool,
    pub submitted_at: DateTime<Utc>,
    pub acknowledgement_queued: bool,
}

pub async fn submitted_report(db: &Db, report_id: i64) -> anyhow::Result<Option<SubmittedReport>> {
    let row = sqlx::query(
        "SELECT reference, urgent, second_report, submitted_at, \
         EXISTS (SELECT 1 FROM outbox WHERE outbox.report_id = reports.id AND kind = 'acknowledgement') AS ack \
         FROM reports WHERE id = ?",
    )
    .bind(report_id)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        let submitted_at: String = row.get("submitted_at");
        Ok(SubmittedReport {
            reference: row.get("reference"),
            urgent: row.get("urgent"),
            second_report: row.get("second_report"),
            submitted_at: DateTime::parse_from_rfc3339(&submitted_at)?.with_timezone(&Utc),
            acknowledgement_queued: row.get("ack"),
        })
    })
    .transpose()
}

/// Dates of the same person's earlier, named reports since `since`, matched on normalised
/// email or phone.
pub async fn earlier_report_dates(
    db: &Db,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<NaiveDate>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(Vec::new());
    }
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT submitted_at FROM reports WHERE anonymous = 0 AND submitted_at >= ? \
         AND ((? IS NOT NULL AND email_key = ?) OR (? IS NOT NULL AND phone_key = ?))",
    )
    .bind(now_text(since))
    .bind(email_key)
    .bind(email_key)
    .bind(phone_key)
    .bind(phone_key)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| uk_date(d.with_timezone(&Utc)))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Outbox

#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attempts: u32,
}

pub async fn due_messages(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, message_id, recipients, subject, body, attempts FROM outbox \
         WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
    )
    .bind(now_text(now))
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let recipients: String = row.get("recipients");
            let attempts: i64 = row.get("attempts");
            OutboxMessage {
                id: row.get("id"),
                message_id: row.get("message_id"),
                recipients: recipients.split(',').map(str::to_string).collect(),
                subject: row.get("subject"),
                body: row.get("body"),
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            }
        })
        .collect())
}

pub async fn mark_sent(db: &Db, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    let _writer = WRITER.lock().await;
    sqlx::query(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
    )
    .bind(now_text(now))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: either schedules the next one or, after the last, marks it dead.
pub async fn mark_failed(
    db: &Db,
    id: i64,
    error: &str,
    next_attempt: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let _writer = WRITER.lock().await;
    let (status, next) = match next_attempt {
        Some(at) => ("pending", now_text(at)),
        None => ("dead", now_text(Utc::now())),
    };
    sqlx::query(
        "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
    )
    .bind(status)
    .bind(error)
    .bind(next)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}
