// The SQL of working a case: its state, notes and outcomes, each change written with its audit
// rows in one transaction. Included into each backend, as `reports.rs`.

/// Applies a change the domain allowed, only while the case is still in the status it was
/// checked against (another officer may have changed it meanwhile).
pub async fn change_case(
    db: &Handle,
    change: &CaseChange,
    now: DateTime<Utc>,
) -> anyhow::Result<Changed> {
    let change = change.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { change_case_on(conn, &change, now).await })
    }))
    .await
}

async fn change_case_on(
    conn: &mut Conn,
    c: &CaseChange,
    now: DateTime<Utc>,
) -> anyhow::Result<Changed> {
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
        return Ok(Changed::Stale);
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
    if let Some(a) = &c.assessment {
        sqlx::query(
            "INSERT INTO officer_assessments \
             (report_id, account_id, stage, answers, score, band, assessed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.report_id)
        .bind(c.account_id)
        .bind(a.stage)
        .bind(&a.answers)
        .bind(a.score)
        .bind(a.band)
        .bind(at(now))
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE cases SET officer_band = $1, updated_at = $2 WHERE report_id = $3")
            .bind(a.band)
            .bind(at(now))
            .bind(c.report_id)
            .execute(&mut *conn)
            .await?;
        events.push(audit(Some("stage"), None, Some(a.stage.to_string())));
        events.push(audit(
            Some("band"),
            a.band_before.map(str::to_string),
            Some(a.band.to_string()),
        ));
    }
    if let Some(sg) = &c.safeguarding {
        sqlx::query(
            "INSERT INTO safeguarding_referrals \
             (report_id, account_id, kind, agency, made_on, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(c.report_id)
        .bind(c.account_id)
        .bind(sg.kind.as_str())
        .bind(&sg.agency)
        .bind(sg.made_on)
        .bind(at(now))
        .execute(&mut *conn)
        .await?;
        events.push(audit(
            Some("safeguarding"),
            None,
            Some(sg.kind.as_str().to_string()),
        ));
    }
    if let Some(email) = &c.resident_update {
        queue_emails(
            conn,
            MailOf::Report(c.report_id),
            std::slice::from_ref(email),
            &at(now),
        )
        .await?;
        // That the resident was told, never what their address is.
        events.push(audit(Some("resident_update"), None, None));
    }
    for r in &c.referrals {
        sqlx::query(
            "INSERT INTO routing_decisions (report_id, route, rule, reason, held, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(c.report_id)
        .bind(&r.route)
        .bind(&r.rule)
        .bind(&r.reason)
        .bind(false)
        .bind(at(now))
        .execute(&mut *conn)
        .await?;
        if let Some(consent) = &r.consent {
            sqlx::query(
                "INSERT INTO consents (report_id, item, given, wording_version, recorded_at, \
                 channel, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(c.report_id)
            .bind(&consent.item)
            .bind(consent.given)
            .bind(&consent.wording_version)
            .bind(at(now))
            .bind(consent.channel.as_str())
            .bind(&consent.recorded_by)
            .execute(&mut *conn)
            .await?;
            events.push(audit(Some("consent"), None, Some(consent.item.clone())));
        }
        queue_emails(
            conn,
            MailOf::Report(c.report_id),
            std::slice::from_ref(&r.email),
            &at(now),
        )
        .await?;
        events.push(audit(Some("route"), None, Some(r.route.clone())));
    }
    if let Some(link) = &c.link {
        let (low, high) = if c.report_id < link.other_report_id {
            (c.report_id, link.other_report_id)
        } else {
            (link.other_report_id, c.report_id)
        };
        let inserted = sqlx::query(
            "INSERT INTO case_links (report_id, linked_report_id, kind, reason, linked_by, \
             linked_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(low)
        .bind(high)
        .bind(link.kind)
        .bind(&link.reason)
        .bind(c.account_id)
        .bind(at(now))
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(Changed::LinkedAlready);
        }
        // Both reports' timelines show the link, each naming the other by id.
        events.push(audit(
            Some("linked_report"),
            None,
            Some(link.other_report_id.to_string()),
        ));
        events.push(AuditEvent {
            report_id: Some(link.other_report_id),
            ..audit(Some("linked_report"), None, Some(c.report_id.to_string()))
        });
    }
    for event in &events {
        append_audit(conn, event, now).await?;
    }
    Ok(Changed::Applied)
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
    // Either side of the pair: what the other report is, never who is in it.
    let linked = sqlx::query_as(
        "SELECT r.reference, r.category, COALESCE(c.status, 'new') AS status, l.kind, l.reason, \
         l.linked_at FROM case_links l \
         JOIN reports r ON r.id = CASE WHEN l.report_id = $1 THEN l.linked_report_id \
                                       ELSE l.report_id END \
         LEFT JOIN cases c ON c.report_id = r.id \
         WHERE l.report_id = $2 OR l.linked_report_id = $3 ORDER BY l.linked_at",
    )
    .bind(report_id)
    .bind(report_id)
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let assessments = sqlx::query_as(
        "SELECT o.stage, o.band, o.score, o.assessed_at, a.display_name AS officer, o.answers \
         FROM officer_assessments o JOIN staff_accounts a ON a.id = o.account_id \
         WHERE o.report_id = $1 ORDER BY o.id DESC",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let safeguarding = sqlx::query_as(
        "SELECT s.kind, s.agency, s.made_on, a.display_name AS recorded_by \
         FROM safeguarding_referrals s JOIN staff_accounts a ON a.id = s.account_id \
         WHERE s.report_id = $1 ORDER BY s.made_on, s.id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    Ok(CaseWork {
        linked,
        assessments,
        safeguarding,
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
