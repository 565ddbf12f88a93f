//! Scorecards at scale: bulk-loads `BENCH_AUDITS` approved audits (default 1,000,000; ten
//! touchpoints and the demo's scored items each) spread over `BENCH_DAYS` (default 730),
//! then times `GET /api/v1/scorecards` for the demo client and the last 90 days against the
//! release server, with, in the same run, the plain SQL aggregate of per-touchpoint
//! statistics as the reference, and one run of each of the endpoint's queries.
//!
//! Targets: p95 < 50 ms on PostgreSQL, < 150 ms on SQLite. See BENCHMARKS.md.

use anyhow::Context;
use chrono::{DateTime, Duration as Days, SecondsFormat, TimeZone, Utc};
use sqlx::Executor;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use touchstone_server::db::Db;
use touchstone_server::db::rollups::{Grain, add_audits_at};
use touchstone_server::db::scorecards::{self as q, CardFilter};
use touchstone_tests::bench::{
    self, Backend, Demo, Latency, Server, demo_users, env_flag, env_usize, generate, human_bytes,
    mib, ms,
};

/// The endpoint's per-touchpoint query (`db::scorecards::by_touchpoint`), as plain SQL.
const TOUCHPOINT_SQL: &str = "SELECT touchpoint_id AS key, COALESCE(stage_id, '') AS parent, \
    COUNT(pct) AS n, SUM(pct) AS sum, SUM(pct * pct) AS sum_sq, MIN(pct) AS min, MAX(pct) AS max, \
    CAST(COALESCE(SUM(CASE WHEN pct >= $5 THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed, \
    CAST(COALESCE(SUM(crit), 0) AS BIGINT) AS critical \
    FROM (SELECT touchpoint_id, stage_id, percent AS pct, critical_failure AS crit \
    FROM touchpoint_scores WHERE org_id = $1 AND client_id = $2 AND check_in_at >= $3 \
    AND check_in_at < $4) s GROUP BY touchpoint_id, stage_id";

/// The same statistics recomputed from the raw per-item answers.
const RAW_SQL: &str = "SELECT touchpoint_id AS key, COUNT(pct) AS n, SUM(pct) AS sum, \
    SUM(pct * pct) AS sum_sq, MIN(pct) AS min, MAX(pct) AS max, \
    CAST(COALESCE(SUM(CASE WHEN pct >= $5 THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed, \
    CAST(COALESCE(SUM(crit), 0) AS BIGINT) AS critical \
    FROM (SELECT audit_id, touchpoint_id, \
    CASE WHEN SUM(possible) > 0 THEN 100.0 * SUM(earned) / SUM(possible) END AS pct, \
    MAX(critical_failure) AS crit FROM item_scores WHERE org_id = $1 AND client_id = $2 \
    AND check_in_at >= $3 AND check_in_at < $4 GROUP BY audit_id, touchpoint_id) s \
    GROUP BY touchpoint_id";

/// What to load.
struct Load {
    audits: u64,
    days: u64,
    item_days: u64,
    batch: u64,
}

impl Load {
    /// Names the database after the load, so a different load never reuses it.
    fn tag(&self) -> String {
        format!("{}_{}_{}", self.audits, self.days, self.item_days)
    }
}

struct Target {
    backend: Backend,
    url: String,
    file: Option<PathBuf>,
    p95_target_ms: f64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let audits = env_usize("BENCH_AUDITS", 1_000_000) as u64;
    let days = env_usize("BENCH_DAYS", 730) as u64;
    let runs = env_usize("BENCH_RUNS", 20);
    let batch = env_usize("BENCH_BATCH", 20_000) as u64;
    let item_days = env_usize("BENCH_ITEM_DAYS", 180).min(days as usize) as u64;
    println!(
        "# scorecards: {audits} approved audits over {days} days (item rows for the last \
         {item_days} days), 90-day scorecard, {runs} runs"
    );
    let load = Load {
        audits,
        days,
        item_days,
        batch,
    };
    for backend in bench::backends() {
        let target = prepare(backend, &load).await?;
        run(&target, &load, runs).await?;
    }
    Ok(())
}

async fn prepare(backend: Backend, load: &Load) -> anyhow::Result<Target> {
    Ok(match backend {
        Backend::Sqlite => {
            let file = bench::work_dir().join(format!("scorecards-{}.db", load.tag()));
            Target {
                backend,
                url: bench::sqlite_url(&file),
                file: Some(file),
                p95_target_ms: 150.0,
            }
        }
        Backend::Postgres => {
            let admin = bench::postgres_admin_url()?;
            Target {
                backend,
                url: bench::postgres_url(&admin, &pg_name(load)),
                file: None,
                p95_target_ms: 50.0,
            }
        }
    })
}

fn pg_name(load: &Load) -> String {
    format!("touchstone_bench_scorecards_{}", load.tag())
}

/// The end of the loaded period, when a database with this load is already there.
async fn existing_load(target: &Target, load: &Load) -> Option<i64> {
    if env_flag("BENCH_FRESH") {
        return None;
    }
    match target.backend {
        Backend::Sqlite => {
            if !target.file.as_ref().is_some_and(|f| f.exists()) {
                return None;
            }
        }
        Backend::Postgres => {
            let admin = bench::postgres_admin_url().ok()?;
            if !bench::postgres_exists(&admin, &pg_name(load)).await.ok()? {
                return None;
            }
        }
    }
    let mut conn = bench::connect(&target.url).await.ok()?;
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT audits, days, loaded_at FROM bench_meta")
            .fetch_optional(&mut conn)
            .await
            .ok()?;
    let (a, d, end) = row?;
    (u64::try_from(a).ok()? == load.audits && u64::try_from(d).ok()? == load.days).then_some(end)
}

async fn load(target: &Target, load: &Load) -> anyhow::Result<i64> {
    let name = target.backend.name();
    match target.backend {
        Backend::Sqlite => {
            if let Some(file) = &target.file {
                bench::sqlite_remove(file);
            }
        }
        Backend::Postgres => {
            bench::postgres_fresh(&bench::postgres_admin_url()?, &pg_name(load)).await?;
        }
    }
    let dir = bench::work_dir();
    let demo_started = Instant::now();
    let server = Server::start(
        &target.url,
        &dir.join(format!("data-{name}")),
        true,
        &dir.join(format!("scorecards-{name}-demo.log")),
        Duration::from_secs(600),
    )
    .await?;
    server.stop()?;
    let demo_time = demo_started.elapsed();

    let mut conn = bench::connect(&target.url).await?;
    let demo = Demo::read(&mut conn).await?;
    let end = Utc::now();
    let end = Utc
        .timestamp_millis_opt(end.timestamp_millis() / 1000 * 1000)
        .single()
        .context("time")?;
    let plan = generate::Plan {
        audits: load.audits,
        days: load.days,
        end,
        item_days: load.item_days,
        batch: load.batch,
    };
    let loaded = generate::approved_audits(target.backend, &mut conn, &demo, &plan).await?;
    drop(conn);
    let size = bench::database_bytes(target.backend, &target.url, target.file.as_deref()).await;
    let rows = loaded.audits + loaded.touchpoint_rows + loaded.item_rows;
    println!(
        "[{name}] load: demo {:.1} s; {} audits, {} touchpoint rows, {} item rows in {:.1} s \
         ({:.0} audits/s, {:.0} rows/s); daily and hourly sums (score_days, score_hours) \
         {:.1} s, {} and {} rows; statistics {:.1} s; database {}",
        demo_time.as_secs_f64(),
        loaded.audits,
        loaded.touchpoint_rows,
        loaded.item_rows,
        loaded.insert.as_secs_f64(),
        loaded.audits as f64 / loaded.insert.as_secs_f64(),
        rows as f64 / loaded.insert.as_secs_f64(),
        loaded.rollups.as_secs_f64(),
        loaded.sums_rows.0,
        loaded.sums_rows.1,
        loaded.finish.as_secs_f64(),
        human_bytes(size),
    );
    Ok(end.timestamp_millis())
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn run(target: &Target, load: &Load, runs: usize) -> anyhow::Result<()> {
    let name = target.backend.name();
    let end_ms = match existing_load(target, load).await {
        Some(end) => {
            println!("[{name}] reusing the loaded database (BENCH_FRESH=1 reloads)");
            end
        }
        None => self::load(target, load).await?,
    };
    // Two 90-day periods: the default one (whole UTC days up to the end of today, what a
    // scorecard opens with) and one between arbitrary times (the load's end and 90 days
    // before), whose partial first and last days are read from the raw score rows.
    let arbitrary_to = Utc.timestamp_millis_opt(end_ms).single().context("time")?;
    let arbitrary_from = arbitrary_to - Days::days(90);
    let day = 86_400_000;
    let default_to = Utc
        .timestamp_millis_opt((Utc::now().timestamp_millis().div_euclid(day) + 1) * day)
        .single()
        .context("time")?;
    let default_from = default_to - Days::days(90);

    let dir = bench::work_dir();
    let server = Server::start(
        &target.url,
        &dir.join(format!("data-{name}")),
        false,
        &dir.join(format!("scorecards-{name}.log")),
        Duration::from_secs(3600),
    )
    .await?;
    let idle = server.rss();
    println!(
        "[{name}] server ready after {:.2} s (migrations included), idle RSS {}",
        server.ready_after.as_secs_f64(),
        mib(idle.now_kib)
    );

    let mut conn = bench::connect(&target.url).await?;
    let demo = Demo::read(&mut conn).await?;
    let http = bench::sign_in(&server.base, demo_users::MANAGER, demo_users::PASSWORD).await?;
    let url = format!("{}/api/v1/scorecards", server.base);
    let default_query = vec![("client_id", demo.client_id.to_string())];
    let arbitrary_query = vec![
        ("client_id", demo.client_id.to_string()),
        ("from", rfc3339(arbitrary_from)),
        ("to", rfc3339(arbitrary_to)),
    ];
    let get = |query: &Vec<(&'static str, String)>| {
        let request = http.get(&url).query(query);
        async move {
            let started = Instant::now();
            let reply = request.send().await?;
            let status = reply.status();
            let body = reply.bytes().await?;
            let took = started.elapsed();
            anyhow::ensure!(status.is_success(), "scorecard: {status}");
            Ok::<_, anyhow::Error>((took, body.len(), body))
        }
    };
    let params = (
        demo.org_id.to_string(),
        demo.client_id.to_string(),
        default_from.timestamp_millis(),
        default_to.timestamp_millis(),
        80.0f64,
    );
    let reference = |sql: &'static str| {
        sqlx::query(sql)
            .bind(params.0.clone())
            .bind(params.1.clone())
            .bind(params.2)
            .bind(params.3)
            .bind(params.4)
    };

    // Warm-up: the first requests read the tables into the cache.
    let (_, bytes, body) = get(&default_query).await?;
    let card: serde_json::Value = serde_json::from_slice(&body)?;
    let (_, _, body) = get(&arbitrary_query).await?;
    let arbitrary_card: serde_json::Value = serde_json::from_slice(&body)?;
    for _ in 0..2 {
        get(&default_query).await?;
        get(&arbitrary_query).await?;
        reference(TOUCHPOINT_SQL).fetch_all(&mut conn).await?;
    }

    let mut endpoint = Vec::with_capacity(runs);
    let mut arbitrary = Vec::with_capacity(runs);
    let mut plain = Vec::with_capacity(runs);
    let mut raw = Vec::with_capacity(runs);
    // The endpoint's runs first, the references' after them: a reference reads gigabytes of
    // score rows, which at 1M audits pushes the sums out of the page cache of a machine
    // whose memory is smaller than the database, so timing the endpoint right after one
    // measures the disk.
    for _ in 0..runs {
        endpoint.push(get(&default_query).await?.0);
        arbitrary.push(get(&arbitrary_query).await?.0);
    }
    for _ in 0..runs {
        let started = Instant::now();
        reference(TOUCHPOINT_SQL).fetch_all(&mut conn).await?;
        plain.push(started.elapsed());
        let started = Instant::now();
        reference(RAW_SQL).fetch_all(&mut conn).await?;
        raw.push(started.elapsed());
    }
    let endpoint = Latency::of(&mut endpoint);
    let arbitrary = Latency::of(&mut arbitrary);
    let plain = Latency::of(&mut plain);
    let raw = Latency::of(&mut raw);
    let under = server.rss();

    let n = card["overall"]["n"].as_u64().unwrap_or(0);
    let n_arbitrary = arbitrary_card["overall"]["n"].as_u64().unwrap_or(0);
    let previous = card["overall"]["previous_mean"].is_number();
    println!(
        "[{name}] scorecard: {n} approved audits in the default 90 days ({} to {}; previous \
         period present: {previous}), response {bytes} bytes; {n_arbitrary} in the arbitrary \
         period ({} to {})",
        rfc3339(default_from),
        rfc3339(default_to),
        rfc3339(arbitrary_from),
        rfc3339(arbitrary_to),
    );
    let target_ms = target.p95_target_ms;
    let verdict = |l: &Latency| {
        if l.p95.as_secs_f64() * 1000.0 < target_ms {
            "met"
        } else {
            "MISSED"
        }
    };
    println!(
        "[{name}] GET /api/v1/scorecards (default period)   p50 {}  p95 {}  max {}  \
         (target p95 < {target_ms} ms: {})",
        ms(endpoint.p50),
        ms(endpoint.p95),
        ms(endpoint.max),
        verdict(&endpoint)
    );
    println!(
        "[{name}] GET /api/v1/scorecards (arbitrary times)  p50 {}  p95 {}  max {}  \
         (target p95 < {target_ms} ms: {})",
        ms(arbitrary.p50),
        ms(arbitrary.p95),
        ms(arbitrary.max),
        verdict(&arbitrary)
    );
    println!(
        "[{name}] reference: per-touchpoint SQL p50 {}  p95 {}; endpoint/reference (p50) {:.2}x",
        ms(plain.p50),
        ms(plain.p95),
        endpoint.p50.as_secs_f64() / plain.p50.as_secs_f64().max(1e-9)
    );
    println!(
        "[{name}] reference: same from raw item answers p50 {}  p95 {}; endpoint/raw (p50) {:.2}x",
        ms(raw.p50),
        ms(raw.p95),
        endpoint.p50.as_secs_f64() / raw.p50.as_secs_f64().max(1e-9)
    );
    println!(
        "[{name}] server RSS after the runs {} (peak {})",
        mib(under.now_kib),
        mib(under.peak_kib)
    );
    let plans = env_flag("BENCH_EXPLAIN") && target.backend == Backend::Postgres;
    if plans {
        log_plans(&mut conn, load, true).await?;
    }
    if !std::env::var("BENCH_BREAKDOWN").is_ok_and(|v| v == "0") {
        breakdown(target, &demo, "default period", default_from, default_to).await?;
        breakdown(
            target,
            &demo,
            "arbitrary times",
            arbitrary_from,
            arbitrary_to,
        )
        .await?;
        approval_writes(target, &demo).await?;
    }
    if plans {
        log_plans(&mut conn, load, false).await?;
        println!(
            "[{name}] plans of the endpoint's queries (EXPLAIN ANALYZE, BUFFERS) of the runs one \
             by one: in the PostgreSQL server log (auto_explain)"
        );
    }
    if env_flag("BENCH_EXPLAIN") {
        explain(target, &mut conn, &params).await?;
    }
    drop(conn);
    server.stop()?;
    if !env_flag("BENCH_KEEP") {
        match target.backend {
            Backend::Sqlite => {
                if let Some(file) = &target.file {
                    bench::sqlite_remove(file);
                }
            }
            Backend::Postgres => {
                bench::postgres_drop(&bench::postgres_admin_url()?, &pg_name(load)).await?;
            }
        }
    }
    Ok(())
}

/// Times each of the endpoint's aggregate queries on its own (median of 3), through the
/// server's own database layer.
async fn breakdown(
    target: &Target,
    demo: &Demo,
    period: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> anyhow::Result<()> {
    let db = Db::connect(&target.url).await?;
    let pool = db.pool();
    let now = CardFilter {
        org_id: demo.org_id,
        client_id: demo.client_id,
        from_ms: from.timestamp_millis(),
        to_ms: to.timestamp_millis(),
        region: None,
        location_id: None,
        target_percent: 80.0,
    };
    let before = CardFilter {
        from_ms: now.from_ms - (now.to_ms - now.from_ms),
        to_ms: now.from_ms,
        ..now.clone()
    };
    let mut parts: Vec<(&str, Duration)> = Vec::new();
    macro_rules! time {
        ($label:expr, $e:expr) => {{
            let mut samples = Vec::new();
            for _ in 0..3 {
                let started = Instant::now();
                $e.await?;
                samples.push(started.elapsed());
            }
            parts.push(($label, Latency::of(&mut samples).p50));
        }};
    }
    time!("by_stage", q::by_stage(pool, &now));
    time!("by_stage (previous)", q::by_stage(pool, &before));
    time!("by_touchpoint (+emotions)", q::by_touchpoint(pool, &now));
    time!("by_touchpoint (previous)", q::by_touchpoint(pool, &before));
    time!("by_location_region", q::by_location_region(pool, &now));
    time!(
        "by_location_region (previous)",
        q::by_location_region(pool, &before)
    );
    time!("worst_items", q::worst_items(pool, &now, 3, 10));
    time!("trend", q::trend(pool, &now, 7 * 86_400_000));
    time!("nps_counts", q::nps_counts(pool, &now));
    let total: Duration = parts.iter().map(|(_, d)| *d).sum();
    let list = parts
        .iter()
        .map(|(label, d)| format!("{label} {}", ms(*d)))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "[{}] queries one by one, {period} (median of 3): {list}; sum {}",
        target.backend.name(),
        ms(total)
    );
    db.close().await;
    Ok(())
}

/// Times what an approval writes to the sums, per table (median of 20, each in a
/// transaction rolled back): the upsert of one loaded audit's rows into `score_days` and into
/// `score_hours`, through the server's own `db::rollups::add_audits_at`.
async fn approval_writes(target: &Target, demo: &Demo) -> anyhow::Result<()> {
    let db = Db::connect(&target.url).await?;
    let audit: String = sqlx::query_scalar(
        "SELECT id FROM audits WHERE client_id = $1 AND status = 'approved' \
         AND check_in_at IS NOT NULL ORDER BY check_in_at DESC LIMIT 1",
    )
    .bind(demo.client_id.to_string())
    .fetch_one(db.pool())
    .await?;
    let record = touchstone_server::db::audits::find(db.pool(), demo.org_id, audit.parse()?)
        .await?
        .context("the audit")?;
    let stages = (record.score.touchpoints.iter())
        .filter_map(|t| t.stage_id)
        .collect::<std::collections::BTreeSet<_>>();
    let rows = 2 * (2 + record.score.touchpoints.len() + stages.len() + record.score.items.len());
    let mut parts = Vec::new();
    for grain in Grain::ALL {
        let mut samples = Vec::new();
        for _ in 0..20 {
            let mut tx = db.begin().await?;
            let started = Instant::now();
            add_audits_at(&mut tx, std::slice::from_ref(&record), 80.0, grain)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            samples.push(started.elapsed());
            tx.rollback().await?;
        }
        parts.push(format!(
            "{} {}",
            grain.table(),
            ms(Latency::of(&mut samples).p50)
        ));
    }
    println!(
        "[{}] approval's writes to the sums, one statement of ~{rows} rows per table (median \
         of 20): {}",
        target.backend.name(),
        parts.join(", ")
    );
    db.close().await;
    Ok(())
}

/// Turns PostgreSQL's `auto_explain` on (or off) for new sessions of the loaded database,
/// so the server log gets the plan of every query the breakdown runs.
async fn log_plans(conn: &mut sqlx::AnyConnection, load: &Load, on: bool) -> anyhow::Result<()> {
    let db = pg_name(load);
    let settings = [
        ("session_preload_libraries", "'auto_explain'"),
        ("auto_explain.log_min_duration", "0"),
        ("auto_explain.log_analyze", "on"),
        ("auto_explain.log_buffers", "on"),
    ];
    for (name, value) in settings {
        let sql = if on {
            format!("ALTER DATABASE {db} SET {name} = {value}")
        } else {
            format!("ALTER DATABASE {db} RESET {name}")
        };
        conn.execute(sqlx::AssertSqlSafe(sql)).await?;
    }
    Ok(())
}

/// Prints the plans of the reference query (`BENCH_EXPLAIN=1`).
async fn explain(
    target: &Target,
    conn: &mut sqlx::AnyConnection,
    params: &(String, String, i64, i64, f64),
) -> anyhow::Result<()> {
    let prefix = match target.backend {
        Backend::Sqlite => "EXPLAIN QUERY PLAN ",
        Backend::Postgres => "EXPLAIN (ANALYZE, BUFFERS) ",
    };
    for sql in [TOUCHPOINT_SQL, RAW_SQL] {
        let rows = conn
            .fetch_all(
                sqlx::query(sqlx::AssertSqlSafe(format!("{prefix}{sql}")))
                    .bind(params.0.clone())
                    .bind(params.1.clone())
                    .bind(params.2)
                    .bind(params.3)
                    .bind(params.4),
            )
            .await?;
        println!("[{}] plan of: {sql}", target.backend.name());
        for row in rows {
            use sqlx::Row;
            let line: String = match target.backend {
                Backend::Sqlite => row.try_get::<String, _>(3)?,
                Backend::Postgres => row.try_get::<String, _>(0)?,
            };
            println!("    {line}");
        }
    }
    Ok(())
}
