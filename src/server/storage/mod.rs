//! All SQL lives here, behind plain functions over domain-shaped rows, so pages never see a
//! query. Two databases stand behind the one set of functions, chosen by the database URL:
//! SQLite (`sqlite:`, the default, no set-up) and PostgreSQL (`postgres://`, for several
//! instances on a database a council already runs).
//!
//! The SQL is written once (`sql/*.rs`) and compiled for each backend (`sqlite`, `postgres`),
//! each with its own connection types, so every statement is type-checked against both
//! drivers. The functions here hand each call to the backend the database is on. Queries are
//! checked at run time (not with `query!`); the integration tests run against both databases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

mod postgres;
mod sqlite;
mod writer;
pub use writer::{Work, Writer};

use crate::domain::case_review::application::Application;
use crate::domain::case_review::figures::{uk_month_of, Figure, Tally};
use crate::domain::case_review::submission::{
    ApplicationConfirmation, NewApplication, PortalReport,
};
use crate::domain::report::Draft;
pub use crate::domain::staff::QueueFilter;
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

/// The database, on whichever backend its URL names. Cloning shares its pools.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(sqlite::Handle),
    Postgres(postgres::Handle),
}

/// The connection pool, for the few callers that run SQL of their own (tests, benchmarks).
pub enum Pool<'a> {
    Sqlite(&'a sqlx::SqlitePool),
    Postgres(&'a sqlx::PgPool),
}

impl Db {
    pub fn pool(&self) -> Pool<'_> {
        match &self.backend {
            Backend::Sqlite(h) => Pool::Sqlite(h.pool()),
            Backend::Postgres(h) => Pool::Postgres(h.pool()),
        }
    }

    /// The SQLite pool, for the benchmarks that seed SQLite with SQLite's own SQL.
    pub fn sqlite_pool(&self) -> Option<&sqlx::SqlitePool> {
        match &self.backend {
            Backend::Sqlite(h) => Some(h.pool()),
            Backend::Postgres(_) => None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }
}

/// Hands a call to the function of the same name in the database's backend.
macro_rules! on_backend {
    ($db:expr, $function:ident $(::<$($t:ty),+>)? ($($arg:expr),* $(,)?)) => {
        match &$db.backend {
            Backend::Sqlite(h) => sqlite::$function$(::<$($t),+>)?(h, $($arg),*).await,
            Backend::Postgres(h) => postgres::$function$(::<$($t),+>)?(h, $($arg),*).await,
        }
    };
}

/// Opens the database its URL names (`sqlite:…` or `postgres://…`), creating a SQLite file if
/// needed, and brings its schema up to date.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Backend::Postgres(postgres::connect(url).await?)
    } else {
        Backend::Sqlite(sqlite::connect(url).await?)
    };
    Ok(Db { backend })
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

/// Times are stored as ISO 8601 text in UTC with milliseconds (`2026-12-01T10:00:00.000Z`) on
/// SQLite, always in this one form, so the queries that compare them as text (due, expired,
/// older than) order them correctly; PostgreSQL keeps them as `timestamptz`.
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
    on_backend!(db, create_draft::<D>(id, now))
}

/// Finds a draft. One that cannot be decoded is `Unreadable`; the decoding error is dropped,
/// because its text can quote the answers.
pub async fn load_draft<D: DraftAnswers>(
    db: &Db,
    id: &str,
) -> anyhow::Result<Option<FoundDraft<D>>> {
    on_backend!(db, load_draft::<D>(id))
}

/// Saves answers, unless the draft was already submitted (a submitted report is final).
pub async fn save_draft<D: DraftAnswers>(
    db: &Db,
    id: &str,
    draft: &D,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    on_backend!(db, save_draft::<D>(id, draft, now))
}

pub async fn delete_draft(db: &Db, id: &str) -> anyhow::Result<()> {
    on_backend!(db, delete_draft(id))
}

/// Deletes drafts untouched since `before`, and submitted ones since `submitted_before`:
/// answers are not kept longer than the person needs them (the report holds what was sent).
/// Safe on every instance at once: each deletes what is due, and a second finds nothing.
pub async fn purge_drafts(
    db: &Db,
    before: DateTime<Utc>,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<u64> {
    on_backend!(db, purge_drafts(before, submitted_before))
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
    on_backend!(db, commit_report(report, checked_version))
}

/// The same write as `commit_report`, in a transaction and an fsync of its own, one submit
/// at a time as the portal did before group commit: the benchmark's per-request baseline.
/// (On PostgreSQL every submit is its own transaction: `commit_report`.)
pub async fn commit_report_alone(
    db: &Db,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    match &db.backend {
        Backend::Sqlite(h) => sqlite::commit_report_alone(h, report, checked_version).await,
        Backend::Postgres(h) => postgres::commit_report(h, report, checked_version).await,
    }
}

/// What queued mail is about: the outbox row points at it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MailOf {
    Report(i64),
    CaseReview(i64),
}

/// What the confirmation page tells the person, as stored with their report. `None` for a
/// report stored before the portal kept it (or one that does not exist).
pub async fn confirmation(db: &Db, report_id: i64) -> anyhow::Result<Option<ConfirmationFacts>> {
    on_backend!(db, confirmation(report_id))
}

/// Dates of the same person's earlier, named reports since `since`, matched on normalised
/// email or phone.
pub async fn earlier_report_dates(
    db: &Db,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<NaiveDate>> {
    on_backend!(db, earlier_report_dates(email_key, phone_key, since))
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

/// A portal report row as an application needs it.
impl ContactMatch {
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

/// The dates of those of these reports that were made with a name (an anonymous report is
/// never linked to a person): the reports made earlier from the same browser.
pub async fn named_report_dates(db: &Db, ids: &[i64]) -> anyhow::Result<Vec<(i64, NaiveDate)>> {
    on_backend!(db, named_report_dates(ids))
}

/// A submitted report and the earlier ones proven to be the same person's: what a new report
/// started from its session carries forward as made from the same browser.
pub async fn report_and_proven_earlier(db: &Db, report_id: i64) -> anyhow::Result<Vec<i64>> {
    on_backend!(db, report_and_proven_earlier(report_id))
}

// ---------------------------------------------------------------------------------------------
// ASB Case Review applications

/// The portal report an application was started from (its proof is the draft session), and
/// the earlier named reports proven to be the same person's when it was made.
pub async fn proven_reports(
    db: &Db,
    report_id: i64,
    hate_categories: &[&str],
) -> anyhow::Result<Vec<PortalReport>> {
    on_backend!(db, proven_reports(report_id, hate_categories))
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
    on_backend!(
        db,
        claimed_report(reference, email_key, phone_key, hate_categories)
    )
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
    on_backend!(
        db,
        reports_sharing_contact(email_key, phone_key, since, hate_categories)
    )
}

/// How many different people (by normalised email, else phone) made named reports of this
/// category in this area since `since`: the community threshold's count.
pub async fn different_reporters(
    db: &Db,
    category: &str,
    area: &str,
    since: DateTime<Utc>,
) -> anyhow::Result<u32> {
    on_backend!(db, different_reporters(category, area, since))
}

/// Writes the application, its complaints and its mail in one durable transaction and marks
/// the draft submitted; idempotent per draft, and only while the draft is at `checked_version`.
pub async fn commit_application(
    db: &Db,
    application: &NewApplication,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    on_backend!(db, commit_application(application, checked_version))
}

/// What the confirmation page tells the applicant, as stored with the application.
pub async fn application_confirmation(
    db: &Db,
    id: i64,
) -> anyhow::Result<Option<ApplicationConfirmation>> {
    on_backend!(db, application_confirmation(id))
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
/// at ten thousand applications on SQLite, most of it in decoding the rows.)
pub async fn figure_tallies(db: &Db) -> anyhow::Result<Vec<Tally>> {
    on_backend!(db, figure_tallies())
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

#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A claimed outbox row as stored: `recipients` is a JSON list, held as text on both databases.
#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    message_id: String,
    recipients: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl TryFrom<ClaimedRow> for OutboxMessage {
    type Error = anyhow::Error;

    fn try_from(row: ClaimedRow) -> anyhow::Result<OutboxMessage> {
        Ok(OutboxMessage {
            id: row.id,
            message_id: row.message_id,
            recipients: serde_json::from_str(&row.recipients)?,
            subject: row.subject,
            body: row.body,
            attempts: row.attempts,
        })
    }
}

/// Claims up to `limit` messages that are due, or whose last claim ran out (its worker died
/// mid-send), for `lease`: they are marked `sending` so no other worker, in this process or
/// another instance on the same database, takes them meanwhile.
pub async fn claim_due_messages(
    db: &Db,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    on_backend!(db, claim_due_messages(now, lease, limit))
}

pub async fn mark_sent(db: &Db, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    on_backend!(db, mark_sent(id, now))
}

/// Records a failed attempt: either schedules the next one or, after the last, marks it dead.
pub async fn mark_failed(
    db: &Db,
    id: i64,
    error: &str,
    next_attempt: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    on_backend!(db, mark_failed(id, error, next_attempt))
}

/// Hands claimed messages back unsent (at shutdown), so the next worker takes them at once.
pub async fn release_claims(db: &Db, ids: &[i64]) -> anyhow::Result<()> {
    on_backend!(db, release_claims(ids))
}

/// Whether the database answers, for `/health`.
pub async fn ping(db: &Db) -> anyhow::Result<()> {
    on_backend!(db, ping())
}

// ---------------------------------------------------------------------------------------------
// The staff area

/// A staff account to create. `email` as `domain::staff::account_email` gives it; `roles` in
/// their stored form.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    /// argon2id, as a PHC string. `None` for an invitation not yet accepted.
    pub password_hash: Option<String>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub disabled: bool,
}

/// A signed-in browser's session and its account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub account_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub second_factor_done: bool,
    pub pending_totp_secret: Option<String>,
    pub email: String,
    pub display_name: String,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
}

/// How the second factor was given: a code from the app (its time step), or a recovery code
/// (its hash).
#[derive(Debug, Clone)]
pub enum SecondFactorProof {
    CodeStep(i64),
    RecoveryCode(String),
    /// `staff.second_factor_required` is off and the account has no app.
    NotRequired,
}

#[derive(Debug, Clone)]
pub struct SecondFactorPassed {
    pub account_id: i64,
    pub old_key: String,
    pub new_key: String,
    pub proof: SecondFactorProof,
    /// A newly enrolled app's secret and the hashes of its recovery codes.
    pub enrolled: Option<(String, Vec<String>)>,
}

/// One row of the audit trail: ids, an action and a field name, never a personal value.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub account_id: Option<i64>,
    pub action: &'static str,
    pub report_id: Option<i64>,
    /// The account an administrator's change was to.
    pub subject_account_id: Option<i64>,
    pub field: Option<&'static str>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
}

impl AuditEvent {
    /// An event with no account, report or values yet.
    pub fn new(action: &'static str, field: Option<&'static str>) -> AuditEvent {
        AuditEvent {
            account_id: None,
            action,
            report_id: None,
            subject_account_id: None,
            field,
            from_value: None,
            to_value: None,
        }
    }

    /// `by` did `action` to the account `subject`.
    pub fn of_account(
        by: Option<i64>,
        action: &'static str,
        subject: i64,
        field: Option<&'static str>,
    ) -> AuditEvent {
        AuditEvent {
            account_id: by,
            subject_account_id: Some(subject),
            ..AuditEvent::new(action, field)
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub reference: String,
    pub submitted_at: DateTime<Utc>,
    pub category: String,
    pub area: Option<String>,
    pub band: Option<String>,
    pub urgent: bool,
    /// How many of its routes held it for a triage officer.
    pub held: i64,
    /// `cases.status`, `new` before anyone has worked it.
    pub status: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoutingRow {
    pub route: String,
    pub rule: String,
    pub reason: String,
    pub held: bool,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseReportRow {
    pub id: i64,
    pub reference: String,
    pub submitted_at: DateTime<Utc>,
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
    pub phone: Option<String>,
    pub safe_to_email: Option<bool>,
    pub safe_to_voicemail: Option<bool>,
    pub contact_times: Option<String>,
    pub affecting: bool,
    pub reported_before: bool,
    pub assessed: bool,
    pub score: Option<i64>,
    pub band: Option<String>,
    pub urgent: bool,
    pub channel: String,
    pub relationship: Option<String>,
    pub reporting_for: String,
    /// When its personal data was erased under the retention policy.
    pub erased_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    pub question_id: String,
    pub answer: String,
    pub score: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentRow {
    pub item: String,
    pub given: bool,
    pub wording_version: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EmailRow {
    pub kind: String,
    pub route: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Everything the case page shows of one report.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub report: CaseReportRow,
    pub answers: Vec<AnswerRow>,
    pub consents: Vec<ConsentRow>,
    pub routing: Vec<RoutingRow>,
    pub emails: Vec<EmailRow>,
}

impl CaseFile {
    /// The routes the report has been sent to (not held), of those configured.
    pub fn sent_to(
        &self,
        routes: &crate::domain::submission::Routes,
    ) -> Vec<crate::domain::routing::RouteId> {
        self.routing
            .iter()
            .filter(|d| !d.held)
            .filter_map(|d| routes.route(&d.route))
            .collect()
    }

    /// The consents that hold now: the latest answer to each item (a withdrawal is a later
    /// row).
    pub fn consents_now(&self) -> Vec<crate::domain::report::ConsentItem> {
        crate::domain::report::ConsentItem::ALL
            .into_iter()
            .filter(|item| {
                self.consents
                    .iter()
                    .filter(|c| c.item == item.as_str())
                    .max_by_key(|c| c.recorded_at)
                    .is_some_and(|c| c.given)
            })
            .collect()
    }
}

/// Creates an account with its roles; `None` if the email has an account already.
pub async fn create_account(
    db: &Db,
    account: &NewAccount,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    on_backend!(db, create_account(account, now))
}

pub async fn account_by_email(db: &Db, email: &str) -> anyhow::Result<Option<AccountRow>> {
    on_backend!(db, account_by_email(email))
}

pub async fn roles_of(db: &Db, account_id: i64) -> anyhow::Result<Vec<String>> {
    on_backend!(db, roles_of(account_id))
}

/// Failed sign-ins since `since` for this email (its key) and from this address.
pub async fn sign_in_failures(
    db: &Db,
    email_key: &str,
    address: &str,
    since: DateTime<Utc>,
) -> anyhow::Result<(u32, u32)> {
    let (account, address): (i64, i64) =
        on_backend!(db, sign_in_failures(email_key, address, since))?;
    Ok((
        account.try_into().unwrap_or(u32::MAX),
        address.try_into().unwrap_or(u32::MAX),
    ))
}

pub async fn record_sign_in_failure(
    db: &Db,
    email_key: &str,
    address: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_backend!(
        db,
        record_sign_in_failure(email_key, address, now, forget_before)
    )
}

/// Starts a session for the account, stored under `key` (a hash of the cookie's id).
pub async fn create_session(
    db: &Db,
    key: &str,
    account_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_backend!(db, create_session(key, account_id, now))
}

/// The session stored under `key`, unless its account is disabled.
pub async fn load_session(db: &Db, key: &str) -> anyhow::Result<Option<SessionRow>> {
    on_backend!(db, load_session(key))
}

pub async fn touch_session(db: &Db, key: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    on_backend!(db, touch_session(key, now))
}

pub async fn delete_session(db: &Db, key: &str) -> anyhow::Result<()> {
    on_backend!(db, delete_session(key))
}

/// Disables the account and ends all its sessions.
pub async fn disable_account(db: &Db, account_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    on_backend!(db, disable_account(account_id, now))
}

/// Keeps the secret of an authenticator app being enrolled with the session, until a code from
/// it is confirmed.
pub async fn set_pending_code_secret(db: &Db, key: &str, secret: &str) -> anyhow::Result<()> {
    on_backend!(db, set_pending_code_secret(key, secret))
}

/// Completes sign-in with the second factor; `false` if the code was used already.
pub async fn pass_second_factor(
    db: &Db,
    passed: &SecondFactorPassed,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    on_backend!(db, pass_second_factor(passed, now))
}

pub async fn unused_recovery_codes(db: &Db, account_id: i64) -> anyhow::Result<i64> {
    on_backend!(db, unused_recovery_codes(account_id))
}

/// Appends to the audit trail.
pub async fn record_audit(db: &Db, event: &AuditEvent, now: DateTime<Utc>) -> anyhow::Result<()> {
    on_backend!(db, record_audit(event, now))
}

/// A queue's reports: all of them for `None`, else those sent to one of `routes`.
pub async fn queue(
    db: &Db,
    routes: Option<&[String]>,
    filter: &QueueFilter,
    limit: i64,
) -> anyhow::Result<Vec<QueueRow>> {
    on_backend!(db, queue(routes, filter, limit))
}

pub async fn report_id_by_reference(db: &Db, reference: &str) -> anyhow::Result<Option<i64>> {
    on_backend!(db, report_id_by_reference(reference))
}

/// Where a report was sent or held, in the order decided.
pub async fn routing_of(db: &Db, report_id: i64) -> anyhow::Result<Vec<RoutingRow>> {
    on_backend!(db, routing_of(report_id))
}

pub async fn case_of(db: &Db, report_id: i64) -> anyhow::Result<Option<CaseFile>> {
    on_backend!(db, case_of(report_id))
}

// ---------------------------------------------------------------------------------------------
// Working a case

/// A change to a case that the domain allowed (`domain::case_work::act`).
#[derive(Debug, Clone)]
pub struct CaseChange {
    pub report_id: i64,
    pub account_id: i64,
    /// The audit trail's name for it (`CaseAction::as_str`).
    pub action: &'static str,
    /// The status the rule was checked against, and the one it leads to.
    pub from_status: String,
    pub to_status: String,
    /// A new accountable lead.
    pub lead: Option<i64>,
    pub note: Option<String>,
    /// The reason and the actions taken, when it closes.
    pub closure: Option<(String, Vec<String>)>,
    /// Referrals to partners: one an officer asked for, or those an assessment called for.
    pub referrals: Vec<NewReferral>,
    pub link: Option<NewLink>,
    pub assessment: Option<NewOfficerAssessment>,
    pub safeguarding: Option<crate::domain::case_work::Safeguarding>,
    /// The email telling the resident of a milestone, queued with the change.
    pub resident_update: Option<crate::domain::submission::NewEmail>,
}

impl CaseChange {
    /// `account_id` doing `action` to the report, which was in `from` and will be in `to`.
    pub fn new(
        report_id: i64,
        account_id: i64,
        action: &'static str,
        from: &str,
        to: &str,
    ) -> CaseChange {
        CaseChange {
            report_id,
            account_id,
            action,
            from_status: from.into(),
            to_status: to.into(),
            lead: None,
            note: None,
            closure: None,
            referrals: Vec::new(),
            link: None,
            assessment: None,
            safeguarding: None,
            resident_update: None,
        }
    }
}

/// An officer's referral to a partner: its routing row, the consent the resident gave the
/// officer (if it had not been given), and the referral email, queued with it.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub route: String,
    pub rule: String,
    /// Why, for staff beside the rule: the officer's own words, or the assessment's band.
    pub reason: String,
    pub consent: Option<crate::domain::submission::NewConsent>,
    pub email: crate::domain::submission::NewEmail,
}

/// An officer's risk assessment (`domain::officer_assessment`), with the band it replaces.
#[derive(Debug, Clone)]
pub struct NewOfficerAssessment {
    pub stage: &'static str,
    /// Question id → option value, as JSON.
    pub answers: String,
    pub score: i64,
    pub band: &'static str,
    /// The band that held before: the last officer's, else the resident's own.
    pub band_before: Option<&'static str>,
}

/// A safeguarding referral as the case page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SafeguardingRow {
    pub kind: String,
    pub agency: String,
    pub made_on: NaiveDate,
    pub recorded_by: String,
}

/// An officer's assessment as the case page lists it, latest first.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfficerAssessmentRow {
    pub stage: String,
    pub band: String,
    pub score: i64,
    pub assessed_at: DateTime<Utc>,
    pub officer: String,
    pub answers: String,
}

/// A link from this report to another (`domain::case_work::LinkKind`).
#[derive(Debug, Clone)]
pub struct NewLink {
    pub other_report_id: i64,
    pub kind: &'static str,
    pub reason: String,
}

/// What became of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Applied,
    /// The case's status changed since it was checked: nothing was written.
    Stale,
    /// The two reports were linked already: nothing was written.
    LinkedAlready,
}

/// Another report linked to a case: what its page may show of it (never its people).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkedRow {
    pub reference: String,
    pub category: String,
    pub status: String,
    pub kind: String,
    pub reason: String,
    pub linked_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseStateRow {
    pub status: String,
    pub lead_account_id: Option<i64>,
    pub lead_name: Option<String>,
    pub closure_reason: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoteRow {
    pub written_at: DateTime<Utc>,
    pub author: String,
    pub body: String,
}

/// One change in a case's history, from the audit trail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TimelineRow {
    pub at: DateTime<Utc>,
    pub who: Option<String>,
    pub action: String,
    pub field: Option<String>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
}

/// Where a case stands and how it got there.
#[derive(Debug, Clone)]
pub struct CaseWork {
    pub state: CaseStateRow,
    pub outcomes: Vec<String>,
    pub notes: Vec<NoteRow>,
    pub timeline: Vec<TimelineRow>,
    pub linked: Vec<LinkedRow>,
    /// Officers' risk assessments, latest first.
    pub assessments: Vec<OfficerAssessmentRow>,
    pub safeguarding: Vec<SafeguardingRow>,
}

/// Applies a change with its audit rows (and any referral email) in one transaction.
pub async fn change_case(
    db: &Db,
    change: &CaseChange,
    now: DateTime<Utc>,
) -> anyhow::Result<Changed> {
    on_backend!(db, change_case(change, now))
}

pub async fn case_work(db: &Db, report_id: i64) -> anyhow::Result<CaseWork> {
    on_backend!(db, case_work(report_id))
}

/// Enabled accounts with this role (its stored form), by name.
pub async fn staff_with_role(db: &Db, role: &str) -> anyhow::Result<Vec<(i64, String)>> {
    on_backend!(db, staff_with_role(role))
}

/// One row of the audit trail as its page shows it, newest first: names of staff and
/// references of reports, which are not personal data of residents.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub who: Option<String>,
    pub action: String,
    pub reference: Option<String>,
    /// The account an administrator's change was to.
    pub subject: Option<String>,
    pub field: Option<String>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
}

/// The audit trail, newest first, narrowed by `filter`, at most `limit` rows.
pub async fn audit_trail(
    db: &Db,
    filter: &crate::domain::audit::AuditFilter,
    limit: i64,
) -> anyhow::Result<Vec<AuditRow>> {
    on_backend!(db, audit_trail(filter, limit))
}

/// A staff account as administrators see it.
#[derive(Debug, Clone)]
pub struct AccountListRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// Invited, and no password set yet.
    pub invited: bool,
    pub disabled: bool,
    /// In their stored form.
    pub roles: Vec<String>,
}

/// An invitation to write: the account (no password yet), the hash of the link's token, and
/// the email that carries the link.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub account: NewAccount,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub message_id: String,
    pub subject: String,
    pub body: String,
    pub invited_by: i64,
}

pub async fn list_accounts(db: &Db) -> anyhow::Result<Vec<AccountListRow>> {
    on_backend!(db, list_accounts())
}

pub async fn account_by_id(db: &Db, id: i64) -> anyhow::Result<Option<AccountListRow>> {
    on_backend!(db, account_by_id(id))
}

/// Writes the account, its invitation, the email and the audit row together; `None` if the
/// email has an account already.
pub async fn invite_account(
    db: &Db,
    invitation: &NewInvitation,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    on_backend!(db, invite_account(invitation, now))
}

/// The account (id, email) an unused, unexpired invitation is for.
pub async fn open_invitation(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(i64, String)>> {
    on_backend!(db, open_invitation(token_hash, now))
}

/// Uses the invitation and sets the first password; `false` if it could not be used.
pub async fn accept_invitation(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    on_backend!(db, accept_invitation(token_hash, password_hash, now))
}

/// Replaces an account's roles (their stored forms), audited.
pub async fn set_roles(
    db: &Db,
    account_id: i64,
    roles: &[String],
    set_by: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_backend!(db, set_roles(account_id, roles, set_by, now))
}

/// An email not yet delivered, as the outbox view shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UndeliveredRow {
    pub id: i64,
    pub kind: String,
    pub route: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The report's or application's reference (none for a staff invitation).
    pub reference: Option<String>,
}

/// Pending, sending and dead messages, dead first.
pub async fn undelivered_messages(db: &Db) -> anyhow::Result<Vec<UndeliveredRow>> {
    on_backend!(db, undelivered_messages())
}

/// Sends a dead message again, with a fresh set of attempts; audited.
pub async fn retry_message(
    db: &Db,
    id: i64,
    retried_by: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    on_backend!(db, retry_message(id, retried_by, now))
}

// ---------------------------------------------------------------------------------------------
// Retention

/// Erases the personal data of up to `batch` reports closed before `closed_before`, each
/// audited with what was erased; the report ids.
pub async fn erase_closed_reports(
    db: &Db,
    closed_before: DateTime<Utc>,
    erased: &'static [&'static str],
    batch: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    on_backend!(db, erase_closed_reports(closed_before, erased, batch, now))
}

/// Reports older than `submitted_before` whose cases were never closed.
pub async fn unclosed_reports(
    db: &Db,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<Vec<QueueRow>> {
    on_backend!(db, unclosed_reports(submitted_before))
}

pub async fn erased_count(db: &Db) -> anyhow::Result<i64> {
    on_backend!(db, erased_count())
}

/// What the dashboard counts of one report. `person` is a key to count a caller's reports by,
/// never shown.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DashboardRow {
    pub submitted_at: DateTime<Utc>,
    pub category: String,
    pub area: Option<String>,
    pub band: Option<String>,
    pub urgent: bool,
    pub status: String,
    pub person: Option<String>,
}

/// The reports since `since`, and every case not closed.
pub async fn dashboard_facts(db: &Db, since: DateTime<Utc>) -> anyhow::Result<Vec<DashboardRow>> {
    on_backend!(db, dashboard_facts(since))
}
