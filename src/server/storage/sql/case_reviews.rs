// The SQL of ASB Case Review applications: the submit transaction, the confirmation, the
// portal reports an application rests on (proven) or may relate to (contact details only),
// and the records the statutory figures count. Included into each backend, as `reports.rs`.

/// The portal report an application was started from (its proof is the draft session), and
/// the earlier named reports proven to be the same person's when it was made.
pub async fn proven_reports(
    db: &Handle,
    report_id: i64,
    hate_categories: &[&str],
) -> anyhow::Result<Vec<PortalReport>> {
    let rows: Vec<ContactMatch> = sqlx::query_as(&format!(
        "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
         WHERE id = $1 OR (NOT anonymous AND id IN ({})) ORDER BY submitted_at",
        ids_in_json("SELECT proven_earlier_reports FROM reports WHERE id = $2")
    ))
    .bind(report_id)
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_report(hate_categories))
        .collect())
}

/// The portal report with this reference, only if it was made with this email or phone: a
/// claim proven. A reference that does not exist, is someone else's or does not match gives
/// the same `None`.
pub async fn claimed_report(
    db: &Handle,
    reference: &str,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    hate_categories: &[&str],
) -> anyhow::Result<Option<PortalReport>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(None);
    }
    let row: Option<ContactMatch> = sqlx::query_as(
        "SELECT id, reference, incident_date, submitted_at, category, area FROM reports \
         WHERE reference = $1 AND NOT anonymous \
         AND (($2 IS NOT NULL AND email_key = $3) OR ($4 IS NOT NULL AND phone_key = $5))",
    )
    .bind(reference)
    .bind(email_key)
    .bind(email_key)
    .bind(phone_key)
    .bind(phone_key)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| r.into_report(hate_categories)))
}

/// Named portal reports since `since` that share the applicant's normalised email or phone:
/// possibly related, for the coordinator only.
pub async fn reports_sharing_contact(
    db: &Handle,
    email_key: Option<&str>,
    phone_key: Option<&str>,
    since: DateTime<Utc>,
    hate_categories: &[&str],
) -> anyhow::Result<Vec<PortalReport>> {
    if email_key.is_none() && phone_key.is_none() {
        return Ok(Vec::new());
    }
    let rows = named_reports_with_contact(db, email_key, phone_key, since).await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_report(hate_categories))
        .collect())
}

/// How many different people (by normalised email, else phone) made named reports of this
/// category in this area since `since`: the community threshold's count.
pub async fn different_reporters(
    db: &Handle,
    category: &str,
    area: &str,
    since: DateTime<Utc>,
) -> anyhow::Result<u32> {
    let people: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT coalesce(email_key, phone_key)) FROM reports \
         WHERE category = $1 AND area = $2 AND submitted_at >= $3 AND NOT anonymous",
    )
    .bind(category)
    .bind(area)
    .bind(at(since))
    .fetch_one(db.pool())
    .await?;
    Ok(people.try_into().unwrap_or(0))
}

/// Writes the application, its complaints and its mail in one durable transaction and marks
/// the draft submitted; idempotent per draft, and only while the draft is at `checked_version`.
pub async fn commit_application(
    db: &Handle,
    application: &NewApplication,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let application = application.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { commit_application_on(conn, &application, checked_version).await })
    }))
    .await
}

async fn commit_application_on(
    conn: &mut Conn,
    a: &NewApplication,
    checked_version: i64,
) -> anyhow::Result<CommitOutcome> {
    let draft = draft_key(&a.draft_id);
    lock_draft(conn, &draft).await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM case_reviews WHERE draft_id = $1")
            .bind(&draft)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = existing {
        return Ok(CommitOutcome::AlreadySubmitted { id });
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM drafts WHERE id = $1")
        .bind(&draft)
        .fetch_optional(&mut *conn)
        .await?;
    if version != Some(checked_version) {
        return Ok(CommitOutcome::DraftChanged);
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM case_reviews WHERE reference = $1")
        .bind(&a.reference)
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Ok(CommitOutcome::ReferenceTaken);
    }
    let submitted_at = at(a.submitted_at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO case_reviews (reference, draft_id, applicant, victim_name, organisation, \
         full_name, email, email_key, phone, phone_key, safe_to_email, safe_to_voicemail, \
         contact_times, impact, hate, outcome_hoped, taking_part, consent_wording_version, \
         threshold_outcome, threshold_explanation, decision_by, meeting_by, outcome_by, \
         submitted_at, confirmation) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) \
         RETURNING id",
    )
    .bind(&a.reference)
    .bind(&draft)
    .bind(a.applicant)
    .bind(&a.victim_name)
    .bind(&a.organisation)
    .bind(&a.full_name)
    .bind(&a.email)
    .bind(&a.email_key)
    .bind(&a.phone)
    .bind(&a.phone_key)
    .bind(a.safe_to_email)
    .bind(a.safe_to_voicemail)
    .bind(&a.contact_times)
    .bind(&a.impact)
    .bind(a.hate)
    .bind(&a.outcome_hoped)
    .bind(a.taking_part)
    .bind(&a.consent_wording_version)
    .bind(a.threshold.outcome.as_str())
    .bind(serde_json::to_string(&a.threshold)?)
    .bind(a.deadlines.decision_by)
    .bind(a.deadlines.meeting_by)
    .bind(a.deadlines.outcome_by)
    .bind(&submitted_at)
    .bind(serde_json::to_string(&a.confirmation)?)
    .fetch_one(&mut *conn)
    .await?;
    for c in &a.complaints {
        sqlx::query(
            "INSERT INTO case_review_complaints (case_review_id, source, report_id, incident_date, \
             reported_on, channel, how, their_reference, details, verified, counted, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(c.source)
        .bind(c.report_id)
        .bind(c.incident_date)
        .bind(c.reported_on)
        .bind(c.channel)
        .bind(&c.how)
        .bind(&c.their_reference)
        .bind(&c.details)
        .bind(c.verified)
        .bind(c.counted)
        .bind(&c.reason)
        .execute(&mut *conn)
        .await?;
    }
    queue_emails(conn, MailOf::CaseReview(id), &a.emails, &submitted_at).await?;
    sqlx::query("UPDATE drafts SET case_review_id = $1, answers = $2, updated_at = $3 WHERE id = $4")
        .bind(id)
        .bind(serde_json::to_string(&Application::default())?)
        .bind(&submitted_at)
        .bind(&draft)
        .execute(&mut *conn)
        .await?;
    Ok(CommitOutcome::Committed { id })
}

/// What the confirmation page tells the applicant, as stored with the application.
pub async fn application_confirmation(
    db: &Handle,
    id: i64,
) -> anyhow::Result<Option<ApplicationConfirmation>> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT confirmation FROM case_reviews WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(stored.map(|json| serde_json::from_str(&json)).transpose()?)
}

/// The events the statutory figures count, by month: a few hundred rows for ten years, from
/// three scans of the `case_reviews_figures` index alone. (One row per application took 50 ms
/// at ten thousand applications, most of it in decoding the rows.)
pub async fn figure_tallies(db: &Handle) -> anyhow::Result<Vec<Tally>> {
    // (the time the events happened, which applications, the two figures and what each counts)
    let counted = [
        (
            "submitted_at",
            "TRUE",
            (Figure::Received, "count(*)"),
            (Figure::AwaitingDecision, "count(*) FILTER (WHERE decision IS NULL)"),
        ),
        (
            "decided_at",
            "decision = 'threshold_not_met' AND decided_at IS NOT NULL",
            (Figure::ThresholdNotMet, "count(*)"),
            (Figure::ThresholdNotMet, "CAST(0 AS BIGINT)"),
        ),
        (
            "review_held_at",
            "review_held_at IS NOT NULL",
            (Figure::ReviewCarriedOut, "count(*)"),
            (
                Figure::ReviewWithRecommendations,
                "count(*) FILTER (WHERE recommendations_made)",
            ),
        ),
    ];
    let mut tallies = Vec::new();
    for (column, which, (first, first_sql), (second, second_sql)) in counted {
        let months: Vec<MonthCounts> = sqlx::query_as(&format!(
            "SELECT {} AS utc_month, {} AS month_an_hour_later, \
             {first_sql} AS first, {second_sql} AS second \
             FROM case_reviews WHERE {which} GROUP BY 1, 2",
            utc_month(column),
            utc_month_an_hour_later(column),
        ))
        .fetch_all(db.pool())
        .await?;
        for m in months {
            let utc_month =
                chrono::NaiveDate::parse_from_str(&format!("{}-01", m.utc_month), "%Y-%m-%d")?;
            let on = uk_month_of(utc_month, m.month_an_hour_later != m.utc_month);
            for (figure, count) in [(first, m.first), (second, m.second)] {
                if count > 0 {
                    tallies.push(Tally {
                        on,
                        figure,
                        count: count.try_into().unwrap_or(0),
                    });
                }
            }
        }
    }
    Ok(tallies)
}
