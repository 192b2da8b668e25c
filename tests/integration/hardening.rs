//! Hardening of the public forms, through the real server: the security headers every
//! response carries.

use crate::support::*;

/// The response to a GET, with its headers.
async fn fetch(browser: &Browser, path: &str) -> (reqwest::header::HeaderMap, String) {
    let response = browser
        .without_redirects()
        .get(browser.url(path))
        .send()
        .await
        .unwrap();
    let headers = response.headers().clone();
    (headers, response.text().await.unwrap())
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// The nonce a Content-Security-Policy allows inline scripts with.
fn nonce(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce") + "'nonce-".len();
    policy[start..].split('\'').next().unwrap().to_string()
}

/// Every page: scripts and styles only from the portal, an inline script only with this
/// response's nonce, no framing, forms posting only to the portal, no base-URL tricks, and no
/// device features. The nonce is new for every response, and the page's script carries it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_content_security_policy_with_its_own_nonce() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    browser.start().await;
    let (first, body) = fetch(&browser, "/report/category").await;
    let policy = header(&first, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let first_nonce = nonce(policy);
    assert!(first_nonce.len() >= 22, "{first_nonce}");
    assert!(
        body.contains(&format!("nonce=\"{first_nonce}\"")),
        "the page's script carries this response's nonce"
    );
    // No inline style and no script without the nonce: the policy would block them.
    assert!(!body.contains("style="), "an inline style");
    assert!(!body.contains("<style"), "a style element");
    for script in body.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(
            tag.contains("src=") || tag.contains(&first_nonce),
            "an inline script without the nonce: <script{tag}>"
        );
    }
    let (second, _) = fetch(&browser, "/report/category").await;
    assert_ne!(
        nonce(header(&second, "content-security-policy")),
        first_nonce
    );
    // A page rendered once and kept carries no response's nonce.
    let (start, start_body) = fetch(&browser, "/report").await;
    assert!(start.get("content-security-policy").is_some());
    assert!(!start_body.contains("nonce="), "a kept page with a nonce");
    let permissions = header(&first, "permissions-policy");
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(permissions.contains(feature), "{permissions}");
    }
    // Served over plain http here: HSTS would be a promise the portal cannot keep.
    assert!(first.get("strict-transport-security").is_none());
    // Static files and error pages carry the policy too.
    for path in ["/pkg/asb-portal.css", "/no-such-page"] {
        let (headers, _) = fetch(&browser, path).await;
        assert!(headers.get("content-security-policy").is_some(), "{path}");
    }
}

/// A portal whose public address is https tells browsers to use nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_portal_sends_strict_transport_security() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = asb_portal::server::config::Config::from_toml_str(
        "[site]\nbase_url = \"https://asb.exampleshire.gov.uk\"\n",
    )
    .unwrap();
    config.smtp.mail_dir = dir.path().join("mail");
    let portal = Portal::start_in(dir, config, None).await;
    let (headers, _) = fetch(&portal.browser(), "/report").await;
    let hsts = header(&headers, "strict-transport-security");
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
}

/// A report whose hidden field was filled in, as robots do, is stored whole, but nothing is
/// sent: every route is held for a triage officer and no email goes out, not even to the
/// address it gave. The person sees the usual confirmation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filled_honeypot_is_stored_and_held_and_nothing_is_sent() {
    let portal = Portal::with_smtp().await;
    let browser = portal.browser();
    let mut answers = Answers::straightforward(RESIDENT.email);
    let details = browser.walk_to(&answers, "/report/details").await;
    // Out of sight and out of the accessibility tree, and not autofilled.
    let field = asb_portal::domain::honeypot::HONEYPOT_FIELD;
    assert!(details.body.contains(&format!("name=\"{field}\"")));
    let at = details.body.find("app-honeypot").expect("the honeypot");
    let open = details.body[..at].rfind('<').unwrap();
    let wrapper = details.body[open..].split('>').next().unwrap();
    assert!(wrapper.contains("aria-hidden=\"true\""), "{wrapper}");
    assert!(details.body.contains("autocomplete=\"off\""));
    set(&mut answers.details, field, "https://cheap-pills.example");
    let page = browser.walk_on(details, &answers, "/report/check").await;
    assert!(
        !page.body.contains("cheap-pills"),
        "never shown as an answer"
    );
    let page = browser.submit().await;
    let report = portal.report(&page.reference()).await;
    let routes = portal.routes(report.id).await;
    assert!(routes.len() >= 2, "{routes:?}");
    for route in &routes {
        assert!(route.held, "{route:?}");
        assert_eq!(route.rule, "honeypot_held");
    }
    assert!(portal.outbox().await.is_empty(), "no email is queued");
    // The draft held nothing of the field either.
    assert!(!portal
        .draft_answers_text(&browser.draft_id())
        .await
        .contains("cheap-pills"));
}

/// A client that sends a form's first bytes and then nothing holds no connection for ever: the
/// request is abandoned after `site.request_timeout_seconds` with a page saying so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_never_finishes_is_abandoned_with_a_page_saying_so() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let mut config =
        asb_portal::server::config::Config::from_toml_str("[site]\nrequest_timeout_seconds = 1\n")
            .unwrap();
    config.smtp.mail_dir = dir.path().join("mail");
    let portal = Portal::start_in(dir, config, None).await;
    let mut stream = tokio::net::TcpStream::connect(portal.running.addr)
        .await
        .unwrap();
    stream
        .write_all(
            b"POST /report/category HTTP/1.1\r\nHost: portal\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n\
              category=no",
        )
        .await
        .unwrap();
    // The rest of the body never comes; the answer must, within the test's own deadline.
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(read.is_ok(), "no answer: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("Sorry, that took too long"), "{answer}");
}

/// The drafts table holds only a hash of the id in each person's cookie: a copy of the
/// database opens nobody's answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draft_ids_are_stored_hashed() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let page = browser
        .walk_to(&Answers::straightforward(RESIDENT.email), "/report/when")
        .await;
    assert_eq!(page.path(), "/report/when");
    let cookie = browser.draft_id();
    let ids: Vec<String> = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT id FROM drafts"
    )
    .fetch_all(db)
    .await)
    .unwrap();
    assert_eq!(ids, [asb_portal::server::storage::draft_key(&cookie)]);
    assert_ne!(ids[0], cookie);
    assert!(!ids[0].contains(&cookie));
    // And the submitted report keeps the same key, never the cookie's id.
    let page = browser
        .report(&Answers::straightforward(RESIDENT.email))
        .await;
    let stored: Vec<String> = on_db!(portal.db(), |db| sqlx::query_scalar(
        "SELECT draft_id FROM reports"
    )
    .fetch_all(db)
    .await)
    .unwrap();
    assert!(!stored.contains(&browser.draft_id()), "{stored:?}");
    assert!(page.body.contains("Report sent"));
}

/// Every form carries the draft's CSRF token; a post without it, or with another, is refused
/// with a page that says nothing was saved and leads back, and the draft is as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_this_drafts_token_is_refused_and_nothing_is_saved() {
    let portal = Portal::with_mail_files().await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    let page = browser.walk_to(&answers, "/report/when").await;
    let token = asb_portal::server::security::csrf_token(&browser.draft_id());
    assert!(
        page.body
            .contains(&format!("name=\"csrf\" value=\"{token}\"")),
        "the form carries the token"
    );
    let before = portal.draft_answers_text(&browser.draft_id()).await;
    for forged in [None, Some("0".repeat(64)), Some(token.replace('a', "b"))] {
        let mut form = answers.when.clone();
        if let Some(forged) = &forged {
            form.push(("csrf".into(), forged.clone()));
        }
        let body = serde_html_form::to_string(&form).unwrap();
        let response = browser
            .without_redirects()
            .post(browser.url("/report/when"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{forged:?}");
        let text = response.text().await.unwrap();
        assert!(
            text.contains("Sorry, we could not save that page"),
            "{text}"
        );
        assert!(text.contains("href=\"/report/when\""), "a way back");
    }
    assert_eq!(
        portal.draft_answers_text(&browser.draft_id()).await,
        before,
        "nothing was saved"
    );
    // The final submit needs it too: without it, nothing is sent.
    browser.walk_on(page, &answers, "/report/check").await;
    let check = browser.get("/report/check").await;
    let response = browser
        .without_redirects()
        .post(browser.url("/report/submit"))
        .form(&check.submit_form())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(portal.count("reports").await, 0);
}

/// One client posting forms faster than `[limits] posts_per_minute` is told to wait, with 429
/// and `Retry-After`, and nothing it posted then is saved; reading pages is never limited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_posting_too_often_is_told_to_wait_and_can_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut config =
        asb_portal::server::config::Config::from_toml_str("[limits]\nposts_per_minute = 4\n")
            .unwrap();
    config.smtp.mail_dir = dir.path().join("mail");
    let portal = Portal::start_limited(dir, config).await;
    let browser = portal.browser();
    let answers = Answers::straightforward(RESIDENT.email);
    // "Start now" is a post too: then three pages.
    browser.walk_to(&answers, "/report/how-often").await;
    let before = portal.draft_answers_text(&browser.draft_id()).await;
    let response = browser
        .without_redirects()
        .post(browser.url("/report/how-often"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "frequency=weekly&csrf={}",
            asb_portal::server::security::csrf_token(&browser.draft_id())
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap(),
        "60"
    );
    let text = response.text().await.unwrap();
    assert!(
        text.contains("Sorry, there have been too many attempts"),
        "{text}"
    );
    assert_eq!(portal.draft_answers_text(&browser.draft_id()).await, before);
    for path in ["/report/how-often", "/report", "/privacy"] {
        assert_eq!(browser.get(path).await.status, 200, "{path}");
    }
}
