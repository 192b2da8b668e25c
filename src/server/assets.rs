//! Static files: fingerprinted links and how long browsers keep them. The document links its
//! stylesheet and script with a hash of their contents (`?v=…`, worked out once at start-up),
//! so a browser may keep a fingerprinted file for a year without asking again: a new release's
//! file has a new address. A link without a fingerprint (an older page, a module's own import
//! before the build added one) is revalidated on every use.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const FINGERPRINTED: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// `path` (under the site's root) with a fingerprint of the file's contents, or `path` alone
/// when the file is not there (a portal started before the site was built).
pub fn fingerprinted(site_root: &str, path: &str) -> String {
    use sha2::{Digest, Sha256};
    match std::fs::read(format!("{site_root}{path}")) {
        Ok(bytes) => {
            let digest = Sha256::digest(&bytes);
            let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            format!("{path}?v={hash}")
        }
        Err(_) => path.to_string(),
    }
}

/// How long a static file may be kept, from its request's query.
pub fn cache_control(query: Option<&str>) -> &'static str {
    let fingerprinted = query.is_some_and(|q| q.split('&').any(|pair| pair.starts_with("v=")));
    if fingerprinted {
        FINGERPRINTED
    } else {
        REVALIDATE
    }
}

/// Sets the cache lifetime of a static file that was found.
pub async fn cache_static_files(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().query());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_the_contents_hash() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap();
        std::fs::create_dir_all(format!("{root}/pkg")).unwrap();
        std::fs::write(format!("{root}/pkg/site.css"), "body { margin: 0 }").unwrap();
        let first = fingerprinted(root, "/pkg/site.css");
        assert!(first.starts_with("/pkg/site.css?v="), "{first}");
        assert_eq!(first.len(), "/pkg/site.css?v=".len() + 12);
        assert_eq!(
            fingerprinted(root, "/pkg/site.css"),
            first,
            "the same contents, the same address"
        );
        std::fs::write(format!("{root}/pkg/site.css"), "body { margin: 1px }").unwrap();
        assert_ne!(
            fingerprinted(root, "/pkg/site.css"),
            first,
            "new contents, a new address"
        );
        assert_eq!(fingerprinted(root, "/pkg/missing.css"), "/pkg/missing.css");
    }

    #[test]
    fn only_a_fingerprinted_address_is_kept_for_a_year() {
        for (query, policy) in [
            (Some("v=3fa2c1"), FINGERPRINTED),
            (Some("x=1&v=3fa2c1"), FINGERPRINTED),
            (Some("version=2"), REVALIDATE),
            (None, REVALIDATE),
        ] {
            assert_eq!(cache_control(query), policy, "{query:?}");
        }
    }
}
