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
//!
//! A write comes in one of two forms. A `Work` is async sqlx code: each of its statements is
//! handed to the connection's own thread and back, a pair of thread wake-ups per statement,
//! and the writer runs them one after another. A `Direct` write is plain code over the same
//! SQLite handle (rusqlite), run in place while the writer holds the handle: a run of them in
//! a batch is handed over once, not once per statement. The final submit, the write that
//! comes in crowds, is `Direct`; the rarer writes (staff work, drafts) stay `Work`, written
//! once for both databases.

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

/// At most this many `Direct` writes run in one hand-over (a millisecond or two on the
/// runtime's thread); the next ones wait for the next, which lets the runtime run other tasks.
const IN_PLACE_RUN: usize = 64;

/// A write: statements run on a connection inside a transaction (here the batch's; on
/// PostgreSQL one of its own). It must not begin or end a transaction itself.
pub type Work<T, C = SqliteConnection> =
    Box<dyn for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, anyhow::Result<T>> + Send>;

/// A write run in place on the writer's SQLite handle, inside the batch's transaction. It
/// must not begin or end a transaction itself, and must not block on anything but SQLite.
pub type Direct<T> = Box<dyn FnOnce(&rusqlite::Connection) -> anyhow::Result<T> + Send>;

/// A write's result, its type erased while it waits in the queue.
type Answer = anyhow::Result<Box<dyn Any + Send>>;

enum Run {
    Work(Work<Box<dyn Any + Send>>),
    Direct(Direct<Box<dyn Any + Send>>),
}

/// A queued write and where its answer goes. The writer can answer it without running it
/// (when its batch cannot be written at all).
struct Job {
    run: Run,
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
        let run = Run::Work(Box::new(move |conn| {
            async move {
                // A panic in one write is that write's failure, not the writer's.
                match AssertUnwindSafe(work(conn)).catch_unwind().await {
                    Ok(result) => result.map(|value| Box::new(value) as Box<dyn Any + Send>),
                    Err(_) => Err(anyhow::anyhow!("the write panicked")),
                }
            }
            .boxed()
        }));
        self.queue(run).await
    }

    /// Queues a `Direct` write and waits until it is committed or rolled back.
    pub async fn write_direct<T: Send + 'static>(&self, work: Direct<T>) -> anyhow::Result<T> {
        let run = Run::Direct(Box::new(move |conn| {
            match std::panic::catch_unwind(AssertUnwindSafe(|| work(conn))) {
                Ok(result) => result.map(|value| Box::new(value) as Box<dyn Any + Send>),
                Err(_) => Err(anyhow::anyhow!("the write panicked")),
            }
        }));
        self.queue(run).await
    }

    async fn queue<T: 'static>(&self, run: Run) -> anyhow::Result<T> {
        let (reply, answered) = oneshot::channel();
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

/// Runs `f` on a view of the writer's SQLite handle (rusqlite over the same `sqlite3*`),
/// made while sqlx's thread is kept off it and dropped, its cached statements finalised,
/// before that thread may use it again: nothing of the view outlives the lock.
///
/// `f` runs right here on the runtime's thread: its statements touch only SQLite's page cache
/// (the fsync is the COMMIT's, on sqlx's thread), a few tens of microseconds a write.
/// `tokio::task::block_in_place` around it, tried first, handed the runtime's other work to
/// another thread at every call and made the open loop's p99 at 100 submits a second
/// 87–320 ms instead of 6 ms (`bench/README.md`).
/// `input` comes back with the error when the view cannot be made.
async fn in_place<I, T>(
    conn: &mut SqliteConnection,
    input: I,
    f: impl FnOnce(&rusqlite::Connection, I) -> T,
) -> Result<T, (String, I)> {
    let mut handle = match conn.lock_handle().await {
        Ok(handle) => handle,
        Err(e) => return Err((e.to_string(), input)),
    };
    // SAFETY: the view does not own the handle (it never closes it), and it lives only while
    // `lock_handle()` keeps sqlx's thread from making any call on the connection.
    let view = match unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) } {
        Ok(view) => view,
        Err(e) => return Err((e.to_string(), input)),
    };
    let value = f(&view, input);
    drop(view);
    drop(handle);
    Ok(value)
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

fn exec_in_place(conn: &rusqlite::Connection, sql: &str) -> Result<(), String> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.execute([]))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Answers a write that was not run, or not kept, because its batch failed.
fn batch_failed(reply: oneshot::Sender<Answer>, error: &str) {
    let _ = reply.send(Err(anyhow::anyhow!("the batch failed: {error}")));
}

/// Where a batch stands as its writes are run: the written ones wait for the commit.
struct Batch {
    /// A write alone needs no savepoint: there is nobody to protect from its failure.
    alone: bool,
    kept: Vec<(oneshot::Sender<Answer>, Box<dyn Any + Send>)>,
    /// Once a savepoint cannot be taken or undone, the transaction can no longer be trusted.
    broken: Option<String>,
}

impl Batch {
    /// Refuses a write without running it, once the batch is broken.
    fn refuse(&self, job: Job) -> Option<Job> {
        match &self.broken {
            Some(e) => {
                batch_failed(job.reply, e);
                None
            }
            None => Some(job),
        }
    }

    /// Settles one write: `result`, what it returned; `end`, how its savepoint ended.
    fn settle(&mut self, reply: oneshot::Sender<Answer>, result: Answer, end: Result<(), String>) {
        if let Err(e) = end {
            self.broken = Some(e);
        }
        match result {
            Ok(value) => self.kept.push((reply, value)),
            Err(error) => {
                let _ = reply.send(Err(error));
            }
        }
    }
}

/// The statements that end a write's savepoint, given whether it succeeded; an error when the
/// transaction itself must be rolled back.
fn savepoint_end(alone: bool, succeeded: bool) -> Result<&'static [&'static str], String> {
    match (alone, succeeded) {
        (true, true) => Ok(&[]),
        // Alone, its failure ends the transaction: it is rolled back below.
        (true, false) => Err("the write failed".to_string()),
        (false, true) => Ok(&["RELEASE write"]),
        // Only this write's changes are undone.
        (false, false) => Ok(&["ROLLBACK TO write", "RELEASE write"]),
    }
}

/// Runs a batch in one transaction, each write under its own savepoint, and answers every
/// caller after the commit: a write that failed with its own error, the others with their
/// result once the commit returned, or with the commit's error.
/// Whether it committed.
async fn commit_batch(conn: &mut SqliteConnection, jobs: Vec<Job>) -> bool {
    // IMMEDIATE takes the write lock at once (another process on the file waits its turn in
    // the busy timeout), so the reads inside each write see a settled database.
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE").await {
        tracing::error!(error = %e, writes = jobs.len(), "could not begin a write batch");
        for job in jobs {
            let _ = job.reply.send(Err(anyhow::anyhow!("could not begin: {e}")));
        }
        return false;
    }
    let mut batch = Batch {
        alone: jobs.len() == 1,
        kept: Vec::with_capacity(jobs.len()),
        broken: None,
    };
    let mut jobs = jobs.into_iter().peekable();
    while let Some(job) = jobs.next() {
        let Some(job) = batch.refuse(job) else {
            continue;
        };
        match job.run {
            Run::Work(work) => {
                if !batch.alone {
                    if let Err(e) = exec(conn, "SAVEPOINT write").await {
                        batch_failed(job.reply, &e);
                        batch.broken = Some(e);
                        continue;
                    }
                }
                let result = work(conn).await;
                let end = match savepoint_end(batch.alone, result.is_ok()) {
                    Ok(sqls) => {
                        let mut end = Ok(());
                        for sql in sqls {
                            end = exec(conn, sql).await;
                            if end.is_err() {
                                break;
                            }
                        }
                        end
                    }
                    Err(e) => Err(e),
                };
                batch.settle(job.reply, result, end);
            }
            Run::Direct(first) => {
                // This write and the direct ones right after it, in one hand-over.
                let mut run = vec![(first, job.reply)];
                while let (
                    true,
                    Some(Job {
                        run: Run::Direct(_),
                        ..
                    }),
                ) = (run.len() < IN_PLACE_RUN, jobs.peek())
                {
                    if let Some(Job {
                        run: Run::Direct(next),
                        reply,
                    }) = jobs.next()
                    {
                        run.push((next, reply));
                    }
                }
                let ran = in_place(conn, run, |view, run| {
                    for (work, reply) in run {
                        if let Some(e) = &batch.broken {
                            batch_failed(reply, e);
                            continue;
                        }
                        if !batch.alone {
                            if let Err(e) = exec_in_place(view, "SAVEPOINT write") {
                                batch_failed(reply, &e);
                                batch.broken = Some(e);
                                continue;
                            }
                        }
                        let result = work(view);
                        let end = savepoint_end(batch.alone, result.is_ok()).and_then(|sqls| {
                            sqls.iter().try_for_each(|sql| exec_in_place(view, sql))
                        });
                        batch.settle(reply, result, end);
                    }
                })
                .await;
                if let Err((e, run)) = ran {
                    for (_, reply) in run {
                        batch_failed(reply, &e);
                    }
                    batch.broken = Some(e);
                }
            }
        }
    }
    let committed = match &batch.broken {
        None => exec(conn, "COMMIT").await,
        Some(e) => Err(e.clone()),
    };
    if let Err(e) = &committed {
        let _ = exec(conn, "ROLLBACK").await;
        if !batch.kept.is_empty() {
            tracing::error!(error = %e, writes = batch.kept.len(), "a write batch was rolled back");
        }
    }
    for (reply, value) in batch.kept {
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

    /// The same insert as `insert`, run in place on the writer's handle.
    fn insert_direct(id: i64, v: Option<&'static str>) -> Direct<i64> {
        Box::new(move |conn| {
            conn.execute(
                "INSERT INTO t (id, v) VALUES (?1, ?2)",
                rusqlite::params![id, v],
            )?;
            Ok(id)
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

    /// In-place writes arriving together are committed together, each answered with its own
    /// result.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_direct_writes_are_all_answered_and_committed_in_fewer_transactions() {
        let db = std::sync::Arc::new(db().await);
        let before = db.writer.commits();
        let writes = (1..=300).map(|id| {
            let db = db.clone();
            tokio::spawn(async move { db.writer.write_direct(insert_direct(id, Some("x"))).await })
        });
        let answers = futures::future::join_all(writes).await;
        let ids: Vec<i64> = answers.into_iter().map(|a| a.unwrap().unwrap()).collect();
        assert_eq!(ids, (1..=300).collect::<Vec<_>>());
        assert_eq!(stored(&db).await, ids);
        let commits = db.writer.commits() - before;
        assert!(commits < 300, "{commits} commits for 300 writes");
    }

    /// Writes of both kinds share batches; a failing one of either kind fails alone.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_write_of_either_kind_does_not_fail_its_batch_mates() {
        let db = std::sync::Arc::new(db().await);
        let writes = (1..=200).map(|id| {
            let db = db.clone();
            // ids 50 and 51 have no value: NOT NULL refuses them.
            let v = if id == 50 || id == 51 {
                None
            } else {
                Some("x")
            };
            tokio::spawn(async move {
                if id % 2 == 0 {
                    db.write(insert(id, v)).await
                } else {
                    db.writer.write_direct(insert_direct(id, v)).await
                }
            })
        });
        let answers: Vec<_> = futures::future::join_all(writes)
            .await
            .into_iter()
            .map(|a| a.unwrap())
            .collect();
        for (i, answer) in answers.iter().enumerate() {
            let id = i + 1;
            assert_eq!(
                answer.is_err(),
                id == 50 || id == 51,
                "write {id}: {answer:?}"
            );
        }
        let expected: Vec<i64> = (1..=200).filter(|id| *id != 50 && *id != 51).collect();
        assert_eq!(stored(&db).await, expected);
    }

    /// An in-place write that panics after writing is rolled back alone.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_direct_write_fails_alone_and_the_writer_goes_on() {
        let db = std::sync::Arc::new(db().await);
        let panics: Direct<()> = Box::new(|conn| {
            conn.execute("INSERT INTO t (id, v) VALUES (7, 'half')", [])?;
            panic!("a bug in one write");
        });
        let together = futures::future::join(
            db.writer.write_direct(panics),
            db.writer.write_direct(insert_direct(9, Some("x"))),
        )
        .await;
        assert!(together.0.is_err());
        assert_eq!(together.1.unwrap(), 9);
        assert_eq!(db.write(insert(8, Some("x"))).await.unwrap(), 8);
        assert_eq!(
            stored(&db).await,
            [8, 9],
            "the panicking write's row is rolled back"
        );
    }

    /// The writer also runs in a runtime of one thread, as tests and small tools start it.
    #[tokio::test]
    async fn direct_writes_work_on_a_single_threaded_runtime() {
        let db = db().await;
        assert_eq!(
            db.writer
                .write_direct(insert_direct(3, Some("x")))
                .await
                .unwrap(),
            3
        );
        assert_eq!(stored(&db).await, [3]);
    }
}
