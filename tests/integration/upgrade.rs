//! A database made by an earlier release is brought up to date when the portal starts, with
//! every report, consent, route, email and draft kept, and the database then refuses values
//! outside their closed sets.

use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;

use crate::support::*;

/// The schema as the release before the checks left it (every migration before them).
async fn database_of_the_previous_release(path: &std::path::Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    let mut migrator = Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/sqlite"
    )))
    .await
    .unwrap();
    let before_checks: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version < 20261201000003)
        .cloned()
        .collect();
    migrator.migrations = before_checks.into();
    migrator.run(&pool).await.unwrap();
    pool
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_of_the_previous_release_is_upgraded_with_its_reports_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("asb-portal.db");
    let old = database_of_the_previous_release(&path).await;
    let now = "2026-12-01T10:00:00.000Z";
    let report_id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (reference, draft_id, category, asb_type, incident_date, ongoing, \
         frequency, description, anonymous, affecting, reported_before, assessed, score, band, \
         urgent, second_report, channel, submitted_at) VALUES ('ASB-7KQ4-M2XD', 'd1', 'noise', \
         'nuisance', '2026-11-30', 1, 'weekly', 'Loud music', 0, 1, 0, 1, 12, 'medium', 0, 0, \
         'self_service', $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&old)
    .await
    .unwrap();
    for sql in [
        "INSERT INTO consents (report_id, item, given, wording_version, recorded_at, channel, \
         recorded_by) VALUES (?1, 'share', 1, 'share-2026-11', '2026-12-01', 'self_service', 'resident')",
        "INSERT INTO routing_decisions (report_id, route, rule, reason, held, decided_at) \
         VALUES (?1, 'triage', 'triage_always', 'Every report', 0, '2026-12-01')",
        "INSERT INTO assessment_answers VALUES (?1, 'unsafe_home', 'yes', 6)",
        "INSERT INTO outbox (report_id, kind, route, message_id, recipients, subject, body, \
         status, attempts, next_attempt_at, created_at) VALUES (?1, 'referral', 'triage', \
         '<asb-7kq4-m2xd.triage@x>', '[\"asb-triage@council.example\"]', 'ASB referral', 'Body', \
         'pending', 0, '2026-12-01', '2026-12-01')",
    ] {
        sqlx::query(sql).bind(report_id).execute(&old).await.unwrap();
    }
    // Touched just now, so the portal's clean-up of old drafts keeps it.
    let just_now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sqlx::query(
        "INSERT INTO drafts (id, answers, created_at, updated_at, report_id) \
         VALUES ('0123456789abcdef0123456789abcdef', '{}', ?1, ?1, ?2)",
    )
    .bind(just_now)
    .bind(report_id)
    .execute(&old)
    .await
    .unwrap();
    old.close().await;

    // The portal starts on it: the remaining migrations run, and its worker sends the email.
    let sink = SmtpSink::started();
    let config = smtp_config(sink.port);
    // An earlier release's database is a SQLite file, whichever database the run is on.
    let url = format!("sqlite://{}", path.display());
    let portal = Portal::start_on(dir, &url, config, Some(sink)).await;
    let row = portal.report("ASB-7KQ4-M2XD").await;
    assert_eq!(row.id, report_id);
    for (table, expected) in [
        ("consents", 1),
        ("routing_decisions", 1),
        ("assessment_answers", 1),
        ("drafts", 1),
        ("outbox", 1),
    ] {
        assert_eq!(
            portal.count(table).await,
            expected,
            "{table} after the upgrade"
        );
    }
    let mail = portal.sink().wait_for_messages(1).await;
    assert_eq!(mail[0].subject, "ASB referral");

    // Now the database itself refuses what the code never writes.
    assert_refuses_values_outside_their_sets(&portal).await;
}

/// The database itself refuses what the code never writes; each statement would change a
/// stored report's rows, and each is refused with them unchanged.
async fn assert_refuses_values_outside_their_sets(portal: &Portal) {
    for (what, sql) in [
        ("a channel", "UPDATE reports SET channel = 'carrier_pigeon'"),
        ("a band", "UPDATE reports SET band = 'severe'"),
        ("a consent item", "UPDATE consents SET item = 'everything'"),
        ("an outbox state", "UPDATE outbox SET status = 'lost'"),
        (
            "an orphan consent",
            "INSERT INTO consents (report_id, item, given, wording_version, \
          recorded_at, channel, recorded_by) \
          VALUES (999, 'share', TRUE, 'v', CURRENT_TIMESTAMP, 'self_service', 'x')",
        ),
        (
            "a score below zero",
            "UPDATE reports SET score = -1 WHERE score IS NOT NULL",
        ),
        (
            "recipients that are not a list",
            "UPDATE outbox SET recipients = '\"x\"'",
        ),
    ] {
        let refused = on_db!(portal.db(), |db| sqlx::query(sql)
            .execute(db)
            .await
            .map(|_| ()));
        assert!(refused.is_err(), "{what} outside its set was accepted");
    }
}

/// The same checks on a database the portal made itself, on whichever database the run is on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_database_refuses_values_outside_their_sets() {
    let portal = Portal::with_mail_files().await;
    let confirmation = portal
        .browser()
        .report(&Answers::high_risk(RESIDENT.email))
        .await;
    assert_refuses_values_outside_their_sets(&portal).await;
    let report = portal.report(&confirmation.reference()).await;
    assert_eq!(
        (report.channel.as_str(), report.band.as_deref()),
        ("self_service", Some("high")),
        "the refused changes left the report as it was"
    );
}
