//! HTTP handlers for Journey 1. Every page is a plain HTML form that posts back to its own
//! address and is answered with a redirect (POST-redirect-GET), so the journey works with
//! JavaScript switched off. The browser holds only an opaque draft id in a cookie.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use rand::RngCore;

use super::error::AppError;
use super::session::{DraftSession, DRAFT_COOKIE};
use super::{storage, submit, AppState};
use crate::components::FormState;
use crate::domain::report::{self, ConsentItem, Draft, Form, PendingForm, Step};
use crate::domain::routing::mediation_candidate;
use crate::domain::signposting::{select_signposts, SignpostContext};
use crate::domain::uk_time::uk_date;
use crate::pages::layout::PageMeta;
use crate::pages::report::{self as pages, Progress};

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

type Page = Result<Response, AppError>;

/// The person's draft while it can still be changed, or the redirect that takes them where
/// they belong: the start without a draft, the confirmation once it is submitted.
fn editable(session: Option<DraftSession>) -> Result<DraftSession, Redirect> {
    match session {
        None => Err(Redirect::to("/report")),
        Some(session) if session.report_id.is_some() => Err(Redirect::to("/report/confirmation")),
        Some(session) => Ok(session),
    }
}

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

fn parse_body(body: &Bytes) -> Result<Form, AppError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadForm)?;
    Ok(pairs.into_iter().collect::<BTreeMap<_, _>>())
}

fn step_from_name(name: &str) -> Result<Step, AppError> {
    Ok(match name {
        "category" => Step::Category,
        "location" => Step::Location,
        "when" => Step::When,
        "details" => Step::Details,
        "about-you" => Step::AboutYou,
        "impact" => Step::Impact,
        "consent" => Step::Consent,
        _ => return Err(AppError::NotFound),
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
async fn start(State(state): State<AppState>, jar: CookieJar) -> Page {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    storage::create_draft(&state.db, &id, Utc::now()).await?;
    let cookie = Cookie::build((DRAFT_COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .build();
    Ok((jar.add(cookie), see_other(&Step::Category.path())).into_response())
}

/// "Exit this page": forgets the answers and leaves for a neutral site.
async fn exit(State(state): State<AppState>, jar: CookieJar) -> Response {
    // The draft goes even after a submit: the report row keeps what was sent, and nothing
    // on this device should lead back to it. Exit never fails: leaving matters more.
    if let Some(id) = DraftSession::id_in(&jar) {
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
// Question pages

async fn show_step(
    State(state): State<AppState>,
    Path(name): Path<String>,
    session: Option<DraftSession>,
) -> Page {
    show(&state, session, step_from_name(&name)?)
}

async fn show_assessment(
    State(state): State<AppState>,
    Path(group): Path<String>,
    session: Option<DraftSession>,
) -> Page {
    show(&state, session, Step::Assessment(group))
}

async fn save_step(
    State(state): State<AppState>,
    Path(name): Path<String>,
    session: Option<DraftSession>,
    body: Bytes,
) -> Page {
    let step = step_from_name(&name)?;
    save(&state, session, step, &body).await
}

async fn save_assessment(
    State(state): State<AppState>,
    Path(group): Path<String>,
    session: Option<DraftSession>,
    body: Bytes,
) -> Page {
    save(&state, session, Step::Assessment(group), &body).await
}

fn show(state: &AppState, session: Option<DraftSession>, step: Step) -> Page {
    let session = match editable(session) {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let rules = state.config.journey_rules();
    let draft = &session.draft;
    if !draft.may_visit(&step, &rules) {
        return Ok(see_other(&draft.first_incomplete(&rules).path()));
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
                return Err(AppError::NotFound);
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
        Step::Check => return Ok(see_other("/report/check")),
    };
    Ok(Html(html).into_response())
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

async fn save(state: &AppState, session: Option<DraftSession>, step: Step, body: &Bytes) -> Page {
    let form = parse_body(body)?;
    let mut session = session.ok_or(AppError::NoDraft)?;
    if session.report_id.is_some() {
        return Ok(see_other("/report/confirmation"));
    }
    let rules = state.config.journey_rules();
    let draft = &mut session.draft;
    if !draft.may_visit(&step, &rules) {
        return Ok(see_other(&draft.first_incomplete(&rules).path()));
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
                return Err(AppError::NotFound);
            }
            let questions = draft.questions_to_ask(&rules, group);
            report::parse_assessment_group(&form, &questions)
                .map(|answers| draft.assessment.extend(answers))
        }
        Step::Consent => {
            let items = draft.consent_items(&rules);
            report::parse_consent(&form, &items).map(|answers| draft.consent = answers)
        }
        Step::Check => return Ok(see_other("/report/check")),
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
    if storage::save_draft(&state.db, &session.id, draft, Utc::now()).await? {
        Ok(see_other(&next.path()))
    } else {
        Ok(see_other("/report/confirmation"))
    }
}

// ---------------------------------------------------------------------------------------------
// Check your answers, submit and confirmation

async fn check(State(state): State<AppState>, session: Option<DraftSession>) -> Page {
    let mut session = match editable(session) {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let rules = state.config.journey_rules();
    if !session.draft.is_complete(&rules) {
        return Ok(see_other(&session.draft.first_incomplete(&rules).path()));
    }
    if !session.draft.reached_check || session.draft.pending.is_some() {
        session.draft.reached_check = true;
        session.draft.pending = None;
        if !storage::save_draft(&state.db, &session.id, &session.draft, Utc::now()).await? {
            return Ok(see_other("/report/confirmation"));
        }
        session.version += 1;
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
    let version = session.version;
    let title = "Check your answers before sending your report";
    Ok(
        Html(state.shell.page(&PageMeta::new(title).back(back), move || {
            pages::check::page(sections, urgent, version)
        }))
        .into_response(),
    )
}

/// The submit form: the draft version the check page showed.
#[derive(serde::Deserialize)]
struct SubmitForm {
    version: Option<i64>,
}

async fn submit_report(
    State(state): State<AppState>,
    session: Option<DraftSession>,
    body: Bytes,
) -> Page {
    let form: SubmitForm = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let session = session.ok_or(AppError::NoDraft)?;
    if session.report_id.is_some() {
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
        Utc::now(),
    )
    .await;
    match submitted {
        Ok(submit::Submitted::Report(_)) => {
            state.outbox_wake.notify_one();
            Ok(see_other("/report/confirmation"))
        }
        Ok(submit::Submitted::DraftChanged) => Ok(see_other("/report/check")),
        Err(submit::SubmitError::Incomplete) => {
            let rules = state.config.journey_rules();
            Ok(see_other(&session.draft.first_incomplete(&rules).path()))
        }
        Err(submit::SubmitError::Storage(error)) => Err(AppError::Unexpected(error)),
    }
}

async fn confirmation(State(state): State<AppState>, session: Option<DraftSession>) -> Page {
    let Some(session) = session else {
        return Ok(see_other("/report"));
    };
    let Some(report_id) = session.report_id else {
        let rules = state.config.journey_rules();
        return Ok(see_other(&session.draft.first_incomplete(&rules).path()));
    };
    let Some(stored) = storage::submitted_report(&state.db, report_id).await? else {
        return Ok(see_other("/report"));
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
    Ok(Html(
        state
            .shell
            .page(&PageMeta::new("Report submitted"), move || {
                pages::confirmation::page(content)
            }),
    )
    .into_response())
}
