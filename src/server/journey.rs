//! HTTP handlers for Journey 1. Every page is a plain HTML form that posts back to its own
//! address and is answered with a redirect (POST-redirect-GET), so the journey works with
//! JavaScript switched off. The browser holds only an opaque draft id in a cookie.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use rand::RngCore;

use super::{html_page, storage, submit, AppState};
use crate::components::FormState;
use crate::domain::report::{self, ConsentItem, Draft, Form, PendingForm, Step};
use crate::domain::routing::mediation_candidate;
use crate::domain::signposting::{select_signposts, SignpostContext};
use crate::domain::uk_time::uk_date;
use crate::pages::info;
use crate::pages::layout::PageMeta;
use crate::pages::report::{self as pages, Progress};

pub const DRAFT_COOKIE: &str = "asb_draft";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report", get(start_page))
        .route("/report/start", post(start))
        .route("/report/check", get(check))
        .route("/report/submit", post(submit_report))
        .route("/report/confirmation", get(confirmation))
        .route(
            "/report/assessment/{group}",
            get(show_assessment).post(save_assessment),
        )
        .route("/report/{step}", get(show_step).post(save_step))
        .route("/exit", get(exit))
}

/// A draft found through the person's cookie.
struct Session {
    id: String,
    draft: Draft,
    report_id: Option<i64>,
}

async fn load_session(state: &AppState, jar: &CookieJar) -> Result<Option<Session>, Response> {
    let Some(id) = jar.get(DRAFT_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    // Only our own 32-hex ids are looked up; anything else is treated as no draft.
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    match storage::load_draft(&state.db, &id).await {
        Ok(found) => Ok(found.map(|stored| Session {
            id,
            draft: stored.draft,
            report_id: stored.report_id,
        })),
        Err(error) => Err(unexpected(state, error)),
    }
}

/// The person's draft while it can still be changed, or the redirect that takes them where
/// they belong: the start without a draft, the confirmation once it is submitted.
async fn editable_session(state: &AppState, jar: &CookieJar) -> Result<Session, Response> {
    match load_session(state, jar).await? {
        None => Err(see_other("/report")),
        Some(session) if session.report_id.is_some() => Err(see_other("/report/confirmation")),
        Some(session) => Ok(session),
    }
}

/// Logs the cause and shows a plain "sorry" page, never the error's text.
fn unexpected(state: &AppState, error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    html_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        state.shell.page(
            &PageMeta::new("Sorry, there is a problem with the service"),
            || {
                info::problem(
                    "Sorry, there is a problem with the service",
                    vec![
                        "Try again later. Your answers have been kept.".into(),
                        "If you are in danger now, call 999.".into(),
                    ],
                    false,
                )
            },
        ),
    )
}

fn no_draft(state: &AppState) -> Response {
    html_page(
        StatusCode::BAD_REQUEST,
        state
            .shell
            .page(&PageMeta::new("Your answers could not be found"), || {
                info::problem(
                    "Your answers could not be found",
                    vec![
                        "This can happen if you waited a long time, used \u{2018}Exit this page\u{2019}, \
                         or your browser does not accept cookies from this site."
                            .into(),
                        "Nothing has been sent. Please start again.".into(),
                    ],
                    true,
                )
            }),
    )
}

fn bad_form(state: &AppState) -> Response {
    html_page(
        StatusCode::BAD_REQUEST,
        state.shell.page(
            &PageMeta::new("There is a problem with your answers"),
            || {
                info::problem(
                    "There is a problem with your answers",
                    vec![
                        "Your browser sent something we could not read. Go back and try again."
                            .into(),
                    ],
                    false,
                )
            },
        ),
    )
}

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

fn parse_body(body: &Bytes) -> Option<Form> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    Some(pairs.into_iter().collect::<BTreeMap<_, _>>())
}

fn step_from_name(name: &str) -> Option<Step> {
    Some(match name {
        "category" => Step::Category,
        "location" => Step::Location,
        "when" => Step::When,
        "details" => Step::Details,
        "about-you" => Step::AboutYou,
        "impact" => Step::Impact,
        "consent" => Step::Consent,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Start and exit

async fn start_page(State(state): State<AppState>) -> Html<String> {
    let name = state.config.site.name.clone();
    let days = state.config.site.triage_response_working_days;
    Html(
        state
            .shell
            .page(&PageMeta::new("Report anti-social behaviour"), move || {
                pages::start::page(name, days)
            }),
    )
}

/// Starts a new report. A fresh draft every time, so a shared computer never shows one
/// person's answers to the next.
async fn start(State(state): State<AppState>, jar: CookieJar) -> Response {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Err(error) = storage::create_draft(&state.db, &id, Utc::now()).await {
        return unexpected(&state, error);
    }
    let cookie = Cookie::build((DRAFT_COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.site.secure_cookies)
        .build();
    (jar.add(cookie), see_other(&Step::Category.path())).into_response()
}

/// "Exit this page": forgets the answers and leaves for a neutral site.
async fn exit(State(state): State<AppState>, jar: CookieJar) -> Response {
    // The draft goes even after a submit: the report row keeps what was sent, and nothing
    // on this device should lead back to it.
    if let Ok(Some(session)) = load_session(&state, &jar).await {
        if let Err(error) = storage::delete_draft(&state.db, &session.id).await {
            tracing::error!(%error, "could not delete a draft on exit");
        }
    }
    let jar = jar.remove(Cookie::build(DRAFT_COOKIE).path("/"));
    (jar, Redirect::to(&state.config.site.exit_url)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Question pages

async fn show_step(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(name): Path<String>,
) -> Response {
    match step_from_name(&name) {
        Some(step) => show(&state, &jar, step).await,
        None => super::not_found(State(state)).await,
    }
}

async fn show_assessment(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(group): Path<String>,
) -> Response {
    show(&state, &jar, Step::Assessment(group)).await
}

async fn save_step(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    match step_from_name(&name) {
        Some(step) => save(&state, &jar, step, &body).await,
        None => super::not_found(State(state)).await,
    }
}

async fn save_assessment(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(group): Path<String>,
    body: Bytes,
) -> Response {
    save(&state, &jar, Step::Assessment(group), &body).await
}

async fn show(state: &AppState, jar: &CookieJar, step: Step) -> Response {
    let session = match editable_session(state, jar).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let rules = state.config.journey_rules();
    let draft = &session.draft;
    if !draft.may_visit(&step, &rules) {
        return see_other(&draft.first_incomplete(&rules).path());
    }
    let form = match &draft.pending {
        Some(pending) if pending.step == step.key() => FormState {
            values: pending.values.clone(),
            errors: pending.errors.clone(),
        },
        _ => FormState {
            values: draft.form_values(&step, &rules),
            errors: Vec::new(),
        },
    };
    let progress = Progress(draft.progress(&step, &rules));
    let back = back_link(draft, &step, &rules);
    let config = &state.config;
    let meta = |title: &str| {
        PageMeta::new(title)
            .back(back.clone())
            .error(form.has_errors())
    };
    let html = match &step {
        Step::Category => {
            let categories = config.categories.clone();
            state.shell.page(&meta("What is happening?"), move || {
                pages::category::page(&categories, form, progress)
            })
        }
        Step::Location => {
            let areas = config.areas.clone();
            state.shell.page(&meta("Where is it happening?"), move || {
                pages::location::page(&areas, form, progress)
            })
        }
        Step::When => state.shell.page(&meta("When did it happen?"), move || {
            pages::when::page(form, progress)
        }),
        Step::Details => state.shell.page(&meta("What happened?"), move || {
            pages::details::page(form, progress)
        }),
        Step::AboutYou => state.shell.page(&meta("About you"), move || {
            pages::about_you::page(form, progress)
        }),
        Step::Impact => state.shell.page(&meta("How it is affecting you"), move || {
            pages::impact::page(form, progress)
        }),
        Step::Assessment(group_id) => {
            let Some(group) = config.assessment.groups.iter().find(|g| &g.id == group_id) else {
                return super::not_found(State(state.clone())).await;
            };
            let questions = draft
                .questions_to_ask(&rules, group_id)
                .into_iter()
                .cloned()
                .collect();
            let urgent = draft.has_critical_answer(&config.assessment);
            let page = pages::assessment::GroupPage {
                group_id: group.id.clone(),
                title: group.title.clone(),
                questions,
                urgent,
            };
            state.shell.page(&meta(&group.title), move || {
                pages::assessment::page(page, form, progress)
            })
        }
        Step::Consent => {
            let questions = draft
                .consent_items(&rules)
                .into_iter()
                .map(|item| {
                    let wording = config.consent.get(item);
                    pages::consent::ConsentQuestion {
                        field: item.field().to_string(),
                        question: wording.question.clone(),
                        hint: wording.hint.clone(),
                    }
                })
                .collect();
            let partners = config.partner_names();
            let urgent = draft.has_critical_answer(&config.assessment);
            state.shell.page(&meta("What you agree to"), move || {
                pages::consent::page(questions, partners, urgent, form, progress)
            })
        }
        Step::Check => return see_other("/report/check"),
    };
    Html(html).into_response()
}

fn back_link(draft: &Draft, step: &Step, rules: &report::JourneyRules) -> String {
    // After "Check your answers", Back returns there, unless a change opened a page that
    // still needs an answer (then "check" would only send the person forward again).
    if draft.reached_check && draft.is_complete(rules) {
        return "/report/check".into();
    }
    let steps = draft.steps(rules);
    match steps.iter().position(|s| s == step) {
        Some(i) if i > 0 => steps[i - 1].path(),
        _ => "/report".into(),
    }
}

async fn save(state: &AppState, jar: &CookieJar, step: Step, body: &Bytes) -> Response {
    let Some(form) = parse_body(body) else {
        return bad_form(state);
    };
    let mut session = match load_session(state, jar).await {
        Ok(Some(session)) => session,
        Ok(None) => return no_draft(state),
        Err(response) => return response,
    };
    if session.report_id.is_some() {
        return see_other("/report/confirmation");
    }
    let rules = state.config.journey_rules();
    let draft = &mut session.draft;
    if !draft.may_visit(&step, &rules) {
        return see_other(&draft.first_incomplete(&rules).path());
    }
    let today = uk_date(Utc::now());
    let outcome: Result<(), Vec<_>> = match &step {
        Step::Category => report::parse_category(&form, &rules).map(|c| draft.category = Some(c)),
        Step::Location => report::parse_location(&form, &rules).map(|l| draft.location = Some(l)),
        Step::When => report::parse_when(&form, today).map(|w| draft.when = Some(w)),
        Step::Details => report::parse_details(&form).map(|d| draft.details = Some(d)),
        Step::AboutYou => report::parse_about_you(&form).map(|a| draft.about_you = Some(a)),
        Step::Impact => report::parse_impact(&form).map(|i| draft.impact = Some(i)),
        Step::Assessment(group) => {
            if !state
                .config
                .assessment
                .groups
                .iter()
                .any(|g| &g.id == group)
            {
                return super::not_found(State(state.clone())).await;
            }
            let questions = draft.questions_to_ask(&rules, group);
            report::parse_assessment_group(&form, &questions)
                .map(|answers| draft.assessment.extend(answers))
        }
        Step::Consent => {
            let items = draft.consent_items(&rules);
            report::parse_consent(&form, &items).map(|answers| draft.consent = answers)
        }
        Step::Check => return see_other("/report/check"),
    };
    let next = match outcome {
        Ok(()) => {
            draft.pending = None;
            draft.forget_answers_that_no_longer_apply(&rules);
            draft.next_after(&step, &rules)
        }
        Err(errors) => {
            draft.pending = Some(PendingForm {
                step: step.key(),
                values: form,
                errors,
            });
            step.clone()
        }
    };
    match storage::save_draft(&state.db, &session.id, draft, Utc::now()).await {
        Ok(true) => see_other(&next.path()),
        Ok(false) => see_other("/report/confirmation"),
        Err(error) => unexpected(state, error),
    }
}

// ---------------------------------------------------------------------------------------------
// Check your answers, submit and confirmation

async fn check(State(state): State<AppState>, jar: CookieJar) -> Response {
    let mut session = match editable_session(&state, &jar).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let rules = state.config.journey_rules();
    if !session.draft.is_complete(&rules) {
        return see_other(&session.draft.first_incomplete(&rules).path());
    }
    if !session.draft.reached_check || session.draft.pending.is_some() {
        session.draft.reached_check = true;
        session.draft.pending = None;
        if let Err(error) =
            storage::save_draft(&state.db, &session.id, &session.draft, Utc::now()).await
        {
            return unexpected(&state, error);
        }
    }
    let sections = pages::check::sections(&state.config, &session.draft);
    let urgent = session.draft.has_critical_answer(&state.config.assessment);
    let back = session
        .draft
        .steps(&rules)
        .iter()
        .rev()
        .nth(1)
        .map(Step::path)
        .unwrap_or_else(|| "/report".into());
    Html(
        state
            .shell
            .page(&PageMeta::new("Check your answers").back(back), move || {
                pages::check::page(sections, urgent)
            }),
    )
    .into_response()
}

async fn submit_report(State(state): State<AppState>, jar: CookieJar) -> Response {
    let session = match load_session(&state, &jar).await {
        Ok(Some(session)) => session,
        Ok(None) => return no_draft(&state),
        Err(response) => return response,
    };
    if session.report_id.is_some() {
        return see_other("/report/confirmation");
    }
    match submit::submit(
        &state.db,
        &state.config,
        &session.id,
        &session.draft,
        Utc::now(),
    )
    .await
    {
        Ok(_) => {
            state.outbox_wake.notify_one();
            see_other("/report/confirmation")
        }
        Err(submit::SubmitError::Incomplete) => {
            let rules = state.config.journey_rules();
            see_other(&session.draft.first_incomplete(&rules).path())
        }
        Err(submit::SubmitError::Storage(error)) => unexpected(&state, error),
    }
}

async fn confirmation(State(state): State<AppState>, jar: CookieJar) -> Response {
    let session = match load_session(&state, &jar).await {
        Ok(Some(session)) => session,
        Ok(None) => return see_other("/report"),
        Err(response) => return response,
    };
    let Some(report_id) = session.report_id else {
        let rules = state.config.journey_rules();
        return see_other(&session.draft.first_incomplete(&rules).path());
    };
    let stored = match storage::submitted_report(&state.db, report_id).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return see_other("/report"),
        Err(error) => return unexpected(&state, error),
    };
    let config = &state.config;
    let rules = config.journey_rules();
    let draft = &session.draft;
    let assessment = draft.assessment_result(&rules);
    let signposts = match draft.category_def(&rules) {
        Some(category) => select_signposts(
            &config.signposting,
            &SignpostContext {
                category,
                assessment: assessment.as_ref(),
                answers: &draft.assessment_answers(&config.assessment),
                repeat_report: stored.second_report,
                mediation_candidate: mediation_candidate(
                    &config.routing,
                    category,
                    assessment.as_ref(),
                ),
            },
        )
        .into_iter()
        .cloned()
        .collect(),
        None => Vec::new(),
    };
    let content = pages::confirmation::Confirmation {
        reference: stored.reference,
        respond_by: submit::respond_by(config, uk_date(stored.submitted_at))
            .format("%A %-d %B %Y")
            .to_string(),
        acknowledgement_sent: stored.acknowledgement_queued,
        anonymous: draft.is_anonymous(),
        contact_consent: draft.consented(ConsentItem::Contact, &rules),
        urgent: stored.urgent,
        profile: assessment.map(|a| a.profile).unwrap_or_default(),
        signposts,
        second_report: stored.second_report,
        case_review_threshold: config.site.case_review_threshold,
    };
    Html(
        state
            .shell
            .page(&PageMeta::new("Report submitted"), move || {
                pages::confirmation::page(content)
            }),
    )
    .into_response()
}
