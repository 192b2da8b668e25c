//! The queue and the case page. A partner opening a case not routed to them, or a reference
//! that does not exist, gets the same "Page not found": the answer never tells them a case is
//! there. Every case view is written to the audit trail before the page is sent.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use super::{audit, Staff};
use crate::domain::routing::RouteId;
use crate::domain::staff::{self, Access};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::cases as pages;
use crate::server::error::AppError;
use crate::server::storage;
use crate::server::AppState;

type Page = Result<Response, AppError>;

/// How many cases a queue shows at once.
const QUEUE_LENGTH: i64 = 200;

fn route_of(text: &str) -> Option<RouteId> {
    RouteId::ALL
        .into_iter()
        .find(|route| route.as_str() == text)
}

pub async fn queue(State(state): State<AppState>, staff: Staff) -> Page {
    let routes: Option<Vec<String>> = staff::queue_routes(&staff.roles)
        .map(|routes| routes.iter().map(|r| r.as_str().to_string()).collect());
    let rows = storage::queue(&state.db, routes.as_deref(), QUEUE_LENGTH).await?;
    let view = pages::Queue {
        staff: pages::SignedInAs::of(&staff),
        rows,
        app: state.clone(),
    };
    let meta = PageMeta::new().service(STAFF_SERVICE);
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}

pub async fn case_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Page {
    let Some(report_id) = storage::report_id_by_reference(&state.db, &reference).await? else {
        return Err(AppError::NotFound);
    };
    let routed_to: Vec<RouteId> = storage::routing_of(&state.db, report_id)
        .await?
        .iter()
        .filter(|decision| !decision.held)
        .filter_map(|decision| route_of(&decision.route))
        .collect();
    if staff::may_open_report(&staff.roles, &routed_to) == Access::Refused {
        return Err(AppError::NotFound);
    }
    let Some(case) = storage::case_of(&state.db, report_id).await? else {
        return Err(AppError::NotFound);
    };
    audit(
        &state,
        Some(staff.account_id),
        "viewed_case",
        Some(report_id),
        (state.clock)(),
    )
    .await?;
    let view = pages::CasePage {
        staff: pages::SignedInAs::of(&staff),
        case,
        app: state.clone(),
    };
    let meta = PageMeta::new().service(STAFF_SERVICE).back("/staff");
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}
