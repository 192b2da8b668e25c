//! Journey 1 end to end: a browser without JavaScript reports ASB to the real portal, and the
//! tests check what the resident sees, what is stored, and the emails that reach a real SMTP
//! server.

use crate::support::*;
use asb_portal::server::config::Config;

fn consent_row(item: &str, given: bool) -> ConsentRow {
    let wording = Config::default().consent;
    let version = match item {
        "share" => wording.share.version,
        "contact" => wording.contact.version,
        "support" => wording.support.version,
        "mediation" => wording.mediation.version,
        other => panic!("unknown consent item {other}"),
    };
    ConsentRow {
        item: item.into(),
        given,
        wording_version: version,
        channel: "self_service".into(),
        recorded_by: "resident".into(),
    }
}

fn route(route: &str, rule: &str, held: bool) -> RouteRow {
    RouteRow {
        route: route.into(),
        rule: rule.into(),
        held,
    }
}

/// The report recorded exactly these consents (item, given) and these routes (route, rule),
/// none of them held.
async fn assert_recorded(
    portal: &Portal,
    report_id: i64,
    consents: &[(&str, bool)],
    routes: &[(&str, &str)],
) {
    let consents: Vec<ConsentRow> = consents.iter().map(|&(i, g)| consent_row(i, g)).collect();
    assert_eq!(portal.consents(report_id).await, consents);
    let routes: Vec<RouteRow> = routes
        .iter()
        .map(|&(r, rule)| route(r, rule, false))
        .collect();
    assert_eq!(portal.routes(report_id).await, routes);
}

/// The one message sent to `address`, whose Message-ID is the outbox row's.
fn one_mail_to<'a>(mail: &'a [Mail], address: &str, outbox: &[OutboxRow]) -> &'a Mail {
    let found = mail_to(mail, address);
    assert_eq!(found.len(), 1, "mail to {address}: {:#?}", subjects(mail));
    let message = found[0];
    let row = outbox
        .iter()
        .find(|r| r.recipients().iter().any(|r| r == address))
        .unwrap_or_else(|| panic!("no outbox row for {address}"));
    assert_eq!(
        message.message_id.as_deref().map(str::trim),
        Some(row.message_id.as_str()),
        "Message-ID of the mail to {address}"
    );
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_straightforward_report_is_stored_routed_and_emailed_without_personal_data() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();

    let confirmation = browser
        .report(&Answers::straightforward(RESIDENT.email))
        .await;
    let reference = confirmation.reference();
    assert!(confirmation
        .body
        .contains("We have sent you a confirmation email"));
    assert!(!confirmation.body.contains("id=\"case-review-prompt\""));
    assert!(
        !confirmation.body.contains("app-urgent-help"),
        "no urgent-help box without a critical answer"
    );

    assert_eq!(portal.count("reports").await, 1);
    let report = portal.report(&reference).await;
    assert!(
        !report.assessed,
        "a report that is not affecting anyone skips the assessment"
    );
    assert_eq!(report.band, None);
    assert_eq!(report.score, None);
    assert!(!report.urgent);
    assert!(!report.second_report);
    assert_eq!(report.category, "noise");
    assert_eq!(report.email.as_deref(), Some(RESIDENT.email));
    assert_eq!(report.incident_date, yesterday());
    assert_eq!(report.channel, "self_service");

    assert_recorded(
        &portal,
        report.id,
        &[("contact", true), ("share", true), ("mediation", true)],
        &[
            ("triage", "triage_always"),
            ("mediation", "mediation_neighbour_low_risk"),
        ],
    )
    .await;

    let mail = portal.sink().wait_for_messages(3).await;
    let outbox = portal.wait_all_sent().await;
    assert_eq!(outbox.len(), 3);
    for (address, rule) in [
        (TRIAGE, "triage_always"),
        (MEDIATION, "mediation_neighbour_low_risk"),
    ] {
        let message = one_mail_to(&mail, address, &outbox);
        assert!(message.subject.contains(&reference), "{}", message.subject);
        assert!(message.body.contains(&reference));
        assert!(
            message.body.contains(rule),
            "{address} mail lacks the rule:\n{}",
            message.body
        );
        assert!(!message.subject.starts_with("URGENT"));
        assert_no_personal_data(
            &format!("mail to {address}"),
            &message.everything(),
            RESIDENT.email,
        );
        assert!(
            !message
                .reply_to
                .as_deref()
                .unwrap_or("")
                .contains(RESIDENT.email),
            "partner mail must not reply to the resident"
        );
    }
    let acknowledgement = one_mail_to(&mail, RESIDENT.email, &outbox);
    assert!(acknowledgement.subject.contains(&reference));
    assert!(acknowledgement.body.contains(&reference));
    let ack_row = outbox.iter().find(|r| r.kind == "acknowledgement").unwrap();
    assert_eq!(ack_row.recipients(), [RESIDENT.email]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_high_risk_report_goes_to_the_panel_and_support_marked_urgent_and_no_email_to_the_resident(
) {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();

    let confirmation = browser.report(&Answers::high_risk(RESIDENT.email)).await;
    let reference = confirmation.reference();
    // The urgent-help box itself, not merely the Samaritans number (a signpost has that too).
    assert!(
        confirmation.body.contains("class=\"app-urgent-help\""),
        "urgent help on the confirmation page:\n{}",
        confirmation.body
    );

    let report = portal.report(&reference).await;
    assert!(report.assessed);
    assert_eq!(report.band.as_deref(), Some("high"));
    assert!(report.urgent);
    assert_eq!(report.safe_to_email, Some(false));
    assert_recorded(
        &portal,
        report.id,
        &[("contact", true), ("share", true), ("support", true)],
        &[
            ("triage", "triage_always"),
            ("panel", "panel_high_risk"),
            ("support", "support_band_with_consent"),
        ],
    )
    .await;

    // Email is not safe.
    let (outbox, mail) = portal.assert_resident_not_emailed(&confirmation).await;
    assert_eq!(mail.len(), 3, "{:#?}", subjects(&mail));
    for address in [PANEL, SUPPORT] {
        let message = one_mail_to(&mail, address, &outbox);
        assert!(message.subject.starts_with("URGENT"), "{}", message.subject);
        assert!(message.body.contains(&reference));
        assert_no_personal_data(
            &format!("mail to {address}"),
            &message.everything(),
            RESIDENT.email,
        );
    }
    one_mail_to(&mail, TRIAGE, &outbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_share_consent_the_panel_referral_is_held_and_not_emailed() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let mut answers = Answers::high_risk(RESIDENT.email);
    set(&mut answers.consent, "consent_share", "no");

    let reference = browser.report(&answers).await.reference();
    let report = portal.report(&reference).await;
    assert_eq!(report.band.as_deref(), Some("high"));
    let routes = portal.routes(report.id).await;
    assert!(
        routes.contains(&route("triage", "triage_always", false)),
        "{routes:?}"
    );
    assert!(
        routes.contains(&route("panel", "panel_held_no_share_consent", true)),
        "{routes:?}"
    );
    assert!(!routes.iter().any(|r| r.rule == "panel_high_risk"));
    assert!(portal
        .consents(report.id)
        .await
        .contains(&consent_row("share", false)));

    let outbox = portal.wait_all_sent().await;
    assert!(
        outbox.iter().all(|r| r.route.as_deref() != Some("panel")),
        "{outbox:#?}"
    );
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    assert!(
        mail_to(&mail, PANEL).is_empty(),
        "the panel was emailed: {:#?}",
        subjects(&mail)
    );
    one_mail_to(&mail, TRIAGE, &outbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitting_twice_makes_one_report() {
    let portal = Portal::with_mail_files().await;

    // One after the other: a double click, or "Submit" pressed again after going back.
    let browser = portal.browser();
    browser
        .fill_in(&Answers::straightforward(RESIDENT.email))
        .await;
    let first = browser.submit().await.reference();
    let second = browser.submit().await.reference();
    assert_eq!(first, second);
    assert_eq!(portal.count("reports").await, 1);
    assert_eq!(portal.outbox().await.len(), 3);

    // Both at once.
    let other = portal.browser();
    let check = other
        .fill_in(&Answers::straightforward("someone.else@example.org"))
        .await;
    let pressed = check.submit_form();
    let (a, b) = tokio::join!(
        other.post("/report/submit", &pressed),
        other.post("/report/submit", &pressed)
    );
    for page in [&a, &b] {
        assert_eq!(page.path(), "/report/confirmation", "{}", page.body);
        assert_eq!(page.status, 200);
    }
    assert_eq!(a.reference(), b.reference());
    assert_ne!(a.reference(), first);
    assert_eq!(portal.count("reports").await, 2);
    let concurrent = portal.report(&a.reference()).await;
    let rows = portal.outbox().await;
    assert_eq!(
        rows.iter()
            .filter(|r| r.report_id == Some(concurrent.id))
            .count(),
        3
    );
    assert_eq!(rows.len(), 6);
}

/// The confirmation page with its reference number (and CSP nonce) taken out, to compare two
/// reports..
fn without_reference(page: &Page) -> String {
    without_nonce(&page.body).replace(&page.reference(), "REFERENCE")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_residents_email_or_phone_reveals_nothing_on_the_confirmation() {
    let portal = Portal::with_mail_files().await;
    let answers = Answers::straightforward(RESIDENT.email);
    let first = portal.browser().report(&answers).await;
    assert!(!first.body.contains("id=\"case-review-prompt\""));

    // Someone else, in another browser, types the first resident's email (written
    // differently), then their phone number with a different email.
    let mut same_email = answers.clone();
    same_email.set_contact_detail("email", &RESIDENT.email.to_uppercase());
    let mut same_phone = answers.clone();
    same_phone.set_contact_detail("email", "someone.else@example.org");
    let mut stranger = Answers::straightforward("someone.else@example.org");
    stranger.set_contact_detail("phone", "07700 900 123");
    let new_resident = portal.browser().report(&stranger).await;
    for (what, copy) in [("email", same_email), ("phone", same_phone)] {
        let second = portal.browser().report(&copy).await;
        assert_eq!(
            without_reference(&second),
            without_reference(&new_resident),
            "the same {what} changed what the confirmation says"
        );
        let row = portal.report(&second.reference()).await;
        assert!(!row.second_report, "{what}");
        assert!(
            row.possibly_related,
            "{what}: staff see the reports may be related"
        );
    }
    assert!(
        !portal
            .report(&new_resident.reference())
            .await
            .possibly_related
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saying_it_was_reported_before_explains_the_case_review() {
    let portal = Portal::with_mail_files().await;
    let mut answers = Answers::high_risk(RESIDENT.email);
    set(&mut answers.impact, "reported_before", "yes");
    answers.earlier_reports = Some(form(&[
        ("times", "twice"),
        ("reported_to", "council"),
        ("reported_to", "police"),
    ]));
    let page = portal.browser().report(&answers).await;
    assert!(
        page.body.contains("id=\"case-review-prompt\""),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("You have reported anti-social behaviour before"));
    assert!(
        !page.body.contains("That may be enough"),
        "one report is not a threshold"
    );
    assert!(page.body.contains("href=\"/case-review\""));
    let row = portal.report(&page.reference()).await;
    assert!(row.second_report);
    let reported_to: String = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT reported_to FROM reports WHERE id = $1"
    )
    .bind(row.id)
    .fetch_one(db)
    .await)
    .unwrap();
    assert_eq!(reported_to, r#"["council","police"]"#);
}
