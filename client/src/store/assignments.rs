//! Assignments cached for offline use. Each is kept without its checklist and journey
//! ([`CachedAssignment`]); those are kept once per checklist version
//! ([`crate::store::checklists`]), and [`detail`] puts a bundle back together.

use crate::store::checklists::{self, CachedChecklist};
use crate::store::db::{self, ASSIGNMENTS, CHECKLISTS, Db, Op, Result};
use serde::{Deserialize, Serialize};
use touchstone_shared::assignment::{Assignment, AssignmentDetail};
use touchstone_shared::audit::Audit;
use touchstone_shared::location::Location;
use uuid::Uuid;

/// An assignment as the phone keeps it: its bundle ([`AssignmentDetail`]) less the
/// checklist and journey. A whole bundle stored by an earlier version of the app reads as
/// one too (the extra fields are skipped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAssignment {
    /// The assignment.
    pub assignment: Assignment,
    /// Where.
    pub location: Location,
    /// The audit, if one had been started when the bundle was fetched.
    #[serde(default)]
    pub audit: Option<Audit>,
}

impl CachedAssignment {
    /// A bundle as the phone keeps it: the assignment's record and its checklist.
    pub fn split(detail: AssignmentDetail) -> (CachedAssignment, CachedChecklist) {
        let AssignmentDetail {
            assignment,
            location,
            checklist,
            journey,
            audit,
        } = detail;
        (
            CachedAssignment {
                assignment,
                location,
                audit,
            },
            CachedChecklist { checklist, journey },
        )
    }

    /// The bundle, put back together with its checklist.
    pub fn with_checklist(self, checklist: CachedChecklist) -> AssignmentDetail {
        AssignmentDetail {
            assignment: self.assignment,
            location: self.location,
            checklist: checklist.checklist,
            journey: checklist.journey,
            audit: self.audit,
        }
    }
}

/// Replaces the cache with the server's current list: `unchanged` (cached records the
/// server still lists as they are) and `fetched` (bundles just fetched, split), keeping
/// nothing stale: other assignments go, and so does every checklist none of these uses.
pub async fn replace_all(
    db: &Db,
    unchanged: &[CachedAssignment],
    fetched: &[(CachedAssignment, CachedChecklist)],
) -> Result<()> {
    let records = || unchanged.iter().chain(fetched.iter().map(|(r, _)| r));
    let keep: Vec<String> = records().map(|r| r.assignment.id.to_string()).collect();
    let used: Vec<String> = records()
        .map(|r| r.assignment.checklist_version_id.to_string())
        .collect();
    let mut ops = Vec::new();
    for key in db.keys(ASSIGNMENTS).await? {
        if !keep.contains(&key) {
            ops.push(Op::Delete {
                store: ASSIGNMENTS,
                key,
            });
        }
    }
    for key in checklists::ids(db).await? {
        if !used.contains(&key) {
            ops.push(Op::Delete {
                store: CHECKLISTS,
                key,
            });
        }
    }
    let mut written: Vec<Uuid> = Vec::new();
    for (record, checklist) in fetched {
        ops.push(Op::put_json(
            ASSIGNMENTS,
            record.assignment.id.to_string(),
            record,
        )?);
        // Many assignments share a version: it is written once, with the newest journey.
        if !written.contains(&checklist.checklist.id) {
            written.push(checklist.checklist.id);
            ops.push(Op::put_json(
                CHECKLISTS,
                checklist.checklist.id.to_string(),
                checklist,
            )?);
        }
    }
    db.write(ops).await
}

/// Caches one bundle: its record, and its checklist.
pub async fn put(db: &Db, detail: &AssignmentDetail) -> Result<()> {
    let (record, checklist) = CachedAssignment::split(detail.clone());
    db.write(vec![
        Op::put_json(ASSIGNMENTS, record.assignment.id.to_string(), &record)?,
        Op::put_json(CHECKLISTS, checklist.checklist.id.to_string(), &checklist)?,
    ])
    .await
}

/// A cached bundle, put together from the assignment's record and its checklist; `None`
/// when either is missing. A whole bundle stored by an earlier version of the app is
/// answered as it is, and split for next time.
pub async fn detail(db: &Db, id: Uuid) -> Result<Option<AssignmentDetail>> {
    let Some(raw) = db.get_raw(ASSIGNMENTS, &id.to_string()).await? else {
        return Ok(None);
    };
    let record: CachedAssignment = db::decode(&raw)?;
    if let Some(checklist) = checklists::get(db, record.assignment.checklist_version_id).await? {
        return Ok(Some(record.with_checklist(checklist)));
    }
    match db::decode::<AssignmentDetail>(&raw) {
        Ok(whole) => {
            put(db, &whole).await?;
            Ok(Some(whole))
        }
        Err(_) => Ok(None),
    }
}

/// Every cached assignment, soonest due first; their checklists are not read.
pub async fn all(db: &Db) -> Result<Vec<CachedAssignment>> {
    let mut all: Vec<CachedAssignment> = db
        .all_json::<CachedAssignment>(ASSIGNMENTS)
        .await?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    all.sort_by_key(|r| (r.assignment.due, r.assignment.id));
    Ok(all)
}
