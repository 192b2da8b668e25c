// The SQL of the staff area: accounts and roles, sessions, failed sign-ins, recovery codes,
// the audit trail, and the queue and case page's reads. Included into each backend, as
// `reports.rs`.

pub async fn create_account(
    db: &Handle,
    account: &NewAccount,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    let account = account.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM staff_accounts WHERE email = $1")
                    .bind(&account.email)
                    .fetch_optional(&mut *conn)
                    .await?;
            if taken.is_some() {
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO staff_accounts (email, display_name, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&account.email)
            .bind(&account.display_name)
            .bind(&account.password_hash)
            .bind(at(now))
            .fetch_one(&mut *conn)
            .await?;
            for role in &account.roles {
                sqlx::query("INSERT INTO staff_roles (account_id, role) VALUES ($1, $2)")
                    .bind(id)
                    .bind(role)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(Some(id))
        })
    }))
    .await
}

pub async fn account_by_email(db: &Handle, email: &str) -> anyhow::Result<Option<AccountRow>> {
    Ok(sqlx::query_as(
        "SELECT id, email, display_name, password_hash, totp_secret, totp_last_step, \
         disabled_at IS NOT NULL AS disabled FROM staff_accounts WHERE email = $1",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await?)
}

pub async fn roles_of(db: &Handle, account_id: i64) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT role FROM staff_roles WHERE account_id = $1 ORDER BY role")
            .bind(account_id)
            .fetch_all(db.pool())
            .await?,
    )
}

/// Failed sign-ins since `since` for this email and from this address.
pub async fn sign_in_failures(
    db: &Handle,
    email_key: &str,
    address: &str,
    since: DateTime<Utc>,
) -> anyhow::Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT \
           (SELECT count(*) FROM sign_in_failures WHERE email_key = $1 AND failed_at >= $2), \
           (SELECT count(*) FROM sign_in_failures WHERE address = $3 AND failed_at >= $4)",
    )
    .bind(email_key)
    .bind(at(since))
    .bind(address)
    .bind(at(since))
    .fetch_one(db.pool())
    .await?)
}

/// Records a failed sign-in, and forgets those older than `forget_before` (past every window).
pub async fn record_sign_in_failure(
    db: &Handle,
    email_key: &str,
    address: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (email_key, address) = (email_key.to_string(), address.to_string());
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO sign_in_failures (email_key, address, failed_at) VALUES ($1, $2, $3)",
            )
            .bind(&email_key)
            .bind(&address)
            .bind(at(now))
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
                .bind(at(forget_before))
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

pub async fn create_session(
    db: &Handle,
    key: &str,
    account_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let key = key.to_string();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO staff_sessions (id, account_id, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&key)
            .bind(account_id)
            .bind(at(now))
            .bind(at(now))
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }))
    .await
}

/// The session with this key and its account, if the account is not disabled.
pub async fn load_session(db: &Handle, key: &str) -> anyhow::Result<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.account_id, s.created_at, s.last_seen_at, \
         s.second_factor_at IS NOT NULL AS second_factor_done, s.pending_totp_secret, \
         a.email, a.display_name, a.totp_secret, a.totp_last_step \
         FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id \
         WHERE s.id = $1 AND a.disabled_at IS NULL",
    )
    .bind(key)
    .fetch_optional(db.pool())
    .await?)
}

pub async fn touch_session(db: &Handle, key: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let key = key.to_string();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(at(now))
                .bind(&key)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

pub async fn delete_session(db: &Handle, key: &str) -> anyhow::Result<()> {
    let key = key.to_string();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("DELETE FROM staff_sessions WHERE id = $1")
                .bind(&key)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

/// Marks the account disabled and ends every session it has.
pub async fn disable_account(
    db: &Handle,
    account_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("UPDATE staff_accounts SET disabled_at = $1 WHERE id = $2")
                .bind(at(now))
                .bind(account_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

pub async fn set_pending_code_secret(db: &Handle, key: &str, secret: &str) -> anyhow::Result<()> {
    let (key, secret) = (key.to_string(), secret.to_string());
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            sqlx::query("UPDATE staff_sessions SET pending_totp_secret = $1 WHERE id = $2")
                .bind(&secret)
                .bind(&key)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }))
    .await
}

/// The second factor was given: the session gets a new key (a session id seen before signing
/// in is no use after), and, when `enrolled` holds a newly confirmed secret and recovery codes,
/// the account keeps them. `step` is the code's time step, recorded so it works once; `false`
/// if that step (or a later one) was used already.
pub async fn pass_second_factor(
    db: &Handle,
    passed: &SecondFactorPassed,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let passed = passed.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            if let Some((secret, recovery_hashes)) = &passed.enrolled {
                sqlx::query("UPDATE staff_accounts SET totp_secret = $1 WHERE id = $2")
                    .bind(secret)
                    .bind(passed.account_id)
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("DELETE FROM staff_recovery_codes WHERE account_id = $1")
                    .bind(passed.account_id)
                    .execute(&mut *conn)
                    .await?;
                for hash in recovery_hashes {
                    sqlx::query(
                        "INSERT INTO staff_recovery_codes (account_id, code_hash) VALUES ($1, $2)",
                    )
                    .bind(passed.account_id)
                    .bind(hash)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            let fresh = match passed.proof {
                SecondFactorProof::NotRequired => true,
                SecondFactorProof::CodeStep(step) => {
                    sqlx::query(
                        "UPDATE staff_accounts SET totp_last_step = $1 \
                         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
                    )
                    .bind(step)
                    .bind(passed.account_id)
                    .bind(step)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected()
                        == 1
                }
                SecondFactorProof::RecoveryCode(ref hash) => {
                    sqlx::query(
                        "UPDATE staff_recovery_codes SET used_at = $1 \
                         WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
                    )
                    .bind(at(now))
                    .bind(passed.account_id)
                    .bind(hash)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected()
                        == 1
                }
            };
            if !fresh {
                return Ok(false);
            }
            sqlx::query(
                "UPDATE staff_sessions SET id = $1, second_factor_at = $2, \
                 pending_totp_secret = NULL, last_seen_at = $3 WHERE id = $4",
            )
            .bind(&passed.new_key)
            .bind(at(now))
            .bind(at(now))
            .bind(&passed.old_key)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        })
    }))
    .await
}

pub async fn unused_recovery_codes(db: &Handle, account_id: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM staff_recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(db.pool())
    .await?)
}

pub async fn record_audit(db: &Handle, event: &AuditEvent, now: DateTime<Utc>) -> anyhow::Result<()> {
    let event = event.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move { append_audit(conn, &event, now).await })
    }))
    .await
}

/// The one statement that writes the audit trail, inside the caller's transaction so a change
/// and its audit row are written together or not at all.
async fn append_audit(conn: &mut Conn, event: &AuditEvent, now: DateTime<Utc>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, account_id, action, report_id, \
         subject_account_id, field, from_value, to_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(at(now))
    .bind(event.account_id)
    .bind(event.action)
    .bind(event.report_id)
    .bind(event.subject_account_id)
    .bind(event.field)
    .bind(&event.from_value)
    .bind(&event.to_value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Reports for a queue, closed last, urgent first, then highest band (an officer's assessment
/// before the resident's own), then oldest: every
/// report when `routes` is `None`, else those sent (not held) to one of them; narrowed by
/// `filter`.
pub async fn queue(
    db: &Handle,
    routes: Option<&[String]>,
    filter: &QueueFilter,
    limit: i64,
) -> anyhow::Result<Vec<QueueRow>> {
    let routes_json = routes.map(|r| serde_json::to_string(r).unwrap_or_else(|_| "[]".into()));
    let sql = format!(
        "SELECT r.id, r.reference, r.submitted_at, r.category, r.area, \
         coalesce(c.officer_band, r.band) AS band, r.urgent, \
         (SELECT count(*) FROM routing_decisions d WHERE d.report_id = r.id AND d.held) AS held, \
         coalesce(c.status, 'new') AS status \
         FROM reports r LEFT JOIN cases c ON c.report_id = r.id \
         WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM routing_decisions d \
           WHERE d.report_id = r.id AND NOT d.held AND d.route IN ({}))) \
         AND ($3 IS NULL OR coalesce(c.status, 'new') = $4) \
         AND ($5 IS NULL OR ($6 = 'not_assessed' AND coalesce(c.officer_band, r.band) IS NULL) \
              OR coalesce(c.officer_band, r.band) = $7) \
         AND ($8 IS NULL OR r.category = $9) \
         AND ($10 IS NULL OR r.area = $11) \
         ORDER BY CASE coalesce(c.status, 'new') WHEN 'closed' THEN 1 ELSE 0 END, \
           r.urgent DESC, \
           CASE coalesce(c.officer_band, r.band) WHEN 'high' THEN 0 WHEN 'medium' THEN 1 \
             ELSE 2 END, \
           r.submitted_at \
         LIMIT $12",
        texts_in_json("$2")
    );
    Ok(sqlx::query_as(&sql)
        .bind(routes_json.as_deref())
        .bind(routes_json.as_deref().unwrap_or("[]"))
        .bind(filter.status.as_deref())
        .bind(filter.status.as_deref())
        .bind(filter.band.as_deref())
        .bind(filter.band.as_deref())
        .bind(filter.band.as_deref())
        .bind(filter.category.as_deref())
        .bind(filter.category.as_deref())
        .bind(filter.area.as_deref())
        .bind(filter.area.as_deref())
        .bind(limit)
        .fetch_all(db.pool())
        .await?)
}

pub async fn report_id_by_reference(db: &Handle, reference: &str) -> anyhow::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM reports WHERE reference = $1")
            .bind(reference)
            .fetch_optional(db.pool())
            .await?,
    )
}

pub async fn routing_of(db: &Handle, report_id: i64) -> anyhow::Result<Vec<RoutingRow>> {
    Ok(sqlx::query_as(
        "SELECT route, rule, reason, held, decided_at FROM routing_decisions \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?)
}

pub async fn case_of(db: &Handle, report_id: i64) -> anyhow::Result<Option<CaseFile>> {
    let report: Option<CaseReportRow> = sqlx::query_as(
        "SELECT id, reference, submitted_at, category, asb_type, postcode, address, \
         place_description, area, incident_date, ongoing, frequency, description, \
         people_involved, anonymous, full_name, email, phone, safe_to_email, safe_to_voicemail, \
         contact_times, affecting, reported_before, assessed, score, band, urgent, channel, \
         relationship, reporting_for, erased_at FROM reports WHERE id = $1",
    )
    .bind(report_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(report) = report else {
        return Ok(None);
    };
    let answers = sqlx::query_as(
        "SELECT question_id, answer, score FROM assessment_answers WHERE report_id = $1 \
         ORDER BY question_id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let consents = sqlx::query_as(
        "SELECT item, given, wording_version, recorded_at, recorded_by FROM consents \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    let routing = routing_of(db, report_id).await?;
    let emails = sqlx::query_as(
        "SELECT kind, route, status, attempts, created_at, sent_at FROM outbox \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report_id)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(CaseFile {
        report,
        answers,
        consents,
        routing,
        emails,
    }))
}

// Administrators' work: accounts, invitations and roles.

pub async fn list_accounts(db: &Handle) -> anyhow::Result<Vec<AccountListRow>> {
    let accounts: Vec<(i64, String, String, bool, bool)> = sqlx::query_as(
        "SELECT id, email, display_name, password_hash IS NULL, disabled_at IS NOT NULL \
         FROM staff_accounts ORDER BY display_name, id",
    )
    .fetch_all(db.pool())
    .await?;
    let roles: Vec<(i64, String)> =
        sqlx::query_as("SELECT account_id, role FROM staff_roles ORDER BY role")
            .fetch_all(db.pool())
            .await?;
    Ok(accounts
        .into_iter()
        .map(|(id, email, display_name, invited, disabled)| AccountListRow {
            id,
            email,
            display_name,
            invited,
            disabled,
            roles: roles
                .iter()
                .filter(|(account, _)| *account == id)
                .map(|(_, role)| role.clone())
                .collect(),
        })
        .collect())
}

pub async fn account_by_id(db: &Handle, id: i64) -> anyhow::Result<Option<AccountListRow>> {
    Ok(list_accounts(db).await?.into_iter().find(|a| a.id == id))
}

/// The account, its invitation and the email with its link, with the audit row, in one
/// transaction; `None` if the email has an account already.
pub async fn invite_account(
    db: &Handle,
    invitation: &NewInvitation,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    let invitation = invitation.clone();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let i = &invitation;
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM staff_accounts WHERE email = $1")
                    .bind(&i.account.email)
                    .fetch_optional(&mut *conn)
                    .await?;
            if taken.is_some() {
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO staff_accounts (email, display_name, created_at) \
                 VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(&i.account.email)
            .bind(&i.account.display_name)
            .bind(at(now))
            .fetch_one(&mut *conn)
            .await?;
            for role in &i.account.roles {
                sqlx::query("INSERT INTO staff_roles (account_id, role) VALUES ($1, $2)")
                    .bind(id)
                    .bind(role)
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO staff_invitations (token_hash, account_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&i.token_hash)
            .bind(id)
            .bind(at(now))
            .bind(at(i.expires_at))
            .execute(&mut *conn)
            .await?;
            let recipients = serde_json::to_string(&[&i.account.email])?;
            sqlx::query(
                "INSERT INTO outbox (staff_account_id, kind, message_id, recipients, subject, \
                 body, status, attempts, next_attempt_at, created_at) \
                 VALUES ($1, 'invitation', $2, $3, $4, $5, 'pending', 0, $6, $7)",
            )
            .bind(id)
            .bind(&i.message_id)
            .bind(&recipients)
            .bind(&i.subject)
            .bind(&i.body)
            .bind(at(now))
            .bind(at(now))
            .execute(&mut *conn)
            .await?;
            let event = AuditEvent {
                to_value: Some(i.account.roles.join(",")),
                ..AuditEvent::of_account(Some(i.invited_by), "invited_account", id, Some("roles"))
            };
            append_audit(conn, &event, now).await?;
            Ok(Some(id))
        })
    }))
    .await
}

/// The invitation with this token's hash, if it is unused and unexpired, with its account.
pub async fn open_invitation(
    db: &Handle,
    token_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.email FROM staff_invitations i \
         JOIN staff_accounts a ON a.id = i.account_id \
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 \
         AND a.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(at(now))
    .fetch_optional(db.pool())
    .await?)
}

/// Uses the invitation (once) and sets the account's first password; `false` if it was used,
/// expired or withdrawn meanwhile.
pub async fn accept_invitation(
    db: &Handle,
    token_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let (token_hash, password_hash) = (token_hash.to_string(), password_hash.to_string());
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let account: Option<i64> = sqlx::query_scalar(
                "UPDATE staff_invitations SET used_at = $1 \
                 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3 \
                 RETURNING account_id",
            )
            .bind(at(now))
            .bind(&token_hash)
            .bind(at(now))
            .fetch_optional(&mut *conn)
            .await?;
            let Some(account) = account else {
                return Ok(false);
            };
            sqlx::query("UPDATE staff_accounts SET password_hash = $1 WHERE id = $2")
                .bind(&password_hash)
                .bind(account)
                .execute(&mut *conn)
                .await?;
            let event = AuditEvent::of_account(Some(account), "accepted_invitation", account, None);
            append_audit(conn, &event, now).await?;
            Ok(true)
        })
    }))
    .await
}

/// Replaces an account's roles, with the audit row (from → to, as role names).
pub async fn set_roles(
    db: &Handle,
    account_id: i64,
    roles: &[String],
    set_by: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let roles = roles.to_vec();
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let before: Vec<String> =
                sqlx::query_scalar("SELECT role FROM staff_roles WHERE account_id = $1 ORDER BY role")
                    .bind(account_id)
                    .fetch_all(&mut *conn)
                    .await?;
            sqlx::query("DELETE FROM staff_roles WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *conn)
                .await?;
            for role in &roles {
                sqlx::query("INSERT INTO staff_roles (account_id, role) VALUES ($1, $2)")
                    .bind(account_id)
                    .bind(role)
                    .execute(&mut *conn)
                    .await?;
            }
            let mut after = roles.clone();
            after.sort();
            let event = AuditEvent {
                from_value: Some(before.join(",")),
                to_value: Some(after.join(",")),
                ..AuditEvent::of_account(Some(set_by), "set_roles", account_id, Some("roles"))
            };
            append_audit(conn, &event, now).await?;
            Ok(())
        })
    }))
    .await
}

/// Messages not yet delivered, dead first: what the outbox view lists.
pub async fn undelivered_messages(db: &Handle) -> anyhow::Result<Vec<UndeliveredRow>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.kind, o.route, o.status, o.attempts, o.next_attempt_at, o.last_error, \
         o.created_at, coalesce(r.reference, c.reference) AS reference \
         FROM outbox o LEFT JOIN reports r ON r.id = o.report_id \
         LEFT JOIN case_reviews c ON c.id = o.case_review_id \
         WHERE o.status <> 'sent' \
         ORDER BY CASE o.status WHEN 'dead' THEN 0 ELSE 1 END, o.created_at, o.id \
         LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?)
}

/// Gives a dead message a fresh set of attempts from now, with the audit row; `false` if it
/// is not dead (delivered or retried meanwhile).
pub async fn retry_message(
    db: &Handle,
    id: i64,
    retried_by: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    db.write(Box::new(move |conn| {
        Box::pin(async move {
            let retried = sqlx::query(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, \
                 lease_until = NULL WHERE id = $2 AND status = 'dead'",
            )
            .bind(at(now))
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
                == 1;
            if retried {
                let event = AuditEvent {
                    account_id: Some(retried_by),
                    to_value: Some(id.to_string()),
                    ..AuditEvent::new("retried_email", Some("outbox"))
                };
                append_audit(conn, &event, now).await?;
            }
            Ok(retried)
        })
    }))
    .await
}

/// One row per report the dashboard counts: those since `since`, and every case not closed.
pub async fn dashboard_facts(
    db: &Handle,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<DashboardRow>> {
    Ok(sqlx::query_as(
        "SELECT r.submitted_at, r.category, r.area, coalesce(c.officer_band, r.band) AS band, \
         r.urgent, coalesce(c.status, 'new') AS status, \
         CASE WHEN r.anonymous THEN NULL ELSE coalesce(r.email_key, r.phone_key) END AS person \
         FROM reports r LEFT JOIN cases c ON c.report_id = r.id \
         WHERE r.submitted_at >= $1 OR coalesce(c.status, 'new') <> 'closed'",
    )
    .bind(at(since))
    .fetch_all(db.pool())
    .await?)
}

/// The audit trail, newest first, narrowed by `filter`.
pub async fn audit_trail(
    db: &Handle,
    filter: &crate::domain::audit::AuditFilter,
    limit: i64,
) -> anyhow::Result<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT e.at, a.display_name AS who, e.action, r.reference, \
         s.display_name AS subject, e.field, e.from_value, e.to_value \
         FROM audit_events e \
         LEFT JOIN staff_accounts a ON a.id = e.account_id \
         LEFT JOIN staff_accounts s ON s.id = e.subject_account_id \
         LEFT JOIN reports r ON r.id = e.report_id \
         WHERE ($1 IS NULL OR e.account_id = $2) \
         AND ($3 IS NULL OR e.action = $4) \
         AND ($5 IS NULL OR r.reference = $6) \
         ORDER BY e.id DESC LIMIT $7",
    )
    .bind(filter.account)
    .bind(filter.account)
    .bind(filter.action.as_deref())
    .bind(filter.action.as_deref())
    .bind(filter.reference.as_deref())
    .bind(filter.reference.as_deref())
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}
