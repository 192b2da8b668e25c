// The SQL of working a case: its state, notes and outcomes, each change written with its audit
// rows in one transaction. Included into each backend, as `reports.rs`.

/// Applies a change the domain allowed, only while the case is still in the status it was
/// checked against (another officer may have changed it meanwhile): `false` if it was not.
pub async fn change_case(
    db: &Handle,
    change: &CaseChange,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let change = change.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { change_case_on(conn, &change, now).await })
    }))
    .await
}

async fn change_case_on(conn: &mut Conn, c: &CaseChange, now: DateTime<Utc>) -> anyhow::Result<bool> {
    sqlx::query(
        "INSERT INTO cases (report_id, status, updated_at) VALUES ($1, 'new', $2) \
         ON CONFLICT (report_id) DO NOTHING",
    )
    .bind(c.report_id)
    .bind(at(now))
    .execute(&mut *conn)
    .await?;
    let (status, lead): (String, Option<i64>) = sqlx::query_as(&format!(
        "SELECT status, lead_account_id FROM cases WHERE report_id = $1 {FOR_UPDATE}"
    ))
    .bind(c.report_id)
    .fetch_one(&mut *conn)
    .await?;
    if status != c.from_status {
        return Ok(false);
    }
    let audit = |field: Option<&'static str>, from: Option<String>, to: Option<String>| AuditEvent {
        account_id: Some(c.account_id),
        action: c.action,
        report_id: Some(c.report_id),
        subject_account_id: None,
        field,
        from_value: from,
        to_value: to,
    };
    let mut events = Vec::new();
    if c.to_status != status {
        sqlx::query(
            "UPDATE cases SET status = $1, updated_at = $2, \
             accepted_at = CASE WHEN $3 = 'open' AND accepted_at IS NULL THEN $4 ELSE accepted_at END, \
             closed_at = CASE WHEN $5 = 'closed' THEN $6 ELSE NULL END, \
             closure_reason = $7 \
             WHERE report_id = $8",
        )
        .bind(&c.to_status)
        .bind(at(now))
        .bind(&c.to_status)
        .bind(at(now))
        .bind(&c.to_status)
        .bind(at(now))
        .bind(c.closure.as_ref().map(|(reason, _)| reason.clone()))
        .bind(c.report_id)
        .execute(&mut *conn)
        .await?;
        events.push(audit(Some("status"), Some(status.clone()), Some(c.to_status.clone())));
        if let Some((reason, _)) = &c.closure {
            events.push(audit(Some("closure_reason"), None, Some(reason.clone())));
        }
    }
    if let Some((_, outcomes)) = &c.closure {
        sqlx::query("DELETE FROM case_outcomes WHERE report_id = $1")
            .bind(c.report_id)
            .execute(&mut *conn)
            .await?;
        for outcome in outcomes {
            sqlx::query("INSERT INTO case_outcomes (report_id, outcome) VALUES ($1, $2)")
                .bind(c.report_id)
                .bind(outcome)
                .execute(&mut *conn)
                .await?;
            events.push(audit(Some("outcome"), None, Some(outcome.clone())));
        }
    }
    if let Some(new_lead) = c.lead {
        sqlx::query("UPDATE cases SET lead_account_id = $1, updated_at = $2 WHERE report_id = $3")
            .bind(new_lead)
            .bind(at(now))
            .bind(c.report_id)
            .execute(&mut *conn)
            .await?;
        events.push(audit(
            Some("lead"),
            lead.map(|id| id.to_string()),
            Some(new_lead.to_string()),
        ));
    }
    if let Some(body) = &c.note {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_notes (report_id, account_id, written_at, body) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(c.report_id)
        .bind(c.account_id)
        .bind(at(now))
        .bind(body)
        .fetch_one(&mut *conn)
        .await?;
        // The note's id, never its words: the audit trail holds no personal values.
        events.push(audit(Some("note"), None, Some(id.to_string())));
    }
    for event in &events {
        sqlx::query(
            "INSERT INTO audit_events \
             (at, account_id, action, report_id, field, from_value, to_value) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(at(now))
        .bind(event.account_id)
        .bind(event.action)
        .bind(event.report_id)
        .bind(event.field)
        .bind(&event.from_value)
        .bind(&event.to_value)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

pub async fn case_work(db: &Handle, report_id: i64) -> anyhow::Result<CaseWork> {
    let state: Option<CaseStateRow> = sqlx::query_as(
        "SELECT c.status, c.lead_account_id, a.display_name AS lead_name, c.closure_reason \
         FROM cases c LEFT JOIN staff_accounts a ON a.id = c.lead_account_id \
         WHERE c.report_id = $1",
    )
    .bind(report_id)
    .fetch_optional(db.pool())
    .await?;
    let outcomes = sqlx::query_scalar(
        "SELECT outcome FROM case_outcomes WHERE report_id = $1 ORDER BY outcome",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let notes = sqlx::query_as(
        "SELECT n.written_at, a.display_name AS author, n.body FROM case_notes n \
         JOIN staff_accounts a ON a.id = n.account_id WHERE n.report_id = $1 ORDER BY n.id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let timeline = sqlx::query_as(
        "SELECT e.at, a.display_name AS who, e.action, e.field, e.from_value, e.to_value \
         FROM audit_events e LEFT JOIN staff_accounts a ON a.id = e.account_id \
         WHERE e.report_id = $1 AND e.action <> 'viewed_case' ORDER BY e.id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    Ok(CaseWork {
        state: state.unwrap_or(CaseStateRow {
            status: "new".into(),
            lead_account_id: None,
            lead_name: None,
            closure_reason: None,
        }),
        outcomes,
        notes,
        timeline,
    })
}

/// Enabled accounts with this role, by name: who a case can be assigned to.
pub async fn staff_with_role(db: &Handle, role: &str) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.display_name FROM staff_accounts a \
         JOIN staff_roles r ON r.account_id = a.id \
         WHERE r.role = $1 AND a.disabled_at IS NULL ORDER BY a.display_name",
    )
    .bind(role)
    .fetch_all(db.pool())
    .await?)
}
