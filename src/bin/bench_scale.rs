//! Benchmark helper (not part of the portal): how the ASB Case Review scales with a large
//! council's ten years of records.
//!
//! `asb-bench-scale seed DATABASE_URL REPORTS APPLICATIONS` migrates a new database and fills it
//! with REPORTS named portal reports (100,000 people, spread over ten years) and APPLICATIONS
//! case review applications (most decided, many reviewed), plus three recent reports by the
//! applicant whose check is timed.
//!
//! `asb-bench-scale threshold DATABASE_URL RUNS` times one application's threshold check as
//! submit runs it, RUNS times: finding the portal reports it rests on (three references typed
//! with their email) and those that only share its email, then the engine's plan; once with
//! the community threshold off (the default) and once on. Prints a RESULT line for each, with
//! the median and the slowest run.
//!
//! The figures page, its CSV and JSON are timed over HTTP by `bench/run.sh` against the portal
//! serving the seeded database.

use std::time::{Duration, Instant};

use chrono::Utc;

use asb_portal::domain::case_review::application::{
    parse_impact, Applicant, Application, ClaimedReport, ImpactForm, TakingPart,
};
use asb_portal::domain::fields::ContactEmail;
use asb_portal::domain::flow::PostedForm;
use asb_portal::domain::reference::Reference;
use asb_portal::domain::report::{parse_contact_details, ContactDetailsForm};
use asb_portal::server::case_review::{plan, portal_reports_for};
use asb_portal::server::config::Config;
use asb_portal::server::storage;

const APPLICANT_EMAIL: &str = "bench.applicant@example.test";

fn typed<T: serde::de::DeserializeOwned + Default>(pairs: &[(&str, &str)]) -> T {
    let pairs = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    PostedForm::new(pairs).typed()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("seed") if args.len() == 5 => seed(&args[2], args[3].parse()?, args[4].parse()?).await,
        Some("threshold") if args.len() == 4 => threshold(&args[2], args[3].parse()?).await,
        _ => {
            eprintln!(
                "usage: asb-bench-scale seed DATABASE_URL REPORTS APPLICATIONS\n       \
                 asb-bench-scale threshold DATABASE_URL RUNS"
            );
            std::process::exit(2)
        }
    }
}

/// The time stored in `submitted_at` for `days` days before now, as SQL.
const DAYS_AGO: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 3650) || ' days', \
                        '-' || (i % 86400) || ' seconds')";

async fn seed(url: &str, reports: u64, applications: u64) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = storage::connect(url).await?;
    // Seeded with SQLite's own SQL (a recursive CTE, strftime): a SQLite file only.
    let pool = db
        .sqlite_pool()
        .ok_or_else(|| anyhow::anyhow!("asb-bench-scale seeds a SQLite database only"))?;
    let mut tx = pool.begin().await?;
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) \
         INSERT INTO reports (reference, draft_id, category, asb_type, postcode, address, area, \
         incident_date, ongoing, frequency, description, anonymous, full_name, email, email_key, \
         safe_to_email, affecting, reported_before, assessed, urgent, second_report, channel, \
         submitted_at) \
         SELECT printf('ASB-%04d-%04d', i / 10000, i % 10000), 'bench-report-' || i, 'noise', \
         'nuisance', 'SW1A 1AA', '1 High Street', 'area-' || (i % 10), \
         date({DAYS_AGO}, '-2 days'), 1, 'weekly', \
         'Loud music late at night', 0, 'Bench Resident', \
         'person' || (i % 100000) || '@example.test', 'person' || (i % 100000) || '@example.test', \
         1, 0, 0, 0, 0, 0, 'self_service', {DAYS_AGO} FROM n"
    ))
    .bind(reports as i64)
    .execute(&mut *tx)
    .await?;
    // The applicant's own three reports, 10, 40 and 70 days ago.
    for (n, days) in [(1, 10), (2, 40), (3, 70)] {
        sqlx::query(
            "INSERT INTO reports (reference, draft_id, category, asb_type, postcode, address, \
             area, incident_date, ongoing, frequency, description, anonymous, full_name, email, \
             email_key, safe_to_email, affecting, reported_before, assessed, urgent, \
             second_report, channel, submitted_at) \
             VALUES (?, ?, 'noise', 'nuisance', 'SW1A 1AA', '1 High Street', 'area-0', \
             date('now', ?), 1, 'weekly', 'Loud music late at night', 0, 'Bench Applicant', \
             ?, ?, 1, 1, 1, 0, 0, 1, 'self_service', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))",
        )
        .bind(format!("ASB-APPL-000{n}"))
        .bind(format!("bench-applicant-{n}"))
        .bind(format!("-{} days", days + 1))
        .bind(APPLICANT_EMAIL)
        .bind(APPLICANT_EMAIL)
        .bind(format!("-{days} days"))
        .execute(&mut *tx)
        .await?;
    }
    // Applications: one in five decided "not met"; the rest older than a month met and
    // reviewed, half of those with recommendations; the last month's awaiting a decision.
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?), \
         a(i, at, old) AS (SELECT i, {DAYS_AGO}, (i % 3650) > 30 FROM n) \
         INSERT INTO case_reviews (reference, draft_id, applicant, full_name, email, email_key, \
         impact, hate, outcome_hoped, taking_part, consent_wording_version, threshold_outcome, \
         threshold_explanation, decision_by, meeting_by, outcome_by, submitted_at, confirmation, \
         decision, decided_at, review_held_at, recommendations_made) \
         SELECT printf('CR-%04d-%04d', i / 10000, i % 10000), 'bench-application-' || i, \
         'victim', 'Bench Applicant', 'person' || i || '@example.test', \
         'person' || i || '@example.test', 'Cannot sleep', 'no', 'That it stops', 'online', \
         'case-review-share-2026-12', 'met', '{{}}', date(at, '+14 days'), \
         date(at, '+42 days'), date(at, '+56 days'), at, '{{}}', \
         CASE WHEN NOT old THEN NULL WHEN i % 5 = 0 THEN 'threshold_not_met' \
              ELSE 'threshold_met' END, \
         CASE WHEN old THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+7 days') END, \
         CASE WHEN old AND i % 5 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+28 days') END, \
         CASE WHEN old AND i % 5 <> 0 THEN i % 2 END \
         FROM a"
    ))
    .bind(applications as i64)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    println!(
        "seeded {reports} reports and {applications} applications in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A complete application from the seeded applicant, naming their three reports.
fn application() -> anyhow::Result<Application> {
    let errors = |e: Vec<asb_portal::domain::fields::FieldError>| anyhow::anyhow!("{e:?}");
    let contact = parse_contact_details(&typed::<ContactDetailsForm>(&[
        ("full_name", "Bench Applicant"),
        ("email", APPLICANT_EMAIL),
        ("safe_to_email", "yes"),
    ]))
    .map_err(errors)?;
    let email = ContactEmail::parse(APPLICANT_EMAIL).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let claimed = (1..=3)
        .map(|n| ClaimedReport {
            reference: format!("ASB-APPL-000{n}"),
            email: Some(email.clone()),
            phone: None,
        })
        .collect();
    Ok(Application {
        applicant: Some(Applicant::Victim),
        contact_details: Some(contact),
        claimed_reports: Some(claimed),
        other_reports: Some(Vec::new()),
        impact: Some(
            parse_impact(&typed::<ImpactForm>(&[
                ("description", "I cannot sleep"),
                ("hate", "no"),
                ("outcome_hoped", "That it stops"),
            ]))
            .map_err(errors)?,
        ),
        taking_part: Some(TakingPart::Online),
        consent: Some(true),
        reached_check: true,
        ..Application::default()
    })
}

async fn threshold(url: &str, runs: usize) -> anyhow::Result<()> {
    let db = storage::connect(url).await?;
    let mut config = Config::default();
    timed_threshold(&db, &config, runs, "community-off").await?;
    // The optional community threshold also counts the people reporting noise in the area.
    config.case_review.community_reporters_needed = 5;
    timed_threshold(&db, &config, runs, "community-on").await
}

async fn timed_threshold(
    db: &storage::Db,
    config: &Config,
    runs: usize,
    name: &str,
) -> anyhow::Result<()> {
    let draft = application()?;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut finding: Vec<Duration> = Vec::with_capacity(runs);
    let mut outcome = String::new();
    for run in 0..runs.max(1) {
        let started = Instant::now();
        let now = Utc::now();
        let found = portal_reports_for(db, config, &draft, now).await?;
        finding.push(started.elapsed());
        let planned = plan(
            config,
            "bench-draft",
            &draft,
            now,
            &found,
            Reference::from_random_bytes("CR", (run as u64).to_le_bytes()),
        )
        .map_err(|_| anyhow::anyhow!("the bench application is not complete"))?;
        times.push(started.elapsed());
        outcome = planned.threshold.outcome.as_str().to_string();
    }
    times.sort();
    finding.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "RESULT threshold-check {name} outcome={outcome} median_ms={:.3} max_ms={:.3} \
         finding_reports_median_ms={:.3} runs={} (target < 50ms)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        ms(finding[finding.len() / 2]),
        times.len()
    );
    Ok(())
}
