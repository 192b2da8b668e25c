//! A browser without JavaScript: reqwest with a cookie store, following redirects, and the
//! pages it lands on.

use std::sync::Arc;

use reqwest::cookie::Jar;
use reqwest::{StatusCode, Url};
use serde::Serialize;

use super::*;

// ---------------------------------------------------------------------------------------------
// A browser without JavaScript

pub struct Browser {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
}

/// A response after redirects: where the browser ended up and what it shows.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: StatusCode,
    pub url: Url,
    pub body: String,
}

impl Page {
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The reference number in `<strong id="reference">`, checked against `ASB-XXXX-XXXX` (a
    /// report) or `CR-XXXX-XXXX` (a case review application).
    pub fn reference(&self) -> String {
        let start = self
            .body
            .find("id=\"reference\"")
            .unwrap_or_else(|| panic!("no reference on {}:\n{}", self.url, self.body));
        let after = &self.body[start..];
        let open = after.find('>').unwrap() + 1;
        let close = after[open..].find('<').unwrap() + open;
        let reference = after[open..close].trim().to_string();
        assert!(is_reference(&reference), "not a reference: {reference:?}");
        reference
    }

    /// The fields the page's submit form posts: "Check your answers" carries the draft
    /// version it shows, so submit commits exactly what the person saw. Any other page has
    /// no such form, and posts nothing.
    pub fn submit_form(&self) -> Form {
        let Some(start) = self.body.find("name=\"version\"") else {
            return Form::new();
        };
        let after = &self.body[start..];
        let open = after.find("value=\"").expect("the version has a value") + 7;
        let close = after[open..].find('"').unwrap() + open;
        vec![("version".to_string(), after[open..close].to_string())]
    }

    /// The page shows `message` in its error summary, as an error page should.
    pub fn assert_error(&self, message: &str) {
        assert!(
            self.body.contains("<title>Error:"),
            "{} has no `Error:` title:\n{}",
            self.url,
            self.body
        );
        assert!(
            self.body.contains("govuk-error-summary"),
            "no error summary on {}",
            self.url
        );
        assert!(
            self.body.contains("There is a problem"),
            "no error summary title on {}",
            self.url
        );
        let summary = &self.body[self.body.find("govuk-error-summary__list").unwrap()..];
        assert!(
            summary.contains(&html_text(message)),
            "error summary on {} lacks {message:?}:\n{}",
            self.url,
            &summary[..summary.len().min(2000)]
        );
        assert!(
            self.body.contains("govuk-error-message"),
            "no inline error on {}",
            self.url
        );
    }

    pub fn assert_no_error(&self) {
        assert!(
            !self.body.contains("govuk-error-summary"),
            "unexpected errors on {}:\n{}",
            self.url,
            self.error_summary()
        );
    }

    pub fn error_summary(&self) -> String {
        match self.body.find("govuk-error-summary__list") {
            Some(i) => self.body[i..].chars().take(1500).collect(),
            None => String::new(),
        }
    }
}

/// How text appears in the HTML (Leptos escapes these characters).
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `ASB-` and two groups of four capital letters or digits.
pub fn is_reference(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && (parts[0] == "ASB" || parts[0] == "CR")
        && parts[1..].iter().all(|p| {
            p.len() == 4
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .timeout(DEADLINE)
            .build()
            .unwrap();
        Browser {
            client,
            jar,
            base: base.to_string(),
        }
    }

    /// A client sharing this browser's cookies that does not follow redirects.
    pub fn without_redirects(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_provider(self.jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(DEADLINE)
            .build()
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        page(response).await
    }

    /// The draft id this browser holds in its `asb_draft` cookie.
    pub fn draft_id(&self) -> String {
        self.draft_cookie()
            .unwrap_or_else(|| panic!("no asb_draft cookie"))
    }

    fn draft_cookie(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url: Url = self.base.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        let cookies = header.to_str().unwrap().to_string();
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == "asb_draft")
            .map(|(_, value)| value.to_string())
    }

    /// Posts an `application/x-www-form-urlencoded` form, following the redirect. As a browser
    /// posting the page it was given, it sends the draft's CSRF token (the hidden field every
    /// form carries) unless the form has its own.
    pub async fn post<T: Serialize + ?Sized>(&self, path: &str, form: &T) -> Page {
        let mut body = serde_html_form::to_string(form).unwrap();
        let has_token = body.split('&').any(|pair| pair.starts_with("csrf="));
        if let (Some(draft), false) = (self.draft_cookie(), has_token) {
            let token = asb_portal::server::security::csrf_token(&draft);
            if !body.is_empty() {
                body.push('&');
            }
            body.push_str(&format!("csrf={token}"));
        }
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    /// Posts `body` exactly as given (any bytes, however malformed), with the draft's CSRF
    /// token added at the end when there is a draft.
    pub async fn post_raw(&self, path: &str, mut body: Vec<u8>) -> Page {
        if let Some(draft) = self.draft_cookie() {
            let token = asb_portal::server::security::csrf_token(&draft);
            body.extend_from_slice(format!("&csrf={token}").as_bytes());
        }
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    /// Posts a page's answers and checks the browser lands on `next` without errors.
    pub async fn answer(&self, path: &str, form: &Form, next: &str) -> Page {
        let page = self.post(path, form).await;
        assert_eq!(
            (page.status, page.path()),
            (StatusCode::OK, next),
            "after posting {path} {form:?}; errors: {}",
            page.error_summary()
        );
        page
    }

    /// "Start now": a fresh draft.
    pub async fn start(&self) -> Page {
        let page = self.post("/report/start", &Form::new()).await;
        assert_eq!(page.path(), "/report/category");
        page
    }

    /// Answers every page from the start up to "Check your answers".
    pub async fn fill_in(&self, answers: &Answers) -> Page {
        let check = self.walk_to(answers, "/report/check").await;
        assert!(check.body.contains("Check your answers"));
        check
    }

    /// Starts a report and answers each page in order until the browser is on `target`.
    pub async fn walk_to(&self, answers: &Answers, target: &str) -> Page {
        let page = self.start().await;
        self.walk_on(page, answers, target).await
    }

    /// From `page`, one of the question pages, answers each page in order until the browser is
    /// on `target`.
    pub async fn walk_on(&self, mut page: Page, answers: &Answers, target: &str) -> Page {
        let pages = answers.pages();
        let from = pages
            .iter()
            .position(|(path, _)| *path == page.path())
            .unwrap_or_else(|| panic!("{} is not a page of this journey", page.url));
        for (i, (path, form)) in pages.iter().enumerate().skip(from) {
            if page.path() == target {
                return page;
            }
            let next = pages
                .get(i + 1)
                .map(|(p, _)| p.as_str())
                .unwrap_or("/report/check");
            page = self.answer(path, form, next).await;
        }
        assert_eq!(
            page.path(),
            target,
            "{target} is not a page of this journey"
        );
        page
    }

    /// Opens "Check your answers", presses "Submit" and expects the confirmation page.
    pub async fn submit(&self) -> Page {
        let check = self.get("/report/check").await;
        let page = self.post("/report/submit", &check.submit_form()).await;
        assert_eq!(
            (page.status, page.path()),
            (StatusCode::OK, "/report/confirmation"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Report sent"));
        page
    }

    /// A whole report, from "Start now" to the confirmation page.
    pub async fn report(&self, answers: &Answers) -> Page {
        self.fill_in(answers).await;
        self.submit().await
    }
}

async fn page(response: reqwest::Response) -> Page {
    let status = response.status();
    let url = response.url().clone();
    let body = response.text().await.unwrap();
    Page { status, url, body }
}

/// A page's HTML with its CSP nonce (new for every response) taken out, so two pages that
/// must say the same thing can be compared whole.
pub fn without_nonce(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("nonce=\"") {
        let value = at + "nonce=\"".len();
        out.push_str(&rest[..value]);
        out.push_str("NONCE");
        rest = &rest[value..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}
