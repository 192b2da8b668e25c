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

    let (id, stored): (i64, String) = on_db!(portal.db(), |db| sqlx::query_as(
        "SELECT id, threshold_outcome FROM case_reviews WHERE reference = $1"
    )
    .bind(&reference)
    .fetch_one(db)
    .await)
    .unwrap();
    assert_eq!(stored, "met_pending_verification");
    let sources: Vec<(String, bool, bool)> =
        on_db!(portal.db(), |db| sqlx::query_as("SELECT source, verified, counted FROM case_review_complaints WHERE case_review_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(db)
            .await)
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
    let references: Vec<String> = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT reference FROM reports"
    )
    .fetch_all(db)
    .await)
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
    let related: i64 = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT COUNT(*) FROM case_review_complaints WHERE source = 'possibly_related' AND NOT counted",
    )
    .fetch_one(db)
    .await)
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
        let counted: i64 = on_db!(portal.db(), |db| {
            sqlx::query_scalar(
            "SELECT COUNT(*) FROM case_review_complaints c JOIN reports r ON r.id = c.report_id \
             WHERE r.reference = $1 AND c.counted \
             AND c.case_review_id = (SELECT MAX(id) FROM case_reviews)",
        )
        .bind(&reference)
        .fetch_one(db)
        .await
        })
        .unwrap();
        assert_eq!(counted, 0, "{reference} was counted");
    }
}

/// The words of some HTML, tags dropped, one space between them.
fn words_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The four statutory figures of one reporting year, as the JSON gives them.
fn year_of<'a>(json: &'a serde_json::Value, label: &str) -> &'a serde_json::Value {
    json["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["reporting_year"] == label)
        .unwrap_or_else(|| panic!("no year {label} in {json}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statutory_figures_count_recorded_decisions_per_reporting_year() {
    use chrono::Datelike;
    let portal = Portal::with_mail_files().await;
    let app = Application::victim(RESIDENT.email, vec![elsewhere(days_ago(10), "police")]);
    let mut references = Vec::new();
    for _ in 0..5 {
        references.push(apply(&portal, &app).await.reference());
    }
    // Reporting years start in April. Until the staff area records decisions, they are set
    // here as it will set them.
    let today = chrono::Utc::now().date_naive();
    let this_year = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let (last, this) = (this_year - 1, this_year);
    let at =
        |year: i32, month: u32, day: u32| format!("{year:04}-{month:02}-{day:02}T12:00:00.000Z");
    let seeded = [
        // last year: received; decided not met on its last day (31 March)
        (
            at(last, 5, 1),
            Some("threshold_not_met"),
            Some(at(this, 3, 31)),
            None,
            None,
        ),
        // last year: met, review held with recommendations
        (
            at(last, 6, 1),
            Some("threshold_met"),
            Some(at(last, 6, 10)),
            Some(at(last, 7, 1)),
            Some(true),
        ),
        // last year received, decided not met this year (1 April)
        (
            at(this, 3, 30),
            Some("threshold_not_met"),
            Some(at(this, 4, 1)),
            None,
            None,
        ),
        // this year (received at 23:30 UTC on 31 March: 00:30 on 1 April in the UK, in
        // summer time): met, review held, no recommendations
        (
            format!("{this:04}-03-31T23:30:00.000Z"),
            Some("threshold_met"),
            Some(at(this, 4, 9)),
            Some(at(this, 4, 20)),
            Some(false),
        ),
        // today: awaiting a decision
        (format!("{today}T12:00:00.000Z"), None, None, None, None),
    ];
    for (reference, (submitted, decision, decided, held, recommendations)) in
        references.iter().zip(&seeded)
    {
        let sql = "UPDATE case_reviews SET submitted_at = $1, decision = $2, decided_at = $3, \
                   review_held_at = $4, recommendations_made = $5 WHERE reference = $6";
        // Times are text on SQLite, `timestamptz` on PostgreSQL.
        let time = |t: &String| chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc();
        match portal.db() {
            Pool::Sqlite(db) => sqlx::query(sql)
                .bind(submitted)
                .bind(decision)
                .bind(decided)
                .bind(held)
                .bind(recommendations)
                .bind(reference)
                .execute(db)
                .await
                .map(|_| ()),
            Pool::Postgres(db) => sqlx::query(sql)
                .bind(time(submitted))
                .bind(decision)
                .bind(decided.as_ref().map(time))
                .bind(held.as_ref().map(time))
                .bind(recommendations)
                .bind(reference)
                .execute(db)
                .await
                .map(|_| ()),
        }
        .unwrap();
    }
    let (last_label, this_label) = (
        format!("{last} to {this}"),
        format!("{this} to {}", this + 1),
    );

    let json_page = portal.browser().get("/case-review/figures.json").await;
    let json: serde_json::Value = serde_json::from_str(&json_page.body).unwrap();
    let figures = |label: &str| {
        let y = year_of(&json, label);
        [
            "applications_received",
            "threshold_not_met",
            "reviews_carried_out",
            "reviews_with_recommendations",
            "awaiting_decision",
        ]
        .map(|k| y[k].as_u64().unwrap())
    };
    assert_eq!(figures(&last_label), [3, 1, 1, 1, 0], "{json}");
    assert_eq!(figures(&this_label), [2, 1, 1, 0, 1], "{json}");
    assert_eq!(json["years"][0]["reporting_year"], this_label.as_str());

    let csv = portal.browser().get("/case-review/figures.csv").await;
    assert!(csv
        .body
        .starts_with("reporting_year,first_day,last_day,applications_received,threshold_not_met,"));
    assert!(
        csv.body.contains(&format!(
            "\n{this_label},{this}-04-01,{}-03-31,2,1,1,0,1\n",
            this + 1
        )),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains(&format!(
            "\n{last_label},{last}-04-01,{this}-03-31,3,1,1,1,0\n"
        )),
        "{}",
        csv.body
    );

    let page = portal.browser().get("/case-review/figures").await;
    assert!(
        page.body.contains("<svg"),
        "a chart that needs no JavaScript"
    );
    let table = &page.body[page.body.find("id=\"figures\"").expect("the table")..];
    let row = |label: &str| {
        let at = table
            .find(&format!(">{label}</th>"))
            .expect("a row per year");
        words_of(&table[at + 1..at + table[at..].find("</tr>").unwrap()])
    };
    assert_eq!(row(&last_label), format!("{last_label} 3 1 1 1 0"));
    assert_eq!(row(&this_label), format!("{this_label} 2 1 1 0 1"));
    assert!(
        page.body
            .contains("1 application is waiting for a decision"),
        "the page says why an application is not yet counted under a decision"
    );
    let info = portal.browser().get("/case-review").await;
    assert!(info.body.contains("href=\"/case-review/figures\""));
}

/// The page came back to itself with `message` in its error summary, and the address carries
/// nothing that was typed.
fn assert_refused_on(page: &Page, path: &str, message: &str) {
    assert_eq!(page.status, reqwest::StatusCode::OK, "{}", page.body);
    assert_eq!(page.path(), path, "{}", page.error_summary());
    assert_eq!(page.url.query(), None, "{}", page.url);
    page.assert_error(message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_to_an_application_gets_a_clear_error_and_nothing_half_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = asb_portal::server::config::Config::default();
    config.smtp.mail_dir = dir.path().join("mail");
    config.case_review.max_other_reports = 2;
    let portal = Portal::start_in(dir, config, None).await;
    let browser = portal.browser();

    // A submit with no application started: a start-again page, nothing stored.
    let page = browser
        .post("/case-review/apply/submit", &Form::new())
        .await;
    assert_eq!(page.status, reqwest::StatusCode::BAD_REQUEST);
    assert!(
        page.body.to_lowercase().contains("start again"),
        "{}",
        page.body
    );

    browser.post("/case-review/apply/start", &Form::new()).await;
    // An option never offered.
    let who = "/case-review/apply/who";
    let page = browser.post(who, &form(&[("applicant", "landlord")])).await;
    assert_refused_on(&page, who, "Select who is applying");
    assert_eq!(
        portal.only_draft().await["applicant"],
        serde_json::Value::Null
    );
    browser
        .answer(
            who,
            &form(&[("applicant", "victim")]),
            "/case-review/apply/contact-details",
        )
        .await;
    // An over-long name.
    let contact = "/case-review/apply/contact-details";
    let mut long_name = Application::victim(RESIDENT.email, vec![]).contact;
    set(&mut long_name, "full_name", &"a".repeat(101));
    let page = browser.post(contact, &long_name).await;
    assert_refused_on(&page, contact, "must be 100 characters or fewer");
    assert!(
        page.body.contains(RESIDENT.email),
        "the other answers are kept"
    );
    assert_eq!(
        portal.only_draft().await["contact_details"],
        serde_json::Value::Null
    );
    browser
        .answer(
            contact,
            &Application::victim(RESIDENT.email, vec![]).contact,
            "/case-review/apply/portal-reports",
        )
        .await;
    portal_reports(&browser, &[]).await;

    // Reports made elsewhere: an impossible date, a future date, then more than the maximum.
    let other = "/case-review/apply/other-reports";
    let add = |mut report: Form| {
        report.push(("action".into(), "add".into()));
        report
    };
    let mut impossible = elsewhere(days_ago(10), "police");
    set(&mut impossible, "incident_day", "31");
    set(&mut impossible, "incident_month", "2");
    let page = browser.post(other, &add(impossible)).await;
    assert_refused_on(
        &page,
        other,
        "The date of the incident in report 1 must be a real date",
    );
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Days::new(2);
    let page = browser
        .post(other, &add(elsewhere(tomorrow, "police")))
        .await;
    assert_refused_on(&page, other, "must be today or in the past");
    let mut unknown_body = elsewhere(days_ago(10), "police");
    set(&mut unknown_body, "reported_to", "the_king");
    let page = browser.post(other, &add(unknown_body)).await;
    assert_refused_on(&page, other, "Select who you made report 1 to");
    assert_eq!(
        portal.only_draft().await["other_reports"],
        serde_json::Value::Null,
        "no refused report was saved"
    );
    for n in 1..=2 {
        browser
            .answer(other, &add(elsewhere(days_ago(10 * n), "police")), other)
            .await;
    }
    // Only a crafted post can add a third: the page offers no more fields at the maximum.
    let page = browser
        .post(other, &add(elsewhere(days_ago(30), "council")))
        .await;
    assert_eq!(page.path(), other);
    assert!(page
        .error_summary()
        .contains("You can add up to 2 reports made elsewhere"));
    let draft = portal.only_draft().await;
    assert_eq!(
        draft["other_reports"].as_array().map(Vec::len),
        Some(2),
        "{draft}"
    );
    browser
        .answer(
            other,
            &form(&[("action", "continue")]),
            "/case-review/apply/impact",
        )
        .await;

    // An over-long description of the impact; an answer to "hate" never offered.
    let impact = "/case-review/apply/impact";
    let mut long = Application::victim(RESIDENT.email, vec![]).impact;
    set(&mut long, "description", &"a".repeat(5_001));
    let page = browser.post(impact, &long).await;
    assert_refused_on(
        &page,
        impact,
        "How it has affected you must be 5,000 characters or fewer",
    );
    assert!(
        page.body.contains("That the noise stops"),
        "the other answers are kept"
    );
    let mut odd = Application::victim(RESIDENT.email, vec![]).impact;
    set(&mut odd, "hate", "perhaps");
    let page = browser.post(impact, &odd).await;
    assert_refused_on(
        &page,
        impact,
        "Select whether you think it is because of who you are",
    );
    let taking_part = "/case-review/apply/taking-part";
    browser
        .answer(
            impact,
            &Application::victim(RESIDENT.email, vec![]).impact,
            taking_part,
        )
        .await;
    let page = browser
        .post(taking_part, &form(&[("taking_part", "by_carrier_pigeon")]))
        .await;
    assert_refused_on(&page, taking_part, "Select whether you want to take part");
    assert_eq!(
        portal.only_draft().await["taking_part"],
        serde_json::Value::Null
    );

    // A submit before the application is complete goes to the first open page.
    let page = browser
        .post("/case-review/apply/submit", &form(&[("version", "1")]))
        .await;
    assert_eq!(page.path(), taking_part);
    // A body over the limit is refused whole.
    let huge = "a".repeat(1024 * 1024);
    let page = browser
        .post(impact, &[("description", huge.as_str())])
        .await;
    assert_eq!(page.status, reqwest::StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(portal.count("case_reviews").await, 0);
    assert_eq!(portal.count("case_review_complaints").await, 0);
    assert_eq!(portal.count("outbox").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_reports_from_one_browser_then_an_application_from_the_third_meets_the_threshold() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    // Three incidents (one incident reported twice would count once).
    let incident = |days: u64| {
        let mut answers = Answers::straightforward(RESIDENT.email);
        answers.when = date_fields(days_ago(days)).to_vec();
        answers.when.extend(form(&[("ongoing", "yes")]));
        answers
    };
    let answers = incident(1);
    let first = browser.report(&incident(3)).await;
    assert!(!first.body.contains("id=\"case-review-prompt\""));
    let second = browser.report(&incident(2)).await;
    assert!(
        second
            .body
            .contains("You have reported anti-social behaviour before"),
        "{}",
        second.body
    );
    assert!(!second.body.contains("That may be enough"));
    let third = browser.report(&answers).await;
    assert!(
        third.body.contains(
            "You have made 3 reports about anti-social behaviour on this website in the last \
             six months. That may be enough for an ASB Case Review."
        ) && third.body.contains("with these reports included"),
        "{}",
        third.body
    );
    // Another browser typing the same email is told nothing of them.
    let stranger = portal.browser().report(&answers).await;
    assert!(!stranger.body.contains("id=\"case-review-prompt\""));

    let start = browser.post("/case-review/apply/start", &Form::new()).await;
    fill_in(
        &browser,
        start,
        &Application::victim(RESIDENT.email, vec![]),
    )
    .await;
    let page = send(&browser).await;
    assert_eq!(outcome(&page), "met", "{}", page.body);
    let counted: Vec<(String, bool, bool)> = on_db!(portal.db(), |db| sqlx::query_as(
        "SELECT source, verified, counted FROM case_review_complaints c \
         JOIN case_reviews r ON r.id = c.case_review_id WHERE r.reference = $1 AND source = 'portal'",
    )
    .bind(page.reference())
    .fetch_all(db)
    .await)
    .unwrap();
    assert_eq!(counted, vec![("portal".to_string(), true, true); 3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earlier_references_typed_on_a_report_count_only_with_its_own_email() {
    let portal = Portal::with_mail_files().await;
    let answers = Answers::straightforward(RESIDENT.email);
    let one = portal.browser().report(&answers).await.reference();
    let two = portal.browser().report(&answers).await.reference();
    let someone_elses = portal
        .browser()
        .report(&Answers::straightforward("someone.else@example.org"))
        .await
        .reference();
    let typing = |references: String, email: &str| {
        let mut a = Answers::straightforward(email);
        set(&mut a.impact, "reported_before", "yes");
        a.assessment = Answers::high_risk(email).assessment;
        set(a.assessment_page("feelings"), "self_harm", "no");
        a.consent = form(&[("consent_share", "yes"), ("consent_support", "yes")]);
        a.earlier_reports = Some(form(&[
            ("times", "twice"),
            ("reported_to", "council"),
            ("portal_references", &references),
        ]));
        a
    };
    // Their own two references, typed loosely, with the email they gave on them.
    let typed = format!("{}, {}", one.to_lowercase(), two.replace('-', " "));
    let page = portal
        .browser()
        .report(&typing(typed, &RESIDENT.email.to_uppercase()))
        .await;
    assert!(
        page.body
            .contains("You have made 3 reports about anti-social behaviour"),
        "{}",
        page.body
    );
    // Someone else's reference, or their own with another email: not counted, and the page
    // is the same as for a reference that does not exist.
    let mut pages = Vec::new();
    for (references, email) in [
        (someone_elses.clone(), RESIDENT.email),
        (one.clone(), "someone.else@example.org"),
        ("ASB-2222-2222".to_string(), RESIDENT.email),
    ] {
        let page = portal.browser().report(&typing(references, email)).await;
        assert!(!page.body.contains("That may be enough"));
        assert!(page
            .body
            .contains("You have reported anti-social behaviour before"));
        pages.push(without_nonce(&page.body).replace(&page.reference(), "REFERENCE"));
    }
    assert_eq!(
        pages[0], pages[2],
        "another person's reference looks like a made-up one"
    );
    // A reference that is not one is refused on its page.
    let bad = typing("ASB-7KQ4".into(), RESIDENT.email);
    let browser = portal.browser();
    browser.walk_to(&bad, "/report/earlier-reports").await;
    let refused = browser
        .post(
            "/report/earlier-reports",
            bad.earlier_reports.as_ref().unwrap(),
        )
        .await;
    assert_eq!(refused.path(), "/report/earlier-reports");
    refused.assert_error("Enter reference numbers like ASB-7KQ4-M2XD");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_community_threshold_on_different_people_reporting_one_problem_meet_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = asb_portal::server::config::Config::default();
    config.smtp.mail_dir = dir.path().join("mail");
    config.case_review.community_reporters_needed = 3;
    let portal = Portal::start_in(dir, config, None).await;
    // Three people report noise in the same area; a fourth reports it twice (one person).
    for email in ["one@example.org", "two@example.org", "two@example.org"] {
        portal
            .browser()
            .report(&Answers::straightforward(email))
            .await;
    }
    let applicant = portal.browser();
    applicant
        .report(&Answers::straightforward(RESIDENT.email))
        .await;
    let start = applicant
        .post("/case-review/apply/start", &Form::new())
        .await;
    fill_in(
        &applicant,
        start,
        &Application::victim(RESIDENT.email, vec![]),
    )
    .await;
    let page = send(&applicant).await;
    assert_eq!(outcome(&page), "met", "{}", page.body);
    let explanation: String = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT threshold_explanation FROM case_reviews WHERE reference = $1"
    )
    .bind(page.reference())
    .fetch_one(db)
    .await)
    .unwrap();
    assert!(
        explanation.contains("3 different people reporting the same problem")
            && explanation.contains("are needed; 3 have"),
        "{explanation}"
    );
    // Nothing on the page tells the applicant who else reported.
    assert!(!page.body.contains("one@example.org") && !page.body.contains("two@example.org"));
}
