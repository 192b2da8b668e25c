// The SQL of drafts, reports and the outbox, written once for both databases: this file is
// included into `storage::sqlite` and `storage::postgres`, each of which names its `Backend`,
// `Conn`, `Handle`, `Stamp` (how a time is bound), `at`, and the few statements that differ
// (`lock_draft`, `ids_in_json`, `SKIP_LOCKED`). Parameters are numbered (`$1`), which both read.

// Drafts

pub async fn create_draft<D: DraftAnswers>(
    db: &Handle,
    id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let answers = serde_json::to_string(&D::default())?;
    let (id, journey, format_version) = (draft_key(id), D::JOURNEY, D::FORMAT_VERSION);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO drafts (id, answers, created_at, updated_at, journey, format_version) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(answers)
            .bind(at(now))
            .bind(at(now))
            .bind(journey)
            .bind(format_version)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// Finds a draft. One that cannot be decoded is `Unreadable`; the decoding error is dropped
/// here, because its text can quote the answers.
pub async fn load_draft<D: DraftAnswers>(
    db: &Handle,
    id: &str,
) -> anyhow::Result<Option<FoundDraft<D>>> {
    // The column name is the draft type's constant, never input.
    let row: Option<DraftRow> = sqlx::query_as(&format!(
        "SELECT answers, {} AS submitted_id, version, journey, format_version FROM drafts \
         WHERE id = $1",
        D::SUBMITTED_COLUMN
    ))
    .bind(draft_key(id))
    .fetch_optional(db.pool())
    .await?;
    // Another journey's draft is not this journey's: it is left alone, as if there were none.
    let Some(row) = row.filter(|row| row.journey == D::JOURNEY) else {
        return Ok(None);
    };
    let understood = row.format_version <= D::FORMAT_VERSION;
    Ok(Some(match serde_json::from_str::<D>(&row.answers) {
        Ok(draft) if understood => FoundDraft::Readable(Box::new(StoredDraft {
            draft,
            submitted_id: row.submitted_id,
            version: row.version,
        })),
        _ => FoundDraft::Unreadable,
    }))
}

/// Saves answers, unless the draft was already submitted (a submitted report is final).
pub async fn save_draft<D: DraftAnswers>(
    db: &Handle,
    id: &str,
    draft: &D,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let answers = serde_json::to_string(draft)?;
    // The column name is the draft type's constant, never input.
    let sql = format!(
        "UPDATE drafts SET answers = $1, updated_at = $2, version = version + 1, format_version = $3 \
         WHERE id = $4 AND {} IS NULL",
        D::SUBMITTED_COLUMN
    );
    let (id, format_version) = (draft_key(id), D::FORMAT_VERSION);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let result = sqlx::query(&sql)
                .bind(answers)
                .bind(at(now))
                .bind(format_version)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(result.rows_affected() == 1)
        })
    }))
    .await
}

pub async fn delete_draft(db: &Handle, id: &str) -> anyhow::Result<()> {
    let id = draft_key(id);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("DELETE FROM drafts WHERE id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

/// Deletes drafts untouched since `before`, and submitted ones since `submitted_before`:
/// answers are not kept longer than the person needs them (the report holds what was sent).
pub async fn purge_drafts(
    db: &Handle,
    before: DateTime<Utc>,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<u64> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let result = sqlx::query(
                "DELETE FROM drafts WHERE updated_at < $1 \
                 OR ((report_id IS NOT NULL OR case_review_id IS NOT NULL) AND updated_at < $2)",
            )
            .bind(at(before))
            .bind(at(submitted_before))
            .execute(&mut *conn)
            .await?;
            Ok(result.rows_affected())
        })
    }))
    .await
}

// Reports

/// The final submit's statements, shared by the sqlx code here and SQLite's in-place writer
/// (`sqlite::direct`), which binds the same values in the same order.
///
/// The three checks in one statement: each statement is a round trip to SQLite's thread.
const SUBMIT_CHECKS: &str = "SELECT (SELECT id FROM reports WHERE draft_id = $1), \
    (SELECT version FROM drafts WHERE id = $2), \
    EXISTS (SELECT 1 FROM reports WHERE reference = $3)";
const INSERT_REPORT: &str = "INSERT INTO reports (reference, draft_id, category, asb_type, \
    postcode, address, place_description, area, incident_date, ongoing, frequency, description, \
    people_involved, anonymous, full_name, email, email_key, phone, phone_key, safe_to_email, \
    safe_to_voicemail, contact_times, affecting, reported_before, reported_to, assessed, score, \
    band, urgent, second_report, relationship, reporting_for, proven_earlier_reports, \
    possibly_related, channel, submitted_at, confirmation) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
    $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37) \
    RETURNING id";
const INSERT_PERSON_AFFECTED: &str = "INSERT INTO people_affected (report_id, name, \
    reporter_role, agreement, contact_them, email, phone, safe_to_email, safe_to_voicemail, \
    contact_times) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const INSERT_ANSWERS: &str = "INSERT INTO assessment_answers (report_id, question_id, answer, score) ";
const INSERT_CONSENTS: &str = "INSERT INTO consents (report_id, item, given, wording_version, \
    recorded_at, channel, recorded_by) ";
const INSERT_ROUTES: &str =
    "INSERT INTO routing_decisions (report_id, route, rule, reason, held, decided_at) ";
const INSERT_OUTBOX: &str = "INSERT INTO outbox (report_id, case_review_id, kind, route, \
    message_id, recipients, subject, body, status, attempts, next_attempt_at, created_at) ";
/// The draft keeps nothing once submitted: the confirmation is read from the report.
const MARK_DRAFT_SUBMITTED: &str =
    "UPDATE drafts SET report_id = $1, answers = $2, updated_at = $3 WHERE id = $4";

async fn commit_report_on(
    conn: &mut Conn,
    report: &NewReport,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let draft = draft_key(&report.draft_id);
    // Two submits of one draft (a double click, two instances) take their turn on its row.
    lock_draft(conn, &draft).await?;
    // The three checks in one statement: each statement is a round trip to SQLite's thread,
    // and the writer runs every submit's statements one after another.
    let (existing, version, taken): (Option<i64>, Option<i64>, bool) = sqlx::query_as(SUBMIT_CHECKS)
    .bind(&draft)
    .bind(&draft)
    .bind(&report.reference)
    .fetch_one(&mut *conn)
    .await?;
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
    let report_id: i64 = sqlx::query_scalar(INSERT_REPORT)
    .bind(&report.reference)
    .bind(&draft)
    .bind(&report.category)
    .bind(&report.asb_type)
    .bind(&report.postcode)
    .bind(&report.address)
    .bind(&report.place_description)
    .bind(&report.area)
    .bind(report.incident_date)
    .bind(report.ongoing)
    .bind(&report.frequency)
    .bind(&report.description)
    .bind(&report.people_involved)
    .bind(report.anonymous)
    .bind(&report.full_name)
    .bind(&report.email)
    .bind(&report.email_key)
    .bind(&report.phone)
    .bind(&report.phone_key)
    .bind(report.safe_to_email)
    .bind(report.safe_to_voicemail)
    .bind(&report.contact_times)
    .bind(report.affecting)
    .bind(report.reported_before)
    .bind(
        report
            .reported_to
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?,
    )
    .bind(report.assessed)
    .bind(report.score.map(i64::from))
    .bind(report.band.map(|b| b.as_str()))
    .bind(report.urgent)
    .bind(report.second_report)
    .bind(&report.relationship)
    .bind(&report.reporting_for)
    .bind(serde_json::to_string(&report.proven_earlier_reports)?)
    .bind(report.possibly_related)
    .bind(report.channel.as_str())
    .bind(&submitted_at)
    .bind(serde_json::to_string(&report.confirmation)?)
    .fetch_one(&mut *conn)
    .await?;

    if let Some(person) = &report.person_affected {
        sqlx::query(INSERT_PERSON_AFFECTED)
        .bind(report_id)
        .bind(&person.name)
        .bind(&person.reporter_role)
        .bind(&person.agreement)
        .bind(person.contact_them)
        .bind(&person.email)
        .bind(&person.phone)
        .bind(person.safe_to_email)
        .bind(person.safe_to_voicemail)
        .bind(&person.contact_times)
        .execute(&mut *conn)
        .await?;
    }
    // Each table's rows in one statement (one round trip, however many rows).
    if !report.answers.is_empty() {
        let mut insert = sqlx::QueryBuilder::<Backend>::new(INSERT_ANSWERS);
        insert.push_values(&report.answers, |mut row, answer| {
            row.push_bind(report_id)
                .push_bind(&answer.question_id)
                .push_bind(&answer.answer)
                .push_bind(i64::from(answer.score));
        });
        insert.build().execute(&mut *conn).await?;
    }
    if !report.consents.is_empty() {
        let mut insert = sqlx::QueryBuilder::<Backend>::new(INSERT_CONSENTS);
        insert.push_values(&report.consents, |mut row, consent| {
            row.push_bind(report_id)
                .push_bind(&consent.item)
                .push_bind(consent.given)
                .push_bind(&consent.wording_version)
                .push_bind(&submitted_at)
                .push_bind(consent.channel.as_str())
                .push_bind(&consent.recorded_by);
        });
        insert.build().execute(&mut *conn).await?;
    }
    if !report.routes.is_empty() {
        let mut insert = sqlx::QueryBuilder::<Backend>::new(INSERT_ROUTES);
        insert.push_values(&report.routes, |mut row, decision| {
            row.push_bind(report_id)
                .push_bind(&decision.route)
                .push_bind(&decision.rule)
                .push_bind(&decision.reason)
                .push_bind(decision.held)
                .push_bind(&submitted_at);
        });
        insert.build().execute(&mut *conn).await?;
    }
    queue_emails(
        conn,
        MailOf::Report(report_id),
        &report.emails,
        &submitted_at,
    )
    .await?;
    sqlx::query(MARK_DRAFT_SUBMITTED)
        .bind(report_id)
        .bind(serde_json::to_string(&Draft::default())?)
        .bind(&submitted_at)
        .bind(&draft)
        .execute(&mut *conn)
        .await?;
    Ok(CommitOutcome::Committed { id: report_id })
}

/// Queues emails in the outbox inside the submit's transaction, so a submit and its mail are
/// committed together or not at all.
pub(crate) async fn queue_emails(
    conn: &mut Conn,
    about: MailOf,
    emails: &[crate::domain::submission::NewEmail],
    now: &Stamp,
) -> anyhow::Result<()> {
    let (report_id, case_review_id) = match about {
        MailOf::Report(id) => (Some(id), None),
        MailOf::CaseReview(id) => (None, Some(id)),
    };
    if emails.is_empty() {
        return Ok(());
    }
    let recipients = emails
        .iter()
        .map(|e| serde_json::to_string(&e.recipients))
        .collect::<Result<Vec<_>, _>>()?;
    // All of them in one statement: one round trip to SQLite's thread.
    let mut insert = sqlx::QueryBuilder::<Backend>::new(INSERT_OUTBOX);
    insert.push_values(emails.iter().zip(&recipients), |mut row, (email, to)| {
        row.push_bind(report_id)
            .push_bind(case_review_id)
            .push_bind(email.kind.as_str())
            .push_bind(&email.route)
            .push_bind(&email.message_id)
            .push_bind(to)
            .push_bind(&email.subject)
            .push_bind(&email.body)
            .push_bind("pending")
            .push_bind(0_i64)
            .push_bind(now)
            .push_bind(now);
    });
    insert.build().execute(&mut *conn).await?;
    Ok(())
}

/// What the confirmation page tells the person, as stored with their report. `None` for a
/// report stored before the portal kept it (or one that does not exist).
pub async fn confirmation(db: &Handle, report_id: i64) -> anyhow::Result<Option<ConfirmationFacts>> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT confirmation FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_optional(db.pool())
            .await?;
    match stored.flatten() {
        Some(json) => Ok(Some(serde_json::from_str(&json)?)),
        None => Ok(None),
    }
}

/// Dates of the same person's earlier, named reports since `since`, matched on normalised
/// email or phone.
pub async fn earlier_report_dates(
    db: &Handle,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<NaiveDate>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(Vec::new());
    }
    let rows = named_reports_with_contact(db, email_key, phone_key, since).await?;
    Ok(rows.into_iter().map(|r| uk_date(r.submitted_at)).collect())
}

/// Named reports since `since` made with this normalised email or with this phone, oldest
/// first, each once. One query per key, each on its own index: a single query with an OR over
/// both let SQLite skip-scan the phone index (mostly empty phones) across every report since
/// `since`, 80 ms at a million reports (`bench/run.sh`, 2026-12-02).
pub(crate) async fn named_reports_with_contact(
    db: &Handle,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<ContactMatch>> {
    let since = at(since);
    let mut found: Vec<ContactMatch> = Vec::new();
    for (column, key) in [("email_key", email_key), ("phone_key", phone_key)] {
        let Some(key) = key else { continue };
        let rows: Vec<ContactMatch> = sqlx::query_as(&format!(
            "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
             WHERE {column} = $1 AND submitted_at >= $2 AND NOT anonymous"
        ))
        .bind(key)
        .bind(&since)
        .fetch_all(db.pool())
        .await?;
        found.extend(rows);
    }
    found.sort_by_key(|r| (r.submitted_at, r.id));
    found.dedup_by_key(|r| r.id);
    Ok(found)
}

/// The dates of those of these reports that were made with a name (an anonymous report is
/// never linked to a person): the reports made earlier from the same browser.
pub async fn named_report_dates(db: &Handle, ids: &[i64]) -> anyhow::Result<Vec<(i64, NaiveDate)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, DateTime<Utc>)> = sqlx::query_as(&format!(
        "SELECT id, submitted_at FROM reports WHERE NOT anonymous AND id IN ({})",
        ids_in_json("$1")
    ))
    .bind(serde_json::to_string(ids)?)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, at)| (id, uk_date(at))).collect())
}

/// A submitted report and the earlier ones proven to be the same person's: what a new report
/// started from its session carries forward as made from the same browser.
pub async fn report_and_proven_earlier(db: &Handle, report_id: i64) -> anyhow::Result<Vec<i64>> {
    let earlier: Option<String> =
        sqlx::query_scalar("SELECT proven_earlier_reports FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_optional(db.pool())
            .await?;
    let Some(earlier) = earlier else {
        return Ok(Vec::new());
    };
    let mut ids: Vec<i64> = serde_json::from_str(&earlier)?;
    ids.insert(0, report_id);
    Ok(ids)
}

// Outbox

/// Claims up to `limit` messages that are due, or whose last claim ran out (its worker died
/// mid-send), for `lease`: they are marked `sending` so no other worker, in this process or
/// another on the same database, takes them meanwhile.
pub async fn claim_due_messages(
    db: &Handle,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    let now_at = at(now);
    let until = at(now + lease);
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let claimed: Vec<ClaimedRow> = sqlx::query_as(&format!(
                "UPDATE outbox SET status = 'sending', lease_until = $1 WHERE id IN ( \
           SELECT id FROM outbox \
           WHERE (status = 'pending' AND next_attempt_at <= $2) \
              OR (status = 'sending' AND lease_until <= $3) \
           ORDER BY id LIMIT $4 {SKIP_LOCKED}) \
         RETURNING id, message_id, recipients, subject, body, attempts"
            ))
            .bind(until)
            .bind(&now_at)
            .bind(&now_at)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
            claimed.into_iter().map(OutboxMessage::try_from).collect()
        })
    }))
    .await
}

/// Marks a delivered message sent (`mark_sent` in each backend; on SQLite in place, as the
/// worker marks every message it delivers).
const MARK_SENT: &str = "UPDATE outbox SET status = 'sent', attempts = attempts + 1, \
    sent_at = $1, last_error = NULL, lease_until = NULL WHERE id = $2";

/// Records a failed attempt: either schedules the next one or, after the last, marks it dead.
pub async fn mark_failed(
    db: &Handle,
    id: i64,
    error: &str,
    next_attempt: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let (status, next) = match next_attempt {
        Some(next) => (OutboxStatus::Pending, at(next)),
        None => (OutboxStatus::Dead, at(Utc::now())),
    };
    let error = error.to_string();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "UPDATE outbox SET status = $1, attempts = attempts + 1, last_error = $2, \
                 next_attempt_at = $3, lease_until = NULL WHERE id = $4",
            )
            .bind(status.as_str())
            .bind(error)
            .bind(next)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// Hands claimed messages back unsent (at shutdown), so the next worker takes them at once.
pub async fn release_claims(db: &Handle, ids: &[i64]) -> anyhow::Result<()> {
    let ids = ids.to_vec();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            for id in ids {
                sqlx::query(
                    "UPDATE outbox SET status = 'pending', lease_until = NULL \
                     WHERE id = $1 AND status = 'sending'",
                )
                .bind(id)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })
    }))
    .await
}

/// Whether the database answers, for `/health`.
pub async fn ping(db: &Handle) -> anyhow::Result<()> {
    sqlx::query("SELECT 1").execute(db.pool()).await?;
    Ok(())
}
