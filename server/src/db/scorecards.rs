//! Scorecard aggregates over approved audits.
//!
//! Whole UTC days come from the daily sums (`score_days`, see [`super::rollups`]); the
//! partial days at a period's edges come from the stored per-audit, per-touchpoint and
//! per-item scores. Each aggregate is one query: the rollup rows of the whole days and the
//! raw rows of both edges, reduced together. A period from midnight to midnight (the
//! default) reads rollup rows only, a few thousand whatever the number of audits.
//!
//! Each query reduces `(pct, crit)` values — one per approved audit — to the running sums of
//! [`Sums`]; `shared` turns sums into statistics, so no backend computes a square root.

use super::id;
use super::rollups::DAY_MS;
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::scorecard::Sums;
use uuid::Uuid;

/// Which approved audits a scorecard covers.
#[derive(Debug, Clone)]
pub struct CardFilter {
    /// Organisation.
    pub org_id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Check-in at or after, ms.
    pub from_ms: i64,
    /// Check-in before, ms.
    pub to_ms: i64,
    /// Only this region.
    pub region: Option<String>,
    /// Only this location.
    pub location_id: Option<Uuid>,
    /// The client's pass mark, percent.
    pub target_percent: f64,
}

/// The whole days of a period read from the rollup (`$8` ≤ day < `$9`) and the raw edges
/// around them: `[from, $10)` and `[$11, to)`.
#[derive(Debug, Clone, Copy)]
struct Window {
    first_day: i64,
    end_day: i64,
    edge_end: i64,
    edge_start: i64,
}

impl CardFilter {
    /// Splits the period into whole days and edges; `days` false reads everything raw.
    fn window(&self, days: bool) -> Window {
        let first_day = self.from_ms.div_euclid(DAY_MS) + i64::from(self.from_ms % DAY_MS != 0);
        let end_day = self.to_ms.div_euclid(DAY_MS);
        if days && self.from_ms >= 0 && first_day < end_day {
            Window {
                first_day,
                end_day,
                edge_end: first_day * DAY_MS,
                edge_start: end_day * DAY_MS,
            }
        } else {
            Window {
                first_day: 0,
                end_day: 0,
                edge_end: self.to_ms,
                edge_start: self.to_ms,
            }
        }
    }

    /// Whether the period starts at a UTC midnight, so whole days fall in one trend bucket.
    fn starts_at_midnight(&self) -> bool {
        self.from_ms.rem_euclid(DAY_MS) == 0
    }

    /// Rollup rows at the grain the filter needs: client-wide, one location, or the
    /// locations of a region.
    fn grain(&self) -> &'static str {
        match (&self.location_id, &self.region) {
            (Some(_), _) => "location_id = $7 AND ($5 = '' OR region = $5)",
            (None, Some(_)) => "location_id <> '' AND region = $5",
            (None, None) => "location_id = '' AND region = ''",
        }
    }
}

/// Per-location rollup rows matching the filter (for breakdowns by location and region).
const PER_LOCATION: &str =
    "location_id <> '' AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)";

/// The filter of the raw rows, on `$1`, `$2`, `$5`, `$7`.
const RAW_FILTER: &str =
    "org_id = $1 AND client_id = $2 AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)";

/// The two edges of the period, substituted for `{range}` in raw sub-selects.
const EDGES: [&str; 2] = [
    "check_in_at >= $3 AND check_in_at < $10",
    "check_in_at >= $11 AND check_in_at < $4",
];

/// `e` as a double: SQLite sums integers to an integer (e.g. `0` for no rows).
fn real(e: &str) -> String {
    format!("CAST({e} AS DOUBLE PRECISION)")
}

/// `rollup UNION ALL raw(edge 1) UNION ALL raw(edge 2)`.
fn union(rollup: &str, raw: &str) -> String {
    union_with(rollup, raw, &EDGES)
}

/// `rollup UNION ALL raw(range)` for each of `ranges`.
fn union_with(rollup: &str, raw: &str, ranges: &[impl AsRef<str>]) -> String {
    let edges = ranges
        .iter()
        .map(|range| raw.replace("{range}", range.as_ref()))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    format!("{rollup} UNION ALL {edges}")
}

/// The rollup rows of `kind` in the window's whole days, where `rows` selects the grain.
fn rollup_where(kind: &str, rows: &str) -> String {
    format!(
        "FROM score_days WHERE org_id = $1 AND client_id = $2 AND kind = '{kind}' AND {rows} \
         AND day_no >= $8 AND day_no < $9"
    )
}

/// One sums aggregate: rollup rows of `kind` keyed by `key`/`parent`, and raw `(pct, crit)`
/// rows from `source` (a sub-select with `{range}`) keyed by `raw_key`/`raw_parent`.
struct SumsQuery<'a> {
    kind: &'a str,
    rows: &'a str,
    key: &'a str,
    parent: &'a str,
    source: &'a str,
    raw_key: &'a str,
    raw_parent: &'a str,
    group: &'a str,
    emotions: bool,
}

impl SumsQuery<'_> {
    fn sql(&self) -> String {
        let rollup = format!(
            "SELECT {} AS k, {} AS p, n, pct_sum AS s, pct_sum_sq AS sq, pct_min AS lo, \
             pct_max AS hi, passed AS ps, critical AS cr, emotion_n AS en, emotion_sum AS es {}",
            self.key,
            self.parent,
            rollup_where(self.kind, self.rows)
        );
        let (en, es) = if self.emotions {
            (
                "COUNT(emotion)",
                "CAST(COALESCE(SUM(emotion), 0) AS DOUBLE PRECISION)",
            )
        } else {
            ("CAST(0 AS BIGINT)", "CAST(0 AS DOUBLE PRECISION)")
        };
        let raw = format!(
            "SELECT {} AS k, {} AS p, COUNT(pct) AS n, COALESCE(SUM(pct), 0) AS s, \
             COALESCE(SUM(pct * pct), 0) AS sq, MIN(pct) AS lo, MAX(pct) AS hi, \
             CAST(COALESCE(SUM(CASE WHEN pct >= $6 THEN 1 ELSE 0 END), 0) AS BIGINT) AS ps, \
             CAST(COALESCE(SUM(crit), 0) AS BIGINT) AS cr, {en} AS en, {es} AS es \
             FROM ({}) r {}",
            self.raw_key, self.raw_parent, self.source, self.group
        );
        format!(
            "SELECT k AS key, p AS parent, CAST(SUM(n) AS BIGINT) AS n, {} AS sum, \
             {} AS sum_sq, {} AS min, {} AS max, CAST(SUM(ps) AS BIGINT) AS passed, \
             CAST(SUM(cr) AS BIGINT) AS critical, CAST(SUM(en) AS BIGINT) AS emotion_n, \
             {} AS emotion_sum FROM ({}) u GROUP BY k, p",
            real("SUM(s)"),
            real("SUM(sq)"),
            real("MIN(lo)"),
            real("MAX(hi)"),
            real("SUM(es)"),
            union(&rollup, &raw)
        )
    }
}

#[derive(FromRow)]
struct SumsRow {
    key: String,
    parent: String,
    n: i64,
    sum: Option<f64>,
    sum_sq: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    passed: i64,
    critical: i64,
    emotion_n: i64,
    emotion_sum: Option<f64>,
}

impl SumsRow {
    fn sums(&self) -> Sums {
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        Sums {
            n: count(self.n),
            sum: self.sum.unwrap_or(0.0),
            sum_sq: self.sum_sq.unwrap_or(0.0),
            min: self.min,
            max: self.max,
            passed: count(self.passed),
            critical_failures: count(self.critical),
        }
    }

    fn emotion(&self) -> Option<f64> {
        (self.emotion_n > 0).then(|| self.emotion_sum.unwrap_or(0.0) / self.emotion_n as f64)
    }
}

type AnyQueryAs<'q, O> = sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments>;

/// A query with the filter and window bound to `$1`–`$11`; further parameters follow.
fn bound<'q, O>(sql: String, f: &CardFilter, w: Window) -> AnyQueryAs<'q, O>
where
    O: for<'r> FromRow<'r, sqlx::any::AnyRow>,
{
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.org_id.to_string())
        .bind(f.client_id.to_string())
        .bind(f.from_ms)
        .bind(f.to_ms)
        .bind(f.region.clone().unwrap_or_default())
        .bind(f.target_percent)
        .bind(f.location_id.map(|l| l.to_string()).unwrap_or_default())
        .bind(w.first_day)
        .bind(w.end_day)
        .bind(w.edge_end)
        .bind(w.edge_start)
}

async fn sums<'e>(
    ex: impl Executor<'e, Database = Any>,
    q: SumsQuery<'_>,
    f: &CardFilter,
) -> Result<Vec<SumsRow>> {
    Ok(bound(q.sql(), f, f.window(true)).fetch_all(ex).await?)
}

/// Approved audits' `(pct, crit)` in a raw edge.
const AUDIT_SOURCE: &str = "SELECT location_id, region, percent AS pct, critical_failure AS crit \
    FROM audits WHERE status = 'approved' AND {filter} AND {range}";

fn audit_source() -> String {
    AUDIT_SOURCE.replace("{filter}", RAW_FILTER)
}

/// Sums and mean emotion per touchpoint: `(touchpoint, stage, sums, emotion)`.
pub async fn by_touchpoint<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, Option<Uuid>, Sums, Option<f64>)>> {
    let source = format!(
        "SELECT touchpoint_id, COALESCE(stage_id, '') AS stage, percent AS pct, \
         critical_failure AS crit, emotion FROM touchpoint_scores WHERE {RAW_FILTER} AND {{range}}"
    );
    let q = SumsQuery {
        kind: "touchpoint",
        rows: f.grain(),
        key: "k",
        parent: "parent",
        source: &source,
        raw_key: "touchpoint_id",
        raw_parent: "stage",
        group: "GROUP BY touchpoint_id, stage",
        emotions: true,
    };
    let rows = sums(ex, q, f).await?;
    rows.iter()
        .map(|r| {
            let stage = (!r.parent.is_empty()).then(|| id(&r.parent)).transpose()?;
            Ok((id(&r.key)?, stage, r.sums(), r.emotion()))
        })
        .collect()
}

/// Sums per location and region (each audit's stored region), from whole-audit scores: the
/// scorecard adds them up per location, per region and overall, so one query serves all three.
pub async fn by_location_region<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, String, Sums)>> {
    let source = audit_source();
    let q = SumsQuery {
        kind: "audit",
        rows: PER_LOCATION,
        key: "location_id",
        parent: "region",
        source: &source,
        raw_key: "location_id",
        raw_parent: "region",
        group: "GROUP BY location_id, region",
        emotions: false,
    };
    let rows = sums(ex, q, f).await?;
    rows.iter()
        .map(|r| Ok((id(&r.key)?, r.parent.clone(), r.sums())))
        .collect()
}

/// Sums per stage, where an audit's stage percentage pools the points of its touchpoints.
pub async fn by_stage<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, Sums)>> {
    let source = format!(
        "SELECT stage_id, audit_id, \
         CASE WHEN SUM(possible) > 0 THEN 100.0 * SUM(earned) / SUM(possible) END AS pct, \
         MAX(critical_failure) AS crit FROM touchpoint_scores \
         WHERE stage_id IS NOT NULL AND {RAW_FILTER} AND {{range}} GROUP BY stage_id, audit_id"
    );
    let q = SumsQuery {
        kind: "stage",
        rows: f.grain(),
        key: "k",
        parent: "''",
        source: &source,
        raw_key: "stage_id",
        raw_parent: "''",
        group: "GROUP BY stage_id",
        emotions: false,
    };
    let rows = sums(ex, q, f).await?;
    rows.iter().map(|r| Ok((id(&r.key)?, r.sums()))).collect()
}

#[derive(FromRow)]
struct ItemRow {
    item_id: String,
    touchpoint_id: String,
    n: i64,
    mean: Option<f64>,
}

/// The items with the lowest mean earned/possible (at least `min_n` answers), worst first:
/// `(item, touchpoint, n, mean percent)`.
pub async fn worst_items<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    min_n: i64,
    limit: i64,
) -> Result<Vec<(Uuid, Uuid, u64, f64)>> {
    let rollup = format!(
        "SELECT k, parent AS p, n, pct_sum AS s {}",
        rollup_where("item", f.grain())
    );
    let raw = format!(
        "SELECT item_id AS k, touchpoint_id AS p, COUNT(*) AS n, \
         SUM(100.0 * earned / possible) AS s FROM item_scores \
         WHERE possible > 0 AND $6 = $6 AND {RAW_FILTER} AND {{range}} GROUP BY item_id, touchpoint_id"
    );
    let sql = format!(
        "SELECT k AS item_id, p AS touchpoint_id, CAST(SUM(n) AS BIGINT) AS n, \
         CAST(SUM(s) AS DOUBLE PRECISION) / NULLIF(CAST(SUM(n) AS DOUBLE PRECISION), 0) AS mean \
         FROM ({}) u \
         GROUP BY k, p HAVING SUM(n) >= $12 ORDER BY mean ASC, k LIMIT $13",
        union(&rollup, &raw)
    );
    let rows: Vec<ItemRow> = bound(sql, f, f.window(true))
        .bind(min_n)
        .bind(limit)
        .fetch_all(ex)
        .await?;
    rows.iter()
        .map(|r| {
            let n = u64::try_from(r.n).unwrap_or(0);
            Ok((
                id(&r.item_id)?,
                id(&r.touchpoint_id)?,
                n,
                r.mean.unwrap_or(0.0),
            ))
        })
        .collect()
}

/// Most days cut by a trend bucket boundary read raw; a longer period reads every audit.
const MAX_CUT_DAYS: usize = 120;

#[derive(FromRow)]
struct BucketRow {
    bucket: i64,
    n: i64,
    total: Option<f64>,
}

/// Mean audit score per bucket of `bucket_ms` from the period's start: `(index, n, mean)`.
/// `bucket_ms` is a whole number of days, so whole days come from the rollup, except the
/// days a bucket boundary cuts (when the period does not start at midnight), which are read
/// raw with the period's edges. A `bucket_ms` of part days reads every audit.
pub async fn trend<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    bucket_ms: i64,
) -> Result<Vec<(i64, u64, Option<f64>)>> {
    let whole_days = bucket_ms > 0 && bucket_ms % DAY_MS == 0;
    let mut w = f.window(whole_days);
    let cut_days: Vec<i64> = if f.starts_at_midnight() || w.first_day >= w.end_day {
        Vec::new()
    } else {
        (1..)
            .map(|k| (f.from_ms + k * bucket_ms).div_euclid(DAY_MS))
            .take_while(|day| *day < w.end_day)
            .collect()
    };
    // Each cut day is a sub-select of its own: past a few years of weeks, read it all raw.
    let cut_days = if cut_days.len() > MAX_CUT_DAYS {
        w = f.window(false);
        Vec::new()
    } else {
        cut_days
    };
    // Integers computed here, not input: safe to write into the statement.
    let skip = if cut_days.is_empty() {
        String::new()
    } else {
        let days = cut_days.iter().map(i64::to_string).collect::<Vec<_>>();
        format!(" AND day_no NOT IN ({})", days.join(", "))
    };
    let ranges: Vec<String> = EDGES
        .iter()
        .map(|range| range.to_string())
        .chain(cut_days.iter().map(|day| {
            format!(
                "check_in_at >= {} AND check_in_at < {}",
                day * DAY_MS,
                (day + 1) * DAY_MS
            )
        }))
        .collect();
    let rollup = format!(
        "SELECT CAST((day_no * {DAY_MS} - $3) / $12 AS BIGINT) AS bucket, n, pct_sum AS s {}{skip}",
        rollup_where("audit", f.grain())
    );
    let raw = format!(
        "SELECT CAST((check_in_at - $3) / $12 AS BIGINT) AS bucket, \
         CASE WHEN percent IS NULL THEN 0 ELSE 1 END AS n, COALESCE(percent, 0) AS s \
         FROM audits WHERE status = 'approved' AND $6 = $6 AND {RAW_FILTER} AND {{range}}"
    );
    let sql = format!(
        "SELECT bucket, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(s) AS DOUBLE PRECISION) AS total \
         FROM ({}) u \
         GROUP BY bucket ORDER BY bucket",
        union_with(&rollup, &raw, &ranges)
    );
    let rows: Vec<BucketRow> = bound(sql, f, w).bind(bucket_ms).fetch_all(ex).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mean = (r.n > 0).then(|| r.total.unwrap_or(0.0) / r.n as f64);
            (r.bucket, u64::try_from(r.n).unwrap_or(0), mean)
        })
        .collect())
}

/// How many approved audits answered each NPS score 0–10.
pub async fn nps_counts<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<[u64; 11]> {
    let rollup = format!("SELECT k, n {}", rollup_where("nps", f.grain()));
    let raw = format!(
        "SELECT CAST(nps AS TEXT) AS k, COUNT(*) AS n FROM audits WHERE status = 'approved' \
         AND nps IS NOT NULL AND $6 = $6 AND {RAW_FILTER} AND {{range}} GROUP BY nps"
    );
    let sql = format!(
        "SELECT k, CAST(SUM(n) AS BIGINT) AS n FROM ({}) u GROUP BY k",
        union(&rollup, &raw)
    );
    let rows: Vec<(String, i64)> = bound(sql, f, f.window(true)).fetch_all(ex).await?;
    let mut counts = [0u64; 11];
    for (score, n) in rows {
        if let Some(slot) = score.parse::<usize>().ok().and_then(|i| counts.get_mut(i)) {
            *slot = u64::try_from(n).unwrap_or(0);
        }
    }
    Ok(counts)
}

/// The filter of the drill-down queries, on `$1`–`$5` and `$7`.
macro_rules! card_filter {
    () => {
        "org_id = $1 AND client_id = $2 AND check_in_at >= $3 AND check_in_at < $4 \
         AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)"
    };
}

/// A drill-down query with the filter bound to `$1`–`$7`.
fn filtered<'q, O>(sql: &'static str, f: &CardFilter) -> AnyQueryAs<'q, O>
where
    O: for<'r> FromRow<'r, sqlx::any::AnyRow>,
{
    sqlx::query_as(sql)
        .bind(f.org_id.to_string())
        .bind(f.client_id.to_string())
        .bind(f.from_ms)
        .bind(f.to_ms)
        .bind(f.region.clone().unwrap_or_default())
        .bind(f.target_percent)
        .bind(f.location_id.map(|l| l.to_string()).unwrap_or_default())
}

#[derive(FromRow)]
struct CellRow {
    audit_id: String,
    location_id: String,
    check_in_at: i64,
    pct: Option<f64>,
    crit: i64,
}

/// Which cell of a scorecard to drill into.
#[derive(Debug, Clone, Copy)]
pub enum Cell {
    /// Whole audits.
    Audit,
    /// One touchpoint.
    Touchpoint(Uuid),
    /// One stage.
    Stage(Uuid),
}

/// The approved audits behind a scorecard cell, lowest score first (at most `limit`):
/// `(audit, location, check-in ms, percent, critical failure)`.
pub async fn cell_audits<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    cell: Cell,
    limit: i64,
) -> Result<Vec<(Uuid, Uuid, i64, Option<f64>, bool)>> {
    let (sql, key) = match cell {
        Cell::Audit => (
            concat!(
                "SELECT id AS audit_id, location_id, check_in_at, percent AS pct, critical_failure AS crit \
                 FROM audits WHERE status = 'approved' AND $6 = $6 AND $8 = '' AND ",
                card_filter!(),
                " ORDER BY percent ASC, id LIMIT $9"
            ),
            String::new(),
        ),
        Cell::Touchpoint(t) => (
            concat!(
                "SELECT audit_id, location_id, check_in_at, percent AS pct, critical_failure AS crit \
                 FROM touchpoint_scores WHERE touchpoint_id = $8 AND $6 = $6 AND ",
                card_filter!(),
                " ORDER BY percent ASC, audit_id LIMIT $9"
            ),
            t.to_string(),
        ),
        Cell::Stage(s) => (
            concat!(
                "SELECT audit_id, location_id, check_in_at, \
                 CASE WHEN SUM(possible) > 0 THEN 100.0 * SUM(earned) / SUM(possible) END AS pct, \
                 MAX(critical_failure) AS crit FROM touchpoint_scores WHERE stage_id = $8 AND $6 = $6 AND ",
                card_filter!(),
                " GROUP BY audit_id, location_id, check_in_at ORDER BY pct ASC, audit_id LIMIT $9"
            ),
            s.to_string(),
        ),
    };
    let rows: Vec<CellRow> = filtered(sql, f).bind(key).bind(limit).fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            Ok((
                id(&r.audit_id)?,
                id(&r.location_id)?,
                r.check_in_at,
                r.pct,
                r.crit != 0,
            ))
        })
        .collect()
}
