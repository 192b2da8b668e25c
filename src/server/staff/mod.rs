//! The staff area's HTTP layer: the staff session (a cookie naming a server-side session),
//! its extractors, and the routes. Sign-in is `sign_in`; the queue and case page are `cases`.
//!
//! A session is a row in `staff_sessions` found by a hash of the cookie's random id. It starts
//! at the password; it is signed in once the second factor is given, which also gives it a new
//! id. The domain decides when it has expired (`domain::staff::session_state`). Every
//! state-changing staff form carries a CSRF token hashed from the session id, on top of the
//! `SameSite=Strict` cookie.

pub mod admin;
pub mod audit;
pub mod bootstrap;
pub mod cases;
pub mod dashboard;
pub mod password;
pub mod second_factor;
pub mod sign_in;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{DateTime, Utc};
use rand::RngCore;

use super::error::AppError;
use super::storage::{self, SessionRow};
use super::AppState;
use crate::domain::staff::{self, Role, SessionState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(cases::queue))
        .route("/staff/reports/{reference}", get(cases::case_page))
        // Every action on a case, named by `CaseAction::path`.
        .route(
            "/staff/reports/{reference}/{action}",
            get(cases::action_page).post(cases::act),
        )
        .route(
            "/staff/sign-in",
            get(sign_in::sign_in_page).post(sign_in::sign_in),
        )
        .route(
            "/staff/sign-in/code",
            get(sign_in::code_page).post(sign_in::code),
        )
        .route(
            "/staff/sign-in/set-up-code",
            get(sign_in::set_up_page).post(sign_in::set_up),
        )
        .route("/staff/sign-out", post(sign_in::sign_out))
        .route("/staff/dashboard", get(dashboard::page))
        .route("/staff/audit", get(audit::page))
        .route("/staff/dashboard.csv", get(dashboard::csv))
        .route("/staff/admin/accounts", get(admin::accounts))
        .route("/staff/admin/outbox", get(admin::outbox))
        .route("/staff/admin/retention", get(admin::retention))
        .route("/staff/admin/outbox/{id}/retry", post(admin::retry))
        .route(
            "/staff/admin/accounts/invite",
            get(admin::invite_page).post(admin::invite),
        )
        .route("/staff/admin/accounts/{id}", get(admin::account))
        .route("/staff/admin/accounts/{id}/roles", post(admin::set_roles))
        .route("/staff/admin/accounts/{id}/disable", post(admin::disable))
        .route(
            "/staff/invitation/{token}",
            get(admin::invitation_page).post(admin::accept_invitation),
        )
}

/// The session cookie. With `Secure` (every https deployment) it has the `__Host-` prefix, so
/// no subdomain can set or widen it; a plain-http local run (`site.secure_cookies = false`)
/// cannot use the prefix.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-asb_staff"
    } else {
        "asb_staff"
    }
}

/// The stored key of a session id: a backup of the table opens no one's session.
pub fn session_key(id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("asb-portal staff session {id}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn new_session_id() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The cookie that carries a session id (an empty one with `max_age(0)` ends it).
pub fn session_cookie(state: &AppState, id: String) -> Cookie<'static> {
    let secure = state.config.secure_cookies();
    Cookie::build((session_cookie_name(secure), id))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .build()
}

fn session_id_in(state: &AppState, jar: &CookieJar) -> Option<String> {
    let id = jar
        .get(session_cookie_name(state.config.secure_cookies()))?
        .value();
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_string())
}

/// The CSRF token of a session's forms.
pub fn csrf_token(session_id: &str) -> String {
    super::security::csrf_token(&format!("staff {session_id}"))
}

pub fn csrf_ok(session_id: &str, posted: Option<&str>) -> bool {
    super::security::csrf_ok(&format!("staff {session_id}"), posted)
}

/// A browser's session, found and checked: live, its account enabled.
pub struct FoundSession {
    pub id: String,
    pub key: String,
    pub row: SessionRow,
}

/// Why a request was sent to sign in, for the sign-in page to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOut {
    /// No session: never signed in here, or signed out.
    NotSignedIn,
    /// No request for longer than the idle timeout.
    Idle,
    /// Signed in longer ago than the absolute timeout.
    Expired,
}

impl SignedOut {
    fn query(self) -> &'static str {
        match self {
            SignedOut::NotSignedIn => "",
            SignedOut::Idle => "idle",
            SignedOut::Expired => "expired",
        }
    }
}

/// Finds the session named by the cookie; one that has expired is deleted.
async fn find_session(
    state: &AppState,
    parts: &Parts,
) -> Result<Result<FoundSession, SignedOut>, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(id) = session_id_in(state, &jar) else {
        return Ok(Err(SignedOut::NotSignedIn));
    };
    let key = session_key(&id);
    let Some(row) = storage::load_session(&state.db, &key).await? else {
        return Ok(Err(SignedOut::NotSignedIn));
    };
    let now = (state.clock)();
    let lifetime = &state.config.staff.session;
    match staff::session_state(lifetime, row.created_at, row.last_seen_at, now) {
        SessionState::Live => {}
        ended => {
            storage::delete_session(&state.db, &key).await?;
            return Ok(Err(if ended == SessionState::Idle {
                SignedOut::Idle
            } else {
                SignedOut::Expired
            }));
        }
    }
    // A write per minute at most, not per request.
    if now - row.last_seen_at >= chrono::Duration::seconds(60) {
        storage::touch_session(&state.db, &key, now).await?;
    }
    Ok(Ok(FoundSession { id, key, row }))
}

/// A signed-in member of staff: the password and (where required) the second factor given.
/// Handlers take it as an extractor; without one the browser is sent to sign in and brought
/// back to the page it asked for.
pub struct Staff {
    pub session_id: String,
    pub account_id: i64,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl Staff {
    pub fn csrf(&self) -> String {
        csrf_token(&self.session_id)
    }

    pub fn csrf_ok(&self, posted: Option<&str>) -> bool {
        csrf_ok(&self.session_id, posted)
    }
}

/// What happens to a request without a signed-in session.
pub enum NotSignedIn {
    /// To sign in (or finish signing in), then back to `next`.
    SignIn(Response),
    Error(AppError),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::SignIn(response) => response,
            NotSignedIn::Error(error) => error.into_response(),
        }
    }
}

impl From<AppError> for NotSignedIn {
    fn from(error: AppError) -> Self {
        NotSignedIn::Error(error)
    }
}

/// Where to come back to after signing in: a staff page's path (and nothing that could send
/// the browser to another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with("/staff")
                && !path.starts_with("/staff/sign-")
                && path
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/-_".contains(&b)) =>
        {
            path.to_string()
        }
        _ => "/staff".to_string(),
    }
}

fn next_query(next: &str) -> String {
    if next == "/staff" {
        String::new()
    } else {
        format!("next={next}")
    }
}

/// `/staff/sign-in`, with why (an expired session) and where to come back to.
pub fn sign_in_path(why: SignedOut, next: &str) -> String {
    let query: Vec<String> = [
        (!why.query().is_empty()).then(|| format!("signed_out={}", why.query())),
        (!next_query(next).is_empty()).then(|| next_query(next)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if query.is_empty() {
        "/staff/sign-in".into()
    } else {
        format!("/staff/sign-in?{}", query.join("&"))
    }
}

/// Where a session that has given its password goes next: the code, or setting one up.
pub fn second_factor_path(row: &SessionRow, next: &str) -> String {
    let step = if row.totp_secret.is_some() {
        "/staff/sign-in/code"
    } else {
        "/staff/sign-in/set-up-code"
    };
    match next_query(next) {
        query if query.is_empty() => step.to_string(),
        query => format!("{step}?{query}"),
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotSignedIn> {
        let next = safe_next(Some(parts.uri.path()));
        let session = match find_session(state, parts).await? {
            Ok(session) => session,
            Err(why) => {
                return Err(NotSignedIn::SignIn(
                    Redirect::to(&sign_in_path(why, &next)).into_response(),
                ))
            }
        };
        if !session.row.second_factor_done {
            return Err(NotSignedIn::SignIn(
                Redirect::to(&second_factor_path(&session.row, &next)).into_response(),
            ));
        }
        let roles = storage::roles_of(&state.db, session.row.account_id)
            .await
            .map_err(AppError::from)?
            .iter()
            .filter_map(|role| Role::parse(role, &state.config.routes.partners()))
            .collect();
        Ok(Staff {
            session_id: session.id,
            account_id: session.row.account_id,
            display_name: session.row.display_name,
            roles,
        })
    }
}

/// A session that has given its password and not yet the second factor.
pub struct HalfSignedIn(pub FoundSession);

impl OptionalFromRequestParts<AppState> for HalfSignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        Ok(find_session(state, parts)
            .await?
            .ok()
            .filter(|session| !session.row.second_factor_done)
            .map(HalfSignedIn))
    }
}

/// Appends to the audit trail; a failure to write it fails the request (an unaudited view or
/// change must not happen).
pub async fn audit(
    state: &AppState,
    account_id: Option<i64>,
    action: &'static str,
    report_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = storage::AuditEvent {
        account_id,
        action,
        report_id,
        subject_account_id: None,
        field: None,
        from_value: None,
        to_value: None,
    };
    storage::record_audit(&state.db, &event, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_signing_in_only_a_staff_page_is_returned_to() {
        for (next, expected) in [
            (Some("/staff/reports/AB12-CD34"), "/staff/reports/AB12-CD34"),
            (Some("/staff"), "/staff"),
            (None, "/staff"),
            (Some("https://evil.example/staff"), "/staff"),
            (Some("//evil.example"), "/staff"),
            (Some("/staff/../report"), "/staff"),
            (Some("/staff/sign-out"), "/staff"),
            (Some("/report"), "/staff"),
        ] {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
        assert_eq!(
            sign_in_path(SignedOut::Idle, "/staff/reports/X"),
            "/staff/sign-in?signed_out=idle&next=/staff/reports/X"
        );
        assert_eq!(
            sign_in_path(SignedOut::NotSignedIn, "/staff"),
            "/staff/sign-in"
        );
    }
}
