//! What must hold when things go wrong or happen at once: answers changed in another tab
//! during submit, a draft the release cannot read, a worker that dies, a submit that fails
//! part-way, two portals on one database, and a SIGTERM under load.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use asb_portal::server::config::Config;
use reqwest::StatusCode;

use crate::support::*;

// ---------------------------------------------------------------------------------------------
// The log, captured: what the portal logs must never hold answers.

#[derive(Clone)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the in-process portals of this test binary have logged so far.
fn captured_log() -> String {
    static LOG: OnceLock<LogBuffer> = OnceLock::new();
    let buffer = LOG.get_or_init(|| {
        let buffer = LogBuffer(Arc::new(Mutex::new(Vec::new())));
        let writer = buffer.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .try_init()
            .expect("the first subscriber of this binary");
        buffer
    });
    String::from_utf8_lossy(&buffer.0.lock().unwrap()).into_owned()
}

// ---------------------------------------------------------------------------------------------

/// The consent answers a check page shows, as the person read them.
fn consents_shown(check: &Page) -> (bool, bool) {
    let text = check.body.as_str();
    let answer = |question: &str| {
        let at = text
            .find(question)
            .unwrap_or_else(|| panic!("{question} not on check page"));
        let after = &text[at..];
        let value_at = after.find("govuk-summary-list__value").unwrap();
        after[value_at..value_at + 80].contains("Yes")
    };
    (
        answer("share your report with our partner"),
        answer("mediation service"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_changed_in_another_tab_while_submit_runs_is_never_acted_on() {
    let portal = Portal::with_mail_files().await;
    let mut outcomes = BTreeMap::new();
    for round in 0..25 {
        let email = format!("race{round}@example.org");
        let browser = portal.browser();
        let check = browser.fill_in(&Answers::straightforward(&email)).await;
        assert_eq!(consents_shown(&check), (true, true));
        let refuse = form(&[("consent_share", "no"), ("consent_mediation", "no")]);
        // Tab A presses Submit on the check page it shows; tab B refuses sharing and
        // mediation at the same moment.
        let pressed = check.submit_form();
        let (submitted, changed) = tokio::join!(
            browser.post("/report/submit", &pressed),
            browser.post("/report/consent", &refuse),
        );
        let last_seen = if submitted.path() == "/report/confirmation" {
            // The report went first: tab B's change came too late and was not saved.
            assert_eq!(changed.path(), "/report/confirmation");
            (true, true)
        } else {
            // The change went first: submit sends the person back to check again, and
            // nothing was written until they confirm what they now see.
            assert_eq!(submitted.path(), "/report/check", "{}", submitted.body);
            let again = browser.get("/report/check").await;
            let shown = consents_shown(&again);
            assert_eq!(shown, (false, false));
            browser.submit().await;
            shown
        };
        *outcomes.entry(last_seen).or_insert(0) += 1;
        let rows: Vec<(i64, String, bool)> = on_db!(portal.db(), |db| {
            sqlx::query_as(
            "SELECT r.id, c.item, c.given FROM reports r JOIN consents c ON c.report_id = r.id \
             WHERE r.email = $1",
        )
        .bind(&email)
        .fetch_all(db)
        .await
        })
        .unwrap();
        let given = |item: &str| rows.iter().any(|(_, i, g)| i == item && *g);
        assert_eq!(
            (given("share"), given("mediation")),
            last_seen,
            "round {round}: the stored consent differs from the last check page"
        );
        let report_id = rows.first().map(|r| r.0).expect("one report");
        let kinds: Vec<(String, Option<String>)> = on_db!(portal.db(), |db| sqlx::query_as(
            "SELECT kind, route FROM outbox WHERE report_id = $1"
        )
        .bind(report_id)
        .fetch_all(db)
        .await)
        .unwrap();
        let sent_to_mediation = kinds.iter().any(|(_, r)| r.as_deref() == Some("mediation"));
        let acknowledged = kinds.iter().any(|(k, _)| k == "acknowledgement");
        assert!(
            acknowledged,
            "round {round}: contact was agreed on its own page"
        );
        assert_eq!(sent_to_mediation, last_seen.1, "round {round}");
    }
    assert_eq!(portal.count("reports").await, 25);
    println!("race outcomes (share, mediation as last seen): {outcomes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_break_in_a_one_line_answer_is_refused() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.walk_to(&answers, "/report/contact-details").await;
    for (field, forged, message) in [
        (
            "full_name",
            "Sam Jones\nUrgent: Yes",
            "Full name must be on one line",
        ),
        (
            "contact_times",
            "Evenings\r\nRule: panel",
            "Best times to contact you must be on one line",
        ),
    ] {
        let mut posted = answers.contact_details.clone().unwrap();
        set(&mut posted, field, forged);
        let page = browser.post("/report/contact-details", &posted).await;
        assert_eq!(page.path(), "/report/contact-details");
        page.assert_error(message);
        assert!(
            portal.only_draft().await["contact_details"].is_null(),
            "nothing saved"
        );
    }
    let mut location = answers.location.clone();
    set(&mut location, "address", "1 High Street\nUrgent: Yes");
    browser.get("/report/location").await;
    let page = browser.post("/report/location", &location).await;
    page.assert_error("Address must be on one line");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_draft_gives_a_start_again_page_and_nothing_of_it_reaches_the_log() {
    captured_log();
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    browser
        .walk_to(&Answers::straightforward(RESIDENT.email), "/report/when")
        .await;
    // A draft saved in a shape this release does not know, holding words of the person's.
    on_db!(portal.db(), |db| sqlx::query(
        "UPDATE drafts SET answers = $1"
    )
    .bind(r#"{"category":"noise","when":{"kind":"Zanzibarrow Lane secret"}}"#)
    .execute(db)
    .await
    .map(|_| ()))
    .unwrap();
    for path in ["/report/when", "/report/location"] {
        let page = browser.get(path).await;
        assert_ne!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
        if path == "/report/when" {
            assert_eq!(page.status, StatusCode::OK);
            assert!(
                page.body.contains("Sorry, we could not open your answers"),
                "{}",
                page.body
            );
            assert!(page.body.contains("Start a new report"), "{}", page.body);
            assert!(page.body.contains("Exit this page"));
        } else {
            // Forgotten: the next page is the start, not the same error again.
            assert_eq!(page.path(), "/report");
        }
    }
    assert_eq!(
        portal.count("drafts").await,
        0,
        "the unreadable draft is deleted"
    );
    let log = captured_log();
    assert!(log.contains("could not be read"), "{log}");
    assert!(
        !log.contains("Zanzibarrow"),
        "the draft's words reached the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_saved_before_a_field_was_added_still_resumes() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.walk_to(&answers, "/report/details").await;
    // An older release's draft: without the fields added since.
    let mut old = portal.only_draft().await;
    for added_later in ["assessment", "consent", "reached_check", "pending"] {
        old.as_object_mut().unwrap().remove(added_later);
    }
    on_db!(portal.db(), |db| sqlx::query(
        "UPDATE drafts SET answers = $1, format_version = 1"
    )
    .bind(old.to_string())
    .execute(db)
    .await
    .map(|_| ()))
    .unwrap();
    let page = browser.get("/report/location").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(RESIDENT.postcode),
        "the answers are still there"
    );
    let page = browser
        .walk_on(
            browser.get("/report/details").await,
            &answers,
            "/report/check",
        )
        .await;
    assert!(page.body.contains("Check your answers"));
    browser.submit().await;
    assert_eq!(portal.count("reports").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_outbox_worker_is_restarted_and_health_shows_it() {
    let portal = Portal::with_smtp().await;
    let (status, health) = portal.health().await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        health.starts_with("ok") && health.contains("restarts: 0"),
        "{health}"
    );

    portal.kill_outbox_worker();
    let health = eventually("the worker to be restarted", || async {
        let (status, health) = portal.health().await;
        (status == StatusCode::OK && health.contains("restarts: 1")).then_some(health)
    })
    .await;
    assert!(health.contains("outbox worker: ok"), "{health}");

    // And mail flows again.
    portal
        .browser()
        .report(&Answers::straightforward(RESIDENT.email))
        .await;
    let rows = portal.wait_all_sent().await;
    assert_eq!(rows.len(), 3);
    portal.sink().wait_for_messages(3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submit_that_fails_part_way_leaves_nothing_behind() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    browser
        .fill_in(&Answers::straightforward(RESIDENT.email))
        .await;
    // The last rows a submit writes are the emails: make that write fail.
    portal
        .execute(
            "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox \
             BEGIN SELECT RAISE(ABORT, 'disk full'); END",
            "CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'disk full'; END $$; \
             CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox \
             FOR EACH ROW EXECUTE FUNCTION refuse_outbox()",
        )
        .await;
    let check = browser.get("/report/check").await;
    let page = browser.post("/report/submit", &check.submit_form()).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page
        .body
        .contains("Sorry, there is a problem with the service"));
    assert!(page.body.contains("Your answers have been kept"));
    for table in [
        "reports",
        "assessment_answers",
        "consents",
        "routing_decisions",
        "outbox",
    ] {
        assert_eq!(
            portal.count(table).await,
            0,
            "{table} after a failed submit"
        );
    }
    // The answers are kept, as the page says, and a second try goes through.
    portal
        .execute(
            "DROP TRIGGER refuse_outbox",
            "DROP TRIGGER refuse_outbox ON outbox",
        )
        .await;
    browser.submit().await;
    assert_eq!(portal.count("reports").await, 1);
    assert_eq!(portal.count("outbox").await, 3);
}

fn process_config(dir: &std::path::Path, smtp_port: u16) -> std::path::PathBuf {
    let path = dir.join("council.toml");
    std::fs::write(
        &path,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\nsecurity = \"none\"\n\n\
             [outbox]\nbase_delay_ms = 200\nmax_delay_ms = 1000\npoll_interval_ms = 50\n\n\
             [limits]\nposts_per_minute = 0\n"
        ),
    )
    .unwrap();
    Config::from_toml_str(&std::fs::read_to_string(&path).unwrap()).expect("valid");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_portal_processes_on_one_database_deliver_every_email_exactly_once() {
    let sink = SmtpSink::started();
    let dir = tempfile::tempdir().unwrap();
    let config = process_config(dir.path(), sink.port);
    let database = fresh_database(dir.path(), "shared").await;
    let one = PortalProcess::start(&database, &config, &dir.path().join("mail")).await;
    let two = PortalProcess::start(&database, &config, &dir.path().join("mail")).await;
    let reports = 12;
    for n in 0..reports {
        let portal = if n % 2 == 0 { &one } else { &two };
        let answers = Answers::straightforward(&format!("twice{n}@example.org"));
        portal.browser().report(&answers).await;
    }
    // Three emails a report: triage, mediation and the acknowledgement.
    let expected = reports * 3;
    let mail = sink.wait_for_messages(expected).await;
    // Give a duplicate time to arrive: both workers poll every 50 ms.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let mail = if sink.messages().len() > mail.len() {
        sink.messages()
    } else {
        mail
    };
    let mut ids: Vec<String> = mail
        .iter()
        .map(|m| m.message_id.clone().unwrap_or_default())
        .collect();
    ids.sort();
    let all = ids.len();
    ids.dedup();
    assert_eq!(all, expected, "every email arrives exactly once");
    assert_eq!(ids.len(), expected, "no Message-ID twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_load_loses_no_acknowledged_report() {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::started();
    let config = process_config(dir.path(), sink.port);
    let database = fresh_database(dir.path(), "sigterm").await;
    let mut portal = PortalProcess::start(&database, &config, &dir.path().join("mail")).await;
    // Residents on the check page, all pressing Submit as the deploy stops the portal.
    let mut ready = Vec::new();
    for n in 0..16 {
        let browser = portal.browser();
        let check = browser
            .fill_in(&Answers::straightforward(&format!("term{n}@example.org")))
            .await;
        ready.push((browser, check.submit_form()));
    }
    let presses: Vec<_> = ready
        .iter()
        .map(|(browser, pressed)| {
            let client = browser.without_redirects();
            let url = browser.url("/report/submit");
            let pressed = pressed.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .form(&pressed)
                    .send()
                    .await
                    .ok()
                    .map(|r| r.status())
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let status = portal.terminate();
    let mut answers = Vec::new();
    for press in presses {
        answers.push(press.await.unwrap());
    }
    assert!(status.success(), "a graceful exit: {status:?}");
    let acknowledged = answers
        .iter()
        .filter(|a| **a == Some(StatusCode::SEE_OTHER))
        .count();
    let db = asb_portal::server::storage::connect(&database)
        .await
        .unwrap();
    let stored: i64 = on_db!(db.pool(), |db| sqlx::query_scalar(
        "SELECT COUNT(*) FROM reports"
    )
    .fetch_one(db)
    .await)
    .unwrap();
    assert!(
        stored as usize >= acknowledged,
        "{acknowledged} residents saw their report accepted, {stored} are stored"
    );
    println!("SIGTERM: {acknowledged} acknowledged, {stored} stored");
}

/// Nothing a person tells the portal reaches its logs, even at `debug`: a report with
/// distinctive answers, one made for someone else, a page refused with errors, and the mail
/// they send. Every log line and every URL the server logged is searched for each of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_reaches_the_logs_at_debug() {
    let sink = SmtpSink::started();
    let dir = tempfile::tempdir().unwrap();
    let config = process_config(dir.path(), sink.port);
    let database = fresh_database(dir.path(), "logs").await;
    let portal =
        PortalProcess::start_logging(&database, &config, &dir.path().join("mail"), "debug").await;
    let secrets = [
        "Zebedee Quartermaine",
        "zq.logcheck@example.org",
        "07700 900417",
        "07700900417",
        "41 Quillon Mews",
        "Glockenspiel at midnight",
        "the lodger with the tuba",
        "Ottoline Vexworth",
        "Weekday lunchtimes only",
    ];
    let mut answers = Answers::high_risk(secrets[1]).for_a_neighbour("knows_and_agrees");
    answers.set_contact_detail("full_name", secrets[0]);
    answers.set_contact_detail("phone", secrets[2]);
    answers.set_contact_detail("safe_to_email", "yes");
    answers.set_contact_detail("contact_times", secrets[8]);
    set(&mut answers.location, "address", secrets[4]);
    set(&mut answers.details, "description", secrets[5]);
    set(&mut answers.details, "people_involved", secrets[6]);
    if let Some(them) = answers.someone_else.as_mut() {
        set(&mut them.person, "their_name", secrets[7]);
    }
    let browser = portal.browser();
    // A refused page first: the bad email is echoed to the person, never logged.
    browser.walk_to(&answers, "/report/contact-details").await;
    let mut bad = answers.contact_details.clone().unwrap();
    set(&mut bad, "email", "zq.logcheck@@example");
    browser.post("/report/contact-details", &bad).await;
    browser.report(&answers).await;
    // The mail is sent (and its sending logged) before the logs are read.
    sink.wait_for_messages(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let log = portal.log();
    assert!(
        log.iter().any(|l| l.contains("DEBUG")),
        "the portal logged at debug: {:#?}",
        &log[..log.len().min(20)]
    );
    assert!(
        log.iter().any(|l| l.contains("/report/submit")),
        "requests are logged"
    );
    for secret in secrets.iter().chain(["zq.logcheck@@example"].iter()) {
        let lower = secret.to_lowercase();
        let found: Vec<&String> = log
            .iter()
            .filter(|l| l.to_lowercase().contains(&lower))
            .collect();
        assert!(found.is_empty(), "{secret:?} is in the logs: {found:#?}");
    }
}
