//! The comment library: reviewers keep their organisation's reusable review comments.

use crate::auth::Caller;
use crate::db::{self, from_ms, now_ms};
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::review_comment::{ReviewComment, ReviewCommentInput};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// The organisation's comments (reviewers).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<ReviewComment>> {
    caller.require(Role::STAFF)?;
    db::review_comments::list(state.db.pool(), caller.org_id).await
}

/// Adds a comment (reviewers).
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: ReviewCommentInput,
) -> Result<ReviewComment> {
    caller.require(Role::STAFF)?;
    input.validate()?;
    let (id, now) = (Uuid::now_v7(), now_ms());
    db::review_comments::insert(state.db.pool(), caller.org_id, id, &input, now).await?;
    Ok(stored(id, input, now))
}

/// Changes a comment (reviewers).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: ReviewCommentInput,
) -> Result<ReviewComment> {
    caller.require(Role::STAFF)?;
    input.validate()?;
    let now = now_ms();
    if !db::review_comments::update(state.db.pool(), caller.org_id, id, &input, now).await? {
        return Err(Error::NotFound("review comment"));
    }
    Ok(stored(id, input, now))
}

/// Deletes a comment (reviewers).
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> Result<()> {
    caller.require(Role::STAFF)?;
    if !db::review_comments::delete(state.db.pool(), caller.org_id, id).await? {
        return Err(Error::NotFound("review comment"));
    }
    Ok(())
}

fn stored(id: Uuid, input: ReviewCommentInput, now: i64) -> ReviewComment {
    ReviewComment {
        id,
        title: input.title.trim().to_owned(),
        body: input.body.trim().to_owned(),
        updated_at: from_ms(now),
    }
}
