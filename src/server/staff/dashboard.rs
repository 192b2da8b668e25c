//! The dashboard (triage, administrators and auditors): the figures of `domain::dashboard`,
//! as a page with a chart and tables, and as CSV.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::Staff;
use crate::domain::case_work::CaseStatus;
use crate::domain::dashboard::{self, Dashboard, ReportFact};
use crate::domain::staff::Role;
use crate::domain::uk_time::uk_date;
use crate::domain::urgency::{respond_by, Urgency};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::cases::SignedInAs;
use crate::pages::staff::dashboard as pages;
use crate::server::error::AppError;
use crate::server::storage;
use crate::server::AppState;

type Page = Result<Response, AppError>;

fn may_see(staff: &Staff) -> Result<(), AppError> {
    let allowed = staff
        .roles
        .iter()
        .any(|r| matches!(r, Role::Triage | Role::Admin | Role::Auditor));
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotPermitted)
    }
}

async fn figures(state: &AppState) -> Result<Dashboard, AppError> {
    let now = (state.clock)();
    let rows = storage::dashboard_facts(&state.db, now - chrono::Duration::days(366)).await?;
    let times = state.config.response_times();
    let facts: Vec<ReportFact> = rows
        .into_iter()
        .map(|row| {
            let submitted_on = uk_date(row.submitted_at);
            // Only whether it is urgent sets the deadline; which reason does not matter here.
            let urgency = if row.urgent {
                Urgency::UrgentBand
            } else {
                Urgency::Standard
            };
            ReportFact {
                submitted_on,
                category: row.category,
                area: row.area,
                band: row.band,
                status: CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New),
                respond_by: respond_by(&times, urgency, submitted_on, &state.config.bank_holidays),
                person: row.person,
            }
        })
        .collect();
    Ok(dashboard::dashboard(&facts, uk_date(now)))
}

pub async fn page(State(state): State<AppState>, staff: Staff) -> Page {
    may_see(&staff)?;
    let view = pages::DashboardPage {
        staff: SignedInAs::of(&staff, &state.config.routes),
        dashboard: figures(&state).await?,
        app: state.clone(),
    };
    let meta = PageMeta::new().service(STAFF_SERVICE);
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}

pub async fn csv(State(state): State<AppState>, staff: Staff) -> Page {
    may_see(&staff)?;
    let body = dashboard::csv(&figures(&state).await?);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"asb-dashboard.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
