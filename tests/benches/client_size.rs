//! Client size: bytes of the built web client (`client/dist`, from `client/build.sh`, or
//! `BENCH_CLIENT_DIST`) raw, gzip (level 9) and brotli (quality 11), for what a browser
//! fetches on the first load of the sign-in page (what a new phone opens: HTML, CSS, boot
//! and sign-in scripts, no wasm), of a field page on a signed-in phone (HTML, CSS, boot
//! script, the field bundle's JS and wasm; fetched while the user signs in by the service
//! worker, then from its cache) and of an office page (the same with the office bundle and
//! `review.css`), and, as served, the bytes on the wire from the release server with
//! `Accept-Encoding: br` and `gzip` (the precompressed files the build writes). Not
//! counted: the service worker, icon, manifest, and what the service worker installs.
//!
//! Target: ≤ 250 KB brotli for the initial load. See BENCHMARKS.md.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use touchstone_tests::bench::{self, Server};

/// What a new phone fetches first (`/`, `/login`, any page before signing in).
const SIGN_IN: &[&str] = &["index.html", "style.css", "boot.js", "signin.js"];
/// What a signed-in phone fetches for a field page (`/`, `/assignments/…`).
const FIELD: &[&str] = &[
    "index.html",
    "style.css",
    "boot.js",
    "pkg/field.js",
    "pkg/field_bg.wasm",
];
/// What a browser fetches first on an office page (`/review`, `/scorecards`, `/consult/…`).
const OFFICE: &[&str] = &[
    "index.html",
    "style.css",
    "review.css",
    "boot.js",
    "pkg/office.js",
    "pkg/office_bg.wasm",
];

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).expect("brotli");
    }
    out.len()
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Prints each file's sizes and returns the load's total (raw, gzip, brotli).
fn measure(dist: &std::path::Path, name: &str, files: &[&str]) -> anyhow::Result<[usize; 3]> {
    println!("## {name} page, first load");
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    let mut total = [0; 3];
    for rel in files {
        let bytes = std::fs::read(dist.join(rel))?;
        let sizes = [bytes.len(), gzip(&bytes), brotli(&bytes)];
        println!(
            "{:<40} {:>12} {:>12} {:>12}",
            rel,
            kb(sizes[0]),
            kb(sizes[1]),
            kb(sizes[2])
        );
        for (sum, size) in total.iter_mut().zip(sizes) {
            *sum += size;
        }
    }
    println!(
        "{name} initial load: raw {}, gzip {}, brotli {}",
        kb(total[0]),
        kb(total[1]),
        kb(total[2])
    );
    Ok(total)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dist = std::env::var("BENCH_CLIENT_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("client").join("dist"));
    println!("# client size: {}", dist.display());
    if !dist.join("pkg").join("field_bg.wasm").exists() {
        println!(
            "skipped: no built client at {} (build it with client/build.sh, or set BENCH_CLIENT_DIST)",
            dist.display()
        );
        return Ok(());
    }
    let verdict = |total: [usize; 3]| if total[2] <= 250_000 { "met" } else { "MISSED" };
    let sign_in = measure(&dist, "sign-in", SIGN_IN)?;
    println!(
        "initial load (sign-in page) <= 250 KB brotli: {}",
        verdict(sign_in)
    );
    let field = measure(&dist, "field", FIELD)?;
    println!(
        "field page, signed in, <= 250 KB brotli: {}",
        verdict(field)
    );
    measure(&dist, "office", OFFICE)?;

    // What the server actually sends.
    let dir = bench::work_dir();
    let db = dir.join("client-size.db");
    bench::sqlite_remove(&db);
    let dist_arg = dist.display().to_string();
    let server = Server::start_with(
        &bench::sqlite_url(&db),
        &dir.join("client-size-data"),
        false,
        &dir.join("client-size.log"),
        Duration::from_secs(60),
        &["--static-dir", &dist_arg],
    )
    .await?;
    let http = reqwest::Client::builder().build()?;
    for (name, files) in [("sign-in", SIGN_IN), ("field", FIELD), ("office", OFFICE)] {
        for encoding in ["br", "gzip"] {
            let mut wire = 0;
            for rel in files {
                let path = if *rel == "index.html" {
                    "/".to_owned()
                } else {
                    format!("/{rel}")
                };
                let reply = http
                    .get(format!("{}{path}", server.base))
                    .header(reqwest::header::ACCEPT_ENCODING, encoding)
                    .send()
                    .await?;
                anyhow::ensure!(reply.status().is_success(), "{path}: {}", reply.status());
                wire += reply.bytes().await?.len();
            }
            println!(
                "{name} load as served with Accept-Encoding: {encoding}: {}",
                kb(wire)
            );
        }
    }
    server.stop()?;
    bench::sqlite_remove(&db);
    Ok(())
}
