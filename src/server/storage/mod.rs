//! All SQL lives here, behind plain functions over domain-shaped rows, so pages never see a
//! query and a PostgreSQL backend can be added beside this one later.
//!
//! Queries are checked at run time (not with `query!`), because the same statements must later
//! run against a second database kind; the integration tests exercise every one of them.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection};

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::SqlitePool;

mod case_reviews;
mod writer;
pub use case_reviews::*;
pub use writer::{Work, Writer};

use crate::domain::case_review::application::Application;
use crate::domain::report::Draft;
use crate::domain::submission::ConfirmationFacts;
pub use crate::domain::submission::NewReport;
use crate::domain::uk_time::uk_date;

/// The answers of one journey's draft, as stored in `drafts.answers` (JSON).
pub trait DraftAnswers: Serialize + DeserializeOwned + Default {
    /// The journey it belongs to, in `drafts.journey`.
    const JOURNEY: &'static str;
    /// The `drafts` column that the final submit sets to what it created, which makes the
    /// submit idempotent and the draft final (`report_id`, `case_review_id`).
    const SUBMITTED_COLUMN: &'static str;
    /// The format it is saved in. Raise it when a change needs more than serde's defaults to
    /// read older drafts (and teach `load_draft` to read the old one).
    const FORMAT_VERSION: i64;
}

impl DraftAnswers for Draft {
    const JOURNEY: &'static str = "report";
    const SUBMITTED_COLUMN: &'static str = "report_id";
    const FORMAT_VERSION: i64 = 1;
}

impl DraftAnswers for Application {
    const JOURNEY: &'static str = "case-review/apply";
    const SUBMITTED_COLUMN: &'static str = "case_review_id";
    const FORMAT_VERSION: i64 = 1;
}

/// The database: the connection pool for reads, and the writer every write queues for.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    /// SQLite lets one writer in at a time. This process's writes queue for one writer task,
    /// which commits all the writes waiting together (group commit, `writer`). Another process
    /// on the same file still meets SQLite's own lock, which the busy timeout waits for.
    writer: Writer,
}

impl Db {
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Runs `work` in the next group commit; answered once that commit is durable.
    pub async fn write<T: Send + 'static>(&self, work: Work<T>) -> anyhow::Result<T> {
        self.writer.write(work).await
    }
}

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
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options.clone())
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    // Every write is durable once answered: a report must survive a power cut once the
    // person sees its reference number. Group commit pays the fsync once per batch.
    let writer: SqliteConnection = options
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    Ok(Db {
        pool,
        writer: Writer::start(writer),
    })
}

/// The key a draft is stored under: a hash of the id in the person's cookie, so the drafts
/// table (a backup, a copy for support) holds nothing that opens anyone's answers. Reports
/// keep the same key in `draft_id`, for the idempotent submit.
pub fn draft_key(draft_id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("asb-portal draft {draft_id}").as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// Times are stored as ISO 8601 text in UTC with milliseconds (`2026-12-01T10:00:00.000Z`),
/// always in this one form, so the queries that compare them as text (due, expired, older
/// than) order them correctly. Reads decode them with sqlx's chrono types.
pub(crate) fn now_text(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

// ---------------------------------------------------------------------------------------------
// Drafts

pub struct StoredDraft<D> {
    pub draft: D,
    /// What the final submit created (a report, an application): the draft is final.
    pub submitted_id: Option<i64>,
    /// Goes up with every save; the final submit commits only the version the person checked.
    pub version: i64,
}

/// A draft as found: readable, or saved in a form this release cannot read.
pub enum FoundDraft<D> {
    Readable(Box<StoredDraft<D>>),
    /// In a form this release cannot read.
    Unreadable,
}

#[derive(sqlx::FromRow)]
struct DraftRow {
    answers: String,
    submitted_id: Option<i64>,
    version: i64,
    journey: String,
    format_version: i64,
}

pub async fn create_draft<D: DraftAnswers>(
    db: &Db,
    id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let answers = serde_json::to_string(&D::default())?;
    let (id, journey, format_version) = (draft_key(id), D::JOURNEY, D::FORMAT_VERSION);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO drafts (id, answers, created_at, updated_at, journey, format_version) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(answers)
            .bind(now_text(now))
            .bind(now_text(now))
            .bind(journey)
            .bind(format_version)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// Finds a draft. One that cannot be decoded is `Unreadable`; the decoding error is dropped
/// here, because its text can quote the answers.
pub async fn load_draft<D: DraftAnswers>(
    db: &Db,
    id: &str,
) -> anyhow::Result<Option<FoundDraft<D>>> {
    // The column name is the draft type's constant, never input.
    let row: Option<DraftRow> = sqlx::query_as(&format!(
        "SELECT answers, {} AS submitted_id, version, journey, format_version FROM drafts \
         WHERE id = ?",
        D::SUBMITTED_COLUMN
    ))
    .bind(draft_key(id))
    .fetch_optional(db.pool())
    .await?;
    // Another journey's draft is not this journey's: it is left alone, as if there were none.
    let Some(row) = row.filter(|row| row.journey == D::JOURNEY) else {
        return Ok(None);
    };
    let understood = row.format_version <= D::FORMAT_VERSION;
    Ok(Some(match serde_json::from_str::<D>(&row.answers) {
        Ok(draft) if understood => FoundDraft::Readable(Box::new(StoredDraft {
            draft,
            submitted_id: row.submitted_id,
            version: row.version,
        })),
        _ => FoundDraft::Unreadable,
    }))
}

/// Saves answers, unless the draft was already submitted (a submitted report is final).
pub async fn save_draft<D: DraftAnswers>(
    db: &Db,
    id: &str,
    draft: &D,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let answers = serde_json::to_string(draft)?;
    // The column name is the draft type's constant, never input.
    let sql = format!(
        "UPDATE drafts SET answers = ?, updated_at = ?, version = version + 1, format_version = ? \
         WHERE id = ? AND {} IS NULL",
        D::SUBMITTED_COLUMN
    );
    let (id, format_version) = (draft_key(id), D::FORMAT_VERSION);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let result = sqlx::query(&sql)
                .bind(answers)
                .bind(now_text(now))
                .bind(format_version)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(result.rows_affected() == 1)
        })
    }))
    .await
}

pub async fn delete_draft(db: &Db, id: &str) -> anyhow::Result<()> {
    let id = draft_key(id);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("DELETE FROM drafts WHERE id = ?")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

/// Deletes drafts untouched since `before`, and submitted ones since `submitted_before`:
/// answers are not kept longer than the person needs them (the report holds what was sent).
pub async fn purge_drafts(
    db: &Db,
    before: DateTime<Utc>,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<u64> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let result = sqlx::query(
                "DELETE FROM drafts WHERE updated_at < ? \
                 OR ((report_id IS NOT NULL OR case_review_id IS NOT NULL) AND updated_at < ?)",
            )
            .bind(now_text(before))
            .bind(now_text(submitted_before))
            .execute(&mut *conn)
            .await?;
            Ok(result.rows_affected())
        })
    }))
    .await
}

// ---------------------------------------------------------------------------------------------
// Reports

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitOutcome {
    /// The report (or application) `id` was written now.
    Committed { id: i64 },
    /// This draft was submitted before (a double click or a retried POST): nothing new written.
    AlreadySubmitted { id: i64 },
    /// The reference number is taken; the caller draws another and tries again.
    ReferenceTaken,
    /// The draft was changed after the person checked it (in another tab): nothing written.
    DraftChanged,
}

/// Writes the report, its answers, consent records, routing decisions and outbox rows in one
/// durable transaction, and marks the draft submitted. Idempotent per draft. The report is
/// written only while the draft is still at `checked_version`, the version its rows were
/// built from and the person confirmed.
pub async fn commit_report(
    db: &Db,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let report = report.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { commit_on(conn, &report, checked_version).await })
    }))
    .await
}

/// The same write as `commit_report`, in a transaction and an fsync of its own, one submit
/// at a time as the portal did before group commit: the benchmark's per-request baseline.
pub async fn commit_report_alone(
    db: &Db,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    static ONE_AT_A_TIME: std::sync::LazyLock<tokio::sync::Mutex<()>> =
        std::sync::LazyLock::new(|| tokio::sync::Mutex::new(()));
    let _turn = ONE_AT_A_TIME.lock().await;
    let mut conn = db.pool().acquire().await?;
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(&mut *conn)
        .await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let outcome = match commit_on(&mut conn, report, checked_version).await {
        Ok(outcome) => {
            sqlx::query("COMMIT").execute(&mut *conn).await?;
            Ok(outcome)
        }
        Err(e) => {
            sqlx::query("ROLLBACK").execute(&mut *conn).await?;
            Err(e)
        }
    };
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut *conn)
        .await?;
    outcome
}

async fn commit_on(
    conn: &mut SqliteConnection,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let draft = draft_key(&report.draft_id);
    // The three checks in one statement: each statement is a round trip to SQLite's thread,
    // and the writer runs every submit's statements one after another.
    let (existing, version, taken): (Option<i64>, Option<i64>, bool) = sqlx::query_as(
        "SELECT (SELECT id FROM reports WHERE draft_id = ?), \
                (SELECT version FROM drafts WHERE id = ?), \
                EXISTS (SELECT 1 FROM reports WHERE reference = ?)",
    )
    .bind(&draft)
    .bind(&draft)
    .bind(&report.reference)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(id) = existing {
        return Ok(CommitOutcome::AlreadySubmitted { id });
    }
    if version != Some(checked_version) {
        return Ok(CommitOutcome::DraftChanged);
    }
    if taken {
        return Ok(CommitOutcome::ReferenceTaken);
    }
    let submitted_at = now_text(report.submitted_at);
    let report_id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (reference, draft_id, category, asb_type, postcode, address, \
         place_description, area, incident_date, ongoing, frequency, description, people_involved, \
         anonymous, full_name, email, email_key, phone, phone_key, safe_to_email, safe_to_voicemail, \
         contact_times, affecting, reported_before, reported_to, assessed, score, band, urgent, \
         second_report, relationship, reporting_for, proven_earlier_reports, possibly_related, \
         channel, submitted_at, confirmation) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(&report.reference)
    .bind(&draft)
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
    .bind(
        report
            .reported_to
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?,
    )
    .bind(report.assessed)
    .bind(report.score.map(i64::from))
    .bind(report.band.map(|b| b.as_str()))
    .bind(report.urgent)
    .bind(report.second_report)
    .bind(&report.relationship)
    .bind(&report.reporting_for)
    .bind(serde_json::to_string(&report.proven_earlier_reports)?)
    .bind(report.possibly_related)
    .bind(report.channel.as_str())
    .bind(&submitted_at)
    .bind(serde_json::to_string(&report.confirmation)?)
    .fetch_one(&mut *conn)
    .await?;

    if let Some(person) = &report.person_affected {
        sqlx::query(
            "INSERT INTO people_affected (report_id, name, reporter_role, agreement, contact_them, \
             email, phone, safe_to_email, safe_to_voicemail, contact_times) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&person.name)
        .bind(&person.reporter_role)
        .bind(&person.agreement)
        .bind(person.contact_them)
        .bind(&person.email)
        .bind(&person.phone)
        .bind(person.safe_to_email)
        .bind(person.safe_to_voicemail)
        .bind(&person.contact_times)
        .execute(&mut *conn)
        .await?;
    }
    // Each table's rows in one statement (one round trip, however many rows).
    if !report.answers.is_empty() {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO assessment_answers (report_id, question_id, answer, score) ",
        );
        insert.push_values(&report.answers, |mut row, answer| {
            row.push_bind(report_id)
                .push_bind(&answer.question_id)
                .push_bind(&answer.answer)
                .push_bind(i64::from(answer.score));
        });
        insert.build().execute(&mut *conn).await?;
    }
    if !report.consents.is_empty() {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO consents (report_id, item, given, wording_version, recorded_at, channel, \
             recorded_by) ",
        );
        insert.push_values(&report.consents, |mut row, consent| {
            row.push_bind(report_id)
                .push_bind(&consent.item)
                .push_bind(consent.given)
                .push_bind(&consent.wording_version)
                .push_bind(&submitted_at)
                .push_bind(consent.channel.as_str())
                .push_bind(&consent.recorded_by);
        });
        insert.build().execute(&mut *conn).await?;
    }
    if !report.routes.is_empty() {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO routing_decisions (report_id, route, rule, reason, held, decided_at) ",
        );
        insert.push_values(&report.routes, |mut row, decision| {
            row.push_bind(report_id)
                .push_bind(&decision.route)
                .push_bind(&decision.rule)
                .push_bind(&decision.reason)
                .push_bind(decision.held)
                .push_bind(&submitted_at);
        });
        insert.build().execute(&mut *conn).await?;
    }
    queue_emails(
        conn,
        MailOf::Report(report_id),
        &report.emails,
        &submitted_at,
    )
    .await?;
    // The draft keeps nothing once submitted: the confirmation is read from the report.
    sqlx::query("UPDATE drafts SET report_id = ?, answers = ?, updated_at = ? WHERE id = ?")
        .bind(report_id)
        .bind(serde_json::to_string(&Draft::default())?)
        .bind(&submitted_at)
        .bind(&draft)
        .execute(&mut *conn)
        .await?;
    Ok(CommitOutcome::Committed { id: report_id })
}

/// What queued mail is about: the outbox row points at it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MailOf {
    Report(i64),
    CaseReview(i64),
}

/// Queues emails in the outbox inside the submit's transaction, so a submit and its mail are
/// committed together or not at all.
pub(crate) async fn queue_emails(
    conn: &mut SqliteConnection,
    about: MailOf,
    emails: &[crate::domain::submission::NewEmail],
    now: &str,
) -> anyhow::Result<()> {
    let (report_id, case_review_id) = match about {
        MailOf::Report(id) => (Some(id), None),
        MailOf::CaseReview(id) => (None, Some(id)),
    };
    if emails.is_empty() {
        return Ok(());
    }
    let recipients = emails
        .iter()
        .map(|e| serde_json::to_string(&e.recipients))
        .collect::<Result<Vec<_>, _>>()?;
    // All of them in one statement: one round trip to SQLite's thread.
    let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
        "INSERT INTO outbox (report_id, case_review_id, kind, route, message_id, recipients, \
         subject, body, status, attempts, next_attempt_at, created_at) ",
    );
    insert.push_values(emails.iter().zip(&recipients), |mut row, (email, to)| {
        row.push_bind(report_id)
            .push_bind(case_review_id)
            .push_bind(email.kind.as_str())
            .push_bind(&email.route)
            .push_bind(&email.message_id)
            .push_bind(to)
            .push_bind(&email.subject)
            .push_bind(&email.body)
            .push_bind("pending")
            .push_bind(0_i64)
            .push_bind(now)
            .push_bind(now);
    });
    insert.build().execute(&mut *conn).await?;
    Ok(())
}

/// What the confirmation page tells the person, as stored with their report. `None` for a
/// report stored before the portal kept it (or one that does not exist).
pub async fn confirmation(db: &Db, report_id: i64) -> anyhow::Result<Option<ConfirmationFacts>> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT confirmation FROM reports WHERE id = ?")
            .bind(report_id)
            .fetch_optional(db.pool())
            .await?;
    match stored.flatten() {
        Some(json) => Ok(Some(serde_json::from_str(&json)?)),
        None => Ok(None),
    }
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
    let rows = named_reports_with_contact(db, email_key, phone_key, since).await?;
    Ok(rows.into_iter().map(|r| uk_date(r.submitted_at)).collect())
}

/// A named report found by its email or phone.
#[derive(sqlx::FromRow)]
pub(crate) struct ContactMatch {
    pub id: i64,
    pub reference: String,
    pub incident_date: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub category: String,
    pub area: Option<String>,
}

/// Named reports since `since` made with this normalised email or with this phone, oldest
/// first, each once. One query per key, each on its own index: a single query with an OR over
/// both let SQLite skip-scan the phone index (mostly empty phones) across every report since
/// `since`, 80 ms at a million reports (`bench/run.sh`, 2026-12-02).
pub(crate) async fn named_reports_with_contact(
    db: &Db,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<ContactMatch>> {
    let since = now_text(since);
    let mut found: Vec<ContactMatch> = Vec::new();
    for (column, key) in [("email_key", email_key), ("phone_key", phone_key)] {
        let Some(key) = key else { continue };
        let rows: Vec<ContactMatch> = sqlx::query_as(&format!(
            "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
             WHERE {column} = ? AND submitted_at >= ? AND anonymous = 0"
        ))
        .bind(key)
        .bind(&since)
        .fetch_all(db.pool())
        .await?;
        found.extend(rows);
    }
    found.sort_by_key(|r| (r.submitted_at, r.id));
    found.dedup_by_key(|r| r.id);
    Ok(found)
}

/// The dates of those of these reports that were made with a name (an anonymous report is
/// never linked to a person): the reports made earlier from the same browser.
pub async fn named_report_dates(db: &Db, ids: &[i64]) -> anyhow::Result<Vec<(i64, NaiveDate)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, submitted_at FROM reports \
         WHERE anonymous = 0 AND id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(ids)?)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, at)| (id, uk_date(at))).collect())
}

/// A submitted report and the earlier ones proven to be the same person's: what a new report
/// started from its session carries forward as made from the same browser.
pub async fn report_and_proven_earlier(db: &Db, report_id: i64) -> anyhow::Result<Vec<i64>> {
    let earlier: Option<String> =
        sqlx::query_scalar("SELECT proven_earlier_reports FROM reports WHERE id = ?")
            .bind(report_id)
            .fetch_optional(db.pool())
            .await?;
    let Some(earlier) = earlier else {
        return Ok(Vec::new());
    };
    let mut ids: Vec<i64> = serde_json::from_str(&earlier)?;
    ids.insert(0, report_id);
    Ok(ids)
}

// ---------------------------------------------------------------------------------------------
// Outbox

/// Where an outbox message is: waiting (or waiting to be retried), claimed by a worker that is
/// sending it, sent, or given up on after the configured attempts. The database CHECKs the
/// same four words; the queries below name them as literals where they filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    Pending,
    Sending,
    Sent,
    Dead,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dead => "dead",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: String,
    pub recipients: sqlx::types::Json<Vec<String>>,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Claims up to `limit` messages that are due, or whose last claim ran out (its worker died
/// mid-send), for `lease`: they are marked `sending` so no other worker, in this process or
/// another on the same database, takes them meanwhile.
pub async fn claim_due_messages(
    db: &Db,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    let now_at = now_text(now);
    let until = now_text(now + lease);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let messages = sqlx::query_as(
                "UPDATE outbox SET status = 'sending', lease_until = ? WHERE id IN ( \
           SELECT id FROM outbox \
           WHERE (status = 'pending' AND next_attempt_at <= ?) \
              OR (status = 'sending' AND lease_until <= ?) \
           ORDER BY id LIMIT ?) \
         RETURNING id, message_id, recipients, subject, body, attempts",
            )
            .bind(until)
            .bind(&now_at)
            .bind(&now_at)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
            Ok(messages)
        })
    }))
    .await
}

pub async fn mark_sent(db: &Db, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, \
                 last_error = NULL, lease_until = NULL WHERE id = ?",
            )
            .bind(now_text(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// Records a failed attempt: either schedules the next one or, after the last, marks it dead.
pub async fn mark_failed(
    db: &Db,
    id: i64,
    error: &str,
    next_attempt: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let (status, next) = match next_attempt {
        Some(at) => (OutboxStatus::Pending, now_text(at)),
        None => (OutboxStatus::Dead, now_text(Utc::now())),
    };
    let error = error.to_string();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, \
                 next_attempt_at = ?, lease_until = NULL WHERE id = ?",
            )
            .bind(status.as_str())
            .bind(error)
            .bind(next)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// Hands claimed messages back unsent (at shutdown), so the next worker takes them at once.
pub async fn release_claims(db: &Db, ids: &[i64]) -> anyhow::Result<()> {
    let ids = ids.to_vec();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            for id in ids {
                sqlx::query(
                    "UPDATE outbox SET status = 'pending', lease_until = NULL \
                     WHERE id = ? AND status = 'sending'",
                )
                .bind(id)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })
    }))
    .await
}

/// Whether the database answers, for `/health`.
pub async fn ping(db: &Db) -> anyhow::Result<()> {
    sqlx::query("SELECT 1").execute(db.pool()).await?;
    Ok(())
}
