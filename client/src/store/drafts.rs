//! Local audits, one per assignment, saved after every edit.

use crate::draft::Draft;
use crate::store::db::{DRAFTS, Db, Op, Result};
use uuid::Uuid;

/// The write that saves a draft (to batch with an outbox job).
pub fn put_op(draft: &Draft) -> Result<Op> {
    Op::put_json(DRAFTS, draft.input.assignment_id.to_string(), draft)
}

/// Saves a draft.
pub async fn put(db: &Db, draft: &Draft) -> Result<()> {
    db.write(vec![put_op(draft)?]).await
}

/// The draft of an assignment.
pub async fn get(db: &Db, assignment_id: Uuid) -> Result<Option<Draft>> {
    db.get_json(DRAFTS, &assignment_id.to_string()).await
}

/// Every draft.
pub async fn all(db: &Db) -> Result<Vec<Draft>> {
    Ok(db
        .all_json::<Draft>(DRAFTS)
        .await?
        .into_iter()
        .map(|(_, d)| d)
        .collect())
}
