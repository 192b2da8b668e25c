//! The retention job: every ten minutes, on every instance, the personal data of reports whose
//! cases closed longer ago than `[retention] erase_days_after_closing` is erased
//! (`domain::retention`), in batches, each report with an audit row saying what went.

use chrono::{DateTime, Utc};

use super::storage::{self, Db};
use crate::domain::retention::{self, RetentionPolicy};

/// Reports erased per transaction: short transactions, so submits never wait long.
const BATCH: i64 = 100;

/// Erases everything due at `now`; the ids of the reports erased.
pub async fn run_once(
    db: &Db,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    let before = retention::erase_closed_before(policy, now);
    let mut erased = Vec::new();
    loop {
        let batch =
            storage::erase_closed_reports(db, before, retention::ERASED, BATCH, now).await?;
        let done = (batch.len() as i64) < BATCH;
        erased.extend(batch);
        if done {
            return Ok(erased);
        }
    }
}
