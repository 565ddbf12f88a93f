//! Client size: bytes of the built web client (`client/dist`, from `client/build.sh`, or
//! `BENCH_CLIENT_DIST`) raw, gzip (level 9) and brotli (quality 11), for what a browser
//! fetches on the first load (HTML, CSS, JS, wasm; not the service worker, icon or
//! manifest), and, as served, the bytes on the wire from the release server with
//! `Accept-Encoding: br` and `gzip`.
//!
//! Target: ≤ 250 KB brotli for the initial load. See BENCHMARKS.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use touchstone_tests::bench::{self, Server};

/// Files the browser needs before the app runs, by extension.
const INITIAL: &[&str] = &["html", "css", "js", "wasm"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dist = std::env::var("BENCH_CLIENT_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("client").join("dist"));
    println!("# client size: {}", dist.display());
    if !dist.join("index.html").exists() {
        println!(
            "skipped: no built client at {} (build it with client/build.sh, or set BENCH_CLIENT_DIST)",
            dist.display()
        );
        return Ok(());
    }
    let mut all = Vec::new();
    files(&dist, &mut all)?;
    all.sort();
    let mut initial = (0, 0, 0);
    let mut rest = (0, 0, 0);
    let mut served = Vec::new();
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for path in &all {
        let bytes = std::fs::read(path)?;
        let (raw, gz, br) = (bytes.len(), gzip(&bytes), brotli(&bytes));
        let rel = path.strip_prefix(&dist)?.display().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let first_load = INITIAL.contains(&ext) && rel != "sw.js";
        let sum = if first_load { &mut initial } else { &mut rest };
        sum.0 += raw;
        sum.1 += gz;
        sum.2 += br;
        if first_load {
            served.push(rel.clone());
        }
        println!(
            "{:<40} {:>12} {:>12} {:>12}{}",
            rel,
            kb(raw),
            kb(gz),
            kb(br),
            if first_load {
                ""
            } else {
                "  (not in the first load)"
            }
        );
    }
    println!(
        "initial load (html+css+js+wasm): raw {}, gzip {}, brotli {} (target <= 250 KB brotli: {})",
        kb(initial.0),
        kb(initial.1),
        kb(initial.2),
        if initial.2 <= 250_000 {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "other files (service worker, icon, manifest): raw {}, gzip {}, brotli {}",
        kb(rest.0),
        kb(rest.1),
        kb(rest.2)
    );

    // What the server actually sends (it compresses on the fly).
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
    for encoding in ["br", "gzip"] {
        let mut wire = 0;
        for rel in &served {
            let path = if rel == "index.html" {
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
            "as served by the server with Accept-Encoding: {encoding}: {}",
            kb(wire)
        );
    }
    server.stop()?;
    bench::sqlite_remove(&db);
    Ok(())
}
