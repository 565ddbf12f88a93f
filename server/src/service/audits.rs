//! Saving, reading and reviewing audits.

use crate::auth::Caller;
use crate::db::{self, Visibility, now_ms};
use crate::error::{Error, Result, ResultExt};
use crate::notify::events;
use crate::service::{pay, proof_of_visit};
use crate::state::AppState;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use touchstone_shared::answer_types::private_photos;
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{
    Audit, AuditFilter, AuditInput, AuditStatus, AuditSummary, ReviewDecision, ReviewInput,
};
use touchstone_shared::error::{MAX_TEXT_CHARS, optional_text};
use touchstone_shared::score_range;
use touchstone_shared::scoring::{AuditScore, score_audit};
use touchstone_shared::transition::{self, Save};
use touchstone_shared::user::Role;
use touchstone_shared::verify::Flag;
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
    mut input: AuditInput,
) -> Result<(Saved, Audit)> {
    caller.require(&[Role::Auditor])?;
    let context = load_context(state, caller, audit_id, &mut input).await?;
    // Three attempts: a concurrent writer of the same audit (a retried upload racing the
    // original) makes the first fail, and the next then sees what it wrote.
    for _ in 0..3 {
        if let Some(saved) = try_save(state, caller, audit_id, &input, &context).await? {
            if input.status == AuditStatus::Submitted {
                let (org, assignment) = (caller.org_id, input.assignment_id);
                pay::receipt_from_audit(state, org, assignment, &input.answers).await?;
            }
            return Ok(saved);
        }
    }
    Err(Error::Conflict(
        "the audit is being changed by another request; retry".into(),
    ))
}

/// What a save needs besides the body: the assignment and its location's region, the score
/// and, at submission, the proof-of-visit flags; the photos the body refers to.
struct Context {
    assignment: Assignment,
    region: String,
    score: AuditScore,
    flags: Option<Vec<Flag>>,
    photos: Vec<String>,
    /// The photos kept from managers (signatures the checklist does not show them).
    private: Vec<String>,
}

async fn load_context(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
    input: &mut AuditInput,
) -> Result<Context> {
    // The assignment, its checklist version, journey and location in one read.
    let db::assignments::SaveContext {
        assignment,
        checklist,
        journey,
        location,
    } = db::assignments::get_for_save(state.db.pool(), &caller.visibility(), input.assignment_id)
        .await
        .not_found_as("assignment_id", "is not one of your assignments")?;
    let content = &checklist.version.content;
    input.validate(content)?;
    input.keep_asked(content);
    let input = &*input;
    let score = score_audit(content, &journey, &input.answers);
    // Proof of visit is judged at submission, on the photos as uploaded by then.
    let flags = if input.status == AuditStatus::Submitted {
        let (org_id, place) = (caller.org_id, &location);
        let flags =
            proof_of_visit::flags(state, org_id, audit_id, input, place, &assignment, content);
        Some(flags.await?)
    } else {
        None
    };
    let cited = proof_of_visit::photos_of(input);
    check_photo_owners(state, caller, &cited).await?;
    Ok(Context {
        assignment,
        region: location.region,
        score,
        flags,
        photos: cited.into_iter().map(|(sha, _)| sha).collect(),
        private: private_photos(content, &input.answers),
    })
}

fn photo_hashes(input: &AuditInput) -> Vec<String> {
    proof_of_visit::photos_of(input)
        .into_iter()
        .map(|(sha, _)| sha)
        .collect()
}

/// An audit may cite only photos its auditor uploaded (photos not uploaded yet are checked
/// when they are: a submission needs all of them stored). Otherwise naming a colleague's
/// sha256 would show their photo, with its GPS, through one's own audit.
async fn check_photo_owners(
    state: &AppState,
    caller: &Caller,
    cited: &[(String, String)],
) -> Result<()> {
    let shas: Vec<String> = cited.iter().map(|(sha, _)| sha.clone()).collect();
    let foreign =
        db::photos::uploaded_by_others(state.db.pool(), caller.org_id, caller.user_id, &shas)
            .await?;
    match cited.iter().find(|(sha, _)| foreign.contains(sha)) {
        Some((_, field)) => Err(Error::invalid(
            field.clone(),
            "is a photo somebody else uploaded; an audit may use only your own photos",
        )),
        None => Ok(()),
    }
}

/// One attempt: create the audit, or else update the stored one; `None` when a concurrent
/// writer got in between and the caller should try again.
async fn try_save(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
    input: &AuditInput,
    context: &Context,
) -> Result<Option<(Saved, Audit)>> {
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    // Most PUTs create the audit: try that first (one statement), and read the stored audit
    // only when there is one.
    let record = new_record(caller, audit_id, input, context, now);
    if db::audits::insert_new(&mut tx, &record).await? {
        if !context.photos.is_empty() {
            let (photos, private) = (&context.photos, &context.private);
            db::photos::add_audit_photos(&mut tx, caller.org_id, audit_id, photos, private).await?;
        }
        let status = input.status;
        db::audits::insert_event(&mut tx, audit_id, caller.user_id, None, status, "", now).await?;
        if status == AuditStatus::Submitted {
            tell_reviewers(&mut tx, caller.org_id, now).await?;
        }
        tx.commit().await?;
        return Ok(Some((Saved::Created, record.to_audit())));
    }
    let Some(current) = db::audits::find(&mut *tx, caller.org_id, audit_id).await? else {
        // Not ours to read: the assignment has another audit, or the id is taken.
        drop(tx);
        let pool = state.db.pool();
        return match db::audits::id_for_assignment(pool, context.assignment.id).await? {
            Some(other) if other != audit_id => Err(Error::Conflict(format!(
                "the assignment already has audit {other}"
            ))),
            // Another organisation's audit: answered like any id the caller may not see,
            // never with a conflict that tells it exists.
            _ if db::audits::id_taken(pool, audit_id).await? => Err(Error::NotFound("audit")),
            _ => Ok(None),
        };
    };
    let Some(record) = try_update(&mut tx, caller, input, context, current, now).await? else {
        return Ok(None);
    };
    tx.commit().await?;
    Ok(Some((Saved::Updated, record.to_audit())))
}

fn new_record(
    caller: &Caller,
    audit_id: Uuid,
    input: &AuditInput,
    context: &Context,
    now: i64,
) -> AuditRecord {
    let assignment = &context.assignment;
    AuditRecord {
        id: audit_id,
        org_id: caller.org_id,
        client_id: assignment.client_id,
        location_id: assignment.location_id,
        region: context.region.clone(),
        assignment_id: assignment.id,
        auditor_id: caller.user_id,
        checklist_version_id: assignment.checklist_version_id,
        status: input.status,
        input: input.clone(),
        score: context.score.clone(),
        review: None,
        submitted_at: (input.status == AuditStatus::Submitted).then_some(now),
        approved_at: None,
        created_at: now,
        updated_at: now,
        flags: context.flags.clone().unwrap_or_default(),
    }
}

/// Applies the save to the stored audit `current`; the record as it is now, or `None` when
/// another writer changed it since it was read.
async fn try_update(
    tx: &mut db::Tx,
    caller: &Caller,
    input: &AuditInput,
    context: &Context,
    current: AuditRecord,
    now: i64,
) -> Result<Option<AuditRecord>> {
    if current.auditor_id != caller.user_id {
        return Err(Error::NotFound("audit"));
    }
    if current.assignment_id != input.assignment_id {
        return Err(Error::Conflict(
            "the audit belongs to another assignment".into(),
        ));
    }
    let status = match next_state(&current, input)? {
        None => return Ok(Some(current)),
        Some(status) => status,
    };
    let submitted = status == AuditStatus::Submitted;
    let record = AuditRecord {
        status,
        input: input.clone(),
        score: context.score.clone(),
        submitted_at: if submitted {
            Some(now)
        } else {
            current.submitted_at
        },
        updated_at: now.max(current.updated_at + 1),
        // A draft save keeps the flags of the last submission for review.
        flags: match (&context.flags, submitted) {
            (Some(flags), true) => flags.clone(),
            _ => current.flags.clone(),
        },
        ..current.clone()
    };
    if !db::audits::update(tx, &record, current.updated_at).await? {
        return Ok(None);
    }
    if photo_hashes(&current.input) != context.photos || !context.private.is_empty() {
        let (photos, private) = (&context.photos, &context.private);
        db::photos::set_audit_photos(tx, caller.org_id, record.id, photos, private).await?;
    }
    if status != current.status {
        let (id, by, from) = (record.id, caller.user_id, Some(current.status));
        db::audits::insert_event(tx, id, by, from, status, "", now).await?;
        if submitted {
            tell_reviewers(tx, caller.org_id, now).await?;
        }
    }
    Ok(Some(record))
}

/// The status an auditor's PUT moves an existing audit to; `None` when nothing changes.
fn next_state(current: &AuditRecord, input: &AuditInput) -> Result<Option<AuditStatus>> {
    let same_body = {
        let mut stored = current.input.clone();
        stored.status = input.status;
        stored == *input
    };
    match transition::save(current.status, input.status, same_body) {
        Save::Unchanged => Ok(None),
        Save::To(status) => Ok(Some(status)),
        Save::Locked => Err(Error::Conflict(format!(
            "the audit is {} and can no longer be changed",
            current.status.as_str()
        ))),
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

/// A page of the audits the caller may see (`GET /audits`): staff all, managers approved
/// ones of their clients, auditors their own; flags, and filtering by them, for reviewers.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    filter: &AuditFilter,
) -> Result<(Vec<AuditSummary>, Option<String>)> {
    score_range::validate(filter.score_min, filter.score_max)?;
    db::audits::list(
        state.db.pool(),
        &caller.visibility(),
        caller.role == Role::Manager,
        caller.role.is_staff(),
        filter,
    )
    .await
}

/// One audit, if the caller may see it.
pub async fn get(state: &AppState, caller: &Caller, audit_id: Uuid) -> Result<Audit> {
    let record = find_visible(state, caller, audit_id).await?;
    let mut audit = wire(caller, &record);
    if caller.role == Role::Manager {
        let private = db::photos::private_of(state.db.pool(), audit_id).await?;
        for answer in &mut audit.answers {
            answer.photos.retain(|sha| !private.contains(sha));
        }
    }
    Ok(audit)
}

/// The stored audit, if the caller may see it.
pub(crate) async fn find_visible(
    state: &AppState,
    caller: &Caller,
    audit_id: Uuid,
) -> Result<AuditRecord> {
    let record = db::audits::find(state.db.pool(), caller.org_id, audit_id)
        .await?
        .ok_or(Error::NotFound("audit"))?;
    if !visible(state, caller, &record).await? {
        return Err(Error::NotFound("audit"));
    }
    Ok(record)
}

/// The wire form of an audit for the caller: with its flags for reviewers only.
pub(crate) fn wire(caller: &Caller, record: &AuditRecord) -> Audit {
    if is_reviewer(caller) {
        record.to_audit_with_flags()
    } else {
        record.to_audit()
    }
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
    optional_text("comment", &input.comment, MAX_TEXT_CHARS)?;
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
        optional_text(
            &format!("item_comments[{i}].comment"),
            &c.comment,
            MAX_TEXT_CHARS,
        )?;
    }
    if record.status != AuditStatus::Submitted {
        return Err(Error::Conflict(format!(
            "only submitted audits can be reviewed; this one is {}",
            record.status.as_str()
        )));
    }
    let updated = decide(state, caller, record, input).await?.ok_or_else(|| {
        Error::Conflict("the audit was reviewed or edited by somebody else first".into())
    })?;
    Ok(updated.to_audit_with_flags())
}

/// Applies a reviewer's decision to `record`, a submitted audit as read (see
/// [`decide_many`]); `None`, and nothing written, when the audit changed since it was read.
pub(crate) async fn decide(
    state: &AppState,
    caller: &Caller,
    record: AuditRecord,
    input: ReviewInput,
) -> Result<Option<AuditRecord>> {
    Ok(decide_many(state, caller, vec![record], input).await?.pop())
}

/// Applies one reviewer's decision to `records`, submitted audits as read, set-wise in one
/// transaction: each still as read is approved (its score rows and rollups written) or
/// returned, the change kept in its trail and its auditor (and, for a failing approval, the
/// client's managers) told; one statement per kind of row, not per audit. The audits it
/// decided, as they are now; the others changed since they were read and were left as they
/// are.
pub(crate) async fn decide_many(
    state: &AppState,
    caller: &Caller,
    records: Vec<AuditRecord>,
    input: ReviewInput,
) -> Result<Vec<AuditRecord>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let to = match input.decision {
        ReviewDecision::Approve => AuditStatus::Approved,
        ReviewDecision::Return => AuditStatus::Returned,
    };
    let approved = to == AuditStatus::Approved;
    let latest = records.iter().map(|r| r.updated_at).max().unwrap_or(0);
    let now = now_ms().max(latest + 1);
    let mut tx = state.db.begin().await?;
    // Approvals lock their clients first, in one order, so approvals of the same client
    // (and a change of its pass mark) queue instead of deadlocking.
    let mut by_client: BTreeMap<Uuid, (f64, Vec<AuditRecord>)> = BTreeMap::new();
    if approved {
        let clients: BTreeSet<Uuid> = records.iter().map(|r| r.client_id).collect();
        for client_id in clients {
            let target = db::rollups::lock_target(&mut tx, client_id).await?;
            by_client.insert(client_id, (target, Vec::new()));
        }
    }
    let listed: Vec<(Uuid, i64)> = records.iter().map(|r| (r.id, r.updated_at)).collect();
    let (org, from) = (caller.org_id, AuditStatus::Submitted);
    let moved: HashSet<Uuid> =
        db::audits::transition_many(&mut *tx, org, &listed, from, to, Some(&input), now)
            .await?
            .into_iter()
            .collect();
    let decided: Vec<AuditRecord> = records
        .into_iter()
        .filter(|r| moved.contains(&r.id))
        .map(|record| AuditRecord {
            status: to,
            review: Some(input.clone()),
            approved_at: approved.then_some(now),
            updated_at: now,
            ..record
        })
        .collect();
    if decided.is_empty() {
        return Ok(decided);
    }
    let mut told: Vec<_> = decided
        .iter()
        .map(|r| events::audit_reviewed(r, approved, &input.comment, now))
        .collect();
    if approved {
        db::audits::insert_score_rows(&mut tx, &decided).await?;
        for record in &decided {
            if let Some((_, audits)) = by_client.get_mut(&record.client_id) {
                audits.push(record.clone());
            }
        }
        for (client_id, (target, audits)) in &by_client {
            if audits.is_empty() {
                continue;
            }
            db::rollups::add_audits(&mut tx, audits, *target).await?;
            let managers = db::users::managers_of(&mut tx, org, *client_id).await?;
            let ids: Vec<Uuid> = managers.iter().map(|m| m.id).collect();
            for record in audits {
                told.extend(events::audit_alert(record, *target, &ids));
            }
        }
    }
    events::record(&mut tx, org, &told).await?;
    let ids: Vec<Uuid> = decided.iter().map(|r| r.id).collect();
    db::audits::insert_events(
        &mut tx,
        &ids,
        caller.user_id,
        Some(from),
        to,
        &input.comment,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(decided)
}

/// Tells the organisation's reviewers that an audit was submitted (one digest an hour).
async fn tell_reviewers(tx: &mut db::Tx, org_id: Uuid, now: i64) -> Result<()> {
    let reviewers = db::notifications::reviewers(&mut **tx, org_id).await?;
    events::record(tx, org_id, &events::audit_submitted(&reviewers, now)).await
}

/// Whether the caller reviews audits and so sees their proof-of-visit flags.
fn is_reviewer(caller: &Caller) -> bool {
    caller.role.is_staff()
}
