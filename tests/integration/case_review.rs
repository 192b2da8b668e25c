//! Journey 2, apply for an ASB Case Review, by plain form posts as a browser without
//! JavaScript: the threshold from proven and declared reports, the same answer for reports
//! that are not the applicant's, the mail, and nothing stored without consent.

use crate::support::*;

/// An application's answers, page by page.
struct Application {
    who: Form,
    contact: Form,
    /// Portal references typed in, each with the email or phone given on it.
    portal: Vec<(String, String)>,
    /// Each report made elsewhere, added with "Save and add another report".
    elsewhere: Vec<Form>,
    impact: Form,
    taking_part: Form,
    consent: Form,
}

fn days_ago(n: u64) -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() - chrono::Days::new(n)
}

fn elsewhere(incident: chrono::NaiveDate, to: &str) -> Form {
    use chrono::Datelike;
    let (d, m, y) = (
        incident.day().to_string(),
        incident.month().to_string(),
        incident.year().to_string(),
    );
    form(&[
        ("incident_day", &d),
        ("incident_month", &m),
        ("incident_year", &y),
        ("reported_day", &d),
        ("reported_month", &m),
        ("reported_year", &y),
        ("reported_to", to),
        ("how", "phone"),
        ("their_reference", ""),
        ("details", ""),
    ])
}

impl Application {
    fn victim(email: &str, elsewhere: Vec<Form>) -> Application {
        Application {
            who: form(&[("applicant", "victim")]),
            contact: form(&[
                ("full_name", RESIDENT.name),
                ("email", email),
                ("phone", ""),
                ("safe_to_email", "yes"),
                ("contact_times", ""),
            ]),
            portal: Vec::new(),
            elsewhere,
            impact: form(&[
                ("description", "I have not slept properly for months"),
                ("hate", "no"),
                ("outcome_hoped", "That the noise stops"),
            ]),
            taking_part: form(&[("taking_part", "online")]),
            consent: form(&[("consent", "yes")]),
        }
    }
}

const APPLY: &str = "/case-review/apply";

/// Adds each typed-in portal reference with its contact, then continues.
async fn portal_reports(browser: &Browser, claims: &[(String, String)]) {
    let path = "/case-review/apply/portal-reports";
    for (reference, contact) in claims {
        let add = form(&[
            ("reference", reference),
            ("contact", contact),
            ("action", "add"),
        ]);
        browser.answer(path, &add, path).await;
    }
    browser
        .answer(
            path,
            &form(&[("action", "continue")]),
            "/case-review/apply/other-reports",
        )
        .await;
}

/// Answers every page from the first one (where `start` left the browser) to check.
async fn fill_in(browser: &Browser, start: Page, a: &Application) -> Page {
    assert_eq!(start.path(), "/case-review/apply/who", "{}", start.body);
    browser
        .answer(
            "/case-review/apply/who",
            &a.who,
            "/case-review/apply/contact-details",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/contact-details",
            &a.contact,
            "/case-review/apply/portal-reports",
        )
        .await;
    portal_reports(browser, &a.portal).await;
    for report in &a.elsewhere {
        let mut add = report.clone();
        add.push(("action".into(), "add".into()));
        browser
            .answer(
                "/case-review/apply/other-reports",
                &add,
                "/case-review/apply/other-reports",
            )
            .await;
    }
    let cont = form(&[("action", "continue")]);
    browser
        .answer(
            "/case-review/apply/other-reports",
            &cont,
            "/case-review/apply/impact",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/impact",
            &a.impact,
            "/case-review/apply/taking-part",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/taking-part",
            &a.taking_part,
            "/case-review/apply/consent",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/consent",
            &a.consent,
            "/case-review/apply/check",
        )
        .await
}

async fn send(browser: &Browser) -> Page {
    let check = browser.get("/case-review/apply/check").await;
    assert!(
        check.body.contains("Now send your application"),
        "{}",
        check.body
    );
    let page = browser
        .post("/case-review/apply/submit", &check.submit_form())
        .await;
    assert_eq!(
        page.path(),
        "/case-review/apply/confirmation",
        "{}",
        page.body
    );
    assert!(page.body.contains("Application sent"));
    page
}

fn outcome(page: &Page) -> String {
    let at = page.body.find("data-outcome=\"").expect("an outcome") + "data-outcome=\"".len();
    page.body[at..].split('"').next().unwrap().to_string()
}

async fn apply(portal: &Portal, a: &Application) -> Page {
    let browser = portal.browser();
    let start = browser.post("/case-review/apply/start", &Form::new()).await;
    fill_in(&browser, start, a).await;
    send(&browser).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_start_page_gives_the_local_threshold_and_timescales() {
    let portal = Portal::with_mail_files().await;
    let page = portal.browser().get(APPLY).await;
    assert!(
        page.body.contains(
            "3 complaints have been made about the anti-social behaviour in the last 6 months"
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("within 10 working days"));
    assert!(page.body.contains("It is not a complaints procedure"));
    let info = portal.browser().get("/case-review").await;
    assert!(info.body.contains("href=\"/case-review/apply\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_started_from_its_confirmation_counts_and_the_mail_arrives_without_personal_data()
{
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let mut report = Answers::straightforward(RESIDENT.email);
    set(&mut report.impact, "reported_before", "yes");
    report.earlier_reports = Some(form(&[("times", "twice"), ("reported_to", "police")]));
    report.assessment = Answers::high_risk(RESIDENT.email).assessment;
    set(report.assessment_page("feelings"), "self_harm", "no");
    report.consent = form(&[("consent_share", "yes"), ("consent_support", "yes")]);
    let confirmation = browser.report(&report).await;
    assert!(
        confirmation
            .body
            .contains("action=\"/case-review/apply/start\""),
        "{}",
        confirmation.body
    );
    // The same browser, from the report's confirmation: the report is included.
    let start = browser.post("/case-review/apply/start", &Form::new()).await;
    let app = Application::victim(
        RESIDENT.email,
        vec![
            elsewhere(days_ago(20), "police"),
            elsewhere(days_ago(40), "council"),
        ],
    );
    fill_in(&browser, start, &app).await;
    let page = send(&browser).await;
    assert_eq!(outcome(&page), "met_pending_verification", "{}", page.body);
    let reference = page.reference();
    assert!(reference.starts_with("CR-"), "{reference}");

    let (id, stored): (i64, String) =
        sqlx::query_as("SELECT id, threshold_outcome FROM case_reviews WHERE reference = ?")
            .bind(&reference)
            .fetch_one(portal.db())
            .await
            .unwrap();
    assert_eq!(stored, "met_pending_verification");
    let sources: Vec<(String, bool, bool)> =
        sqlx::query_as("SELECT source, verified, counted FROM case_review_complaints WHERE case_review_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(portal.db())
            .await
            .unwrap();
    assert_eq!(
        sources,
        [
            ("portal".to_string(), true, true),
            ("declared".to_string(), false, true),
            ("declared".to_string(), false, true)
        ]
    );

    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    let notice = mail_to(&mail, "asb-case-review@council.example");
    assert_eq!(notice.len(), 1, "{:#?}", subjects(&mail));
    assert!(notice[0].body.contains(&reference));
    assert!(notice[0].body.contains("met_pending_verification"));
    assert_no_personal_data(
        "the coordinator's notice",
        &notice[0].everything(),
        RESIDENT.email,
    );
    let ack: Vec<&Mail> = mail_to(&mail, RESIDENT.email)
        .into_iter()
        .filter(|m| m.subject.contains("Case Review"))
        .collect();
    assert_eq!(ack.len(), 1, "{:#?}", subjects(&mail));
    assert!(ack[0].body.contains(&reference));
    assert!(ack[0].body.contains("Phone: 01632 960000"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_complaints_do_not_meet_the_threshold_and_the_applicant_is_told_a_person_will_look() {
    let portal = Portal::with_mail_files().await;
    let app = Application::victim(
        RESIDENT.email,
        vec![
            elsewhere(days_ago(20), "police"),
            elsewhere(days_ago(40), "council"),
        ],
    );
    let page = apply(&portal, &app).await;
    assert_eq!(outcome(&page), "not_met");
    assert!(
        page.body
            .contains("A person will still look at it carefully"),
        "{}",
        page.body
    );
    assert!(page.body.contains("the Police and Crime Commissioner"));
    let three = Application::victim(
        RESIDENT.email,
        vec![
            elsewhere(days_ago(10), "police"),
            elsewhere(days_ago(20), "police"),
            elsewhere(days_ago(40), "council"),
        ],
    );
    assert_eq!(
        outcome(&apply(&portal, &three).await),
        "met_pending_verification"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_persons_reports_sharing_an_email_are_never_counted_or_shown() {
    let portal = Portal::with_mail_files().await;
    // Someone else reports twice with the applicant's email, in other browsers.
    for _ in 0..2 {
        portal
            .browser()
            .report(&Answers::straightforward(RESIDENT.email))
            .await;
    }
    let references: Vec<String> = sqlx::query_scalar("SELECT reference FROM reports")
        .fetch_all(portal.db())
        .await
        .unwrap();
    let app = Application::victim(RESIDENT.email, vec![elsewhere(days_ago(20), "police")]);
    let page = apply(&portal, &app).await;
    assert_eq!(outcome(&page), "not_met");
    for reference in &references {
        assert!(
            !page.body.contains(reference.as_str()),
            "a report not proven to be theirs is shown"
        );
    }
    let related: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM case_review_complaints WHERE source = 'possibly_related' AND counted = 0",
    )
    .fetch_one(portal.db())
    .await
    .unwrap();
    assert_eq!(related, 2, "attached for the coordinator");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_made_elsewhere_can_be_added_and_removed_and_bad_ones_are_refused() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let start = browser.post("/case-review/apply/start", &Form::new()).await;
    assert_eq!(start.path(), "/case-review/apply/who");
    browser
        .answer(
            "/case-review/apply/who",
            &form(&[("applicant", "victim")]),
            "/case-review/apply/contact-details",
        )
        .await;
    let app = Application::victim(RESIDENT.email, vec![]);
    browser
        .answer(
            "/case-review/apply/contact-details",
            &app.contact,
            "/case-review/apply/portal-reports",
        )
        .await;
    portal_reports(&browser, &[]).await;
    let path = "/case-review/apply/other-reports";
    for (to, n) in [("police", 1), ("council", 2)] {
        let mut add = elsewhere(days_ago(10 * n), to);
        add.push(("action".into(), "add".into()));
        let page = browser.answer(path, &add, path).await;
        assert!(
            page.body.contains(&format!("Remove report {n}")),
            "{}",
            page.body
        );
    }
    // Remove the first: the second becomes report 1.
    let page = browser
        .answer(path, &form(&[("action", "remove-1")]), path)
        .await;
    assert!(page.body.contains("Remove report 1") && !page.body.contains("Remove report 2"));
    assert!(page.body.contains("The council"));
    // Reported before it happened: refused, with the other answers kept.
    let mut bad = elsewhere(days_ago(5), "police");
    set(&mut bad, "reported_day", "1");
    set(&mut bad, "reported_month", "1");
    set(&mut bad, "reported_year", "2020");
    set(&mut bad, "their_reference", "POL-123");
    bad.push(("action".into(), "add".into()));
    let refused = browser.post(path, &bad).await;
    assert_eq!(refused.path(), path);
    refused.assert_error("The date you made report 2 must");
    assert!(refused.body.contains("POL-123"), "what they typed is kept");
    let draft = portal.only_draft().await;
    assert_eq!(
        draft["other_reports"].as_array().map(Vec::len),
        Some(1),
        "{draft}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_consent_stores_nothing_and_says_why_kindly() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let start = browser.post("/case-review/apply/start", &Form::new()).await;
    let mut app = Application::victim(RESIDENT.email, vec![]);
    app.consent = form(&[("consent", "no")]);
    assert_eq!(start.path(), "/case-review/apply/who");
    browser
        .answer(
            "/case-review/apply/who",
            &app.who,
            "/case-review/apply/contact-details",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/contact-details",
            &app.contact,
            "/case-review/apply/portal-reports",
        )
        .await;
    portal_reports(&browser, &[]).await;
    browser
        .answer(
            "/case-review/apply/other-reports",
            &form(&[("action", "continue")]),
            "/case-review/apply/impact",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/impact",
            &app.impact,
            "/case-review/apply/taking-part",
        )
        .await;
    browser
        .answer(
            "/case-review/apply/taking-part",
            &app.taking_part,
            "/case-review/apply/consent",
        )
        .await;
    let page = browser
        .answer(
            "/case-review/apply/consent",
            &app.consent,
            "/case-review/apply/without-consent",
        )
        .await;
    assert!(page.body.contains("cannot go ahead"), "{}", page.body);
    // Check and submit lead back here; nothing is written.
    let check = browser.get("/case-review/apply/check").await;
    assert_eq!(check.path(), "/case-review/apply/without-consent");
    let sent = browser
        .post("/case-review/apply/submit", &form(&[("version", "99")]))
        .await;
    assert_ne!(sent.path(), "/case-review/apply/confirmation");
    assert_eq!(portal.count("case_reviews").await, 0);
    assert_eq!(portal.count("outbox").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_for_someone_else_names_the_victim_who_agrees() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    browser.post("/case-review/apply/start", &Form::new()).await;
    browser
        .answer(
            "/case-review/apply/who",
            &form(&[("applicant", "on_behalf")]),
            "/case-review/apply/victim",
        )
        .await;
    let refused = browser
        .post(
            "/case-review/apply/victim",
            &form(&[("victim_name", "Sam Jones")]),
        )
        .await;
    refused.assert_error("Confirm that the victim agrees to you applying for them");
    assert!(refused.body.contains("Sam Jones"));
    browser
        .answer(
            "/case-review/apply/victim",
            &form(&[("victim_name", "Sam Jones"), ("victim_agrees", "yes")]),
            "/case-review/apply/contact-details",
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_references_count_only_with_the_contact_given_on_them_and_failures_look_alike() {
    let portal = Portal::with_mail_files().await;
    // The applicant's two reports, and someone else's.
    let mut mine = Vec::new();
    // Two different incidents: one incident reported twice would count once.
    for days in [1, 3] {
        let mut answers = Answers::straightforward(RESIDENT.email);
        let mut when = date_fields(days_ago(days)).to_vec();
        when.push(("ongoing".into(), "yes".into()));
        answers.when = when;
        mine.push(portal.browser().report(&answers).await.reference());
    }
    let theirs = portal
        .browser()
        .report(&Answers::straightforward("someone.else@example.org"))
        .await
        .reference();
    let declared = || vec![elsewhere(days_ago(40), "police")];
    let mut right = Application::victim(RESIDENT.email, declared());
    right.portal = mine
        .iter()
        .map(|r| (r.clone(), RESIDENT.email.to_uppercase()))
        .collect();
    let page = apply(&portal, &right).await;
    assert_eq!(outcome(&page), "met_pending_verification", "{}", page.body);

    // A wrong email, another person's reference, a made-up one: the same answer as none.
    let baseline = apply(&portal, &Application::victim(RESIDENT.email, declared())).await;
    let cases = [
        (mine[0].clone(), "wrong@example.org".to_string()),
        (theirs.clone(), RESIDENT.email.to_string()),
        ("ASB-ZZZZ-ZZZZ".to_string(), RESIDENT.email.to_string()),
    ];
    for (reference, contact) in cases {
        let mut app = Application::victim(RESIDENT.email, declared());
        app.portal = vec![(reference.clone(), contact)];
        let page = apply(&portal, &app).await;
        assert_eq!(outcome(&page), "not_met", "{reference}");
        let lines = |p: &Page| {
            let at = p.body.find("id=\"outcome\"").unwrap();
            p.body[at..at + p.body[at..].find("</div>").unwrap()].to_string()
        };
        assert_eq!(
            lines(&page),
            lines(&baseline),
            "{reference} changed what the applicant is told"
        );
        let counted: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM case_review_complaints c JOIN reports r ON r.id = c.report_id \
             WHERE r.reference = ? AND c.counted = 1 \
             AND c.case_review_id = (SELECT MAX(id) FROM case_reviews)",
        )
        .bind(&reference)
        .fetch_one(portal.db())
        .await
        .unwrap();
        assert_eq!(counted, 0, "{reference} was counted");
    }
}
