//! Saving, reading and reviewing audits.

use crate::auth::Caller;
use crate::db::{self, Visibility, now_ms};
use crate::error::{Error, Result};
use crate::service::proof_of_visit;
use crate::state::AppState;
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus, ReviewDecision, ReviewInput};
use touchstone_shared::error::optional_text;
use touchstone_shared::scoring::score_audit;
use touchstone_shared::user::Role;
use uuid::Uuid;

use db::audits::AuditRecord;

/// What a PUT did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// A new audit.
    Created,
    /// An existing audit changed, or the same state was sent again.
    Updated,
}

/// Saves the auditor's full state of an audit (`PUT /audits/{id}`). Sending the same body
/// again changes nothing; changing a submitted or approved audit is a conflict.
pub async fn put(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
    input: AuditInput,
) -> Result<(Saved, Audit)> {
    caller.require(&[Role::Auditor])?;
    let pool = state.db.pool();
    let org = Visibility::organisation(caller.org_id);
    let assignment = db::assignments::get(pool, &caller.visibility(), input.assignment_id)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::invalid("assignment_id", "is not one of your assignments"),
            other => other,
        })?;
    // The location does not depend on the checklist: both are read at once.
    let ((checklist, journey), location) = tokio::try_join!(
        async {
            let checklist =
                db::checklists::get_version(pool, &org, assignment.checklist_version_id).await?;
            let journey = db::journeys::get(pool, &org, checklist.journey_id).await?;
            Ok::<_, Error>((checklist, journey))
        },
        db::locations::get(pool, &org, assignment.location_id)
    )?;
    input.validate(&checklist.version.content)?;
    let score = score_audit(&checklist.version.content, &journey, &input.answers);
    // Proof of visit is judged at submission, on the photos as uploaded by then.
    let flags = if input.status == AuditStatus::Submitted {
        Some(
            proof_of_visit::flags(
                state,
                caller.org_id,
                audit_id,
                &input,
                &location,
                &assignment,
                &checklist.version.content,
            )
            .await?,
        )
    } else {
        None
    };
    let photos: Vec<String> = proof_of_visit::photos_of(&input)
        .into_iter()
        .map(|(sha, _)| sha)
        .collect();

    // Three attempts: a concurrent writer of the same audit (a retried upload racing the
    // original) makes the first fail, and the next then sees what it wrote.
    for _ in 0..3 {
        let now = now_ms();
        let mut tx = state.db.begin().await?;
        // Most PUTs create the audit: try that first (one statement), and read the stored
        // audit only when there is one.
        let record = AuditRecord {
            id: audit_id,
            org_id: caller.org_id,
            client_id: assignment.client_id,
            location_id: assignment.location_id,
            region: location.region.clone(),
            assignment_id: assignment.id,
            auditor_id: caller.user_id,
            checklist_version_id: assignment.checklist_version_id,
            status: input.status,
            input: input.clone(),
            score: score.clone(),
            review: None,
            submitted_at: (input.status == AuditStatus::Submitted).then_some(now),
            approved_at: None,
            created_at: now,
            updated_at: now,
            flags: flags.clone().unwrap_or_default(),
        };
        if db::audits::insert_new(&mut tx, &record).await? {
            if !photos.is_empty() {
                db::photos::set_audit_photos(&mut tx, caller.org_id, audit_id, &photos).await?;
            }
            db::audits::insert_event(
                &mut *tx,
                audit_id,
                caller.user_id,
                None,
                input.status,
                "",
                now,
            )
            .await?;
            tx.commit().await?;
            return Ok((Saved::Created, record.to_audit()));
        }
        let existing = db::audits::find(&mut *tx, caller.org_id, audit_id).await?;
        let (saved, record) = match existing {
            // Not ours to read: the assignment has another audit, or the id is taken.
            None => {
                drop(tx);
                match db::audits::id_for_assignment(pool, assignment.id).await? {
                    Some(other) if other != audit_id => {
                        return Err(Error::Conflict(format!(
                            "the assignment already has audit {other}"
                        )));
                    }
                    _ => continue,
                }
            }
            Some(current) => {
                if current.auditor_id != caller.user_id {
                    return Err(Error::NotFound("audit"));
                }
                if current.assignment_id != input.assignment_id {
                    return Err(Error::Conflict(
                        "the audit belongs to another assignment".into(),
                    ));
                }
                match next_state(&current, &input)? {
                    None => (Saved::Updated, current),
                    Some(status) => {
                        let record = AuditRecord {
                            status,
                            input: input.clone(),
                            score: score.clone(),
                            submitted_at: if status == AuditStatus::Submitted {
                                Some(now)
                            } else {
                                current.submitted_at
                            },
                            updated_at: now.max(current.updated_at + 1),
                            // A draft save keeps the flags of the last submission for review.
                            flags: match (&flags, status) {
                                (Some(f), AuditStatus::Submitted) => f.clone(),
                                _ => current.flags.clone(),
                            },
                            ..current.clone()
                        };
                        if !db::audits::update(&mut tx, &record, current.updated_at).await? {
                            continue;
                        }
                        let before: Vec<String> = proof_of_visit::photos_of(&current.input)
                            .into_iter()
                            .map(|(sha, _)| sha)
                            .collect();
                        if before != photos {
                            db::photos::set_audit_photos(&mut tx, caller.org_id, audit_id, &photos)
                                .await?;
                        }
                        if status != current.status {
                            db::audits::insert_event(
                                &mut *tx,
                                audit_id,
                                caller.user_id,
                                Some(current.status),
                                status,
                                "",
                                now,
                            )
                            .await?;
                        }
                        (Saved::Updated, record)
                    }
                }
            }
        };
        tx.commit().await?;
        return Ok((saved, record.to_audit()));
    }
    Err(Error::Conflict(
        "the audit is being changed by another request; retry".into(),
    ))
}

/// The status an auditor's PUT moves an existing audit to; `None` when nothing changes.
fn next_state(current: &AuditRecord, input: &AuditInput) -> Result<Option<AuditStatus>> {
    let same_body = {
        let mut stored = current.input.clone();
        stored.status = input.status;
        stored == *input
    };
    match (current.status, input.status) {
        (AuditStatus::Submitted | AuditStatus::Approved, AuditStatus::Submitted) if same_body => {
            Ok(None)
        }
        (AuditStatus::Submitted | AuditStatus::Approved, _) => Err(Error::Conflict(format!(
            "the audit is {} and can no longer be changed",
            current.status.as_str()
        ))),
        (AuditStatus::Draft, AuditStatus::Draft) if same_body => Ok(None),
        // A returned audit stays returned while the auditor saves corrections.
        (AuditStatus::Returned, AuditStatus::Draft) if same_body => Ok(None),
        (AuditStatus::Returned, AuditStatus::Draft) => Ok(Some(AuditStatus::Returned)),
        (_, status) => Ok(Some(status)),
    }
}

/// Whether the caller may see the audit: staff all, auditors their own, managers the
/// approved audits of their clients.
async fn visible(state: &AppState, caller: &Caller, record: &AuditRecord) -> Result<bool> {
    Ok(match caller.role {
        Role::Admin | Role::Consultant => true,
        Role::Auditor => record.auditor_id == caller.user_id,
        Role::Manager => {
            record.status == AuditStatus::Approved
                && db::users::client_ids(state.db.pool(), caller.user_id)
                    .await?
                    .contains(&record.client_id)
        }
    })
}

/// One audit, if the caller may see it.
pub async fn get(state: &AppState, caller: &Caller, audit_id: Uuid) -> Result<Audit> {
    let record = db::audits::find(state.db.pool(), caller.org_id, audit_id)
        .await?
        .ok_or(Error::NotFound("audit"))?;
    if !visible(state, caller, &record).await? {
        return Err(Error::NotFound("audit"));
    }
    Ok(if is_reviewer(caller) {
        record.to_audit_with_flags()
    } else {
        record.to_audit()
    })
}

/// Approves a submitted audit (it then counts in scorecards) or returns it to the auditor.
/// Of two reviewers deciding at once, one wins and the other gets a conflict.
pub async fn review(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
    input: ReviewInput,
) -> Result<Audit> {
    caller.require_staff()?;
    optional_text("comment", &input.comment, 4000)?;
    let record = db::audits::find(state.db.pool(), caller.org_id, audit_id)
        .await?
        .ok_or(Error::NotFound("audit"))?;
    let org = Visibility::organisation(caller.org_id);
    let checklist =
        db::checklists::get_version(state.db.pool(), &org, record.checklist_version_id).await?;
    for (i, c) in input.item_comments.iter().enumerate() {
        if checklist.version.content.item(c.item_id).is_none() {
            return Err(Error::invalid(
                format!("item_comments[{i}].item_id"),
                "is not an item of the audit's checklist",
            ));
        }
        optional_text(&format!("item_comments[{i}].comment"), &c.comment, 4000)?;
    }
    if record.status != AuditStatus::Submitted {
        return Err(Error::Conflict(format!(
            "only submitted audits can be reviewed; this one is {}",
            record.status.as_str()
        )));
    }
    let to = match input.decision {
        ReviewDecision::Approve => AuditStatus::Approved,
        ReviewDecision::Return => AuditStatus::Returned,
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !db::audits::transition(
        &mut *tx,
        audit_id,
        AuditStatus::Submitted,
        to,
        Some(&input),
        now,
    )
    .await?
    {
        return Err(Error::Conflict(
            "the audit was reviewed by somebody else first".into(),
        ));
    }
    if to == AuditStatus::Approved {
        db::audits::insert_score_rows(&mut tx, &record).await?;
        let target = db::rollups::lock_target(&mut tx, record.client_id).await?;
        db::rollups::add_audit(&mut tx, &record, target).await?;
    }
    db::audits::insert_event(
        &mut *tx,
        audit_id,
        caller.user_id,
        Some(record.status),
        to,
        &input.comment,
        now,
    )
    .await?;
    tx.commit().await?;
    let updated = AuditRecord {
        status: to,
        review: Some(input),
        approved_at: (to == AuditStatus::Approved).then_some(now),
        updated_at: now,
        ..record
    };
    Ok(updated.to_audit_with_flags())
}

/// Whether the caller reviews audits and so sees their proof-of-visit flags.
fn is_reviewer(caller: &Caller) -> bool {
    matches!(caller.role, Role::Admin | Role::Consultant)
}
