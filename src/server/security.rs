//! The security headers every response carries: a Content-Security-Policy with a nonce drawn
//! for each response, a Permissions-Policy, and Strict-Transport-Security when the portal is
//! served over https.
//!
//! The policy allows scripts and styles from the portal itself only, and an inline script
//! only with this response's nonce (`csp_nonce`, for the islands' loader when a page has an
//! island). Pages never carry inline styles. Forms post only to the portal, and no other site
//! may frame it (clickjacking a frightened person's report).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;

tokio::task_local! {
    /// The nonce of the response being built, for the script tags the document renders.
    static CSP_NONCE: String;
}

/// This response's nonce, while a page is rendered for it (none outside a request, or for a
/// page rendered once and kept).
pub fn csp_nonce() -> Option<String> {
    CSP_NONCE
        .try_with(Clone::clone)
        .ok()
        .filter(|nonce| !nonce.is_empty())
}

/// Renders a page that is kept and sent to everyone: it carries no response's nonce (a nonce
/// sent twice would be no secret), so it may have no inline script.
pub async fn for_every_response<F: std::future::Future>(render: F) -> F::Output {
    CSP_NONCE.scope(String::new(), render).await
}

/// The hidden field that carries a form's CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// The CSRF token of the forms of a draft: a hash of the id in the person's cookie, so another
/// site, which can make the browser post but cannot read the cookie or the page, cannot write
/// it. (A different hash from `storage::draft_key`: the stored key is not the token.) This is
/// on top of the `SameSite` draft cookie.
pub fn csrf_token(draft_id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("asb-portal csrf {draft_id}").as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// Whether a posted token is this draft's, compared in constant time.
pub fn csrf_ok(draft_id: &str, posted: Option<&str>) -> bool {
    let expected = csrf_token(draft_id);
    let Some(posted) = posted else {
        return false;
    };
    posted.len() == expected.len()
        && posted
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// What varies by deployment: HSTS only when the public address is https.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    pub https: bool,
}

impl SecurityHeaders {
    pub fn for_base_url(base_url: &str) -> SecurityHeaders {
        SecurityHeaders {
            https: base_url.starts_with("https://"),
        }
    }
}

/// The policy for a response with this nonce.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    )
}

/// Nothing the portal needs from the device: no camera, microphone, location or payment.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/// A year, and every subdomain: the council's own policy can only add to it.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

pub async fn security_headers(
    State(settings): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    // The thread's CSPRNG (seeded from the operating system): no system call per response.
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let nonce = bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let mut response = CSP_NONCE.scope(nonce.clone(), next.run(request)).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if settings.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}
