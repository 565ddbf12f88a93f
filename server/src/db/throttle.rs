//! Sign-in throttling and the devices that signed in before, in the database so that every
//! server instance sees the same counts.

use crate::error::Result;
use sqlx::AnyPool;
use uuid::Uuid;

/// How attempts of one subject are held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Attempts allowed without waiting.
    pub free: i64,
    /// The wait after the last free attempt, in milliseconds; it doubles with each further
    /// failure.
    pub first_delay_ms: i64,
    /// The longest wait, in milliseconds.
    pub max_delay_ms: i64,
    /// A subject quiet for this long starts afresh, in milliseconds (at least the longest
    /// wait).
    pub forget_after_ms: i64,
}

/// The wait after an attempt, from the row's attempts and wait before it (`$4` free
/// attempts, `$5` first wait, `$6` longest wait).
macro_rules! next_delay {
    () => {
        "CASE WHEN login_throttle.attempts + 1 < $4 THEN 0 \
         WHEN login_throttle.delay_ms = 0 THEN $5 \
         WHEN login_throttle.delay_ms * 2 > $6 THEN $6 \
         ELSE login_throttle.delay_ms * 2 END"
    };
}

/// Counts an attempt and sets the wait before the next, unless the subject must still wait:
/// one statement, so of parallel attempts only as many as allowed get through.
///
/// Without a wait `next_at` is 0, not the attempt's time: of two parallel attempts whose
/// clocks read a millisecond apart, the earlier must not wait for the later.
const RESERVE: &str = concat!(
    "INSERT INTO login_throttle (subject, attempts, delay_ms, next_at, seen_at) \
     VALUES ($1, 1, $2, CASE WHEN $2 = 0 THEN 0 ELSE $3 + $2 END, $3) \
     ON CONFLICT (subject) DO UPDATE SET attempts = login_throttle.attempts + 1, delay_ms = ",
    next_delay!(),
    ", next_at = CASE WHEN ",
    next_delay!(),
    " = 0 THEN 0 ELSE $3 + ",
    next_delay!(),
    " END, seen_at = $3 WHERE login_throttle.next_at <= $3 RETURNING attempts"
);

/// Reserves an attempt for `subject` at `now` (Unix milliseconds) before the password is
/// verified. `None` when reserved; otherwise how many milliseconds the subject must wait.
pub async fn reserve(
    pool: &AnyPool,
    subject: &str,
    policy: Policy,
    now: i64,
) -> Result<Option<i64>> {
    sqlx::query(
        "UPDATE login_throttle SET attempts = 0, delay_ms = 0 \
         WHERE subject = $1 AND seen_at < $2",
    )
    .bind(subject)
    .bind(now - policy.forget_after_ms)
    .execute(pool)
    .await?;
    let first = if policy.free > 1 {
        0
    } else {
        policy.first_delay_ms
    };
    let reserved: Option<i64> = sqlx::query_scalar(RESERVE)
        .bind(subject)
        .bind(first)
        .bind(now)
        .bind(policy.free)
        .bind(policy.first_delay_ms)
        .bind(policy.max_delay_ms)
        .fetch_optional(pool)
        .await?;
    if reserved.is_some() {
        return Ok(None);
    }
    let next_at: Option<i64> =
        sqlx::query_scalar("SELECT next_at FROM login_throttle WHERE subject = $1")
            .bind(subject)
            .fetch_optional(pool)
            .await?;
    Ok(Some(next_at.map_or(0, |at| at - now).max(1)))
}

/// Forgets a subject's attempts after a successful sign-in, and everybody's quiet ones.
pub async fn forget(pool: &AnyPool, subject: &str, quiet_before: i64) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE subject = $1 OR seen_at < $2")
        .bind(subject)
        .bind(quiet_before)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whether the device (the hash of its cookie) signed in as `user_id` before.
pub async fn is_known_device(pool: &AnyPool, id_hash: &str, user_id: Uuid) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_devices WHERE id_hash = $1 AND user_id = $2",
    )
    .bind(id_hash)
    .bind(user_id.to_string())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Remembers (or refreshes) a device that signed in as `user_id`.
pub async fn remember_device(pool: &AnyPool, id_hash: &str, user_id: Uuid, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_devices (id_hash, user_id, created_at, seen_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (id_hash) DO UPDATE SET seen_at = $3",
    )
    .bind(id_hash)
    .bind(user_id.to_string())
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
