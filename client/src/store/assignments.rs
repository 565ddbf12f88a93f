//! Assignments cached for offline use. Each is kept without its checklist and journey
//! ([`CachedAssignment`]); those are kept once per checklist version
//! ([`crate::store::checklists`]), its audit apart ([`crate::store::audits`]), and
//! [`detail`] puts a bundle back together.

use crate::store::audits::{self, AuditStamp};
use crate::store::checklists::{self, CachedChecklist};
use crate::store::db::{ASSIGNMENTS, AUDITS, CHECKLISTS, Db, Op, Result};
use serde::{Deserialize, Serialize};
use touchstone_shared::assignment::{Assignment, AssignmentDetail};
use touchstone_shared::audit::Audit;
use touchstone_shared::location::Location;
use uuid::Uuid;

/// An assignment as the phone keeps it: what the start page's list shows. Its bundle
/// ([`AssignmentDetail`]) less the checklist and journey, and with only a stamp of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAssignment {
    /// The assignment.
    pub assignment: Assignment,
    /// Where.
    pub location: Location,
    /// The audit, if one had been started when the bundle was fetched.
    #[serde(default)]
    pub audit: Option<AuditStamp>,
}

/// A bundle as the phone keeps it, in three stores.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitBundle {
    /// The assignment's record.
    pub record: CachedAssignment,
    /// Its audit, if one had been started.
    pub audit: Option<Audit>,
    /// Its checklist version and journey.
    pub checklist: CachedChecklist,
}

impl CachedAssignment {
    /// A bundle as the phone keeps it.
    pub fn split(detail: AssignmentDetail) -> SplitBundle {
        let AssignmentDetail {
            assignment,
            location,
            checklist,
            journey,
            audit,
        } = detail;
        SplitBundle {
            record: CachedAssignment {
                assignment,
                location,
                audit: audit.as_ref().map(AuditStamp::from),
            },
            audit,
            checklist: CachedChecklist { checklist, journey },
        }
    }
}

impl SplitBundle {
    /// The bundle, put back together.
    pub fn join(self) -> AssignmentDetail {
        AssignmentDetail {
            assignment: self.record.assignment,
            location: self.record.location,
            checklist: self.checklist.checklist,
            journey: self.checklist.journey,
            audit: self.audit,
        }
    }

    /// The write that stores its checklist.
    fn put_checklist(&self) -> Result<Op> {
        let key = self.checklist.checklist.id.to_string();
        Op::put_json(CHECKLISTS, key, &self.checklist)
    }

    /// The writes that store its record and audit.
    fn puts(&self, ops: &mut Vec<Op>) -> Result<()> {
        let key = self.record.assignment.id.to_string();
        ops.push(Op::put_json(ASSIGNMENTS, key.clone(), &self.record)?);
        ops.push(match &self.audit {
            Some(audit) => Op::put_json(AUDITS, key, audit)?,
            None => Op::Delete { store: AUDITS, key },
        });
        Ok(())
    }
}

/// Replaces the cache with the server's current list: `unchanged` (cached records the
/// server still lists as they are) and `fetched` (bundles just fetched, split), keeping
/// nothing stale: other assignments go, and so does every checklist none of these uses.
pub async fn replace_all(
    db: &Db,
    unchanged: &[CachedAssignment],
    fetched: &[SplitBundle],
) -> Result<()> {
    let records = || unchanged.iter().chain(fetched.iter().map(|b| &b.record));
    let keep: Vec<String> = records().map(|r| r.assignment.id.to_string()).collect();
    let used: Vec<String> = records()
        .map(|r| r.assignment.checklist_version_id.to_string())
        .collect();
    let mut ops = Vec::new();
    for store in [ASSIGNMENTS, AUDITS] {
        for key in db.keys(store).await? {
            if !keep.contains(&key) {
                ops.push(Op::Delete { store, key });
            }
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
    for bundle in fetched {
        bundle.puts(&mut ops)?;
        // Many assignments share a version: it is written once, with the newest journey.
        if !written.contains(&bundle.checklist.checklist.id) {
            written.push(bundle.checklist.checklist.id);
            ops.push(bundle.put_checklist()?);
        }
    }
    db.write(ops).await
}

/// Caches one bundle: its record, audit and checklist.
pub async fn put(db: &Db, detail: &AssignmentDetail) -> Result<()> {
    let bundle = CachedAssignment::split(detail.clone());
    let mut ops = Vec::new();
    bundle.puts(&mut ops)?;
    ops.push(bundle.put_checklist()?);
    db.write(ops).await
}

/// A cached bundle, put together from the assignment's record, its checklist and its audit;
/// `None` when any of them is missing.
pub async fn detail(db: &Db, id: Uuid) -> Result<Option<AssignmentDetail>> {
    let Some(record) = db
        .get_json::<CachedAssignment>(ASSIGNMENTS, &id.to_string())
        .await?
    else {
        return Ok(None);
    };
    let Some(checklist) = checklists::get(db, record.assignment.checklist_version_id).await? else {
        return Ok(None);
    };
    let audit = match &record.audit {
        Some(_) => match audits::get(db, id).await? {
            Some(audit) => Some(audit),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(
        SplitBundle {
            record,
            audit,
            checklist,
        }
        .join(),
    ))
}

/// Every cached assignment, soonest due first; their checklists and audits are not read.
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
