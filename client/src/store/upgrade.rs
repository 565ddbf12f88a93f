//! Records that earlier versions of the app stored, put into the current layout once, when
//! the database is opened:
//!
//! - version 1 kept whole bundles (`AssignmentDetail`) in `assignments`;
//! - version 2 kept each record there with its whole audit, and checklists apart;
//! - version 3 keeps audits apart too ([`crate::store::audits`]): a record holds only
//!   what the start page's list needs.
//!
//! IndexedDB's own upgrade only adds the `audits` store; the records are moved in one
//! transaction that also sets a marker in `meta`, so it happens once, all or nothing, even
//! with the app open in two tabs. Drafts, the outbox and photos are not touched.

use crate::store::assignments::CachedAssignment;
use crate::store::audits::AuditStamp;
use crate::store::checklists::CachedChecklist;
use crate::store::db::{
    ASSIGNMENTS, AUDITS, CHECKLISTS, Db, META, Result, StoreError, decode, finish,
};
use rexie::{Transaction, TransactionMode};
use serde::Deserialize;
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::Audit;
use touchstone_shared::checklist::ChecklistVersion;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::Location;
use wasm_bindgen::JsValue;

/// Key of the marker in `meta`.
const LAYOUT_KEY: &str = "layout";
/// The layout this version of the app reads.
const LAYOUT: u32 = 3;

/// An `assignments` record as version 1 (a whole bundle) or version 2 (a record with its
/// whole audit) stored it. Decoded from the text with the same types the app decodes
/// anyway (drafts hold audits), so this adds little code to the wasm.
#[derive(Deserialize)]
struct Earlier {
    assignment: Assignment,
    location: Location,
    #[serde(default)]
    audit: Option<Audit>,
    #[serde(default)]
    checklist: Option<ChecklistVersion>,
    #[serde(default)]
    journey: Option<Journey>,
}

/// What an `assignments` record becomes.
enum Outcome {
    /// Already in the current layout.
    Current,
    /// Its audit (version 2) and checklist (version 1), taken out.
    Moved {
        record: Box<CachedAssignment>,
        audit: Option<Box<Audit>>,
        checklist: Option<Box<CachedChecklist>>,
    },
    /// Not a record any version wrote.
    Unreadable,
}

fn outcome(text: &str) -> Outcome {
    let Ok(earlier) = serde_json::from_str::<Earlier>(text) else {
        // A stamp is not a whole audit.
        return match serde_json::from_str::<CachedAssignment>(text) {
            Ok(_) => Outcome::Current,
            Err(_) => Outcome::Unreadable,
        };
    };
    let checklist = match (earlier.checklist, earlier.journey) {
        (Some(checklist), Some(journey)) => Some(Box::new(CachedChecklist { checklist, journey })),
        _ => None,
    };
    if earlier.audit.is_none() && checklist.is_none() {
        return Outcome::Current;
    }
    Outcome::Moved {
        record: Box::new(CachedAssignment {
            assignment: earlier.assignment,
            location: earlier.location,
            audit: earlier.audit.as_ref().map(AuditStamp::from),
        }),
        audit: earlier.audit.map(Box::new),
        checklist,
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<JsValue> {
    serde_json::to_string(value)
        .map(|text| JsValue::from_str(&text))
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Puts the records of earlier versions of the app into the current layout, unless that
/// was done already.
pub(super) async fn run(db: &Db) -> Result<()> {
    if db.get_json::<u32>(META, LAYOUT_KEY).await? == Some(LAYOUT) {
        return Ok(());
    }
    let tx = db.idb().transaction(
        &[META, ASSIGNMENTS, AUDITS, CHECKLISTS],
        TransactionMode::ReadWrite,
    )?;
    match move_records(&tx).await {
        Ok(()) => finish(tx).await,
        Err(e) => {
            // A request refused as it is made does not abort the transaction by itself.
            let _ = tx.abort().await;
            Err(e)
        }
    }
}

async fn move_records(tx: &Transaction) -> Result<()> {
    let meta = tx.store(META)?;
    let marker = JsValue::from_str(LAYOUT_KEY);
    let done = meta.get(marker.clone()).await?;
    // Another tab may have done it since the first look.
    if done.is_some_and(|v| decode::<u32>(&v).ok() == Some(LAYOUT)) {
        return Ok(());
    }
    let assignments = tx.store(ASSIGNMENTS)?;
    let audits = tx.store(AUDITS)?;
    let checklists = tx.store(CHECKLISTS)?;
    for (key, value) in assignments.scan(None, None, None, None).await? {
        let text = value.as_string().unwrap_or_default();
        match outcome(&text) {
            Outcome::Current => {}
            Outcome::Moved {
                record,
                audit,
                checklist,
            } => {
                assignments.put(&json(&record)?, Some(&key)).await?;
                if let Some(audit) = audit {
                    audits.put(&json(&audit)?, Some(&key)).await?;
                }
                if let Some(checklist) = checklist {
                    let id = JsValue::from_str(&checklist.checklist.id.to_string());
                    // Keep whichever copy has the newer journey.
                    let kept = checklists.get(id.clone()).await?;
                    let newer = kept
                        .and_then(|v| decode::<CachedChecklist>(&v).ok())
                        .is_none_or(|k| k.journey.updated_at < checklist.journey.updated_at);
                    if newer {
                        checklists.put(&json(&checklist)?, Some(&id)).await?;
                    }
                }
            }
            // The list could not read it either; the next refresh fetches it again.
            Outcome::Unreadable => assignments.delete(key).await?,
        }
    }
    meta.put(&json(&LAYOUT)?, Some(&marker)).await?;
    Ok(())
}
