//! The one error type of the HTTP layer. A handler returns `Result<_, AppError>`; the error
//! becomes a GOV.UK-style error page with the right status. Unexpected errors are logged with
//! their cause chain (which never holds answers: storage and mail errors only) and shown as a
//! plain "sorry" page, never their text.
//!
//! Rendering needs the page shell, which lives in the app state, so `into_response` only marks
//! the response with an [`ErrorPage`] and [`render_error_pages`] (a middleware with the state)
//! fills in the page. Every error page of the portal is drawn in one place.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use crate::pages::info;
use crate::pages::layout::{PageMeta, STAFF_SERVICE};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    /// A form was posted without a draft: it expired, was exited, or cookies are off.
    #[error("no draft for this browser")]
    NoDraft,
    /// The stored draft could not be read (e.g. a format no longer understood). It has been
    /// forgotten; the person starts again instead of meeting an error on every page.
    #[error("the stored draft could not be read")]
    DraftUnreadable,
    /// The body is not a form we can read.
    #[error("the form could not be read")]
    BadForm,
    /// A form posted without this draft's CSRF token: from another site, or a page so old its
    /// token is not this draft's. Nothing is saved; `back` is the page to try again from.
    #[error("a form without this draft's token")]
    FormFromElsewhere { back: String },
    /// A member of staff asked for a change their role does not allow (the page offered
    /// them no such button). Nothing is changed.
    #[error("not permitted for this role")]
    NotPermitted,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Where a refused form's page sends the person back to (its step, or Check your answers).
#[derive(Debug, Clone)]
pub struct TryAgainFrom(pub String);

/// Which error page a response needs; set by `AppError`, drawn by [`render_error_pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    NoDraft,
    DraftUnreadable,
    BadForm,
    FormFromElsewhere,
    /// More posts from one client than `[limits] posts_per_minute` (`server::limits`).
    TooManyPosts,
    /// The request took longer than `site.request_timeout_seconds` and was abandoned.
    TimedOut,
    /// The body was over `BODY_LIMIT`: refused before it was read.
    TooLarge,
    NotPermitted,
    Unexpected,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            AppError::NoDraft => (StatusCode::BAD_REQUEST, ErrorPage::NoDraft),
            AppError::DraftUnreadable => (StatusCode::OK, ErrorPage::DraftUnreadable),
            AppError::BadForm => (StatusCode::BAD_REQUEST, ErrorPage::BadForm),
            AppError::NotPermitted => (StatusCode::FORBIDDEN, ErrorPage::NotPermitted),
            AppError::FormFromElsewhere { back } => {
                let mut response = StatusCode::FORBIDDEN.into_response();
                response
                    .extensions_mut()
                    .insert(ErrorPage::FormFromElsewhere);
                response.extensions_mut().insert(TryAgainFrom(back.clone()));
                return response;
            }
            AppError::Unexpected(error) => {
                // `{:#}` prints the whole cause chain on one line.
                tracing::error!(error = format!("{error:#}"), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Unexpected)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Unexpected(error.into())
    }
}

/// An error page's words in the staff area, where nobody has answers to keep and the danger
/// lines are not theirs; `None` where the residents' words serve.
fn staff_wording(page: ErrorPage) -> Option<(&'static str, Vec<&'static str>)> {
    let words = match page {
        ErrorPage::NotFound => (
            "Page not found",
            vec!["If you typed the web address, check it is correct."],
        ),
        ErrorPage::BadForm => (
            "Sorry, we could not read that form",
            vec![
                "Your browser sent something we could not read, so nothing was changed. Go back \
                  and try again.",
            ],
        ),
        ErrorPage::FormFromElsewhere => (
            "Sorry, we could not save that",
            vec![
                "The form you sent was not one we gave you just now: it may have been open for \
                  a long time, or come from another website. Nothing was changed.",
            ],
        ),
        ErrorPage::TooManyPosts => (
            "Sorry, there have been too many attempts",
            vec![
                "Too many forms were sent from your connection in the last minute. Wait a \
                  minute, then try again.",
            ],
        ),
        ErrorPage::TimedOut => (
            "Sorry, that took too long",
            vec![
                "The service is busy. Check the case to see whether your change was saved \
                  before you try again.",
            ],
        ),
        ErrorPage::TooLarge => (
            "Sorry, that was too large to send",
            vec![
                "What you sent was longer than the portal accepts, so nothing was saved. Go \
                  back, shorten it and try again.",
            ],
        ),
        ErrorPage::NotPermitted => (
            "You cannot do that",
            vec![
                "Your role does not allow it, so nothing was changed. Ask a triage officer or \
                  your administrator if it needs doing.",
            ],
        ),
        ErrorPage::Unexpected => (
            "Sorry, there is a problem with the service",
            vec![
                "Try again later. If a case cannot wait, follow your team's procedure for when \
                  the portal is not working.",
            ],
        ),
        ErrorPage::NoDraft | ErrorPage::DraftUnreadable => return None,
    };
    Some(words)
}

/// Draws the error page that an [`AppError`] asked for.
pub async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // The staff area's pages say what its errors mean for staff, and lead back to the cases.
    let for_staff = request.uri().path().starts_with("/staff");
    let response = next.run(request).await;
    // The timeout layer (408) and the body limit (413) answer on their own, without an
    // AppError.
    let refused_by_a_layer = match response.status() {
        StatusCode::REQUEST_TIMEOUT => Some(ErrorPage::TimedOut),
        StatusCode::PAYLOAD_TOO_LARGE => Some(ErrorPage::TooLarge),
        _ => None,
    };
    let Some(page) = response
        .extensions()
        .get::<ErrorPage>()
        .copied()
        .or(refused_by_a_layer)
    else {
        return response;
    };
    let status = response.status();
    let try_again = response
        .extensions()
        .get::<TryAgainFrom>()
        .map(|t| t.0.clone());
    let (title, paragraphs, start_again): (&str, Vec<String>, bool) = match page {
        ErrorPage::NotFound => (
            "Page not found",
            vec!["If you typed the web address, check it is correct.".into()],
            true,
        ),
        ErrorPage::NoDraft => (
            "Your answers could not be found",
            vec![
                "This can happen if you waited a long time, used \u{2018}Exit this page\u{2019}, \
                 or your browser does not accept cookies from this site."
                    .into(),
                "Nothing has been sent. Please start again.".into(),
            ],
            true,
        ),
        ErrorPage::DraftUnreadable => (
            "Sorry, we could not open your answers",
            vec![
                "We changed the service since you started, and the answers you gave could not \
                 be opened. They have been deleted."
                    .into(),
                "Nothing has been sent. Please start again.".into(),
                "If you are in danger now, call 999.".into(),
            ],
            true,
        ),
        ErrorPage::BadForm => (
            "There is a problem with your answers",
            vec!["Your browser sent something we could not read. Go back and try again.".into()],
            false,
        ),
        ErrorPage::FormFromElsewhere => (
            "Sorry, we could not save that page",
            vec![
                "The page you sent was not one we gave you just now: it may have been open for a \
                 long time, or come from another website. Nothing on it was saved or sent."
                    .into(),
                "The answers you saved before are kept.".into(),
            ],
            false,
        ),
        ErrorPage::TooManyPosts => (
            "Sorry, there have been too many attempts",
            vec![
                "Too many pages were sent from your connection in the last minute. Wait a \
                 minute, then go back and try again: the answers you saved are kept."
                    .into(),
                "If you are in danger now, call 999.".into(),
            ],
            false,
        ),
        ErrorPage::TimedOut => (
            "Sorry, that took too long",
            vec![
                "The service is busy. Go back and try again: the answers you saved on earlier \
                 pages have been kept."
                    .into(),
                "If you are in danger now, call 999.".into(),
            ],
            false,
        ),
        ErrorPage::TooLarge => (
            "Sorry, that page was too large to send",
            vec![
                "What was sent was longer than this service accepts, so none of it was saved. \
                 Go back, shorten your longest answers and try again: the answers you saved on \
                 earlier pages have been kept."
                    .into(),
                "If you are in danger now, call 999.".into(),
            ],
            false,
        ),
        // Only staff have roles: their words are in `staff_wording`.
        ErrorPage::NotPermitted => (
            "You cannot do that",
            vec!["Nothing was changed.".into()],
            false,
        ),
        ErrorPage::Unexpected => (
            "Sorry, there is a problem with the service",
            vec![
                "Try again later. Your answers have been kept.".into(),
                "If you are in danger now, call 999.".into(),
            ],
            false,
        ),
    };
    let start_again: info::Onward = start_again.then_some(("/report", "Start a new report"));
    let (title, paragraphs, onward, meta) = match staff_wording(page).filter(|_| for_staff) {
        Some((title, paragraphs)) => (
            title,
            paragraphs.into_iter().map(String::from).collect(),
            Some(("/staff", "Go to your cases")),
            PageMeta::new().service(STAFF_SERVICE),
        ),
        None => (title, paragraphs, start_again, PageMeta::new()),
    };
    let html = state
        .shell
        .page(&meta, move || {
            info::problem(title, paragraphs, onward, try_again)
        })
        .await;
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let mut page = (status, Html(html)).into_response();
    for (name, value) in parts.headers.iter() {
        // Keep what the handler set, such as a cookie removal; the page sets its own type.
        if name != axum::http::header::CONTENT_TYPE {
            page.headers_mut().append(name, value.clone());
        }
    }
    page
}
