//! Bad input gets a clear error on the same page and nothing half-saved; pages cannot be
//! skipped; "Exit this page" forgets the answers.

use crate::support::*;
use asb_portal::server::config::Config;
use chrono::{Days, Utc};
use reqwest::StatusCode;

/// The page came back to `path` with `message` in its error summary, and the address carries
/// nothing the person typed.
fn assert_refused(page: &Page, path: &str, message: &str) {
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.path(), path, "{}", page.error_summary());
    assert_eq!(
        page.url.query(),
        None,
        "the address must not carry answers: {}",
        page.url
    );
    page.assert_error(message);
}

/// Bad answers to one page, each of which the page must refuse.
struct Refusals<'a> {
    page: &'a str,
    /// Good answers to the page, which each case makes bad.
    base: &'a Form,
    /// Text of the other answers that the refused page must still show.
    kept: &'a [&'a str],
    /// The fields made bad (with what they are set to), and the message that refuses them.
    cases: &'a [(&'a [(&'a str, &'a str)], &'a str)],
}

/// Posts each case in turn and checks it comes back to its page with its message (see
/// [`assert_refused`]), still showing the kept answers, and with no word that was typed (its
/// first four letters) in the address. Returns the last refused page.
async fn refuse(browser: &Browser, refusals: Refusals<'_>) -> Page {
    let mut last = None;
    for (bad, message) in refusals.cases {
        let mut answers = refusals.base.clone();
        for (field, value) in *bad {
            set(&mut answers, field, value);
        }
        let page = browser.post(refusals.page, &answers).await;
        assert_refused(&page, refusals.page, message);
        for kept in refusals.kept {
            assert!(
                page.body.contains(kept),
                "{} lost the answer {kept:?} after {bad:?}",
                refusals.page
            );
        }
        for word in bad.iter().flat_map(|(_, value)| value.split_whitespace()) {
            let typed: String = word.chars().take(4).collect();
            if typed.chars().count() == 4 && typed.chars().all(char::is_alphabetic) {
                assert!(
                    !page.url.as_str().contains(&typed),
                    "the address carries {typed:?}: {}",
                    page.url
                );
            }
        }
        last = Some(page);
    }
    last.expect("at least one case")
}

/// The only draft holds nothing for `section`.
async fn assert_unsaved(portal: &Portal, section: &str) {
    assert_eq!(
        portal.only_draft().await[section],
        serde_json::Value::Null,
        "{section} was saved"
    );
}

async fn assert_nothing_submitted(portal: &Portal) {
    assert_eq!(portal.count("reports").await, 0);
    assert_eq!(portal.count("outbox").await, 0);
    assert_eq!(portal.count("consents").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_over_long_description_is_refused_and_the_other_answers_stay() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.walk_to(&answers, "/report/details").await;

    let long = "a".repeat(5_001);
    let page = refuse(
        &browser,
        Refusals {
            page: "/report/details",
            base: &answers.details,
            kept: &[RESIDENT.people_involved],
            cases: &[(
                &[("description", &long)],
                "What happened must be 5,000 characters or fewer",
            )],
        },
    )
    .await;
    assert!(page.body.contains(&long), "what they typed was lost");
    assert_unsaved(&portal, "details").await;

    // Shown again later, the page still has the errors and answers.
    let again = browser.get("/report/details").await;
    assert!(again.body.contains(RESIDENT.people_involved));

    // The limit is exactly 5,000 characters.
    let exact = "a".repeat(5_000);
    browser
        .answer(
            "/report/details",
            &form(&[("description", &exact), ("people_involved", "")]),
            "/report/relationship",
        )
        .await;
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_in_the_future_is_refused() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.walk_to(&answers, "/report/when").await;

    let future = date_fields(Utc::now().date_naive() + Days::new(3));
    let future = future.each_ref().map(|(k, v)| (k.as_str(), v.as_str()));
    let not_real = [
        ("incident-date-day", "31"),
        ("incident-date-month", "2"),
        ("incident-date-year", "2025"),
    ];
    for (bad, message) in [
        (
            &future,
            "The date it last happened must be today or in the past",
        ),
        (&not_real, "The date it last happened must be a real date"),
    ] {
        refuse(
            &browser,
            Refusals {
                page: "/report/when",
                base: &answers.when,
                kept: &[],
                cases: &[(bad, message)],
            },
        )
        .await;
        assert_unsaved(&portal, "when").await;
    }
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_postcode_email_and_phone_are_refused() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.walk_to(&answers, "/report/location").await;

    let page = refuse(
        &browser,
        Refusals {
            page: "/report/location",
            base: &answers.location,
            kept: &[RESIDENT.address],
            cases: &[
                (
                    &[("postcode", "NOT A POSTCODE")],
                    "Enter a real postcode, like SW1A 1AA",
                ),
                (&[("area", "atlantis")], "Select an area from the list"),
            ],
        },
    )
    .await;
    browser
        .walk_on(page, &answers, "/report/contact-details")
        .await;

    refuse(
        &browser,
        Refusals {
            page: "/report/contact-details",
            base: answers.contact_details.as_ref().unwrap(),
            kept: &[RESIDENT.name],
            cases: &[
                (
                    &[("email", "priya at example dot org")],
                    "Enter an email address in the correct format, like name@example.com",
                ),
                (
                    &[("phone", "12")],
                    "Enter a telephone number, like 01632 960 001 or 07700 900 982",
                ),
            ],
        },
    )
    .await;
    assert_unsaved(&portal, "contact_details").await;
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_missing_answer_is_asked_for() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.start().await;

    let empty = Form::new();
    let contact_details = answers.contact_details.clone().unwrap();
    let cases: [(&str, &Form, &[&str], &str); 11] = [
        ("/report/category", &answers.category, &["Select what is happening"], "/report/reporting-for"),
        (
            "/report/reporting-for",
            &answers.reporting_for,
            &["Select whether you are reporting for yourself or for someone else"],
            "/report/location",
        ),
        (
            "/report/location",
            &answers.location,
            &["Enter a postcode, an address or a description of the place"],
            "/report/how-often",
        ),
        ("/report/how-often", &answers.how_often, &["Select how often it happens"], "/report/when"),
        (
            "/report/when",
            &answers.when,
            &["Enter the date it last happened", "Select yes if it is still going on"],
            "/report/details",
        ),
        ("/report/details", &answers.details, &["Enter what happened"], "/report/relationship"),
        (
            "/report/relationship",
            &answers.relationship,
            &["Select who is causing the problem, or that you prefer not to say"],
            "/report/contact",
        ),
        (
            "/report/contact",
            &answers.contact,
            &["Select whether we can contact you, or if you want to stay anonymous"],
            "/report/contact-details",
        ),
        (
            "/report/contact-details",
            &contact_details,
            &["Enter your full name", "Enter an email address or a phone number"],
            "/report/impact",
        ),
        (
            "/report/impact",
            &answers.impact,
            &[
                "Select yes if this is affecting your health or wellbeing, or making you feel unsafe",
                "Select yes if you have reported this problem before",
            ],
            "/report/consent",
        ),
        (
            "/report/consent",
            &answers.consent,
            &["Select yes if we can share your report with our partners"],
            "/report/check",
        ),
    ];
    for (path, valid, messages, next) in cases {
        let page = browser.post(path, &empty).await;
        for message in messages {
            assert_refused(&page, path, message);
        }
        if path == "/report/contact-details" {
            let page = browser
                .post(
                    path,
                    &form(&[("full_name", "Sam"), ("email", "sam@example.com")]),
                )
                .await;
            assert_refused(&page, path, "Select yes if it is safe to email you");
        }
        browser.answer(path, valid, next).await;
    }
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn option_values_that_were_never_offered_are_refused() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::high_risk(RESIDENT.email);
    browser.start().await;

    let page = refuse(
        &browser,
        Refusals {
            page: "/report/category",
            base: &answers.category,
            kept: &[],
            cases: &[(&[("category", "bogus")], "Select what is happening")],
        },
    )
    .await;
    assert_unsaved(&portal, "category").await;
    browser.walk_on(page, &answers, "/report/how-often").await;
    let page = refuse(
        &browser,
        Refusals {
            page: "/report/how-often",
            base: &answers.how_often,
            kept: &[],
            cases: &[(&[("frequency", "hourly")], "Select how often it happens")],
        },
    )
    .await;
    assert_unsaved(&portal, "frequency").await;
    browser.walk_on(page, &answers, "/report/when").await;

    let year = format!("value=\"{}\"", yesterday().format("%Y"));
    let page = refuse(
        &browser,
        Refusals {
            page: "/report/when",
            base: &answers.when,
            kept: &[&year],
            cases: &[(
                &[("ongoing", "sometimes")],
                "Select yes if it is still going on",
            )],
        },
    )
    .await;
    assert_unsaved(&portal, "when").await;
    browser
        .walk_on(page, &answers, "/report/assessment/history")
        .await;

    let history = answers.clone().assessment_page("history").clone();
    refuse(
        &browser,
        Refusals {
            page: "/report/assessment/history",
            base: &history,
            kept: &[],
            cases: &[(
                &[("escalating", "maybe")],
                "Select whether it is getting worse",
            )],
        },
    )
    .await;
    let draft = portal.only_draft().await;
    assert!(
        draft["assessment"].get("escalating").is_none(),
        "an answer never offered was stored: {draft}"
    );
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_refused_with_413_and_a_page_that_says_so() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    browser
        .walk_to(&Answers::straightforward(RESIDENT.email), "/report/details")
        .await;

    let huge = "a".repeat(1024 * 1024);
    let page = browser
        .post(
            "/report/details",
            &[("description", huge.as_str()), ("people_involved", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A page in the service's own words (found by fuzzing: it was a bare "length limit
    // exceeded" before), with the way out for someone in danger.
    assert!(
        page.body.contains("Sorry, that page was too large to send")
            && page.body.contains("shorten your longest answers")
            && page.body.contains("call 999"),
        "{}",
        page.body
    );
    assert_unsaved(&portal, "details").await;
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_draft_cookie_submit_shows_a_start_again_page() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();

    let page = browser.post("/report/submit", &Form::new()).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.to_lowercase().contains("start again"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Exit this page"));

    let page = browser
        .post("/report/details", &form(&[("description", "Loud music")]))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.to_lowercase().contains("start again"));

    // A made-up draft id is no better than none.
    let forged = reqwest::Client::new()
        .post(browser.url("/report/submit"))
        .header("cookie", "asb_draft=00000000000000000000000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_cannot_be_skipped() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    browser.start().await;
    browser
        .answer(
            "/report/category",
            &answers.category,
            "/report/reporting-for",
        )
        .await;
    browser
        .answer(
            "/report/reporting-for",
            &answers.reporting_for,
            "/report/location",
        )
        .await;

    // Posting the consent page before the pages in between goes to the first unanswered page.
    let page = browser.post("/report/consent", &answers.consent).await;
    assert_eq!(page.path(), "/report/location");
    assert!(portal.only_draft().await["consent"]
        .as_object()
        .is_none_or(|c| c.is_empty()));

    for path in [
        "/report/check",
        "/report/details",
        "/report/consent",
        "/report/confirmation",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.path(), "/report/location", "GET {path}");
    }
    let page = browser.post("/report/submit", &Form::new()).await;
    assert_eq!(
        page.path(),
        "/report/location",
        "submitting an unfinished report"
    );
    let page = browser
        .post("/report/assessment/history", &form(&[("repeat", "yes")]))
        .await;
    assert_eq!(
        page.path(),
        "/report/location",
        "the assessment is not open to this report"
    );
    assert_nothing_submitted(&portal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_this_page_leaves_for_the_neutral_site_and_forgets_the_answers() {
    let exit_url = "https://www.example.com/weather";
    let mut config =
        Config::from_toml_str(&format!("[site]\nexit_url = \"{exit_url}\"\n")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    config.smtp.mail_dir = dir.path().join("mail");
    let portal = Portal::start(config, None).await;
    let browser = portal.browser();
    let page = browser
        .walk_to(&Answers::straightforward(RESIDENT.email), "/report/contact")
        .await;
    assert!(
        page.body.contains("href=\"/exit\""),
        "every page has Exit this page"
    );
    assert_eq!(portal.count("drafts").await, 1);

    let response = browser
        .without_redirects()
        .get(browser.url("/exit"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], exit_url);
    assert_eq!(portal.count("drafts").await, 0, "the answers are deleted");

    // Coming back shows nothing of the earlier answers.
    let page = browser.get("/report/details").await;
    assert_eq!(page.path(), "/report");
    assert!(!page.body.contains(RESIDENT.description));
    assert_eq!(portal.count("reports").await, 0);
}
