//! HTTP handlers for Journey 2, apply for an ASB Case Review: the start page, starting (from
//! nowhere, or from a report's confirmation, which proves that report is the applicant's),
//! submit and the confirmation; and the statutory figures (page, CSV, JSON). Its question
//! pages and "Check your answers" come from the journey engine.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{DateTime, Months, Utc};
use rand::RngCore;

use super::error::AppError;
use super::session::{DraftSession, DRAFT_COOKIE};
use super::storage::{self, CommitOutcome};
use super::AppState;
use crate::domain::case_review::application::Application;
use crate::domain::case_review::figures::{self, YearFigures};
use crate::domain::case_review::submission::{
    contact_keys, plan_application, ApplicationRules, NewApplication, PortalReport,
};
use crate::domain::reference::Reference;
use crate::domain::report::Draft;
use crate::domain::submission::Incomplete;
use crate::domain::uk_time::uk_date;
use crate::journey::case_review::CaseReviewJourney;
use crate::journey::{self as engine};
use crate::pages::case_review as pages;
use crate::pages::layout::{PageMeta, CASE_REVIEW_SERVICE};
use crate::server::config::Config;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/case-review/apply", get(start_page))
        .route("/case-review/apply/start", post(start))
        .route("/case-review/apply/submit", post(submit))
        .route("/case-review/apply/confirmation", get(confirmation))
        .route("/case-review/figures", get(figures_page))
        .route("/case-review/figures.csv", get(figures_csv))
        .route("/case-review/figures.json", get(figures_json))
        .merge(engine::routes::<CaseReviewJourney>())
}

type Page = Result<Response, AppError>;

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

async fn start_page(State(state): State<AppState>) -> Html<String> {
    let meta = PageMeta::new().service(CASE_REVIEW_SERVICE).indexable();
    Html(
        state
            .shell
            .page(&meta, || pages::start::page(&state.config))
            .await,
    )
}

/// Starts a new application. Started from a submitted report's own draft session (the
/// confirmation's button), that report is the applicant's: the proof, set here and never
/// typed. The report's draft is final already, so the cookie moves to the application.
async fn start(
    State(state): State<AppState>,
    report: Option<DraftSession<Draft>>,
    jar: CookieJar,
) -> Page {
    let draft = Application {
        from_report: report.and_then(|r| r.submitted_id),
        ..Application::default()
    };
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    storage::create_draft::<Application>(&state.db, &id, Utc::now()).await?;
    if draft.from_report.is_some() {
        storage::save_draft(&state.db, &id, &draft, Utc::now()).await?;
    }
    let cookie = Cookie::build((DRAFT_COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .build();
    let first = engine::path::<CaseReviewJourney>(&engine::first_open::<CaseReviewJourney>(
        &state.config,
        &draft,
    ));
    Ok((jar.add(cookie), see_other(&first)).into_response())
}

#[derive(serde::Deserialize)]
struct SubmitForm {
    version: Option<i64>,
    csrf: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    session: Option<DraftSession<Application>>,
    body: Bytes,
) -> Page {
    let form: SubmitForm = serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let session = session.ok_or(AppError::NoDraft)?;
    if !crate::server::security::csrf_ok(&session.id, form.csrf.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: "/case-review/apply/check".into(),
        });
    }
    if session.submitted_id.is_some() {
        return Ok(see_other("/case-review/apply/confirmation"));
    }
    let Some(checked_version) = form.version else {
        return Ok(see_other("/case-review/apply/check"));
    };
    let config = &state.config;
    if !engine::is_complete::<CaseReviewJourney>(config, &session.draft) {
        let open = engine::first_open::<CaseReviewJourney>(config, &session.draft);
        return Ok(see_other(&engine::path::<CaseReviewJourney>(&open)));
    }
    let now = Utc::now();
    match commit(&state, &session.id, &session.draft, checked_version, now).await? {
        CommitOutcome::Committed { .. } | CommitOutcome::AlreadySubmitted { .. } => {
            state.outbox_wake.notify_one();
            Ok(see_other("/case-review/apply/confirmation"))
        }
        CommitOutcome::DraftChanged => Ok(see_other("/case-review/apply/check")),
        CommitOutcome::ReferenceTaken => Err(AppError::Unexpected(anyhow::anyhow!(
            "no free case review reference after three attempts"
        ))),
    }
}

/// The categories whose reports are hate incidents.
fn hate_categories(config: &Config) -> Vec<&str> {
    config
        .categories
        .iter()
        .filter(|c| c.flags.hate)
        .map(|c| c.id.as_str())
        .collect()
}

/// The portal reports an application rests on (`proven`: started from one, or typed in with
/// the contact given on it) and those that only share its email or phone (`possibly_related`,
/// for the coordinator only).
pub struct PortalReportsFound {
    pub proven: Vec<PortalReport>,
    pub possibly_related: Vec<PortalReport>,
    /// With the community threshold on: the most different people who reported the same
    /// category in the same area as one of the proven reports, within the window.
    pub community_reporters: u32,
}

pub async fn portal_reports_for(
    db: &storage::Db,
    config: &Config,
    draft: &Application,
    now: DateTime<Utc>,
) -> anyhow::Result<PortalReportsFound> {
    let hate = hate_categories(config);
    let mut proven: Vec<_> = match draft.from_report {
        Some(id) => storage::proven_reports(db, id, &hate).await?,
        None => Vec::new(),
    };
    for claim in draft.claimed_reports.iter().flatten() {
        let (email, phone) = claim.keys();
        let found = storage::claimed_report(
            db,
            &claim.reference,
            email.as_deref(),
            phone.as_deref(),
            &hate,
        )
        .await?;
        if let Some(report) = found.filter(|r| !proven.iter().any(|p| p.report_id == r.report_id)) {
            proven.push(report);
        }
    }
    let (email_key, phone_key) = contact_keys(draft);
    // From a little before the UK day the window opens; the engine then decides by date.
    let since = uk_date(now)
        .checked_sub_months(Months::new(config.case_review.window_months))
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| midnight.and_utc() - chrono::Duration::hours(1))
        .unwrap_or(now);
    let possibly_related = storage::reports_sharing_contact(
        db,
        email_key.as_deref(),
        phone_key.as_deref(),
        since,
        &hate,
    )
    .await?;
    let mut community_reporters = 0;
    if config.case_review.community_reporters_needed > 0 {
        let mut places: Vec<(&str, &str)> = proven
            .iter()
            .filter_map(|r| Some((r.category.as_str(), r.area.as_deref()?)))
            .collect();
        places.sort_unstable();
        places.dedup();
        for (category, area) in places {
            let people = storage::different_reporters(db, category, area, since).await?;
            community_reporters = community_reporters.max(people);
        }
    }
    Ok(PortalReportsFound {
        proven,
        possibly_related,
        community_reporters,
    })
}

/// Every row an application writes, with the threshold engine's result, under the local rules.
pub fn plan(
    config: &Config,
    draft_id: &str,
    draft: &Application,
    now: DateTime<Utc>,
    found: &PortalReportsFound,
    reference: Reference,
) -> Result<NewApplication, Incomplete> {
    let threshold = config.threshold_rules();
    let timescales = config.case_review_timescales();
    let rules = ApplicationRules {
        threshold: &threshold,
        timescales: &timescales,
        bank_holidays: &config.bank_holidays,
        coordinator: &config.case_review.coordinator,
        decision_review_body: &config.case_review.decision_review_body,
        consent_version: &config.case_review.consent.version,
        service_name: &config.site.name,
        base_url: &config.site.base_url,
        contact: &config.site.contact,
        message_id_domain: &config.smtp.message_id_domain,
    };
    plan_application(
        &rules,
        draft_id,
        draft,
        now,
        &found.proven,
        &found.possibly_related,
        found.community_reporters,
        reference,
    )
}

async fn commit(
    state: &AppState,
    draft_id: &str,
    draft: &Application,
    checked_version: i64,
    now: DateTime<Utc>,
) -> Result<CommitOutcome, AppError> {
    let config = &state.config;
    let found = portal_reports_for(&state.db, config, draft, now).await?;
    for _ in 0..3 {
        let mut bytes = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let reference = Reference::from_random_bytes("CR", bytes);
        let plan = plan(config, draft_id, draft, now, &found, reference).map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!("a complete application did not plan"))
        })?;
        match storage::commit_application(&state.db, &plan, checked_version).await? {
            CommitOutcome::ReferenceTaken => continue,
            outcome => {
                if let CommitOutcome::Committed { id } = outcome {
                    tracing::info!(reference = %plan.reference, id, "case review application submitted");
                }
                return Ok(outcome);
            }
        }
    }
    Ok(CommitOutcome::ReferenceTaken)
}

async fn confirmation(
    State(state): State<AppState>,
    session: Option<DraftSession<Application>>,
) -> Page {
    let Some(session) = session else {
        return Ok(see_other("/case-review/apply"));
    };
    let Some(id) = session.submitted_id else {
        let open = engine::first_open::<CaseReviewJourney>(&state.config, &session.draft);
        return Ok(see_other(&engine::path::<CaseReviewJourney>(&open)));
    };
    let Some(facts) = storage::application_confirmation(&state.db, id).await? else {
        return Ok(see_other("/case-review/apply"));
    };
    Ok(Html(
        state
            .shell
            .page(&PageMeta::new().service(CASE_REVIEW_SERVICE), || {
                pages::confirmation::page(facts, &state.config.site)
            })
            .await,
    )
    .into_response())
}

/// The statutory figures, worked out from the records now.
async fn year_figures(state: &AppState) -> Result<Vec<YearFigures>, AppError> {
    let tallies = storage::figure_tallies(&state.db).await?;
    Ok(figures::figures(
        tallies,
        state.config.case_review.reporting_year_start_month,
        uk_date(Utc::now()),
    ))
}

async fn figures_page(State(state): State<AppState>) -> Page {
    let years = year_figures(&state).await?;
    let start_month = state.config.case_review.reporting_year_start_month;
    let meta = PageMeta::new().indexable();
    Ok(Html(
        state
            .shell
            .page(&meta, || pages::figures::page(years, start_month))
            .await,
    )
    .into_response())
}

async fn figures_csv(State(state): State<AppState>) -> Page {
    let years = year_figures(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"asb-case-review-figures.csv\"",
            ),
        ],
        pages::figures::csv(&years),
    )
        .into_response())
}

/// The figures as JSON: the stable shape of `YearFigures`, newest year first.
#[derive(serde::Serialize)]
struct FiguresJson {
    reporting_year_start_month: u32,
    years: Vec<YearFigures>,
}

async fn figures_json(State(state): State<AppState>) -> Page {
    let years = year_figures(&state).await?;
    Ok(Json(FiguresJson {
        reporting_year_start_month: state.config.case_review.reporting_year_start_month,
        years,
    })
    .into_response())
}
