//! Scorecard aggregates, computed in SQL over the stored per-audit and per-touchpoint scores.
//!
//! Each query reduces a set of `(pct, crit)` rows — one per approved audit — to the running
//! sums of [`Sums`]; `shared` turns sums into statistics, so no backend computes a square root.

use super::id;
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

/// The aggregate columns over a sub-select `s(pct, crit)`. `$6` is the pass mark.
macro_rules! sums {
    () => {
        "COUNT(pct) AS n, SUM(pct) AS sum, SUM(pct * pct) AS sum_sq, MIN(pct) AS min, \
         MAX(pct) AS max, CAST(COALESCE(SUM(CASE WHEN pct >= $6 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         AS passed, CAST(COALESCE(SUM(crit), 0) AS BIGINT) AS critical"
    };
}

/// The filter every sub-select applies, on `$1`–`$5` and `$7`.
macro_rules! card_filter {
    () => {
        "org_id = $1 AND client_id = $2 AND check_in_at >= $3 AND check_in_at < $4 \
         AND ($5 = '' OR region = $5) AND ($7 = '' OR location_id = $7)"
    };
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
}

/// A query with the filter bound to `$1`–`$7`. Queries that do not need the pass mark still
/// mention it (`$6 = $6`), so every query binds the same parameters.
fn filtered<'q, O>(
    sql: &'static str,
    f: &CardFilter,
) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments>
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

async fn fetch<'e>(
    ex: impl Executor<'e, Database = Any>,
    sql: &'static str,
    f: &CardFilter,
) -> Result<Vec<SumsRow>> {
    Ok(filtered(sql, f).fetch_all(ex).await?)
}

/// Whole-audit sums.
pub async fn overall<'e>(ex: impl Executor<'e, Database = Any>, f: &CardFilter) -> Result<Sums> {
    let rows = fetch(
        ex,
        concat!(
            "SELECT '' AS key, '' AS parent, ",
            sums!(),
            " FROM (SELECT percent AS pct, critical_failure AS crit FROM audits WHERE status = 'approved' AND ",
            card_filter!(),
            ") s"
        ),
        f,
    )
    .await?;
    Ok(rows.first().map(SumsRow::sums).unwrap_or_default())
}

/// Sums per touchpoint: `(touchpoint, stage, sums)`.
pub async fn by_touchpoint<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, Option<Uuid>, Sums)>> {
    let rows = fetch(
        ex,
        concat!(
            "SELECT touchpoint_id AS key, COALESCE(stage_id, '') AS parent, ",
            sums!(),
            " FROM (SELECT touchpoint_id, stage_id, percent AS pct, critical_failure AS crit \
             FROM touchpoint_scores WHERE ",
            card_filter!(),
            ") s GROUP BY touchpoint_id, stage_id"
        ),
        f,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let stage = (!r.parent.is_empty()).then(|| id(&r.parent)).transpose()?;
            Ok((id(&r.key)?, stage, r.sums()))
        })
        .collect()
}

/// Sums per location, from whole-audit scores.
pub async fn by_location<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, Sums)>> {
    let rows = fetch(
        ex,
        concat!(
            "SELECT location_id AS key, '' AS parent, ",
            sums!(),
            " FROM (SELECT location_id, percent AS pct, critical_failure AS crit FROM audits \
             WHERE status = 'approved' AND ",
            card_filter!(),
            ") s GROUP BY location_id"
        ),
        f,
    )
    .await?;
    rows.iter().map(|r| Ok((id(&r.key)?, r.sums()))).collect()
}

/// Sums per region, from whole-audit scores.
pub async fn by_region<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(String, Sums)>> {
    let rows = fetch(
        ex,
        concat!(
            "SELECT region AS key, '' AS parent, ",
            sums!(),
            " FROM (SELECT region, percent AS pct, critical_failure AS crit FROM audits \
             WHERE status = 'approved' AND ",
            card_filter!(),
            ") s GROUP BY region"
        ),
        f,
    )
    .await?;
    Ok(rows.iter().map(|r| (r.key.clone(), r.sums())).collect())
}

/// Sums per stage, where an audit's stage percentage pools the points of its touchpoints.
pub async fn by_stage<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, Sums)>> {
    let rows = fetch(
        ex,
        concat!(
            "SELECT stage_id AS key, '' AS parent, ",
            sums!(),
            " FROM (SELECT stage_id, audit_id, \
             CASE WHEN SUM(possible) > 0 THEN 100.0 * SUM(earned) / SUM(possible) END AS pct, \
             MAX(critical_failure) AS crit FROM touchpoint_scores WHERE stage_id IS NOT NULL AND ",
            card_filter!(),
            " GROUP BY stage_id, audit_id) s GROUP BY stage_id"
        ),
        f,
    )
    .await?;
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
    let rows: Vec<ItemRow> = filtered(concat!(
        "SELECT item_id, touchpoint_id, COUNT(*) AS n, AVG(100.0 * earned / possible) AS mean \
         FROM item_scores WHERE possible > 0 AND $6 = $6 AND ",
        card_filter!(),
        " GROUP BY item_id, touchpoint_id HAVING COUNT(*) >= $8 ORDER BY mean ASC, item_id LIMIT $9"
    ), f)
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

#[derive(FromRow)]
struct BucketRow {
    bucket: i64,
    n: i64,
    mean: Option<f64>,
}

/// Mean audit score per bucket of `bucket_ms` from the period's start: `(index, n, mean)`.
pub async fn trend<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
    bucket_ms: i64,
) -> Result<Vec<(i64, u64, Option<f64>)>> {
    let rows: Vec<BucketRow> = filtered(
        concat!(
            "SELECT bucket, COUNT(pct) AS n, AVG(pct) AS mean FROM (SELECT \
         CAST((check_in_at - $3) / $8 AS BIGINT) AS bucket, percent AS pct FROM audits \
         WHERE status = 'approved' AND $6 = $6 AND ",
            card_filter!(),
            ") s GROUP BY bucket ORDER BY bucket"
        ),
        f,
    )
    .bind(bucket_ms)
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.bucket, u64::try_from(r.n).unwrap_or(0), r.mean))
        .collect())
}

/// How many approved audits answered each NPS score 0–10.
pub async fn nps_counts<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<[u64; 11]> {
    let rows: Vec<(i64, i64)> = filtered(
        concat!(
            "SELECT nps, COUNT(*) AS n FROM audits WHERE status = 'approved' AND nps IS NOT NULL \
         AND $6 = $6 AND ",
            card_filter!(),
            " GROUP BY nps"
        ),
        f,
    )
    .fetch_all(ex)
    .await?;
    let mut counts = [0u64; 11];
    for (score, n) in rows {
        if let Some(slot) = usize::try_from(score).ok().and_then(|i| counts.get_mut(i)) {
            *slot = u64::try_from(n).unwrap_or(0);
        }
    }
    Ok(counts)
}

/// Mean emotion per touchpoint.
pub async fn emotions<'e>(
    ex: impl Executor<'e, Database = Any>,
    f: &CardFilter,
) -> Result<Vec<(Uuid, f64)>> {
    let rows: Vec<(String, Option<f64>)> = filtered(concat!(
        "SELECT touchpoint_id, AVG(CAST(emotion AS DOUBLE PRECISION)) AS mean FROM touchpoint_scores \
         WHERE emotion IS NOT NULL AND $6 = $6 AND ",
        card_filter!(),
        " GROUP BY touchpoint_id"
    ), f)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .filter_map(|(t, mean)| mean.map(|m| (t, m)))
        .map(|(t, m)| Ok((id(t)?, m)))
        .collect()
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
