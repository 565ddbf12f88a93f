//! Bulk data for the benchmarks, generated inside the database: approved audits with their
//! per-touchpoint and per-item score rows (SQLite: a recursive CTE; PostgreSQL:
//! `generate_series`), open assignments for the ingest load and open jobs for the job board.
//!
//! Scores follow the demo's model: each shop has a quality, each audit varies around it,
//! each item's points are drawn from it. The stored `body`/`score` JSON of a generated audit
//! is one realistic sample audit (the same for every row, so the rows have a real size);
//! the numeric columns scorecards aggregate are generated per row and consistent with each
//! other (item → touchpoint → audit). Generated audits point at assignment ids that do not
//! exist: foreign keys are off while loading (`PRAGMA foreign_keys = OFF`,
//! `SET session_replication_role = replica`).

use super::{Backend, Demo, DemoLocation};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Connection, Executor};
use std::time::Instant;
use touchstone_shared::checklist::ItemKind;
use touchstone_shared::journey::Journey;
use touchstone_shared::scoring::score_audit;
use uuid::Uuid;

/// SQL fragments that differ between the dialects.
struct Dialect(Backend);

impl Dialect {
    /// A uniform random number in [0, 1), fresh for every row.
    fn rand(&self) -> &'static str {
        match self.0 {
            Backend::Sqlite => "((random() & 1048575) / 1048576.0)",
            Backend::Postgres => "random()",
        }
    }

    /// `e` as twelve lower-case hex digits.
    fn hex12(&self, e: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("printf('%012x', {e})"),
            Backend::Postgres => format!("lpad(to_hex({e}), 12, '0')"),
        }
    }

    /// `e` clamped to [lo, hi].
    fn clamp(&self, e: &str, lo: &str, hi: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("MIN({hi}, MAX({lo}, {e}))"),
            Backend::Postgres => format!("LEAST({hi}, GREATEST({lo}, {e}))"),
        }
    }

    /// `(prefix, source)` of a statement over the integers `lo..hi` as `seq(n)`.
    fn series(&self, lo: u64, hi: u64) -> (String, String) {
        match self.0 {
            Backend::Sqlite => (
                format!(
                    "WITH RECURSIVE seq(n) AS (SELECT {lo} UNION ALL SELECT n + 1 FROM seq WHERE n < {}) ",
                    hi - 1
                ),
                "seq".into(),
            ),
            Backend::Postgres => (
                String::new(),
                format!(
                    "generate_series(CAST({lo} AS BIGINT), CAST({} AS BIGINT)) AS seq(n)",
                    hi - 1
                ),
            ),
        }
    }

    /// Empties a staging table.
    fn clear(&self, table: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("DELETE FROM {table}"),
            Backend::Postgres => format!("TRUNCATE {table}"),
        }
    }
}

async fn exec(conn: &mut AnyConnection, sql: String) -> anyhow::Result<u64> {
    let done = conn
        .execute(sqlx::AssertSqlSafe(sql.clone()))
        .await
        .map_err(|e| anyhow::anyhow!("{e}\n  in: {sql}"))?;
    Ok(done.rows_affected())
}

pub use touchstone_server::demo::{fake_audit, shop_quality};

/// What a bulk load did.
#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    /// Audits inserted.
    pub audits: u64,
    /// Touchpoint score rows inserted.
    pub touchpoint_rows: u64,
    /// Item score rows inserted.
    pub item_rows: u64,
    /// Time spent inserting.
    pub insert: std::time::Duration,
    /// Time spent building the daily and hourly sums (`score_days`, `score_hours`) from the
    /// loaded score rows.
    pub rollups: std::time::Duration,
    /// Rows of the demo client's daily and hourly sums.
    pub sums_rows: (i64, i64),
    /// Time spent on statistics (ANALYZE / VACUUM ANALYZE) and the WAL checkpoint.
    pub finish: std::time::Duration,
}

/// What [`approved_audits`] loads.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Approved audits.
    pub audits: u64,
    /// Spread evenly over this many days before `end`.
    pub days: u64,
    /// End of the loaded period.
    pub end: DateTime<Utc>,
    /// Per-item rows only for the audits of this many last days.
    pub item_days: u64,
    /// Audits per transaction.
    pub batch: u64,
}

/// Free space on the file system holding `path`, in GiB (`df`), if it can be read.
pub fn free_gib(path: &std::path::Path) -> Option<f64> {
    let out = std::process::Command::new("df")
        .arg("-Pk")
        .arg(path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: f64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib / 1024.0 / 1024.0)
}

/// Loads `audits` approved audits of the demo client, evenly spread over the `days` before
/// `end`, in batches of `batch`, on a connection of its own with foreign keys off. Per-item
/// rows are written for the audits of the last `item_days` only (every audit still gets its
/// touchpoint rows and its scores, computed from all its items); the daily and hourly sums
/// the scorecards read (`score_days`, `score_hours`) are then rebuilt for the demo client. The load stops
/// when the disk holding [`super::work_dir`] (the same disk as the databases here) has less
/// than `BENCH_MIN_FREE_GB` (default 10) GiB left.
pub async fn approved_audits(
    backend: Backend,
    conn: &mut AnyConnection,
    demo: &Demo,
    plan: &Plan,
) -> anyhow::Result<Loaded> {
    let Plan {
        audits,
        days,
        end,
        item_days,
        batch,
    } = *plan;
    let d = Dialect(backend);
    let min_free_path = super::work_dir();
    let min_free_gib = super::env_usize("BENCH_MIN_FREE_GB", 10) as f64;
    match backend {
        Backend::Sqlite => {
            for pragma in [
                "PRAGMA foreign_keys = OFF",
                "PRAGMA synchronous = OFF",
                "PRAGMA cache_size = -262144",
                "PRAGMA temp_store = MEMORY",
            ] {
                exec(conn, pragma.into()).await?;
            }
        }
        Backend::Postgres => {
            for set in [
                "SET session_replication_role = replica",
                "SET synchronous_commit = off",
                "SET work_mem = '256MB'",
                "SET maintenance_work_mem = '512MB'",
            ] {
                exec(conn, set.into()).await?;
            }
        }
    }

    // Staging: the checklist's scored items, the shops, and one batch at a time.
    for sql in [
        "CREATE TEMP TABLE bench_items (item_id TEXT, touchpoint_id TEXT, stage_id TEXT, \
         possible DOUBLE PRECISION, steps DOUBLE PRECISION, yes_no BIGINT, critical BIGINT, \
         allow_na BIGINT)",
        "CREATE TEMP TABLE bench_locs (k BIGINT PRIMARY KEY, location_id TEXT, region TEXT, \
         quality DOUBLE PRECISION)",
        "CREATE TEMP TABLE bench_batch (n BIGINT PRIMARY KEY, id TEXT, location_id TEXT, \
         region TEXT, check_in_at BIGINT, q DOUBLE PRECISION, nps BIGINT)",
        "CREATE TEMP TABLE bench_batch_items (n BIGINT, item_id TEXT, touchpoint_id TEXT, \
         stage_id TEXT, earned DOUBLE PRECISION, possible DOUBLE PRECISION, critical BIGINT)",
    ] {
        exec(conn, sql.into()).await?;
    }
    let stage_of = |touchpoint: Uuid| {
        demo.stages
            .iter()
            .find(|s| s.touchpoints.iter().any(|t| t.id == touchpoint))
            .map(|s| s.id.to_string())
    };
    for section in &demo.content.sections {
        for item in &section.items {
            let (possible, steps, yes_no) = match &item.kind {
                ItemKind::YesNo { .. } => (item.weight, 1.0, 1),
                ItemKind::Scale { min, max } => (item.weight, (max - min).round().max(1.0), 0),
                ItemKind::Choice { options } => (
                    options.iter().map(|o| o.points).fold(0.0, f64::max),
                    (options.len().max(2) - 1) as f64,
                    0,
                ),
                ItemKind::MultiSelect { options, cap, .. } => {
                    let all: f64 = options.iter().map(|o| o.points).sum();
                    (
                        cap.map_or(all, |c| all.min(c)),
                        options.len().max(1) as f64,
                        0,
                    )
                }
                ItemKind::Number { bands } | ItemKind::Stopwatch { bands } => (
                    bands.iter().map(|b| b.points).fold(0.0, f64::max),
                    bands.len().max(1) as f64,
                    0,
                ),
                _ => continue,
            };
            sqlx::query(
                "INSERT INTO bench_items (item_id, touchpoint_id, stage_id, possible, steps, \
                 yes_no, critical, allow_na) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(item.id.to_string())
            .bind(section.touchpoint_id.to_string())
            .bind(stage_of(section.touchpoint_id))
            .bind(possible)
            .bind(steps)
            .bind(yes_no)
            .bind(i64::from(item.critical))
            .bind(i64::from(item.allow_na))
            .execute(&mut *conn)
            .await?;
        }
    }
    for (k, l) in demo.locations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO bench_locs (k, location_id, region, quality) VALUES ($1, $2, $3, $4)",
        )
        .bind(i64::try_from(k)?)
        .bind(l.id.to_string())
        .bind(l.region.clone())
        .bind(shop_quality(&l.code))
        .execute(&mut *conn)
        .await?;
    }

    // Every generated row stores the same small, valid body and score JSON (a visit, no
    // answers): the numeric columns carry the data, and 1M full bodies would add ~10 GB.
    let mut rng = fastrand::Rng::with_seed(7);
    let location = demo
        .locations
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the demo has no locations"))?;
    let shop = (location.code.as_str(), location.position());
    let mut sample = fake_audit(&mut rng, &demo.content, shop, Uuid::now_v7(), end);
    sample.answers.clear();
    sample.touchpoint_notes.clear();
    let journey = Journey {
        id: demo.journey_id,
        client_id: demo.client_id,
        name: String::new(),
        stages: demo.stages.clone(),
        updated_at: end,
    };
    let body = serde_json::to_string(&sample)?;
    let score = serde_json::to_string(&score_audit(&demo.content, &journey, &sample.answers))?;
    let review = r#"{"decision":"approve","comment":"","item_comments":[]}"#;

    let tag = rng.u32(..);
    let audit_prefix = format!("{tag:08x}-0000-7000-8000-");
    let assignment_prefix = format!("{tag:08x}-0000-7000-9000-");
    let span = i64::try_from(days)? * 86_400_000;
    let start = end.timestamp_millis() - span - 3_600_000;
    let item_from = end.timestamp_millis() - i64::try_from(item_days)? * 86_400_000;
    let nloc = demo.locations.len();
    let r = d.rand();
    let q = format!("l.quality + 0.2 * ({r} - 0.5)");
    let nps = d.clamp(&format!("q * 10.0 + 4.0 * {r} - 2.0"), "0", "10");
    let level = d.clamp(&format!("b.q + 0.35 * ({r} - 0.5)"), "0.0", "1.0");
    let emotion = d.clamp("(t.pct - 70.0) / 12.0", "-2.0", "2.0");

    let started = Instant::now();
    let mut loaded = Loaded {
        audits: 0,
        touchpoint_rows: 0,
        item_rows: 0,
        insert: std::time::Duration::ZERO,
        rollups: std::time::Duration::ZERO,
        sums_rows: (0, 0),
        finish: std::time::Duration::ZERO,
    };
    let mut lo = 0;
    while lo < audits {
        if let Some(free) = free_gib(&min_free_path) {
            anyhow::ensure!(
                free >= min_free_gib,
                "stopping the load: {free:.1} GiB left on the disk (BENCH_MIN_FREE_GB={min_free_gib})"
            );
        }
        let hi = (lo + batch).min(audits);
        let (with, seq) = d.series(lo, hi);
        let mut tx = conn.begin().await?;
        exec(&mut tx, d.clear("bench_batch")).await?;
        exec(&mut tx, d.clear("bench_batch_items")).await?;
        exec(
            &mut tx,
            format!(
                "{with}INSERT INTO bench_batch (n, id, location_id, region, check_in_at, q, nps) \
                 SELECT n, '{audit_prefix}' || {hex}, l.location_id, l.region, \
                 {start} + (n * {span}) / {audits} + CAST({r} * 3600000 AS BIGINT), {q}, NULL \
                 FROM {seq} JOIN bench_locs l ON l.k = n % {nloc}",
                hex = d.hex12("n"),
            ),
        )
        .await?;
        if demo.content.has_nps() {
            exec(
                &mut tx,
                format!("UPDATE bench_batch SET nps = CAST({nps} AS BIGINT)"),
            )
            .await?;
        }
        exec(
            &mut tx,
            format!(
                "INSERT INTO bench_batch_items (n, item_id, touchpoint_id, stage_id, earned, \
                 possible, critical) \
                 SELECT b.n, i.item_id, i.touchpoint_id, i.stage_id, \
                 CASE WHEN i.yes_no = 1 THEN CASE WHEN {r} < b.q THEN i.possible ELSE 0.0 END \
                 ELSE i.possible * ROUND({level} * i.steps) / i.steps END, i.possible, i.critical \
                 FROM bench_batch b CROSS JOIN bench_items i \
                 WHERE i.allow_na = 0 OR {r} >= 0.04"
            ),
        )
        .await?;
        let insert_audits = format!(
            "INSERT INTO audits (id, org_id, client_id, location_id, region, assignment_id, \
             auditor_id, checklist_version_id, status, check_in_at, body, score, earned, \
             possible, percent, critical_failure, nps, review, submitted_at, approved_at, \
             created_at, updated_at) \
             SELECT b.id, $1, $2, b.location_id, b.region, \
             '{assignment_prefix}' || substr(b.id, 25), $3, $4, 'approved', b.check_in_at, \
             $5, $6, s.earned, s.possible, \
             CASE WHEN s.possible > 0 THEN 100.0 * s.earned / s.possible END, s.crit, b.nps, \
             $7, b.check_in_at + 2400000, b.check_in_at + 86400000, b.check_in_at, \
             b.check_in_at + 86400000 \
             FROM bench_batch b JOIN (SELECT n, SUM(earned) AS earned, \
             SUM(possible) AS possible, MAX(CASE WHEN critical = 1 AND earned < possible THEN 1 ELSE 0 END) AS crit FROM bench_batch_items GROUP BY n) s \
             ON s.n = b.n ORDER BY b.n"
        );
        loaded.audits += sqlx::query(sqlx::AssertSqlSafe(insert_audits))
            .bind(demo.org_id.to_string())
            .bind(demo.client_id.to_string())
            .bind(demo.auditor_id.to_string())
            .bind(demo.checklist_version_id.to_string())
            .bind(body.clone())
            .bind(score.clone())
            .bind(review)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let insert_touchpoints = format!(
            "INSERT INTO touchpoint_scores (audit_id, org_id, client_id, location_id, region, \
             check_in_at, touchpoint_id, stage_id, earned, possible, percent, critical_failure, \
             emotion) \
             SELECT b.id, $1, $2, b.location_id, b.region, b.check_in_at, t.touchpoint_id, \
             t.stage_id, t.earned, t.possible, t.pct, t.crit, \
             CASE WHEN t.pct IS NULL THEN NULL ELSE CAST(ROUND({emotion}) AS BIGINT) END \
             FROM (SELECT n, touchpoint_id, stage_id, SUM(earned) AS earned, \
             SUM(possible) AS possible, MAX(CASE WHEN critical = 1 AND earned < possible THEN 1 ELSE 0 END) AS crit, \
             CASE WHEN SUM(possible) > 0 THEN 100.0 * SUM(earned) / SUM(possible) END AS pct \
             FROM bench_batch_items GROUP BY n, touchpoint_id, stage_id) t \
             JOIN bench_batch b ON b.n = t.n ORDER BY b.n"
        );
        loaded.touchpoint_rows += sqlx::query(sqlx::AssertSqlSafe(insert_touchpoints))
            .bind(demo.org_id.to_string())
            .bind(demo.client_id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let insert_items = "INSERT INTO item_scores (audit_id, org_id, client_id, location_id, \
             region, check_in_at, item_id, touchpoint_id, earned, possible, critical_failure) \
             SELECT b.id, $1, $2, b.location_id, b.region, b.check_in_at, i.item_id, \
             i.touchpoint_id, i.earned, i.possible, \
             CASE WHEN i.critical = 1 AND i.earned < i.possible THEN 1 ELSE 0 END \
             FROM bench_batch_items i JOIN bench_batch b ON b.n = i.n \
             WHERE b.check_in_at >= $3 ORDER BY b.n";
        loaded.item_rows += sqlx::query(insert_items)
            .bind(demo.org_id.to_string())
            .bind(demo.client_id.to_string())
            .bind(item_from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        if hi / 100_000 != lo / 100_000 && hi < audits {
            eprintln!(
                "  … {hi} audits loaded ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
        lo = hi;
    }
    loaded.insert = started.elapsed();

    // The demo's first start built the sums already (`score_sums_built`), so the server would
    // not see the loaded rows: rebuild them as approvals would have written them.
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    touchstone_server::db::rollups::rebuild(&mut tx, Some(demo.client_id))
        .await
        .map_err(|e| anyhow::anyhow!("building score_days and score_hours: {e}"))?;
    tx.commit().await?;
    loaded.rollups = started.elapsed();
    loaded.sums_rows = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM score_days WHERE client_id = $1), \
         (SELECT COUNT(*) FROM score_hours WHERE client_id = $1)",
    )
    .bind(demo.client_id.to_string())
    .fetch_one(&mut *conn)
    .await?;

    let started = Instant::now();
    match backend {
        Backend::Sqlite => {
            exec(conn, "ANALYZE".into()).await?;
            exec(conn, "PRAGMA wal_checkpoint(TRUNCATE)".into()).await?;
        }
        Backend::Postgres => {
            for table in ["audits", "touchpoint_scores", "item_scores"] {
                exec(conn, format!("VACUUM ANALYZE {table}")).await?;
            }
        }
    }
    loaded.finish = started.elapsed();
    exec(
        conn,
        "CREATE TABLE IF NOT EXISTS bench_meta (audits BIGINT NOT NULL, days BIGINT NOT NULL, \
         loaded_at BIGINT NOT NULL)"
            .into(),
    )
    .await?;
    sqlx::query("INSERT INTO bench_meta (audits, days, loaded_at) VALUES ($1, $2, $3)")
        .bind(i64::try_from(audits)?)
        .bind(i64::try_from(days)?)
        .bind(end.timestamp_millis())
        .execute(&mut *conn)
        .await?;
    Ok(loaded)
}

/// Inserts `count` open assignments of checklist version `version_id` for the demo auditor,
/// spread over the demo's shops, due within the week; returns each one's id and shop.
pub async fn assignments(
    backend: Backend,
    conn: &mut AnyConnection,
    demo: &Demo,
    version_id: Uuid,
    count: u64,
) -> anyhow::Result<Vec<(Uuid, DemoLocation)>> {
    let d = Dialect(backend);
    exec(
        conn,
        "CREATE TEMP TABLE IF NOT EXISTS bench_assign_locs (k BIGINT PRIMARY KEY, \
         location_id TEXT)"
            .into(),
    )
    .await?;
    exec(conn, d.clear("bench_assign_locs")).await?;
    for (k, l) in demo.locations.iter().enumerate() {
        sqlx::query("INSERT INTO bench_assign_locs (k, location_id) VALUES ($1, $2)")
            .bind(i64::try_from(k)?)
            .bind(l.id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    let prefix = format!("{:08x}-0000-7000-a000-", fastrand::u32(..));
    let now = Utc::now().timestamp_millis();
    let (with, seq) = d.series(0, count);
    let nloc = demo.locations.len();
    let sql = format!(
        "{with}INSERT INTO assignments (id, org_id, client_id, checklist_version_id, location_id, \
         auditor_id, not_before, due, scenario, created_at) \
         SELECT '{prefix}' || {hex}, $1, $2, $3, l.location_id, $4, {not_before}, {due}, \
         'Order a flat white and a pastry; ask which pastries are vegan.', {now} \
         FROM {seq} JOIN bench_assign_locs l ON l.k = n % {nloc}",
        hex = d.hex12("n"),
        not_before = now - 86_400_000,
        due = now + 7 * 86_400_000,
    );
    let mut tx = conn.begin().await?;
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(demo.org_id.to_string())
        .bind(demo.client_id.to_string())
        .bind(version_id.to_string())
        .bind(demo.auditor_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    (0..count)
        .map(|n| {
            let id = Uuid::parse_str(&format!("{prefix}{n:012x}"))?;
            let k = usize::try_from(n)? % nloc;
            Ok((id, demo.locations[k].clone()))
        })
        .collect()
}

/// Inserts `count` open jobs of the demo's first wave schedule (its terms and checklist
/// version), due in a week, at the demo's shops in turn but each at its own position drawn
/// around London (±0.5° latitude, ±0.8° longitude), so the board has `count` distinct
/// distances to order. Each job is its own period of the schedule, so the schedule's
/// one-job-per-period-and-shop key holds.
pub async fn open_jobs(
    backend: Backend,
    conn: &mut AnyConnection,
    demo: &Demo,
    count: u64,
) -> anyhow::Result<()> {
    let d = Dialect(backend);
    let (schedule_id, version_id, terms): (String, String, String) = sqlx::query_as(
        "SELECT id, checklist_version_id, terms FROM wave_schedules WHERE org_id = $1 \
         ORDER BY created_at, id LIMIT 1",
    )
    .bind(demo.org_id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    exec(
        conn,
        "CREATE TEMP TABLE IF NOT EXISTS bench_job_locs (k BIGINT PRIMARY KEY, \
         location_id TEXT)"
            .into(),
    )
    .await?;
    exec(conn, d.clear("bench_job_locs")).await?;
    for (k, l) in demo.locations.iter().enumerate() {
        sqlx::query("INSERT INTO bench_job_locs (k, location_id) VALUES ($1, $2)")
            .bind(i64::try_from(k)?)
            .bind(l.id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    let prefix = format!("{:08x}-0000-7000-b000-", fastrand::u32(..));
    let now = Utc::now().timestamp_millis();
    let (with, seq) = d.series(0, count);
    let sql = format!(
        "{with}INSERT INTO panel_jobs (id, org_id, client_id, schedule_id, period_start, \
         location_id, checklist_version_id, lat, lon, not_before, due, scenario, terms, status, \
         late_counted, adjustment_minor, adjustment_reason, created_at) \
         SELECT '{prefix}' || {hex}, $1, $2, $3, n, l.location_id, $4, \
         51.0 + {rand}, -0.9 + 1.6 * {rand}, {not_before}, {due}, \
         'Order a flat white and a pastry; ask which pastries are vegan.', $5, 'open', 0, 0, '', \
         {now} FROM {seq} JOIN bench_job_locs l ON l.k = n % {nloc}",
        hex = d.hex12("n"),
        rand = d.rand(),
        not_before = now - 86_400_000,
        due = now + 7 * 86_400_000,
        nloc = demo.locations.len(),
    );
    let mut tx = conn.begin().await?;
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(demo.org_id.to_string())
        .bind(demo.client_id.to_string())
        .bind(schedule_id)
        .bind(version_id)
        .bind(terms)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
