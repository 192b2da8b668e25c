//! Benchmark helper (not part of the portal).
//!
//! `asb-bench-bare seed DATABASE_URL COUNT IDS_FILE` writes COUNT complete drafts (a typical
//! straightforward report with contact consent) and, one "id token" pair a line, their ids and
//! the CSRF tokens their forms carry, so a load generator can submit a different draft with
//! each request, as real residents would.
//!
//! `asb-bench-bare rate BASE_URL IDS_FILE RATE SECONDS` is the open-loop load generator: the
//! final submit at a fixed rate, latency from each request's scheduled time (`open_loop`).
//!
//! `asb-bench-bare serve DATABASE_URL ADDR [alone|group]` runs the baseline for the final
//! submit: a bare axum handler that commits the same rows (report, consent records, routing
//! decisions, outbox) without the portal's pages, draft loading or rules. `alone` (the default)
//! commits each submit in a transaction and an fsync of its own, one at a time, as the portal
//! did before group commit (`storage::commit_report_alone`); `group` the portal's way
//! (`storage::commit_report`), to measure what the portal's pages and rules cost.

use std::sync::Arc;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;

use asb_portal::domain::report::{self, Draft};
use asb_portal::server::config::Config;
use asb_portal::server::storage::{self, NewReport};
use asb_portal::server::submit;

/// A page's typed form from its fields, decoded as the portal decodes a posted body.
fn form<T: serde::de::DeserializeOwned + Default>(pairs: &[(&str, &str)]) -> T {
    let pairs = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    asb_portal::domain::flow::PostedForm::new(pairs).typed()
}

/// The answers of a typical straightforward report, parsed by the same rules as the pages.
fn typical_draft(config: &Config) -> anyhow::Result<Draft> {
    let rules = config.journey_rules();
    let today = Utc::now().date_naive();
    let errors = |e: Vec<asb_portal::domain::fields::FieldError>| anyhow::anyhow!("{e:?}");
    let mut draft = Draft {
        category: Some(
            report::parse_category(&form(&[("category", "noise")]), &rules).map_err(errors)?,
        ),
        location: Some(
            report::parse_location(
                &form(&[("postcode", "SW1A 1AA"), ("address", "1 High Street")]),
                &rules,
            )
            .map_err(errors)?,
        ),
        frequency: Some(
            report::parse_how_often(&form(&[("frequency", "weekly")])).map_err(errors)?,
        ),
        when: Some(
            report::parse_when(
                &form(&[
                    ("incident-date-day", &today.format("%d").to_string()),
                    ("incident-date-month", &today.format("%m").to_string()),
                    ("incident-date-year", &today.format("%Y").to_string()),
                    ("ongoing", "yes"),
                ]),
                today,
                Some(report::Frequency::Weekly),
            )
            .map_err(errors)?,
        ),
        details: Some(
            report::parse_details(&form(&[(
                "description",
                "Loud music from the flat upstairs most nights until 3am.",
            )]))
            .map_err(errors)?,
        ),
        reporting_for: Some(
            report::parse_reporting_for(&form(&[("reporting_for", "myself")])).map_err(errors)?,
        ),
        wants_contact: Some(
            report::parse_contact_choice(&form(&[("contact", "yes")])).map_err(errors)?,
        ),
        relationship: Some(
            report::parse_relationship(&form(&[("relationship", "neighbour")])).map_err(errors)?,
        ),
        contact_details: Some(
            report::parse_contact_details(&form(&[
                ("full_name", "Sam Jones"),
                ("email", "sam@example.com"),
                ("safe_to_email", "yes"),
            ]))
            .map_err(errors)?,
        ),
        impact: Some(
            report::parse_impact(&form(&[("affecting", "no"), ("reported_before", "no")]))
                .map_err(errors)?,
        ),
        ..Draft::default()
    };
    let items = draft.consent_items(&rules);
    let answers: Vec<(&str, &str)> = items.iter().map(|i| (i.field(), "yes")).collect();
    draft.consent = report::parse_consent(&form(&answers), &items).map_err(errors)?;
    draft.reached_check = true;
    anyhow::ensure!(
        asb_portal::journey::is_complete::<asb_portal::journey::report::ReportJourney>(
            config, &draft
        ),
        "the benchmark draft is incomplete"
    );
    Ok(draft)
}

async fn seed(database_url: &str, count: usize, ids_file: &str) -> anyhow::Result<()> {
    let config = Config::default();
    let db = storage::connect(database_url).await?;
    let answers = serde_json::to_string(&typical_draft(&config)?)?;
    let now = Utc::now();
    let mut ids = String::new();
    // Through the portal's own storage, so the same seed serves SQLite and PostgreSQL: each
    // draft is created and saved once, as a person's would be (version 1).
    let mut pending = Vec::new();
    for n in 0..count {
        let id = format!(
            "{:032x}",
            0xbe7c_0000_0000_0000_0000_0000_0000_0000u128 + n as u128
        );
        // A different person each time, so no report finds earlier ones by the same person.
        let mine: Draft = serde_json::from_str(
            &answers.replace("sam@example.com", &format!("sam{n}@example.com")),
        )?;
        // Each line: the cookie's id and the CSRF token its forms carry.
        ids.push_str(&id);
        ids.push(' ');
        ids.push_str(&asb_portal::server::security::csrf_token(&id));
        ids.push('\n');
        let db = db.clone();
        pending.push(async move {
            storage::create_draft::<Draft>(&db, &id, now).await?;
            storage::save_draft(&db, &id, &mine, now).await
        });
        if pending.len() == 256 || n + 1 == count {
            for saved in futures::future::join_all(pending.drain(..)).await {
                anyhow::ensure!(saved?, "a seeded draft was not saved");
            }
        }
    }
    std::fs::write(ids_file, ids)?;
    println!("seeded {count} drafts into {database_url}");
    Ok(())
}

struct Bare {
    db: storage::Db,
    template: NewReport,
    group_commit: bool,
}

async fn bare_submit(
    axum::extract::State(bare): axum::extract::State<Arc<Bare>>,
    headers: HeaderMap,
) -> Response {
    let Some(draft_id) = headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|p| p.trim().strip_prefix("asb_draft="))
        })
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut report = bare.template.clone();
    let reference = submit::new_reference().as_str().to_string();
    // Message-IDs are unique per report, as the portal's are.
    for email in &mut report.emails {
        email.message_id = email.message_id.replace(
            &bare.template.reference.to_lowercase(),
            &reference.to_lowercase(),
        );
    }
    report.draft_id = draft_id.to_string();
    report.reference = reference;
    report.submitted_at = Utc::now();
    // Seeded drafts are at version 1 (created, then saved once), as the portal's submit is
    // told by the form.
    let committed = if bare.group_commit {
        storage::commit_report(&bare.db, &report, 1).await
    } else {
        storage::commit_report_alone(&bare.db, &report, 1).await
    };
    match committed {
        Ok(_) => Redirect::to("/report/confirmation").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn serve(database_url: &str, addr: &str, group_commit: bool) -> anyhow::Result<()> {
    let config = Config::default();
    let db = storage::connect(database_url).await?;
    let draft = typical_draft(&config)?;
    let template = asb_portal::domain::submission::plan_submission(
        &submit::rules(&config),
        "template",
        &draft,
        Utc::now(),
        &asb_portal::domain::submission::EarlierPortalReports::default(),
        submit::new_reference(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let app = Router::new()
        .route("/report/submit", post(bare_submit))
        .with_state(Arc::new(Bare {
            db,
            template,
            group_commit,
        }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("bare submit handler on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// One open connection to the server under load, kept alive between requests.
type Connection = tokio::net::TcpStream;

/// POSTs one final submit on a kept-alive connection (or a new one) and reads the answer;
/// whether it was the 303 to the confirmation. A connection whose answer could not be read
/// whole is dropped, not reused.
async fn submit_once(
    addr: &str,
    idle: &std::sync::Mutex<Vec<Connection>>,
    draft_id: &str,
    token: &str,
) -> anyhow::Result<bool> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let kept = idle.lock().expect("idle connections").pop();
    let mut conn = match kept {
        Some(conn) => conn,
        None => {
            let conn = Connection::connect(addr).await?;
            conn.set_nodelay(true)?;
            conn
        }
    };
    let body = format!("version=1&csrf={token}");
    let request = format!(
        "POST /report/submit HTTP/1.1\r\nHost: {addr}\r\nCookie: asb_draft={draft_id}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(request.as_bytes()).await?;
    // The head, then as much body as it announces (a redirect has none).
    let mut answer = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        let n = conn.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "the server closed the connection");
        answer.extend_from_slice(&chunk[..n]);
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&answer[..head_end]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).unwrap_or("");
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("an answer without a length"))?;
    while answer.len() < head_end + length {
        let n = conn.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "the server closed the connection");
        answer.extend_from_slice(&chunk[..n]);
    }
    if !head.contains("connection: close") {
        idle.lock().expect("idle connections").push(conn);
    }
    Ok(status == "303")
}

/// Open loop: RATE final submits a second for SECONDS, each sent at its scheduled time
/// whatever the server is doing, each with a draft of its own from IDS_FILE; latency is
/// counted from the scheduled time, so a server that falls behind cannot hide its queue.
/// Written in Rust on the portal's runtime so that the load generator itself, sharing the
/// machine's two cores, costs as little as `wrk` does (a Python one took a core at 1,000/s).
async fn open_loop(base: &str, ids_file: &str, rate: f64, seconds: f64) -> anyhow::Result<()> {
    use std::time::{Duration, Instant};
    let addr = base
        .strip_prefix("http://")
        .ok_or_else(|| anyhow::anyhow!("BASE_URL must be http://host:port"))?
        .trim_end_matches('/')
        .to_string();
    let ids: Vec<(String, String)> = std::fs::read_to_string(ids_file)?
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(id, token)| (id.to_string(), token.to_string()))
        .collect();
    let total = (rate * seconds) as usize;
    anyhow::ensure!(
        total <= ids.len(),
        "need {total} draft ids, have {}",
        ids.len()
    );
    let idle = Arc::new(std::sync::Mutex::new(Vec::new()));
    let start = Instant::now() + Duration::from_millis(200);
    let mut requests = tokio::task::JoinSet::new();
    for (n, (draft_id, token)) in ids.into_iter().take(total).enumerate() {
        let scheduled = start + Duration::from_secs_f64(n as f64 / rate);
        tokio::time::sleep_until(scheduled.into()).await;
        let (addr, idle) = (addr.clone(), idle.clone());
        requests.spawn(async move {
            let answered = submit_once(&addr, &idle, &draft_id, &token).await;
            (matches!(answered, Ok(true)), scheduled.elapsed())
        });
    }
    let mut latencies = Vec::with_capacity(total);
    let mut failures = 0;
    while let Some(done) = requests.join_next().await {
        match done? {
            (true, latency) => latencies.push(latency),
            (false, _) => failures += 1,
        }
    }
    anyhow::ensure!(!latencies.is_empty(), "no request succeeded");
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct =
        |p: f64| ms(latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)]);
    println!(
        "RESULT rate={rate:.0}/s requests={} failures={failures} p50_ms={:.1} p99_ms={:.1} max_ms={:.1}",
        latencies.len(),
        pct(0.50),
        pct(0.99),
        ms(*latencies.last().expect("one latency at least")),
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [_, "seed", url, count, ids] => seed(url, count.parse()?, ids).await,
        [_, "serve", url, addr] => serve(url, addr, false).await,
        [_, "serve", url, addr, "alone"] => serve(url, addr, false).await,
        [_, "serve", url, addr, "group"] => serve(url, addr, true).await,
        [_, "rate", base, ids, rate, seconds] => {
            open_loop(base, ids, rate.parse()?, seconds.parse()?).await
        }
        _ => {
            eprintln!(
                "usage: asb-bench-bare seed DATABASE_URL COUNT IDS_FILE | \
                 serve DATABASE_URL ADDR [alone|group] | rate BASE_URL IDS_FILE RATE SECONDS"
            );
            std::process::exit(2);
        }
    }
}
