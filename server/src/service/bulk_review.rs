//! Approving or returning many audits at once: each as it was listed, or skipped and
//! reported.

use crate::auth::Caller;
use crate::db::{self, to_ms};
use crate::error::Result;
use crate::service::audits::decide;
use crate::state::AppState;
use touchstone_shared::audit::{AuditStatus, ReviewInput};
use touchstone_shared::bulk_review::{
    BulkReviewInput, BulkReviewOutcome, ListedAudit, SkippedAudit,
};
use touchstone_shared::score_range;
use touchstone_shared::user::Role;

/// Decides every listed audit that is still submitted, unchanged since it was listed and
/// scoring in the given range, each in its own transaction; every other one is reported with
/// the reason, never overwritten.
pub async fn review(
    state: &AppState,
    caller: &Caller,
    input: BulkReviewInput,
) -> Result<BulkReviewOutcome> {
    caller.require(Role::STAFF)?;
    input.validate()?;
    let decision = ReviewInput {
        decision: input.decision,
        comment: input.comment.trim().to_owned(),
        item_comments: Vec::new(),
    };
    let mut outcome = BulkReviewOutcome {
        reviewed: Vec::new(),
        skipped: Vec::new(),
    };
    let range = (input.score_min, input.score_max);
    for listed in &input.audits {
        match review_one(state, caller, listed, range, &decision).await {
            Ok(None) => outcome.reviewed.push(listed.id),
            Ok(Some(reason)) => outcome.skipped.push(SkippedAudit {
                id: listed.id,
                reason: reason.into(),
            }),
            Err(e) => {
                tracing::warn!(audit = %listed.id, error = %e, "bulk review of one audit failed");
                outcome.skipped.push(SkippedAudit {
                    id: listed.id,
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok(outcome)
}

/// Decides one audit; why it was skipped, if it was.
async fn review_one(
    state: &AppState,
    caller: &Caller,
    listed: &ListedAudit,
    (score_min, score_max): (Option<f64>, Option<f64>),
    decision: &ReviewInput,
) -> Result<Option<&'static str>> {
    let Some(record) = db::audits::find(state.db.pool(), caller.org_id, listed.id).await? else {
        return Ok(Some("not found"));
    };
    if record.status != AuditStatus::Submitted {
        return Ok(Some("no longer waiting for review"));
    }
    if record.updated_at != to_ms(listed.updated_at) {
        return Ok(Some("changed since it was listed"));
    }
    if !score_range::contains(score_min, score_max, record.score.total.percent()) {
        return Ok(Some("score outside the selected range"));
    }
    Ok(
        match decide(state, caller, record, decision.clone()).await? {
            Some(_) => None,
            None => Some("changed since it was listed"),
        },
    )
}
