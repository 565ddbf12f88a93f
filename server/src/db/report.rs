//! What client reports need beyond the scorecard: approved audits with photos, for the photo
//! evidence section.

use super::{from_json, parse_id};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::audit::AuditInput;
use touchstone_shared::scoring::AuditScore;
use uuid::Uuid;

/// An approved audit that uses photos.
#[derive(Debug, Clone)]
pub struct PhotoAudit {
    /// Id.
    pub id: Uuid,
    /// Checklist version answered.
    pub checklist_version_id: Uuid,
    /// The location's code.
    pub location_code: String,
    /// Check-in, ms.
    pub check_in_at: i64,
    /// The auditor's answers and notes.
    pub input: AuditInput,
    /// Its score.
    pub score: AuditScore,
}

#[derive(FromRow)]
struct Row {
    id: String,
    checklist_version_id: String,
    location_code: String,
    check_in_at: i64,
    body: String,
    score: String,
}

/// Up to `limit` approved audits of a client checked in within `[from_ms, to_ms)` that use
/// photos, lowest score first (audits without a score last).
pub async fn photo_audits<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
    from_ms: i64,
    to_ms: i64,
    limit: i64,
) -> Result<Vec<PhotoAudit>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.checklist_version_id, l.code AS location_code, a.check_in_at, a.body, \
         a.score FROM audits a JOIN locations l ON l.id = a.location_id \
         WHERE a.org_id = $1 AND a.client_id = $2 AND a.status = 'approved' \
         AND a.check_in_at >= $3 AND a.check_in_at < $4 \
         AND EXISTS (SELECT 1 FROM audit_photos p WHERE p.audit_id = a.id) \
         ORDER BY COALESCE(a.percent, 1000.0), a.id LIMIT $5",
    )
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .bind(from_ms)
    .bind(to_ms)
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PhotoAudit {
                id: parse_id(&r.id)?,
                checklist_version_id: parse_id(&r.checklist_version_id)?,
                location_code: r.location_code,
                check_in_at: r.check_in_at,
                input: from_json(&r.body)?,
                score: from_json(&r.score)?,
            })
        })
        .collect()
}
