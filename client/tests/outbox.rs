//! The offline store and the outbox, in a real browser's IndexedDB.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use chrono::{DateTime, TimeDelta, Utc};
use fixtures::{at, detail, sha, stored};
use std::cell::RefCell;
use std::collections::VecDeque;
use touchstone_client::api::{ApiError, ApiResult};
use touchstone_client::draft::{Draft, Phase};
use touchstone_client::store::db::{DRAFTS, Db, Op, PHOTOS};
use touchstone_client::store::outbox::{DrainReport, Job, Outbox, Transport, backoff};
use touchstone_client::store::{drafts, photos};
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus};
use touchstone_shared::error::{ErrorCode, ErrorDetail};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh_db() -> Db {
    let name = format!("touchstone-test-{}", Uuid::now_v7());
    Db::open(&name).await.expect("open the test database")
}

/// Answers calls from a script and records them.
#[derive(Default)]
struct FakeServer {
    calls: RefCell<Vec<String>>,
    script: RefCell<VecDeque<Result<(), ApiError>>>,
    stored: RefCell<Vec<(Uuid, AuditInput)>>,
}

impl FakeServer {
    fn answering(script: Vec<Result<(), ApiError>>) -> FakeServer {
        FakeServer {
            script: RefCell::new(script.into()),
            ..FakeServer::default()
        }
    }

    fn next(&self) -> Result<(), ApiError> {
        self.script.borrow_mut().pop_front().unwrap_or(Ok(()))
    }

    fn calls(&self) -> Vec<String> {
        self.calls.borrow().clone()
    }
}

impl Transport for FakeServer {
    async fn upload_photo(&self, jpeg: &Blob) -> ApiResult<()> {
        let bytes = touchstone_client::device::photo::blob_bytes(jpeg)
            .await
            .expect("blob bytes");
        self.calls.borrow_mut().push(format!(
            "photo {}",
            touchstone_client::device::photo::sha256_hex(&bytes)
        ));
        self.next()
    }

    async fn put_audit(&self, id: Uuid, input: &AuditInput) -> ApiResult<Audit> {
        self.calls
            .borrow_mut()
            .push(format!("audit {id} {}", input.status.as_str()));
        self.next()?;
        self.stored.borrow_mut().push((id, input.clone()));
        Ok(stored(id, input, input.status, 30))
    }
}

fn offline() -> ApiError {
    ApiError::Network("Failed to fetch".into())
}

fn refused(status: u16, code: ErrorCode, message: &str) -> ApiError {
    ApiError::Status {
        status,
        detail: Some(ErrorDetail {
            code,
            message: message.into(),
            field: Some("answers".into()),
        }),
    }
}

fn submission(minute: u32) -> (Draft, AuditInput) {
    let d = detail();
    let mut draft = Draft::new(&d.assignment, d.assignment.auditor_id, at(minute));
    draft.input.visit.check_in_at = Some(at(minute));
    let input = draft.submission(at(minute + 20));
    (draft, input)
}

/// The job that sends the draft's audit as `input`.
fn put_audit(draft: &Draft, input: &AuditInput) -> Job {
    Job::PutAudit {
        audit_id: draft.audit_id,
        input: input.clone(),
    }
}

/// The job that uploads the photo `sha`.
fn upload(sha: &str) -> Job {
    Job::UploadPhoto {
        sha256: sha.to_owned(),
    }
}

/// Sends what the outbox holds for `user` at `now`, as far as `server` lets it.
async fn drain(
    outbox: &Outbox,
    server: &FakeServer,
    user: Uuid,
    now: DateTime<Utc>,
) -> DrainReport {
    outbox.drain(server, user, now).await.expect("drain")
}

/// Queues `job` for `user` at minute `minute` of the fixtures' hour.
async fn queue(outbox: &Outbox, user: Uuid, job: Job, minute: u32) {
    outbox
        .enqueue(user, job, at(minute))
        .await
        .expect("enqueue");
}

async fn jpeg_in_store(db: &Db, seed: u8) -> String {
    let bytes = vec![0xFF, 0xD8, seed, 0xFF, 0xD9];
    let sha = touchstone_client::device::photo::sha256_hex(&bytes);
    photos::put(db, &sha, &bytes).await.expect("keep photo");
    sha
}

#[wasm_bindgen_test]
async fn values_round_trip_and_batches_are_atomic() {
    let db = fresh_db().await;
    let (draft, _) = submission(0);
    drafts::put(&db, &draft).await.expect("put");
    let back = drafts::get(&db, draft.input.assignment_id)
        .await
        .expect("get");
    assert_eq!(back, Some(draft.clone()));

    // A batch with a value IndexedDB cannot store (a function) fails as a whole: the draft
    // is unchanged.
    let mut changed = draft.clone();
    changed.phase = Phase::Queued;
    let result = db
        .write(vec![
            drafts::put_op(&changed).expect("op"),
            Op::Put {
                store: DRAFTS,
                key: "x".into(),
                value: js_sys::Function::new_no_args("").into(),
            },
        ])
        .await;
    assert!(result.is_err());
    let back = drafts::get(&db, draft.input.assignment_id)
        .await
        .expect("get");
    assert_eq!(back.map(|d| d.phase), Some(Phase::Editing));
}

#[wasm_bindgen_test]
async fn photos_are_kept_as_bytes_and_read_as_jpeg_blobs() {
    let db = fresh_db().await;
    let kept = jpeg_in_store(&db, 7).await;
    let blob = photos::get(&db, &kept)
        .await
        .expect("get")
        .expect("present");
    let bytes = touchstone_client::device::photo::blob_bytes(&blob)
        .await
        .expect("bytes");
    assert_eq!(touchstone_client::device::photo::sha256_hex(&bytes), kept);
    assert_eq!(blob.type_(), "image/jpeg");
    assert!(photos::get(&db, &sha(1)).await.expect("get").is_none());
    // Stored as a buffer: WebKit cannot store a Blob in IndexedDB in a private window.
    let raw = db
        .get_raw(PHOTOS, &kept)
        .await
        .expect("raw")
        .expect("present");
    assert!(raw.is_instance_of::<js_sys::ArrayBuffer>());
}

#[wasm_bindgen_test]
async fn a_photo_kept_as_a_blob_by_an_earlier_version_is_still_read() {
    let db = fresh_db().await;
    let bytes = vec![0xFF, 0xD8, 9, 0xFF, 0xD9];
    let sha = touchstone_client::device::photo::sha256_hex(&bytes);
    let blob = touchstone_client::device::photo::jpeg_blob(&bytes).expect("blob");
    db.write(vec![Op::Put {
        store: PHOTOS,
        key: sha.clone(),
        value: blob.into(),
    }])
    .await
    .expect("keep photo as a blob");
    let back = photos::get(&db, &sha).await.expect("get").expect("present");
    let read = touchstone_client::device::photo::blob_bytes(&back)
        .await
        .expect("bytes");
    assert_eq!(read, bytes);
}

#[wasm_bindgen_test]
async fn a_newer_state_of_an_audit_replaces_the_queued_one_and_photos_queue_once() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, first) = submission(0);
    let user = draft.user_id;
    queue(&outbox, user, upload(&sha(1)), 1).await;
    queue(&outbox, user, put_audit(&draft, &first), 2).await;
    queue(&outbox, user, upload(&sha(1)), 3).await;
    let mut second = first.clone();
    second.visit.accuracy_m = Some(12.0);
    queue(&outbox, user, put_audit(&draft, &second), 4).await;

    let jobs: Vec<Job> = outbox
        .entries()
        .await
        .expect("entries")
        .into_iter()
        .map(|e| e.job)
        .collect();
    assert_eq!(jobs, vec![upload(&sha(1)), put_audit(&draft, &second)]);
}

#[wasm_bindgen_test]
async fn submitting_saves_the_draft_and_queues_the_audit_together() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (mut draft, input) = submission(0);
    draft.phase = Phase::Queued;
    draft.input = input.clone();
    outbox
        .enqueue_with(
            draft.user_id,
            Job::PutAudit {
                audit_id: draft.audit_id,
                input,
            },
            at(5),
            vec![drafts::put_op(&draft).expect("op")],
        )
        .await
        .expect("enqueue");
    assert_eq!(outbox.entries().await.expect("entries").len(), 1);
    let saved = drafts::get(&db, draft.input.assignment_id)
        .await
        .expect("get")
        .expect("saved");
    assert_eq!(saved.phase, Phase::Queued);
    assert_eq!(saved.input.status, AuditStatus::Submitted);
}

#[wasm_bindgen_test]
async fn drain_sends_photos_before_the_audit_and_empties_the_outbox() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    let photo = jpeg_in_store(&db, 1).await;
    queue(&outbox, draft.user_id, upload(&photo), 1).await;
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 2).await;

    let server = FakeServer::default();
    let report = drain(&outbox, &server, draft.user_id, at(3)).await;
    assert_eq!(
        server.calls(),
        vec![
            format!("photo {photo}"),
            format!("audit {} submitted", draft.audit_id)
        ]
    );
    assert_eq!(report.sent, 2);
    assert_eq!(report.remaining, 0);
    assert!(report.reached_server);
    assert_eq!(report.audits.len(), 1);
    assert_eq!(report.audits[0].id, draft.audit_id);
    assert!(outbox.entries().await.expect("entries").is_empty());

    // Nothing left: a second drain sends nothing (one audit on the server, not two).
    let report = drain(&outbox, &server, draft.user_id, at(4)).await;
    assert_eq!(report.sent, 0);
    assert_eq!(server.stored.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn offline_stops_the_drain_and_backs_off() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    let photo = jpeg_in_store(&db, 2).await;
    queue(&outbox, draft.user_id, upload(&photo), 1).await;
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 1).await;

    let now: DateTime<Utc> = at(2);
    let server = FakeServer::answering(vec![Err(offline())]);
    let report = drain(&outbox, &server, draft.user_id, now).await;
    // The photo failed, so the audit that needs it was not tried.
    assert_eq!(server.calls().len(), 1);
    assert_eq!(report.sent, 0);
    assert_eq!(report.remaining, 2);
    assert!(!report.reached_server);
    assert_eq!(report.retry_at, Some(now + backoff(1)));
    let first = &outbox.entries().await.expect("entries")[0];
    assert_eq!(first.attempts, 1);
    assert!(first.last_error.is_some());

    // Before the retry time nothing is tried.
    let report = drain(&outbox, &server, draft.user_id, now + TimeDelta::seconds(1)).await;
    assert_eq!(server.calls().len(), 1);
    assert_eq!(report.retry_at, Some(now + backoff(1)));

    // A server fault backs off longer.
    let server = FakeServer::answering(vec![Err(refused(
        503,
        ErrorCode::Unavailable,
        "restarting",
    ))]);
    let later = now + backoff(1);
    let report = drain(&outbox, &server, draft.user_id, later).await;
    assert!(report.reached_server);
    assert_eq!(report.retry_at, Some(later + backoff(2)));

    // Back online: everything goes, in order.
    let server = FakeServer::default();
    let report = drain(&outbox, &server, draft.user_id, later + backoff(2)).await;
    assert_eq!(report.sent, 2);
    assert_eq!(report.remaining, 0);
}

#[wasm_bindgen_test]
async fn backoff_doubles_up_to_five_minutes() {
    assert_eq!(backoff(1), TimeDelta::seconds(5));
    assert_eq!(backoff(2), TimeDelta::seconds(10));
    assert_eq!(backoff(3), TimeDelta::seconds(20));
    assert_eq!(backoff(7), TimeDelta::seconds(300));
    assert_eq!(backoff(1000), TimeDelta::seconds(300));
}

#[wasm_bindgen_test]
async fn an_ended_session_keeps_everything_for_after_sign_in() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 1).await;
    let server = FakeServer::answering(vec![Err(refused(
        401,
        ErrorCode::Unauthenticated,
        "sign in",
    ))]);
    let report = drain(&outbox, &server, draft.user_id, at(2)).await;
    assert!(report.unauthenticated);
    assert_eq!(report.remaining, 1);
    let entry = &outbox.entries().await.expect("entries")[0];
    assert_eq!(entry.attempts, 0, "a 401 is not the job's fault");
}

#[wasm_bindgen_test]
async fn a_refused_audit_leaves_the_outbox_reported_and_the_rest_goes_on() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    let photo = jpeg_in_store(&db, 3).await;
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 1).await;
    queue(&outbox, draft.user_id, upload(&photo), 2).await;
    let server = FakeServer::answering(vec![Err(refused(
        422,
        ErrorCode::InvalidInput,
        "\"Item 1\" must be answered before submitting",
    ))]);
    let report = drain(&outbox, &server, draft.user_id, at(3)).await;
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].error.status(), Some(422));
    assert_eq!(report.sent, 1, "the photo after it still went");
    assert_eq!(report.remaining, 0);
    assert!(outbox.entries().await.expect("entries").is_empty());
}

#[wasm_bindgen_test]
async fn a_photo_no_longer_on_the_device_is_reported() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let user = Uuid::now_v7();
    queue(&outbox, user, upload(&sha(9)), 1).await;
    let server = FakeServer::default();
    let report = drain(&outbox, &server, user, at(2)).await;
    assert!(server.calls().is_empty());
    assert_eq!(report.rejected.len(), 1);
    assert!(
        report
            .error
            .is_some_and(|e| e.contains("no longer on this device"))
    );
}

#[wasm_bindgen_test]
async fn only_the_signed_in_users_jobs_are_sent() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    let someone_else = Uuid::now_v7();
    queue(
        &outbox,
        someone_else,
        Job::PutAudit {
            audit_id: Uuid::now_v7(),
            input: input.clone(),
        },
        1,
    )
    .await;
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 2).await;
    let server = FakeServer::default();
    let report = drain(&outbox, &server, draft.user_id, at(3)).await;
    assert_eq!(report.sent, 1);
    assert_eq!(
        server.calls(),
        vec![format!("audit {} submitted", draft.audit_id)]
    );
    assert_eq!(
        outbox
            .entries_of(someone_else)
            .await
            .expect("entries")
            .len(),
        1
    );
}

#[wasm_bindgen_test]
async fn the_store_survives_reopening() {
    let name = format!("touchstone-test-{}", Uuid::now_v7());
    let (draft, input) = submission(0);
    {
        let db = Db::open(&name).await.expect("open");
        drafts::put(&db, &draft).await.expect("put");
        Outbox::new(db.clone())
            .enqueue(
                draft.user_id,
                Job::PutAudit {
                    audit_id: draft.audit_id,
                    input,
                },
                at(1),
            )
            .await
            .expect("enqueue");
    }
    let db = Db::open(&name).await.expect("reopen");
    assert_eq!(
        drafts::get(&db, draft.input.assignment_id)
            .await
            .expect("get"),
        Some(draft.clone())
    );
    assert_eq!(Outbox::new(db).entries().await.expect("entries").len(), 1);
}

#[wasm_bindgen_test]
async fn the_network_coming_back_makes_waiting_jobs_due_at_once() {
    let db = fresh_db().await;
    let outbox = Outbox::new(db.clone());
    let (draft, input) = submission(0);
    queue(&outbox, draft.user_id, put_audit(&draft, &input), 1).await;
    for minute in 2..6 {
        let server = FakeServer::answering(vec![Err(offline())]);
        drain(&outbox, &server, draft.user_id, at(minute)).await;
    }
    let waiting = &outbox.entries().await.expect("entries")[0];
    assert_eq!(waiting.attempts, 4);
    assert!(waiting.next_attempt_at > at(5));

    outbox
        .make_due(draft.user_id, at(5))
        .await
        .expect("make due");
    let server = FakeServer::default();
    let report = drain(&outbox, &server, draft.user_id, at(5)).await;
    assert_eq!(report.sent, 1);
}
