//! Every page's `<title>` begins with its `<h1>`, so the browser tab, the history and a screen
//! reader's first words name the page the person sees.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_title_begins_with_its_heading() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    for path in ["/report", "/privacy", "/case-review", "/no-such-page"] {
        assert_title_begins_with_heading(&browser.get(path).await, false);
    }
    // Without a draft: the start-again page.
    let page = browser.post("/report/submit", &Form::new()).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_title_begins_with_heading(&page, false);

    let answers = Answers::high_risk(RESIDENT.email);
    let mut page = browser.start().await;
    let pages = answers.pages();
    for (i, (path, posted)) in pages.iter().enumerate() {
        assert_eq!(page.path(), *path);
        assert_title_begins_with_heading(&page, false);
        // The same page with errors.
        let refused = browser.post(path, &Form::new()).await;
        assert_eq!(refused.path(), *path);
        assert_title_begins_with_heading(&refused, true);
        let next = pages.get(i + 1).map(|(p, _)| *p).unwrap_or("/report/check");
        page = browser.answer(path, posted, next).await;
    }
    assert_title_begins_with_heading(&page, false);
    let confirmation = browser.submit().await;
    assert_title_begins_with_heading(&confirmation, false);
}
