//! The SQLite backend: the default, a file beside the portal with no set-up. Reads use a pool;
//! every write queues for the one writer task, which commits the writes waiting together
//! (group commit, `writer`).

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection, SqlitePool};

use super::*;

type Backend = sqlx::Sqlite;
type Conn = SqliteConnection;

#[derive(Debug, Clone)]
pub(super) struct Handle {
    pool: SqlitePool,
    /// SQLite lets one writer in at a time. This process's writes queue for one writer task,
    /// which commits all the writes waiting together. Another process on the same file still
    /// meets SQLite's own lock, which the busy timeout waits for.
    writer: Writer,
}

impl Handle {
    pub(super) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Runs `work` in the next group commit; answered once that commit is durable.
    async fn write<T: Send + 'static>(&self, work: Work<T>) -> anyhow::Result<T> {
        self.writer.write(work).await
    }
}

mod direct;

/// Writes the report, its answers, consent records, routing decisions and outbox rows in the
/// next group commit, and marks the draft submitted. Idempotent per draft. The report is
/// written only while the draft is still at `checked_version`, the version its rows were
/// built from and the person confirmed. Run in place by the writer (`direct`): the write that
/// comes in crowds.
pub(super) async fn commit_report(
    db: &Handle,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let report = report.clone();
    db.writer
        .write_direct(Box::new(move |conn| {
            direct::commit_report(conn, &report, checked_version)
        }))
        .await
}

/// Marks a delivered message sent, in place in the next group commit: the outbox worker marks
/// every message it delivers, three for each report, so these come in crowds too.
pub(super) async fn mark_sent(db: &Handle, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    let now = at(now);
    db.writer
        .write_direct(Box::new(move |conn| {
            conn.prepare_cached(MARK_SENT)?
                .execute(rusqlite::params![now, id])?;
            Ok(())
        }))
        .await
}

/// Opens (creating if needed) the SQLite database and brings its schema up to date.
pub(super) async fn connect(url: &str) -> anyhow::Result<Handle> {
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
        .busy_timeout(Duration::from_secs(10))
        // Each write in a batch runs under a savepoint, whose journal of the pages it changes
        // is a temporary file by default: a write system call per page on the commit's path.
        // In memory it is a copy (`bench/README.md`, 2026-12-04).
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A connection to a local file does not go stale: pinging it before every query cost
        // a round trip to the connection's thread, a twentieth of a submit's time.
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    // Every write is durable once answered: a report must survive a power cut once the
    // person sees its reference number. Group commit pays the fsync once per batch.
    let writer: SqliteConnection = options
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    Ok(Handle {
        pool,
        writer: Writer::start(writer),
    })
}

/// How a time is bound: ISO 8601 text in one form (`now_text`), so text comparison orders it.
type Stamp = String;

fn at(time: DateTime<Utc>) -> Stamp {
    now_text(time)
}

/// The writer already holds SQLite's one write lock for the whole batch.
async fn lock_draft(_conn: &mut Conn, _draft: &str) -> anyhow::Result<()> {
    Ok(())
}

/// The ids in a JSON list (`json`: a parameter or a subquery), as a subquery.
fn ids_in_json(json: &str) -> String {
    format!("SELECT value FROM json_each(({json}))")
}

/// The texts in a JSON list (`json`: a parameter or a subquery), as a subquery.
fn texts_in_json(json: &str) -> String {
    format!("SELECT value FROM json_each(({json}))")
}

/// The writer's transaction already holds SQLite's one write lock.
const FOR_UPDATE: &str = "";

/// SQLite has no row locks: the writer's transaction holds the one write lock.
const SKIP_LOCKED: &str = "";

/// The UTC month ("2026-06") of a time column.
fn utc_month(column: &str) -> String {
    format!("substr({column}, 1, 7)")
}

/// The UTC month an hour after a time column's time. Only a time in the last UTC hour of a
/// day can be in another month an hour later, so only those pay for the date arithmetic.
fn utc_month_an_hour_later(column: &str) -> String {
    format!(
        "CASE WHEN substr({column}, 12, 2) = '23' THEN strftime('%Y-%m', {column}, '+1 hour') \
         ELSE substr({column}, 1, 7) END"
    )
}

/// The same write as `commit_report`, in a transaction and an fsync of its own, one submit
/// at a time as the portal did before group commit: the benchmark's per-request baseline.
pub(super) async fn commit_report_alone(
    db: &Handle,
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
    let outcome = match commit_report_on(&mut conn, report, checked_version).await {
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

include!("sql/reports.rs");
include!("sql/case_reviews.rs");
include!("sql/staff.rs");
include!("sql/case_work.rs");
include!("sql/retention.rs");
