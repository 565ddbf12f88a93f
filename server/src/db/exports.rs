//! Audits for exports, a page at a time in id order (keyset pagination), so an export of any
//! size holds one page in memory.

use super::{from_json, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::audit::{AuditInput, AuditStatus};
use touchstone_shared::scoring::AuditScore;
use touchstone_shared::verify::Flag;
use uuid::Uuid;

/// Which audits an export covers.
#[derive(Debug, Clone)]
pub struct ExportFilter {
    /// Organisation.
    pub org_id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Check-in (or, without one, creation) at or after, ms.
    pub from_ms: i64,
    /// Check-in (or creation) before, ms.
    pub to_ms: i64,
    /// Only audits in this status; all when absent.
    pub status: Option<AuditStatus>,
    /// Whether rows carry the proof-of-visit flags (reviewers only).
    pub with_flags: bool,
    /// The organisation's zone, which the rows' times are written in.
    pub time_zone: chrono_tz::Tz,
}

/// One audit with what its rows need.
#[derive(Debug, Clone)]
pub struct ExportAudit {
    /// Id.
    pub id: Uuid,
    /// Status.
    pub status: AuditStatus,
    /// The location's code.
    pub location_code: String,
    /// The location's name.
    pub location_name: String,
    /// The auditor's name.
    pub auditor: String,
    /// Checklist version answered.
    pub checklist_version_id: Uuid,
    /// Check-in, ms.
    pub check_in_at: Option<i64>,
    /// The auditor's answers.
    pub input: AuditInput,
    /// Its score.
    pub score: AuditScore,
    /// Proof-of-visit flags of the last submission (empty unless the filter asks for them).
    pub flags: Vec<Flag>,
}

#[derive(FromRow)]
struct Row {
    id: String,
    status: String,
    location_code: String,
    location_name: String,
    auditor: String,
    checklist_version_id: String,
    check_in_at: Option<i64>,
    body: String,
    score: String,
    flags: String,
}

/// Up to `limit` audits after `after` (an audit id; `""` to start) in id order.
pub async fn page<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &ExportFilter,
    after: &str,
    limit: i64,
) -> Result<Vec<ExportAudit>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.status, l.code AS location_code, l.name AS location_name, u.name AS auditor, \
         a.checklist_version_id, a.check_in_at, a.body, a.score, a.flags \
         FROM audits a JOIN locations l ON l.id = a.location_id JOIN users u ON u.id = a.auditor_id \
         WHERE a.org_id = $1 AND a.client_id = $2 AND ($3 = '' OR a.status = $3) \
         AND COALESCE(a.check_in_at, a.created_at) >= $4 AND COALESCE(a.check_in_at, a.created_at) < $5 \
         AND a.id > $6 ORDER BY a.id LIMIT $7",
    )
    .bind(f.org_id.to_string())
    .bind(f.client_id.to_string())
    .bind(f.status.map_or("", AuditStatus::as_str))
    .bind(f.from_ms)
    .bind(f.to_ms)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ExportAudit {
                id: parse_id(&r.id)?,
                status: AuditStatus::parse(&r.status)
                    .ok_or_else(|| Error::internal(format!("stored status `{}`", r.status)))?,
                location_code: r.location_code,
                location_name: r.location_name,
                auditor: r.auditor,
                checklist_version_id: parse_id(&r.checklist_version_id)?,
                check_in_at: r.check_in_at,
                input: from_json(&r.body)?,
                score: from_json(&r.score)?,
                flags: if f.with_flags {
                    from_json(&r.flags)?
                } else {
                    Vec::new()
                },
            })
        })
        .collect()
}
