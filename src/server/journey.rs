//! HTTP handlers for Journey 1. Every page is a plain HTML form that posts back to its own
//! address and is answered with a redirect (POST-redirect-GET), so the journey works with
//! JavaScript switched off. The browser holds only an opaque draft id in a cookie.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use rand::RngCore;

use super::error::AppError;
use super::session::{DraftSession, DRAFT_COOKIE};
use super::{storage, submit, AppState};
use crate::domain::report::Draft;
use crate::journey::report::ReportJourney;
use crate::journey::{self as engine};
use crate::pages::layout::PageMeta;
use crate::pages::report as pages;

/// The report journey's own pages; its question pages and "Check your answers" come from the
/// journey engine.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report", get(start_page))
        .route("/report/start", post(start))
        .route("/report/submit", post(submit_report))
        .route("/report/confirmation", get(confirmation))
        .route("/exit", get(exit))
        .merge(engine::routes::<ReportJourney>())
}

type Page = Result<Response, AppError>;

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// Where the engine sends someone whose report is not finished.
fn first_open_path(state: &AppState, draft: &Draft) -> String {
    engine::path::<ReportJourney>(&engine::first_open::<ReportJourney>(&state.config, draft))
}

// ---------------------------------------------------------------------------------------------
// Start and exit

/// The same for everyone (it depends only on the configuration), so rendered once.
async fn start_page(State(state): State<AppState>) -> Html<Bytes> {
    let page = state.public_pages.start.get_or_init(|| async {
        let name = state.config.site.name.clone();
        let days = state.config.site.triage_response_working_days;
        let meta = PageMeta::new().indexable();
        let html = state
            .shell
            .page(&meta, move || pages::start::page(name, days));
        Bytes::from(crate::server::security::for_every_response(html).await)
    });
    Html(page.await.clone())
}

/// Starts a new report. A fresh draft every time, so a shared computer never shows one
/// person's answers to the next. Started from the session of a report just sent, the new one
/// carries that report (and the ones proven with it) as made from the same browser: only a
/// count reaches the confirmation, never an answer.
async fn start(
    State(state): State<AppState>,
    previous: Option<DraftSession<Draft>>,
    jar: CookieJar,
) -> Page {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    storage::create_draft::<Draft>(&state.db, &id, Utc::now()).await?;
    if let Some(sent) = previous.and_then(|p| p.submitted_id) {
        let draft = Draft {
            same_browser_reports: storage::report_and_proven_earlier(&state.db, sent).await?,
            ..Draft::default()
        };
        storage::save_draft(&state.db, &id, &draft, Utc::now()).await?;
    }
    let cookie = Cookie::build((DRAFT_COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .build();
    let first = engine::path::<ReportJourney>(&engine::first_open::<ReportJourney>(
        &state.config,
        &Draft::default(),
    ));
    Ok((jar.add(cookie), see_other(&first)).into_response())
}

/// "Exit this page": forgets the answers and leaves for a neutral site.
async fn exit(State(state): State<AppState>, jar: CookieJar) -> Response {
    // The draft goes even after a submit: the report row keeps what was sent, and nothing
    // on this device should lead back to it. Exit never fails: leaving matters more.
    if let Some(id) = DraftSession::<Draft>::id_in(&jar) {
        if let Err(error) = storage::delete_draft(&state.db, &id).await {
            tracing::error!(
                error = format!("{error:#}"),
                "could not delete a draft on exit"
            );
        }
    }
    let jar = jar.remove(Cookie::build(DRAFT_COOKIE).path("/"));
    (jar, Redirect::to(&state.config.site.exit_url)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Submit and confirmation

/// The submit form: the draft version the check page showed.
#[derive(serde::Deserialize)]
struct SubmitForm {
    version: Option<i64>,
    csrf: Option<String>,
}

async fn submit_report(
    State(state): State<AppState>,
    session: Option<DraftSession>,
    body: Bytes,
) -> Page {
    let form: SubmitForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let session = session.ok_or(AppError::NoDraft)?;
    if !crate::server::security::csrf_ok(&session.id, form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/report/check".into(),
        });
    }
    if session.submitted_id.is_some() {
        return Ok(see_other("/report/confirmation"));
    }
    // Without the version the person saw, we cannot know what they confirmed: check again.
    let Some(checked_version) = form.version else {
        return Ok(see_other("/report/check"));
    };
    let submitted = submit::submit(
        &state.db,
        &state.config,
        &session.id,
        &session.draft,
        checked_version,
        (state.clock)(),
    )
    .await;
    match submitted {
        Ok(submit::Submitted::Report(_)) => {
            state.outbox_wake.notify_one();
            Ok(see_other("/report/confirmation"))
        }
        Ok(submit::Submitted::DraftChanged) => Ok(see_other("/report/check")),
        Err(submit::SubmitError::Incomplete) => {
            Ok(see_other(&first_open_path(&state, &session.draft)))
        }
        Err(submit::SubmitError::Storage(error)) => Err(AppError::Unexpected(error)),
    }
}

/// The confirmation reads what submit stored with the report: it never works anything out
/// again from answers (the draft keeps none after submit).
async fn confirmation(State(state): State<AppState>, session: Option<DraftSession>) -> Page {
    let Some(session) = session else {
        return Ok(see_other("/report"));
    };
    let Some(report_id) = session.submitted_id else {
        return Ok(see_other(&first_open_path(&state, &session.draft)));
    };
    let Some(facts) = storage::confirmation(&state.db, report_id).await? else {
        return Ok(see_other("/report"));
    };
    Ok(Html(
        state
            .shell
            .page(&PageMeta::new(), || {
                pages::confirmation::page(facts, &state.config.site)
            })
            .await,
    )
    .into_response())
}
