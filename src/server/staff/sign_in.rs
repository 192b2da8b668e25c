//! Signing in and out: the password (throttled per account and per address, one generic error
//! for every failure), then the one-time code from an authenticator app or a recovery code,
//! or, the first time, setting the app up. A session gets a new id when the second factor is
//! given.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{
    audit, new_session_id, password, safe_next, second_factor, second_factor_path, session_cookie,
    session_key, sign_in_path, HalfSignedIn, SignedOut, Staff,
};
use crate::domain::staff::{self, account_email};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::sign_in as pages;
use crate::server::error::AppError;
use crate::server::storage::{self, SecondFactorPassed, SecondFactorProof};
use crate::server::AppState;

type Page = Result<Response, AppError>;

/// The sign-in form's own cookie: before there is a session, its CSRF token is hashed from
/// this (a double-submit token, so another site cannot sign a browser in to its account).
fn sign_in_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-asb_sign_in"
    } else {
        "asb_sign_in"
    }
}

fn sign_in_token_in(state: &AppState, jar: &CookieJar) -> Option<String> {
    let id = jar
        .get(sign_in_cookie_name(state.config.secure_cookies()))?
        .value();
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_string())
}

fn sign_in_csrf(id: &str) -> String {
    crate::server::security::csrf_token(&format!("sign-in {id}"))
}

#[derive(Deserialize, Default)]
pub struct SignInQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

async fn render(state: &AppState, error: bool, build: impl FnOnce() -> pages::View) -> String {
    let meta = PageMeta::new().service(STAFF_SERVICE).error(error);
    let view = build();
    state.shell.page(&meta, move || view.render()).await
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    Query(query): Query<SignInQuery>,
    jar: CookieJar,
) -> Page {
    let (jar, id) = match sign_in_token_in(&state, &jar) {
        Some(id) => (jar, id),
        None => {
            let id = new_session_id();
            let secure = state.config.secure_cookies();
            let cookie = Cookie::build((sign_in_cookie_name(secure), id.clone()))
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .build();
            (jar.add(cookie), id)
        }
    };
    let notice = match query.signed_out.as_deref() {
        Some("idle") => Some(pages::Notice::Idle(state.config.staff.session.idle_minutes)),
        Some("expired") => Some(pages::Notice::Expired(
            state.config.staff.session.absolute_hours,
        )),
        Some("yes") => Some(pages::Notice::SignedOut),
        Some("password_set") => Some(pages::Notice::PasswordSet),
        _ => None,
    };
    let next = safe_next(query.next.as_deref());
    let html = render(&state, false, || pages::View::SignIn {
        email: String::new(),
        error: None,
        notice,
        csrf: sign_in_csrf(&id),
        next,
    })
    .await;
    Ok((jar, Html(html)).into_response())
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    csrf: Option<String>,
    next: Option<String>,
}

/// The key failed sign-ins are counted under for an email: the same whether or not it has an
/// account, so the count says nothing about which do.
fn email_key(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("asb-portal sign-in {}", account_email(email)).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the throttle lets another attempt through for this email from this address.
async fn throttle_allows(
    state: &AppState,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let throttle = &state.config.staff.sign_in_throttle;
    let since = now - chrono::Duration::minutes(throttle.window_minutes.into());
    let (account, from_address) =
        storage::sign_in_failures(&state.db, &email_key(email), address, since).await?;
    Ok(staff::sign_in_allowed(throttle, account, from_address))
}

async fn record_failure(
    state: &AppState,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let window = state.config.staff.sign_in_throttle.window_minutes;
    let forget_before = now - chrono::Duration::minutes(window.into());
    storage::record_sign_in_failure(&state.db, &email_key(email), address, now, forget_before)
        .await?;
    Ok(())
}

/// The second factor given: the session gets a new id (the cookie's), and storage is asked to
/// swap it in with the proof (an app set up adds `enrolled`).
fn second_factor_given(
    account_id: i64,
    old_key: String,
    proof: SecondFactorProof,
) -> (String, SecondFactorPassed) {
    let new_id = new_session_id();
    let passed = SecondFactorPassed {
        account_id,
        old_key,
        new_key: session_key(&new_id),
        proof,
        enrolled: None,
    };
    (new_id, passed)
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    body: Bytes,
) -> Page {
    let form: SignInForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let next = safe_next(form.next.as_deref());
    let token_ok = sign_in_token_in(&state, &jar).is_some_and(|id| {
        crate::server::security::csrf_ok(&format!("sign-in {id}"), form.csrf.as_deref())
    });
    if !token_ok {
        return Err(AppError::FormFromElsewhere {
            back: "/staff/sign-in".into(),
        });
    }
    let csrf = form.csrf.clone().unwrap_or_default();
    let refuse = |error: pages::SignInError, status: StatusCode| {
        let state = state.clone();
        let email = form.email.clone();
        let csrf = csrf.clone();
        let next = next.clone();
        async move {
            let html = render(&state, true, || pages::View::SignIn {
                email,
                error: Some(error),
                notice: None,
                csrf,
                next,
            })
            .await;
            Ok::<Response, AppError>((status, Html(html)).into_response())
        }
    };
    if form.email.trim().is_empty() || form.password.is_empty() {
        return refuse(pages::SignInError::Missing, StatusCode::OK).await;
    }
    let now = (state.clock)();
    let address = client.ip().to_string();
    if !throttle_allows(&state, &form.email, &address, now).await? {
        return refuse(
            pages::SignInError::TooMany(state.config.staff.sign_in_throttle.window_minutes),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let account = storage::account_by_email(&state.db, &account_email(&form.email)).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let matches = password::verify(form.password.clone(), stored).await;
    let Some(account) = account.filter(|a| matches && !a.disabled) else {
        record_failure(&state, &form.email, &address, now).await?;
        return refuse(pages::SignInError::NotRight, StatusCode::OK).await;
    };
    // Always a new session (and id): nothing set before the password carries over.
    let id = new_session_id();
    let key = session_key(&id);
    storage::create_session(&state.db, &key, account.id, now).await?;
    let jar = jar.add(session_cookie(&state, id.clone()));
    if account.totp_secret.is_none() && !state.config.staff.second_factor_required {
        let (new_id, passed) = second_factor_given(account.id, key, SecondFactorProof::NotRequired);
        storage::pass_second_factor(&state.db, &passed, now).await?;
        audit(&state, Some(account.id), "signed_in", None, now).await?;
        let jar = jar.add(session_cookie(&state, new_id));
        return Ok((jar, Redirect::to(&next)).into_response());
    }
    let row = storage::load_session(&state.db, &key)
        .await?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("a new session was not found")))?;
    Ok((jar, Redirect::to(&second_factor_path(&row, &next))).into_response())
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn code_page(
    State(state): State<AppState>,
    Query(query): Query<NextQuery>,
    half: Option<HalfSignedIn>,
) -> Page {
    let next = safe_next(query.next.as_deref());
    let Some(HalfSignedIn(session)) = half else {
        return Ok(Redirect::to(&sign_in_path(SignedOut::NotSignedIn, &next)).into_response());
    };
    if session.row.totp_secret.is_none() {
        return Ok(Redirect::to(&second_factor_path(&session.row, &next)).into_response());
    }
    let html = render(&state, false, || pages::View::Code {
        error: None,
        csrf: super::csrf_token(&session.id),
        next,
    })
    .await;
    Ok(Html(html).into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
    csrf: Option<String>,
    next: Option<String>,
}

pub async fn code(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    half: Option<HalfSignedIn>,
    body: Bytes,
) -> Page {
    let form: CodeForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let next = safe_next(form.next.as_deref());
    let Some(HalfSignedIn(session)) = half else {
        return Ok(Redirect::to(&sign_in_path(SignedOut::NotSignedIn, &next)).into_response());
    };
    if !super::csrf_ok(&session.id, form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/staff/sign-in/code".into(),
        });
    }
    let Some(secret) = session.row.totp_secret.clone() else {
        return Ok(Redirect::to(&second_factor_path(&session.row, &next)).into_response());
    };
    let refuse = |error: pages::CodeError, status: StatusCode| {
        let state = state.clone();
        let csrf = super::csrf_token(&session.id);
        let next = next.clone();
        async move {
            let html = render(&state, true, || pages::View::Code {
                error: Some(error),
                csrf,
                next,
            })
            .await;
            Ok::<Response, AppError>((status, Html(html)).into_response())
        }
    };
    let typed = form.code.trim();
    if typed.is_empty() {
        return refuse(pages::CodeError::Missing, StatusCode::OK).await;
    }
    let now = (state.clock)();
    let address = client.ip().to_string();
    let email = session.row.email.clone();
    if !throttle_allows(&state, &email, &address, now).await? {
        return refuse(
            pages::CodeError::TooMany(state.config.staff.sign_in_throttle.window_minutes),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let unix_time = u64::try_from(now.timestamp()).unwrap_or(0);
    let proof = match second_factor::as_code(typed) {
        Some(code) => second_factor::matching_step(&secret, &code, unix_time)
            .filter(|step| {
                let last = session
                    .row
                    .totp_last_step
                    .and_then(|s| u64::try_from(s).ok());
                staff::code_step_unused(*step, last)
            })
            .and_then(|step| i64::try_from(step).ok())
            .map(SecondFactorProof::CodeStep),
        None => Some(SecondFactorProof::RecoveryCode(
            second_factor::recovery_code_hash(typed),
        )),
    };
    let (new_id, passed) = match proof {
        Some(proof) => {
            let (new_id, passed) =
                second_factor_given(session.row.account_id, session.key.clone(), proof);
            (
                new_id,
                storage::pass_second_factor(&state.db, &passed, now).await?,
            )
        }
        None => (String::new(), false),
    };
    if !passed {
        record_failure(&state, &email, &address, now).await?;
        return refuse(pages::CodeError::NotRight, StatusCode::OK).await;
    }
    audit(&state, Some(session.row.account_id), "signed_in", None, now).await?;
    let jar = jar.add(session_cookie(&state, new_id));
    Ok((jar, Redirect::to(&next)).into_response())
}

/// The pending secret of a session setting up its app, made on first sight.
async fn pending_secret(
    state: &AppState,
    session: &super::FoundSession,
) -> Result<String, AppError> {
    match &session.row.pending_totp_secret {
        Some(secret) => Ok(secret.clone()),
        None => {
            let secret = second_factor::new_secret();
            storage::set_pending_code_secret(&state.db, &session.key, &secret).await?;
            Ok(secret)
        }
    }
}

fn set_up_view(
    state: &AppState,
    session: &super::FoundSession,
    secret: &str,
    error: Option<pages::CodeError>,
    next: String,
) -> Result<pages::View, AppError> {
    let url = second_factor::otpauth_url(&state.config.site.name, &session.row.email, secret);
    Ok(pages::View::SetUp {
        qr_svg: second_factor::qr_svg(&url)?,
        key: secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        error,
        csrf: super::csrf_token(&session.id),
        next,
    })
}

pub async fn set_up_page(
    State(state): State<AppState>,
    Query(query): Query<NextQuery>,
    half: Option<HalfSignedIn>,
) -> Page {
    let next = safe_next(query.next.as_deref());
    let Some(HalfSignedIn(session)) = half else {
        return Ok(Redirect::to(&sign_in_path(SignedOut::NotSignedIn, &next)).into_response());
    };
    if session.row.totp_secret.is_some() {
        return Ok(Redirect::to(&second_factor_path(&session.row, &next)).into_response());
    }
    let secret = pending_secret(&state, &session).await?;
    let view = set_up_view(&state, &session, &secret, None, next)?;
    Ok(Html(render(&state, false, || view).await).into_response())
}

pub async fn set_up(
    State(state): State<AppState>,
    jar: CookieJar,
    half: Option<HalfSignedIn>,
    body: Bytes,
) -> Page {
    let form: CodeForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let next = safe_next(form.next.as_deref());
    let Some(HalfSignedIn(session)) = half else {
        return Ok(Redirect::to(&sign_in_path(SignedOut::NotSignedIn, &next)).into_response());
    };
    if !super::csrf_ok(&session.id, form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/staff/sign-in/set-up-code".into(),
        });
    }
    if session.row.totp_secret.is_some() {
        return Ok(Redirect::to(&second_factor_path(&session.row, &next)).into_response());
    }
    let secret = pending_secret(&state, &session).await?;
    let now = (state.clock)();
    let unix_time = u64::try_from(now.timestamp()).unwrap_or(0);
    let typed = form.code.trim();
    let step = second_factor::as_code(typed)
        .and_then(|code| second_factor::matching_step(&secret, &code, unix_time))
        .and_then(|step| i64::try_from(step).ok());
    let Some(step) = step else {
        let error = if typed.is_empty() {
            pages::CodeError::Missing
        } else {
            pages::CodeError::NotRight
        };
        let view = set_up_view(&state, &session, &secret, Some(error), next)?;
        return Ok(Html(render(&state, true, || view).await).into_response());
    };
    let codes = second_factor::new_recovery_codes();
    let (new_id, given) = second_factor_given(
        session.row.account_id,
        session.key.clone(),
        SecondFactorProof::CodeStep(step),
    );
    let passed = SecondFactorPassed {
        enrolled: Some((
            secret,
            codes
                .iter()
                .map(|c| second_factor::recovery_code_hash(c))
                .collect(),
        )),
        ..given
    };
    if !storage::pass_second_factor(&state.db, &passed, now).await? {
        return Ok(Redirect::to(&sign_in_path(SignedOut::NotSignedIn, &next)).into_response());
    }
    audit(
        &state,
        Some(session.row.account_id),
        "enrolled_second_factor",
        None,
        now,
    )
    .await?;
    audit(&state, Some(session.row.account_id), "signed_in", None, now).await?;
    let jar = jar.add(session_cookie(&state, new_id));
    let html = render(&state, false, || pages::View::RecoveryCodes { codes, next }).await;
    Ok((jar, Html(html)).into_response())
}

#[derive(Deserialize)]
struct SignOutForm {
    csrf: Option<String>,
}

pub async fn sign_out(
    State(state): State<AppState>,
    staff: Staff,
    jar: CookieJar,
    body: Bytes,
) -> Page {
    let form: SignOutForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/staff".into(),
        });
    }
    let now = (state.clock)();
    storage::delete_session(&state.db, &session_key(&staff.session_id)).await?;
    audit(&state, Some(staff.account_id), "signed_out", None, now).await?;
    let jar = jar.remove(
        Cookie::build((
            super::session_cookie_name(state.config.secure_cookies()),
            "",
        ))
        .path("/"),
    );
    Ok((jar, Redirect::to("/staff/sign-in?signed_out=yes")).into_response())
}
