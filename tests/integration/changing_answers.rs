//! Changing answers from "Check your answers": the gate opens or closes the needs assessment and
//! the consent questions follow; answers given once are not asked again; staying anonymous
//! is respected and the contact details page follows the choice; and a submitted draft keeps nothing personal, though the confirmation still shows.

use crate::support::*;

/// Assessment answers that put the person in the high band without a critical answer:
/// violence and feeling unsafe at home (a `high_if_all` combination).
fn high_band_assessment() -> Vec<(&'static str, Form)> {
    vec![
        (
            "history",
            form(&[
                ("duration", "over_6_months"),
                ("escalating", "yes"),
                ("property", "no"),
            ]),
        ),
        (
            "safety",
            form(&[
                ("targeted", "yes"),
                ("hate", "no"),
                ("violence", "yes"),
                ("unsafe_home", "yes"),
            ]),
        ),
        (
            "health",
            form(&[
                ("health", "yes"),
                ("condition", "no"),
                ("daily_life", "yes"),
                ("dependants", "no"),
            ]),
        ),
        ("feelings", form(&[("self_harm", "no")])),
        ("support", form(&[("isolated", "no"), ("services", "no")])),
    ]
}

/// Assessment answers that score low: the standard band.
fn standard_band_assessment() -> Vec<(&'static str, Form)> {
    vec![
        (
            "history",
            form(&[
                ("duration", "less_than_1_month"),
                ("escalating", "no"),
                ("property", "no"),
            ]),
        ),
        (
            "safety",
            form(&[
                ("targeted", "no"),
                ("hate", "no"),
                ("violence", "no"),
                ("unsafe_home", "no"),
            ]),
        ),
        (
            "health",
            form(&[
                ("health", "no"),
                ("condition", "no"),
                ("daily_life", "no"),
                ("dependants", "no"),
            ]),
        ),
        ("feelings", form(&[("self_harm", "no")])),
        ("support", form(&[("isolated", "yes"), ("services", "yes")])),
    ]
}

const ASSESSMENT_PAGES: [&str; 5] = [
    "/report/assessment/history",
    "/report/assessment/safety",
    "/report/assessment/health",
    "/report/assessment/feelings",
    "/report/assessment/support",
];

/// Follows the gate's "Change" link from "Check your answers" and answers it again.
async fn change_gate(browser: &Browser, check: &Page, affecting: &str, next: &str) -> Page {
    assert!(
        check.body.contains("href=\"/report/impact?change=1\""),
        "no link to change the gate on {}",
        check.url
    );
    let gate = browser.get("/report/impact?change=1").await;
    assert_eq!(gate.path(), "/report/impact");
    browser
        .answer(
            "/report/impact",
            &form(&[("affecting", affecting), ("reported_before", "no")]),
            next,
        )
        .await
}

/// Whether a page offers a question (a form field named `field`).
fn asks(page: &Page, field: &str) -> bool {
    page.body.contains(&format!("name=\"{field}\""))
}

/// Consent to share and to support, as a high-risk report is asked.
const SUPPORT_CONSENT: [(&str, &str); 2] = [("consent_share", "yes"), ("consent_support", "yes")];

/// The straightforward report, except that it affects the person: the gate opens the needs
/// assessment, answered with `assessment`, and consent is given as `consent`.
fn affected(
    email: &str,
    assessment: Vec<(&'static str, Form)>,
    consent: &[(&str, &str)],
) -> Answers {
    let mut answers = Answers::straightforward(email);
    answers.impact = form(&[("affecting", "yes"), ("reported_before", "no")]);
    answers.assessment = Some(assessment);
    answers.consent = form(consent);
    answers
}

/// The routes a report took, in order.
async fn route_names(portal: &Portal, report_id: i64) -> Vec<String> {
    portal
        .routes(report_id)
        .await
        .into_iter()
        .map(|r| r.route)
        .collect()
}

/// A draft's answers hold an assessment with nothing in it.
fn assert_no_assessment(draft: &serde_json::Value, what: &str) {
    assert!(
        draft["assessment"]
            .as_object()
            .is_some_and(|a| a.is_empty()),
        "{what} still holds health answers: {draft}"
    );
}

/// Submits the browser's report, which must not be assessed, and checks that neither the report
/// nor the submitted draft keeps any assessment answers.
async fn submit_unassessed(portal: &Portal, browser: &Browser) -> ReportRow {
    let reference = browser.submit().await.reference();
    let report = portal.report(&reference).await;
    assert!(!report.assessed);
    assert_eq!(report.band, None);
    assert_eq!(report.score, None);
    assert_eq!(portal.assessment_answers(report.id).await, vec![]);
    let after = portal.draft_answers(&browser.draft_id()).await;
    assert_no_assessment(&after, "the submitted draft");
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saying_it_affects_you_from_check_your_answers_opens_the_assessment_and_reasks_consent() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    let check = browser.fill_in(&answers).await;
    assert!(!check.body.contains("Is it getting worse"));

    // Not to "Check your answers": the assessment has questions to answer first.
    let mut page = change_gate(&browser, &check, "yes", ASSESSMENT_PAGES[0]).await;
    let forms = high_band_assessment();
    for (i, path) in ASSESSMENT_PAGES.iter().enumerate() {
        assert_eq!(page.path(), *path);
        let next = ASSESSMENT_PAGES.get(i + 1).unwrap_or(&"/report/consent");
        page = browser.answer(path, &forms[i].1, next).await;
    }

    // High risk: support is now offered, and mediation (meeting the other side) is not.
    let consent = browser.get("/report/consent").await;
    assert_eq!(consent.path(), "/report/consent");
    assert!(asks(&consent, "consent_share"));
    assert!(
        !asks(&consent, "consent_contact"),
        "contact was asked on its own page"
    );
    assert!(asks(&consent, "consent_support"), "{}", consent.body);
    assert!(!asks(&consent, "consent_mediation"), "{}", consent.body);
    let check = browser
        .answer("/report/consent", &form(&SUPPORT_CONSENT), "/report/check")
        .await;
    assert!(check.body.contains("Is it getting worse"));

    let reference = browser.submit().await.reference();
    let report = portal.report(&reference).await;
    assert!(report.assessed);
    assert_eq!(report.band.as_deref(), Some("high"));
    assert!(report.urgent, "a high band is urgent");
    let consents: Vec<(String, bool)> = portal
        .consents(report.id)
        .await
        .into_iter()
        .map(|c| (c.item, c.given))
        .collect();
    assert_eq!(
        consents,
        [("contact", true), ("share", true), ("support", true)].map(|(i, g)| (i.to_string(), g))
    );
    assert_eq!(
        route_names(&portal, report.id).await,
        ["triage", "panel", "support"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saying_it_no_longer_affects_you_drops_the_assessment_and_its_health_answers() {
    let portal = Portal::with_mail_files().await;

    // Noise, high band: closing the gate makes mediation an option, so consent is asked again.
    let browser = portal.browser();
    let answers = affected(RESIDENT.email, high_band_assessment(), &SUPPORT_CONSENT);
    let check = browser.fill_in(&answers).await;
    assert!(check.body.contains("Is it getting worse"));
    let draft_id = browser.draft_id();
    assert!(portal.draft_answers(&draft_id).await["assessment"]["violence"] == "yes");

    let consent = change_gate(&browser, &check, "no", "/report/consent").await;
    assert!(asks(&consent, "consent_mediation"), "{}", consent.body);
    assert!(!asks(&consent, "consent_support"), "{}", consent.body);
    let draft = portal.draft_answers_text(&draft_id).await;
    for health in ["violence", "unsafe_home", "isolated", "over_6_months"] {
        assert!(
            !draft.contains(health),
            "the draft still holds the health answer {health:?}: {draft}"
        );
    }
    let check = browser
        .answer(
            "/report/consent",
            &form(&[("consent_share", "yes"), ("consent_mediation", "no")]),
            "/report/check",
        )
        .await;
    assert!(!check.body.contains("Is it getting worse"));

    let report = submit_unassessed(&portal, &browser).await;
    assert_eq!(
        route_names(&portal, report.id).await,
        ["triage"],
        "no panel or support without a band"
    );

    // Vandalism, standard band: the consent questions stay the same, so straight back to check.
    let other = portal.browser();
    let mut answers = affected(
        "someone.else@example.org",
        standard_band_assessment(),
        &[("consent_share", "yes")],
    )
    .anonymously();
    answers.category = form(&[("category", "vandalism")]);
    let check = other.fill_in(&answers).await;
    let check = change_gate(&other, &check, "no", "/report/check").await;
    assert!(!check.body.contains("Is it getting worse"));
    let draft = portal.draft_answers(&other.draft_id()).await;
    assert_no_assessment(&draft, "the draft");
    submit_unassessed(&portal, &other).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn how_often_it_happens_is_asked_once_and_kept_in_the_assessment() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let mut answers = affected(
        RESIDENT.email,
        standard_band_assessment(),
        &[("consent_share", "yes"), ("consent_mediation", "no")],
    );
    set(&mut answers.how_often, "frequency", "daily");

    browser.walk_to(&answers, ASSESSMENT_PAGES[0]).await;
    let history = browser.get(ASSESSMENT_PAGES[0]).await;
    assert_eq!(history.path(), ASSESSMENT_PAGES[0]);
    assert!(asks(&history, "duration"), "{}", history.body);
    assert!(
        !asks(&history, "repeat"),
        "asked whether it happened before after \"every day\":\n{}",
        history.body
    );
    assert!(
        !asks(&history, "frequency"),
        "asked again how often it happens:\n{}",
        history.body
    );
    assert!(
        !asks(&history, "reported"),
        "asked how often it was reported after saying it was not"
    );

    let confirmation = browser.report(&answers).await;
    let report = portal.report(&confirmation.reference()).await;
    assert!(report.assessed);
    let stored = portal.assessment_answers(report.id).await;
    assert!(
        stored.contains(&("frequency".to_string(), "daily".to_string())),
        "{stored:?}"
    );
    assert!(
        stored.contains(&("reported".to_string(), "none".to_string())),
        "{stored:?}"
    );
    assert!(confirmation
        .body
        .contains("It happens every day or most days"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staying_anonymous_means_no_acknowledgement_email_but_the_referral_still_goes() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email).anonymously();
    let walked: Vec<String> = answers.pages().into_iter().map(|(p, _)| p).collect();
    assert!(!walked.contains(&"/report/contact-details".to_string()));

    let confirmation = browser.report(&answers).await;
    let reference = confirmation.reference();
    assert!(
        confirmation
            .body
            .contains("You reported anonymously, so we will not contact you"),
        "{}",
        confirmation.body
    );

    let report = portal.report(&reference).await;
    assert!(report.anonymous);
    assert_eq!(report.full_name, None);
    assert!(portal
        .consents(report.id)
        .await
        .iter()
        .any(|c| c.item == "contact" && !c.given));

    let (_, mail) = portal.assert_resident_not_emailed(&confirmation).await;
    let triage = mail_to(&mail, TRIAGE);
    assert_eq!(triage.len(), 1, "{:#?}", subjects(&mail));
    assert!(triage[0].body.contains(&reference));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contact_details_page_follows_the_contact_choice() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    let check = browser.fill_in(&answers).await;
    assert!(check.body.contains(RESIDENT.name));

    // Anonymous after all: straight back to check, and the details are gone from the draft.
    browser.get("/report/contact?change=1").await;
    let check = browser
        .answer(
            "/report/contact",
            &form(&[("contact", "no")]),
            "/report/check",
        )
        .await;
    assert!(!check.body.contains(RESIDENT.name));
    assert!(!portal
        .draft_answers_text(&browser.draft_id())
        .await
        .contains(RESIDENT.name));

    // Yes again: the details page is asked before check.
    browser.get("/report/contact?change=1").await;
    let page = browser
        .answer(
            "/report/contact",
            &form(&[("contact", "yes")]),
            "/report/contact-details",
        )
        .await;
    assert!(
        !page.body.contains(RESIDENT.name),
        "nothing kept to fill it in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submitted_draft_keeps_nothing_personal_yet_the_confirmation_still_shows() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = affected(RESIDENT.email, high_band_assessment(), &SUPPORT_CONSENT);

    let confirmation = browser.report(&answers).await;
    let reference = confirmation.reference();
    assert!(confirmation.body.contains("What you told us"));
    let draft_id = browser.draft_id();

    let draft = portal.draft_answers_text(&draft_id).await;
    for (what, value) in [
        ("name", RESIDENT.name),
        ("email", RESIDENT.email),
        ("address", RESIDENT.address),
        ("description", RESIDENT.description),
    ] {
        assert!(
            !draft.contains(value),
            "the submitted draft still holds the {what}: {draft}"
        );
    }
    assert_no_personal_data("the submitted draft", &draft, RESIDENT.email);

    // Shown again later (a reload, or coming back to the tab), it is the same confirmation.
    let again = browser.get("/report/confirmation").await;
    assert_eq!(again.path(), "/report/confirmation");
    assert_eq!(again.reference(), reference);
    assert!(again.body.contains("What you told us"), "{}", again.body);
    assert!(again.body.contains("You feel unsafe in your own home"));
    assert!(again.body.contains("It happens every week"));
    assert!(
        !again.body.contains(RESIDENT.name) && !again.body.contains(RESIDENT.email),
        "the confirmation shows personal details"
    );
}
