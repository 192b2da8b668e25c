//! Group commit: every write this process makes to SQLite goes through one writer task, which
//! takes all the writes waiting in its queue and commits them together in one durable
//! transaction: one fsync for the batch instead of one each, so submits no longer queue behind
//! each other's disk flushes.
//!
//! Each write runs under a savepoint of its own, so a write that fails (a constraint, a bad
//! row, a panic) is rolled back alone and answered with its error while its batch-mates
//! commit. A caller is answered only after the commit that holds its write has returned, and
//! the writer's connection runs `synchronous = FULL`: an answered write survives a crash or a
//! power cut. Reads use the pool and never wait for the writer (WAL mode).

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::SqliteConnection;
use tokio::sync::{mpsc, oneshot};

/// At most this many writes share one commit, so one batch never holds the lock for long.
const MAX_BATCH: usize = 512;

/// A write: statements run on a connection inside a transaction (here the batch's; on
/// PostgreSQL one of its own). It must not begin or end a transaction itself.
pub type Work<T, C = SqliteConnection> =
    Box<dyn for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, anyhow::Result<T>> + Send>;

/// A write's result, its type erased while it waits in the queue.
type Answer = anyhow::Result<Box<dyn Any + Send>>;

/// A queued write and where its answer goes. The writer can answer it without running it
/// (when its batch cannot be written at all).
struct Job {
    run: Work<Box<dyn Any + Send>>,
    reply: oneshot::Sender<Answer>,
}

/// The queue into the writer task. Cloning shares the one task.
#[derive(Debug, Clone)]
pub struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
    /// Transactions committed so far: fewer than the writes when they were grouped.
    commits: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer task on its own connection.
    pub fn start(conn: SqliteConnection) -> Writer {
        let (jobs, queue) = mpsc::unbounded_channel();
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(conn, queue, commits.clone()));
        Writer { jobs, commits }
    }

    /// How many transactions the writer has committed.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Queues `work` and waits until it is committed (its result) or rolled back (its error).
    pub async fn write<T: Send + 'static>(&self, work: Work<T>) -> anyhow::Result<T> {
        let (reply, answered) = oneshot::channel();
        let run: Work<Box<dyn Any + Send>> = Box::new(move |conn| {
            async move {
                // A panic in one write is that write's failure, not the writer's.
                match AssertUnwindSafe(work(conn)).catch_unwind().await {
                    Ok(result) => result.map(|value| Box::new(value) as Box<dyn Any + Send>),
                    Err(_) => Err(anyhow::anyhow!("the write panicked")),
                }
            }
            .boxed()
        });
        self.jobs
            .send(Job { run, reply })
            .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        let value = answered
            .await
            .map_err(|_| anyhow::anyhow!("the database writer stopped before answering"))??;
        Ok(*value
            .downcast::<T>()
            .expect("a write is answered with its own type"))
    }
}

async fn run(
    mut conn: SqliteConnection,
    mut queue: mpsc::UnboundedReceiver<Job>,
    commits: Arc<AtomicU64>,
) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if commit_batch(&mut conn, batch).await {
            commits.fetch_add(1, Ordering::Relaxed);
        }
    }
}

async fn exec(conn: &mut SqliteConnection, sql: &str) -> Result<(), String> {
    sqlx::query(sql)
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Runs a batch in one transaction, each write under its own savepoint, and answers every
/// caller after the commit: a write that failed with its own error, the others with their
/// result once the commit returned, or with the commit's error.
/// Whether it committed.
async fn commit_batch(conn: &mut SqliteConnection, batch: Vec<Job>) -> bool {
    // IMMEDIATE takes the write lock at once (another process on the file waits its turn in
    // the busy timeout), so the reads inside each write see a settled database.
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE").await {
        tracing::error!(error = %e, writes = batch.len(), "could not begin a write batch");
        for job in batch {
            let _ = job.reply.send(Err(anyhow::anyhow!("could not begin: {e}")));
        }
        return false;
    }
    // A write alone needs no savepoint: there is nobody to protect from its failure.
    let alone = batch.len() == 1;
    let mut kept = Vec::with_capacity(batch.len());
    let mut broken: Option<String> = None;
    for job in batch {
        if let Some(e) = &broken {
            // The transaction can no longer be trusted: the rest are not run.
            let _ = job
                .reply
                .send(Err(anyhow::anyhow!("the batch failed: {e}")));
            continue;
        }
        if !alone {
            if let Err(e) = exec(conn, "SAVEPOINT write").await {
                let _ = job
                    .reply
                    .send(Err(anyhow::anyhow!("the batch failed: {e}")));
                broken = Some(e);
                continue;
            }
        }
        let result = (job.run)(conn).await;
        let end = match &result {
            Ok(_) if alone => Ok(()),
            // Alone, its failure ends the transaction: it is rolled back below.
            Err(_) if alone => Err("the write failed".to_string()),
            Ok(_) => exec(conn, "RELEASE write").await,
            // Only this write's changes are undone.
            Err(_) => match exec(conn, "ROLLBACK TO write").await {
                Ok(()) => exec(conn, "RELEASE write").await,
                Err(e) => Err(e),
            },
        };
        if let Err(e) = end {
            broken = Some(e);
        }
        match result {
            Ok(value) => kept.push((job.reply, value)),
            Err(error) => {
                let _ = job.reply.send(Err(error));
            }
        }
    }
    let committed = match &broken {
        None => exec(conn, "COMMIT").await,
        Some(e) => Err(e.clone()),
    };
    if let Err(e) = &committed {
        let _ = exec(conn, "ROLLBACK").await;
        if !kept.is_empty() {
            tracing::error!(error = %e, writes = kept.len(), "a write batch was rolled back");
        }
    }
    for (reply, value) in kept {
        let _ = reply.send(match &committed {
            Ok(()) => Ok(value),
            Err(e) => Err(anyhow::anyhow!("the commit failed: {e}")),
        });
    }
    committed.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};
    use sqlx::ConnectOptions;

    /// A database file with one table, the pool that reads it and a writer on it.
    struct Db {
        _dir: tempfile::TempDir,
        pool: SqlitePool,
        writer: Writer,
    }

    impl Db {
        async fn write<T: Send + 'static>(&self, work: Work<T>) -> anyhow::Result<T> {
            self.writer.write(work).await
        }
    }

    async fn db() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("w.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePool::connect_with(options.clone()).await.unwrap();
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .execute(&pool)
            .await
            .unwrap();
        let writer = Writer::start(options.connect().await.unwrap());
        Db {
            _dir: dir,
            pool,
            writer,
        }
    }

    fn insert(id: i64, v: Option<&'static str>) -> Work<i64> {
        Box::new(move |conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (id, v) VALUES (?, ?)")
                    .bind(id)
                    .bind(v)
                    .execute(&mut *conn)
                    .await?;
                Ok(id)
            })
        })
    }

    async fn stored(db: &Db) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM t ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap()
    }

    /// Writes arriving together are committed together: every one answered with its own
    /// result and in the table, in fewer commits than writes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_are_all_answered_and_committed_in_fewer_transactions() {
        let db = std::sync::Arc::new(db().await);
        let before = db.writer.commits();
        let writes = (1..=300).map(|id| {
            let db = db.clone();
            tokio::spawn(async move { db.write(insert(id, Some("x"))).await })
        });
        let answers = futures::future::join_all(writes).await;
        let ids: Vec<i64> = answers.into_iter().map(|a| a.unwrap().unwrap()).collect();
        assert_eq!(ids, (1..=300).collect::<Vec<_>>());
        assert_eq!(stored(&db).await, ids);
        let commits = db.writer.commits() - before;
        assert!(commits < 300, "{commits} commits for 300 writes");
    }

    /// One write that breaks a constraint fails alone; the writes queued with it commit.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_write_does_not_fail_its_batch_mates() {
        let db = std::sync::Arc::new(db().await);
        let writes = (1..=100).map(|id| {
            let db = db.clone();
            // id 50 has no value: NOT NULL refuses it.
            let v = if id == 50 { None } else { Some("x") };
            tokio::spawn(async move { db.write(insert(id, v)).await })
        });
        let answers: Vec<_> = futures::future::join_all(writes)
            .await
            .into_iter()
            .map(|a| a.unwrap())
            .collect();
        for (i, answer) in answers.iter().enumerate() {
            assert_eq!(answer.is_err(), i + 1 == 50, "write {}: {answer:?}", i + 1);
        }
        let expected: Vec<i64> = (1..=100).filter(|id| *id != 50).collect();
        assert_eq!(stored(&db).await, expected);
    }

    /// A write that panics is that write's failure: the writer goes on serving the others.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_write_fails_alone_and_the_writer_goes_on() {
        let db = std::sync::Arc::new(db().await);
        let panics: Work<()> = Box::new(|conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (id, v) VALUES (7, 'half')")
                    .execute(&mut *conn)
                    .await?;
                panic!("a bug in one write");
            })
        });
        assert!(db.write(panics).await.is_err());
        assert_eq!(db.write(insert(8, Some("x"))).await.unwrap(), 8);
        assert_eq!(
            stored(&db).await,
            [8],
            "the panicking write's row is rolled back"
        );
    }
}
