//! Approving or returning many audits at once: each as it was listed, or skipped and
//! reported.

use crate::auth::Caller;
use crate::db::{self, to_ms};
use crate::error::Result;
use crate::service::audits::decide_many;
use crate::state::AppState;
use std::collections::{HashMap, HashSet};
use touchstone_shared::audit::{AuditStatus, ReviewInput};
use touchstone_shared::bulk_review::{
    BulkReviewInput, BulkReviewOutcome, ListedAudit, SkippedAudit,
};
use touchstone_shared::score_range;
use touchstone_shared::user::Role;

/// Audits decided per transaction: each batch is read with one statement and decided
/// set-wise (see [`decide_many`]), so a list of 1,000 takes five transactions, not 1,000.
const BATCH: usize = 200;

/// Why a listed audit changed under the reviewer.
const CHANGED: &str = "changed since it was listed";

/// Decides every listed audit that is still submitted, unchanged since it was listed and
/// scoring in the given range, in batches of [`BATCH`] (a transaction each); every other one
/// is reported with the reason, never overwritten. A batch that fails is reported whole.
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
    for batch in input.audits.chunks(BATCH) {
        for (listed, skipped) in review_batch(state, caller, batch, range, &decision).await {
            match skipped {
                None => outcome.reviewed.push(listed.id),
                Some(reason) => outcome.skipped.push(SkippedAudit {
                    id: listed.id,
                    reason,
                }),
            }
        }
    }
    Ok(outcome)
}

/// Decides one batch; each listed audit with why it was skipped, if it was (all of them,
/// with the error, when the batch failed).
async fn review_batch<'a>(
    state: &AppState,
    caller: &Caller,
    batch: &'a [ListedAudit],
    (score_min, score_max): (Option<f64>, Option<f64>),
    decision: &ReviewInput,
) -> Vec<(&'a ListedAudit, Option<String>)> {
    let ids: Vec<_> = batch.iter().map(|l| l.id).collect();
    let mut found: HashMap<_, _> =
        match db::audits::find_many(state.db.pool(), caller.org_id, &ids).await {
            Ok(found) => found.into_iter().map(|r| (r.id, r)).collect(),
            Err(e) => {
                tracing::warn!(audits = batch.len(), error = ?e, "bulk review of a batch failed");
                return batch.iter().map(|l| (l, Some(e.to_string()))).collect();
            }
        };
    let mut ready = Vec::new();
    let mut reasons: HashMap<_, String> = HashMap::new();
    for listed in batch {
        let reason = match found.remove(&listed.id) {
            None => "not found",
            Some(r) if r.status != AuditStatus::Submitted => "no longer waiting for review",
            Some(r) if r.updated_at != to_ms(listed.updated_at) => CHANGED,
            Some(r) if !score_range::contains(score_min, score_max, r.score.total.percent()) => {
                "score outside the selected range"
            }
            Some(r) => {
                ready.push(r);
                continue;
            }
        };
        reasons.insert(listed.id, reason.to_owned());
    }
    let tried: Vec<_> = ready.iter().map(|r| r.id).collect();
    match decide_many(state, caller, ready, decision.clone()).await {
        Ok(decided) => {
            let decided: HashSet<_> = decided.iter().map(|r| r.id).collect();
            for id in tried.into_iter().filter(|id| !decided.contains(id)) {
                reasons.insert(id, CHANGED.to_owned());
            }
        }
        Err(e) => {
            tracing::warn!(audits = tried.len(), error = ?e, "bulk review of a batch failed");
            for id in tried {
                reasons.insert(id, e.to_string());
            }
        }
    }
    batch
        .iter()
        .map(|listed| (listed, reasons.remove(&listed.id)))
        .collect()
}
