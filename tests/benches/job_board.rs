//! The job board at scale, against the release server: the demo's organisation with
//! `BENCH_JOBS` (50,000) more open jobs spread around London, and the demo auditor (a
//! shopper with a home area in London) listing the board nearest first, `BENCH_BOARD_LIMIT`
//! (20) a page: the first page and pages deeper in (cursor 200 and 1,000: the 11th and the
//! 51st page), each `BENCH_BOARD_RUNS` (200) times one after another, on each backend
//! (`BENCH_BACKENDS`). Every listing orders all the open jobs by distance and works out, for
//! the jobs of its page, the eligibility rule that blocks the shopper. Target: p95 under
//! 50 ms. PostgreSQL is vacuumed and analysed after the load, as autovacuum would.
//!
//! See BENCHMARKS.md.

use anyhow::{Context, ensure};
use serde_json::Value;
use std::time::{Duration, Instant};
use touchstone_tests::bench::{self, Backend, Demo, Latency, Server, demo_users, generate};

async fn fresh(backend: Backend) -> anyhow::Result<String> {
    Ok(match backend {
        Backend::Sqlite => {
            let file = bench::work_dir().join("job_board.db");
            bench::sqlite_remove(&file);
            bench::sqlite_url(&file)
        }
        Backend::Postgres => {
            bench::postgres_fresh(&bench::postgres_admin_url()?, "touchstone_bench_job_board")
                .await?
        }
    })
}

async fn start(url: &str, demo: bool, log: &str) -> anyhow::Result<Server> {
    let dir = bench::work_dir();
    Server::start(
        url,
        &dir.join("job_board-data"),
        demo,
        &dir.join(log),
        Duration::from_secs(600),
    )
    .await
}

/// One listing: its time and its jobs' distances.
async fn list(http: &reqwest::Client, url: &str) -> anyhow::Result<(Duration, Vec<f64>)> {
    let started = Instant::now();
    let reply = http.get(url).send().await?;
    let status = reply.status();
    let page: Value = reply.json().await?;
    let took = started.elapsed();
    ensure!(status.is_success(), "{url}: {status} {page}");
    let distances = page["items"]
        .as_array()
        .context("items")?
        .iter()
        .map(|j| j["distance_m"].as_f64().context("distance_m"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok((took, distances))
}

async fn board(backend: Backend, jobs: u64, limit: usize, runs: usize) -> anyhow::Result<()> {
    let name = backend.name();
    let url = fresh(backend).await?;
    start(&url, true, "job_board-demo.log").await?.stop()?;
    let mut conn = bench::connect(&url).await?;
    let demo = Demo::read(&mut conn).await?;
    let loading = Instant::now();
    generate::open_jobs(backend, &mut conn, &demo, jobs).await?;
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM panel_jobs WHERE org_id = $1 AND status = 'open'")
            .bind(demo.org_id.to_string())
            .fetch_one(&mut conn)
            .await?;
    println!(
        "[{name}] {open} open jobs in the organisation (loaded {jobs} in {:.1} s)",
        loading.elapsed().as_secs_f64()
    );
    if backend == Backend::Postgres {
        sqlx::query("VACUUM ANALYZE panel_jobs")
            .execute(&mut conn)
            .await?;
    }
    drop(conn);
    let server = start(&url, false, "job_board.log").await?;
    let shopper = bench::sign_in(&server.base, demo_users::AUDITOR, demo_users::PASSWORD).await?;
    for offset in [0_usize, 200, 1_000] {
        let cursor = if offset == 0 {
            String::new()
        } else {
            format!("&cursor={offset}")
        };
        let page = format!("{}/api/v1/jobs?limit={limit}{cursor}", server.base);
        let (_, first) = list(&shopper, &page).await?;
        ensure!(
            first.len() == limit,
            "page at {offset}: {} jobs",
            first.len()
        );
        // The server orders by an equirectangular distance and reports the great-circle
        // one: the two agree to well under 1 % at these distances.
        ensure!(
            first.windows(2).all(|w| w[0] <= w[1] * 1.01 + 1.0),
            "page at {offset} is not nearest first: {first:?}"
        );
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            samples.push(list(&shopper, &page).await?.0);
        }
        let l = Latency::of(&mut samples);
        println!(
            "[{name}] board page at {offset:>6}, {limit} jobs nearest first ({:.1}–{:.1} km): \
             p50 {} p95 {} p99 {} max {} over {} (target p95 < 50 ms)",
            first[0] / 1000.0,
            first[first.len() - 1] / 1000.0,
            bench::ms(l.p50),
            bench::ms(l.p95),
            bench::ms(l.p99),
            bench::ms(l.max),
            l.n,
        );
    }
    server.stop()?;
    if backend == Backend::Postgres && !bench::env_flag("BENCH_KEEP") {
        bench::postgres_drop(&bench::postgres_admin_url()?, "touchstone_bench_job_board").await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let jobs = bench::env_usize("BENCH_JOBS", 50_000) as u64;
    let limit = bench::env_usize("BENCH_BOARD_LIMIT", 20);
    let runs = bench::env_usize("BENCH_BOARD_RUNS", 200);
    println!("# job board: release server, demo data and {jobs} open jobs");
    for backend in bench::backends() {
        board(backend, jobs, limit, runs).await?;
    }
    Ok(())
}
