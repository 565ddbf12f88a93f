//! Photo pipeline: a generated 12 MP phone photo (4000×3000 JPEG with sensor-like noise and
//! EXIF: time, GPS, orientation 6) through Touchstone's pipeline (`evidence::process`: sniff,
//! structure check, decode under limits, EXIF, orientation, the 1600 px display and 320 px
//! thumbnail renditions, perceptual hash), against `vipsthumbnail` (Debian `libvips-tools`)
//! making the same two renditions from the same file, in the same run. Then the release
//! server's memory: idle, peak after one upload, peak after 8 concurrent uploads.
//!
//! Targets: ≤ 1.5× vipsthumbnail's time; peak RSS ≤ 150 MB for one photo, bounded under 8
//! concurrent uploads. Knobs: `BENCH_PHOTO_RUNS` (9). See BENCHMARKS.md.

use anyhow::{Context, bail};
use bytes::Bytes;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use touchstone_server::evidence::{self, Limits};
use touchstone_tests::bench::{self, Server, demo_users};

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

/// A 12 MP phone photo (see [`bench::phone_photo`]).
fn phone_photo(seed: u32) -> Vec<u8> {
    bench::phone_photo(WIDTH, HEIGHT, seed)
}

fn median_of(
    runs: usize,
    mut once: impl FnMut() -> anyhow::Result<Duration>,
) -> anyhow::Result<f64> {
    once()?; // warm-up: page cache, allocator, lazy statics
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        ms.push(once()?.as_secs_f64() * 1000.0);
    }
    Ok(bench::median(&mut ms))
}

fn ours(photo: &Bytes) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let processed = evidence::process(photo.clone(), &Limits::default())
        .map_err(|e| anyhow::anyhow!("the pipeline refused the photo: {e}"))?;
    let elapsed = started.elapsed();
    if processed.width != HEIGHT || processed.height != WIDTH {
        bail!(
            "orientation 6 not applied: {}×{}",
            processed.width,
            processed.height
        );
    }
    Ok(elapsed)
}

/// Both renditions with `vipsthumbnail`, orientation applied, metadata stripped, at the
/// pipeline's JPEG quality; `threads` sets `VIPS_CONCURRENCY` (None: libvips's default).
fn vips(input: &Path, out: &Path, threads: Option<usize>) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for (edge, name) in [(1600, "display"), (320, "thumb")] {
        let mut command = Command::new("vipsthumbnail");
        command
            .arg(input)
            .arg("--size")
            .arg(format!("{edge}x{edge}"))
            .arg("-o")
            .arg(out.join(format!("{name}.jpg[Q=82,strip]")));
        if let Some(n) = threads {
            command.env("VIPS_CONCURRENCY", n.to_string());
        }
        let status = command.status().context("running vipsthumbnail")?;
        if !status.success() {
            bail!("vipsthumbnail failed: {status}");
        }
    }
    Ok(started.elapsed())
}

fn has_vips() -> bool {
    Command::new("vipsthumbnail")
        .arg("--vips-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

async fn upload(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    photo: Vec<u8>,
) -> anyhow::Result<()> {
    let reply = http
        .post(format!("{base}/api/v1/photos"))
        .header(reqwest::header::COOKIE, cookie)
        .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
        .body(photo)
        .send()
        .await?;
    if !reply.status().is_success() {
        bail!(
            "upload: {} {}",
            reply.status(),
            reply.text().await.unwrap_or_default()
        );
    }
    Ok(())
}

async fn server_memory(photos: &[Vec<u8>]) -> anyhow::Result<()> {
    let dir = bench::work_dir().join("photos");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("photos.db");
    let server = Server::start(
        &bench::sqlite_url(&db),
        &dir.join("data"),
        true,
        &dir.join("server.log"),
        Duration::from_secs(300),
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = server.rss();
    let cookie =
        bench::session_cookie(&server.base, demo_users::AUDITOR, demo_users::PASSWORD).await?;
    let http = reqwest::Client::new();
    let (first, rest) = photos.split_first().context("no photos")?;
    upload(&http, &server.base, &cookie, first.clone()).await?;
    let one = server.rss();
    let started = Instant::now();
    let uploads = rest
        .iter()
        .map(|photo| upload(&http, &server.base, &cookie, photo.clone()));
    for result in futures_util::future::join_all(uploads).await {
        result?;
    }
    let concurrent_time = started.elapsed();
    let many = server.rss();
    println!(
        "server RSS idle (demo data loaded):     {}",
        bench::mib(idle.now_kib)
    );
    println!(
        "server peak RSS after one 12 MP upload: {}",
        bench::mib(one.peak_kib)
    );
    println!(
        "server peak RSS after {} concurrent:      {} ({} for all, {:.0} ms per photo)",
        rest.len(),
        bench::mib(many.peak_kib),
        bench::ms(concurrent_time),
        concurrent_time.as_secs_f64() * 1000.0 / rest.len() as f64
    );
    server.stop()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs = bench::env_usize("BENCH_PHOTO_RUNS", 9);
    let dir = bench::work_dir().join("photo-pipeline");
    std::fs::create_dir_all(&dir)?;
    let photo = phone_photo(1);
    let input = dir.join("phone.jpg");
    std::fs::write(&input, &photo)?;
    println!(
        "# photo pipeline: {WIDTH}×{HEIGHT} JPEG, {}, median of {runs} runs",
        bench::human_bytes(photo.len() as u64)
    );

    let photo = Bytes::from(photo);
    let ours_ms = median_of(runs, || ours(&photo))?;
    println!("touchstone pipeline (one thread):        {ours_ms:.0} ms");
    if has_vips() {
        let one_ms = median_of(runs, || vips(&input, &dir, Some(1)))?;
        let default_ms = median_of(runs, || vips(&input, &dir, None))?;
        println!(
            "vipsthumbnail, 2 renditions, 1 thread:  {one_ms:.0} ms  (ratio {:.2}×)",
            ours_ms / one_ms
        );
        println!(
            "vipsthumbnail, 2 renditions, default:   {default_ms:.0} ms  (ratio {:.2}×)",
            ours_ms / default_ms
        );
    } else {
        println!("vipsthumbnail: not installed (apt-get install libvips-tools); no reference");
    }

    println!("\n# server memory (release build, SQLite, demo data)");
    let photos: Vec<Vec<u8>> = (10..19).map(phone_photo).collect();
    server_memory(&photos).await
}
