//! The notification centre, unsubscribing and the admins' delivery log.

use crate::auth::Caller;
use crate::db::{self, notifications};
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::notification::{Notification, OutboxMessage, UnreadCount};
use touchstone_shared::user::{Role, USER_ADMINS};
use uuid::Uuid;

/// The caller's newest notifications before `before` (every role has a centre).
pub async fn list(
    state: &AppState,
    caller: &Caller,
    before: Option<Uuid>,
    limit: Option<u32>,
) -> Result<(Vec<Notification>, Option<String>)> {
    caller.require(&Role::ALL)?;
    let limit = db::page_limit(limit);
    let before = before.map(|b| b.to_string()).unwrap_or_default();
    let items = notifications::list(state.db.pool(), caller.user_id, &before, limit + 1).await?;
    Ok(db::paginate(items, limit, |n| n.id.to_string()))
}

/// How many of the caller's notifications are unread.
pub async fn unread(state: &AppState, caller: &Caller) -> Result<UnreadCount> {
    caller.require(&Role::ALL)?;
    let n = notifications::unread(state.db.pool(), caller.user_id).await?;
    Ok(UnreadCount {
        unread: u64::try_from(n).unwrap_or_default(),
    })
}

/// Marks one of the caller's notifications read, or all of them with `None`.
pub async fn mark_read(state: &AppState, caller: &Caller, id: Option<Uuid>) -> Result<()> {
    caller.require(&Role::ALL)?;
    let mut tx = state.db.begin().await?;
    if !notifications::mark_read(&mut *tx, caller.user_id, id).await? {
        return Err(Error::NotFound("notification"));
    }
    tx.commit().await?;
    Ok(())
}

/// The user and kind a signed unsubscribe token names; 422 for any other token.
fn check_token(state: &AppState, token: &str) -> Result<(Uuid, String)> {
    state.notifier.links.check(token).ok_or_else(|| {
        Error::invalid(
            "token",
            "this unsubscribe link is not valid (copied incompletely?)",
        )
    })
}

/// The kind a signed unsubscribe token names (changing nothing).
pub fn unsubscribe_kind(state: &AppState, token: &str) -> Result<String> {
    check_token(state, token).map(|(_, kind)| kind)
}

/// Stops the e-mails a signed unsubscribe token names; returns the kind.
pub async fn unsubscribe(state: &AppState, token: &str) -> Result<String> {
    let (user_id, kind) = check_token(state, token)?;
    let mut tx = state.db.begin().await?;
    notifications::opt_out(&mut *tx, user_id, &kind).await?;
    tx.commit().await?;
    Ok(kind)
}

/// Statuses the delivery log filters by.
const STATUSES: [&str; 3] = ["pending", "delivered", "failed"];

/// The organisation's newest outbox messages with every attempt (admins).
pub async fn outbox(
    state: &AppState,
    caller: &Caller,
    status: Option<&str>,
    limit: Option<u32>,
) -> Result<Vec<OutboxMessage>> {
    caller.require(USER_ADMINS)?;
    let status = status.unwrap_or_default();
    if !status.is_empty() && !STATUSES.contains(&status) {
        return Err(Error::invalid(
            "status",
            "must be pending, delivered or failed",
        ));
    }
    let mut conn = state.db.pool().acquire().await?;
    db::outbox::list(&mut conn, caller.org_id, status, db::page_limit(limit)).await
}
