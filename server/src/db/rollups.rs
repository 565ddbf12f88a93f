//! Sums of approved audits' scores per UTC day (`score_days`) and per UTC hour
//! (`score_hours`; see their migrations, 0005 and 0007): what scorecards read instead of the
//! audits, so their cost follows the number of days, hours, locations and items, not the
//! number of audits. A scorecard reads whole days from the days, the whole hours of its
//! partial first and last days from the hours, and raw score rows only for the partial hours
//! at both ends (see [`super::scorecards`]).
//!
//! Both tables hold the same rows, per location and client-wide, at their [`Grain`]: hours
//! exist for every day, not only for recent ones, because any day can be a period's edge,
//! and at both location grains, so every scorecard filter reads them as it reads the days.
//! Rows are added when an audit is approved ([`add_audits`], one set of rows for both
//! grains; approved audits never change), rebuilt for a client when its pass mark changes
//! ([`rebuild`]: the hours from the score rows, the days added up from the hours), and built
//! once from the score rows that predate the tables ([`build_if_missing`]). Every row sums
//! exactly what the raw scorecard queries aggregate over `audits`, `touchpoint_scores` and
//! `item_scores`, so a scorecard may combine days, hours and raw rows. Every audit's score
//! rows share one time, so a day or an hour holds whole audits: the per-audit stage
//! percentages add up by hour as they do by day.

use super::audits::AuditRecord;
use super::{Backend, Db, now_ms};
use crate::error::Result;
use sqlx::{AnyConnection, Executor};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Milliseconds in a (UTC) day: day rows cover `[day_no × DAY_MS, (day_no + 1) × DAY_MS)`.
pub const DAY_MS: i64 = 86_400_000;

/// Milliseconds in an hour: hour rows cover `[hour_no × HOUR_MS, (hour_no + 1) × HOUR_MS)`.
pub const HOUR_MS: i64 = 3_600_000;

/// The UTC day of a time in ms (floor, also before 1970).
pub fn day_of(ms: i64) -> i64 {
    Grain::Day.of(ms)
}

/// The time grain of a table of sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// UTC days: `score_days`.
    Day,
    /// Hours: `score_hours`.
    Hour,
}

impl Grain {
    /// Both grains, hours first: a rebuild adds the days up from the hours.
    pub const ALL: [Grain; 2] = [Grain::Hour, Grain::Day];

    /// Milliseconds in one unit.
    pub const fn ms(self) -> i64 {
        match self {
            Grain::Day => DAY_MS,
            Grain::Hour => HOUR_MS,
        }
    }

    /// The table of sums at this grain.
    pub const fn table(self) -> &'static str {
        match self {
            Grain::Day => "score_days",
            Grain::Hour => "score_hours",
        }
    }

    /// The table's column of unit numbers (`ms / self.ms()`).
    pub const fn column(self) -> &'static str {
        match self {
            Grain::Day => "day_no",
            Grain::Hour => "hour_no",
        }
    }

    /// The unit of a time in ms (floor, also before 1970).
    pub fn of(self, ms: i64) -> i64 {
        ms.div_euclid(self.ms())
    }
}

/// Running sums of one rollup row.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: i64,
    sum: f64,
    sum_sq: f64,
    min: Option<f64>,
    max: Option<f64>,
    passed: i64,
    critical: i64,
    emotion_n: i64,
    emotion_sum: f64,
}

impl Acc {
    fn pct(&mut self, pct: Option<f64>, target: f64) {
        if let Some(p) = pct {
            self.n += 1;
            self.sum += p;
            self.sum_sq += p * p;
            self.min = Some(self.min.map_or(p, |m| m.min(p)));
            self.max = Some(self.max.map_or(p, |m| m.max(p)));
            self.passed += i64::from(p >= target);
        }
    }
}

/// `(kind, location, region, unit, key, parent)`.
type RowKey = (&'static str, String, String, i64, String, String);

fn entry<'a>(
    rows: &'a mut BTreeMap<RowKey, Acc>,
    scope: (&str, &str),
    kind: &'static str,
    unit: i64,
    key: String,
    parent: String,
) -> &'a mut Acc {
    rows.entry((
        kind,
        scope.0.to_owned(),
        scope.1.to_owned(),
        unit,
        key,
        parent,
    ))
    .or_default()
}

/// Adds to `rows` what an approved audit adds at `grain`, per location (its own) and
/// client-wide. Every column is a count, a sum, a minimum or a maximum, so the rows of many
/// audits add up in one map as they would in the table.
fn add_audit_rows(
    rows: &mut BTreeMap<RowKey, Acc>,
    record: &AuditRecord,
    target: f64,
    grain: Grain,
) {
    let location = record.location_id.to_string();
    let scopes = [(location.as_str(), record.region.as_str()), ("", "")];
    // Whole-audit rows count audits with a check-in, as the scorecard's period filter does;
    // score rows fall back to the creation time (see `audits::insert_score_rows`).
    let audit_unit = record
        .input
        .visit
        .check_in_at
        .map(|t| grain.of(super::to_ms(t)));
    let score_unit = grain.of(record
        .input
        .visit
        .check_in_at
        .map(super::to_ms)
        .unwrap_or(record.created_at));
    for scope in scopes {
        if let Some(unit) = audit_unit {
            let total = record.score.total;
            let acc = entry(rows, scope, "audit", unit, String::new(), String::new());
            acc.pct(total.percent(), target);
            acc.critical += i64::from(total.critical_failure);
            if let Some(nps) = record.score.nps {
                entry(rows, scope, "nps", unit, nps.to_string(), String::new()).n += 1;
            }
        }
        let mut stages: BTreeMap<Uuid, (f64, f64, bool)> = BTreeMap::new();
        for tp in &record.score.touchpoints {
            let emotion = record
                .input
                .touchpoint_notes
                .iter()
                .find(|n| n.touchpoint_id == tp.touchpoint_id)
                .and_then(|n| n.emotion);
            let parent = tp.stage_id.map(|s| s.to_string()).unwrap_or_default();
            let acc = entry(
                rows,
                scope,
                "touchpoint",
                score_unit,
                tp.touchpoint_id.to_string(),
                parent,
            );
            acc.pct(tp.points.percent(), target);
            acc.critical += i64::from(tp.points.critical_failure);
            if let Some(e) = emotion {
                acc.emotion_n += 1;
                acc.emotion_sum += f64::from(e);
            }
            if let Some(stage) = tp.stage_id {
                let s = stages.entry(stage).or_default();
                s.0 += tp.points.earned;
                s.1 += tp.points.possible;
                s.2 |= tp.points.critical_failure;
            }
        }
        for (stage, (earned, possible, critical)) in stages {
            let acc = entry(
                rows,
                scope,
                "stage",
                score_unit,
                stage.to_string(),
                String::new(),
            );
            acc.pct((possible > 0.0).then(|| 100.0 * earned / possible), target);
            acc.critical += i64::from(critical);
        }
        for item in &record.score.items {
            let acc = entry(
                rows,
                scope,
                "item",
                score_unit,
                item.item_id.to_string(),
                item.touchpoint_id.to_string(),
            );
            if item.points.possible > 0.0 {
                acc.n += 1;
                acc.sum += 100.0 * item.points.earned / item.points.possible;
            }
            acc.critical += i64::from(item.points.critical_failure);
        }
    }
}

/// The columns of a table of sums at `grain`.
fn columns(grain: Grain) -> String {
    format!(
        "org_id, client_id, kind, location_id, region, {}, k, parent, n, pct_sum, pct_sum_sq, \
         pct_min, pct_max, passed, critical, emotion_n, emotion_sum",
        grain.column()
    )
}

/// Rows per upsert statement (17 parameters each, 17,000 in all: under SQLite's 32,766 and
/// PostgreSQL's 65,535), so a batch of audits whose rows add up to 1,000 (per location,
/// hour or day, touchpoint, item) is one statement per table.
const ROWS_PER_STATEMENT: usize = 1000;

/// Adds approved audits of one client to the daily and hourly sums, judging them against
/// `target` (the client's pass mark, read in the same transaction).
pub async fn add_audits(
    conn: &mut AnyConnection,
    records: &[AuditRecord],
    target: f64,
) -> Result<()> {
    for grain in Grain::ALL {
        add_audits_at(conn, records, target, grain).await?;
    }
    Ok(())
}

/// [`add_audits`] at one grain: the audits' rows added up, then one multi-row upsert per
/// [`ROWS_PER_STATEMENT`] rows into its table.
pub async fn add_audits_at(
    conn: &mut AnyConnection,
    records: &[AuditRecord],
    target: f64,
    grain: Grain,
) -> Result<()> {
    let Some(first) = records.first() else {
        return Ok(());
    };
    debug_assert!(records.iter().all(|r| r.client_id == first.client_id));
    let org = first.org_id.to_string();
    let client = first.client_id.to_string();
    let mut sums = BTreeMap::new();
    for record in records {
        add_audit_rows(&mut sums, record, target, grain);
    }
    let rows: Vec<(RowKey, Acc)> = sums.into_iter().collect();
    let (table, unit) = (grain.table(), grain.column());
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {} \
             ON CONFLICT (org_id, client_id, kind, location_id, region, {unit}, k, parent) \
             DO UPDATE SET n = {table}.n + excluded.n, \
             pct_sum = {table}.pct_sum + excluded.pct_sum, \
             pct_sum_sq = {table}.pct_sum_sq + excluded.pct_sum_sq, \
             pct_min = CASE WHEN {table}.pct_min IS NULL OR excluded.pct_min < {table}.pct_min \
             THEN excluded.pct_min ELSE {table}.pct_min END, \
             pct_max = CASE WHEN {table}.pct_max IS NULL OR excluded.pct_max > {table}.pct_max \
             THEN excluded.pct_max ELSE {table}.pct_max END, \
             passed = {table}.passed + excluded.passed, \
             critical = {table}.critical + excluded.critical, \
             emotion_n = {table}.emotion_n + excluded.emotion_n, \
             emotion_sum = {table}.emotion_sum + excluded.emotion_sum",
            columns(grain),
            super::values_list(chunk.len(), 17)
        );
        let mut q = super::multi_row(sql);
        for ((kind, loc, region, unit, key, parent), acc) in chunk {
            q = q
                .bind(org.clone())
                .bind(client.clone())
                .bind(*kind)
                .bind(loc.clone())
                .bind(region.clone())
                .bind(*unit)
                .bind(key.clone())
                .bind(parent.clone())
                .bind(acc.n)
                .bind(acc.sum)
                .bind(acc.sum_sq)
                .bind(acc.min)
                .bind(acc.max)
                .bind(acc.passed)
                .bind(acc.critical)
                .bind(acc.emotion_n)
                .bind(acc.emotion_sum);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The client's pass mark, locking the client row until the transaction ends, so a change
/// of target (which rebuilds the client's rows) and an approval never interleave.
pub async fn lock_target(conn: &mut AnyConnection, client_id: Uuid) -> Result<f64> {
    let target: f64 = sqlx::query_scalar(
        "UPDATE clients SET target_percent = target_percent WHERE id = $1 RETURNING target_percent",
    )
    .bind(client_id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(target)
}

/// SQL for `column` divided by `n`, rounded down as [`Grain::of`] does: both dialects' `/`
/// rounds toward zero, which would put a time before 1970 in the next unit.
fn floor_div(column: &str, n: i64) -> String {
    format!("(({column}) - ((({column}) % {n}) + {n}) % {n}) / {n}")
}

/// The statements that build the per-location hour rows of one client (`$1`), or of every
/// client (`$1 = ''`), from the score rows.
fn build_statements() -> Vec<String> {
    let (loc, reg, group) = ("location_id", "region", "location_id, region, ");
    let insert = format!("INSERT INTO score_hours ({}) ", columns(Grain::Hour));
    let unit_of = |alias: &str| floor_div(&format!("{alias}check_in_at"), HOUR_MS);
    let (unit, a_unit, t_unit) = (unit_of(""), unit_of("a."), unit_of("t."));
    let sums = |pct: &str, target: &str| {
        format!(
            "COUNT({pct}), COALESCE(SUM({pct}), 0), COALESCE(SUM({pct} * {pct}), 0), MIN({pct}), \
             MAX({pct}), COALESCE(SUM(CASE WHEN {pct} >= {target} THEN 1 ELSE 0 END), 0)"
        )
    };
    vec![
        format!(
            "{insert}SELECT org_id, client_id, 'audit', {loc}, {reg}, hour_no, '', '', {}, \
             COALESCE(SUM(critical_failure), 0), 0, 0 FROM (SELECT a.org_id, a.client_id, \
             a.location_id, a.region, {a_unit} AS hour_no, a.percent, \
             a.critical_failure, c.target_percent FROM audits a JOIN clients c ON c.id = a.client_id \
             WHERE a.status = 'approved' AND a.check_in_at IS NOT NULL \
             AND ($1 = '' OR a.client_id = $1)) s \
             GROUP BY org_id, client_id, {group}hour_no",
            sums("percent", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'nps', {loc}, {reg}, {unit}, \
             CAST(nps AS TEXT), '', COUNT(*), 0, 0, NULL, NULL, 0, 0, 0, 0 FROM audits \
             WHERE status = 'approved' AND check_in_at IS NOT NULL AND nps IS NOT NULL \
             AND ($1 = '' OR client_id = $1) \
             GROUP BY org_id, client_id, {group}{unit}, nps"
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'touchpoint', {loc}, {reg}, hour_no, touchpoint_id, \
             parent, {}, COALESCE(SUM(critical_failure), 0), COUNT(emotion), \
             CAST(COALESCE(SUM(emotion), 0) AS DOUBLE PRECISION) FROM (SELECT t.org_id, \
             t.client_id, t.location_id, t.region, {t_unit} AS hour_no, \
             t.touchpoint_id, COALESCE(t.stage_id, '') AS parent, t.percent, t.critical_failure, \
             t.emotion, c.target_percent FROM touchpoint_scores t \
             JOIN clients c ON c.id = t.client_id WHERE ($1 = '' OR t.client_id = $1)) s \
             GROUP BY org_id, client_id, {group}hour_no, touchpoint_id, parent",
            sums("percent", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'stage', {loc}, {reg}, hour_no, stage_id, '', {}, \
             COALESCE(SUM(crit), 0), 0, 0 FROM (SELECT t.org_id, t.client_id, t.location_id, \
             t.region, {t_unit} AS hour_no, t.stage_id, t.audit_id, \
             c.target_percent, \
             CASE WHEN SUM(t.possible) > 0 THEN 100.0 * SUM(t.earned) / SUM(t.possible) END AS pct, \
             MAX(t.critical_failure) AS crit FROM touchpoint_scores t \
             JOIN clients c ON c.id = t.client_id \
             WHERE t.stage_id IS NOT NULL AND ($1 = '' OR t.client_id = $1) \
             GROUP BY t.org_id, t.client_id, t.location_id, t.region, {t_unit}, \
             t.stage_id, t.audit_id, c.target_percent) s \
             GROUP BY org_id, client_id, {group}hour_no, stage_id",
            sums("pct", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'item', {loc}, {reg}, {unit}, \
             item_id, touchpoint_id, \
             COALESCE(SUM(CASE WHEN possible > 0 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN possible > 0 THEN 100.0 * earned / possible END), 0), 0, \
             NULL, NULL, 0, COALESCE(SUM(critical_failure), 0), 0, 0 FROM item_scores \
             WHERE ($1 = '' OR client_id = $1) \
             GROUP BY org_id, client_id, {group}{unit}, item_id, touchpoint_id"
        ),
    ]
}

/// A statement adding up hour rows into rows of `to` at `unit` (an expression of `hour_no`),
/// per location (`per_location`: both location grains at once) or client-wide (from the
/// per-location rows). Every column is a sum, a minimum or a maximum, so the sums of a day
/// are its hours' added up, and the client-wide sums their locations'.
fn sum_up(to: Grain, unit: &str, per_location: bool) -> String {
    let (location, only, group) = if per_location {
        ("location_id, region", "", "location_id, region, ")
    } else {
        ("'', ''", "location_id <> '' AND ", "")
    };
    format!(
        "INSERT INTO {} ({}) SELECT org_id, client_id, kind, {location}, {unit}, k, parent, \
         CAST(SUM(n) AS BIGINT), SUM(pct_sum), SUM(pct_sum_sq), MIN(pct_min), MAX(pct_max), \
         CAST(SUM(passed) AS BIGINT), CAST(SUM(critical) AS BIGINT), \
         CAST(SUM(emotion_n) AS BIGINT), SUM(emotion_sum) FROM score_hours \
         WHERE {only}($1 = '' OR client_id = $1) \
         GROUP BY org_id, client_id, kind, {group}{unit}, k, parent",
        to.table(),
        columns(to)
    )
}

/// Rebuilds the daily and hourly sums of one client (`Some`) or of all (`None`) from the
/// score rows, in the caller's transaction: after a change of the client's pass mark. The
/// score rows are read once, for the per-location hours; the client-wide hours and all the
/// days are added up from those (a fraction of the score rows).
pub async fn rebuild(conn: &mut AnyConnection, client_id: Option<Uuid>) -> Result<()> {
    let client = client_id.map(|c| c.to_string()).unwrap_or_default();
    let clear = Grain::ALL.map(|grain| {
        format!(
            "DELETE FROM {} WHERE $1 = '' OR client_id = $1",
            grain.table()
        )
    });
    let day = floor_div("hour_no", DAY_MS / HOUR_MS);
    let sum_ups = [
        sum_up(Grain::Hour, "hour_no", false),
        sum_up(Grain::Day, &day, true),
    ];
    for sql in clear.into_iter().chain(build_statements()).chain(sum_ups) {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Builds the daily and hourly sums from the existing score rows once, after the migration
/// that created them (`score_sums_built` is empty until then). Safe with several servers
/// starting at once: the first takes the lock, the others then find the tables built.
pub async fn build_if_missing(db: &Db) -> Result<bool> {
    let built: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM score_sums_built")
        .fetch_one(db.pool())
        .await?;
    if built > 0 {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    if db.backend() == Backend::Postgres {
        tx.execute("LOCK TABLE score_sums_built IN EXCLUSIVE MODE")
            .await?;
    }
    let built: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM score_sums_built")
        .fetch_one(&mut *tx)
        .await?;
    if built > 0 {
        return Ok(false);
    }
    rebuild(&mut tx, None).await?;
    sqlx::query("INSERT INTO score_sums_built (built_at) VALUES ($1)")
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
