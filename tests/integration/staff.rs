//! The staff area through the real server: the first administrator made on the command line,
//! sign-in with a password and a one-time code, throttling, sessions that end, CSRF, what each
//! role may open (a guessed reference included), and the audit trail the database will not let
//! anyone change.

use std::process::Command;

use asb_portal::server::config::Config;
use reqwest::StatusCode;

use crate::support::*;

/// Two reports: a neighbour's noise (triage and mediation) and high-risk harassment (triage,
/// the panel and victim support). Their references, in that order.
async fn two_reports(portal: &Portal) -> (String, String) {
    let noise = portal
        .browser()
        .report(&Answers::straightforward("noise@resident.example"))
        .await
        .reference();
    let harassment = portal
        .browser()
        .report(&Answers::high_risk("harassed@resident.example"))
        .await
        .reference();
    let routes = |reference: String| async move {
        let report = portal.report(&reference).await;
        let mut sent: Vec<String> = portal
            .routes(report.id)
            .await
            .into_iter()
            .filter(|r| !r.held)
            .map(|r| r.route)
            .collect();
        sent.sort();
        sent
    };
    assert_eq!(routes(noise.clone()).await, ["mediation", "triage"]);
    assert_eq!(
        routes(harassment.clone()).await,
        ["panel", "support", "triage"]
    );
    (noise, harassment)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_administrator_is_made_on_the_command_line_and_signs_in_with_an_app() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(dir.path(), "asb-portal").await;
    let create_admin = |email: &str, password: &str| {
        Command::new(env!("CARGO_BIN_EXE_asb-portal"))
            .args([
                "create-admin",
                "--email",
                email,
                "--name",
                "Ana Ruiz",
                "--also",
                "triage",
            ])
            .env("ASB_DATABASE_URL", &database_url)
            .env("ASB_ADMIN_PASSWORD", password)
            .output()
            .expect("the portal binary runs")
    };
    let short = create_admin("ana@council.example", "too short");
    assert_eq!(short.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("Password must be 15 characters or more")
    );
    let made = create_admin("Ana@Council.example", STAFF_PASSWORD);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(String::from_utf8_lossy(&made.stdout)
        .contains("Created the administrator account for Ana Ruiz"));
    let again = create_admin("ana@council.example", STAFF_PASSWORD);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("has an account already"));

    let (portal, clock) = staff_portal_on(dir, &database_url).await;
    let mut ana = StaffBrowser::new(&portal, &clock, "ana@council.example");
    // The password alone opens nothing: the first sign-in sets up an authenticator app.
    let set_up = ana.give_password("/staff", STAFF_PASSWORD).await;
    assert_eq!(set_up.path(), "/staff/sign-in/set-up-code");
    assert!(
        set_up.body.contains("<svg"),
        "the QR code is drawn on the page"
    );
    assert_eq!(ana.get("/staff").await.path(), "/staff/sign-in/set-up-code");
    let done = ana.set_up_app(&set_up).await;
    assert!(done.body.contains("Each code works once"));
    let queue = ana.get("/staff").await;
    assert!(
        queue
            .body
            .contains("Signed in as <strong>Ana Ruiz</strong>"),
        "{}",
        queue.body
    );
    assert!(queue.body.contains("Administrator, Triage officer"));
    let actions: Vec<String> = portal
        .audit()
        .await
        .into_iter()
        .map(|(_, a, _)| a)
        .collect();
    assert_eq!(actions, ["enrolled_second_factor", "signed_in"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failed_sign_in_gets_one_message_and_too_many_are_refused_even_when_right() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let disabled = portal.add_staff("left@council.example", &["triage"]).await;
    asb_portal::server::storage::disable_account(&portal.running.db, disabled, clock.now())
        .await
        .unwrap();
    let message = "The email address or password is not right";
    for (email, password) in [
        ("officer@council.example", "not the password at all"),
        ("nobody@council.example", STAFF_PASSWORD),
        ("left@council.example", STAFF_PASSWORD),
    ] {
        let page = StaffBrowser::new(&portal, &clock, email)
            .give_password("/staff", password)
            .await;
        assert_eq!(page.path(), "/staff/sign-in");
        page.assert_error(message);
        assert!(
            page.body.contains("<title>Error: Sign in"),
            "the title says there is an error"
        );
    }
    // Four more wrong passwords make five for the account; then even the right one is refused.
    let officer = StaffBrowser::new(&portal, &clock, "officer@council.example");
    for _ in 0..4 {
        officer
            .give_password("/staff", "still not the password")
            .await
            .assert_error(message);
    }
    let refused = officer.give_password("/staff", STAFF_PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    refused.assert_error("There have been too many attempts to sign in. Wait 15 minutes");
    // Past the window, the right password works again.
    clock.advance_minutes(16);
    let page = officer.give_password("/staff", STAFF_PASSWORD).await;
    assert_eq!(page.path(), "/staff/sign-in/set-up-code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_works_once_and_so_does_each_recovery_code() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "officer@council.example");
    officer.sign_in().await;
    officer.sign_out().await;

    // The code used to sign in a moment ago is refused; the next one works.
    let page = officer.give_password("/staff", STAFF_PASSWORD).await;
    let now = u64::try_from(clock.now().timestamp()).unwrap();
    let used =
        asb_portal::server::staff::second_factor::code_at(officer.secret.as_deref().unwrap(), now)
            .unwrap();
    let refused = officer.enter_code(&page, &used).await;
    refused.assert_error("The code is not right, or has been used already");
    assert_eq!(officer.get("/staff").await.path(), "/staff/sign-in/code");
    let wrong = officer.enter_code(&refused, "000000").await;
    wrong.assert_error("The code is not right");
    let code = officer.fresh_code();
    assert!(officer
        .enter_code(&wrong, &code)
        .await
        .body
        .contains("Signed in as"));
    officer.sign_out().await;

    // A recovery code instead of the app, typed in capitals: once.
    let recovery = officer.recovery_codes[3].to_uppercase();
    let page = officer.give_password("/staff", STAFF_PASSWORD).await;
    assert!(officer
        .enter_code(&page, &recovery)
        .await
        .body
        .contains("Signed in as"));
    officer.sign_out().await;
    let page = officer.give_password("/staff", STAFF_PASSWORD).await;
    officer
        .enter_code(&page, &recovery)
        .await
        .assert_error("The code is not right, or has been used already");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_after_30_idle_minutes_and_12_hours_in_all() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "officer@council.example");
    officer.sign_in().await;
    clock.advance_minutes(29);
    assert!(officer.get("/staff").await.body.contains("Signed in as"));
    clock.advance_minutes(30);
    let idle = officer.get("/staff").await;
    assert_eq!(idle.path(), "/staff/sign-in");
    assert!(idle
        .body
        .contains("You have been signed out because you did nothing for 30 minutes"));

    // Busy all day: still signed out 12 hours after signing in.
    officer.sign_in().await;
    for _ in 0..(12 * 3 - 1) {
        clock.advance_minutes(20);
        assert!(officer.get("/staff").await.body.contains("Signed in as"));
    }
    clock.advance_minutes(20);
    let expired = officer.get("/staff").await;
    assert_eq!(expired.path(), "/staff/sign-in");
    assert!(expired
        .body
        .contains("because you signed in more than 12 hours ago"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session_and_disabling_an_account_ends_all_of_them() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let id = portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let mut desk = StaffBrowser::new(&portal, &clock, "officer@council.example");
    desk.sign_in().await;
    let mut laptop = StaffBrowser::new(&portal, &clock, "officer@council.example");
    laptop.secret = desk.secret.clone();
    laptop.sign_in().await;

    // The session id from before signing out, sent again, opens nothing.
    use reqwest::cookie::CookieStore;
    let cookie = desk
        .browser
        .jar
        .cookies(&desk.browser.url("/staff").parse().unwrap())
        .unwrap();
    let signed_out = desk.sign_out().await;
    assert!(signed_out.body.contains("You have signed out"));
    let replayed = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(desk.browser.url("/staff"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::SEE_OTHER);
    assert!(laptop.get("/staff").await.body.contains("Signed in as"));

    asb_portal::server::storage::disable_account(&portal.running.db, id, clock.now())
        .await
        .unwrap();
    assert_eq!(laptop.get("/staff").await.path(), "/staff/sign-in");
    laptop
        .give_password("/staff", STAFF_PASSWORD)
        .await
        .assert_error("The email address or password is not right");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_forms_without_their_token_are_refused_and_change_nothing() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "officer@council.example");
    // Sign-in posted from elsewhere (no token): refused, no session.
    officer.get("/staff/sign-in").await;
    let forged = officer
        .browser
        .post(
            "/staff/sign-in",
            &[
                ("email", "officer@council.example"),
                ("password", STAFF_PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(portal.count("staff_sessions").await, 0);

    officer.sign_in().await;
    let forged = officer
        .browser
        .post("/staff/sign-out", &[("csrf", "0".repeat(64))])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        officer.get("/staff").await.body.contains("Signed in as"),
        "still signed in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_https_the_session_cookie_is_host_only_http_only_strict_and_secure() {
    let config =
        Config::from_toml_str("[site]\nbase_url = \"https://asb.council.example\"\n").unwrap();
    let (portal, _clock) = staff_portal(config, None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{}/staff/sign-in", portal.base))
        .send()
        .await
        .unwrap();
    let set_cookie = page.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set_cookie.starts_with("__Host-asb_sign_in="),
        "{set_cookie}"
    );
    let sign_in_cookie = set_cookie.split(';').next().unwrap().to_string();
    let body = page.text().await.unwrap();
    let response = client
        .post(format!("{}/staff/sign-in", portal.base))
        .header("cookie", &sign_in_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=officer%40council.example&password=correct+horse+battery+staple&csrf={}",
            hidden(&body, "csrf")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let session = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(session.starts_with("__Host-asb_staff="), "{session}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    assert!(!session.contains("Domain"), "{session}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_opens_only_what_was_routed_to_them_and_a_guess_looks_like_nothing() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, harassment) = two_reports(&portal).await;
    let triage_id = portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal
        .add_staff("mediator@mediation.example", &["mediation"])
        .await;
    let mut triage = StaffBrowser::new(&portal, &clock, "triage@council.example");
    let mut mediator = StaffBrowser::new(&portal, &clock, "mediator@mediation.example");

    // The link in a referral email: sign in first, then straight to the case.
    let case = mediator
        .sign_in_at(&format!("/staff/reports/{noise}"))
        .await;
    assert_eq!(case.path(), format!("/staff/reports/{noise}"));
    assert!(case.body.contains(&format!("Case {noise}")));
    let queue = mediator.get("/staff").await;
    assert!(queue.body.contains(&noise) && !queue.body.contains(&harassment));

    let theirs = mediator.get(&format!("/staff/reports/{harassment}")).await;
    let guessed = mediator.get("/staff/reports/ASB-2222-2222").await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(guessed.status, StatusCode::NOT_FOUND);
    assert_eq!(without_nonce(&theirs.body), without_nonce(&guessed.body));
    // A staff page's words: back to the cases, nothing about a resident's report.
    assert!(guessed.body.contains("Go to your cases"));
    assert!(!guessed.body.contains("Start a new report"));
    assert!(!guessed
        .body
        .contains("Contact the anti-social behaviour team"));

    triage.sign_in().await;
    let queue = triage.get("/staff").await;
    assert!(queue.body.contains(&noise) && queue.body.contains(&harassment));
    // Urgent, high-risk harassment comes first.
    assert!(queue.body.find(&harassment) < queue.body.find(&noise));
    let case = triage.get(&format!("/staff/reports/{harassment}")).await;
    for shown in [
        "harassed@resident.example",
        "Needs assessment (self-assessed)",
        "Risk band High",
        "Consent",
        "Referral to panel",
    ] {
        assert!(case.body.contains(shown), "{shown} on the case page");
    }
    let harassment_id = portal.report(&harassment).await.id;
    let views: Vec<_> = portal
        .audit()
        .await
        .into_iter()
        .filter(|(_, action, _)| action == "viewed_case")
        .collect();
    assert_eq!(views.len(), 2, "one view each: {views:?}");
    assert_eq!(
        views[1],
        (Some(triage_id), "viewed_case".into(), Some(harassment_id))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_refuses_to_change_or_delete_the_audit_trail() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal
        .add_staff("officer@council.example", &["triage"])
        .await;
    StaffBrowser::new(&portal, &clock, "officer@council.example")
        .sign_in()
        .await;
    let before = portal.audit().await;
    assert!(!before.is_empty());
    for statement in [
        "UPDATE audit_events SET action = 'nothing'",
        "DELETE FROM audit_events",
    ] {
        let refused = portal.try_execute(statement).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("audit events are never")),
            "{statement}: {refused:?}"
        );
    }
    if portal.running.db.is_postgres() {
        assert!(portal
            .try_execute("TRUNCATE audit_events CASCADE")
            .await
            .is_err());
    }
    assert_eq!(portal.audit().await, before);
}

/// The case page, refusing an action that is not for now: the reason in the error summary
/// (it is about the case, not a field).
fn assert_refused(page: &Page, message: &str) {
    assert!(page.body.contains("<title>Error:"), "{}", page.url);
    let summary = &page.body[page
        .body
        .find("govuk-error-summary__list")
        .expect("an error summary")..];
    assert!(
        summary.contains(&html_text(message)),
        "{message} in {summary}"
    );
}

/// The case page's form for `action`, posted with its token.
async fn act(
    officer: &StaffBrowser,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let case = officer.get(&format!("/staff/reports/{reference}")).await;
    officer
        .post_from(
            &case,
            &format!("/staff/reports/{reference}/{action}"),
            fields,
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_triage_officer_accepts_assigns_notes_and_closes_a_case_and_each_change_is_audited() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, _) = two_reports(&portal).await;
    let officer_id = portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;

    let case = officer.get(&format!("/staff/reports/{noise}")).await;
    assert!(case.body.contains(">New<"), "a new case");
    assert!(case.body.contains("Not assigned yet"));
    let accepted = act(&officer, &noise, "accept", &[]).await;
    assert_eq!(accepted.path(), format!("/staff/reports/{noise}"));
    assert!(accepted.body.contains(">Open<"));
    assert!(accepted.body.contains("Accepted the case"));
    // Accepting twice is refused with the reason, and changes nothing.
    let again = act(&officer, &noise, "accept", &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_refused(&again, "This case has been accepted already");

    let id = officer_id.to_string();
    let assigned = act(&officer, &noise, "assign", &[("lead", &id)]).await;
    assert!(
        assigned
            .body
            .contains("Made Officer triage the lead officer"),
        "{}",
        assigned.body
    );
    act(&officer, &noise, "assign", &[("lead", "999999")])
        .await
        .assert_error("Select the officer who will lead this case");

    act(&officer, &noise, "notes", &[("note", "   ")])
        .await
        .assert_error("Enter a note");
    let long = "x".repeat(5001);
    let refused = act(&officer, &noise, "notes", &[("note", &long)]).await;
    refused.assert_error("Note must be 5,000 characters or fewer");
    assert!(refused.body.contains(&long), "the note as typed is kept");
    let noted = act(
        &officer,
        &noise,
        "notes",
        &[("note", "Visited; music heard from the street.")],
    )
    .await;
    assert!(noted.body.contains("Visited; music heard from the street."));

    // Closing: a reason is needed, and only listed actions.
    let close = officer.get(&format!("/staff/reports/{noise}/close")).await;
    let path = format!("/staff/reports/{noise}/close");
    officer
        .post_from(&close, &path, &[])
        .await
        .assert_error("Select why the case is being closed");
    officer
        .post_from(
            &close,
            &path,
            &[("reason", "resolved"), ("outcomes", "eviction")],
        )
        .await
        .assert_error("Select only actions from the list");
    let closed = officer
        .post_from(
            &close,
            &path,
            &[
                ("reason", "resolved"),
                ("outcomes", "warning_letter"),
                ("outcomes", "mediation_held"),
            ],
        )
        .await;
    assert_eq!(closed.path(), format!("/staff/reports/{noise}"));
    assert!(closed.body.contains(">Closed<"));
    assert!(
        closed.body.contains("Warning letter, Mediation held"),
        "{}",
        closed.body
    );
    let queue = officer.get("/staff").await;
    let row = &queue.body[queue.body.find(&noise).unwrap()..];
    assert!(
        row[..row.find("</tr>").unwrap()].contains("Closed"),
        "the queue shows it closed"
    );
    assert_refused(
        &act(&officer, &noise, "accept", &[]).await,
        "This case is closed. Reopen it first",
    );
    assert!(act(&officer, &noise, "reopen", &[])
        .await
        .body
        .contains(">Open<"));

    let report_id = portal.report(&noise).await.id;
    type Change = (String, Option<String>, Option<String>, Option<String>);
    let changes: Vec<Change> = on_db!(portal.db(), |db| sqlx::query_as(
        "SELECT action, field, from_value, to_value FROM audit_events \
         WHERE report_id = $1 AND action <> 'viewed_case' ORDER BY id"
    )
    .bind(report_id)
    .fetch_all(db)
    .await
    .unwrap());
    let s = |v: &str| Some(v.to_string());
    let note_id: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT id FROM case_notes"
    )
    .fetch_one(db)
    .await
    .unwrap());
    assert_eq!(
        changes,
        [
            ("accepted".to_string(), s("status"), s("new"), s("open")),
            // She agreed to be contacted and email is safe: each milestone is told.
            ("accepted".into(), s("resident_update"), None, None),
            ("assigned_lead".into(), s("lead"), None, s(&id)),
            ("assigned_lead".into(), s("resident_update"), None, None),
            (
                "added_note".into(),
                s("note"),
                None,
                s(&note_id.to_string())
            ),
            ("closed".into(), s("status"), s("open"), s("closed")),
            ("closed".into(), s("closure_reason"), None, s("resolved")),
            ("closed".into(), s("outcome"), None, s("warning_letter")),
            ("closed".into(), s("outcome"), None, s("mediation_held")),
            ("closed".into(), s("resident_update"), None, None),
            ("reopened".into(), s("status"), s("closed"), s("open")),
            ("reopened".into(), s("resident_update"), None, None),
        ]
        .map(|(a, b, c, d)| (a, b, c, d))
        .to_vec()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_may_add_notes_but_not_accept_or_close_and_an_auditor_changes_nothing() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, _) = two_reports(&portal).await;
    portal
        .add_staff("mediator@mediation.example", &["mediation"])
        .await;
    portal
        .add_staff("auditor@council.example", &["auditor"])
        .await;
    let mut mediator = StaffBrowser::new(&portal, &clock, "mediator@mediation.example");
    let mut auditor = StaffBrowser::new(&portal, &clock, "auditor@council.example");
    mediator.sign_in().await;
    auditor.sign_in().await;

    let case = mediator.get(&format!("/staff/reports/{noise}")).await;
    assert!(!case.body.contains("Accept case") && !case.body.contains("Close case"));
    assert!(case.body.contains("Add a note"));
    assert!(act(
        &mediator,
        &noise,
        "notes",
        &[("note", "First session booked.")]
    )
    .await
    .body
    .contains("First session booked."));
    for action in ["accept", "close", "reopen", "assign"] {
        let refused = act(&mediator, &noise, action, &[("reason", "resolved")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{action}");
    }
    let read_only = auditor.get(&format!("/staff/reports/{noise}")).await;
    assert!(!read_only.body.contains("Add a note") && !read_only.body.contains("Accept case"));
    assert_eq!(
        act(&auditor, &noise, "notes", &[("note", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let changes: i64 = on_db!(portal.db(), |db| {
        sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE action NOT IN ('viewed_case', 'signed_in', 'enrolled_second_factor')"
    )
    .fetch_one(db)
    .await
    .unwrap()
    });
    assert_eq!(changes, 1, "the mediator's note only");
}

/// The link in the newest invitation email.
async fn invitation_link(portal: &Portal) -> String {
    let body: String = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT body FROM outbox WHERE kind = 'invitation' ORDER BY id DESC LIMIT 1"
    )
    .fetch_one(db)
    .await
    .unwrap());
    let start = body
        .find("/staff/invitation/")
        .expect("a link in the invitation");
    body[start..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_invites_a_partner_who_sets_a_password_and_signs_in() {
    let sink = SmtpSink::started();
    let (portal, clock) = staff_portal(smtp_config(sink.port), Some(sink)).await;
    let admin_id = portal.add_staff("admin@council.example", &["admin"]).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut admin = StaffBrowser::new(&portal, &clock, "admin@council.example");
    admin.sign_in().await;

    let invite = admin.get("/staff/admin/accounts/invite").await;
    let refused = admin
        .post_from(
            &invite,
            "/staff/admin/accounts/invite",
            &[
                ("name", ""),
                ("email", "not an email"),
                ("roles", "superuser"),
            ],
        )
        .await;
    refused.assert_error("Enter their full name");
    refused.assert_error("Enter an email address in the correct format");
    refused.assert_error("Select only roles from the list");
    admin
        .post_from(
            &invite,
            "/staff/admin/accounts/invite",
            &[
                ("name", "Sam Okafor"),
                ("email", "triage@council.example"),
                ("roles", "mediation"),
            ],
        )
        .await
        .assert_error("There is an account with this email address already");
    let sent = admin
        .post_from(
            &invite,
            "/staff/admin/accounts/invite",
            &[
                ("name", "Sam Okafor"),
                ("email", "Sam@Mediation.example"),
                ("roles", "mediation"),
            ],
        )
        .await;
    assert_eq!(sent.path(), "/staff/admin/accounts");
    assert!(sent.body.contains("Sam Okafor has been sent an invitation"));
    assert!(sent.body.contains("Invited"));

    // The email, through the real SMTP server: the subject names nobody.
    let mail = portal.sink().wait_for_messages(1).await;
    let invitation = mail
        .iter()
        .find(|m| m.to.contains("sam@mediation.example"))
        .expect("the invitation email");
    assert_eq!(invitation.subject, "Your account for the ASB staff area");
    let link = invitation_link(&portal).await;

    let sam = StaffBrowser::new(&portal, &clock, "sam@mediation.example");
    let page = sam.get(&link).await;
    assert!(page.body.contains("Set your password"));
    let short = sam
        .browser
        .post(&link, &[("password", "short"), ("confirm", "short")])
        .await;
    short.assert_error("Password must be 15 characters or more");
    let mismatch = sam
        .browser
        .post(
            &link,
            &[
                ("password", STAFF_PASSWORD),
                ("confirm", "something else entirely"),
            ],
        )
        .await;
    mismatch.assert_error("The passwords do not match");
    let set = sam
        .browser
        .post(
            &link,
            &[("password", STAFF_PASSWORD), ("confirm", STAFF_PASSWORD)],
        )
        .await;
    assert_eq!(set.path(), "/staff/sign-in");
    assert!(set.body.contains("Your password is set"));
    // The link works once.
    let again = sam.get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("This link does not work"));

    let mut sam = sam;
    let queue = sam.sign_in().await;
    assert!(queue.body.contains("(Mediation service)"));
    // Not an administrator: the accounts pages are refused.
    assert_eq!(
        sam.get("/staff/admin/accounts").await.status,
        StatusCode::FORBIDDEN
    );

    // Roles changed, then the account disabled: Sam is signed out at once.
    let accounts = admin.get("/staff/admin/accounts").await;
    let sam_id: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT id FROM staff_accounts WHERE email = 'sam@mediation.example'"
    )
    .fetch_one(db)
    .await
    .unwrap());
    assert!(accounts
        .body
        .contains(&format!("/staff/admin/accounts/{sam_id}")));
    let account_path = format!("/staff/admin/accounts/{sam_id}");
    let account = admin.get(&account_path).await;
    admin
        .post_from(&account, &format!("{account_path}/roles"), &[])
        .await
        .assert_error("Select at least one role");
    let changed = admin
        .post_from(
            &account,
            &format!("{account_path}/roles"),
            &[("roles", "mediation"), ("roles", "support")],
        )
        .await;
    assert!(
        changed.body.contains("Mediation service, Victim support")
            || changed.body.contains("Victim support, Mediation service"),
        "{}",
        changed.body
    );
    admin
        .post_from(&account, &format!("{account_path}/disable"), &[])
        .await;
    assert_eq!(sam.get("/staff").await.path(), "/staff/sign-in");
    // An administrator cannot disable themselves.
    let own = admin
        .get(&format!("/staff/admin/accounts/{admin_id}"))
        .await;
    assert!(own.body.contains("This is your own account"));
    assert_eq!(
        admin
            .post_from(
                &own,
                &format!("/staff/admin/accounts/{admin_id}/disable"),
                &[]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let actions: Vec<(String, Option<i64>)> = on_db!(portal.db(), |db| {
        sqlx::query_as(
        "SELECT action, subject_account_id FROM audit_events \
         WHERE action IN ('invited_account', 'accepted_invitation', 'set_roles', 'disabled_account') ORDER BY id"
    )
    .fetch_all(db)
    .await
    .unwrap()
    });
    assert_eq!(
        actions,
        [
            ("invited_account".to_string(), Some(sam_id)),
            ("accepted_invitation".into(), Some(sam_id)),
            ("set_roles".into(), Some(sam_id)),
            ("disabled_account".into(), Some(sam_id)),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_expires() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    portal.add_staff("admin@council.example", &["admin"]).await;
    let mut admin = StaffBrowser::new(&portal, &clock, "admin@council.example");
    admin.sign_in().await;
    let invite = admin.get("/staff/admin/accounts/invite").await;
    admin
        .post_from(
            &invite,
            "/staff/admin/accounts/invite",
            &[
                ("name", "Sam Okafor"),
                ("email", "sam@mediation.example"),
                ("roles", "mediation"),
            ],
        )
        .await;
    let link = invitation_link(&portal).await;
    clock.advance_minutes(72 * 60 + 1);
    let page = portal.browser().get(&link).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("This link does not work"));
    let guessed = portal
        .browser()
        .get(&format!("/staff/invitation/{}", "ab".repeat(32)))
        .await;
    assert_eq!(without_nonce(&guessed.body), without_nonce(&page.body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sees_failed_emails_and_retries_them_once_the_relay_is_back() {
    // The relay is down and the outbox gives up after two attempts.
    let sink = SmtpSink::new();
    let mut config = smtp_config(sink.port);
    config.outbox.max_attempts = 2;
    let (mut portal, clock) = staff_portal(config, Some(sink)).await;
    let reference = portal
        .browser()
        .report(&Answers::straightforward("noise@resident.example"))
        .await
        .reference();
    portal.add_staff("admin@council.example", &["admin"]).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    eventually("every email to fail", || async {
        let dead: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE status = 'dead'"
        )
        .fetch_one(db)
        .await
        .unwrap());
        (dead == 3).then_some(())
    })
    .await;

    let mut triage = StaffBrowser::new(&portal, &clock, "triage@council.example");
    triage.sign_in().await;
    assert_eq!(
        triage.get("/staff/admin/outbox").await.status,
        StatusCode::FORBIDDEN
    );
    let mut admin = StaffBrowser::new(&portal, &clock, "admin@council.example");
    admin.sign_in().await;
    let outbox = admin.get("/staff/admin/outbox").await;
    assert!(
        outbox.body.contains("3 failed after every attempt"),
        "{}",
        outbox.body
    );
    assert!(outbox.body.contains("Acknowledgement to the resident"));
    assert!(outbox.body.contains(&reference));
    assert!(outbox.body.contains("2 of 2"));

    portal.sink_mut().start();
    let id: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT id FROM outbox WHERE kind = 'acknowledgement'"
    )
    .fetch_one(db)
    .await
    .unwrap());
    let after = admin
        .post_from(&outbox, &format!("/staff/admin/outbox/{id}/retry"), &[])
        .await;
    assert!(
        after.body.contains("2 failed after every attempt"),
        "{}",
        after.body
    );
    let mail = portal.sink().wait_for_messages(1).await;
    assert!(mail[0].is_to("noise@resident.example"));
    let retried: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE action = 'retried_email'"
    )
    .fetch_one(db)
    .await
    .unwrap());
    assert_eq!(retried, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_filters_by_status_band_category_and_area_and_names_a_value_never_offered() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, harassment) = two_reports(&portal).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut triage = StaffBrowser::new(&portal, &clock, "triage@council.example");
    triage.sign_in().await;
    let shows = |page: &Page| (page.body.contains(&noise), page.body.contains(&harassment));
    for (query, expected) in [
        ("", (true, true)),
        ("?category=harassment", (false, true)),
        ("?band=high", (false, true)),
        ("?band=not_assessed", (true, false)),
        ("?status=new&category=noise", (true, false)),
        ("?status=closed", (false, false)),
        ("?status=&band=&category=&area=", (true, true)),
    ] {
        let page = triage.get(&format!("/staff{query}")).await;
        page.assert_no_error();
        assert_eq!(shows(&page), expected, "{query}");
    }
    let odd = triage.get("/staff?band=extreme&status=archived").await;
    assert!(odd.body.contains("Select a risk band from the list"));
    assert!(odd.body.contains("Select a status from the list"));
    assert_eq!(
        shows(&odd),
        (true, true),
        "the rest of the queue still shows"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_years_after_a_case_closes_its_personal_data_is_erased_and_the_facts_and_audit_stay() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, harassment) = two_reports(&portal).await;
    portal.wait_all_sent().await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    act(
        &officer,
        &noise,
        "notes",
        &[("note", "Spoke to Priya at home.")],
    )
    .await;
    let close = officer
        .get(&format!("/staff/reports/{harassment}/close"))
        .await;
    officer
        .post_from(
            &close,
            &format!("/staff/reports/{harassment}/close"),
            &[("reason", "resolved"), ("outcomes", "injunction")],
        )
        .await;
    let harassment_id = portal.report(&harassment).await.id;
    let audit_before = portal.audit().await;
    let policy = Config::default().retention;
    let run = |days: i64| {
        let db = portal.running.db.clone();
        async move {
            asb_portal::server::retention::run_once(
                &db,
                &policy,
                chrono::Utc::now() + chrono::Duration::days(days),
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(run(2189).await, Vec::<i64>::new(), "not yet six years");
    assert_eq!(run(2191).await, [harassment_id]);
    assert_eq!(run(2191).await, Vec::<i64>::new(), "erased once");

    let erased = portal.report(&harassment).await;
    assert_eq!(erased.category, "harassment", "the anonymous facts stay");
    assert_eq!((erased.postcode, erased.address), (None, None));
    let text: String = on_db!(portal.db(), |db| {
        sqlx::query_scalar(
        "SELECT coalesce(full_name, '') || coalesce(email, '') || coalesce(phone, '') || description \
         FROM reports WHERE id = $1"
    )
    .bind(harassment_id)
    .fetch_one(db)
    .await
    .unwrap()
    });
    assert_eq!(text, "");
    assert!(portal.assessment_answers(harassment_id).await.is_empty());
    assert!(
        portal.report(&noise).await.postcode.is_some(),
        "an open case is untouched"
    );
    for row in portal
        .outbox()
        .await
        .iter()
        .filter(|o| o.report_id == Some(harassment_id))
    {
        assert_eq!(
            (row.subject.as_str(), row.body.as_str()),
            ("", ""),
            "its mail's text is erased"
        );
        assert!(row.recipients().is_empty());
    }
    // The audit trail is whole, plus what was erased.
    let audit_after = portal.audit().await;
    assert_eq!(&audit_after[..audit_before.len()], &audit_before[..]);
    assert_eq!(
        audit_after[audit_before.len()..],
        [(
            None,
            "erased_personal_data".to_string(),
            Some(harassment_id)
        )]
    );
    let case = officer.get(&format!("/staff/reports/{harassment}")).await;
    assert!(case.body.contains("was erased on"));
    assert!(!case.body.contains("harassed@resident.example"));
    assert!(case.body.contains("Civil injunction"), "the closure stays");

    // A year on, the case never closed is listed for review, and is never erased.
    clock.advance_minutes(366 * 24 * 60);
    officer.sign_in().await;
    let review = officer.get("/staff/admin/retention").await;
    assert!(
        review.body.contains("So far 1 reports have been erased"),
        "{}",
        review.body
    );
    let listed = &review.body[review.body.find("Old cases never closed").unwrap()..];
    assert!(listed.contains(&noise) && !listed.contains(&harassment));
    assert!(
        run(36_000).await.is_empty(),
        "an unclosed case is never erased"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_on_staff_forms_gets_a_page_saying_so_and_changes_nothing() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, _) = two_reports(&portal).await;
    portal
        .add_staff("triage@council.example", &["triage", "admin"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let audit_before = portal.audit().await.len();
    let case = officer.get(&format!("/staff/reports/{noise}")).await;
    let csrf = hidden(&case.body, "csrf");
    let post = |path: String, body: Vec<u8>| {
        let client = officer.browser.client.clone();
        let url = officer.browser.url(&path);
        async move {
            client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    // A megabyte of note: refused before it is read.
    let mut huge = format!("csrf={csrf}&note=").into_bytes();
    huge.extend(std::iter::repeat_n(b'x', 1024 * 1024));
    let refused = post(format!("/staff/reports/{noise}/notes"), huge).await;
    assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Sorry, that was too large to send"));
    // Bytes that are not a form, a lead that is not a number, an account id that does not exist.
    for (path, body, status, says) in [
        (
            format!("/staff/reports/{noise}/notes"),
            b"csrf=%ZZ&note=%".to_vec(),
            StatusCode::FORBIDDEN,
            "Sorry, we could not save that",
        ),
        (
            format!("/staff/reports/{noise}/assign"),
            format!("csrf={csrf}&lead=abc").into_bytes(),
            StatusCode::OK,
            "Select the officer who will lead this case",
        ),
        (
            "/staff/admin/accounts/999999/roles".to_string(),
            format!("csrf={csrf}&roles=triage").into_bytes(),
            StatusCode::NOT_FOUND,
            "Page not found",
        ),
        (
            format!("/staff/reports/{noise}/close"),
            format!("csrf={csrf}&reason=resolved&outcomes=made_up").into_bytes(),
            StatusCode::OK,
            "Select only actions from the list",
        ),
    ] {
        let response = post(path.clone(), body).await;
        assert_eq!(response.status(), status, "{path}");
        assert!(
            response.text().await.unwrap().contains(says),
            "{path}: {says}"
        );
    }
    let changes = portal
        .audit()
        .await
        .into_iter()
        .skip(audit_before)
        .filter(|(_, action, _)| action != "viewed_case")
        .count();
    assert_eq!(changes, 0, "nothing was changed");
    let notes: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT count(*) FROM case_notes"
    )
    .fetch_one(db)
    .await
    .unwrap());
    assert_eq!(notes, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_cases_and_reports_and_its_csv_names_nobody() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    two_reports(&portal).await;
    portal
        .add_staff("auditor@council.example", &["auditor"])
        .await;
    portal
        .add_staff("mediator@mediation.example", &["mediation"])
        .await;
    let mut auditor = StaffBrowser::new(&portal, &clock, "auditor@council.example");
    auditor.sign_in().await;
    let page = auditor.get("/staff/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("0 overdue"), "both arrived today");
    assert!(page.body.contains("<svg"), "the chart");
    assert!(
        page.body.contains("Reports a week by category"),
        "and its table"
    );
    // New cases: one high (harassment), one not assessed (noise).
    let open = &page.body[page.body.find("Open cases by status").unwrap()..];
    let new_row = &open[open.find(">New<").unwrap()..];
    let cells: Vec<&str> = new_row[..new_row.find("</tr>").unwrap()]
        .split("govuk-table__cell--numeric\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["1", "0", "0", "1"]);
    let csv = auditor
        .browser
        .client
        .get(auditor.browser.url("/staff/dashboard.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("open_cases,new:high,,1"), "{csv}");
    assert!(csv.contains(",harassment,1\n"), "{csv}");
    for personal in ["resident.example", "Priya", "07700"] {
        assert!(!csv.contains(personal), "{personal} in the CSV");
    }
    // Clock on 8 working days: both new cases are past their response date.
    clock.advance_minutes(12 * 24 * 60);
    auditor.sign_in().await;
    assert!(auditor
        .get("/staff/dashboard")
        .await
        .body
        .contains("2 overdue"));

    let mut mediator = StaffBrowser::new(&portal, &clock, "mediator@mediation.example");
    mediator.sign_in().await;
    assert_eq!(
        mediator.get("/staff/dashboard").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_case_comes_first_in_the_queue() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, harassment) = two_reports(&portal).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut triage = StaffBrowser::new(&portal, &clock, "triage@council.example");
    triage.sign_in().await;
    act(&triage, &harassment, "accept", &[]).await;
    let queue = triage.get("/staff").await;
    assert!(
        queue.body.find(&harassment) < queue.body.find(&noise),
        "urgent first"
    );
    assert!(!queue.body.contains(">Overdue<"));
    // Twelve days on, the noise report is past its five working days and nobody accepted it.
    clock.advance_minutes(12 * 24 * 60);
    triage.sign_in().await;
    let queue = triage.get("/staff").await;
    assert!(
        queue.body.find(&noise) < queue.body.find(&harassment),
        "overdue first"
    );
    assert_eq!(queue.body.matches(">Overdue<").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_refers_a_case_to_another_partner_who_is_emailed_and_can_open_it() {
    let sink = SmtpSink::started();
    let (portal, clock) = staff_portal(smtp_config(sink.port), Some(sink)).await;
    let (noise, _) = two_reports(&portal).await;
    // The acknowledgements, and referrals to triage and mediation (noise) and to triage, the
    // panel and support (harassment: not safe to email, so no acknowledgement).
    portal.sink().wait_for_messages(6).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal
        .add_staff("worker@victim-support.example", &["support"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let mut support = StaffBrowser::new(&portal, &clock, "worker@victim-support.example");
    support.sign_in().await;
    let case_path = format!("/staff/reports/{noise}");
    assert_eq!(support.get(&case_path).await.status, StatusCode::NOT_FOUND);

    let path = format!("{case_path}/refer");
    let form = officer.get(&path).await;
    assert!(form.body.contains("Victim support service"));
    assert!(form.body.contains("Community MARAC panel"));
    assert!(
        !form.body.contains("value=\"mediation\""),
        "mediation has it already"
    );
    assert!(form
        .body
        .contains("The resident has not agreed to this yet"));
    let outbox_before = portal.sink().messages().len();
    let audit_before = portal.audit().await;
    let reason = "Resident rang: the noise is making her ill and she wants support";
    officer
        .post_from(&form, &path, &[("route", "support")])
        .await
        .assert_error("Enter why you are referring this case");
    officer
        .post_from(&form, &path, &[("route", "mediation"), ("reason", reason)])
        .await
        .assert_error("Select one of the services listed");
    let unconsented = officer
        .post_from(&form, &path, &[("route", "support"), ("reason", reason)])
        .await;
    unconsented.assert_error("The resident has not agreed to this referral");
    assert!(unconsented.body.contains(reason), "the reason as typed");
    assert_eq!(portal.audit().await, audit_before, "nothing half-saved");

    let referred = officer
        .post_from(
            &form,
            &path,
            &[("route", "support"), ("reason", reason), ("agreed", "yes")],
        )
        .await;
    assert_eq!(referred.path(), case_path);
    assert!(referred
        .body
        .contains("Referred the case to Victim support service"));
    assert!(referred.body.contains("officer_referral"));
    assert!(referred.body.contains(reason), "the reason, for staff");

    let mail = portal.sink().wait_for_messages(outbox_before + 1).await;
    // Support had the harassment report already; this one is new to them.
    let to_support: Vec<_> = mail_to(&mail, "referrals@victim-support.example")
        .into_iter()
        .filter(|m| m.subject.contains(&noise))
        .collect();
    assert_eq!(to_support.len(), 1);
    let email = to_support[0];
    assert_eq!(
        email.subject,
        format!("ASB referral {noise} for Victim support service")
    );
    assert!(email.body.contains("officer_referral"));
    assert!(email.body.contains(&format!("/staff/reports/{noise}")));
    assert!(
        !email.everything().contains("making her ill"),
        "the reason stays on the case page"
    );
    assert_no_personal_data(
        "the referral",
        &email.everything(),
        "noise@resident.example",
    );
    assert_eq!(support.get(&case_path).await.status, StatusCode::OK);

    let report_id = portal.report(&noise).await.id;
    let consent: (bool, String, String) = on_db!(portal.db(), |db| sqlx::query_as(
        "SELECT given, channel, recorded_by FROM consents \
         WHERE report_id = $1 AND item = 'support'"
    )
    .bind(report_id)
    .fetch_one(db)
    .await
    .unwrap());
    assert_eq!(
        consent,
        (
            true,
            "officer_assisted".into(),
            "resident_to_officer".into()
        )
    );
    let changes: Vec<(String, Option<String>, Option<String>)> = on_db!(portal.db(), |db| {
        sqlx::query_as(
            "SELECT action, field, to_value FROM audit_events \
             WHERE report_id = $1 AND action = 'rerouted' ORDER BY id",
        )
        .bind(report_id)
        .fetch_all(db)
        .await
        .unwrap()
    });
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        changes,
        [
            ("rerouted".into(), s("consent"), s("support")),
            ("rerouted".into(), s("route"), s("support")),
        ]
    );
    // Support has it now: it is no longer offered.
    assert!(!officer
        .get(&path)
        .await
        .body
        .contains("Victim support service"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linked_reports_show_each_other_but_never_each_others_people() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let first = portal
        .browser()
        .report(&Answers::straightforward("noise@resident.example"))
        .await
        .reference();
    // The neighbour reports back: someone else, with their own details.
    let mut counter = Answers::straightforward("neighbour@resident.example");
    counter.set_contact_detail("full_name", "Tomasz Wrenbridge");
    counter.set_contact_detail("phone", "07700 900 111");
    counter.set_contact_detail("contact_times", "Mornings");
    set(&mut counter.location, "address", "16 Larkspur Terrace");
    set(&mut counter.location, "postcode", "SW1A 2AA");
    set(
        &mut counter.details,
        "description",
        "My neighbour bangs on the ceiling with a broom at midnight",
    );
    set(
        &mut counter.details,
        "people_involved",
        "The woman in flat 2",
    );
    let second = portal.browser().report(&counter).await.reference();
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal
        .add_staff("mediator@mediation.example", &["mediation"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;

    let path = format!("/staff/reports/{first}/link");
    let form = officer.get(&path).await;
    let post = |fields: Vec<(&'static str, String)>| {
        let (officer, form, path) = (&officer, &form, &path);
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            officer.post_from(form, path, &pairs).await
        }
    };
    let why = "They report each other about the same noise".to_string();
    post(vec![])
        .await
        .assert_error("Enter the reference of the report to link");
    post(vec![
        ("other", first.to_lowercase()),
        ("kind", "counter_allegation".into()),
        ("reason", why.clone()),
    ])
    .await
    .assert_error("Enter the reference of a different report");
    post(vec![
        ("other", "ASB-0000-0000".into()),
        ("kind", "counter_allegation".into()),
        ("reason", why.clone()),
    ])
    .await
    .assert_error("There is no report with that reference");
    post(vec![
        ("other", second.clone()),
        ("kind", "feud".into()),
        ("reason", why.clone()),
    ])
    .await
    .assert_error("Select one of the options listed");
    let linked = post(vec![
        ("other", second.clone()),
        ("kind", "counter_allegation".into()),
        ("reason", why.clone()),
    ])
    .await;
    assert_eq!(linked.path(), format!("/staff/reports/{first}"));

    // Each page names the other report, and shows its own people only.
    let first_page = officer.get(&format!("/staff/reports/{first}")).await;
    let second_page = officer.get(&format!("/staff/reports/{second}")).await;
    for (page, other) in [(&first_page, &second), (&second_page, &first)] {
        assert!(page.body.contains("Linked reports"));
        assert!(page
            .body
            .contains(&format!("href=\"/staff/reports/{other}\"")));
        assert!(page.body.contains("A counter-allegation"));
        assert!(page.body.contains("Linked another report to this case"));
    }
    assert!(first_page.body.contains(RESIDENT.name));
    assert!(second_page.body.contains("Tomasz Wrenbridge"));
    for secret in [
        "Tomasz Wrenbridge",
        "neighbour@resident.example",
        "07700 900 111",
        "16 Larkspur Terrace",
        "bangs on the ceiling",
        "The woman in flat 2",
    ] {
        assert!(
            !first_page.body.contains(secret),
            "{secret} on the first page"
        );
    }
    assert_no_personal_data(
        "the counter-allegation's page",
        &second_page.body,
        "noise@resident.example",
    );

    // Linking them again, from the other side, is refused.
    let back = format!("/staff/reports/{second}/link");
    let again_form = officer.get(&back).await;
    officer
        .post_from(
            &again_form,
            &back,
            &[
                ("other", first.as_str()),
                ("kind", "same_problem"),
                ("reason", "Again"),
            ],
        )
        .await
        .assert_error("These reports are linked already");

    // The mediator (both reports went to mediation) sees no links.
    let mut mediator = StaffBrowser::new(&portal, &clock, "mediator@mediation.example");
    mediator.sign_in().await;
    let seen = mediator.get(&format!("/staff/reports/{first}")).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Linked reports"));
    assert!(!seen.body.contains(&second));
    assert_eq!(
        mediator.get(&path).await.path(),
        format!("/staff/reports/{first}"),
        "a partner's link page leads back to the case"
    );
}

/// Every question of the risk assessment answered with its highest-scoring (or lowest-scoring)
/// option, as form pairs.
fn risk_answers(highest: bool) -> Vec<(String, String)> {
    Config::default()
        .assessment
        .questions
        .iter()
        .map(|q| {
            let by_score = q.options.iter().map(|o| (o.score, o.critical, &o.value));
            let chosen = if highest {
                by_score.max()
            } else {
                by_score.min()
            };
            (q.id.clone(), chosen.unwrap().2.clone())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officers_assessment_supersedes_the_residents_for_the_band_and_routing() {
    let sink = SmtpSink::started();
    let (portal, clock) = staff_portal(smtp_config(sink.port), Some(sink)).await;
    // Not assessed when reported; agreed to share, and to mediation, not to victim support.
    let noise = portal
        .browser()
        .report(&Answers::straightforward("noise@resident.example"))
        .await
        .reference();
    portal.sink().wait_for_messages(3).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal
        .add_staff("coordinator@marac.example", &["panel"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let case_path = format!("/staff/reports/{noise}");
    let case = officer.get(&case_path).await;
    assert!(case.body.contains("Not assessed (self-assessed)"));

    let path = format!("{case_path}/assess");
    let form = officer.get(&path).await;
    assert!(form.body.contains("Initial assessment"));
    assert!(
        !form.body.contains("Review assessment"),
        "no review before the first"
    );
    let audit_before = portal.audit().await;
    let first_question = &Config::default().assessment.questions[0];
    let empty = officer.post_from(&form, &path, &[]).await;
    empty.assert_error("Select which assessment this is");
    empty.assert_error(&first_question.error);
    let high = risk_answers(true);
    let pairs = |answers: &[(String, String)], stage: &'static str| {
        let mut pairs: Vec<(String, String)> = answers.to_vec();
        pairs.push(("stage".into(), stage.into()));
        pairs
    };
    let post = |pairs: Vec<(String, String)>| {
        let (officer, form, path) = (&officer, &form, &path);
        async move {
            let pairs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            officer.post_from(form, path, &pairs).await
        }
    };
    post(pairs(&high, "review"))
        .await
        .assert_error("Select one of the assessments listed");
    let mut invented = high.clone();
    invented[0].1 = "sometimes".into();
    let refused = post(pairs(&invented, "initial")).await;
    refused.assert_error("Select one of the answers listed");
    assert_eq!(portal.audit().await, audit_before, "nothing half-saved");

    let assessed = post(pairs(&high, "initial")).await;
    assert_eq!(assessed.path(), case_path);
    assert!(
        assessed
            .body
            .contains("High, from Officer triage's initial assessment"),
        "{}",
        assessed.body
    );
    assert!(assessed
        .body
        .contains("Recorded the initial risk assessment"));
    assert!(assessed.body.contains("Band set to high"));
    assert!(assessed
        .body
        .contains("Referred the case to Community MARAC panel"));
    // High calls for the panel (she agreed to share: sent now) and victim support (she did
    // not agree: the officer is asked to).
    assert!(assessed.body.contains(
        "This band calls for a referral to Victim support service, but the resident has not \
         agreed to it"
    ));
    let mail = portal.sink().wait_for_messages(4).await;
    let to_panel = mail_to(&mail, "community-marac@council.example");
    assert_eq!(to_panel.len(), 1);
    assert!(to_panel[0].body.contains("panel_high_risk"));
    assert!(to_panel[0]
        .body
        .contains("Band high on a triage officer's initial risk assessment"));
    assert_no_personal_data(
        "the panel referral",
        &to_panel[0].everything(),
        "noise@resident.example",
    );
    let mut coordinator = StaffBrowser::new(&portal, &clock, "coordinator@marac.example");
    coordinator.sign_in().await;
    assert_eq!(coordinator.get(&case_path).await.status, StatusCode::OK);
    let queue = officer.get("/staff?band=high").await;
    assert!(
        queue.body.contains(&noise),
        "the queue reads the officer's band"
    );

    // A review starts from the last answers; lower ones bring the band down.
    let review = officer.get(&path).await;
    assert!(review.body.contains("Review assessment"));
    assert!(review.body.contains("Closing assessment"));
    assert!(!review.body.contains("value=\"initial\""));
    let reviewed = officer
        .post_from(
            &review,
            &path,
            &pairs(&risk_answers(false), "review")
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert!(reviewed.body.contains("Band changed from high to standard"));
    assert!(reviewed
        .body
        .contains("Standard, from Officer triage's review assessment"));
    assert!(!officer.get("/staff?band=high").await.body.contains(&noise));

    let report_id = portal.report(&noise).await.id;
    let changes: Vec<(Option<String>, Option<String>, Option<String>)> =
        on_db!(portal.db(), |db| {
            sqlx::query_as(
                "SELECT field, from_value, to_value FROM audit_events \
             WHERE report_id = $1 AND action = 'assessed_risk' ORDER BY id",
            )
            .bind(report_id)
            .fetch_all(db)
            .await
            .unwrap()
        });
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        changes,
        [
            (s("stage"), None, s("initial")),
            (s("band"), None, s("high")),
            (s("route"), None, s("panel")),
            (s("stage"), None, s("review")),
            (s("band"), s("high"), s("standard")),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resident_is_emailed_at_each_milestone_only_when_they_agreed_and_email_is_safe() {
    let sink = SmtpSink::started();
    let (portal, clock) = staff_portal(smtp_config(sink.port), Some(sink)).await;
    // Noise: contact agreed, email safe. Harassment: email is not safe.
    let (noise, harassment) = two_reports(&portal).await;
    let first = portal.sink().wait_for_messages(6).await.len();
    let officer_id = portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let id = officer_id.to_string();
    for reference in [&noise, &harassment] {
        act(&officer, reference, "accept", &[]).await;
        act(&officer, reference, "assign", &[("lead", &id)]).await;
        act(
            &officer,
            reference,
            "notes",
            &[("note", "Rang the resident.")],
        )
        .await;
    }
    let close = officer.get(&format!("/staff/reports/{noise}/close")).await;
    let closed = officer
        .post_from(
            &close,
            &format!("/staff/reports/{noise}/close"),
            &[("reason", "resolved")],
        )
        .await;
    assert!(closed.body.contains("Told the resident by email"));
    assert!(closed.body.contains("Update to the resident"));

    let mail = portal.sink().wait_for_messages(first + 3).await;
    let to_noise: Vec<_> = mail_to(&mail, "noise@resident.example")
        .into_iter()
        .filter(|m| m.subject == format!("An update on your report {noise}"))
        .collect();
    assert_eq!(to_noise.len(), 3, "accepted, a named officer, closed");
    // The outbox sends in any order.
    let said = |words: &str| to_noise.iter().filter(|m| m.body.contains(words)).count();
    assert_eq!(said("is now dealing with your report"), 1);
    assert_eq!(said("Your case now has a named officer"), 1);
    assert_eq!(said("We have closed your case"), 1);
    assert_eq!(said("/case-review/apply"), 1);
    for update in &to_noise {
        assert!(!update.body.contains("Officer triage"), "no officer's name");
        assert!(!update.body.contains("Rang the resident"), "no notes");
        assert!(
            !update.body.to_lowercase().contains("mediation"),
            "no partner"
        );
        // Addressed to her, and carrying nothing else of hers.
        let words = format!("{}\n{}", update.subject, update.body);
        assert_no_personal_data("an update", &words, "noise@resident.example");
    }
    assert!(
        mail_to(&mail, "harassed@resident.example").is_empty(),
        "never to an address that is not safe"
    );
    // Nothing more arrives: a note is not a milestone.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(portal.sink().messages().len(), first + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_records_a_safeguarding_referral_with_its_agency_and_date() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, _) = two_reports(&portal).await;
    portal
        .add_staff("mediator@mediation.example", &["mediation"])
        .await;
    let mut mediator = StaffBrowser::new(&portal, &clock, "mediator@mediation.example");
    mediator.sign_in().await;
    let case_path = format!("/staff/reports/{noise}");
    let case = mediator.get(&case_path).await;
    assert!(case.body.contains("Record a safeguarding referral"));
    assert!(
        !case.body.contains("Assess the risk"),
        "triage's, not a partner's"
    );
    let path = format!("{case_path}/safeguarding");
    let form = mediator.get(&path).await;
    let audit_before = portal.audit().await;
    let empty = mediator.post_from(&form, &path, &[]).await;
    empty.assert_error("Select who the referral was made to");
    empty.assert_error("Enter the agency the referral went to");
    empty.assert_error("Enter the date the referral was made");
    let tomorrow = clock.now().date_naive() + chrono::Days::new(2);
    let future = mediator
        .post_from(
            &form,
            &path,
            &[
                ("kind", "adult"),
                ("agency", "Adult Social Care"),
                ("made-on-day", &tomorrow.format("%-d").to_string()),
                ("made-on-month", &tomorrow.format("%-m").to_string()),
                ("made-on-year", &tomorrow.format("%Y").to_string()),
            ],
        )
        .await;
    future.assert_error("The date the referral was made must be today or in the past");
    assert!(future.body.contains("Adult Social Care"), "kept as typed");
    mediator
        .post_from(&form, &path, &[("kind", "police"), ("agency", "x")])
        .await
        .assert_error("Select one of the options listed");
    assert_eq!(portal.audit().await, audit_before, "nothing half-saved");

    let recorded = mediator
        .post_from(
            &form,
            &path,
            &[
                ("kind", "adult"),
                ("agency", "Adult Social Care"),
                ("made-on-day", "2"),
                ("made-on-month", "12"),
                ("made-on-year", "2026"),
            ],
        )
        .await;
    assert_eq!(recorded.path(), case_path);
    assert!(recorded
        .body
        .contains("Adult safeguarding: Adult Social Care, made on 2 December 2026"));
    assert!(recorded
        .body
        .contains("Recorded a safeguarding referral (adult safeguarding)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_and_auditors_filter_the_audit_trail_which_names_no_resident() {
    let (portal, clock) = staff_portal(Config::default(), None).await;
    let (noise, harassment) = two_reports(&portal).await;
    let triage_id = portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal.add_staff("admin@council.example", &["admin"]).await;
    portal
        .add_staff("scrutiny@tenants.example", &["auditor"])
        .await;
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    act(&officer, &noise, "accept", &[]).await;
    officer.get(&format!("/staff/reports/{harassment}")).await;
    assert_eq!(
        officer.get("/staff/audit").await.status,
        StatusCode::FORBIDDEN,
        "triage works cases; scrutiny is for others"
    );

    // The table's rows, without the filter form (which lists every action).
    let rows = |page: &Page| {
        let body = &page.body;
        body[body.find("<tbody").unwrap()..body.find("</tbody>").unwrap()].to_string()
    };
    for email in ["admin@council.example", "scrutiny@tenants.example"] {
        let mut reader = StaffBrowser::new(&portal, &clock, email);
        reader.sign_in().await;
        let all = reader.get("/staff/audit").await;
        assert_eq!(all.status, StatusCode::OK);
        assert!(rows(&all).contains("Accepted a case"));
        assert!(rows(&all).contains("Viewed a case"));
        assert!(rows(&all).contains("Signed in"));
        assert!(all.body.contains("status: new → open"));
        for resident in ["noise@resident.example", "harassed@resident.example"] {
            assert_no_personal_data("the audit trail", &all.body, resident);
        }

        let accepted = reader.get("/staff/audit?action=accepted").await;
        assert!(rows(&accepted).contains(&noise));
        assert!(!rows(&accepted).contains(&harassment));
        // The status change, and the email telling the resident.
        assert!(accepted.body.contains("2 entries."), "{}", accepted.body);
        assert!(accepted.body.contains("resident told by email"));
        let by_case = reader
            .get(&format!(
                "/staff/audit?reference={}",
                harassment.to_lowercase()
            ))
            .await;
        assert!(rows(&by_case).contains("Viewed a case"));
        assert!(!rows(&by_case).contains("Accepted a case"));
        let by_officer = reader
            .get(&format!(
                "/staff/audit?account={triage_id}&action=signed_in"
            ))
            .await;
        assert!(by_officer.body.contains("1 entry."));

        let invented = reader.get("/staff/audit?action=deleted&account=999").await;
        invented.assert_error("Select an action from the list");
        invented.assert_error("Select a member of staff from the list");
        assert!(
            invented.body.contains("Accepted a case"),
            "the trail still shows"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_the_council_adds_in_configuration_has_a_role_and_gets_referrals() {
    use asb_portal::domain::submission::RouteConfig;
    let sink = SmtpSink::started();
    let mut config = smtp_config(sink.port);
    config.routes.others.insert(
        "housing".into(),
        RouteConfig {
            name: "Housing provider".into(),
            recipients: vec!["asb@housing.example".into()],
            detail: Default::default(),
            resident_name: "Your housing provider".into(),
            description: "the housing association that manages your home".into(),
            contacts_resident: true,
        },
    );
    let (portal, clock) = staff_portal(config, Some(sink)).await;
    let reference = portal
        .browser()
        .report(&Answers::straightforward("noise@resident.example"))
        .await
        .reference();
    let first = portal.sink().wait_for_messages(3).await.len();
    portal.add_staff("admin@council.example", &["admin"]).await;
    portal
        .add_staff("triage@council.example", &["triage"])
        .await;
    portal
        .add_staff("officer@housing.example", &["housing"])
        .await;

    // Administrators can give the role, by the partner's configured name.
    let mut admin = StaffBrowser::new(&portal, &clock, "admin@council.example");
    admin.sign_in().await;
    let invite = admin.get("/staff/admin/accounts/invite").await;
    assert!(invite.body.contains("value=\"housing\""), "{}", invite.body);
    assert!(invite.body.contains("Housing provider"));

    let mut housing = StaffBrowser::new(&portal, &clock, "officer@housing.example");
    housing.sign_in().await;
    let case_path = format!("/staff/reports/{reference}");
    assert_eq!(housing.get(&case_path).await.status, StatusCode::NOT_FOUND);
    let queue = housing.get("/staff").await;
    assert!(!queue.body.contains(&reference));
    // The bar at the top names the role as the council configured it, not by its id.
    assert!(queue.body.contains("(Housing provider)"), "{}", queue.body);

    // A triage officer refers it there (she agreed to share her report).
    let mut officer = StaffBrowser::new(&portal, &clock, "triage@council.example");
    officer.sign_in().await;
    let path = format!("{case_path}/refer");
    let form = officer.get(&path).await;
    assert!(form.body.contains("Housing provider"));
    let referred = officer
        .post_from(
            &form,
            &path,
            &[
                ("route", "housing"),
                (
                    "reason",
                    "The neighbour is a tenant of the housing provider",
                ),
            ],
        )
        .await;
    assert_eq!(referred.path(), case_path);
    assert!(referred
        .body
        .contains("Referred the case to Housing provider"));
    let mail = portal.sink().wait_for_messages(first + 1).await;
    let to_housing = mail_to(&mail, "asb@housing.example");
    assert_eq!(to_housing.len(), 1);
    assert_eq!(
        to_housing[0].subject,
        format!("ASB referral {reference} for Housing provider")
    );
    assert_eq!(housing.get(&case_path).await.status, StatusCode::OK);
    assert!(housing.get("/staff").await.body.contains(&reference));
}
