//! The web client's static files: precompressed `.br` / `.gz` written by the client build
//! are sent as they are, with their encoding, for files and for the app's routes
//! (index.html), and never compressed a second time.

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE};
use std::path::Path;
use touchstone_tests::TestApp;

const WASM: &[u8] = b"\0asm raw module bytes, long enough to be worth compressing on the fly";
const INDEX: &str = "<!doctype html><title>Touchstone</title><p>the app shell, uncompressed</p>";

/// A client build: each file with stand-ins for its `.br` and `.gz` (bytes no codec would
/// produce, so a reply that carries them is the precompressed file and nothing else), and a
/// service worker with neither, as `client/build.sh` leaves it.
fn write_build(dir: &Path) {
    std::fs::create_dir_all(dir.join("pkg")).expect("pkg dir");
    for (name, raw) in [
        ("pkg/field_bg.wasm", WASM),
        ("index.html", INDEX.as_bytes()),
    ] {
        std::fs::write(dir.join(name), raw).expect("file");
        std::fs::write(dir.join(format!("{name}.br")), format!("br of {name}")).expect("br");
        std::fs::write(dir.join(format!("{name}.gz")), format!("gz of {name}")).expect("gz");
    }
    let sw = "self.addEventListener('fetch', () => {}); // a service worker, not precompressed";
    std::fs::write(dir.join("sw.js"), sw).expect("sw.js");
}

/// A server with a client build as its static directory (kept while the folder lives).
async fn serving_a_build() -> (TestApp, tempfile::TempDir) {
    let build = tempfile::tempdir().expect("temp dir");
    write_build(build.path());
    let dir = build.path().to_path_buf();
    (
        TestApp::with_config(|c| c.static_dir = Some(dir)).await,
        build,
    )
}

async fn get(app: &TestApp, path: &str, encoding: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let reply = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .header(ACCEPT_ENCODING, encoding)
        .send()
        .await
        .expect("request sent");
    assert!(reply.status().is_success(), "{path}: {}", reply.status());
    let headers = reply.headers().clone();
    (headers, reply.bytes().await.expect("body").to_vec())
}

fn header(headers: &reqwest::header::HeaderMap, name: reqwest::header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn a_static_file_is_sent_precompressed_in_the_encoding_the_browser_accepts() {
    let (app, _build) = serving_a_build().await;

    let (headers, body) = get(&app, "/pkg/field_bg.wasm", "gzip, deflate, br").await;
    assert_eq!(header(&headers, CONTENT_ENCODING), "br");
    assert_eq!(
        header(&headers, CONTENT_TYPE),
        "application/wasm",
        "streamed compilation needs it"
    );
    assert_eq!(body, b"br of pkg/field_bg.wasm");

    let (headers, body) = get(&app, "/pkg/field_bg.wasm", "gzip").await;
    assert_eq!(header(&headers, CONTENT_ENCODING), "gzip");
    assert_eq!(body, b"gz of pkg/field_bg.wasm");

    let (headers, body) = get(&app, "/pkg/field_bg.wasm", "identity").await;
    assert_eq!(header(&headers, CONTENT_ENCODING), "");
    assert_eq!(body, WASM);
}

#[tokio::test]
async fn an_app_route_gets_the_precompressed_index_and_other_files_are_compressed_on_the_fly() {
    let (app, _build) = serving_a_build().await;

    for path in [
        "/",
        "/assignments/0192a0a0-0000-7000-8000-000000000000",
        "/review",
    ] {
        let (headers, body) = get(&app, path, "br").await;
        assert_eq!(header(&headers, CONTENT_ENCODING), "br", "{path}");
        assert!(
            header(&headers, CONTENT_TYPE).starts_with("text/html"),
            "{path}"
        );
        assert_eq!(body, b"br of index.html", "{path}");
    }

    // No precompressed file: the compression layer does it.
    let (headers, body) = get(&app, "/sw.js", "gzip").await;
    assert_eq!(header(&headers, CONTENT_ENCODING), "gzip");
    assert_eq!(&body[..2], [0x1f, 0x8b], "a gzip stream");
}
