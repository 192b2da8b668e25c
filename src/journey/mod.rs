//! The journey engine: a journey is an ordered list of question steps, each applying under its
//! own conditions, then "Check your answers", submit and a confirmation. The engine owns what
//! every journey does the same way — the draft, PRG, pending answers shown again with their
//! errors, Change links that return to check, which pages may be visited, Back and the section caption —
//! and the generic handlers that do it. A journey brings its steps and its submit.
//!
//! Adding a question page to a journey: write the step (its answer type and parse in the
//! domain, its [`QuestionStep`] with view and check rows beside its page) and put it in the
//! journey's step list. Nothing else names it: its slug is spelled once, in the step.

pub mod case_review;
pub mod report;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::{NaiveDate, Utc};
use leptos::prelude::AnyView;

use crate::components::{FormState, SummaryRow};
use crate::domain::fields::FieldError;
use crate::domain::flow::{self, Form, PageState, PendingForm, Place, PostedForm};
use crate::domain::submission::{out_of_hours, OutOfHours};
use crate::domain::uk_time::uk_date;
use crate::pages::journey::{CheckPage, CheckSection, StepFrame};
use crate::pages::layout::{PageMeta, Service};
use crate::server::config::Config;
use crate::server::error::AppError;
use crate::server::security::{csrf_ok, csrf_token, CSRF_FIELD};
use crate::server::session::DraftSession;
use crate::server::storage::{self, DraftAnswers};
use crate::server::AppState;

/// One question page of a journey, over the journey's draft `D`.
pub trait QuestionStep<D>: Send + Sync {
    /// The page's address within its journey, e.g. `about-you` or `assessment/history`.
    fn slug(&self) -> &str;
    fn is_complete(&self, config: &Config, draft: &D) -> bool;
    /// The stored answer as the fields the page posts, so a page shown again is filled in.
    fn form_values(&self, config: &Config, draft: &D) -> Form;
    /// Parses the posted fields into the answer and stores it, or gives the field errors.
    fn save(
        &self,
        config: &Config,
        form: &PostedForm,
        draft: &mut D,
        today: NaiveDate,
    ) -> Result<(), Vec<FieldError>>;
    fn view(&self, config: &Config, draft: &D, frame: StepFrame) -> AnyView;
    /// The part of the journey it belongs to: the caption above its heading ("About the
    /// problem") and its section on "Check your answers". A caption, not "Step N of M": the
    /// number of pages changes with the answers, and GOV.UK advises against a counter whose
    /// total changes.
    fn section(&self) -> &'static str;
    /// Its rows on "Check your answers"; `change` is the page's Change link.
    fn check_rows(&self, config: &Config, draft: &D, change: &str) -> Vec<SummaryRow>;
    /// Whether a valid post keeps the person on this page: a repeatable group's "Add another"
    /// and "Remove" buttons save what is there and show the page again.
    fn stays(&self, _form: &PostedForm) -> bool {
        false
    }
}

pub type StepRef<D> = Arc<dyn QuestionStep<D>>;

/// A journey: its name, its steps and what its draft remembers of the journey itself.
pub trait Journey: Send + Sync + 'static {
    /// The answers; their `DraftAnswers::JOURNEY` is the journey's name and address.
    type Draft: DraftAnswers + Send + Sync + 'static;
    /// The heading (and title) of its "Check your answers" page.
    const CHECK_TITLE: &'static str;
    /// What the person sends, in "Now send your …": "report", "application".
    const SENDS: &'static str;
    /// The service its pages belong to, in their titles.
    const SERVICE: Service;

    /// The steps this person goes through, in order, given their answers so far.
    fn steps(config: &Config, draft: &Self::Draft) -> Vec<StepRef<Self::Draft>>;
    /// Every step the journey can have, to find one by its slug.
    fn all_steps(config: &Config) -> Vec<StepRef<Self::Draft>>;
    fn reached_check(draft: &Self::Draft) -> bool;
    fn set_reached_check(draft: &mut Self::Draft);
    fn pending(draft: &Self::Draft) -> Option<&PendingForm>;
    fn set_pending(draft: &mut Self::Draft, pending: Option<PendingForm>);
    /// After a valid answer: forget answers that an earlier page now makes unnecessary.
    fn after_answer(config: &Config, draft: &mut Self::Draft);
    /// Whether urgent help is shown on its pages (after a critical answer).
    fn urgent(config: &Config, draft: &Self::Draft) -> bool;
    /// Whom the journey's questions are about when it is not the person answering (a report
    /// made for someone else): urgent help then speaks of them.
    fn about(_draft: &Self::Draft) -> Option<String> {
        None
    }
}

/// The journey's name: its address (`/report`) and `drafts.journey`, spelled once, by its
/// draft type.
pub fn name<J: Journey>() -> &'static str {
    <J::Draft as DraftAnswers>::JOURNEY
}

/// The address of a step, or of "Check your answers".
pub fn path<J: Journey>(place: &Place) -> String {
    match place {
        Place::Page(slug) => format!("/{}/{slug}", name::<J>()),
        Place::Check => format!("/{}/check", name::<J>()),
    }
}

fn page_states<'a, J: Journey>(
    config: &Config,
    draft: &J::Draft,
    steps: &'a [StepRef<J::Draft>],
) -> Vec<PageState<'a>> {
    steps
        .iter()
        .map(|s| PageState {
            slug: s.slug(),
            complete: s.is_complete(config, draft),
        })
        .collect()
}

/// The first step still to answer, or "Check your answers".
pub fn first_open<J: Journey>(config: &Config, draft: &J::Draft) -> Place {
    let steps = J::steps(config, draft);
    flow::first_open(&page_states::<J>(config, draft, &steps))
}

/// Whether every step that applies is answered.
pub fn is_complete<J: Journey>(config: &Config, draft: &J::Draft) -> bool {
    first_open::<J>(config, draft) == Place::Check
}

/// The generic pages of a journey: its question steps and "Check your answers".
pub fn routes<J: Journey>() -> Router<AppState> {
    Router::new()
        .route(&format!("/{}/check", name::<J>()), get(check::<J>))
        .route(
            &format!("/{}/{{*slug}}", name::<J>()),
            get(show::<J>).post(save::<J>),
        )
}

type Page = Result<Response, AppError>;

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The person's draft while it can still be changed, or where they belong instead: the start
/// without a draft, the confirmation once it is submitted.
fn editable<J: Journey>(
    session: Option<DraftSession<J::Draft>>,
) -> Result<DraftSession<J::Draft>, Redirect> {
    match session {
        None => Err(Redirect::to(&format!("/{}", name::<J>()))),
        Some(s) if s.submitted_id.is_some() => {
            Err(Redirect::to(&format!("/{}/confirmation", name::<J>())))
        }
        Some(s) => Ok(s),
    }
}

fn find_step<J: Journey>(config: &Config, slug: &str) -> Result<StepRef<J::Draft>, AppError> {
    J::all_steps(config)
        .into_iter()
        .find(|s| s.slug() == slug)
        .ok_or(AppError::NotFound)
}

/// For a journey that is urgent now: while the triage team is not working, when they will
/// read it (by the server's clock, as the submit will see it).
fn out_of_hours_now(state: &AppState, urgent: bool) -> Option<OutOfHours> {
    let config = &state.config;
    out_of_hours(
        urgent,
        &config.triage_hours(),
        (state.clock)(),
        &config.bank_holidays,
        config.site.triage_hours.out_of_hours_phone.as_deref(),
    )
}

async fn show<J: Journey>(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: Option<DraftSession<J::Draft>>,
) -> Page {
    let step = find_step::<J>(&state.config, &slug)?;
    let session = match editable::<J>(session) {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let config = &state.config;
    let draft = &session.draft;
    let steps = J::steps(config, draft);
    let pages = page_states::<J>(config, draft, &steps);
    if !flow::may_visit(&pages, &slug) {
        return Ok(see_other(&path::<J>(&flow::first_open(&pages))));
    }
    let form = match J::pending(draft) {
        Some(pending) if pending.step == slug => FormState {
            values: pending.values.clone(),
            errors: pending.errors.clone(),
        },
        _ => FormState {
            values: step.form_values(config, draft),
            errors: Vec::new(),
        },
    };
    let back = match flow::back_from(&pages, &slug, J::reached_check(draft)) {
        Some(place) => path::<J>(&place),
        None => format!("/{}", name::<J>()),
    };
    let meta = PageMeta::new()
        .service(J::SERVICE)
        .back(back)
        .error(form.has_errors());
    let urgent = J::urgent(config, draft);
    let frame = StepFrame {
        form,
        section: step.section(),
        action: path::<J>(&Place::Page(slug.clone())),
        csrf: csrf_token(&session.id),
        urgent,
        about: J::about(draft),
        out_of_hours: out_of_hours_now(&state, urgent),
    };
    // The view is built inside the render, where its islands register themselves.
    let html = state
        .shell
        .page(&meta, || step.view(config, draft, frame))
        .await;
    Ok(Html(html).into_response())
}

async fn save<J: Journey>(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: Option<DraftSession<J::Draft>>,
    body: Bytes,
) -> Page {
    let step = find_step::<J>(&state.config, &slug)?;
    let mut pairs: Vec<(String, String)> =
        serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
    let mut session = session.ok_or(AppError::NoDraft)?;
    // The token is checked, then taken out: it is not an answer.
    let token = pairs
        .iter()
        .position(|(k, _)| k == CSRF_FIELD)
        .map(|i| pairs.remove(i).1);
    if !csrf_ok(&session.id, token.as_deref()) {
        return Err(AppError::FormFromElsewhere {
            back: path::<J>(&Place::Page(slug.clone())),
        });
    }
    let form = PostedForm::new(pairs);
    if session.submitted_id.is_some() {
        return Ok(see_other(&format!("/{}/confirmation", name::<J>())));
    }
    let config = &state.config;
    let draft = &mut session.draft;
    {
        let steps = J::steps(config, draft);
        let pages = page_states::<J>(config, draft, &steps);
        if !flow::may_visit(&pages, &slug) {
            return Ok(see_other(&path::<J>(&flow::first_open(&pages))));
        }
    }
    let next = match step.save(config, &form, draft, uk_date((state.clock)())) {
        Ok(()) => {
            J::set_pending(draft, None);
            J::after_answer(config, draft);
            if step.stays(&form) {
                Place::Page(slug.clone())
            } else {
                let steps = J::steps(config, draft);
                let pages = page_states::<J>(config, draft, &steps);
                flow::next_after(&pages, &slug, J::reached_check(draft))
            }
        }
        Err(errors) => {
            J::set_pending(
                draft,
                Some(PendingForm {
                    step: slug.clone(),
                    values: form.values(),
                    errors,
                }),
            );
            Place::Page(slug.clone())
        }
    };
    if storage::save_draft(&state.db, &session.id, draft, Utc::now()).await? {
        Ok(see_other(&path::<J>(&next)))
    } else {
        Ok(see_other(&format!("/{}/confirmation", name::<J>())))
    }
}

async fn check<J: Journey>(
    State(state): State<AppState>,
    session: Option<DraftSession<J::Draft>>,
) -> Page {
    let mut session = match editable::<J>(session) {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let config = &state.config;
    let open = first_open::<J>(config, &session.draft);
    if open != Place::Check {
        return Ok(see_other(&path::<J>(&open)));
    }
    if !J::reached_check(&session.draft) || J::pending(&session.draft).is_some() {
        J::set_reached_check(&mut session.draft);
        J::set_pending(&mut session.draft, None);
        if !storage::save_draft(&state.db, &session.id, &session.draft, Utc::now()).await? {
            return Ok(see_other(&format!("/{}/confirmation", name::<J>())));
        }
        session.version += 1;
    }
    let draft = &session.draft;
    let steps = J::steps(config, draft);
    let mut sections: Vec<CheckSection> = Vec::new();
    for step in &steps {
        let change = format!(
            "{}?change=1",
            path::<J>(&Place::Page(step.slug().to_string()))
        );
        let rows = step.check_rows(config, draft, &change);
        match sections.iter_mut().find(|s| s.title == step.section()) {
            Some(section) => section.rows.extend(rows),
            None => sections.push(CheckSection {
                title: step.section().to_string(),
                rows,
            }),
        }
    }
    let back = steps
        .last()
        .map(|s| path::<J>(&Place::Page(s.slug().to_string())))
        .unwrap_or_else(|| format!("/{}", name::<J>()));
    let page = CheckPage {
        title: J::CHECK_TITLE,
        sends: J::SENDS,
        sections,
        urgent: J::urgent(config, draft),
        about: J::about(draft),
        out_of_hours: out_of_hours_now(&state, J::urgent(config, draft)),
        action: format!("/{}/submit", name::<J>()),
        version: session.version,
        csrf: csrf_token(&session.id),
    };
    let meta = PageMeta::new().service(J::SERVICE).back(back);
    Ok(Html(state.shell.page(&meta, move || page.view()).await).into_response())
}
