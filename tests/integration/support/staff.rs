//! The staff area from the outside: accounts made as an administrator would, a clock the test
//! moves on (one-time codes and session timeouts depend on it), and a browser without
//! JavaScript that signs in with a password and a code from an "authenticator app" (the
//! secret it scraped from the set-up page).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use asb_portal::server::config::Config;
use asb_portal::server::staff::second_factor;
use asb_portal::server::{self, storage};
use chrono::{DateTime, Utc};
use tempfile::TempDir;

use super::*;

pub const STAFF_PASSWORD: &str = "correct horse battery staple";

/// The server's clock: now, plus however far the test has moved it on.
#[derive(Clone, Default)]
pub struct TestClock {
    offset_seconds: Arc<AtomicI64>,
}

impl TestClock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }

    pub fn advance_seconds(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::SeqCst);
    }

    pub fn advance_minutes(&self, minutes: i64) {
        self.advance_seconds(minutes * 60);
    }

    pub fn clock(&self) -> server::Clock {
        let clock = self.clone();
        Arc::new(move || clock.now())
    }
}

/// A portal with a clock the test moves, delivering mail to an SMTP sink when given one.
pub async fn staff_portal(config: Config, smtp: Option<SmtpSink>) -> (Portal, TestClock) {
    let clock = TestClock::default();
    let dir = tempfile::tempdir().expect("portal tempdir");
    let portal = Portal::start_at(dir, config, smtp, clock.clock()).await;
    (portal, clock)
}

/// As `staff_portal`, on a database made beforehand (by `asb-portal create-admin`, say).
pub async fn staff_portal_on(dir: TempDir, database_url: &str) -> (Portal, TestClock) {
    let clock = TestClock::default();
    let portal = Portal::start_on_at(dir, database_url, Config::default(), clock.clock()).await;
    (portal, clock)
}

impl Portal {
    /// An account with `STAFF_PASSWORD` and these roles, as an administrator would make it.
    pub async fn add_staff(&self, email: &str, roles: &[&str]) -> i64 {
        let account = storage::NewAccount {
            email: email.to_string(),
            display_name: format!("Officer {}", email.split('@').next().unwrap()),
            password_hash: Some(
                asb_portal::server::staff::password::hash(STAFF_PASSWORD.into())
                    .await
                    .unwrap(),
            ),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        };
        storage::create_account(&self.running.db, &account, Utc::now())
            .await
            .unwrap()
            .expect("a new account")
    }

    /// The audit trail: (account, action, report), oldest first.
    pub async fn audit(&self) -> Vec<(Option<i64>, String, Option<i64>)> {
        on_db!(self.db(), |db| sqlx::query_as(
            "SELECT account_id, action, report_id FROM audit_events ORDER BY id"
        )
        .fetch_all(db)
        .await
        .unwrap())
    }

    /// Runs a statement, giving back its error (a statement the database must refuse).
    pub async fn try_execute(&self, sql: &str) -> Result<u64, String> {
        on_db!(self.db(), |db| sqlx::query(sql)
            .execute(db)
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string()))
    }
}

/// The value of a hidden field on a page.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name} on the page"))
        + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

/// A member of staff at a browser, with their authenticator app once it is set up.
pub struct StaffBrowser {
    pub browser: Browser,
    pub email: String,
    pub clock: TestClock,
    /// The app's secret, as read off the set-up page.
    pub secret: Option<String>,
    pub recovery_codes: Vec<String>,
}

impl StaffBrowser {
    pub fn new(portal: &Portal, clock: &TestClock, email: &str) -> StaffBrowser {
        StaffBrowser {
            browser: portal.browser(),
            email: email.to_string(),
            clock: clock.clone(),
            secret: None,
            recovery_codes: Vec::new(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.browser.get(path).await
    }

    /// Posts a form the way the page it is on would: with that page's CSRF token.
    pub async fn post_from(&self, page: &Page, path: &str, pairs: &[(&str, &str)]) -> Page {
        let csrf = hidden(&page.body, "csrf");
        let mut form: Vec<(&str, &str)> = pairs.to_vec();
        form.push(("csrf", &csrf));
        self.browser.post(path, &form).await
    }

    /// Opens the sign-in page (at `path`, to come back to it) and gives the email and
    /// password: lands on the code or set-up page, or back on sign-in with an error.
    pub async fn give_password(&self, path: &str, password: &str) -> Page {
        let page = self.get(path).await;
        assert_eq!(page.path(), "/staff/sign-in", "{path} asks to sign in");
        let next = hidden(&page.body, "next");
        self.post_from(
            &page,
            "/staff/sign-in",
            &[
                ("email", &self.email),
                ("password", password),
                ("next", &next),
            ],
        )
        .await
    }

    /// The code the app shows now, a step after the last one (a code works once).
    pub fn fresh_code(&self) -> String {
        self.clock.advance_seconds(30);
        let secret = self.secret.as_deref().expect("the app is set up");
        let now = u64::try_from(self.clock.now().timestamp()).unwrap();
        second_factor::code_at(secret, now).unwrap()
    }

    /// On the set-up page: reads the key, enters the app's code and keeps the recovery codes.
    pub async fn set_up_app(&mut self, page: &Page) -> Page {
        assert_eq!(page.path(), "/staff/sign-in/set-up-code", "{}", page.body);
        let start = page.body.find("app-secret-key\"><code>").expect("the key") + 22;
        let key: String = page.body[start..]
            .split('<')
            .next()
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        self.secret = Some(key);
        let code = self.fresh_code();
        let next = hidden(&page.body, "next");
        let done = self
            .post_from(
                page,
                "/staff/sign-in/set-up-code",
                &[("code", &code), ("next", &next)],
            )
            .await;
        assert!(
            done.body.contains("Save your recovery codes"),
            "{}",
            done.error_summary()
        );
        self.recovery_codes = done
            .body
            .split("<li><code>")
            .skip(1)
            .map(|part| part.split('<').next().unwrap().to_string())
            .collect();
        assert_eq!(self.recovery_codes.len(), 10);
        done
    }

    /// On the code page: enters `code`.
    pub async fn enter_code(&self, page: &Page, code: &str) -> Page {
        assert_eq!(page.path(), "/staff/sign-in/code", "{}", page.body);
        let next = hidden(&page.body, "next");
        self.post_from(
            page,
            "/staff/sign-in/code",
            &[("code", code), ("next", &next)],
        )
        .await
    }

    /// Signs in all the way from `path` (setting the app up the first time) and lands back
    /// on `path`.
    pub async fn sign_in_at(&mut self, path: &str) -> Page {
        let page = self.give_password(path, STAFF_PASSWORD).await;
        let landed = if self.secret.is_none() {
            let done = self.set_up_app(&page).await;
            let link = done
                .body
                .find("I have saved my codes")
                .expect("a continue link");
            let href = done.body[..link].rfind("href=\"").expect("its address") + 6;
            let next = done.body[href..].split('"').next().unwrap().to_string();
            self.get(&next).await
        } else {
            let code = self.fresh_code();
            self.enter_code(&page, &code).await
        };
        assert!(
            landed.body.contains("Signed in as"),
            "signed in at {path}: {}",
            landed.path()
        );
        landed
    }

    pub async fn sign_in(&mut self) -> Page {
        self.sign_in_at("/staff").await
    }

    pub async fn sign_out(&self) -> Page {
        let page = self.get("/staff").await;
        self.post_from(&page, "/staff/sign-out", &[]).await
    }
}
