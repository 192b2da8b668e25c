//! Administrators' pages: the accounts, inviting someone (a one-time link by email, through
//! the outbox), setting an account's roles and disabling it; and the invitation's link, which
//! sets a first password. Only an administrator reaches the accounts pages; anyone else gets
//! "You cannot do that" (403).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::Deserialize;

use super::{new_session_id, password, Staff};
use crate::domain::fields::{ContactEmail, FieldError};
use crate::domain::staff::{self, account_email};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::admin as pages;
use crate::pages::staff::cases::SignedInAs;
use crate::server::error::AppError;
use crate::server::storage::{self, NewAccount, NewInvitation};
use crate::server::AppState;

type Page = Result<Response, AppError>;

fn administrator(staff: &Staff) -> Result<(), AppError> {
    if staff::may_administer(&staff.roles) {
        Ok(())
    } else {
        Err(AppError::NotPermitted)
    }
}

async fn render<V: IntoView + 'static>(
    state: &AppState,
    error: bool,
    view: impl FnOnce() -> V + 'static,
) -> Response {
    let meta = PageMeta::new().service(STAFF_SERVICE).error(error);
    Html(state.shell.page(&meta, view).await).into_response()
}

use leptos::prelude::IntoView;

#[derive(Deserialize)]
pub struct AccountsQuery {
    invited: Option<i64>,
}

pub async fn accounts(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<AccountsQuery>,
) -> Page {
    administrator(&staff)?;
    let accounts = storage::list_accounts(&state.db).await?;
    let invited = query
        .invited
        .and_then(|id| accounts.iter().find(|a| a.id == id))
        .map(|a| a.display_name.clone());
    let view = pages::AccountsPage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        accounts,
        invited,
        routes: state.config.routes.clone(),
    };
    Ok(render(&state, false, move || view.render()).await)
}

pub async fn invite_page(State(state): State<AppState>, staff: Staff) -> Page {
    administrator(&staff)?;
    let view = pages::InvitePage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        name: String::new(),
        email: String::new(),
        roles: Vec::new(),
        errors: Vec::new(),
        hours: state.config.staff.invitation_hours,
        routes: state.config.routes.clone(),
    };
    Ok(render(&state, false, move || view.render()).await)
}

#[derive(Deserialize, Default)]
struct InviteForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    roles: Vec<String>,
}

/// The longest name an account may have.
const NAME_MAX_CHARS: usize = 100;

pub async fn invite(State(state): State<AppState>, staff: Staff, body: Bytes) -> Page {
    let form: InviteForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    administrator(&staff)?;
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/staff/admin/accounts/invite".into(),
        });
    }
    let mut errors = Vec::new();
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter their full name"));
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push(FieldError::new(
            "name",
            "Name must be 100 characters or fewer",
        ));
    }
    let email = account_email(&form.email);
    if email.is_empty() {
        errors.push(FieldError::new("email", "Enter their email address"));
    } else if ContactEmail::parse(&email).is_err() {
        errors.push(FieldError::new(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ));
    }
    let roles = match staff::roles_from_form(&form.roles, &state.config.routes.partners()) {
        Ok(roles) => roles,
        Err(message) => {
            errors.push(FieldError::new("roles", message));
            Vec::new()
        }
    };
    let now = (state.clock)();
    if errors.is_empty() {
        let token = new_session_id();
        let hours = state.config.staff.invitation_hours;
        let link = format!(
            "{}/staff/invitation/{token}",
            state.config.site.base_url.trim_end_matches('/')
        );
        let (subject, body) = staff::invitation_email(&state.config.site.name, &name, &link, hours);
        let invitation = NewInvitation {
            account: NewAccount {
                email: email.clone(),
                display_name: name.clone(),
                password_hash: None,
                roles: roles.iter().map(|r| r.as_str().to_string()).collect(),
            },
            token_hash: invitation_key(&token),
            expires_at: now + Duration::hours(hours.into()),
            message_id: format!(
                "<invitation.{}@{}>",
                &token[..16],
                state.config.smtp.message_id_domain
            ),
            subject,
            body,
            invited_by: staff.account_id,
        };
        match storage::invite_account(&state.db, &invitation, now).await? {
            Some(id) => {
                state.outbox_wake.notify_one();
                return Ok(
                    Redirect::to(&format!("/staff/admin/accounts?invited={id}")).into_response()
                );
            }
            None => errors.push(FieldError::new(
                "email",
                "There is an account with this email address already",
            )),
        }
    }
    let view = pages::InvitePage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        name: form.name,
        email: form.email,
        roles: form.roles,
        errors,
        hours: state.config.staff.invitation_hours,
        routes: state.config.routes.clone(),
    };
    Ok(render(&state, true, move || view.render()).await)
}

async fn account_page(state: &AppState, staff: &Staff, id: i64, errors: Vec<FieldError>) -> Page {
    let Some(account) = storage::account_by_id(&state.db, id).await? else {
        return Err(AppError::NotFound);
    };
    let view = pages::AccountPage {
        staff: SignedInAs::of(staff, &state.config.routes),
        own: !staff::may_change_account(staff.account_id, id),
        account,
        errors: errors.clone(),
        routes: state.config.routes.clone(),
    };
    Ok(render(state, !errors.is_empty(), move || view.render()).await)
}

pub async fn account(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Page {
    administrator(&staff)?;
    account_page(&state, &staff, id, Vec::new()).await
}

#[derive(Deserialize, Default)]
struct AccountForm {
    csrf: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// Checks an account change: an administrator, the form's token, and not their own account.
async fn changeable(
    state: &AppState,
    staff: &Staff,
    id: i64,
    body: &Bytes,
) -> Result<AccountForm, AppError> {
    let form: AccountForm = serde_html_form::from_bytes(body).map_err(|_| AppError::BadForm)?;
    administrator(staff)?;
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: format!("/staff/admin/accounts/{id}"),
        });
    }
    if storage::account_by_id(&state.db, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if !staff::may_change_account(staff.account_id, id) {
        return Err(AppError::NotPermitted);
    }
    Ok(form)
}

pub async fn set_roles(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> Page {
    let form = changeable(&state, &staff, id, &body).await?;
    match staff::roles_from_form(&form.roles, &state.config.routes.partners()) {
        Ok(roles) => {
            let roles: Vec<String> = roles.iter().map(|r| r.as_str().to_string()).collect();
            storage::set_roles(&state.db, id, &roles, staff.account_id, (state.clock)()).await?;
            Ok(Redirect::to(&format!("/staff/admin/accounts/{id}")).into_response())
        }
        Err(message) => {
            account_page(&state, &staff, id, vec![FieldError::new("roles", message)]).await
        }
    }
}

pub async fn disable(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> Page {
    changeable(&state, &staff, id, &body).await?;
    let now = (state.clock)();
    storage::disable_account(&state.db, id, now).await?;
    let event = storage::AuditEvent {
        account_id: Some(staff.account_id),
        action: "disabled_account",
        report_id: None,
        subject_account_id: Some(id),
        field: None,
        from_value: None,
        to_value: None,
    };
    storage::record_audit(&state.db, &event, now).await?;
    Ok(Redirect::to(&format!("/staff/admin/accounts/{id}")).into_response())
}

/// The stored key of an invitation's token.
fn invitation_key(token: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("asb-portal invitation {token}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn not_valid(state: &AppState) -> Page {
    let meta = PageMeta::new().service(STAFF_SERVICE);
    let html = state.shell.page(&meta, pages::invitation_not_valid).await;
    Ok((axum::http::StatusCode::NOT_FOUND, Html(html)).into_response())
}

/// The invitation's link. The token in it is the proof: unguessable, used once, and it
/// expires; nothing on the page works without it.
pub async fn invitation_page(State(state): State<AppState>, Path(token): Path<String>) -> Page {
    let found = if is_token(&token) {
        storage::open_invitation(&state.db, &invitation_key(&token), (state.clock)()).await?
    } else {
        None
    };
    let Some((_, email)) = found else {
        return not_valid(&state).await;
    };
    let view = pages::InvitationPage {
        token,
        email,
        errors: Vec::new(),
    };
    Ok(render(&state, false, move || view.render()).await)
}

#[derive(Deserialize, Default)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Page {
    let form: PasswordForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let now = (state.clock)();
    let key = invitation_key(&token);
    let found = if is_token(&token) {
        storage::open_invitation(&state.db, &key, now).await?
    } else {
        None
    };
    let Some((_, email)) = found else {
        return not_valid(&state).await;
    };
    let mut errors = Vec::new();
    if let Some(problem) = staff::new_password_problem(&form.password, &email) {
        errors.push(FieldError::new("password", problem));
    } else if form.confirm != form.password {
        errors.push(FieldError::new("confirm", "The passwords do not match"));
    }
    if !errors.is_empty() {
        let view = pages::InvitationPage {
            token,
            email,
            errors,
        };
        return Ok(render(&state, true, move || view.render()).await);
    }
    let hash = password::hash(form.password).await?;
    if !storage::accept_invitation(&state.db, &key, &hash, now).await? {
        return not_valid(&state).await;
    }
    Ok(Redirect::to("/staff/sign-in?signed_out=password_set").into_response())
}

pub async fn outbox(State(state): State<AppState>, staff: Staff) -> Page {
    administrator(&staff)?;
    let view = pages::OutboxPage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        messages: storage::undelivered_messages(&state.db).await?,
        max_attempts: state.config.outbox.max_attempts,
    };
    Ok(render(&state, false, move || view.render()).await)
}

#[derive(Deserialize, Default)]
struct RetryForm {
    csrf: Option<String>,
}

/// Sends a dead email again with a fresh set of attempts (once the relay or the address has
/// been put right).
pub async fn retry(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> Page {
    let form: RetryForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    administrator(&staff)?;
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/staff/admin/outbox".into(),
        });
    }
    if storage::retry_message(&state.db, id, staff.account_id, (state.clock)()).await? {
        state.outbox_wake.notify_one();
    }
    Ok(Redirect::to("/staff/admin/outbox").into_response())
}

/// The retention policy at work, for administrators and triage officers (who close cases).
pub async fn retention(State(state): State<AppState>, staff: Staff) -> Page {
    if !staff
        .roles
        .iter()
        .any(|r| matches!(r, staff::Role::Admin | staff::Role::Triage))
    {
        return Err(AppError::NotPermitted);
    }
    let policy = &state.config.retention;
    let before = crate::domain::retention::review_submitted_before(policy, (state.clock)());
    let view = pages::RetentionPage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        erase_days: policy.erase_days_after_closing,
        review_days: policy.review_unclosed_after_days,
        erased: storage::erased_count(&state.db).await?,
        unclosed: storage::unclosed_reports(&state.db, before).await?,
    };
    Ok(render(&state, false, move || view.render()).await)
}
