//! What residents and partners are told: one deadline everywhere (urgent or standard), the
//! partners who will make contact named in plain words, the council's contact details, nothing
//! offered that the resident refused, no step counter, and errors that name their question.

use asb_portal::domain::bank_holidays::BankHolidays;
use asb_portal::domain::uk_time::uk_date;
use asb_portal::domain::working_days::add_working_days;
use chrono::Utc;

use crate::support::*;

/// The date `days` working days from today, as residents read it.
fn working_days_from_today(days: u32) -> String {
    add_working_days(
        uk_date(Utc::now()),
        days,
        &BankHolidays::england_and_wales(),
    )
    .format("%A %-d %B %Y")
    .to_string()
}

/// Reports `answers` and checks that the confirmation, the acknowledgement (if one is sent) and
/// every partner email give the deadline `days` working days away, marked urgent or not.
async fn assert_one_deadline(answers: &Answers, days: u32, urgent: bool, acknowledged: bool) {
    let portal = Portal::with_smtp().await;
    let confirmation = portal.browser().report(answers).await;
    let reference = confirmation.reference();
    let date = working_days_from_today(days);
    assert!(
        confirmation.body.contains(&date),
        "the confirmation does not give {date}:\n{}",
        confirmation.body
    );
    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    let yes_no = if urgent { "yes" } else { "no" };
    let mut partners = 0;
    for message in &mail {
        assert!(
            message.body.contains(&date),
            "{}:\n{}",
            message.subject,
            message.body
        );
        if message.subject.contains("referral") {
            partners += 1;
            assert_eq!(
                message.body.lines().next(),
                Some(format!("Urgent: {yes_no} — respond by {date}").as_str()),
                "{}",
                message.subject
            );
            assert_eq!(message.subject.starts_with("URGENT"), urgent);
        }
    }
    assert!(partners >= 1, "{:#?}", subjects(&mail));
    let acks: Vec<&Mail> = mail_to(&mail, RESIDENT.email);
    assert_eq!(
        acks.len(),
        usize::from(acknowledged),
        "{:#?}",
        subjects(&mail)
    );
    assert!(portal.report(&reference).await.urgent == urgent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_high_band_report_is_answered_within_one_working_day_everywhere() {
    assert_one_deadline(
        &Answers::high_band_not_critical(RESIDENT.email),
        1,
        true,
        true,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_critical_report_is_answered_within_one_working_day_everywhere() {
    let mut answers = Answers::high_risk(RESIDENT.email);
    answers.set_contact_detail("safe_to_email", "yes");
    assert_one_deadline(&answers, 1, true, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simple_report_gets_the_standard_deadline_everywhere() {
    assert_one_deadline(&Answers::straightforward(RESIDENT.email), 5, false, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acknowledgement_names_who_will_contact_the_resident_and_how_to_reach_the_council() {
    let portal = Portal::with_smtp().await;
    let confirmation = portal
        .browser()
        .report(&Answers::high_band_not_critical(RESIDENT.email))
        .await;
    let date = working_days_from_today(1);
    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    let ack = mail_to(&mail, RESIDENT.email);
    assert_eq!(ack.len(), 1);
    let body = &ack[0].body;
    for line in [
        format!("Victim Support will contact you by {date}."),
        "A group of local services that helps people at risk will also look at your report."
            .to_string(),
        "Phone: 01632 960000".to_string(),
        "Email: asb@council.example".to_string(),
        confirmation.reference(),
    ] {
        assert!(
            body.contains(&line),
            "the acknowledgement lacks {line:?}:\n{body}"
        );
    }
    assert!(!body.contains("MARAC"), "{body}");
    // The confirmation says the same, and gives the council's contact details.
    for text in [
        format!("Victim Support will contact you by {date}."),
        "href=\"tel:01632960000\"".to_string(),
        "href=\"mailto:asb@council.example\"".to_string(),
    ] {
        assert!(
            confirmation.body.contains(&text),
            "the confirmation lacks {text:?}"
        );
    }
    // Victim Support will call, so its number is not given as if the resident should call.
    assert!(!confirmation.body.contains("id=\"signpost-victim_support\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_who_refused_mediation_is_never_offered_it() {
    let portal = Portal::with_smtp().await;
    let mut answers = Answers::straightforward(RESIDENT.email);
    set(&mut answers.consent, "consent_mediation", "no");
    let confirmation = portal.browser().report(&answers).await;
    assert!(
        !confirmation.body.to_lowercase().contains("mediation"),
        "{}",
        confirmation.body
    );
    let outbox = portal.wait_all_sent().await;
    let mail = portal.sink().wait_for_messages(outbox.len()).await;
    assert!(
        mail_to(&mail, MEDIATION).is_empty(),
        "{:#?}",
        subjects(&mail)
    );
    let ack = mail_to(&mail, RESIDENT.email);
    assert_eq!(ack.len(), 1);
    assert!(
        !ack[0].body.to_lowercase().contains("mediation"),
        "{}",
        ack[0].body
    );
}

/// Every question page of a report: the straightforward one (through the contact details and
/// mediation) and the high-risk one (through the assessment), each posted empty.
async fn every_question_page_posted_empty(portal: &Portal) -> Vec<Page> {
    let mut pages = Vec::new();
    for answers in [
        Answers::straightforward(RESIDENT.email),
        Answers::high_risk(RESIDENT.email),
    ] {
        let browser = portal.browser();
        browser.start().await;
        let steps = answers.pages();
        for (i, (path, posted)) in steps.iter().enumerate() {
            let shown = browser.get(path).await;
            assert_eq!(shown.path(), path);
            pages.push(shown);
            let refused = browser.post(path, &Form::new()).await;
            assert_eq!(refused.path(), path);
            pages.push(refused);
            let next = steps
                .get(i + 1)
                .map(|(p, _)| p.as_str())
                .unwrap_or("/report/check");
            browser.answer(path, posted, next).await;
        }
        pages.push(browser.get("/report/check").await);
    }
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_shows_a_step_counter_and_every_error_names_its_own_question() {
    let portal = Portal::with_mail_files().await;
    let mut errors_seen = 0;
    for page in every_question_page_posted_empty(&portal).await {
        assert!(
            !regex_like_step_counter(&page.body),
            "{} shows a step counter",
            page.url
        );
        let links = error_summary_links(&page.body);
        errors_seen += links.len();
        let mut messages: Vec<&str> = links.iter().map(|(_, m)| m.as_str()).collect();
        messages.sort();
        let count = messages.len();
        messages.dedup();
        assert_eq!(
            messages.len(),
            count,
            "{}: a message is repeated: {links:?}",
            page.url
        );
        for (target, message) in &links {
            assert!(
                !message.starts_with("Select an answer"),
                "{}: {message:?} does not name its question",
                page.url
            );
            assert!(
                page.body.contains(&format!("id=\"{target}\"")),
                "{}: the summary link #{target} goes nowhere",
                page.url
            );
        }
    }
    // Every page of both reports was posted empty: about thirty questions refused.
    assert!(errors_seen >= 30, "only {errors_seen} errors seen");
}

/// "Step 3 of 8" anywhere in the page.
fn regex_like_step_counter(body: &str) -> bool {
    body.match_indices("Step ").any(|(at, _)| {
        let rest = &body[at + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && rest[digits.len()..].starts_with(" of ")
    })
}

/// The error summary's links: (target id, message).
fn error_summary_links(body: &str) -> Vec<(String, String)> {
    let Some(start) = body.find("govuk-error-summary__list") else {
        return Vec::new();
    };
    let list = &body[start
        ..body[start..]
            .find("</ul>")
            .map_or(body.len(), |e| start + e)];
    list.split("<a href=\"#")
        .skip(1)
        .map(|link| {
            let (target, rest) = link.split_once('"').unwrap();
            let message = rest
                .split_once('>')
                .and_then(|(_, m)| m.split_once("</a>"))
                .map(|(m, _)| m.replace("&#x27;", "'").replace("&amp;", "&"))
                .unwrap_or_default();
            (target.to_string(), message)
        })
        .collect()
}
