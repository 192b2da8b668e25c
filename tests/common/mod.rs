//! Shared helpers for the integration tests: the real portal started in-process on a loopback
//! port with a fresh SQLite file, a real SMTP server (Python's aiosmtpd writing to a Maildir),
//! a browser without JavaScript (reqwest with a cookie store), and polling helpers with a
//! bounded deadline.
#![allow(dead_code)]

use std::future::Future;
use std::net::{TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use asb_portal::server::config::Config;
use asb_portal::server::{self, RunningPortal, Settings};
use chrono::{Datelike, Days, NaiveDate, Utc};
use reqwest::cookie::Jar;
use reqwest::{StatusCode, Url};
use serde::Serialize;
use tempfile::TempDir;

/// How long any "eventually" check may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Polling

/// Polls `check` until it returns `Some`, failing the test after [`DEADLINE`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------------------------
// SMTP sink

/// A real SMTP server on loopback (aiosmtpd) that stores every message in a Maildir.
/// Created stopped; [`SmtpSink::start`] and [`SmtpSink::stop`] may be called repeatedly and it
/// always listens on the same port.
pub struct SmtpSink {
    pub port: u16,
    pub maildir: PathBuf,
    _dir: TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    pub fn new() -> SmtpSink {
        let dir = tempfile::tempdir().expect("maildir tempdir");
        SmtpSink {
            port: free_port(),
            maildir: dir.path().join("Maildir"),
            _dir: dir,
            child: None,
        }
    }

    pub fn started() -> SmtpSink {
        let mut sink = SmtpSink::new();
        sink.start();
        sink
    }

    pub fn start(&mut self) {
        assert!(self.child.is_none(), "the SMTP sink is already running");
        let log = std::fs::File::create(self._dir.path().join("aiosmtpd.log")).unwrap();
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start python3 -m aiosmtpd (pip install aiosmtpd)");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(self._dir.path().join("aiosmtpd.log"))
                    .unwrap_or_default();
                panic!("aiosmtpd exited ({status}) before listening:\n{log}");
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message delivered so far.
    pub fn messages(&self) -> Vec<Mail> {
        read_mail_files(&self.maildir.join("new"))
    }

    /// Waits until exactly `count` messages have arrived (more is a failure).
    pub async fn wait_for_messages(&self, count: usize) -> Vec<Mail> {
        let mail = eventually(
            &format!("{count} messages at the SMTP sink"),
            || async move {
                let mail = self.messages();
                (mail.len() >= count).then_some(mail)
            },
        )
        .await;
        assert_eq!(
            mail.len(),
            count,
            "unexpected messages: {:#?}",
            subjects(&mail)
        );
        mail
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One delivered email, parsed.
#[derive(Debug, Clone)]
pub struct Mail {
    pub message_id: Option<String>,
    pub subject: String,
    pub to: String,
    /// Envelope recipients as the SMTP server saw them (aiosmtpd's `X-RcptTo`), or `To`.
    pub envelope_to: String,
    pub reply_to: Option<String>,
    pub body: String,
    /// The whole message as received (headers and encoded body).
    pub raw: String,
}

impl Mail {
    pub fn parse(raw: &[u8]) -> Mail {
        let parsed = mailparse::parse_mail(raw).expect("a parsable email");
        let header = |name: &str| {
            parsed
                .headers
                .iter()
                .find(|h| h.get_key_ref().eq_ignore_ascii_case(name))
                .map(|h| h.get_value())
        };
        let to = header("To").unwrap_or_default();
        Mail {
            message_id: header("Message-ID"),
            subject: header("Subject").unwrap_or_default(),
            envelope_to: header("X-RcptTo").unwrap_or_else(|| to.clone()),
            to,
            reply_to: header("Reply-To"),
            body: parsed.get_body().expect("a readable body"),
            raw: String::from_utf8_lossy(raw).into_owned(),
        }
    }

    pub fn is_to(&self, address: &str) -> bool {
        self.to.contains(address) || self.envelope_to.contains(address)
    }

    /// Subject, headers and body, decoded and raw, for "never contains" checks.
    pub fn everything(&self) -> String {
        format!("{}\n{}\n{}", self.subject, self.body, self.raw)
    }
}

pub fn read_mail_files(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Mail::parse(&std::fs::read(p).expect("read a mail file")))
        .collect()
}

pub fn subjects(mail: &[Mail]) -> Vec<String> {
    mail.iter()
        .map(|m| format!("{} -> {}", m.subject, m.envelope_to))
        .collect()
}

pub fn mail_to<'a>(mail: &'a [Mail], address: &str) -> Vec<&'a Mail> {
    mail.iter().filter(|m| m.is_to(address)).collect()
}

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

/// A running portal with its own SQLite file (and SMTP sink, when it has one).
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

    /// Starts the real server on a loopback port with a fresh SQLite file in `dir`.
    pub async fn start_in(dir: TempDir, config: Config, smtp: Option<SmtpSink>) -> Portal {
        let database_url = format!("sqlite://{}", dir.path().join("asb-portal.db").display());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let running = server::start(
            Settings {
                config,
                database_url,
                leptos: server::environment::leptos_options().expect("leptos options"),
                smtp_password: None,
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

    pub fn db(&self) -> &sqlx::SqlitePool {
        self.running.db.pool()
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
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(self.db())
            .await
            .unwrap()
    }

    /// The rows `sql` selects for `key` (its one parameter).
    async fn rows<'q, T, K>(&self, sql: &'q str, key: K) -> Vec<T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
        K: 'q + sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + std::fmt::Display,
    {
        let what = format!("{sql} ({key})");
        sqlx::query_as(sql)
            .bind(key)
            .fetch_all(self.db())
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// The one row `sql` selects for `key` (its one parameter).
    async fn row<T>(&self, sql: &str, key: &str) -> T
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let mut rows = self.rows(sql, key).await;
        assert_eq!(rows.len(), 1, "{sql} ({key})");
        rows.remove(0)
    }

    pub async fn report(&self, reference: &str) -> ReportRow {
        self.row("SELECT * FROM reports WHERE reference = ?", reference)
            .await
    }

    pub async fn consents(&self, report_id: i64) -> Vec<ConsentRow> {
        self.rows(
            "SELECT item, given, wording_version, channel, recorded_by FROM consents WHERE report_id = ? ORDER BY id",
            report_id,
        )
        .await
    }

    pub async fn routes(&self, report_id: i64) -> Vec<RouteRow> {
        self.rows(
            "SELECT route, rule, held FROM routing_decisions WHERE report_id = ? ORDER BY id",
            report_id,
        )
        .await
    }

    pub async fn outbox(&self) -> Vec<OutboxRow> {
        sqlx::query_as(
            "SELECT report_id, kind, route, message_id, recipients, subject, body, status, attempts, last_error \
             FROM outbox ORDER BY id",
        )
        .fetch_all(self.db())
        .await
        .unwrap()
    }

    /// The answers of the only draft, as stored (JSON).
    pub async fn only_draft(&self) -> serde_json::Value {
        let answers: Vec<String> = sqlx::query_scalar("SELECT answers FROM drafts")
            .fetch_all(self.db())
            .await
            .unwrap();
        assert_eq!(answers.len(), 1, "expected exactly one draft");
        serde_json::from_str(&answers[0]).unwrap()
    }

    /// The answers of one draft, exactly as stored in `drafts.answers`.
    pub async fn draft_answers_text(&self, draft_id: &str) -> String {
        let (answers,) = self
            .row("SELECT answers FROM drafts WHERE id = ?", draft_id)
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
            "SELECT question_id, answer FROM assessment_answers WHERE report_id = ? ORDER BY question_id",
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
    pub incident_date: String,
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
    /// Stored as a JSON list.
    pub recipients: sqlx::types::Json<Vec<String>>,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// A browser without JavaScript

pub struct Browser {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
}

/// A response after redirects: where the browser ended up and what it shows.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: StatusCode,
    pub url: Url,
    pub body: String,
}

impl Page {
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The reference number in `<strong id="reference">`, checked against `ASB-XXXX-XXXX`.
    pub fn reference(&self) -> String {
        let start = self
            .body
            .find("id=\"reference\"")
            .unwrap_or_else(|| panic!("no reference on {}:\n{}", self.url, self.body));
        let after = &self.body[start..];
        let open = after.find('>').unwrap() + 1;
        let close = after[open..].find('<').unwrap() + open;
        let reference = after[open..close].trim().to_string();
        assert!(is_reference(&reference), "not a reference: {reference:?}");
        reference
    }

    /// The fields the page's submit form posts: "Check your answers" carries the draft
    /// version it shows, so submit commits exactly what the person saw. Any other page has
    /// no such form, and posts nothing.
    pub fn submit_form(&self) -> Form {
        let Some(start) = self.body.find("name=\"version\"") else {
            return Form::new();
        };
        let after = &self.body[start..];
        let open = after.find("value=\"").expect("the version has a value") + 7;
        let close = after[open..].find('"').unwrap() + open;
        vec![("version".to_string(), after[open..close].to_string())]
    }

    /// The page shows `message` in its error summary, as an error page should.
    pub fn assert_error(&self, message: &str) {
        assert!(
            self.body.contains("<title>Error:"),
            "{} has no `Error:` title:\n{}",
            self.url,
            self.body
        );
        assert!(
            self.body.contains("govuk-error-summary"),
            "no error summary on {}",
            self.url
        );
        assert!(
            self.body.contains("There is a problem"),
            "no error summary title on {}",
            self.url
        );
        let summary = &self.body[self.body.find("govuk-error-summary__list").unwrap()..];
        assert!(
            summary.contains(&html_text(message)),
            "error summary on {} lacks {message:?}:\n{}",
            self.url,
            &summary[..summary.len().min(2000)]
        );
        assert!(
            self.body.contains("govuk-error-message"),
            "no inline error on {}",
            self.url
        );
    }

    pub fn assert_no_error(&self) {
        assert!(
            !self.body.contains("govuk-error-summary"),
            "unexpected errors on {}:\n{}",
            self.url,
            self.error_summary()
        );
    }

    pub fn error_summary(&self) -> String {
        match self.body.find("govuk-error-summary__list") {
            Some(i) => self.body[i..].chars().take(1500).collect(),
            None => String::new(),
        }
    }
}

/// How text appears in the HTML (Leptos escapes these characters).
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `ASB-` and two groups of four capital letters or digits.
pub fn is_reference(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts[0] == "ASB"
        && parts[1..].iter().all(|p| {
            p.len() == 4
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .timeout(DEADLINE)
            .build()
            .unwrap();
        Browser {
            client,
            jar,
            base: base.to_string(),
        }
    }

    /// A client sharing this browser's cookies that does not follow redirects.
    pub fn without_redirects(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_provider(self.jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(DEADLINE)
            .build()
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        page(response).await
    }

    /// The draft id this browser holds in its `asb_draft` cookie.
    pub fn draft_id(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url: Url = self.base.parse().unwrap();
        let header = self
            .jar
            .cookies(&url)
            .expect("the browser holds cookies for the portal");
        let cookies = header.to_str().unwrap().to_string();
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == "asb_draft")
            .map(|(_, value)| value.to_string())
            .unwrap_or_else(|| panic!("no asb_draft cookie in {cookies:?}"))
    }

    /// Posts an `application/x-www-form-urlencoded` form, following the redirect.
    pub async fn post<T: Serialize + ?Sized>(&self, path: &str, form: &T) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    /// Posts a page's answers and checks the browser lands on `next` without errors.
    pub async fn answer(&self, path: &str, form: &Form, next: &str) -> Page {
        let page = self.post(path, form).await;
        assert_eq!(
            (page.status, page.path()),
            (StatusCode::OK, next),
            "after posting {path} {form:?}; errors: {}",
            page.error_summary()
        );
        page
    }

    /// "Start now": a fresh draft.
    pub async fn start(&self) -> Page {
        let page = self.post("/report/start", &Form::new()).await;
        assert_eq!(page.path(), "/report/category");
        page
    }

    /// Answers every page from the start up to "Check your answers".
    pub async fn fill_in(&self, answers: &Answers) -> Page {
        let check = self.walk_to(answers, "/report/check").await;
        assert!(check.body.contains("Check your answers"));
        check
    }

    /// Starts a report and answers each page in order until the browser is on `target`.
    pub async fn walk_to(&self, answers: &Answers, target: &str) -> Page {
        let page = self.start().await;
        self.walk_on(page, answers, target).await
    }

    /// From `page`, one of the question pages, answers each page in order until the browser is
    /// on `target`.
    pub async fn walk_on(&self, mut page: Page, answers: &Answers, target: &str) -> Page {
        let pages = answers.pages();
        let from = pages
            .iter()
            .position(|(path, _)| *path == page.path())
            .unwrap_or_else(|| panic!("{} is not a page of this journey", page.url));
        for (i, (path, form)) in pages.iter().enumerate().skip(from) {
            if page.path() == target {
                return page;
            }
            let next = pages.get(i + 1).map(|(p, _)| *p).unwrap_or("/report/check");
            page = self.answer(path, form, next).await;
        }
        assert_eq!(
            page.path(),
            target,
            "{target} is not a page of this journey"
        );
        page
    }

    /// Opens "Check your answers", presses "Submit" and expects the confirmation page.
    pub async fn submit(&self) -> Page {
        let check = self.get("/report/check").await;
        let page = self.post("/report/submit", &check.submit_form()).await;
        assert_eq!(
            (page.status, page.path()),
            (StatusCode::OK, "/report/confirmation"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Report submitted"));
        page
    }

    /// A whole report, from "Start now" to the confirmation page.
    pub async fn report(&self, answers: &Answers) -> Page {
        self.fill_in(answers).await;
        self.submit().await
    }
}

async fn page(response: reqwest::Response) -> Page {
    let status = response.status();
    let url = response.url().clone();
    let body = response.text().await.unwrap();
    Page { status, url, body }
}

// ---------------------------------------------------------------------------------------------
// Answers

/// A page's posted fields, in order.
pub type Form = Vec<(String, String)>;

pub fn form(pairs: &[(&str, &str)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Replaces (or adds) one field of a form.
pub fn set(form: &mut Form, key: &str, value: &str) {
    form.retain(|(k, _)| k != key);
    form.push((key.to_string(), value.to_string()));
}

/// The answers to every page of Journey 1.
#[derive(Debug, Clone)]
pub struct Answers {
    pub category: Form,
    pub location: Form,
    pub when: Form,
    pub details: Form,
    pub about_you: Form,
    pub impact: Form,
    /// History, vulnerability and support pages, when the gate leads there.
    pub assessment: Option<[Form; 3]>,
    pub consent: Form,
}

impl Answers {
    /// The question pages in the order this person sees them, with their answers.
    pub fn pages(&self) -> Vec<(&'static str, &Form)> {
        let mut pages = vec![
            ("/report/category", &self.category),
            ("/report/location", &self.location),
            ("/report/when", &self.when),
            ("/report/details", &self.details),
            ("/report/about-you", &self.about_you),
            ("/report/impact", &self.impact),
        ];
        if let Some([history, vulnerability, support]) = &self.assessment {
            pages.push(("/report/assessment/history", history));
            pages.push(("/report/assessment/vulnerability", vulnerability));
            pages.push(("/report/assessment/support", support));
        }
        pages.push(("/report/consent", &self.consent));
        pages
    }
}

/// Personal details that partner mail must never carry.
pub struct Resident {
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub postcode: &'static str,
    pub description: &'static str,
    pub people_involved: &'static str,
}

pub const RESIDENT: Resident = Resident {
    name: "Priya Quillfeather",
    email: "priya.quillfeather@example.org",
    phone: "07700 900 982",
    address: "14 Larkspur Terrace",
    postcode: "SW1A 1AA",
    description: "Thumping bass from the flat upstairs until 3am every night",
    people_involved: "The tenant of flat 3, a tall man with a red van",
};

pub fn date_fields(date: NaiveDate) -> [(String, String); 3] {
    [
        ("incident-date-day".to_string(), date.day().to_string()),
        ("incident-date-month".to_string(), date.month().to_string()),
        ("incident-date-year".to_string(), date.year().to_string()),
    ]
}

pub fn yesterday() -> NaiveDate {
    Utc::now().date_naive() - Days::new(1)
}

impl Answers {
    /// A noise report that is not affecting the person: no assessment; mediation is offered.
    pub fn straightforward(email: &str) -> Answers {
        let r = &RESIDENT;
        let mut when = date_fields(yesterday()).to_vec();
        when.extend(form(&[("ongoing", "yes"), ("frequency", "weekly")]));
        Answers {
            category: form(&[("category", "noise")]),
            location: form(&[
                ("postcode", r.postcode),
                ("address", r.address),
                ("place_description", ""),
                ("area", "north"),
            ]),
            when,
            details: form(&[
                ("description", r.description),
                ("people_involved", r.people_involved),
            ]),
            about_you: form(&[
                ("anonymous", "no"),
                ("full_name", r.name),
                ("email", email),
                ("phone", r.phone),
                ("safe_to_email", "yes"),
                ("safe_to_voicemail", "no"),
                ("contact_times", "Weekday evenings"),
            ]),
            impact: form(&[("affecting", "no"), ("reported_before", "no")]),
            assessment: None,
            consent: form(&[
                ("consent_share", "yes"),
                ("consent_contact", "yes"),
                ("consent_mediation", "yes"),
            ]),
        }
    }

    /// Harassment that puts the person at high risk: violence and feeling unsafe at home, and
    /// thoughts of self-harm (a critical answer). It is not safe to email them.
    pub fn high_risk(email: &str) -> Answers {
        let mut answers = Answers::straightforward(email);
        answers.category = form(&[("category", "harassment")]);
        set(&mut answers.about_you, "safe_to_email", "no");
        answers.impact = form(&[("affecting", "yes"), ("reported_before", "no")]);
        let pnts = "prefer_not_to_say";
        answers.assessment = Some([
            form(&[
                ("repeat", pnts),
                ("frequency", pnts),
                ("duration", pnts),
                ("escalating", "no"),
                ("reported", pnts),
            ]),
            form(&[
                ("targeted", "no"),
                ("hate", pnts),
                ("violence", "yes"),
                ("property", "no"),
                ("health", pnts),
                ("condition", "no"),
                ("dependants", "no"),
                ("unsafe_home", "yes"),
                ("daily_life", "no"),
                ("self_harm", "yes"),
            ]),
            form(&[("isolated", pnts), ("services", pnts)]),
        ]);
        answers.consent = form(&[
            ("consent_share", "yes"),
            ("consent_contact", "yes"),
            ("consent_support", "yes"),
        ]);
        answers
    }
}

/// Checks that text carries none of the resident's personal details.
pub fn assert_no_personal_data(what: &str, text: &str, email: &str) {
    let r = &RESIDENT;
    let digits: String = r.phone.chars().filter(|c| !c.is_whitespace()).collect();
    for (label, value) in [
        ("name", r.name),
        ("surname", "Quillfeather"),
        ("email", email),
        ("phone", r.phone),
        ("phone digits", digits.as_str()),
        ("address", r.address),
        ("postcode", r.postcode),
        ("postcode", "SW1A1AA"),
        ("description", r.description),
        ("description", "Thumping bass"),
        ("people involved", r.people_involved),
        ("contact times", "Weekday evenings"),
    ] {
        assert!(
            !text.contains(value),
            "{what} contains the resident's {label} ({value:?}):\n{text}"
        );
    }
}
