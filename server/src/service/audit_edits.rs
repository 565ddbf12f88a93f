//! Reviewers' corrections of submitted audits (QA edits), their trail, and the submission
//! as the auditor sent it.

use crate::auth::Caller;
use crate::db::{self, Visibility, now_ms, to_ms};
use crate::error::{Error, Result};
use crate::service::audits::{find_visible, wire};
use crate::state::AppState;
use db::audits::AuditRecord;
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::audit_edit::{AuditEdit, AuditEditInput, changes};
use touchstone_shared::scoring::score_audit;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Corrects a submitted audit's answers and notes: checked like a submission, re-scored by
/// the shared engine, the changed fields kept in the trail with the reason. Proof-of-visit
/// evidence is refused (422 naming the field); an edit of a version older than the stored
/// one is a conflict.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
    input: AuditEditInput,
) -> Result<Audit> {
    caller.require(Role::STAFF)?;
    let pool = state.db.pool();
    let record = db::audits::find(pool, caller.org_id, audit_id)
        .await?
        .ok_or(Error::NotFound("audit"))?;
    if record.status != AuditStatus::Submitted {
        return Err(Error::Conflict(format!(
            "only submitted audits can be edited; this one is {}",
            record.status.as_str()
        )));
    }
    if to_ms(input.updated_at) != record.updated_at {
        return Err(stale());
    }
    input.validate(&record.input)?;
    let mut after = input.apply(&record.input);
    let org = Visibility::organisation(caller.org_id);
    let checklist = db::checklists::get_version(pool, &org, record.checklist_version_id).await?;
    let journey = db::journeys::get(pool, &org, checklist.journey_id).await?;
    let content = &checklist.version.content;
    after.validate(content)?;
    after.keep_asked(content);
    let changed = changes(&record.input, &after);
    if changed.is_empty() {
        return Err(Error::invalid("answers", "the edit changes nothing"));
    }
    let now = now_ms();
    let score = score_audit(content, &journey, &after.answers);
    let edited = AuditRecord {
        input: after,
        score,
        updated_at: now.max(record.updated_at + 1),
        ..record.clone()
    };
    let mut tx = state.db.begin().await?;
    if !db::audits::update(&mut tx, &edited, record.updated_at).await? {
        return Err(stale());
    }
    let entry = db::audit_edits::NewEdit {
        audit_id,
        actor_id: caller.user_id,
        at: now,
        reason: input.reason.trim(),
        changes: &changed,
        submitted_at: record.submitted_at.unwrap_or(record.created_at),
        before: &record.input,
        before_score: &record.score,
        after_score: &edited.score,
    };
    db::audit_edits::insert(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(edited.to_audit_with_flags())
}

fn stale() -> Error {
    Error::Conflict("the audit changed since you read it; reload it and edit again".into())
}

/// An audit's edits, oldest first: for reviewers and the audit's auditor (managers see only
/// the released audit).
pub async fn list(state: &AppState, caller: &Caller, audit_id: Uuid) -> Result<Vec<AuditEdit>> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let record = find_visible(state, caller, audit_id).await?;
    db::audit_edits::list(state.db.pool(), record.id).await
}

/// The audit as its auditor last submitted it, before any reviewer's edit: for reviewers and
/// the audit's auditor.
pub async fn original(state: &AppState, caller: &Caller, audit_id: Uuid) -> Result<Audit> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let record = find_visible(state, caller, audit_id).await?;
    let submitted_at = record.submitted_at.unwrap_or(record.created_at);
    let Some((input, score)) =
        db::audit_edits::original(state.db.pool(), record.id, submitted_at).await?
    else {
        return Ok(wire(caller, &record));
    };
    Ok(wire(
        caller,
        &AuditRecord {
            input,
            score,
            ..record
        },
    ))
}
