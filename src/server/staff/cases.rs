//! The queue, the case page and the actions on a case. A partner opening a case not routed to them, or a reference
//! that does not exist, gets the same "Page not found": the answer never tells them a case is
//! there. Every case view is written to the audit trail before the page is sent.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{audit, Staff};
use crate::domain::case_work::{self, CaseAction, CaseStatus, Refusal};
use crate::domain::fields::FieldError;
use crate::domain::routing::RouteId;
use crate::domain::staff::{self, Access, Role};
use crate::pages::layout::{PageMeta, STAFF_SERVICE};
use crate::pages::staff::cases as pages;
use crate::server::error::AppError;
use crate::server::storage::{self, CaseChange};
use crate::server::AppState;

type Page = Result<Response, AppError>;

/// How many cases a queue shows at once.
const QUEUE_LENGTH: i64 = 200;

fn route_of(text: &str) -> Option<RouteId> {
    RouteId::ALL
        .into_iter()
        .find(|route| route.as_str() == text)
}

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    status: Option<String>,
    band: Option<String>,
    category: Option<String>,
    area: Option<String>,
}

/// Each row with whether it is overdue (new, and past the response date the resident was
/// given), overdue first; the storage order (urgent, band, oldest) kept within each rank.
fn overdue_first(state: &AppState, rows: Vec<storage::QueueRow>) -> Vec<(storage::QueueRow, bool)> {
    use crate::domain::dashboard::{is_overdue, queue_rank};
    use crate::domain::uk_time::uk_date;
    use crate::domain::urgency::{respond_by, Urgency};
    let times = state.config.response_times();
    let today = uk_date((state.clock)());
    let mut rows: Vec<(storage::QueueRow, bool)> = rows
        .into_iter()
        .map(|row| {
            let urgency = if row.urgent {
                Urgency::UrgentBand
            } else {
                Urgency::Standard
            };
            let due = respond_by(
                &times,
                urgency,
                uk_date(row.submitted_at),
                &state.config.bank_holidays,
            );
            let status = CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New);
            let overdue = is_overdue(status, due, today);
            (row, overdue)
        })
        .collect();
    rows.sort_by_key(|(row, overdue)| {
        queue_rank(
            CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New),
            *overdue,
        )
    });
    rows
}

pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Page {
    // A query string the form could not have made is read as no filter at all.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let categories: Vec<&str> = state
        .config
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let areas: Vec<&str> = state.config.areas.iter().map(|a| a.id.as_str()).collect();
    let (filter, errors) = staff::queue_filter(
        query.status.as_deref(),
        query.band.as_deref(),
        query.category.as_deref(),
        query.area.as_deref(),
        &categories,
        &areas,
    );
    let routes: Option<Vec<String>> = staff::queue_routes(&staff.roles)
        .map(|routes| routes.iter().map(|r| r.as_str().to_string()).collect());
    let rows = storage::queue(&state.db, routes.as_deref(), &filter, QUEUE_LENGTH).await?;
    let rows = overdue_first(&state, rows);
    let error = !errors.is_empty();
    let view = pages::Queue {
        staff: pages::SignedInAs::of(&staff),
        rows,
        filter,
        errors,
        app: state.clone(),
    };
    let meta = PageMeta::new().service(STAFF_SERVICE).error(error);
    Ok(Html(state.shell.page(&meta, move || view.render()).await).into_response())
}

/// A case a member of staff may open: its report's id, or the same "Page not found" as for a
/// reference that does not exist.
async fn openable(state: &AppState, staff: &Staff, reference: &str) -> Result<i64, AppError> {
    let Some(report_id) = storage::report_id_by_reference(&state.db, reference).await? else {
        return Err(AppError::NotFound);
    };
    let routed_to: Vec<RouteId> = storage::routing_of(&state.db, report_id)
        .await?
        .iter()
        .filter(|decision| !decision.held)
        .filter_map(|decision| route_of(&decision.route))
        .collect();
    match staff::may_open_report(&staff.roles, &routed_to) {
        Access::Refused => Err(AppError::NotFound),
        Access::Open { .. } => Ok(report_id),
    }
}

/// The case page, with what an action just refused (its errors, and the note as typed).
async fn render_case(
    state: &AppState,
    staff: &Staff,
    report_id: i64,
    errors: Vec<FieldError>,
    note: String,
    status: StatusCode,
) -> Page {
    let Some(case) = storage::case_of(&state.db, report_id).await? else {
        return Err(AppError::NotFound);
    };
    let work = storage::case_work(&state.db, report_id).await?;
    let leads = storage::staff_with_role(&state.db, Role::Triage.as_str()).await?;
    let view = pages::CasePage {
        staff: pages::SignedInAs::of(staff),
        case,
        work,
        leads,
        errors: errors.clone(),
        note,
        app: state.clone(),
    };
    let meta = PageMeta::new()
        .service(STAFF_SERVICE)
        .back("/staff")
        .error(!errors.is_empty());
    let html = state.shell.page(&meta, move || view.render()).await;
    Ok((status, Html(html)).into_response())
}

pub async fn case_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Page {
    let report_id = openable(&state, &staff, &reference).await?;
    audit(
        &state,
        Some(staff.account_id),
        "viewed_case",
        Some(report_id),
        (state.clock)(),
    )
    .await?;
    render_case(
        &state,
        &staff,
        report_id,
        Vec::new(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

/// Every action's form: its CSRF token and its own fields.
#[derive(Deserialize, Default)]
struct ActionForm {
    csrf: Option<String>,
    lead: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    outcomes: Vec<String>,
}

/// Checks, applies and audits one action, then shows the case again (303, so a reload does
/// not post twice). A refusal shows the case with the reason.
async fn act_on(
    state: AppState,
    staff: Staff,
    reference: String,
    action: CaseAction,
    body: Bytes,
) -> Page {
    let form: ActionForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let report_id = openable(&state, &staff, &reference).await?;
    let case_path = format!("/staff/reports/{reference}");
    if !staff.csrf_ok(form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere { back: case_path });
    }
    let work = storage::case_work(&state.db, report_id).await?;
    let status = CaseStatus::parse(&work.state.status).unwrap_or(CaseStatus::New);
    let refuse = |errors: Vec<FieldError>, note: String, code: StatusCode| {
        let (state, staff) = (state.clone(), &staff);
        async move { render_case(&state, staff, report_id, errors, note, code).await }
    };
    let to_status = match case_work::act(&staff.roles, status, action) {
        Ok(to) => to,
        Err(Refusal::NotYourRole) => return Err(AppError::NotPermitted),
        Err(Refusal::NotNow(message)) => {
            return refuse(
                vec![FieldError::new("case-work", message)],
                String::new(),
                StatusCode::CONFLICT,
            )
            .await
        }
    };
    let mut change = CaseChange {
        report_id,
        account_id: staff.account_id,
        action: action.as_str(),
        from_status: status.as_str().into(),
        to_status: to_status.as_str().into(),
        lead: None,
        note: None,
        closure: None,
    };
    match action {
        CaseAction::AssignLead => {
            let leads = storage::staff_with_role(&state.db, Role::Triage.as_str()).await?;
            let chosen = form
                .lead
                .as_deref()
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| leads.iter().any(|(lead, _)| lead == id));
            match chosen {
                Some(id) => change.lead = Some(id),
                None => {
                    let error =
                        FieldError::new("lead", "Select the officer who will lead this case");
                    return refuse(vec![error], String::new(), StatusCode::OK).await;
                }
            }
        }
        CaseAction::AddNote => match case_work::note(form.note.as_deref().unwrap_or_default()) {
            Ok(note) => change.note = Some(note),
            Err(error) => {
                let typed = form.note.clone().unwrap_or_default();
                return refuse(vec![error], typed, StatusCode::OK).await;
            }
        },
        CaseAction::Close => {
            match case_work::closure(
                &state.config.case_work.closure,
                form.reason.as_deref(),
                &form.outcomes,
            ) {
                Ok(closure) => change.closure = Some((closure.reason, closure.outcomes)),
                Err(errors) => {
                    return close_form(
                        &state,
                        &staff,
                        &reference,
                        errors,
                        &form.reason,
                        &form.outcomes,
                    )
                    .await
                }
            }
        }
        CaseAction::Accept | CaseAction::Reopen => {}
    }
    if !storage::change_case(&state.db, &change, (state.clock)()).await? {
        let error = FieldError::new(
            "case-work",
            "Someone else changed this case just now. Check it, then try again",
        );
        return refuse(
            vec![error],
            form.note.unwrap_or_default(),
            StatusCode::CONFLICT,
        )
        .await;
    }
    Ok(Redirect::to(&case_path).into_response())
}

pub async fn accept(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    body: Bytes,
) -> Page {
    act_on(state, staff, reference, CaseAction::Accept, body).await
}

pub async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    body: Bytes,
) -> Page {
    act_on(state, staff, reference, CaseAction::AssignLead, body).await
}

pub async fn add_note(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    body: Bytes,
) -> Page {
    act_on(state, staff, reference, CaseAction::AddNote, body).await
}

pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    body: Bytes,
) -> Page {
    act_on(state, staff, reference, CaseAction::Close, body).await
}

pub async fn reopen(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    body: Bytes,
) -> Page {
    act_on(state, staff, reference, CaseAction::Reopen, body).await
}

async fn close_form(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    errors: Vec<FieldError>,
    reason: &Option<String>,
    outcomes: &[String],
) -> Page {
    let view = pages::CloseCase {
        reference: reference.to_string(),
        lists: state.config.case_work.closure.clone(),
        csrf: staff.csrf(),
        reason: reason.clone().unwrap_or_default(),
        outcomes: outcomes.to_vec(),
        errors: errors.clone(),
    };
    let meta = PageMeta::new()
        .service(STAFF_SERVICE)
        .back(format!("/staff/reports/{reference}"))
        .error(!errors.is_empty());
    let html = state.shell.page(&meta, move || view.render()).await;
    Ok(Html(html).into_response())
}

/// "Close the case": the reason and the actions taken.
pub async fn close_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Page {
    let report_id = openable(&state, &staff, &reference).await?;
    let work = storage::case_work(&state.db, report_id).await?;
    let status = CaseStatus::parse(&work.state.status).unwrap_or(CaseStatus::New);
    if case_work::act(&staff.roles, status, CaseAction::Close).is_err() {
        return Ok(Redirect::to(&format!("/staff/reports/{reference}")).into_response());
    }
    close_form(&state, &staff, &reference, Vec::new(), &None, &[]).await
}
