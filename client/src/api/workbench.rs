//! The reviewer's workbench: edits of submitted audits, bulk review, the comment library,
//! shareable links and scheduled reports.

use super::{ApiResult, Body, get, json, send, to_json};
use touchstone_shared::audit::Audit;
use touchstone_shared::audit_edit::{AuditEdit, AuditEditInput};
use touchstone_shared::bulk_review::{BulkReviewInput, BulkReviewOutcome};
use touchstone_shared::report_schedule::{ReportSchedule, ReportScheduleInput, ScheduledReport};
use touchstone_shared::review_comment::{ReviewComment, ReviewCommentInput};
use touchstone_shared::share_link::{ShareLink, ShareLinkCreated, ShareLinkInput};
use uuid::Uuid;

/// `GET /audits/{id}/edits`: the reviewers' edits, oldest first.
pub async fn audit_edits(id: Uuid) -> ApiResult<Vec<AuditEdit>> {
    get(&format!("/audits/{id}/edits")).await
}

/// `POST /audits/{id}/edits`: corrects a submitted audit (409 when it changed meanwhile).
pub async fn edit_audit(id: Uuid, input: &AuditEditInput) -> ApiResult<Audit> {
    let body = Body::Json(to_json(input)?);
    json(send("POST", &format!("/audits/{id}/edits"), body).await?).await
}

/// `POST /audits/bulk-review`: approves or returns the audits as listed.
pub async fn bulk_review(input: &BulkReviewInput) -> ApiResult<BulkReviewOutcome> {
    let body = Body::Json(to_json(input)?);
    json(send("POST", "/audits/bulk-review", body).await?).await
}

/// `GET /review-comments`: the comment library, by title.
pub async fn review_comments() -> ApiResult<Vec<ReviewComment>> {
    get("/review-comments").await
}

/// `POST /review-comments` (no id) or `PUT /review-comments/{id}`.
pub async fn save_review_comment(
    id: Option<Uuid>,
    input: &ReviewCommentInput,
) -> ApiResult<ReviewComment> {
    let body = Body::Json(to_json(input)?);
    let response = match id {
        Some(id) => send("PUT", &format!("/review-comments/{id}"), body).await?,
        None => send("POST", "/review-comments", body).await?,
    };
    json(response).await
}

/// `DELETE /review-comments/{id}`.
pub async fn delete_review_comment(id: Uuid) -> ApiResult<()> {
    send("DELETE", &format!("/review-comments/{id}"), Body::None).await?;
    Ok(())
}

/// `GET /share-links`: the organisation's links, newest first.
pub async fn share_links() -> ApiResult<Vec<ShareLink>> {
    get("/share-links").await
}

/// `POST /share-links`: a new link; its path (with the secret) is in this answer only.
pub async fn create_share_link(input: &ShareLinkInput) -> ApiResult<ShareLinkCreated> {
    let body = Body::Json(to_json(input)?);
    json(send("POST", "/share-links", body).await?).await
}

/// `DELETE /share-links/{id}`: revokes a link.
pub async fn revoke_share_link(id: Uuid) -> ApiResult<()> {
    send("DELETE", &format!("/share-links/{id}"), Body::None).await?;
    Ok(())
}

/// `GET /report-schedules`.
pub async fn report_schedules() -> ApiResult<Vec<ReportSchedule>> {
    get("/report-schedules").await
}

/// `POST /report-schedules`.
pub async fn create_report_schedule(input: &ReportScheduleInput) -> ApiResult<ReportSchedule> {
    let body = Body::Json(to_json(input)?);
    json(send("POST", "/report-schedules", body).await?).await
}

/// `DELETE /report-schedules/{id}` (the reports it made stay).
pub async fn delete_report_schedule(id: Uuid) -> ApiResult<()> {
    send("DELETE", &format!("/report-schedules/{id}"), Body::None).await?;
    Ok(())
}

/// `POST /report-schedules/{id}/run`: makes last month's report now.
pub async fn run_report_schedule(id: Uuid) -> ApiResult<ScheduledReport> {
    let path = format!("/report-schedules/{id}/run");
    json(send("POST", &path, Body::None).await?).await
}

/// `GET /scheduled-reports`: the reports schedules made, newest first.
pub async fn scheduled_reports() -> ApiResult<Vec<ScheduledReport>> {
    get("/scheduled-reports").await
}

/// `GET /audits/{id}/original`: the audit as its auditor last submitted it.
pub async fn original_audit(id: Uuid) -> ApiResult<Audit> {
    get(&format!("/audits/{id}/original")).await
}
