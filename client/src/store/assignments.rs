//! Assignment bundles cached for offline use.

use crate::store::db::{ASSIGNMENTS, Db, Op, Result};
use touchstone_shared::assignment::AssignmentDetail;
use uuid::Uuid;

/// Replaces the cache with the server's current list, keeping nothing stale.
pub async fn replace_all(db: &Db, details: &[AssignmentDetail]) -> Result<()> {
    let keep: Vec<String> = details
        .iter()
        .map(|d| d.assignment.id.to_string())
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
    for detail in details {
        ops.push(Op::put_json(
            ASSIGNMENTS,
            detail.assignment.id.to_string(),
            detail,
        )?);
    }
    db.write(ops).await
}

/// Caches one bundle.
pub async fn put(db: &Db, detail: &AssignmentDetail) -> Result<()> {
    db.put_json(ASSIGNMENTS, &detail.assignment.id.to_string(), detail)
        .await
}

/// A cached bundle.
pub async fn get(db: &Db, id: Uuid) -> Result<Option<AssignmentDetail>> {
    db.get_json(ASSIGNMENTS, &id.to_string()).await
}

/// Every cached bundle, soonest due first.
pub async fn all(db: &Db) -> Result<Vec<AssignmentDetail>> {
    let mut all: Vec<AssignmentDetail> = db
        .all_json::<AssignmentDetail>(ASSIGNMENTS)
        .await?
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    all.sort_by_key(|d| (d.assignment.due, d.assignment.id));
    Ok(all)
}
