//! The PostgreSQL backend, for several portal instances on a database a council already
//! runs. Each write is a transaction of its own on a pooled connection (PostgreSQL runs
//! them side by side and groups their commits itself); the outbox claim skips rows another
//! instance has locked, and a submit locks its draft's row, so two instances never take the
//! same message or submit the same draft twice.

// The shared SQL borrows a bound time (`&submitted_at`), which SQLite's text needs and
// PostgreSQL's `DateTime` (a Copy value) does not.
#![allow(clippy::needless_borrows_for_generic_args)]

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};

use super::*;

type Backend = sqlx::Postgres;
type Conn = PgConnection;

#[derive(Debug, Clone)]
pub(super) struct Handle {
    pool: PgPool,
}

impl Handle {
    pub(super) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Runs `work` in a transaction of its own; answered once it is committed.
    async fn write<T: Send + 'static>(&self, work: Work<T, PgConnection>) -> anyhow::Result<T> {
        let mut tx = self.pool.begin().await?;
        let value = work(&mut tx).await?;
        tx.commit().await?;
        Ok(value)
    }
}

/// Writes the report, its answers, consent records, routing decisions and outbox rows in one
/// transaction, and marks the draft submitted. Idempotent per draft. The report is written
/// only while the draft is still at `checked_version`, the version its rows were built from
/// and the person confirmed.
pub(super) async fn commit_report(
    db: &Handle,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let report = report.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { commit_report_on(conn, &report, checked_version).await })
    }))
    .await
}

/// Marks a delivered message sent.
pub(super) async fn mark_sent(db: &Handle, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(MARK_SENT)
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Connects to the PostgreSQL database and brings its schema up to date. Migrations take an
/// advisory lock, so instances starting together apply each one once.
pub(super) async fn connect(url: &str) -> anyhow::Result<Handle> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(Handle { pool })
}

/// How a time is bound: as `timestamptz`.
type Stamp = DateTime<Utc>;

fn at(time: DateTime<Utc>) -> Stamp {
    time
}

/// Takes the draft's row lock: a second submit of the same draft (a double click, or the same
/// POST retried through another instance) waits here, then finds the first one's report.
async fn lock_draft(conn: &mut Conn, draft: &str) -> anyhow::Result<()> {
    sqlx::query("SELECT 1 FROM drafts WHERE id = $1 FOR UPDATE")
        .bind(draft)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The ids in a JSON list (`json`: a parameter or a subquery), as a subquery.
fn ids_in_json(json: &str) -> String {
    format!("SELECT jsonb_array_elements_text(({json})::jsonb)::bigint")
}

/// The texts in a JSON list (`json`: a parameter or a subquery), as a subquery.
fn texts_in_json(json: &str) -> String {
    format!("SELECT jsonb_array_elements_text(({json})::jsonb)")
}

/// Locks the rows read until the transaction ends (another instance's change waits).
const FOR_UPDATE: &str = "FOR UPDATE";

/// Rows another instance's worker has claimed and not yet committed are left to it.
const SKIP_LOCKED: &str = "FOR UPDATE SKIP LOCKED";

/// The UTC month ("2026-06") of a time column.
fn utc_month(column: &str) -> String {
    format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')")
}

/// The UTC month an hour after a time column's time.
fn utc_month_an_hour_later(column: &str) -> String {
    format!("to_char(({column} + interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM')")
}

include!("sql/reports.rs");
include!("sql/case_reviews.rs");
include!("sql/staff.rs");
include!("sql/case_work.rs");
include!("sql/retention.rs");
