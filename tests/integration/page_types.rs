//! Every page type, error states included: its `<title>` begins with its `<h1>` (so the
//! browser tab, the history and a screen reader's first words name the page the person sees),
//! and its HTML passes the Nu HTML Checker.

use reqwest::StatusCode;

use crate::support::*;

/// The text inside the first `<h1>`, tags removed.
fn heading(page: &Page) -> String {
    let start = page
        .body
        .find("<h1")
        .unwrap_or_else(|| panic!("{} has no h1", page.url));
    let end = page.body[start..].find("</h1>").unwrap() + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in page.body[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title(page: &Page) -> String {
    let start = page.body.find("<title>").expect("a title") + "<title>".len();
    let end = page.body.find("</title>").unwrap();
    page.body[start..end].to_string()
}

fn assert_title_begins_with_heading(page: &Page, error: bool) {
    let title = title(page);
    let h1 = heading(page);
    let expected = if error { format!("Error: {h1}") } else { h1 };
    assert!(
        title.starts_with(&expected),
        "{}: title {title:?} does not begin with the heading {expected:?}",
        page.url
    );
}

/// The pages anyone may find through a search engine.
const PUBLIC_PAGES: [&str; 8] = [
    "/report",
    "/privacy",
    "/case-review",
    "/case-review/figures",
    "/accessibility",
    "/cookies",
    "/noise-diary",
    "/case-review/apply",
];

/// One of each page type, with whether it shows errors: the public pages, "page not found",
/// the start-again page, every question page of a high-risk report (blank, then with errors),
/// "Check your answers" and the confirmation.
async fn every_page_type(portal: &Portal) -> Vec<(Page, bool)> {
    let browser = portal.browser();
    let mut pages = Vec::new();
    for path in PUBLIC_PAGES
        .iter()
        .filter(|p| !p.starts_with("/case-review/apply"))
        .chain(&["/no-such-page"])
    {
        pages.push((browser.get(path).await, false));
    }
    // Without a draft: the start-again page.
    let page = browser.post("/report/submit", &Form::new()).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    pages.push((page, false));

    let answers = Answers::high_risk(RESIDENT.email);
    let mut page = browser.start().await;
    let steps = answers.pages();
    for (i, (path, posted)) in steps.iter().enumerate() {
        assert_eq!(page.path(), path);
        pages.push((page, false));
        // The same page with errors.
        let refused = browser.post(path, &Form::new()).await;
        assert_eq!(refused.path(), *path);
        pages.push((refused, true));
        let next = steps
            .get(i + 1)
            .map(|(p, _)| p.as_str())
            .unwrap_or("/report/check");
        page = browser.answer(path, posted, next).await;
    }
    pages.push((page, false));
    pages.push((browser.submit().await, false));

    // Journey 2: every page of an application on someone's behalf, blank and with errors.
    pages.push((browser.get("/case-review/apply").await, false));
    browser.post("/case-review/apply/start", &Form::new()).await;
    let contact = form(&[
        ("full_name", RESIDENT.name),
        ("email", RESIDENT.email),
        ("safe_to_email", "yes"),
    ]);
    let application: [(&str, Form); 8] = [
        ("who", form(&[("applicant", "on_behalf")])),
        (
            "victim",
            form(&[("victim_name", "Sam Jones"), ("victim_agrees", "yes")]),
        ),
        ("contact-details", contact),
        (
            "portal-reports",
            form(&[("action", "continue"), ("reference", "nonsense")]),
        ),
        (
            "other-reports",
            form(&[("action", "continue"), ("how", "carrier_pigeon")]),
        ),
        (
            "impact",
            form(&[
                ("description", "Afraid"),
                ("hate", "no"),
                ("outcome_hoped", "Help"),
            ]),
        ),
        ("taking-part", form(&[("taking_part", "no")])),
        ("consent", form(&[("consent", "yes")])),
    ];
    for (i, (slug, posted)) in application.iter().enumerate() {
        let path = format!("/case-review/apply/{slug}");
        pages.push((browser.get(&path).await, false));
        let repeatable = ["other-reports", "portal-reports"].contains(slug);
        let refused = if repeatable {
            browser.post(&path, posted).await
        } else {
            browser.post(&path, &Form::new()).await
        };
        assert_eq!(refused.path(), path);
        pages.push((refused, true));
        let valid = if repeatable {
            form(&[("action", "continue")])
        } else {
            posted.clone()
        };
        let next = application
            .get(i + 1)
            .map(|(s, _)| format!("/case-review/apply/{s}"))
            .unwrap_or_else(|| "/case-review/apply/check".to_string());
        browser.answer(&path, &valid, &next).await;
    }
    let check = browser.get("/case-review/apply/check").await;
    let sent = browser
        .post("/case-review/apply/submit", &check.submit_form())
        .await;
    assert_eq!(sent.path(), "/case-review/apply/confirmation");
    pages.push((check, false));
    pages.push((sent, false));
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_title_begins_with_its_heading() {
    let portal = Portal::with_mail_files().await;
    for (page, error) in every_page_type(&portal).await {
        assert_title_begins_with_heading(&page, error);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_title_is_unique_and_names_the_page_the_service_and_the_council() {
    let portal = Portal::with_mail_files().await;
    let mut seen = std::collections::BTreeMap::new();
    for (page, error) in every_page_type(&portal).await {
        let title = title(&page);
        let service = if page.path().starts_with("/case-review/apply") {
            "Apply for an ASB Case Review"
        } else {
            "Report anti-social behaviour"
        };
        if page.path() == "/report" || page.path() == "/case-review/apply" {
            assert_eq!(title, format!("{service} – Exampleshire Council"));
        } else {
            assert!(
                title.ends_with(&format!(" – {service} – Exampleshire Council")),
                "{}: {title:?}",
                page.url
            );
        }
        if !error {
            if let Some(other) = seen.insert(title.clone(), page.path().to_string()) {
                assert_eq!(other, page.path(), "{title:?} names two pages");
            }
        }
    }
    assert!(seen.len() >= 20, "{seen:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_public_pages_are_indexable_and_each_describes_itself() {
    let portal = Portal::with_mail_files().await;
    for (page, _) in every_page_type(&portal).await {
        let public = PUBLIC_PAGES.contains(&page.path());
        let noindex = page
            .body
            .contains(r#"<meta name="robots" content="noindex">"#);
        assert_eq!(noindex, !public, "{}: noindex", page.url);
        assert_eq!(
            page.body.contains(r#"<meta name="description""#),
            public,
            "{}: description",
            page.url
        );
        assert_eq!(page.body.matches("<title>").count(), 1, "{}", page.url);
    }
}

/// Leptos marks where islands and dynamic text sit with empty comments (`<!>`), which the
/// checker calls "bogus"; they are the only thing it is told to ignore.
fn is_hydration_marker(message: &serde_json::Value) -> bool {
    message["message"] == "Bogus comment."
        && message["extract"]
            .as_str()
            .is_some_and(|e| e.contains("<!>"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_the_nu_html_checker() {
    let jar = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} is missing: run scripts/setup.sh --test",
        jar.display()
    );
    let portal = Portal::with_mail_files().await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (n, (page, _)) in every_page_type(&portal).await.into_iter().enumerate() {
        let name = format!("{n:02}{}.html", page.path().replace('/', "_"));
        let file = dir.path().join(name);
        std::fs::write(&file, &page.body).unwrap();
        files.push(file);
    }
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--exit-zero-always"])
        .args(&files)
        .output()
        .expect("java runs (Debian's default-jre-headless; scripts/setup.sh --test)");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    let problems: Vec<String> = report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .filter(|m| !is_hydration_marker(m))
        .map(|m| {
            format!(
                "{}: {} ({})",
                m["url"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or(""),
                m["message"],
                m["extract"]
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} pages checked:\n{}",
        files.len(),
        problems.join("\n")
    );
}

/// Every form that posts to a journey carries the draft's CSRF token, or the post would be
/// refused (the test browser adds the token itself, so only the pages can show a form
/// without it). The forms that start a journey have no draft yet and need none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_journey_form_carries_its_csrf_token() {
    let portal = Portal::with_mail_files().await;
    let mut forms = 0;
    for (page, _) in every_page_type(&portal).await {
        for form in page.body.split("<form").skip(1) {
            let form = form.split("</form>").next().unwrap();
            let tag = form.split('>').next().unwrap();
            if !tag.contains("method=\"post\"") || tag.contains("/start\"") {
                continue;
            }
            forms += 1;
            assert!(
                form.contains("name=\"csrf\""),
                "a form without its token on {}: <form{tag}>",
                page.url
            );
        }
    }
    assert!(forms > 20, "only {forms} journey forms were seen");
}
