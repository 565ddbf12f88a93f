//! Sign-in throttling, after OWASP's advice on brute force: attempts are counted per
//! account + address pair (so guesses from elsewhere never lock the real user out), with
//! waits that double past the free attempts instead of a hard lock; a device that signed in
//! to the account before has a count of its own (so a correct password from it gets through
//! whatever others guess); and an address is limited as a whole only for accounts that do
//! not exist (so a shared NAT is not locked out by one of its users).
//!
//! A shared link's password is guarded alike ([`shared_link`]): per link + address pair,
//! and per link as a whole.
//!
//! Each attempt is reserved in the database before the password is verified, in one
//! statement ([`db::throttle::reserve`]): parallel guesses and several server instances
//! count alike.

use crate::auth::secret_hash;
use crate::db::{self, throttle::Policy};
use crate::error::{Error, Result};
use crate::state::AppState;
use std::net::IpAddr;
use uuid::Uuid;

/// The wait after the free attempts; it doubles with each further failure.
const FIRST_DELAY_MS: i64 = 30 * 1000;
/// The longest wait, and how long a quiet subject is remembered.
const MAX_DELAY_MS: i64 = 15 * 60 * 1000;
/// An address may fail this many times more than a pair, for accounts that do not exist.
const ADDRESS_FACTOR: i64 = 5;

/// What an attempt is counted against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    key: String,
    policy: Policy,
}

fn policy(free: i64) -> Policy {
    Policy {
        free: free.max(1),
        first_delay_ms: FIRST_DELAY_MS,
        max_delay_ms: MAX_DELAY_MS,
        forget_after_ms: MAX_DELAY_MS,
    }
}

/// The subject of an attempt at `account` (None: no such account) from `ip`, with the
/// request's device cookie: the device when it signed in to the account before, else the
/// account + address pair; for an unknown account, the address (nothing without one).
pub async fn subject(
    state: &AppState,
    account: Option<Uuid>,
    ip: Option<IpAddr>,
    device: Option<&str>,
) -> Result<Option<Subject>> {
    let limit = state.config.login_attempts;
    let address = ip.map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    let Some(user_id) = account else {
        return Ok(ip.map(|_| Subject {
            key: format!("address:{address}"),
            policy: policy(limit * ADDRESS_FACTOR),
        }));
    };
    if let Some(device) = device {
        let hash = secret_hash(device);
        if db::throttle::is_known_device(state.db.pool(), &hash, user_id).await? {
            return Ok(Some(Subject {
                key: format!("device:{hash}"),
                policy: policy(limit),
            }));
        }
    }
    Ok(Some(Subject {
        key: format!("pair:{user_id}|{address}"),
        policy: policy(limit),
    }))
}

/// The subjects a guess at a shared link's password counts against, both reserved before
/// the password is verified: the link + address pair, like an account's; and the link as a
/// whole, with [`ADDRESS_FACTOR`] times a pair's allowance, so guesses spread over many
/// addresses are held back too.
pub fn shared_link(state: &AppState, link_id: Uuid, ip: Option<IpAddr>) -> [Subject; 2] {
    let limit = state.config.login_attempts;
    let address = ip.map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    [
        Subject {
            key: format!("share-pair:{link_id}|{address}"),
            policy: policy(limit),
        },
        Subject {
            key: format!("share:{link_id}"),
            policy: policy(limit * ADDRESS_FACTOR),
        },
    ]
}

/// Counts an attempt against `subject`, or refuses it with 429 and how long to wait.
pub async fn reserve(state: &AppState, subject: &Subject, now: i64) -> Result<()> {
    match db::throttle::reserve(state.db.pool(), &subject.key, subject.policy, now).await? {
        None => Ok(()),
        Some(wait_ms) => Err(Error::RateLimited(
            u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1),
        )),
    }
}

/// Forgets the attempts of `subject` after a successful sign-in.
pub async fn forget(state: &AppState, subject: &Subject, now: i64) -> Result<()> {
    db::throttle::forget(state.db.pool(), &subject.key, now - MAX_DELAY_MS).await
}
