//! The organisation's comment library.

use super::{from_ms, parse_id};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::review_comment::{ReviewComment, ReviewCommentInput};
use uuid::Uuid;

#[derive(FromRow)]
struct Row {
    id: String,
    title: String,
    body: String,
    updated_at: i64,
}

impl TryFrom<Row> for ReviewComment {
    type Error = crate::error::Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(ReviewComment {
            id: parse_id(&r.id)?,
            title: r.title,
            body: r.body,
            updated_at: from_ms(r.updated_at),
        })
    }
}

/// The organisation's comments by title.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<ReviewComment>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, title, body, updated_at FROM review_comments WHERE org_id = $1 \
         ORDER BY title, id",
    )
    .bind(org_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(ReviewComment::try_from).collect()
}

/// Adds a comment.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    input: &ReviewCommentInput,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO review_comments (id, org_id, title, body, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id.to_string())
    .bind(org_id.to_string())
    .bind(input.title.trim())
    .bind(input.body.trim())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Changes a comment of the organisation; false when it has none with the id.
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    input: &ReviewCommentInput,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE review_comments SET title = $3, body = $4, updated_at = $5 \
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .bind(input.title.trim())
    .bind(input.body.trim())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a comment of the organisation; false when it has none with the id.
pub async fn delete<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<bool> {
    super::delete_of_org(ex, "review_comments", org_id, id).await
}
