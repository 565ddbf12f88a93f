//! Evidence photos through HTTP: upload, idempotency, hostile files, who may see what, and
//! proof-of-visit flags at submission. Runs on the disk or the S3 store
//! (`TOUCHSTONE_TEST_STORE`), on SQLite or PostgreSQL.

use chrono::{Duration, NaiveDateTime, Utc};
use reqwest::{Method, StatusCode};
use sha2::{Digest, Sha256};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use touchstone_server::evidence::fixtures::{self, ExifSpec};
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::photo::Photo;
use touchstone_shared::user::Role;
use touchstone_shared::verify::FlagKind;
use touchstone_tests::session::Reply;
use touchstone_tests::world::{PASSWORD, create_user};
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The world's location (Chiado, Lisbon).
const SHOP: (f64, f64) = (38.7107, -9.1420);

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) async fn upload(session: &Session, bytes: &[u8]) -> Reply {
    session
        .send_raw(Method::POST, "/api/v1/photos", "image/jpeg", bytes.to_vec())
        .await
}

/// A GET returning raw bytes.
pub(crate) struct Binary {
    pub(crate) status: StatusCode,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

pub(crate) async fn fetch(session: &Session, sha256: &str, rendition: &str) -> Binary {
    let response = session
        .request(Method::GET, &format!("/api/v1/photos/{sha256}/{rendition}"))
        .send()
        .await
        .expect("request sent");
    Binary {
        status: response.status(),
        headers: response.headers().clone(),
        bytes: response.bytes().await.expect("body").to_vec(),
    }
}

fn header<'a>(b: &'a Binary, name: &str) -> &'a str {
    b.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A photo taken at the shop during the visit the world's audits describe.
fn shop_photo(seed: u32) -> Vec<u8> {
    let taken = (Utc::now() - Duration::minutes(20)).naive_utc();
    fixtures::with_exif(
        &fixtures::encode_jpeg(&fixtures::picture(960, 720, seed), 85),
        &ExifSpec {
            taken_at: Some(taken),
            offset: Some("+00:00".into()),
            gps: Some((SHOP.0 + 0.0002, SHOP.1)),
            accuracy_m: Some(8.0),
            orientation: Some(1),
            ..ExifSpec::default()
        },
    )
}

async fn photo_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM photos")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn an_upload_is_stored_once_and_served_without_its_exif() {
    let app = TestApp::new().await;
    let w = World::build(&app, "upload").await;
    let bytes = shop_photo(1);
    let photo: Photo = upload(&w.auditor, &bytes).await.expect(201);
    assert_eq!(photo.sha256, sha(&bytes));
    assert_eq!(photo.mime, "image/jpeg");
    assert_eq!((photo.width, photo.height), (960, 720));
    assert_eq!(photo.byte_size, bytes.len() as u64);
    assert!(photo.taken_at.is_some(), "EXIF time with its offset");

    // A retried upload answers the stored photo and stores nothing new.
    let again: Photo = upload(&w.auditor, &bytes).await.expect(200);
    assert_eq!(again, photo);
    assert_eq!(photo_rows(&app).await, 1);

    let display = fetch(&w.auditor, &photo.sha256, "display").await;
    assert_eq!(display.status, StatusCode::OK);
    assert_eq!(header(&display, "content-type"), "image/jpeg");
    assert_eq!(header(&display, "x-content-type-options"), "nosniff");
    assert!(header(&display, "cache-control").starts_with("private"));
    let thumb = fetch(&w.auditor, &photo.sha256, "thumb").await;
    assert_eq!(thumb.status, StatusCode::OK);
    for (name, rendition, max) in [("display", &display, 1600), ("thumb", &thumb, 320)] {
        assert!(!contains(&rendition.bytes, b"Exif\0\0"), "{name} has EXIF");
        assert!(
            !contains(&rendition.bytes, b"II\x2A\0"),
            "{name} has a TIFF block"
        );
        let image = image::load_from_memory(&rendition.bytes).expect("decodes");
        assert!(image.width().max(image.height()) <= max, "{name} size");
    }
    assert_eq!(
        image::load_from_memory(&thumb.bytes)
            .expect("thumb")
            .width(),
        320
    );
    let original = fetch(&w.auditor, &photo.sha256, "original").await;
    assert_eq!(original.status, StatusCode::OK);
    assert_eq!(original.bytes, bytes, "the original is kept as uploaded");
    assert!(header(&original, "content-disposition").starts_with("attachment"));
}

#[tokio::test]
async fn the_content_type_served_is_what_the_bytes_are() {
    let app = TestApp::new().await;
    let w = World::build(&app, "sniffed").await;
    // A PNG announced as a JPEG.
    let png = fixtures::png(400, 300, false);
    let photo: Photo = upload(&w.auditor, &png).await.expect(201);
    assert_eq!(photo.mime, "image/png");
    let original = fetch(&w.auditor, &photo.sha256, "original").await;
    assert_eq!(header(&original, "content-type"), "image/png");
    let display = fetch(&w.auditor, &photo.sha256, "display").await;
    assert_eq!(header(&display, "content-type"), "image/jpeg");
    assert!(display.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
}

#[tokio::test]
async fn hostile_and_broken_uploads_are_refused_and_store_nothing() {
    let app = TestApp::with_config(|c| c.evidence.max_photo_bytes = 400_000).await;
    let w = World::build(&app, "hostile").await;
    let jpeg = fixtures::jpeg(640, 480);
    let mut polyglot = jpeg.clone();
    polyglot
        .extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x08\x00shell.php<?php system($_GET['c']);");
    let mut big = fixtures::encode_jpeg(&fixtures::picture(1200, 1200, 3), 100);
    while big.len() <= 400_000 {
        big.extend_from_slice(&[0; 65_536]);
    }
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "pixel bomb PNG",
            fixtures::png_bomb(100_000, 100_000),
            422,
            "invalid_input",
        ),
        (
            "pixel bomb JPEG",
            fixtures::jpeg_bomb(65_000, 65_000),
            422,
            "invalid_input",
        ),
        (
            "truncated JPEG",
            jpeg[..jpeg.len() / 2].to_vec(),
            422,
            "invalid_input",
        ),
        ("polyglot", polyglot, 422, "invalid_input"),
        (
            "text named .jpg",
            b"<html><script>alert(1)</script>".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (
            "PDF",
            b"%PDF-1.7\n1 0 obj\n".to_vec(),
            415,
            "unsupported_media_type",
        ),
        ("empty", Vec::new(), 400, "invalid_input"),
        ("over the limit", big, 413, "payload_too_large"),
    ];
    for (name, bytes, status, code) in cases {
        let started = Instant::now();
        let reply = upload(&w.auditor, &bytes).await;
        assert_eq!(reply.status.as_u16(), status, "{name}: {}", reply.body);
        assert_eq!(reply.error_code(), code, "{name}: {}", reply.body);
        assert!(
            !reply.body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{name}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(photo_rows(&app).await, 0);
    // The server is still well.
    let ok: Photo = upload(&w.auditor, &fixtures::jpeg(300, 200))
        .await
        .expect(201);
    assert_eq!(ok.width, 300);
}

#[tokio::test]
async fn an_oversized_body_without_a_length_is_cut_off_while_streaming() {
    let app = TestApp::with_config(|c| c.evidence.max_photo_bytes = 100_000).await;
    let w = World::build(&app, "stream").await;
    let token = w.auditor.bearer_token("stream").await;
    let (mut stream, address) = app.connect_raw().await;
    let head = format!(
        "POST /api/v1/photos HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    // Up to 2 MB in 16 KiB chunks; the server answers (and may close) once past 100 kB.
    let chunk = vec![0xFFu8; 16 * 1024];
    for _ in 0..128 {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(&chunk);
        framed.extend_from_slice(b"\r\n");
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

#[tokio::test]
async fn photos_are_served_only_to_those_who_may_see_an_audit_using_them() {
    let app = TestApp::new().await;
    let w = World::build(&app, "access").await;
    let bytes = shop_photo(2);
    let photo: Photo = upload(&w.auditor, &bytes).await.expect(201);
    let sha = photo.sha256.clone();
    let other_auditor_user = create_user(&w.admin, "access-2", Role::Auditor, &[]).await;
    let other_auditor = app.session();
    other_auditor
        .login(&other_auditor_user.email, PASSWORD)
        .await;
    let stranger = World::build(&app, "access-other").await;

    // Uploaded but in no audit: the uploader only.
    assert_eq!(
        fetch(&w.auditor, &sha, "display").await.status,
        StatusCode::OK
    );
    for session in [&w.consultant, &w.manager, &other_auditor, &stranger.admin] {
        assert_eq!(
            fetch(session, &sha, "display").await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        fetch(&app.session(), &sha, "display").await.status,
        StatusCode::UNAUTHORIZED
    );

    // In a submitted audit: staff see it, the manager not yet (not approved).
    let id = Uuid::now_v7();
    let input = w.audit_with_photos(w.assignment.id, AuditStatus::Submitted, &[&sha]);
    let _: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect(201);
    for session in [&w.consultant, &w.admin] {
        assert_eq!(fetch(session, &sha, "display").await.status, StatusCode::OK);
        assert_eq!(
            fetch(session, &sha, "original").await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        fetch(&w.manager, &sha, "thumb").await.status,
        StatusCode::NOT_FOUND
    );

    // Approved: the manager sees the renditions, never the original.
    w.approve(id).await;
    assert_eq!(
        fetch(&w.manager, &sha, "display").await.status,
        StatusCode::OK
    );
    assert_eq!(
        fetch(&w.manager, &sha, "thumb").await.status,
        StatusCode::OK
    );
    let original = fetch(&w.manager, &sha, "original").await;
    assert_eq!(original.status, StatusCode::FORBIDDEN);
    assert!(!contains(&original.bytes, &bytes[..64]));

    // Never across auditors or organisations, whatever the id looks like.
    assert_eq!(
        fetch(&other_auditor, &sha, "display").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&stranger.consultant, &sha, "display").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&w.consultant, &sha, "raw").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&w.consultant, "..%2F..%2Fetc%2Fpasswd", "display")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&w.consultant, &sha.to_uppercase(), "display")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Managers upload photos of a corrective action's fix; until an action shows one, only
/// they see it (the rest is `review::photos_of_a_fix_are_seen_by_those_who_see_the_action`).
#[tokio::test]
async fn a_manager_s_upload_is_theirs_alone_until_an_action_shows_it() {
    let app = TestApp::new().await;
    let w = World::build(&app, "mgr-upload").await;
    let reply = upload(&w.manager, &fixtures::jpeg(100, 100)).await;
    let photo: Photo = reply.expect(201);
    assert_eq!(photo_rows(&app).await, 1);
    assert_eq!(
        fetch(&w.manager, &photo.sha256, "thumb").await.status,
        StatusCode::OK
    );
    for other in [&w.consultant, &w.auditor] {
        assert_eq!(
            fetch(other, &photo.sha256, "thumb").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn submitting_with_a_photo_that_was_never_uploaded_is_422() {
    let app = TestApp::new().await;
    let w = World::build(&app, "missing").await;
    let missing = sha(b"never uploaded");
    // A draft may refer to a photo still in the phone's outbox…
    let id = Uuid::now_v7();
    let draft = w.audit_with_photos(w.assignment.id, AuditStatus::Draft, &[&missing]);
    let _: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &draft)
        .await
        .expect(201);
    // …a submission may not.
    let submitted = w.audit_with_photos(w.assignment.id, AuditStatus::Submitted, &[&missing]);
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &submitted)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "answers[7].photos[0]");
}

#[tokio::test]
async fn flags_are_computed_at_submission_and_shown_to_reviewers_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "flags").await;
    // A photo taken the day before, 3 km away.
    let yesterday: NaiveDateTime = (Utc::now() - Duration::days(1)).naive_utc();
    let bytes = fixtures::with_exif(
        &fixtures::jpeg(640, 480),
        &ExifSpec {
            taken_at: Some(yesterday),
            offset: Some("+00:00".into()),
            gps: Some((SHOP.0 + 0.027, SHOP.1)),
            ..ExifSpec::default()
        },
    );
    let photo: Photo = upload(&w.auditor, &bytes).await.expect(201);
    let mut input = w.audit_with_photos(w.assignment.id, AuditStatus::Draft, &[&photo.sha256]);
    // Checked in 500 m away, with 35 m accuracy.
    input.visit.position = Some(touchstone_shared::location::LatLon {
        lat: SHOP.0 + 0.0045,
        lon: SHOP.1,
    });
    input.visit.accuracy_m = Some(35.0);
    let id = Uuid::now_v7();
    let draft: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect(201);
    assert!(draft.flags.is_empty());
    let staff_view: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert!(staff_view.flags.is_empty(), "drafts are not judged");

    input.status = AuditStatus::Submitted;
    let submitted: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect(200);
    assert!(submitted.flags.is_empty(), "auditors do not see flags");
    let reviewed: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    let kinds: Vec<FlagKind> = reviewed.flags.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        vec![
            FlagKind::OutsideGeofence,
            FlagKind::PhotoTimeOutsideVisit,
            FlagKind::PhotoOutsideGeofence
        ],
        "{:#?}",
        reviewed.flags
    );
    let geofence = &reviewed.flags[0];
    let distance = geofence.figures.distance_m.expect("distance");
    assert!((480.0..520.0).contains(&distance), "{distance}");
    assert!(
        geofence.message.contains("accuracy 35 m") && geofence.message.contains("radius 150 m"),
        "{}",
        geofence.message
    );
    assert_eq!(
        reviewed.flags[2].figures.photo.as_deref(),
        Some(photo.sha256.as_str())
    );

    // The approved audit reaches the manager without the flags.
    let approved = w.approve(id).await;
    assert_eq!(approved.flags.len(), 3);
    let managed: Audit = w
        .manager
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert!(managed.flags.is_empty());
}

#[tokio::test]
async fn a_clean_visit_with_a_good_photo_has_no_flags() {
    let app = TestApp::new().await;
    let w = World::build(&app, "clean").await;
    let photo: Photo = upload(&w.auditor, &shop_photo(5)).await.expect(201);
    let id = Uuid::now_v7();
    let input = w.audit_with_photos(w.assignment.id, AuditStatus::Submitted, &[&photo.sha256]);
    let _: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect(201);
    let reviewed: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert!(reviewed.flags.is_empty(), "{:#?}", reviewed.flags);
}

#[tokio::test]
async fn a_photo_reused_from_another_audit_is_flagged_even_re_encoded() {
    let app = TestApp::new().await;
    let w = World::build(&app, "reuse").await;
    let picture = fixtures::picture(960, 720, 9);
    let first_bytes = fixtures::encode_jpeg(&picture, 90);
    let first: Photo = upload(&w.auditor, &first_bytes).await.expect(201);
    let first_audit = Uuid::now_v7();
    let input = w.audit_with_photos(w.assignment.id, AuditStatus::Submitted, &[&first.sha256]);
    let _: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{first_audit}"), &input)
        .await
        .expect(201);

    // The same file, and the same picture saved again at another quality.
    let look_alike: Photo = upload(&w.auditor, &fixtures::encode_jpeg(&picture, 60))
        .await
        .expect(201);
    assert_ne!(look_alike.sha256, first.sha256);
    let second = w.new_assignment().await;
    let second_audit = Uuid::now_v7();
    let input = w.audit_with_photos(
        second.id,
        AuditStatus::Submitted,
        &[&first.sha256, &look_alike.sha256],
    );
    let _: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{second_audit}"), &input)
        .await
        .expect(201);
    let reviewed: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{second_audit}"))
        .await
        .expect(200);
    let reused: Vec<_> = reviewed
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::PhotoReused)
        .collect();
    assert_eq!(reused.len(), 2, "{:#?}", reviewed.flags);
    assert_eq!(
        reused[0].figures.photo.as_deref(),
        Some(first.sha256.as_str())
    );
    assert_eq!(reused[0].figures.hamming_distance, Some(0));
    assert_eq!(reused[0].figures.other_audit_id, Some(first_audit));
    assert_eq!(
        reused[1].figures.photo.as_deref(),
        Some(look_alike.sha256.as_str())
    );
    assert_eq!(
        reused[1].figures.other_photo.as_deref(),
        Some(first.sha256.as_str())
    );
    assert!(reused[1].figures.hamming_distance.is_some_and(|d| d <= 6));
    assert!(
        reused[1].message.contains("looks like"),
        "{}",
        reused[1].message
    );

    // The first audit, judged before the second existed, is not flagged.
    let earlier: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{first_audit}"))
        .await
        .expect(200);
    assert!(earlier.flags.is_empty(), "{:#?}", earlier.flags);
}

#[tokio::test]
async fn concurrent_uploads_of_one_photo_store_it_once() {
    // Four at once from one user and address: past the default share (2), which the
    // upload-fairness tests cover.
    let app = TestApp::with_config(|c| c.evidence.photo_uploads_per_address = 4).await;
    let w = World::build(&app, "race").await;
    let bytes = shop_photo(11);
    let replies = futures_join(
        (0..4)
            .map(|_| {
                let session = w.auditor.clone();
                let bytes = bytes.clone();
                tokio::spawn(async move { upload(&session, &bytes).await })
            })
            .collect(),
    )
    .await;
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(replies.iter().all(|r| r.status.is_success()));
    assert_eq!(photo_rows(&app).await, 1);
}

#[tokio::test]
async fn the_store_writes_each_photo_once_even_when_raced() {
    let app = TestApp::new().await;
    let processed = touchstone_server::evidence::process(
        bytes::Bytes::from(shop_photo(12)),
        &touchstone_server::evidence::Limits::default(),
    )
    .expect("processed");
    let store = app.state.evidence.store.clone();
    let results = futures_join(
        (0..4)
            .map(|_| {
                let store = store.clone();
                let photo = processed.clone();
                tokio::spawn(async move { store.put(&photo).await.expect("put") })
            })
            .collect(),
    )
    .await;
    use touchstone_server::evidence::{Rendition, Stored};
    let new = results.iter().filter(|s| **s == Stored::New).count();
    assert_eq!(new, 1, "put-if-absent: {results:?}");
    let original = store
        .get(&processed.sha256, Rendition::Original)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(original, processed.original);
}

async fn futures_join<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn uploads_past_the_buffering_slots_wait_then_get_503() {
    let app = TestApp::with_config(|c| {
        c.evidence.photo_uploads = Some(1);
        // Within its grace the slow phone is not cut for the next upload (see
        // tests/api/upload_fairness.rs for when it is).
        c.upload_grace_secs = 60;
    })
    .await;
    let w = World::build(&app, "slots").await;
    let token = w.auditor.bearer_token("slow").await;
    // A slow phone holds the only slot: it announces 200 kB and sends 1 kB.
    let (mut slow, address) = app.connect_raw().await;
    let head = format!(
        "POST /api/v1/photos HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: image/jpeg\r\nContent-Length: 200000\r\n\r\n"
    );
    slow.write_all(head.as_bytes()).await.expect("head");
    slow.write_all(&[0xFF; 1024]).await.expect("some body");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let started = Instant::now();
    let reply = upload(&w.auditor, &fixtures::jpeg(100, 100)).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert_eq!(reply.error_code(), "unavailable");
    assert!(reply.headers.contains_key("retry-after"));
    assert!(started.elapsed() >= std::time::Duration::from_secs(5));
    drop(slow);
    // Once the slot is free, uploads go through again.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let _: Photo = upload(&w.auditor, &fixtures::jpeg(100, 100))
        .await
        .expect(201);
}

/// The bands of every photo's hash, as `(sha256, band_key)` in order.
async fn band_rows(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT sha256, band_key FROM photo_hash_bands ORDER BY sha256, band_key")
        .fetch_all(app.state.db.pool())
        .await
        .expect("bands")
}

#[tokio::test]
async fn the_hash_bands_an_upload_writes_are_the_ones_the_migration_computes() {
    let app = TestApp::new().await;
    let w = World::build(&app, "bands").await;
    for seed in 1..=6 {
        let bytes = fixtures::encode_jpeg(&fixtures::picture(320 + seed * 8, 240, seed), 85);
        let _: Photo = upload(&w.auditor, &bytes).await.expect(201);
    }
    let photos: Vec<(String, i64)> = sqlx::query_as("SELECT sha256, phash FROM photos")
        .fetch_all(app.state.db.pool())
        .await
        .expect("photos");
    assert!(
        photos.iter().any(|(_, h)| *h < 0),
        "a hash with the top bit set (stored negative) is among them: {photos:?}"
    );
    let mut expected: Vec<(String, i64)> = photos
        .iter()
        .flat_map(|(sha, h)| {
            touchstone_shared::verify::hash_bands(*h).map(|key| (sha.clone(), key))
        })
        .collect();
    expected.sort();
    assert_eq!(band_rows(&app).await, expected, "written at upload");

    // The migration's backfill, run again on the same photos, writes the same keys.
    let migration = match touchstone_tests::backend() {
        "postgres" => include_str!("../../migrations/postgres/0019_photo_hash_bands.sql"),
        _ => include_str!("../../migrations/sqlite/0019_photo_hash_bands.sql"),
    };
    let backfill = &migration[migration
        .find("INSERT INTO photo_hash_bands")
        .expect("the migration fills the bands")..];
    sqlx::query("DELETE FROM photo_hash_bands")
        .execute(app.state.db.pool())
        .await
        .expect("delete");
    sqlx::raw_sql(sqlx::AssertSqlSafe(backfill))
        .execute(app.state.db.pool())
        .await
        .expect("backfill");
    assert_eq!(band_rows(&app).await, expected, "computed by the migration");
}
