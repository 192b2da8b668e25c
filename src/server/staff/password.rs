//! Staff passwords, stored as argon2id hashes (the argon2 crate's recommended parameters:
//! 19 MiB, two passes). Hashing is slow on purpose, so it runs off the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The PHC string (`$argon2id$v=19$…`) of a new password.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("could not hash a password: {e}"))
    })
    .await?
}

/// Whether `password` matches the stored hash. With no account (or no password set yet) it
/// checks against a hash of nothing anyone knows, so an unknown email takes as long to refuse
/// as a wrong password and the timing does not tell which accounts exist.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let result = tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| UNKNOWN_ACCOUNT.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await;
    result.unwrap_or(false)
}

/// A hash with the same parameters as a real one, of a random password never kept.
static UNKNOWN_ACCOUNT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use rand::RngCore;
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(&secret, &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_matches_only_its_own_hash() {
        let stored = hash("correct horse battery staple".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse battery staple".into(), Some(stored.clone())).await);
        assert!(!verify("correct horse battery stable".into(), Some(stored)).await);
        assert!(!verify("".into(), None).await);
        assert!(!verify("anything".into(), Some("not a hash".into())).await);
    }
}
