// The SQL of the retention policy: erasing closed cases' personal data, and listing old cases
// never closed. Included into each backend, as `reports.rs`.

/// Erases the personal data of up to `batch` reports whose cases closed before
/// `closed_before`, each with its audit row, in one transaction; the ids erased. Safe on every
/// instance at once: a report erased already is never picked again.
pub async fn erase_closed_reports(
    db: &Handle,
    closed_before: DateTime<Utc>,
    erased: &'static [&'static str],
    batch: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let ids: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT r.id FROM reports r JOIN cases c ON c.report_id = r.id \
                 WHERE c.status = 'closed' AND c.closed_at < $1 AND r.erased_at IS NULL \
                 ORDER BY r.id LIMIT $2 {SKIP_LOCKED}"
            ))
            .bind(at(closed_before))
            .bind(batch)
            .fetch_all(&mut *conn)
            .await?;
            for id in &ids {
                sqlx::query(
                    "UPDATE reports SET postcode = NULL, address = NULL, place_description = NULL, \
                     description = '', people_involved = NULL, full_name = NULL, email = NULL, \
                     email_key = NULL, phone = NULL, phone_key = NULL, safe_to_email = NULL, \
                     safe_to_voicemail = NULL, contact_times = NULL, confirmation = NULL, \
                     erased_at = $1 WHERE id = $2",
                )
                .bind(at(now))
                .bind(id)
                .execute(&mut *conn)
                .await?;
                for table in ["people_affected", "assessment_answers"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE report_id = $1"))
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
                // Officers' own words may name people too.
                for blank in [
                    "UPDATE case_notes SET body = '' WHERE report_id = $1",
                    "UPDATE case_links SET reason = '' WHERE report_id = $1 \
                     OR linked_report_id = $1",
                    "UPDATE routing_decisions SET reason = '' WHERE report_id = $1 \
                     AND rule = 'officer_referral'",
                    // Health details: the band and score stay, the answers go.
                    "UPDATE officer_assessments SET answers = '{}' WHERE report_id = $1",
                ] {
                    sqlx::query(blank).bind(id).execute(&mut *conn).await?;
                }
                // Mail long sent (or given up on): nothing of it is needed but that it went.
                sqlx::query(
                    "UPDATE outbox SET recipients = '[]', subject = '', body = '', \
                     status = CASE WHEN status = 'sent' THEN 'sent' ELSE 'dead' END, \
                     lease_until = NULL WHERE report_id = $1",
                )
                .bind(id)
                .execute(&mut *conn)
                .await?;
                let event = AuditEvent {
                    report_id: Some(*id),
                    to_value: Some(erased.join(",")),
                    ..AuditEvent::new("erased_personal_data", Some("erased"))
                };
                append_audit(conn, &event, now).await?;
            }
            Ok(ids)
        })
    }))
    .await
}

/// Reports that arrived before `submitted_before` and whose cases are not closed (nor erased):
/// for an officer to review, oldest first.
pub async fn unclosed_reports(
    db: &Handle,
    submitted_before: DateTime<Utc>,
) -> anyhow::Result<Vec<QueueRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.reference, r.submitted_at, r.category, r.area, r.band, r.urgent, \
         (SELECT count(*) FROM routing_decisions d WHERE d.report_id = r.id AND d.held) AS held, \
         coalesce(c.status, 'new') AS status \
         FROM reports r LEFT JOIN cases c ON c.report_id = r.id \
         WHERE r.submitted_at < $1 AND coalesce(c.status, 'new') <> 'closed' \
         AND r.erased_at IS NULL ORDER BY r.submitted_at LIMIT 500",
    )
    .bind(at(submitted_before))
    .fetch_all(db.pool())
    .await?)
}

/// How many reports have had their personal data erased.
pub async fn erased_count(db: &Handle) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM reports WHERE erased_at IS NOT NULL")
            .fetch_one(db.pool())
            .await?,
    )
}
