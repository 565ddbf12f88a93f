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

async fn fetch<'e>(
    ex: impl Executor<'e, Database = Any>,
    sql: &'static str,
    f: &CardFilter,
) -> Result<Vec<SumsRow>> {
    Ok(sqlx::query_as::<_, SumsRow>(sql)
        .bind(f.org_id.to_string())
        .bind(f.client_id.to_string())
        .bind(f.from_ms)
        .bind(f.to_ms)
        .bind(f.region.clone().unwrap_or_default())
        .bind(f.target_percent)
        .bind(f.location_id.map(|l| l.to_string()).unwrap_or_default())
        .fetch_all(ex)
        .await?)
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
