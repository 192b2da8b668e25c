//! Safeguarding pathways in the reporting journey, by plain form posts as a browser without
//! JavaScript: a partner, ex-partner or family member is domestic abuse, which goes to its own
//! route, never to mediation, and nothing of it reaches the resident's own address.

use crate::support::*;

const DOMESTIC_ABUSE: &str = "referrals@domestic-abuse.example";

fn about(relationship: &str) -> Answers {
    let mut answers = Answers::straightforward(RESIDENT.email);
    set(&mut answers.relationship, "relationship", relationship);
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ex_partners_noise_reaches_the_domestic_abuse_service_and_never_mediation() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let answers = about("partner_or_ex_partner");
    // The consent page does not ask about mediation.
    let consent = browser.walk_to(&answers, "/report/consent").await;
    assert!(
        !consent.body.contains("consent_mediation"),
        "{}",
        consent.body
    );
    assert!(consent.body.contains("The domestic abuse service"));
    let check = browser
        .answer(
            "/report/consent",
            &form(&[("consent_share", "yes")]),
            "/report/check",
        )
        .await;
    assert!(check.body.contains("Who is causing it"));
    assert!(check.body.contains("My partner or ex-partner"));
    let page = browser.submit().await;
    assert!(
        page.body.contains("National Domestic Abuse Helpline"),
        "{}",
        page.body
    );
    assert!(page.body.contains("tel:08082000247"));
    assert!(!page.body.contains("Community mediation"));

    let report = portal.report(&page.reference()).await;
    let routes: Vec<(String, String, bool)> = portal
        .routes(report.id)
        .await
        .into_iter()
        .map(|r| (r.route, r.rule, r.held))
        .collect();
    assert_eq!(
        routes,
        [
            ("triage".to_string(), "triage_always".to_string(), false),
            (
                "domestic_abuse".to_string(),
                "domestic_abuse_relationship".to_string(),
                false
            ),
        ]
    );
    let stored: Option<String> = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT relationship FROM reports WHERE id = $1"
    )
    .bind(report.id)
    .fetch_one(db)
    .await)
    .unwrap();
    assert_eq!(stored.as_deref(), Some("partner_or_ex_partner"));

    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    let referral = mail_to(&mail, DOMESTIC_ABUSE);
    assert_eq!(referral.len(), 1, "{:#?}", subjects(&mail));
    assert!(referral[0].body.contains("domestic_abuse_relationship"));
    assert!(referral[0].body.contains("Mediation is not offered"));
    assert!(
        mail_to(&mail, MEDIATION).is_empty(),
        "{:#?}",
        subjects(&mail)
    );
    // The resident's own address: a perpetrator may read it.
    let ack = mail_to(&mail, RESIDENT.email);
    assert_eq!(ack.len(), 1, "{:#?}", subjects(&mail));
    let everything = ack[0].everything().to_lowercase();
    for word in ["domestic", "abuse", "partner", "helpline"] {
        assert!(
            !everything.contains(word),
            "the acknowledgement says {word:?}:\n{everything}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_neighbours_noise_is_still_offered_mediation_and_refusing_to_share_holds_abuse() {
    let portal = Portal::with_mail_files().await;
    let page = portal.browser().report(&about("neighbour")).await;
    let report = portal.report(&page.reference()).await;
    let routes: Vec<String> = portal
        .routes(report.id)
        .await
        .into_iter()
        .map(|r| r.route)
        .collect();
    assert_eq!(routes, ["triage", "mediation"]);
    assert!(!page.body.contains("National Domestic Abuse Helpline"));

    // A family member, without agreement to share: held for a triage officer, not sent.
    let mut family = about("family_member");
    family.consent = form(&[("consent_share", "no")]);
    let page = portal.browser().report(&family).await;
    let report = portal.report(&page.reference()).await;
    let routes: Vec<(String, bool)> = portal
        .routes(report.id)
        .await
        .into_iter()
        .map(|r| (r.route, r.held))
        .collect();
    assert_eq!(
        routes,
        [
            ("triage".to_string(), false),
            ("domestic_abuse".to_string(), true)
        ]
    );
}

/// The server's clock, started at `at` and running on from there.
fn clock(at: chrono::DateTime<chrono::Utc>) -> asb_portal::server::Clock {
    let offset = at - chrono::Utc::now();
    std::sync::Arc::new(move || chrono::Utc::now() + offset)
}

/// The next `weekday` after today (not a bank holiday), at `hour` UTC.
fn next(weekday: chrono::Weekday, hour: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::Datelike;
    let holidays = asb_portal::domain::bank_holidays::BankHolidays::england_and_wales();
    let mut day = chrono::Utc::now().date_naive() + chrono::Days::new(1);
    while day.weekday() != weekday || holidays.is_holiday(day) {
        day = day + chrono::Days::new(1);
    }
    day.and_hms_opt(hour, 0, 0).unwrap().and_utc()
}

/// An urgent report made at `at`: the page after the critical answer, the confirmation page,
/// and the mail sent.
async fn urgent_report_at(at: chrono::DateTime<chrono::Utc>) -> (Page, Page, Vec<Mail>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::started();
    let config = smtp_config(sink.port);
    let portal = Portal::start_at(dir, config, Some(sink), clock(at)).await;
    // A critical answer (thoughts of self-harm) makes it urgent; safe to email this time.
    let mut answers = Answers::high_risk(RESIDENT.email);
    answers.set_contact_detail("safe_to_email", "yes");
    let browser = portal.browser();
    // The critical answer is on the "feelings" page; "support" is the page after it.
    let after_critical = browser
        .walk_to(&answers, "/report/assessment/support")
        .await;
    browser
        .walk_on(after_critical.clone(), &answers, "/report/check")
        .await;
    let page = browser.submit().await;
    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    (after_critical, page, mail)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_report_on_a_sunday_night_is_told_when_it_will_be_read_and_where_to_get_help() {
    let sunday = next(chrono::Weekday::Sun, 2);
    let (after_critical, page, mail) = urgent_report_at(sunday).await;
    let monday =
        asb_portal::domain::next_steps::long_date(sunday.date_naive() + chrono::Days::new(1));
    // Said at once, on the page after the critical answer, before anything is sent.
    assert!(
        after_critical.body.contains("Our team is not working now"),
        "{}",
        after_critical.body
    );
    assert!(after_critical.body.contains(&format!(
        "When you send your report, they will read it from {monday} at 9am."
    )));
    for number in ["tel:999", "tel:116123", "tel:111", "tel:01632960999"] {
        assert!(after_critical.body.contains(number), "{number}");
    }
    let said = format!("They will read your report from {monday} at 9am.");
    assert!(
        page.body.contains("Our team is not working now"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&said), "{}", page.body);
    for number in ["tel:999", "tel:116123", "tel:111", "tel:01632960999"] {
        assert!(page.body.contains(number), "{number}");
    }
    let ack = mail_to(&mail, RESIDENT.email);
    assert_eq!(ack.len(), 1, "{:#?}", subjects(&mail));
    assert!(ack[0].body.contains(&said), "{}", ack[0].body);
    assert!(ack[0].body.contains("NHS 111 and choose option 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_report_on_a_tuesday_morning_is_not_told_the_team_is_away() {
    let (after_critical, page, mail) = urgent_report_at(next(chrono::Weekday::Tue, 10)).await;
    assert!(after_critical.body.contains("app-urgent-help"));
    assert!(!after_critical.body.contains("Our team is not working now"));
    assert!(page.body.contains("Get help now") || page.body.contains("app-urgent-help"));
    assert!(
        !page.body.contains("Our team is not working now"),
        "{}",
        page.body
    );
    let ack = mail_to(&mail, RESIDENT.email);
    assert_eq!(ack.len(), 1, "{:#?}", subjects(&mail));
    assert!(!ack[0].body.contains("not working now"));
}

/// A neighbour reports for Dorothy, who is at high risk but does not know about the report: it
/// reaches the triage team only. The panel referral it would have had is held for an officer
/// under the on-behalf rule, nothing is asked or recorded as Dorothy's consent, and the
/// questions were about her, not the neighbour.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_for_someone_who_does_not_know_reaches_the_triage_team_only() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let mut answers = Answers::high_risk(RESIDENT.email).for_a_neighbour("does_not_know");
    answers.set_contact_detail("safe_to_email", "yes");

    let impact = browser.walk_to(&answers, "/report/impact").await;
    assert!(
        impact
            .body
            .contains("How it is affecting Dorothy Fairweather"),
        "{}",
        impact.body
    );
    let safety = browser
        .walk_on(impact, &answers, "/report/assessment/safety")
        .await;
    assert!(safety.body.contains("Their safety"), "{}", safety.body);
    assert!(safety
        .body
        .contains("Do they feel unsafe in their own home?"));
    assert!(!safety.body.contains("Do you feel unsafe"));
    // After the critical answer, urgent help speaks of her, not of the neighbour.
    let support = browser
        .walk_on(safety, &answers, "/report/assessment/support")
        .await;
    assert!(
        support.body.contains(
            "If Dorothy Fairweather is in danger or might act on thoughts of harming themselves"
        ),
        "{}",
        support.body
    );
    assert!(!support.body.contains("harming yourself"));
    // The last assessment page leads straight to "Check your answers": no consent page.
    let check = browser.walk_on(support, &answers, "/report/check").await;
    assert!(check.body.contains("Dorothy Fairweather"));
    assert!(!check
        .body
        .contains("Does Dorothy Fairweather agree to us sharing"));
    let page = browser.submit().await;
    assert!(
        page.body
            .contains("As Dorothy Fairweather does not know about your report"),
        "{}",
        page.body
    );

    let report = portal.report(&page.reference()).await;
    let routes: Vec<(String, String, bool)> = portal
        .routes(report.id)
        .await
        .into_iter()
        .map(|r| (r.route, r.rule, r.held))
        .collect();
    assert_eq!(
        routes,
        [
            ("triage".to_string(), "triage_always".to_string(), false),
            (
                "panel".to_string(),
                "on_behalf_held_no_agreement".to_string(),
                true
            ),
        ]
    );
    let consents: Vec<(String, String)> = portal
        .consents(report.id)
        .await
        .into_iter()
        .map(|c| (c.item, c.recorded_by))
        .collect();
    assert_eq!(consents, [("contact".to_string(), "reporter".to_string())]);
    let stored: (String, String, String, Option<String>) =
        on_db!(portal.db(), |db| sqlx::query_as(
            "SELECT r.reporting_for, p.name, p.reporter_role, p.agreement \
         FROM reports r JOIN people_affected p ON p.report_id = r.id WHERE r.id = $1",
        )
        .bind(report.id)
        .fetch_one(db)
        .await)
        .unwrap();
    assert_eq!(
        stored,
        (
            "someone_else".to_string(),
            PERSON_AFFECTED.to_string(),
            "neighbour".to_string(),
            Some("does_not_know".to_string())
        )
    );

    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    assert!(mail_to(&mail, PANEL).is_empty(), "{:#?}", subjects(&mail));
    let triage = mail_to(&mail, TRIAGE);
    assert_eq!(triage.len(), 1, "{:#?}", subjects(&mail));
    assert!(
        triage[0]
            .body
            .contains("Reported by: A neighbour, for the person affected: they do not know"),
        "{}",
        triage[0].body
    );
    // Partner mail names nobody, and subjects never carry personal data.
    for m in &mail {
        assert!(!m.subject.contains("Dorothy"), "{}", m.subject);
    }
    assert!(!triage[0].body.contains(PERSON_AFFECTED));
}

/// With Dorothy's agreement the consent questions are asked about her, by name, and recorded
/// as the reporter's answers for her in the for-someone-else wording.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_for_someone_who_agrees_asks_the_consent_questions_about_them() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email).for_a_neighbour("knows_and_agrees");
    let consent = browser.walk_to(&answers, "/report/consent").await;
    assert!(
        consent
            .body
            .contains("Does Dorothy Fairweather agree to us sharing this report"),
        "{}",
        consent.body
    );
    // Mediation would contact Dorothy, and we may not contact her directly: not asked.
    assert!(!consent.body.contains("consent_mediation"));
    browser
        .answer("/report/consent", &answers.consent, "/report/check")
        .await;
    let page = browser.submit().await;
    let report = portal.report(&page.reference()).await;
    let consents: Vec<(String, bool, String, String)> = portal
        .consents(report.id)
        .await
        .into_iter()
        .map(|c| (c.item, c.given, c.wording_version, c.recorded_by))
        .collect();
    assert_eq!(
        consents,
        [
            (
                "contact".to_string(),
                true,
                "contact-2026-12".to_string(),
                "reporter".to_string()
            ),
            (
                "share".to_string(),
                true,
                "share-for-someone-else-2026-12".to_string(),
                "reporter_for_person_affected".to_string()
            ),
        ]
    );
    let routes: Vec<String> = portal
        .routes(report.id)
        .await
        .into_iter()
        .map(|r| r.route)
        .collect();
    assert_eq!(routes, ["triage"]);
}
