//! Daily sums of approved audits' scores (`score_days`, see its migration): what scorecards
//! read for whole days, so their cost follows the number of days, locations and items, not
//! the number of audits.
//!
//! Rows are added when an audit is approved ([`add_audit`]; approved audits never change),
//! rebuilt for a client when its pass mark changes ([`rebuild`]), and built once from the
//! score rows that predate the table ([`build_if_missing`]). Every row sums exactly what the
//! raw scorecard queries aggregate over `audits`, `touchpoint_scores` and `item_scores`, so
//! a scorecard may combine rollup days with raw rows for the partial days at its edges.

use super::audits::AuditRecord;
use super::{Backend, Db, now_ms};
use crate::error::Result;
use sqlx::{AnyConnection, Executor};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Milliseconds in a (UTC) day: rollup rows cover `[day_no × DAY_MS, (day_no + 1) × DAY_MS)`.
pub const DAY_MS: i64 = 86_400_000;

/// The UTC day of a time in ms (floor, also before 1970).
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
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

/// `(kind, location, region, day, key, parent)`.
type RowKey = (&'static str, String, String, i64, String, String);

fn entry<'a>(
    rows: &'a mut BTreeMap<RowKey, Acc>,
    grain: (&str, &str),
    kind: &'static str,
    day: i64,
    key: String,
    parent: String,
) -> &'a mut Acc {
    rows.entry((
        kind,
        grain.0.to_owned(),
        grain.1.to_owned(),
        day,
        key,
        parent,
    ))
    .or_default()
}

/// The rows an approved audit adds, at both grains (its location, and client-wide).
fn audit_rows(record: &AuditRecord, target: f64) -> BTreeMap<RowKey, Acc> {
    let mut rows: BTreeMap<RowKey, Acc> = BTreeMap::new();
    let location = record.location_id.to_string();
    let grains = [(location.as_str(), record.region.as_str()), ("", "")];
    // Whole-audit rows count audits with a check-in, as the scorecard's period filter does;
    // score rows fall back to the creation time (see `audits::insert_score_rows`).
    let audit_day = record.input.visit.check_in_at.map(|t| day_of(super::ms(t)));
    let score_day = day_of(
        record
            .input
            .visit
            .check_in_at
            .map(super::ms)
            .unwrap_or(record.created_at),
    );
    for grain in grains {
        if let Some(day) = audit_day {
            let total = record.score.total;
            let acc = entry(&mut rows, grain, "audit", day, String::new(), String::new());
            acc.pct(total.percent(), target);
            acc.critical += i64::from(total.critical_failure);
            if let Some(nps) = record.score.nps {
                entry(&mut rows, grain, "nps", day, nps.to_string(), String::new()).n += 1;
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
                &mut rows,
                grain,
                "touchpoint",
                score_day,
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
                &mut rows,
                grain,
                "stage",
                score_day,
                stage.to_string(),
                String::new(),
            );
            acc.pct((possible > 0.0).then(|| 100.0 * earned / possible), target);
            acc.critical += i64::from(critical);
        }
        for item in &record.score.items {
            let acc = entry(
                &mut rows,
                grain,
                "item",
                score_day,
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
    rows
}

const COLUMNS: &str = "org_id, client_id, kind, location_id, region, day_no, k, parent, n, \
    pct_sum, pct_sum_sq, pct_min, pct_max, passed, critical, emotion_n, emotion_sum";

/// Rows per upsert statement (17 parameters each).
const ROWS_PER_STATEMENT: usize = 64;

/// Adds an approved audit to the daily sums, judging it against `target` (the client's pass
/// mark, read in the same transaction).
pub async fn add_audit(conn: &mut AnyConnection, record: &AuditRecord, target: f64) -> Result<()> {
    let rows: Vec<(RowKey, Acc)> = audit_rows(record, target).into_iter().collect();
    let org = record.org_id.to_string();
    let client = record.client_id.to_string();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values = super::values_list(chunk.len(), 17);
        let sql = format!(
            "INSERT INTO score_days ({COLUMNS}) VALUES {values} \
             ON CONFLICT (org_id, client_id, kind, location_id, region, day_no, k, parent) \
             DO UPDATE SET n = score_days.n + excluded.n, \
             pct_sum = score_days.pct_sum + excluded.pct_sum, \
             pct_sum_sq = score_days.pct_sum_sq + excluded.pct_sum_sq, \
             pct_min = CASE WHEN score_days.pct_min IS NULL OR excluded.pct_min < score_days.pct_min \
             THEN excluded.pct_min ELSE score_days.pct_min END, \
             pct_max = CASE WHEN score_days.pct_max IS NULL OR excluded.pct_max > score_days.pct_max \
             THEN excluded.pct_max ELSE score_days.pct_max END, \
             passed = score_days.passed + excluded.passed, \
             critical = score_days.critical + excluded.critical, \
             emotion_n = score_days.emotion_n + excluded.emotion_n, \
             emotion_sum = score_days.emotion_sum + excluded.emotion_sum"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((kind, loc, region, day, key, parent), acc) in chunk {
            q = q
                .bind(org.clone())
                .bind(client.clone())
                .bind(*kind)
                .bind(loc.clone())
                .bind(region.clone())
                .bind(*day)
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

/// The statements that build the per-location rows of one client (`$1`), or of every client
/// (`$1 = ''`), from the score rows.
fn build_statements() -> Vec<String> {
    let (loc, reg, group) = ("location_id", "region", "location_id, region, ");
    let insert = format!("INSERT INTO score_days ({COLUMNS}) ");
    let sums = |pct: &str, target: &str| {
        format!(
            "COUNT({pct}), COALESCE(SUM({pct}), 0), COALESCE(SUM({pct} * {pct}), 0), MIN({pct}), \
             MAX({pct}), COALESCE(SUM(CASE WHEN {pct} >= {target} THEN 1 ELSE 0 END), 0)"
        )
    };
    vec![
        format!(
            "{insert}SELECT org_id, client_id, 'audit', {loc}, {reg}, day_no, '', '', {}, \
             COALESCE(SUM(critical_failure), 0), 0, 0 FROM (SELECT a.org_id, a.client_id, \
             a.location_id, a.region, a.check_in_at / {DAY_MS} AS day_no, a.percent, \
             a.critical_failure, c.target_percent FROM audits a JOIN clients c ON c.id = a.client_id \
             WHERE a.status = 'approved' AND a.check_in_at IS NOT NULL \
             AND ($1 = '' OR a.client_id = $1)) s \
             GROUP BY org_id, client_id, {group}day_no",
            sums("percent", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'nps', {loc}, {reg}, check_in_at / {DAY_MS}, \
             CAST(nps AS TEXT), '', COUNT(*), 0, 0, NULL, NULL, 0, 0, 0, 0 FROM audits \
             WHERE status = 'approved' AND check_in_at IS NOT NULL AND nps IS NOT NULL \
             AND ($1 = '' OR client_id = $1) \
             GROUP BY org_id, client_id, {group}check_in_at / {DAY_MS}, nps"
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'touchpoint', {loc}, {reg}, day_no, touchpoint_id, \
             parent, {}, COALESCE(SUM(critical_failure), 0), COUNT(emotion), \
             CAST(COALESCE(SUM(emotion), 0) AS DOUBLE PRECISION) FROM (SELECT t.org_id, \
             t.client_id, t.location_id, t.region, t.check_in_at / {DAY_MS} AS day_no, \
             t.touchpoint_id, COALESCE(t.stage_id, '') AS parent, t.percent, t.critical_failure, \
             t.emotion, c.target_percent FROM touchpoint_scores t \
             JOIN clients c ON c.id = t.client_id WHERE ($1 = '' OR t.client_id = $1)) s \
             GROUP BY org_id, client_id, {group}day_no, touchpoint_id, parent",
            sums("percent", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'stage', {loc}, {reg}, day_no, stage_id, '', {}, \
             COALESCE(SUM(crit), 0), 0, 0 FROM (SELECT t.org_id, t.client_id, t.location_id, \
             t.region, t.check_in_at / {DAY_MS} AS day_no, t.stage_id, t.audit_id, \
             c.target_percent, \
             CASE WHEN SUM(t.possible) > 0 THEN 100.0 * SUM(t.earned) / SUM(t.possible) END AS pct, \
             MAX(t.critical_failure) AS crit FROM touchpoint_scores t \
             JOIN clients c ON c.id = t.client_id \
             WHERE t.stage_id IS NOT NULL AND ($1 = '' OR t.client_id = $1) \
             GROUP BY t.org_id, t.client_id, t.location_id, t.region, t.check_in_at / {DAY_MS}, \
             t.stage_id, t.audit_id, c.target_percent) s \
             GROUP BY org_id, client_id, {group}day_no, stage_id",
            sums("pct", "target_percent")
        ),
        format!(
            "{insert}SELECT org_id, client_id, 'item', {loc}, {reg}, check_in_at / {DAY_MS}, \
             item_id, touchpoint_id, \
             COALESCE(SUM(CASE WHEN possible > 0 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN possible > 0 THEN 100.0 * earned / possible END), 0), 0, \
             NULL, NULL, 0, COALESCE(SUM(critical_failure), 0), 0, 0 FROM item_scores \
             WHERE ($1 = '' OR client_id = $1) \
             GROUP BY org_id, client_id, {group}check_in_at / {DAY_MS}, item_id, touchpoint_id"
        ),
    ]
}

/// Rebuilds the daily sums of one client (`Some`) or of all (`None`) from the score rows, in
/// the caller's transaction: after a change of the client's pass mark.
pub async fn rebuild(conn: &mut AnyConnection, client_id: Option<Uuid>) -> Result<()> {
    let client = client_id.map(|c| c.to_string()).unwrap_or_default();
    sqlx::query("DELETE FROM score_days WHERE $1 = '' OR client_id = $1")
        .bind(client.clone())
        .execute(&mut *conn)
        .await?;
    for sql in build_statements() {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client.clone())
            .execute(&mut *conn)
            .await?;
    }
    // Every column is a sum, a minimum or a maximum, so the client-wide rows are the
    // per-location rows added up: a few thousand rows read instead of every score row again.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO score_days ({COLUMNS}) SELECT org_id, client_id, kind, '', '', day_no, k, \
         parent, CAST(SUM(n) AS BIGINT), SUM(pct_sum), SUM(pct_sum_sq), MIN(pct_min), \
         MAX(pct_max), CAST(SUM(passed) AS BIGINT), CAST(SUM(critical) AS BIGINT), \
         CAST(SUM(emotion_n) AS BIGINT), SUM(emotion_sum) FROM score_days \
         WHERE location_id <> '' AND ($1 = '' OR client_id = $1) \
         GROUP BY org_id, client_id, kind, day_no, k, parent"
    )))
    .bind(client)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Builds the daily sums from the existing score rows once, after the migration that
/// created them (`score_days_built` is empty until then). Safe with several servers starting
/// at once: the first takes the lock, the others then find the table built.
pub async fn build_if_missing(db: &Db) -> Result<bool> {
    let built: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM score_days_built")
        .fetch_one(db.pool())
        .await?;
    if built > 0 {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    if db.backend() == Backend::Postgres {
        tx.execute("LOCK TABLE score_days_built IN EXCLUSIVE MODE")
            .await?;
    }
    let built: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM score_days_built")
        .fetch_one(&mut *tx)
        .await?;
    if built > 0 {
        return Ok(false);
    }
    rebuild(&mut tx, None).await?;
    sqlx::query("INSERT INTO score_days_built (built_at) VALUES ($1)")
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
