//! Reviewers' edits of submitted audits: the trail of field changes, and the state before
//! each edit (which keeps the auditor's submission retrievable).

use super::{from_json, from_ms, parse_id, to_json};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::audit::AuditInput;
use touchstone_shared::audit_edit::{AuditEdit, FieldChange};
use touchstone_shared::scoring::AuditScore;
use uuid::Uuid;

/// An edit to record.
pub struct NewEdit<'a> {
    /// The audit.
    pub audit_id: Uuid,
    /// The reviewer.
    pub actor_id: Uuid,
    /// When, ms.
    pub at: i64,
    /// Why.
    pub reason: &'a str,
    /// The fields changed.
    pub changes: &'a [FieldChange],
    /// The audit's submission time the edit applies to, ms.
    pub submitted_at: i64,
    /// The audit's state before the edit.
    pub before: &'a AuditInput,
    /// Its score before the edit.
    pub before_score: &'a AuditScore,
    /// The score after the edit.
    pub after_score: &'a AuditScore,
}

/// Records an edit.
pub async fn insert<'e>(ex: impl Executor<'e, Database = Any>, edit: &NewEdit<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_edits (id, audit_id, actor_id, at, reason, changes, submitted_at, \
         before_body, before_score, percent_before, percent_after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(edit.audit_id.to_string())
    .bind(edit.actor_id.to_string())
    .bind(edit.at)
    .bind(edit.reason)
    .bind(to_json(&edit.changes)?)
    .bind(edit.submitted_at)
    .bind(to_json(edit.before)?)
    .bind(to_json(edit.before_score)?)
    .bind(edit.before_score.total.percent())
    .bind(edit.after_score.total.percent())
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct EditRow {
    id: String,
    at: i64,
    actor_id: String,
    actor_name: String,
    reason: String,
    changes: String,
    percent_before: Option<f64>,
    percent_after: Option<f64>,
}

/// An audit's edits, oldest first.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    audit_id: Uuid,
) -> Result<Vec<AuditEdit>> {
    let rows: Vec<EditRow> = sqlx::query_as(
        "SELECT e.id, e.at, e.actor_id, u.name AS actor_name, e.reason, e.changes, \
         e.percent_before, e.percent_after FROM audit_edits e JOIN users u ON u.id = e.actor_id \
         WHERE e.audit_id = $1 ORDER BY e.at, e.id",
    )
    .bind(audit_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AuditEdit {
                id: parse_id(&r.id)?,
                at: from_ms(r.at),
                actor_id: parse_id(&r.actor_id)?,
                actor_name: r.actor_name,
                reason: r.reason,
                changes: from_json(&r.changes)?,
                percent_before: r.percent_before,
                percent_after: r.percent_after,
            })
        })
        .collect()
}

#[derive(FromRow)]
struct BeforeRow {
    before_body: String,
    before_score: String,
}

/// The audit as submitted at `submitted_at`, before the first edit of that submission;
/// `None` when it was not edited.
pub async fn original<'e>(
    ex: impl Executor<'e, Database = Any>,
    audit_id: Uuid,
    submitted_at: i64,
) -> Result<Option<(AuditInput, AuditScore)>> {
    let row: Option<BeforeRow> = sqlx::query_as(
        "SELECT before_body, before_score FROM audit_edits WHERE audit_id = $1 \
         AND submitted_at = $2 ORDER BY at, id LIMIT 1",
    )
    .bind(audit_id.to_string())
    .bind(submitted_at)
    .fetch_optional(ex)
    .await?;
    row.map(|r| Ok((from_json(&r.before_body)?, from_json(&r.before_score)?)))
        .transpose()
}
