//! Ingest: realistic audits (50 answers, notes per touchpoint, a visit) submitted with
//! `PUT /api/v1/audits/{id}` to the release server on loopback by 1, 8 and 64 concurrent
//! clients (each its own connection, signed in as the demo auditor), on SQLite and
//! PostgreSQL. Prints audits/s, p50/p99 latency, errors, the server's RSS idle and under
//! load (VmRSS/VmHWM of the server process), and the CPU time per audit of the server and,
//! on a PostgreSQL cluster on this machine, of the database (`bench::cpu`).
//! `scripts/bench.sh` starts that cluster with fsync on.
//!
//! Then an open-loop run: `BENCH_OPEN_CLIENTS` (64) clients each submitting on a fixed
//! schedule, `BENCH_OPEN_RATE` (100) audits/s in all, for `BENCH_OPEN_SECS` (20) s; latency
//! counts from the scheduled time, so a server falling behind shows as latency rather than
//! as a lower rate (no coordinated omission). `BENCH_OPEN_RATE=0` skips it.
//!
//! With `BENCH_INGEST_MAIL` (0) e-mails, the outbox is on: that many are queued before the
//! runs and the server's delivery worker sends them to a loopback SMTP server
//! (`scripts/smtp-sink.py`) while the audits come in, as a busy organisation's would; run
//! once with and once without to compare.
//!
//! Targets: p99 < 20 ms at 64 clients on PostgreSQL, no errors; RSS idle < 30 MB, < 120 MB
//! under load; with the outbox on, throughput and p99 within 10 % of without. See
//! BENCHMARKS.md.

use anyhow::Context;
use chrono::{Duration as Days, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use touchstone_shared::checklist::{Checklist, ChecklistContent, ChecklistInput, Item, ItemKind};
use touchstone_tests::bench::{
    self, Backend, Demo, Latency, Server, cpu, demo_users, env_usize, generate, median, mib, ms,
};
use uuid::Uuid;

/// One timed run at one concurrency.
struct RunResult {
    ok: usize,
    errors: usize,
    first_error: Option<String>,
    wall: Duration,
    latency: Latency,
    peak_rss_kib: u64,
    /// CPU time of the server and the database during the run.
    cpu: cpu::Used,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let per_run = env_usize("BENCH_INGEST_AUDITS", 1000);
    let mail = env_usize("BENCH_INGEST_MAIL", 0);
    let repeats = env_usize("BENCH_REPEATS", 3);
    let max_secs = env_usize("BENCH_INGEST_SECS", 30) as u64;
    let levels: Vec<usize> = std::env::var("BENCH_CONCURRENCY")
        .unwrap_or_else(|_| "1,8,64".into())
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().expect("BENCH_CONCURRENCY: numbers"))
        .collect();
    let open = OpenLoop {
        clients: env_usize("BENCH_OPEN_CLIENTS", 64),
        rate: env_usize("BENCH_OPEN_RATE", 100) as f64,
        secs: env_usize("BENCH_OPEN_SECS", 20) as f64,
    };
    println!(
        "# ingest: PUT /api/v1/audits/{{id}}, 50 answers each; {per_run} audits per run \
         (at most {max_secs} s), {repeats} runs per level, medians shown; open loop: {} \
         clients, {} audits/s in all, {} s; outbox: {}",
        open.clients,
        open.rate,
        open.secs,
        if mail > 0 {
            format!("on, {mail} e-mails sent to a loopback SMTP server during the runs")
        } else {
            "idle".to_owned()
        }
    );
    for backend in bench::backends() {
        let knobs = Knobs {
            per_run,
            repeats,
            max_secs,
            mail,
        };
        ingest(backend, &knobs, &levels, &open).await?;
    }
    Ok(())
}

/// How much each run does.
struct Knobs {
    per_run: usize,
    repeats: usize,
    max_secs: u64,
    /// E-mails queued for the delivery worker to send during the runs (0: none).
    mail: usize,
}

/// The open-loop run: `clients` each submitting every `clients / rate` seconds.
struct OpenLoop {
    clients: usize,
    rate: f64,
    secs: f64,
}

impl OpenLoop {
    /// Submissions the run makes.
    fn count(&self) -> usize {
        if self.rate > 0.0 && self.clients > 0 {
            (self.rate * self.secs).ceil() as usize
        } else {
            0
        }
    }
}

/// The demo checklist grown to 50 answerable items (its photo item takes no answer): one
/// more yes/no question per touchpoint and a closing scale. Fresh item ids.
fn fifty_items(content: &ChecklistContent) -> ChecklistContent {
    let mut content = content.clone();
    content.name = "Halcyon shop visit (extended)".into();
    for section in &mut content.sections {
        for item in &mut section.items {
            item.id = Uuid::now_v7();
        }
        section.items.push(Item {
            id: Uuid::now_v7(),
            label: format!("{}: staff followed the brand standard", section.title),
            help: String::new(),
            kind: ItemKind::YesNo { yes_is_good: true },
            weight: 1.0,
            allow_na: true,
            critical: false,
            required: false,
            photo_required: false,
            show_if: None,
            photo_if_failed: false,
            note_if_failed: false,
        });
    }
    if let Some(last) = content.sections.last_mut() {
        last.items.push(Item {
            id: Uuid::now_v7(),
            label: "Overall impression of the visit".into(),
            help: String::new(),
            kind: ItemKind::Scale { min: 1.0, max: 5.0 },
            weight: 2.0,
            allow_na: false,
            critical: false,
            required: false,
            photo_required: false,
            show_if: None,
            photo_if_failed: false,
            note_if_failed: false,
        });
    }
    content
}

async fn ingest(
    backend: Backend,
    knobs: &Knobs,
    levels: &[usize],
    open: &OpenLoop,
) -> anyhow::Result<()> {
    let Knobs {
        per_run,
        repeats,
        max_secs,
        mail,
    } = *knobs;
    let name = backend.name();
    let dir = bench::work_dir();
    let file = dir.join("ingest.db");
    let pg_name = "touchstone_bench_ingest";
    let url = match backend {
        Backend::Sqlite => {
            bench::sqlite_remove(&file);
            bench::sqlite_url(&file)
        }
        Backend::Postgres => bench::postgres_fresh(&bench::postgres_admin_url()?, pg_name).await?,
    };
    let data_dir = dir.join(format!("ingest-data-{name}"));

    // Set-up: the demo, a 50-item checklist through the API, then assignments in bulk.
    let setup = Server::start(
        &url,
        &data_dir,
        true,
        &dir.join(format!("ingest-{name}-demo.log")),
        Duration::from_secs(600),
    )
    .await?;
    let mut conn = bench::connect(&url).await?;
    let demo = Demo::read(&mut conn).await?;
    let consultant =
        bench::sign_in(&setup.base, demo_users::CONSULTANT, demo_users::PASSWORD).await?;
    let content = fifty_items(&demo.content);
    let reply = consultant
        .post(format!("{}/api/v1/checklists", setup.base))
        .json(&ChecklistInput {
            client_id: demo.client_id,
            journey_id: demo.journey_id,
            content,
        })
        .send()
        .await?;
    anyhow::ensure!(
        reply.status().as_u16() == 201,
        "checklist: {}",
        reply.status()
    );
    let checklist: Checklist = reply.json().await?;
    setup.stop()?;
    let warmup = 64;
    let total = warmup + levels.len() * repeats * per_run + open.count();
    let assignments = generate::assignments(
        backend,
        &mut conn,
        &demo,
        checklist.version.id,
        total as u64,
    )
    .await?;

    // Bodies are made before the clock starts, so the load generator spends its time on HTTP.
    let mut rng = fastrand::Rng::with_seed(11);
    let bodies: Vec<(Uuid, Vec<u8>)> = assignments
        .iter()
        .map(|(assignment, location)| {
            let check_in = Utc::now() - Days::minutes(rng.i64(30..600));
            let input = generate::fake_audit(
                &mut rng,
                &checklist.version.content,
                (location.code.as_str(), location.position()),
                *assignment,
                check_in,
            );
            assert_eq!(input.answers.len(), 50, "50 answers");
            Ok((Uuid::now_v7(), serde_json::to_vec(&input)?))
        })
        .collect::<anyhow::Result<_>>()?;
    let mean_body = bodies.iter().map(|(_, b)| b.len()).sum::<usize>() / bodies.len().max(1);

    let sink = if mail > 0 {
        bench::mail::fill_outbox(&mut conn, demo.org_id, demo.auditor_id, mail).await?;
        Some(bench::mail::SmtpSink::start(
            &dir.join(format!("ingest-mail-{name}")),
        )?)
    } else {
        None
    };
    let smtp = sink.as_ref().map(bench::mail::SmtpSink::url);
    let extra: Vec<&str> = smtp
        .as_deref()
        .map(|url| vec!["--smtp-url", url, "--notify-poll-ms", "20"])
        .unwrap_or_default();
    let server = Server::start_with(
        &url,
        &data_dir,
        false,
        &dir.join(format!("ingest-{name}.log")),
        Duration::from_secs(120),
        &extra,
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.rss();
    println!(
        "[{name}] idle server RSS {} (target < 30 MB); request body {mean_body} bytes on average",
        mib(idle.now_kib)
    );
    let cookie = bench::session_cookie(&server.base, demo_users::AUDITOR, demo_users::PASSWORD)
        .await
        .context("auditor sign-in")?;
    let meter = cpu::Meter::new(
        server.pid(),
        (backend == Backend::Postgres).then_some(&mut conn),
    )
    .await;
    let run = Run {
        server: &server,
        cookie: &cookie,
        meter: &meter,
    };
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));

    let warm = run_level(&run, &bodies, &next, 8, warmup, max_secs).await?;
    if warm.errors > 0 {
        println!(
            "[{name}] warm-up errors: {} ({})",
            warm.errors,
            warm.first_error.unwrap_or_default()
        );
    }
    let mut ok_total = warm.ok;
    let mut peak_all = 0;
    for &clients in levels {
        let mut results = Vec::new();
        for _ in 0..repeats {
            let r = run_level(&run, &bodies, &next, clients, per_run, max_secs).await?;
            ok_total += r.ok;
            results.push(r);
        }
        let mut rate: Vec<f64> = results
            .iter()
            .map(|r| r.ok as f64 / r.wall.as_secs_f64())
            .collect();
        let mut p50: Vec<f64> = results
            .iter()
            .map(|r| r.latency.p50.as_secs_f64())
            .collect();
        let mut p99: Vec<f64> = results
            .iter()
            .map(|r| r.latency.p99.as_secs_f64())
            .collect();
        let errors: usize = results.iter().map(|r| r.errors).sum();
        let sent: usize = results.iter().map(|r| r.ok + r.errors).sum();
        let peak = results.iter().map(|r| r.peak_rss_kib).max().unwrap_or(0);
        let ok: usize = results.iter().map(|r| r.ok).sum();
        let used = results
            .iter()
            .map(|r| r.cpu)
            .reduce(|a, b| a.plus(&b))
            .unwrap_or_default();
        peak_all = peak_all.max(peak);
        let p99_median = Duration::from_secs_f64(median(&mut p99));
        let verdict = if backend == Backend::Postgres && clients == 64 {
            if p99_median < Duration::from_millis(20) && errors == 0 {
                " (target p99 < 20 ms, no errors: met)"
            } else {
                " (target p99 < 20 ms, no errors: MISSED)"
            }
        } else {
            ""
        };
        println!(
            "[{name}] {clients:>2} clients: {:>7.1} audits/s  p50 {}  p99 {}  errors {errors}/{sent}  \
             server RSS max {}{verdict}; {}",
            median(&mut rate),
            ms(Duration::from_secs_f64(median(&mut p50))),
            ms(p99_median),
            mib(peak),
            used.per(ok, "audit"),
        );
        if let Some(e) = results.iter().find_map(|r| r.first_error.clone()) {
            println!("[{name}]     first error: {e}");
        }
    }
    if open.count() > 0 {
        let r = run_open(&run, &bodies, &next, open).await?;
        ok_total += r.ok;
        peak_all = peak_all.max(r.peak_rss_kib);
        let verdict = if backend == Backend::Postgres && open.clients == 64 {
            let met = r.latency.p99 < Duration::from_millis(20) && r.errors == 0;
            format!(
                " (p99 < 20 ms at 64 clients online: {})",
                if met { "met" } else { "MISSED" }
            )
        } else {
            String::new()
        };
        println!(
            "[{name}] open loop, {} clients at {:.0} audits/s in all ({:.2}/s each): {:.1} audits/s \
             done  p50 {}  p99 {}  max {}  errors {}/{}  server RSS max {}{verdict}; {}",
            open.clients,
            open.rate,
            open.rate / open.clients as f64,
            r.ok as f64 / r.wall.as_secs_f64(),
            ms(r.latency.p50),
            ms(r.latency.p99),
            ms(r.latency.max),
            r.errors,
            r.ok + r.errors,
            mib(r.peak_rss_kib),
            r.cpu.per(r.ok, "audit"),
        );
        if let Some(e) = r.first_error {
            println!("[{name}]     first error: {e}");
        }
    }
    let end = server.rss();
    println!(
        "[{name}] server RSS under load: max sampled {}, VmHWM {} (target < 120 MB); after the load {}",
        mib(peak_all),
        mib(end.peak_kib),
        mib(end.now_kib)
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audits WHERE status = 'submitted'")
        .fetch_one(&mut conn)
        .await?;
    println!("[{name}] audits stored: {stored} submitted (accepted: {ok_total})");
    if let Some(sink) = &sink {
        let (pending, failed) = bench::mail::undelivered(&mut conn).await?;
        println!(
            "[{name}] outbox: {} e-mails received by the SMTP server during the runs; {pending} \
             still pending, {failed} failed",
            sink.received()
        );
    }
    drop(conn);
    server.stop()?;
    if backend == Backend::Postgres {
        bench::postgres_drop(&bench::postgres_admin_url()?, pg_name).await?;
    } else {
        bench::sqlite_remove(&file);
    }
    Ok(())
}

/// Samples the server's RSS every 25 ms into `peak` until `stop` is set.
fn sample_rss(
    server: &Server,
    stop: &Arc<AtomicBool>,
    peak: &Arc<AtomicU64>,
) -> tokio::task::JoinHandle<()> {
    let stop = stop.clone();
    let peak = peak.clone();
    let pid = server.pid();
    tokio::spawn(async move {
        while !stop.load(Ordering::Relaxed) {
            peak.fetch_max(bench::rss(pid).now_kib, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    })
}

/// One auditor's HTTP client: its own connection, the session cookie on every request.
fn auditor_client(cookie: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse()?);
    headers.insert(reqwest::header::CONTENT_TYPE, "application/json".parse()?);
    Ok(reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// `PUT`s one audit; anything but 201 is an error, described.
async fn submit(http: &reqwest::Client, base: &str, id: Uuid, body: &[u8]) -> Result<(), String> {
    let reply = http
        .put(format!("{base}/api/v1/audits/{id}"))
        .body(body.to_vec())
        .send()
        .await;
    match reply {
        Ok(r) => {
            let status = r.status();
            match (status.as_u16(), r.bytes().await) {
                (201, Ok(_)) => Ok(()),
                (s, Ok(b)) => Err(format!("{s}: {}", String::from_utf8_lossy(&b))),
                (s, Err(e)) => Err(format!("{s}: {e}")),
            }
        }
        Err(e) => Err(e.to_string()),
    }
}

/// What a client of a run reports: latencies of the accepted, errors, the first error.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
}

impl Tally {
    /// Counts one submission, its latency counted from `since`.
    fn record(&mut self, since: Instant, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.latencies.push(since.elapsed()),
            Err(e) => {
                self.errors += 1;
                self.first_error.get_or_insert(e);
            }
        }
    }
}

/// What every run needs: the server, the auditor's session, the CPU meter.
struct Run<'a> {
    server: &'a Server,
    cookie: &'a str,
    meter: &'a cpu::Meter,
}

/// Gathers the clients' outcomes into a run's result.
async fn gather(
    mut tasks: tokio::task::JoinSet<Tally>,
    started: (Instant, cpu::Used),
    meter: &cpu::Meter,
    sampler: tokio::task::JoinHandle<()>,
    stop: &AtomicBool,
    peak: &AtomicU64,
) -> anyhow::Result<RunResult> {
    let (started, cpu_before) = started;
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut first_error = None;
    while let Some(done) = tasks.join_next().await {
        let tally = done?;
        latencies.extend(tally.latencies);
        errors += tally.errors;
        if first_error.is_none() {
            first_error = tally.first_error;
        }
    }
    let wall = started.elapsed();
    let cpu = meter.since(cpu_before);
    stop.store(true, Ordering::Relaxed);
    sampler.await?;
    Ok(RunResult {
        ok: latencies.len(),
        errors,
        first_error,
        wall,
        latency: Latency::of(&mut latencies),
        peak_rss_kib: peak.load(Ordering::Relaxed),
        cpu,
    })
}

/// Submits `count` audits from `clients` concurrent clients (closed loop), or as many as fit
/// in `max_secs`, sampling the server's RSS meanwhile.
async fn run_level(
    run: &Run<'_>,
    bodies: &Arc<Vec<(Uuid, Vec<u8>)>>,
    next: &Arc<AtomicUsize>,
    clients: usize,
    count: usize,
    max_secs: u64,
) -> anyhow::Result<RunResult> {
    let start_index = next.load(Ordering::SeqCst);
    let end_index = (start_index + count).min(bodies.len());
    let deadline = Instant::now() + Duration::from_secs(max_secs);
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = sample_rss(run.server, &stop, &peak);
    let started = (Instant::now(), run.meter.read());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let http = auditor_client(run.cookie)?;
        let bodies = bodies.clone();
        let next = next.clone();
        let base = run.server.base.clone();
        tasks.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= end_index || Instant::now() > deadline {
                    break;
                }
                let (id, body) = &bodies[i];
                let sent = Instant::now();
                tally.record(sent, submit(&http, &base, *id, body).await);
            }
            tally
        });
    }
    let result = gather(tasks, started, run.meter, sampler, &stop, &peak).await;
    // The next run starts after this run's share, whether or not all of it was used.
    next.store(end_index, Ordering::SeqCst);
    result
}

/// The open-loop run: each client submits on its own fixed schedule (every
/// `clients / rate` s, the clients evenly staggered), whatever the server's pace; a
/// submission's latency counts from its scheduled time.
async fn run_open(
    run: &Run<'_>,
    bodies: &Arc<Vec<(Uuid, Vec<u8>)>>,
    next: &Arc<AtomicUsize>,
    open: &OpenLoop,
) -> anyhow::Result<RunResult> {
    let start_index = next.load(Ordering::SeqCst);
    let end_index = (start_index + open.count()).min(bodies.len());
    let period = Duration::from_secs_f64(open.clients as f64 / open.rate);
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = sample_rss(run.server, &stop, &peak);
    let started = (Instant::now(), run.meter.read());
    let mut tasks = tokio::task::JoinSet::new();
    let clients = open.clients;
    for c in 0..clients {
        let http = auditor_client(run.cookie)?;
        let bodies = bodies.clone();
        let base = run.server.base.clone();
        let first = started.0 + period.mul_f64(c as f64 / clients as f64);
        tasks.spawn(async move {
            let mut tally = Tally::default();
            // Client c submits the bodies c, c + clients, c + 2 × clients, … of its share.
            for (k, i) in (start_index + c..end_index).step_by(clients).enumerate() {
                let due = first + period.mul_f64(k as f64);
                tokio::time::sleep_until(due.into()).await;
                let (id, body) = &bodies[i];
                tally.record(due, submit(&http, &base, *id, body).await);
            }
            tally
        });
    }
    let result = gather(tasks, started, run.meter, sampler, &stop, &peak).await;
    next.store(end_index, Ordering::SeqCst);
    result
}
