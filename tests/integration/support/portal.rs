//! The real portal started in-process on a loopback port with a fresh database (SQLite, or
//! PostgreSQL when the run names a server), and the rows it stored.

use asb_portal::server::config::Config;
use asb_portal::server::{self, RunningPortal, Settings};
use reqwest::StatusCode;
use tempfile::TempDir;

use super::*;

// ---------------------------------------------------------------------------------------------
// The portal

pub const TRIAGE: &str = "asb-triage@council.example";
pub const PANEL: &str = "community-marac@council.example";
pub const SUPPORT: &str = "referrals@victim-support.example";
pub const MEDIATION: &str = "referrals@mediation.example";

/// Configuration for delivery through the SMTP sink, retrying quickly.
pub fn smtp_config(port: u16) -> Config {
    Config::from_toml_str(&format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\n\
         [outbox]\nbase_delay_ms = 200\nmax_delay_ms = 1000\npoll_interval_ms = 100\nmax_attempts = 50\n"
    ))
    .expect("the test configuration is valid")
}

/// A running portal with its own database (and SMTP sink, when it has one).
pub struct Portal {
    pub running: RunningPortal,
    pub base: String,
    pub dir: TempDir,
    pub smtp: Option<SmtpSink>,
}

impl Portal {
    /// The portal delivering mail to a fresh, running SMTP sink.
    pub async fn with_smtp() -> Portal {
        let sink = SmtpSink::started();
        let config = smtp_config(sink.port);
        Portal::start(config, Some(sink)).await
    }

    /// The portal configured for `sink`, whether or not the sink is running.
    pub async fn with_sink(sink: SmtpSink) -> Portal {
        let config = smtp_config(sink.port);
        Portal::start(config, Some(sink)).await
    }

    /// The portal with no SMTP host: mail is written as files into a folder of its own.
    pub async fn with_mail_files() -> Portal {
        let dir = tempfile::tempdir().expect("portal tempdir");
        let mut config = Config::default();
        config.smtp.mail_dir = dir.path().join("mail");
        Portal::start_in(dir, config, None).await
    }

    pub async fn start(config: Config, smtp: Option<SmtpSink>) -> Portal {
        let dir = tempfile::tempdir().expect("portal tempdir");
        Portal::start_in(dir, config, smtp).await
    }

    /// Starts the real server on a loopback port with a fresh database (a file in `dir`).
    pub async fn start_in(dir: TempDir, config: Config, smtp: Option<SmtpSink>) -> Portal {
        Portal::start_at(dir, config, smtp, server::system_clock()).await
    }

    /// As `start_in`, with the server's clock fixed by the test. The limit on posted forms is
    /// off: a test's many residents all post from 127.0.0.1 (`start_limited` keeps it).
    pub async fn start_at(
        dir: TempDir,
        mut config: Config,
        smtp: Option<SmtpSink>,
        clock: server::Clock,
    ) -> Portal {
        config.limits.posts_per_minute = 0;
        let database_url = fresh_database(dir.path(), "asb-portal").await;
        Portal::start_exactly(dir, &database_url, config, smtp, clock).await
    }

    /// The portal on this database (a SQLite file of an earlier release, say), limits off.
    pub async fn start_on(
        dir: TempDir,
        database_url: &str,
        mut config: Config,
        smtp: Option<SmtpSink>,
    ) -> Portal {
        config.limits.posts_per_minute = 0;
        Portal::start_exactly(dir, database_url, config, smtp, server::system_clock()).await
    }

    /// As `start_on`, with the server's clock fixed by the test.
    pub async fn start_on_at(
        dir: TempDir,
        database_url: &str,
        mut config: Config,
        clock: server::Clock,
    ) -> Portal {
        config.limits.posts_per_minute = 0;
        Portal::start_exactly(dir, database_url, config, None, clock).await
    }

    /// The portal with the configuration's own limit on posted forms.
    pub async fn start_limited(dir: TempDir, config: Config) -> Portal {
        let database_url = fresh_database(dir.path(), "asb-portal").await;
        Portal::start_exactly(dir, &database_url, config, None, server::system_clock()).await
    }

    async fn start_exactly(
        dir: TempDir,
        database_url: &str,
        config: Config,
        smtp: Option<SmtpSink>,
        clock: server::Clock,
    ) -> Portal {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let running = server::start(
            Settings {
                config,
                database_url: database_url.to_string(),
                leptos: server::environment::leptos_options().expect("leptos options"),
                smtp_password: None,
                clock,
            },
            listener,
        )
        .await
        .expect("the portal starts");
        let base = format!("http://{}", running.addr);
        Portal {
            running,
            base,
            dir,
            smtp,
        }
    }

    /// What `/health` says.
    pub async fn health(&self) -> (StatusCode, String) {
        let response = reqwest::get(format!("{}/health", self.base)).await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Kills the outbox worker as a crash would.
    pub fn kill_outbox_worker(&self) {
        self.running.outbox_status.kill_worker();
    }

    /// The portal's database, for `on_db!`.
    pub fn db(&self) -> asb_portal::server::storage::Pool<'_> {
        self.running.db.pool()
    }

    /// Runs a statement that each database spells its own way (a trigger, say).
    pub async fn execute(&self, on_sqlite: &str, on_postgres: &str) {
        match self.db() {
            asb_portal::server::storage::Pool::Sqlite(db) => {
                sqlx::raw_sql(on_sqlite).execute(db).await.map(|_| ())
            }
            asb_portal::server::storage::Pool::Postgres(db) => {
                sqlx::raw_sql(on_postgres).execute(db).await.map(|_| ())
            }
        }
        .unwrap_or_else(|e| panic!("{on_sqlite}: {e}"));
    }

    pub fn sink(&self) -> &SmtpSink {
        self.smtp.as_ref().expect("this portal has an SMTP sink")
    }

    pub fn sink_mut(&mut self) -> &mut SmtpSink {
        self.smtp.as_mut().expect("this portal has an SMTP sink")
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    // --- stored rows ---

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        on_db!(self.db(), |db| sqlx::query_scalar(&sql).fetch_one(db).await).unwrap()
    }

    /// The rows `sql` selects for `key` (its one parameter).
    async fn rows<'q, T, K>(&self, sql: &'q str, key: K) -> Vec<T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
        K: 'q
            + sqlx::Encode<'q, sqlx::Sqlite>
            + sqlx::Type<sqlx::Sqlite>
            + sqlx::Encode<'q, sqlx::Postgres>
            + sqlx::Type<sqlx::Postgres>
            + std::fmt::Display
            + Send,
    {
        let what = format!("{sql} ({key})");
        on_db!(self.db(), |db| sqlx::query_as(sql)
            .bind(key)
            .fetch_all(db)
            .await)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// The one row `sql` selects for `key` (its one parameter).
    async fn row<T>(&self, sql: &str, key: &str) -> T
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        let mut rows = self.rows(sql, key).await;
        assert_eq!(rows.len(), 1, "{sql} ({key})");
        rows.remove(0)
    }

    pub async fn report(&self, reference: &str) -> ReportRow {
        self.row("SELECT * FROM reports WHERE reference = $1", reference)
            .await
    }

    pub async fn consents(&self, report_id: i64) -> Vec<ConsentRow> {
        self.rows(
            "SELECT item, given, wording_version, channel, recorded_by FROM consents WHERE report_id = $1 ORDER BY id",
            report_id,
        )
        .await
    }

    pub async fn routes(&self, report_id: i64) -> Vec<RouteRow> {
        self.rows(
            "SELECT route, rule, held FROM routing_decisions WHERE report_id = $1 ORDER BY id",
            report_id,
        )
        .await
    }

    pub async fn outbox(&self) -> Vec<OutboxRow> {
        on_db!(self.db(), |db| sqlx::query_as(
            "SELECT report_id, kind, route, message_id, recipients, subject, body, status, attempts, last_error \
             FROM outbox ORDER BY id",
        )
        .fetch_all(db)
        .await)
        .unwrap()
    }

    /// The answers of the only draft, as stored (JSON).
    pub async fn only_draft(&self) -> serde_json::Value {
        let answers: Vec<String> = on_db!(self.db(), |db| sqlx::query_scalar(
            "SELECT answers FROM drafts"
        )
        .fetch_all(db)
        .await)
        .unwrap();
        assert_eq!(answers.len(), 1, "expected exactly one draft");
        serde_json::from_str(&answers[0]).unwrap()
    }

    /// The answers of one draft, exactly as stored in `drafts.answers`.
    pub async fn draft_answers_text(&self, draft_id: &str) -> String {
        let (answers,) = self
            .row(
                "SELECT answers FROM drafts WHERE id = $1",
                &asb_portal::server::storage::draft_key(draft_id),
            )
            .await;
        answers
    }

    /// The answers of one draft, parsed.
    pub async fn draft_answers(&self, draft_id: &str) -> serde_json::Value {
        serde_json::from_str(&self.draft_answers_text(draft_id).await).unwrap()
    }

    /// The stored needs-assessment answers of a report, as (question id, answer) pairs.
    pub async fn assessment_answers(&self, report_id: i64) -> Vec<(String, String)> {
        self.rows(
            "SELECT question_id, answer FROM assessment_answers WHERE report_id = $1 ORDER BY question_id",
            report_id,
        )
        .await
    }

    /// Waits until every outbox row has been sent.
    pub async fn wait_all_sent(&self) -> Vec<OutboxRow> {
        eventually("every outbox row to be sent", || async move {
            let rows = self.outbox().await;
            (!rows.is_empty() && rows.iter().all(|r| r.status == "sent")).then_some(rows)
        })
        .await
    }

    /// Nothing is emailed to the resident: `confirmation` promises no email, no acknowledgement
    /// is queued, and once every outbox row is sent and has reached the SMTP sink, none of that
    /// mail is to them. Returns the outbox and the mail.
    pub async fn assert_resident_not_emailed(
        &self,
        confirmation: &Page,
    ) -> (Vec<OutboxRow>, Vec<Mail>) {
        assert!(
            !confirmation
                .body
                .contains("We have sent you a confirmation email"),
            "the confirmation page promises an email"
        );
        let outbox = self.wait_all_sent().await;
        assert!(
            outbox.iter().all(|r| r.kind != "acknowledgement"),
            "no acknowledgement may be queued: {outbox:#?}"
        );
        let mail = self.sink().wait_for_messages(outbox.len()).await;
        assert!(
            mail_to(&mail, RESIDENT.email).is_empty(),
            "the resident was emailed: {:#?}",
            subjects(&mail)
        );
        (outbox, mail)
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.running.stop();
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub reference: String,
    pub draft_id: String,
    pub category: String,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub incident_date: chrono::NaiveDate,
    pub description: String,
    pub anonymous: bool,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub safe_to_email: Option<bool>,
    pub assessed: bool,
    pub score: Option<i64>,
    pub band: Option<String>,
    pub urgent: bool,
    pub second_report: bool,
    pub possibly_related: bool,
    pub channel: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConsentRow {
    pub item: String,
    pub given: bool,
    pub wording_version: String,
    pub channel: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RouteRow {
    pub route: String,
    pub rule: String,
    pub held: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub report_id: Option<i64>,
    pub kind: String,
    pub route: Option<String>,
    pub message_id: String,
    /// Stored as a JSON list (text on both databases): see `recipients()`.
    #[sqlx(rename = "recipients")]
    pub recipients_json: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

impl OutboxRow {
    pub fn recipients(&self) -> Vec<String> {
        serde_json::from_str(&self.recipients_json).expect("recipients are a JSON list")
    }
}
