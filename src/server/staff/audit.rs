//! The audit trail's page, for administrators and auditors: newest first, filtered by who,
//! what and which report. Reading it is not itself a change, so it is not audited.

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::domain::audit;
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::audit as pages;
use crate::pages::staff::cases::SignedInAs;
use crate::server::error::AppError;
use crate::server::storage;
use crate::server::AppState;

/// How many rows the page shows at once.
const TRAIL_LENGTH: i64 = 500;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    account: Option<String>,
    action: Option<String>,
    reference: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    if !audit::may_read(&staff.roles) {
        return Err(AppError::NotPermitted);
    }
    // A query string the form could not have made is read as no filter at all.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let accounts = storage::list_accounts(&state.db).await?;
    let ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
    let (filter, errors) = audit::audit_filter(
        query.account.as_deref(),
        query.action.as_deref(),
        query.reference.as_deref(),
        &ids,
    );
    let rows = storage::audit_trail(&state.db, &filter, TRAIL_LENGTH).await?;
    let view = pages::AuditPage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        accounts: accounts
            .into_iter()
            .map(|a| (a.id, a.display_name))
            .collect(),
        filter,
        errors: errors.clone(),
        rows,
        limit: TRAIL_LENGTH as usize,
    };
    let meta = PageMeta::new()
        .service(STAFF_SERVICE)
        .error(!errors.is_empty());
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}
