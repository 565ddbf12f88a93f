//! The assignment cache in a real browser's IndexedDB: one copy of each checklist version
//! however many assignments use it, bundles put back together for the audit page, and the
//! whole bundles an earlier version of the app stored.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{at, detail, id};
use rexie::{ObjectStore, Rexie, TransactionMode};
use touchstone_client::draft::Draft;
use touchstone_client::store::assignments::{self, CachedAssignment};
use touchstone_client::store::db::{ASSIGNMENTS, CHECKLISTS, DRAFTS, Db, OUTBOX};
use touchstone_client::store::{checklists, drafts};
use touchstone_shared::assignment::AssignmentDetail;
use uuid::Uuid;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name() -> String {
    format!("touchstone-test-{}", Uuid::now_v7())
}

/// The fixture's bundle as assignment `n`, on checklist version `version`.
fn bundle(n: u128, version: u128) -> AssignmentDetail {
    let mut d = detail();
    d.assignment.id = id(0xA000 + n);
    d.assignment.due = at(n as u32);
    d.assignment.checklist_version_id = id(version);
    d.checklist.id = id(version);
    d
}

fn split(details: &[AssignmentDetail]) -> Vec<(CachedAssignment, checklists::CachedChecklist)> {
    details
        .iter()
        .cloned()
        .map(CachedAssignment::split)
        .collect()
}

/// The JSON text stored under `key`.
async fn stored_text(db: &Db, store: &str, key: &str) -> String {
    db.get_raw(store, key)
        .await
        .expect("read")
        .and_then(|v| v.as_string())
        .expect("JSON text")
}

#[wasm_bindgen_test]
async fn many_assignments_on_one_checklist_store_it_once() {
    let db = Db::open(&fresh_name()).await.expect("open");
    let details: Vec<AssignmentDetail> = (1..=5).map(|n| bundle(n, 0xCC)).collect();
    assignments::replace_all(&db, &[], &split(&details))
        .await
        .expect("replace");

    assert_eq!(db.count(ASSIGNMENTS).await.expect("count"), 5);
    assert_eq!(db.count(CHECKLISTS).await.expect("count"), 1);
    let record = stored_text(&db, ASSIGNMENTS, &details[0].assignment.id.to_string()).await;
    let record: serde_json::Value = serde_json::from_str(&record).expect("JSON");
    assert!(record.get("checklist").is_none(), "{record}");
    assert!(record.get("journey").is_none(), "{record}");

    let listed = assignments::all(&db).await.expect("all");
    let expected: Vec<CachedAssignment> = details
        .into_iter()
        .map(|d| CachedAssignment::split(d).0)
        .collect();
    assert_eq!(listed, expected);
}

#[wasm_bindgen_test]
async fn a_bundle_is_put_back_together_from_its_record_and_checklist() {
    let db = Db::open(&fresh_name()).await.expect("open");
    let one = bundle(1, 0xCC);
    let other = bundle(2, 0xCD);
    assignments::replace_all(&db, &[], &split(&[one.clone(), other.clone()]))
        .await
        .expect("replace");

    let read = assignments::detail(&db, one.assignment.id)
        .await
        .expect("read");
    assert_eq!(read, Some(one.clone()));
    let read = assignments::detail(&db, other.assignment.id)
        .await
        .expect("read");
    assert_eq!(read, Some(other));
    assert_eq!(
        assignments::detail(&db, id(0xDEAD)).await.expect("read"),
        None
    );

    // A record whose checklist is gone reads as not cached: the audit page fetches it.
    db.delete_key(CHECKLISTS, &id(0xCC).to_string())
        .await
        .expect("delete");
    assert_eq!(
        assignments::detail(&db, one.assignment.id)
            .await
            .expect("read"),
        None
    );
    assignments::put(&db, &one).await.expect("put");
    let read = assignments::detail(&db, one.assignment.id)
        .await
        .expect("read");
    assert_eq!(read, Some(one));
}

#[wasm_bindgen_test]
async fn replacing_the_cache_drops_checklists_no_assignment_uses() {
    let db = Db::open(&fresh_name()).await.expect("open");
    let kept = bundle(1, 0xCC);
    let gone = bundle(2, 0xCD);
    let fresh = bundle(3, 0xCE);
    assignments::replace_all(&db, &[], &split(&[kept.clone(), gone.clone()]))
        .await
        .expect("first");

    let unchanged = CachedAssignment::split(kept.clone()).0;
    assignments::replace_all(&db, &[unchanged], &split(std::slice::from_ref(&fresh)))
        .await
        .expect("second");

    assert_eq!(
        db.keys(ASSIGNMENTS).await.expect("keys"),
        vec![
            kept.assignment.id.to_string(),
            fresh.assignment.id.to_string()
        ]
    );
    assert_eq!(
        checklists::ids(&db).await.expect("ids"),
        vec![id(0xCC).to_string(), id(0xCE).to_string()]
    );
    assert_eq!(
        assignments::detail(&db, kept.assignment.id)
            .await
            .expect("read"),
        Some(kept)
    );
    assert_eq!(
        assignments::detail(&db, gone.assignment.id)
            .await
            .expect("read"),
        None
    );
}

/// A database as version 1 of the app left it: whole bundles in `assignments`, a draft and
/// an outbox job.
async fn version_1_database(name: &str, old: &AssignmentDetail, draft: &Draft) {
    let mut builder = Rexie::builder(name).version(1);
    for store in ["meta", ASSIGNMENTS, DRAFTS, OUTBOX, "photos"] {
        builder = builder.add_object_store(ObjectStore::new(store));
    }
    let v1 = builder.build().await.expect("open version 1");
    let tx = v1
        .transaction(&[ASSIGNMENTS, DRAFTS, OUTBOX], TransactionMode::ReadWrite)
        .expect("transaction");
    let put = |store: &str, key: String, text: String| {
        let store = tx.store(store).expect("store");
        async move {
            store
                .put(&JsValue::from_str(&text), Some(&JsValue::from_str(&key)))
                .await
                .expect("put");
        }
    };
    let key = old.assignment.id.to_string();
    put(
        ASSIGNMENTS,
        key.clone(),
        serde_json::to_string(old).expect("json"),
    )
    .await;
    put(DRAFTS, key, serde_json::to_string(draft).expect("json")).await;
    put(OUTBOX, "job-1".into(), "{\"queued\":true}".into()).await;
    tx.done().await.expect("commit");
    v1.close();
}

#[wasm_bindgen_test]
async fn whole_bundles_from_version_1_still_read_and_are_split_on_first_use() {
    let name = fresh_name();
    let old = bundle(1, 0xCC);
    let draft = Draft::new(&old.assignment, old.assignment.auditor_id, at(0));
    version_1_database(&name, &old, &draft).await;

    let db = Db::open(&name).await.expect("upgrade to version 2");
    // The list reads it as a record; drafts and the outbox are as they were.
    assert_eq!(
        assignments::all(&db).await.expect("all"),
        vec![CachedAssignment::split(old.clone()).0]
    );
    assert_eq!(
        drafts::get(&db, old.assignment.id).await.expect("draft"),
        Some(draft)
    );
    assert_eq!(stored_text(&db, OUTBOX, "job-1").await, "{\"queued\":true}");
    assert_eq!(
        checklists::ids(&db).await.expect("ids"),
        Vec::<String>::new()
    );

    // The audit page gets the whole bundle, and it is kept split from then on.
    let read = assignments::detail(&db, old.assignment.id)
        .await
        .expect("read");
    assert_eq!(read, Some(old.clone()));
    assert_eq!(
        checklists::ids(&db).await.expect("ids"),
        vec![id(0xCC).to_string()]
    );
    let record = stored_text(&db, ASSIGNMENTS, &old.assignment.id.to_string()).await;
    assert!(!record.contains("\"checklist\""), "{record}");
    let read = assignments::detail(&db, old.assignment.id)
        .await
        .expect("read");
    assert_eq!(read, Some(old));
}
