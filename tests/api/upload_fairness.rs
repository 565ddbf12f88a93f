//! Slow but legal uploads cannot hold every upload slot: a user gets a few, and when the
//! slots are full the slowest upload gives way (issue 16, finding 6).

use super::hostile::{assert_error_reply, paced_request};
use reqwest::Method;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use touchstone_server::evidence::fixtures;
use touchstone_shared::photo::Photo;
use touchstone_tests::{TestApp, World};

/// Starts a legal trickle: a photo at `piece` bytes per 100 ms, above the minimum of 1 KB/s.
async fn trickle(app: &TestApp, token: String, seed: u32, piece: usize) -> JoinHandle<String> {
    let photo = fixtures::encode_jpeg(&fixtures::picture(640, 480, seed), 90);
    let connection = app.connect_raw().await;
    tokio::spawn(paced_request(
        connection,
        token,
        "/api/v1/photos",
        photo,
        (piece, Duration::from_millis(100)),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickling_uploads_get_a_users_share_and_the_slowest_gives_way() {
    let app = TestApp::with_config(|c| {
        c.upload_grace_secs = 1;
        c.upload_min_bytes_per_sec = 1000;
        c.evidence.photo_uploads = Some(2);
    })
    .await;
    let w = World::build(&app, "fair").await;
    let token = w.auditor.bearer_token("trickles").await;
    let first = trickle(&app, token.clone(), 1, 120).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = trickle(&app, token.clone(), 2, 150).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A third from the same user and address is over their share: refused at once (503
    // with Retry-After, which clients retry).
    let asked = Instant::now();
    let third = trickle(&app, token, 3, 150).await.await.expect("third");
    assert_error_reply(&third, 503);
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );

    // Every slot is taken: a colleague's upload cuts the slowest trickle (1.2 KB/s, the
    // first; the second runs at 1.5 KB/s).
    let asked = Instant::now();
    let photo: Photo = w
        .consultant
        .send_raw(
            Method::POST,
            "/api/v1/photos",
            "image/jpeg",
            fixtures::jpeg(320, 240),
        )
        .await
        .expect(201);
    assert!(!photo.sha256.is_empty());
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "waited {:?}",
        asked.elapsed()
    );
    let cut = tokio::time::timeout(Duration::from_secs(5), first)
        .await
        .expect("the oldest trickle was cut")
        .expect("first");
    assert_error_reply(&cut, 408);
    assert!(!second.is_finished(), "the younger trickle goes on");
    second.abort();
}
