//! The review queue and the review of one audit.

use super::{ApiResult, Body, all_pages, get, json, query, query_of, send, to_json};
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

/// [`audits`] scored within `range` (percent, each bound optional): the bounds go to the
/// server as `score_min` / `score_max`, and the rows are kept to them here as well, so the
/// list is right whether or not the server filters by score.
pub async fn audits_scored(
    filter: &AuditFilter,
    range: (Option<f64>, Option<f64>),
) -> ApiResult<Vec<AuditSummary>> {
    let (min, max) = range;
    if min.is_none() && max.is_none() {
        return audits(filter).await;
    }
    let filter = AuditFilter {
        cursor: None,
        limit: None,
        ..filter.clone()
    };
    let bounds = query(&[
        ("score_min", min.map(|v| v.to_string())),
        ("score_max", max.map(|v| v.to_string())),
    ]);
    let path = format!("/audits{}", query_of(&filter));
    let sep = if path.contains('?') { "&" } else { "?" };
    let path = format!("{path}{sep}{}", bounds.trim_start_matches('?'));
    let mut list: Vec<AuditSummary> = all_pages(&path).await?;
    list.retain(|a| {
        a.percent
            .is_some_and(|p| min.is_none_or(|m| p >= m) && max.is_none_or(|m| p <= m))
    });
    Ok(list)
}
