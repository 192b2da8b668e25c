//! Per-client rate limits on the public forms: each client (its IP address, as the connection
//! shows it) may post `[limits] posts_per_minute` forms a minute, in a burst of as many; more
//! are answered "Sorry, there have been too many attempts" (429, with `Retry-After`) and change
//! nothing. Pages and static files are never limited: reading costs little, and a frightened
//! person must always be able to find the phone numbers.
//!
//! The count is kept by `governor` (a keyed GCRA limiter) in this process. Behind a load
//! balancer every client would share its address: limit there instead, or give the portal the
//! client's address (not built: `X-Forwarded-For` can be forged when not set by a proxy).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::server::error::ErrorPage;

/// Clients remembered before the idle ones are forgotten, so a flood of addresses cannot grow
/// the table without end.
const REMEMBERED_CLIENTS: usize = 100_000;

#[derive(Clone)]
pub struct PostLimits {
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
}

impl PostLimits {
    /// `posts_per_minute`: 0 turns the limit off.
    pub fn new(posts_per_minute: u32) -> PostLimits {
        PostLimits {
            limiter: NonZeroU32::new(posts_per_minute)
                .map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))),
        }
    }
}

pub async fn limit_posts(
    State(limits): State<PostLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (Some(limiter), true) = (&limits.limiter, request.method() == Method::POST) else {
        return next.run(request).await;
    };
    let Some(client) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return next.run(request).await;
    };
    if limiter.len() > REMEMBERED_CLIENTS {
        limiter.retain_recent();
    }
    if limiter.check_key(&client).is_ok() {
        return next.run(request).await;
    }
    tracing::warn!("a client was refused for posting too often");
    let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response.extensions_mut().insert(ErrorPage::TooManyPosts);
    response
}
