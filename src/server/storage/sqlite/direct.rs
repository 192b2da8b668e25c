//! The final submit on SQLite, run in place by the writer (`writer::Direct`): the same
//! statements as `commit_report_on` (the shared SQL text in `sql/reports.rs`), bound with the
//! same values in the same order, but executed on the writer's own handle, so a batch of
//! submits is handed to SQLite once instead of statement by statement. It runs inside the
//! batch's transaction, under the writer's savepoint.

use std::sync::LazyLock;

use rusqlite::{params, Connection};

use super::{
    at, draft_key, CommitOutcome, Draft, NewReport, INSERT_ANSWERS, INSERT_CONSENTS, INSERT_OUTBOX,
    INSERT_PERSON_AFFECTED, INSERT_REPORT, INSERT_ROUTES, MARK_DRAFT_SUBMITTED, SUBMIT_CHECKS,
};

/// One row's `VALUES` for an insert of several rows (here one statement per row, each cheap
/// in place: no round trip to pay for).
fn one_row(insert: &str, columns: usize) -> String {
    let placeholders: Vec<String> = (1..=columns).map(|n| format!("${n}")).collect();
    format!("{insert}VALUES ({})", placeholders.join(", "))
}

static INSERT_ANSWER: LazyLock<String> = LazyLock::new(|| one_row(INSERT_ANSWERS, 4));
static INSERT_CONSENT: LazyLock<String> = LazyLock::new(|| one_row(INSERT_CONSENTS, 7));
static INSERT_ROUTE: LazyLock<String> = LazyLock::new(|| one_row(INSERT_ROUTES, 6));
static INSERT_EMAIL: LazyLock<String> = LazyLock::new(|| one_row(INSERT_OUTBOX, 12));

pub(super) fn commit_report(
    conn: &Connection,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let draft = draft_key(&report.draft_id);
    // The writer holds SQLite's one write lock for the whole batch: no draft lock to take.
    let (existing, version, taken): (Option<i64>, Option<i64>, bool) = conn
        .prepare_cached(SUBMIT_CHECKS)?
        .query_row(params![draft, draft, report.reference], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    if let Some(id) = existing {
        return Ok(CommitOutcome::AlreadySubmitted { id });
    }
    if version != Some(checked_version) {
        return Ok(CommitOutcome::DraftChanged);
    }
    if taken {
        return Ok(CommitOutcome::ReferenceTaken);
    }
    let submitted_at = at(report.submitted_at);
    let reported_to = report
        .reported_to
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let report_id: i64 = conn.prepare_cached(INSERT_REPORT)?.query_row(
        params![
            report.reference,
            draft,
            report.category,
            report.asb_type,
            report.postcode,
            report.address,
            report.place_description,
            report.area,
            report.incident_date,
            report.ongoing,
            report.frequency,
            report.description,
            report.people_involved,
            report.anonymous,
            report.full_name,
            report.email,
            report.email_key,
            report.phone,
            report.phone_key,
            report.safe_to_email,
            report.safe_to_voicemail,
            report.contact_times,
            report.affecting,
            report.reported_before,
            reported_to,
            report.assessed,
            report.score.map(i64::from),
            report.band.map(|b| b.as_str()),
            report.urgent,
            report.second_report,
            report.relationship,
            report.reporting_for,
            serde_json::to_string(&report.proven_earlier_reports)?,
            report.possibly_related,
            report.channel.as_str(),
            submitted_at,
            serde_json::to_string(&report.confirmation)?,
        ],
        |row| row.get(0),
    )?;
    if let Some(person) = &report.person_affected {
        conn.prepare_cached(INSERT_PERSON_AFFECTED)?
            .execute(params![
                report_id,
                person.name,
                person.reporter_role,
                person.agreement,
                person.contact_them,
                person.email,
                person.phone,
                person.safe_to_email,
                person.safe_to_voicemail,
                person.contact_times,
            ])?;
    }
    let mut insert = conn.prepare_cached(&INSERT_ANSWER)?;
    for answer in &report.answers {
        insert.execute(params![
            report_id,
            answer.question_id,
            answer.answer,
            i64::from(answer.score)
        ])?;
    }
    let mut insert = conn.prepare_cached(&INSERT_CONSENT)?;
    for consent in &report.consents {
        insert.execute(params![
            report_id,
            consent.item,
            consent.given,
            consent.wording_version,
            submitted_at,
            consent.channel.as_str(),
            consent.recorded_by,
        ])?;
    }
    let mut insert = conn.prepare_cached(&INSERT_ROUTE)?;
    for decision in &report.routes {
        insert.execute(params![
            report_id,
            decision.route,
            decision.rule,
            decision.reason,
            decision.held,
            submitted_at,
        ])?;
    }
    let mut insert = conn.prepare_cached(&INSERT_EMAIL)?;
    for email in &report.emails {
        insert.execute(params![
            report_id,
            Option::<i64>::None,
            email.kind.as_str(),
            email.route,
            email.message_id,
            serde_json::to_string(&email.recipients)?,
            email.subject,
            email.body,
            "pending",
            0_i64,
            submitted_at,
            submitted_at,
        ])?;
    }
    conn.prepare_cached(MARK_DRAFT_SUBMITTED)?.execute(params![
        report_id,
        serde_json::to_string(&Draft::default())?,
        submitted_at,
        draft,
    ])?;
    Ok(CommitOutcome::Committed { id: report_id })
}
