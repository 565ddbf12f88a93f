//! The assignment cache in a real browser's IndexedDB: one copy of each checklist version
//! however many assignments use it, audits kept apart from the records the list reads,
//! bundles put back together for the audit page, and databases earlier versions of the app
//! left, upgraded.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{at, detail, id, stored};
use rexie::{ObjectStore, Rexie, TransactionMode};
use touchstone_client::draft::Draft;
use touchstone_client::store::assignments::{self, CachedAssignment, SplitBundle};
use touchstone_client::store::audits::{self, AuditStamp};
use touchstone_client::store::db::{ASSIGNMENTS, AUDITS, CHECKLISTS, DRAFTS, Db, OUTBOX};
use touchstone_client::store::{checklists, drafts};
use touchstone_shared::assignment::{AssignmentDetail, AssignmentStatus};
use touchstone_shared::audit::AuditStatus;
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

fn split(details: &[AssignmentDetail]) -> Vec<SplitBundle> {
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
        .map(|d| CachedAssignment::split(d).record)
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

    let unchanged = CachedAssignment::split(kept.clone()).record;
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

/// `old` with a submitted audit of 50 answers' worth of JSON, as the server sends it.
fn with_audit(mut old: AssignmentDetail) -> AssignmentDetail {
    let draft = Draft::new(&old.assignment, old.assignment.auditor_id, at(0));
    let mut input = draft.submission(at(5));
    input.visit.check_in_at = Some(at(1));
    let mut audit = stored(draft.audit_id, &input, AuditStatus::Submitted, 10);
    audit.assignment_id = old.assignment.id;
    old.assignment.audit_id = Some(audit.id);
    old.assignment.status = AssignmentStatus::Submitted;
    old.audit = Some(audit);
    old
}

#[wasm_bindgen_test]
async fn the_list_reads_records_without_audits_and_the_audit_page_gets_them_whole() {
    let db = Db::open(&fresh_name()).await.expect("open");
    let submitted = with_audit(bundle(1, 0xCC));
    let open = bundle(2, 0xCC);
    assignments::replace_all(&db, &[], &split(&[submitted.clone(), open.clone()]))
        .await
        .expect("replace");

    let key = submitted.assignment.id.to_string();
    let record = stored_text(&db, ASSIGNMENTS, &key).await;
    assert!(!record.contains("\"answers\""), "{record}");
    let audit = submitted.audit.clone().expect("audit");
    assert_eq!(
        assignments::all(&db).await.expect("all")[0].audit,
        Some(AuditStamp {
            id: audit.id,
            status: AuditStatus::Submitted,
            updated_at: at(10),
            check_in_at: Some(at(1)),
        })
    );
    assert_eq!(db.keys(AUDITS).await.expect("keys"), vec![key]);
    assert_eq!(
        audits::get(&db, submitted.assignment.id)
            .await
            .expect("audit"),
        Some(audit)
    );
    for bundle in [&submitted, &open] {
        let read = assignments::detail(&db, bundle.assignment.id).await;
        assert_eq!(read.expect("read").as_ref(), Some(bundle));
    }

    // An assignment the server no longer lists takes its audit with it.
    assignments::replace_all(&db, &[], &split(std::slice::from_ref(&open)))
        .await
        .expect("replace");
    assert_eq!(db.count(AUDITS).await.expect("count"), 0);
}

/// Writes JSON `text` under `key` of `store` in a database an earlier version left.
async fn put_text(db: &Rexie, store: &str, key: &str, text: String) {
    let tx = db
        .transaction(&[store], TransactionMode::ReadWrite)
        .expect("transaction");
    tx.store(store)
        .expect("store")
        .put(&JsValue::from_str(&text), Some(&JsValue::from_str(key)))
        .await
        .expect("put");
    tx.done().await.expect("commit");
}

/// Opens a database as version `version` of the app made it, with these object stores.
async fn older_database(name: &str, version: u32, stores: &[&str]) -> Rexie {
    let mut builder = Rexie::builder(name).version(version);
    for store in stores {
        builder = builder.add_object_store(ObjectStore::new(store));
    }
    builder.build().await.expect("open the older version")
}

/// A draft and an outbox job, as the app keeps them in every version.
async fn work_in_progress(db: &Rexie, old: &AssignmentDetail) -> Draft {
    let draft = Draft::new(&old.assignment, old.assignment.auditor_id, at(0));
    let key = old.assignment.id.to_string();
    put_text(
        db,
        DRAFTS,
        &key,
        serde_json::to_string(&draft).expect("json"),
    )
    .await;
    put_text(db, OUTBOX, "job-1", "{\"queued\":true}".into()).await;
    draft
}

/// What the upgraded database holds: every bundle whole for the audit page, records with
/// stamps for the list, one checklist, and the draft and outbox job as they were.
async fn assert_upgraded(db: &Db, bundles: &[AssignmentDetail], draft: &Draft) {
    let expected: Vec<CachedAssignment> = bundles
        .iter()
        .map(|b| CachedAssignment::split(b.clone()).record)
        .collect();
    assert_eq!(assignments::all(db).await.expect("all"), expected);
    for bundle in bundles {
        let key = bundle.assignment.id.to_string();
        let record = stored_text(db, ASSIGNMENTS, &key).await;
        assert!(!record.contains("\"answers\""), "{record}");
        assert!(!record.contains("\"checklist\""), "{record}");
        let read = assignments::detail(db, bundle.assignment.id).await;
        assert_eq!(read.expect("read").as_ref(), Some(bundle));
    }
    assert_eq!(
        checklists::ids(db).await.expect("ids"),
        vec![id(0xCC).to_string()]
    );
    assert_eq!(
        drafts::get(db, draft.input.assignment_id)
            .await
            .expect("draft"),
        Some(draft.clone())
    );
    assert_eq!(stored_text(db, OUTBOX, "job-1").await, "{\"queued\":true}");
}

#[wasm_bindgen_test]
async fn a_version_1_database_of_whole_bundles_is_split_on_upgrade() {
    let name = fresh_name();
    let submitted = with_audit(bundle(1, 0xCC));
    let open = bundle(2, 0xCC);
    let v1 = older_database(&name, 1, &["meta", ASSIGNMENTS, DRAFTS, OUTBOX, "photos"]).await;
    for old in [&submitted, &open] {
        let text = serde_json::to_string(old).expect("json");
        put_text(&v1, ASSIGNMENTS, &old.assignment.id.to_string(), text).await;
    }
    let draft = work_in_progress(&v1, &submitted).await;
    v1.close();

    let db = Db::open(&name).await.expect("upgrade to version 3");
    assert_upgraded(&db, &[submitted, open], &draft).await;
}

#[wasm_bindgen_test]
async fn a_version_2_database_has_its_audits_moved_out_of_the_records_on_upgrade() {
    let name = fresh_name();
    let submitted = with_audit(bundle(1, 0xCC));
    let open = bundle(2, 0xCC);
    let stores = ["meta", ASSIGNMENTS, CHECKLISTS, DRAFTS, OUTBOX, "photos"];
    let v2 = older_database(&name, 2, &stores).await;
    for old in [&submitted, &open] {
        // Version 2's record: the bundle less its checklist and journey.
        let mut record = serde_json::to_value(old).expect("json");
        let fields = record.as_object_mut().expect("object");
        fields.remove("checklist");
        fields.remove("journey");
        let key = old.assignment.id.to_string();
        put_text(&v2, ASSIGNMENTS, &key, record.to_string()).await;
    }
    let checklist = CachedAssignment::split(open.clone()).checklist;
    let text = serde_json::to_string(&checklist).expect("json");
    put_text(&v2, CHECKLISTS, &id(0xCC).to_string(), text).await;
    let draft = work_in_progress(&v2, &submitted).await;
    v2.close();

    let db = Db::open(&name).await.expect("upgrade to version 3");
    assert_upgraded(&db, &[submitted.clone(), open.clone()], &draft).await;
    assert_eq!(
        db.keys(AUDITS).await.expect("keys"),
        vec![submitted.assignment.id.to_string()]
    );
    drop(db);

    // Opening it again finds it done, and changes nothing.
    let again = Db::open(&name).await.expect("open again");
    assert_upgraded(&again, &[submitted, open], &draft).await;
}
