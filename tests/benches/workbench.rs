//! The reviewer's workbench at scale, against the release server:
//!
//! - bulk approval: `BENCH_BULK_AUDITS` (1,000) submitted audits of the demo client listed
//!   from the review queue and approved with one `POST /audits/bulk-review`, each audit with
//!   its scorecard rollups, on each backend (`BENCH_BACKENDS`); the time of that request,
//!   and the CPU the server and the PostgreSQL cluster spent on it (the machine is shared).
//!   Target: under 5 s on PostgreSQL.
//! - per-audit PDF: one audit citing `BENCH_PDF_PHOTOS` (20) phone photos (12 MP uploads,
//!   the 1600 px display renditions go into the PDF), rendered by `GET
//!   /audits/{id}/report.pdf` on a freshly started server (SQLite), so its peak RSS
//!   (`VmHWM`) is the start plus the renders; the median of `BENCH_PDF_RUNS` (5) renders.
//!   Target: under 2 s and peak RSS under 150 MB.
//!
//! See BENCHMARKS.md.

use anyhow::{Context, bail, ensure};
use chrono::{Duration as Days, Utc};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use touchstone_shared::audit::AuditInput;
use touchstone_tests::bench::{self, Backend, Demo, Server, cpu, demo_users, generate, mib};
use uuid::Uuid;

/// A fresh database of `backend` named for `what`, and its SQLite file if any.
async fn fresh(backend: Backend, what: &str) -> anyhow::Result<String> {
    Ok(match backend {
        Backend::Sqlite => {
            let file = bench::work_dir().join(format!("{what}.db"));
            bench::sqlite_remove(&file);
            bench::sqlite_url(&file)
        }
        Backend::Postgres => {
            let name = format!("touchstone_bench_{what}");
            bench::postgres_fresh(&bench::postgres_admin_url()?, &name).await?
        }
    })
}

/// Loads the demo into `url` (a server started once with `--demo`), then adds `count`
/// assignments; the demo, the assignments and a plausible submitted audit of each.
async fn demo_with_audits(
    backend: Backend,
    url: &str,
    what: &str,
    count: usize,
) -> anyhow::Result<(Demo, Vec<(Uuid, AuditInput)>)> {
    let dir = bench::work_dir();
    let setup = Server::start(
        url,
        &dir.join(format!("{what}-data")),
        true,
        &dir.join(format!("{what}-demo.log")),
        Duration::from_secs(600),
    )
    .await?;
    setup.stop()?;
    let mut conn = bench::connect(url).await?;
    let demo = Demo::read(&mut conn).await?;
    let version = demo.checklist_version_id;
    let assignments =
        generate::assignments(backend, &mut conn, &demo, version, count as u64).await?;
    let mut rng = fastrand::Rng::with_seed(21);
    let audits = assignments
        .iter()
        .map(|(assignment, location)| {
            let check_in = Utc::now() - Days::minutes(rng.i64(30..600));
            let input = generate::fake_audit(
                &mut rng,
                &demo.content,
                (location.code.as_str(), location.position()),
                *assignment,
                check_in,
            );
            (Uuid::now_v7(), input)
        })
        .collect();
    Ok((demo, audits))
}

/// Starts the server on `url` without the demo load.
async fn serve(url: &str, what: &str) -> anyhow::Result<Server> {
    let dir = bench::work_dir();
    Server::start(
        url,
        &dir.join(format!("{what}-data")),
        false,
        &dir.join(format!("{what}.log")),
        Duration::from_secs(120),
    )
    .await
}

/// `PUT`s the audits as the demo auditor, eight at a time.
async fn submit(base: &str, audits: &[(Uuid, AuditInput)]) -> anyhow::Result<()> {
    let auditor = bench::sign_in(base, demo_users::AUDITOR, demo_users::PASSWORD).await?;
    for chunk in audits.chunks(8) {
        let puts = chunk.iter().map(|(id, input)| {
            auditor
                .put(format!("{base}/api/v1/audits/{id}"))
                .json(input)
                .send()
        });
        for reply in futures_util::future::join_all(puts).await {
            let reply = reply?;
            ensure!(
                reply.status().as_u16() == 201,
                "audit: {} {}",
                reply.status(),
                reply.text().await.unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// The review queue as a reviewer lists it: `{id, updated_at}` of the submitted audits
/// among `ids`.
async fn queue(http: &reqwest::Client, base: &str, ids: &[Uuid]) -> anyhow::Result<Vec<Value>> {
    let wanted: std::collections::HashSet<String> = ids.iter().map(Uuid::to_string).collect();
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Value = http
            .get(format!(
                "{base}/api/v1/audits?status=submitted&limit=500{cursor}"
            ))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for a in page["items"].as_array().context("items")? {
            if a["id"].as_str().is_some_and(|id| wanted.contains(id)) {
                out.push(json!({"id": a["id"], "updated_at": a["updated_at"]}));
            }
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return Ok(out),
        }
    }
}

async fn bulk(backend: Backend, count: usize) -> anyhow::Result<()> {
    let name = backend.name();
    let what = format!("bulk_{name}");
    let url = fresh(backend, &what).await?;
    let (_, audits) = demo_with_audits(backend, &url, &what, count).await?;
    let server = serve(&url, &what).await?;
    submit(&server.base, &audits).await?;
    let consultant =
        bench::sign_in(&server.base, demo_users::CONSULTANT, demo_users::PASSWORD).await?;
    let ids: Vec<Uuid> = audits.iter().map(|(id, _)| *id).collect();
    let listed = queue(&consultant, &server.base, &ids).await?;
    ensure!(listed.len() == count, "listed {} of {count}", listed.len());
    let mut conn = bench::connect(&url).await?;
    let meter = cpu::Meter::new(
        server.pid(),
        (backend == Backend::Postgres).then_some(&mut conn),
    )
    .await;
    let before = meter.read();
    let started = Instant::now();
    let reply = consultant
        .post(format!("{}/api/v1/audits/bulk-review", server.base))
        .json(&json!({"decision": "approve", "audits": listed}))
        .timeout(Duration::from_secs(600))
        .send()
        .await?;
    let took = started.elapsed();
    let used = meter.since(before);
    ensure!(
        reply.status().is_success(),
        "bulk review: {}",
        reply.status()
    );
    let outcome: Value = reply.json().await?;
    let reviewed = outcome["reviewed"].as_array().map_or(0, Vec::len);
    let skipped = outcome["skipped"].as_array().map_or(0, Vec::len);
    ensure!(reviewed == count, "approved {reviewed}, skipped {skipped}");
    println!(
        "[{name}] bulk approval of {count} audits with score rollups: {:.2} s \
         ({:.1} ms per audit; target < 5 s on PostgreSQL); {}",
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / count as f64,
        used.per(count, "audit")
    );
    server.stop()?;
    if backend == Backend::Postgres && !bench::env_flag("BENCH_KEEP") {
        bench::postgres_drop(
            &bench::postgres_admin_url()?,
            &format!("touchstone_bench_{what}"),
        )
        .await?;
    }
    Ok(())
}

/// Uploads `n` phone photos as the auditor; their SHA-256s.
async fn photos(base: &str, n: usize) -> anyhow::Result<Vec<String>> {
    let cookie = bench::session_cookie(base, demo_users::AUDITOR, demo_users::PASSWORD).await?;
    let http = reqwest::Client::new();
    let mut out = Vec::new();
    for seed in 0..n {
        let photo = bench::phone_photo(4000, 3000, seed as u32 + 1);
        let reply = http
            .post(format!("{base}/api/v1/photos"))
            .header(reqwest::header::COOKIE, &cookie)
            .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
            .body(photo)
            .send()
            .await?;
        if !reply.status().is_success() {
            bail!("upload: {}", reply.status());
        }
        let stored: Value = reply.json().await?;
        out.push(stored["sha256"].as_str().context("sha256")?.to_owned());
    }
    Ok(out)
}

async fn pdf(photo_count: usize, runs: usize) -> anyhow::Result<()> {
    let what = "audit_pdf";
    let url = fresh(Backend::Sqlite, what).await?;
    let (_, mut audits) = demo_with_audits(Backend::Sqlite, &url, what, 1).await?;
    let server = serve(&url, what).await?;
    let shas = photos(&server.base, photo_count).await?;
    let input = &mut audits[0].1;
    // Spread over the answers, at most 20 a field, as a thorough auditor would.
    let answers = input.answers.len();
    for (n, sha) in shas.into_iter().enumerate() {
        input.answers[n % answers].photos.push(sha);
    }
    submit(&server.base, &audits[..1]).await?;
    let id = audits[0].0;
    server.stop()?;

    // A fresh server: its peak RSS is the start and the renders only.
    let server = serve(&url, what).await?;
    let consultant =
        bench::sign_in(&server.base, demo_users::CONSULTANT, demo_users::PASSWORD).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.rss();
    let mut ms = Vec::new();
    let mut size = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let reply = consultant
            .get(format!("{}/api/v1/audits/{id}/report.pdf", server.base))
            .send()
            .await?;
        ensure!(reply.status().is_success(), "report: {}", reply.status());
        size = reply.bytes().await?.len();
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let first = ms[0];
    let peak = server.rss();
    println!(
        "[sqlite] per-audit PDF with {photo_count} photos ({}): first {first:.0} ms, median \
         {:.0} ms of {runs} (target < 2 s); server RSS idle {}, peak {} (target < 150 MB)",
        bench::human_bytes(size as u64),
        bench::median(&mut ms),
        mib(idle.now_kib),
        mib(peak.peak_kib),
    );
    server.stop()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let count = bench::env_usize("BENCH_BULK_AUDITS", 1000);
    println!("# reviewer's workbench: release server, demo data");
    for backend in bench::backends() {
        bulk(backend, count).await?;
    }
    pdf(
        bench::env_usize("BENCH_PDF_PHOTOS", 20),
        bench::env_usize("BENCH_PDF_RUNS", 5),
    )
    .await
}
