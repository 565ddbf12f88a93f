//! Password hashing with argon2id, off the async runtime (a hash takes tens of milliseconds).

use crate::error::{Error, Result};

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(Error::internal)
}

/// Whether `password` matches `hash`. Without a stored hash it still spends the time of a
/// verification, so response times do not tell which accounts exist.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => password_auth::verify_password(password, &hash).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, &DUMMY_HASH);
            false
        }
    })
    .await
    .map_err(Error::internal)
}

/// A hash with the same parameters as real ones, verified against when the account does not
/// exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("no account has this password"));
