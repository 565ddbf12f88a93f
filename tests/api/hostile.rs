//! Hostile input, one test per row. Each row is refused with a 4xx and the error envelope,
//! or — for text that merely looks dangerous — stored and returned byte for byte, inert.
//!
//! | row | input | answer |
//! |---|---|---|
//! | malformed JSON | `{"name": ` | 400 `invalid_input` |
//! | huge JSON | 2 MiB body | 413 `payload_too_large` |
//! | deep nesting | 10 000 nested arrays | 400 `invalid_input` |
//! | wrong types | number for a string | 400 with the field |
//! | unknown fields | `{"name": "x", "admin": true}` | 400 naming the field |
//! | NUL characters | `\u0000` in JSON text or `%00` in a query | 400 |
//! | injection strings | SQL, HTML, template, path traversal in every text field | stored verbatim |
//! | path traversal in a photo reference | `../../etc/passwd` as a sha256 | 422 |
//! | cursor tampering | `cursor=' OR 1=1 --` | 200, compared as text |
//! | slow trickle upload | a photo body at 80 bytes/s against a minimum of 1000 | 408 `unavailable` soon after the grace period; the upload slot is freed and others are served meanwhile |
//! | slow steady upload | a photo over 3 s with a 1 s request timeout; a JSON body as slow | the photo is stored (uploads have their own timeout); the JSON gets 408 at 1 s |
//!
//! Pixel bombs, truncated JPEGs, polyglots, oversized (50 MB) uploads and files that are not
//! images are rows of `photos.rs` (`hostile_and_broken_uploads_are_refused_and_store_nothing`),
//! CSV formula injection in exports a row of `exports.rs`.

use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{Answer, AnswerValue, Audit, AuditStatus, TouchpointNote};
use touchstone_shared::client::Client;
use touchstone_shared::location::Location;
use touchstone_shared::page::Page;
use touchstone_shared::photo::Photo;
use touchstone_tests::session::Reply;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

const NASTY: [&str; 6] = [
    "'; DROP TABLE audits; --",
    "<script>alert(document.cookie)</script>",
    "{{7*7}} ${7*7} #{7*7}",
    "../../../../etc/passwd",
    "=HYPERLINK(\"http://evil.example\")",
    "Robert'); DELETE FROM users WHERE ('1'='1 gnp.exe",
];

/// A right-to-left override: refused in names (`tests/api/bad_input.rs`), kept verbatim in
/// free text.
const BIDI: &str = "invoice \u{202e}gnp.exe";

fn assert_refused(reply: &Reply, status: u16) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    assert!(
        reply.body["error"]["code"].is_string(),
        "error envelope: {}",
        reply.body
    );
    assert!(
        reply.body["error"]["message"].is_string(),
        "error envelope: {}",
        reply.body
    );
}

async fn raw(w: &World, body: String) -> Reply {
    w.consultant
        .send_raw(
            Method::POST,
            "/api/v1/clients",
            "application/json",
            body.into_bytes(),
        )
        .await
}

#[tokio::test]
async fn malformed_json() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-malformed").await;
    assert_refused(&raw(&w, "{\"name\": ".into()).await, 400);
}

#[tokio::test]
async fn huge_json() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-huge").await;
    let body = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    assert_refused(&raw(&w, body).await, 413);
}

#[tokio::test]
async fn deep_nesting() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-deep").await;
    let body = format!("{{\"name\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert_refused(&raw(&w, body).await, 400);
}

#[tokio::test]
async fn wrong_types() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-types").await;
    let reply = raw(
        &w,
        "{\"name\": [\"x\"], \"target_percent\": \"high\"}".into(),
    )
    .await;
    assert_refused(&reply, 400);
    assert_eq!(reply.body["error"]["field"], "name");
}

#[tokio::test]
async fn unknown_fields() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-unknown").await;
    let reply = raw(
        &w,
        "{\"name\": \"x\", \"org_id\": \"someone else's\"}".into(),
    )
    .await;
    assert_refused(&reply, 400);
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("org_id")
    );
    let mut audit = serde_json::to_value(w.audit(w.assignment.id, AuditStatus::Draft, w.perfect()))
        .expect("json");
    audit["score"] = json!({"total": {"earned": 99, "possible": 99}});
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &audit)
        .await;
    assert_refused(&reply, 400);
}

#[tokio::test]
async fn nul_characters() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-nul").await;
    assert_refused(&raw(&w, "{\"name\": \"a\\u0000b\"}".into()).await, 400);
    let login = app
        .session()
        .send_raw(
            Method::POST,
            "/api/v1/auth/login",
            "application/json",
            b"{\"email\": \"a\\u0000@x.test\", \"password\": \"p\"}".to_vec(),
        )
        .await;
    assert_refused(&login, 400);
    assert_refused(&w.consultant.get("/api/v1/clients?cursor=%00").await, 400);
    assert_refused(
        &w.consultant
            .get(&format!(
                "/api/v1/scorecards?client_id={}&region=a%00",
                w.client.id
            ))
            .await,
        400,
    );
}

#[tokio::test]
async fn injection_strings_are_stored_verbatim_and_stay_inert() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-inject").await;
    for text in NASTY {
        let client: Client = w
            .consultant
            .post("/api/v1/clients", &json!({"name": text}))
            .await
            .expect(201);
        assert_eq!(client.name, text);
        let location: Location = w
            .consultant
            .post(
                "/api/v1/locations",
                &json!({"client_id": client.id, "code": text, "name": text, "address": text, "region": text,
                    "position": {"lat": 1.0, "lon": 2.0}, "time_zone": "UTC"}),
            )
            .await
            .expect(201);
        assert_eq!(
            (
                location.code.as_str(),
                location.address.as_str(),
                location.region.as_str()
            ),
            (text, text, text)
        );
        let card = w
            .consultant
            .get(&format!(
                "/api/v1/scorecards?client_id={}&region={}",
                client.id,
                urlencode(text)
            ))
            .await;
        assert_eq!(card.status.as_u16(), 200, "{}", card.body);
    }
    let mut audit = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    audit.answers[4].value = AnswerValue::Text(format!("{} | {BIDI}", NASTY.join(" | ")));
    audit
        .answers
        .iter_mut()
        .for_each(|a: &mut Answer| a.comment = NASTY[0].into());
    audit.touchpoint_notes = vec![TouchpointNote {
        touchpoint_id: w.touchpoint(1),
        emotion: Some(-2),
        pain_point: NASTY[1].into(),
        photos: Vec::new(),
    }];
    audit.visit.position_error = Some(NASTY[2].into());
    let id = Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &audit)
        .await
        .expect::<Audit>(201);
    let stored: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert_eq!(stored.answers, audit.answers);
    assert_eq!(stored.touchpoint_notes, audit.touchpoint_notes);
    let clients: Page<Client> = w
        .consultant
        .get("/api/v1/clients?limit=500")
        .await
        .expect(200);
    assert_eq!(
        clients.items.len(),
        1 + NASTY.len(),
        "every table still there, nothing deleted"
    );
}

#[tokio::test]
async fn path_traversal_in_a_photo_reference() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-path").await;
    let mut audit = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    audit.answers[6].photos = vec!["../../../etc/passwd".into()];
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &audit)
        .await;
    assert_refused(&reply, 422);
    assert_eq!(reply.body["error"]["field"], "answers[6].photos[0]");
}

#[tokio::test]
async fn cursor_tampering() {
    let app = TestApp::new().await;
    let w = World::build(&app, "h-cursor").await;
    let page: Page<Client> = w
        .consultant
        .get("/api/v1/clients?cursor=%27%20OR%201%3D1%20--")
        .await
        .expect(200);
    // `'` sorts before every id, so the tampered cursor is just an early position.
    let ids: Vec<Uuid> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [w.client.id], "compared as text, never executed");
}

#[tokio::test]
async fn slow_trickle_upload() {
    let app = TestApp::with_config(|c| {
        c.upload_grace_secs = 1;
        c.upload_min_bytes_per_sec = 1000;
        // One upload slot: the trickle holds it until it is cut off.
        c.evidence.photo_uploads = Some(1);
    })
    .await;
    let w = World::build(&app, "h-trickle").await;
    let token = w.auditor.bearer_token("trickle").await;
    let started = Instant::now();
    // 8 bytes every 100 ms.
    let trickle = tokio::spawn(paced_request(
        app.connect_raw().await,
        token,
        "/api/v1/photos",
        fixtures::jpeg(640, 480),
        (8, Duration::from_millis(100)),
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Meanwhile the server answers others: JSON at once, an upload once the slot is free.
    let asked = Instant::now();
    assert_eq!(w.consultant.get("/api/v1/clients").await.status, 200);
    assert!(asked.elapsed() < Duration::from_millis(500));
    let other = w
        .auditor
        .send_raw(
            Method::POST,
            "/api/v1/photos",
            "image/jpeg",
            fixtures::jpeg(320, 240),
        )
        .await;
    let _: Photo = other.expect(201);

    let reply = tokio::time::timeout(Duration::from_secs(10), trickle)
        .await
        .expect("the server cut the trickle off in bounded time")
        .expect("trickle task");
    let cut_after = started.elapsed();
    assert_error_reply(&reply, 408);
    assert!(
        cut_after < Duration::from_secs(4),
        "cut off after {cut_after:?}"
    );
}

/// A photo on a slow but steady link outlasts the request timeout (uploads have their own,
/// longer one); a JSON body as slow is abandoned at the request timeout.
#[tokio::test]
async fn slow_steady_upload_outlasts_the_request_timeout() {
    let app = TestApp::with_config(|c| {
        c.request_timeout_secs = 1;
        c.upload_timeout_secs = 30;
        c.upload_grace_secs = 1;
        c.upload_min_bytes_per_sec = 1000;
    })
    .await;
    let w = World::build(&app, "h-steady").await;
    let token = w.auditor.bearer_token("steady").await;
    let photo = fixtures::jpeg(640, 480);
    // Twelve pieces, 250 ms apart: about 3 s in all, well above the minimum rate.
    let piece = photo.len().div_ceil(12);
    assert!(
        piece * 4 > 1000,
        "the photo is sent faster than the minimum rate"
    );
    let reply = paced_request(
        app.connect_raw().await,
        token,
        "/api/v1/photos",
        photo,
        (piece, Duration::from_millis(250)),
    )
    .await;
    assert!(
        reply.starts_with("HTTP/1.1 201"),
        "a steady upload is stored: {reply}"
    );

    let started = Instant::now();
    let body = json!({"name": "Slow JSON", "target_percent": 80.0}).to_string();
    let reply = paced_request(
        app.connect_raw().await,
        w.consultant.bearer_token("steady").await,
        "/api/v1/clients",
        body.into_bytes(),
        (4, Duration::from_millis(250)),
    )
    .await;
    assert_error_reply(&reply, 408);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// Sends a POST over a raw connection with its body in `(bytes, pause)` pieces and returns
/// the raw response; the writes stop once the server has hung up.
pub(crate) async fn paced_request(
    (stream, addr): (tokio::net::TcpStream, String),
    token: String,
    path: &'static str,
    body: Vec<u8>,
    (piece, pause): (usize, Duration),
) -> String {
    let (mut read, mut write) = stream.into_split();
    let content_type = if path.ends_with("photos") {
        "image/jpeg"
    } else {
        "application/json"
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    write.write_all(head.as_bytes()).await.expect("head");
    let writer = tokio::spawn(async move {
        for chunk in body.chunks(piece) {
            if write.write_all(chunk).await.is_err() {
                return;
            }
            tokio::time::sleep(pause).await;
        }
        // Dropping the write half would half-close the connection, which the server takes
        // as the client going away: hold it until the response is read.
        std::future::pending::<()>().await;
    });
    let reply = read_response(&mut read).await;
    writer.abort();
    reply
}

/// A raw response with this status and the error envelope.
pub(crate) fn assert_error_reply(reply: &str, status: u16) {
    assert!(
        reply.starts_with(&format!("HTTP/1.1 {status}")),
        "expected {status}: {reply}"
    );
    let body = &reply[reply.find("\r\n\r\n").expect("head") + 4..];
    let body: serde_json::Value = serde_json::from_str(body).expect("error envelope");
    assert!(body["error"]["message"].is_string(), "{body}");
}

async fn read_response(read: &mut tokio::net::tcp::OwnedReadHalf) -> String {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = read.read(&mut buffer).await.expect("read");
        bytes.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if bytes.len() >= end + 4 + length {
                return text;
            }
        }
        if n == 0 {
            return text;
        }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
