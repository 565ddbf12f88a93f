//! The review queue and the review of one audit.

use super::{ApiResult, Body, all_pages, get, json, query_of, send, to_json};
use touchstone_shared::audit::{Audit, AuditEvent, AuditFilter, AuditSummary, ReviewInput};
use uuid::Uuid;

/// `GET /audits` with filters, every page (the filter's cursor and limit are ignored).
pub async fn audits(filter: &AuditFilter) -> ApiResult<Vec<AuditSummary>> {
    let filter = AuditFilter {
        cursor: None,
        limit: None,
        ..filter.clone()
    };
    all_pages(&format!("/audits{}", query_of(&filter))).await
}

/// `GET /audits/{id}/events`: the audit trail, oldest first.
pub async fn audit_events(id: Uuid) -> ApiResult<Vec<AuditEvent>> {
    get(&format!("/audits/{id}/events")).await
}

/// `POST /audits/{id}/review`: approve or return.
pub async fn review_audit(id: Uuid, input: &ReviewInput) -> ApiResult<Audit> {
    json(
        send(
            "POST",
            &format!("/audits/{id}/review"),
            Body::Json(to_json(input)?),
        )
        .await?,
    )
    .await
}
