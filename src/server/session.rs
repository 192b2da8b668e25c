//! The draft session: the person's answers in progress, found through the opaque id in their
//! `asb_draft` cookie. Handlers take `DraftSession` (a draft is required) or
//! `Option<DraftSession>` as an extractor and never read the cookie themselves.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;

use super::error::AppError;
use super::storage::{self, DraftAnswers, FoundDraft};
use super::AppState;
use crate::domain::report::Draft;

pub const DRAFT_COOKIE: &str = "asb_draft";

/// A draft found through the person's cookie: the answers of journey `D`.
pub struct DraftSession<D = Draft> {
    pub id: String,
    pub draft: D,
    /// What the final submit created: the draft is final.
    pub submitted_id: Option<i64>,
    /// The stored version: it goes up with every save.
    pub version: i64,
}

impl<D> DraftSession<D> {
    /// The draft id in the cookie, if it is one of ours (32 hex digits); anything else is
    /// treated as no draft and never reaches a query.
    pub fn id_in(jar: &CookieJar) -> Option<String> {
        let id = jar.get(DRAFT_COOKIE)?.value();
        (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_string())
    }
}

impl<D: DraftAnswers + Send> OptionalFromRequestParts<AppState> for DraftSession<D> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        let Some(id) = DraftSession::<D>::id_in(&CookieJar::from_headers(&parts.headers)) else {
            return Ok(None);
        };
        match storage::load_draft::<D>(&state.db, &id).await? {
            None => Ok(None),
            Some(FoundDraft::Readable(stored)) => Ok(Some(DraftSession {
                id,
                draft: stored.draft,
                submitted_id: stored.submitted_id,
                version: stored.version,
            })),
            Some(FoundDraft::Unreadable) => {
                // Forgotten rather than failing on every page. Logged by the id's first
                // characters only: the answers could quote the person, and the whole id
                // would let a log reader open the draft.
                tracing::warn!(
                    draft = &id[..8],
                    "a stored draft could not be read and has been deleted"
                );
                storage::delete_draft(&state.db, &id).await?;
                Err(AppError::DraftUnreadable)
            }
        }
    }
}

impl<D: DraftAnswers + Send> FromRequestParts<AppState> for DraftSession<D> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        <Self as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await?
            .ok_or(AppError::NoDraft)
    }
}
