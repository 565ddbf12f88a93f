//! Scorecard aggregates over approved audits.
//!
//! Whole UTC days come from the daily sums (`score_days`, see [`super::rollups`]), the whole
//! hours of a period's partial first and last days from the hourly sums (`score_hours`), and
//! the partial hours at both ends from the stored per-audit, per-touchpoint and per-item
//! scores (`window`). Each aggregate is one query: the sums of the whole days and hours and
//! the raw rows of both partial hours, reduced together. A period from midnight to midnight
//! (the default) reads daily sums only, a few thousand rows whatever the number of audits;
//! one between arbitrary times adds at most 46 hourly rows per key and two hours of raw rows.
//!
//! Each query reduces `(pct, crit)` values — one per approved audit — to the running sums of
//! [`Sums`]; `shared` turns sums into statistics, so no backend computes a square root.
//!
//! # Parameters
//! Every query here shares its first parameters, so SQL fragments can be put together
//! freely ([`filtered`] binds `$1`–`$7`, [`bound`] also `$8`–`$15`):
//!
//! | `$n` | value | | `$n` | value (the [`Window`]) |
//! |---|---|---|---|---|
//! | `$1` | organisation | | `$8`, `$9` | whole days: first, end |
//! | `$2` | client | | `$10` | end of the raw rows at the start |
//! | `$3`, `$4` | check-in from, before (ms) | | `$11` | start of the raw rows at the end |
//! | `$5` | region, `''` for all | | `$12`, `$13` | whole hours of the first day |
//! | `$6` | pass mark, percent | | `$14`, `$15` | whole hours of the last day |
//! | `$7` | location, `''` for all | | `$16`… | the query's own (bucket size, limits) |
//!
//! The drill-downs bind their own `$8`… after [`filtered`]. A query that does not use `$6`
//! says `$6 = $6`: PostgreSQL must be able to infer the type of every parameter bound.

mod window;

use super::rollups::DAY_MS;
use super::{from_ms, parse_id};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::scorecard::{PainPoint, Sums};
use uuid::Uuid;
use window::{Cuts, Window, raw_ranges, tiers};

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

impl CardFilter {
    /// Splits the period into whole days, whole hours and raw edges; `sums` false reads
    /// everything raw.
    fn window(&self, sums: bool) -> Window {
        Window::new(self.from_ms, self.to_ms, sums)
    }

    /// Rows of sums at the location grain the filter needs: client-wide, one location, or
    /// the locations of a region.
    fn scope(&self) -> &'static str {
        match (&self.location_id, &self.region) {
            (Some(_), _) => "location_id = $7 AND ($5 = '' OR region = $5)",
            (None, Some(_)) => "location_id <> '' AND region = $5",
            (None, None) => "location_id = '' AND region = ''",
        }
    }
}

/// Per-location rows of sums matching the filter (for breakdowns by location and region).
const PER_LOCATION: &str =
    "location_id <> '' AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)";

/// The filter of the raw rows, on `$1`, `$2`, `$5`, `$7`.
const RAW_FILTER: &str =
    "org_id = $1 AND client_id = $2 AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)";

/// `e` as a double: SQLite sums integers to an integer (e.g. `0` for no rows).
fn real(e: &str) -> String {
    format!("CAST({e} AS DOUBLE PRECISION)")
}

/// `select` over the sums of `kind` in the window's whole days and hours (where `rows`
/// selects the location grain; `{start}` is a row's start in ms), then `raw` (a sub-select
/// with `{range}`) over the raw edges, all joined by `UNION ALL`.
fn union(select: &str, kind: &str, rows: &str, raw: &str) -> String {
    union_cut(select, kind, rows, raw, &Cuts::default())
}

/// [`union`], reading the days and hours of `cuts` at the next finer tier.
fn union_cut(select: &str, kind: &str, rows: &str, raw: &str, cuts: &Cuts) -> String {
    let sums = tiers(cuts).into_iter().map(|(grain, range)| {
        let start = format!("{} * {}", grain.column(), grain.ms());
        format!(
            "SELECT {} FROM {} WHERE org_id = $1 AND client_id = $2 AND kind = '{kind}' \
             AND {rows} AND {range}",
            select.replace("{start}", &start),
            grain.table()
        )
    });
    let raw = raw_ranges(cuts)
        .into_iter()
        .map(|range| raw.replace("{range}", &range));
    sums.chain(raw).collect::<Vec<_>>().join(" UNION ALL ")
}

/// One sums aggregate: rows of sums of `kind` keyed by `key`/`parent`, and raw `(pct, crit)`
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
        let sums = format!(
            "{} AS k, {} AS p, n, pct_sum AS s, pct_sum_sq AS sq, pct_min AS lo, \
             pct_max AS hi, passed AS ps, critical AS cr, emotion_n AS en, emotion_sum AS es",
            self.key, self.parent
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
            union(&sums, self.kind, self.rows, &raw)
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

/// A query with the filter and window bound to `$1`–`$15`; further parameters follow.
fn bound<'q, O>(sql: String, f: &CardFilter, w: Window) -> AnyQueryAs<'q, O>
where
    O: for<'r> FromRow<'r, sqlx::any::AnyRow>,
{
    filtered(sqlx::AssertSqlSafe(sql), f)
        .bind(w.days.0)
        .bind(w.days.1)
        .bind(w.raw_end)
        .bind(w.raw_start)
        .bind(w.hours[0].0)
        .bind(w.hours[0].1)
        .bind(w.hours[1].0)
        .bind(w.hours[1].1)
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
        rows: f.scope(),
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
            let stage = (!r.parent.is_empty())
                .then(|| parse_id(&r.parent))
                .transpose()?;
            Ok((parse_id(&r.key)?, stage, r.sums(), r.emotion()))
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
        .map(|r| Ok((parse_id(&r.key)?, r.parent.clone(), r.sums())))
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
        rows: f.scope(),
        key: "k",
        parent: "''",
        source: &source,
        raw_key: "stage_id",
        raw_parent: "''",
        group: "GROUP BY stage_id",
        emotions: false,
    };
    let rows = sums(ex, q, f).await?;
    rows.iter()
        .map(|r| Ok((parse_id(&r.key)?, r.sums())))
        .collect()
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
    let raw = format!(
        "SELECT item_id AS k, touchpoint_id AS p, COUNT(*) AS n, \
         SUM(100.0 * earned / possible) AS s FROM item_scores \
         WHERE possible > 0 AND $6 = $6 AND {RAW_FILTER} AND {{range}} GROUP BY item_id, touchpoint_id"
    );
    let sql = format!(
        "SELECT k AS item_id, p AS touchpoint_id, CAST(SUM(n) AS BIGINT) AS n, \
         CAST(SUM(s) AS DOUBLE PRECISION) / NULLIF(CAST(SUM(n) AS DOUBLE PRECISION), 0) AS mean \
         FROM ({}) u \
         GROUP BY k, p HAVING SUM(n) >= $16 ORDER BY mean ASC, k LIMIT $17",
        union("k, parent AS p, n, pct_sum AS s", "item", f.scope(), &raw)
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
                parse_id(&r.item_id)?,
                parse_id(&r.touchpoint_id)?,
                n,
                r.mean.unwrap_or(0.0),
            ))
        })
        .collect()
}

/// Most days cut by trend bucket boundaries read from their hours; a longer period reads
/// every audit.
const MAX_CUT_DAYS: usize = 120;

#[derive(FromRow)]
struct BucketRow {
    bucket: i64,
    n: i64,
    total: Option<f64>,
}

/// Mean audit score per bucket of `bucket_ms` from the period's start: `(index, n, mean)`.
/// `bucket_ms` is a whole number of days, so whole days come from the daily sums, except the
/// days a bucket boundary cuts (when the period does not start at midnight), which come from
/// their hours, except the hour a boundary cuts (when the period does not start on the
/// hour), which is read raw with the period's edges. A `bucket_ms` of part days reads every
/// audit.
pub async fn trend<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    bucket_ms: i64,
) -> Result<Vec<(i64, u64, Option<f64>)>> {
    let whole_days = bucket_ms > 0 && bucket_ms % DAY_MS == 0;
    let mut w = f.window(whole_days);
    // Each cut day is a sub-select of its own: past a few years of weeks, read it all raw.
    let cuts = match w.cuts(f.from_ms, bucket_ms, MAX_CUT_DAYS) {
        Some(cuts) => cuts,
        None => {
            w = f.window(false);
            Cuts::default()
        }
    };
    let raw = format!(
        "SELECT CAST((check_in_at - $3) / $16 AS BIGINT) AS bucket, \
         CASE WHEN percent IS NULL THEN 0 ELSE 1 END AS n, COALESCE(percent, 0) AS s \
         FROM audits WHERE status = 'approved' AND $6 = $6 AND {RAW_FILTER} AND {{range}}"
    );
    let sums = "CAST(({start} - $3) / $16 AS BIGINT) AS bucket, n, pct_sum AS s";
    let sql = format!(
        "SELECT bucket, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(s) AS DOUBLE PRECISION) AS total \
         FROM ({}) u \
         GROUP BY bucket ORDER BY bucket",
        union_cut(sums, "audit", f.scope(), &raw, &cuts)
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
    let raw = format!(
        "SELECT CAST(nps AS TEXT) AS k, COUNT(*) AS n FROM audits WHERE status = 'approved' \
         AND nps IS NOT NULL AND $6 = $6 AND {RAW_FILTER} AND {{range}} GROUP BY nps"
    );
    let sql = format!(
        "SELECT k, CAST(SUM(n) AS BIGINT) AS n FROM ({}) u GROUP BY k",
        union("k, n", "nps", f.scope(), &raw)
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

/// A query with the filter bound to `$1`–`$7`: a drill-down, or the start of [`bound`].
fn filtered<'q, O>(sql: impl sqlx::SqlSafeStr, f: &CardFilter) -> AnyQueryAs<'q, O>
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
                parse_id(&r.audit_id)?,
                parse_id(&r.location_id)?,
                r.check_in_at,
                r.pct,
                r.crit != 0,
            ))
        })
        .collect()
}

/// The pain points noted in the approved audits behind a scorecard cell, newest first (at
/// most `limit`).
pub async fn cell_pain_points<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    cell: Cell,
    limit: i64,
) -> Result<Vec<PainPoint>> {
    // One statement for every cell: `$10` names the column `$8` is matched against (the
    // touchpoint or stage), or is empty with it.
    let (column, key) = match cell {
        Cell::Audit => ("", None),
        Cell::Touchpoint(t) => ("touchpoint_id", Some(t)),
        Cell::Stage(s) => ("stage_id", Some(s)),
    };
    let sql = concat!(
        "SELECT audit_id, touchpoint_id, check_in_at, pain_point FROM touchpoint_scores \
         WHERE pain_point IS NOT NULL AND ($8 = '' OR (touchpoint_id = $8 AND $10 = 'touchpoint_id') \
         OR (stage_id = $8 AND $10 = 'stage_id')) AND $6 = $6 AND ",
        card_filter!(),
        " ORDER BY check_in_at DESC, audit_id DESC, touchpoint_id LIMIT $9"
    );
    let key = key.map(|k| k.to_string()).unwrap_or_default();
    let rows: Vec<(String, String, i64, String)> = filtered(sql, f)
        .bind(key)
        .bind(limit)
        .bind(column)
        .fetch_all(ex)
        .await?;
    rows.into_iter()
        .map(|(audit, touchpoint, at, note)| {
            Ok(PainPoint {
                audit_id: parse_id(&audit)?,
                touchpoint_id: parse_id(&touchpoint)?,
                note,
                check_in_at: from_ms(at),
            })
        })
        .collect()
}
