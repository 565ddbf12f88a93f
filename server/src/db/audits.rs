//! Audits, their derived score rows and their status history.

use super::{
    Visibility, auditor_filter, client_filter, from_json, from_ms, paginate, parse_id, to_json,
};
use crate::error::{Error, Result};
use sqlx::{Any, AnyConnection, Executor, FromRow};
pub use touchstone_shared::audit::AuditFilter;
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus, AuditSummary, ReviewInput};
use touchstone_shared::score_range;
use touchstone_shared::scoring::AuditScore;
use touchstone_shared::verify::{Flag, FlagKind};
use uuid::Uuid;

/// An audit as the database holds it.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    /// Id.
    pub id: Uuid,
    /// Organisation.
    pub org_id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// Location.
    pub location_id: Uuid,
    /// The location's region (copied for scorecard filters).
    pub region: String,
    /// Assignment.
    pub assignment_id: Uuid,
    /// Auditor.
    pub auditor_id: Uuid,
    /// Checklist version answered.
    pub checklist_version_id: Uuid,
    /// Status.
    pub status: AuditStatus,
    /// The auditor's last full state.
    pub input: AuditInput,
    /// Score computed from it.
    pub score: AuditScore,
    /// Reviewer's last decision.
    pub review: Option<ReviewInput>,
    /// Last submission, ms.
    pub submitted_at: Option<i64>,
    /// Approval, ms.
    pub approved_at: Option<i64>,
    /// Creation, ms.
    pub created_at: i64,
    /// Last change, ms.
    pub updated_at: i64,
    /// Proof-of-visit flags from the last submission.
    pub flags: Vec<Flag>,
}

impl AuditRecord {
    /// The wire form with the proof-of-visit flags, for reviewers.
    pub fn to_audit_with_flags(&self) -> Audit {
        Audit {
            flags: self.flags.clone(),
            ..self.to_audit()
        }
    }

    /// The wire form without the proof-of-visit flags, for everybody else.
    pub fn to_audit(&self) -> Audit {
        Audit {
            id: self.id,
            assignment_id: self.assignment_id,
            checklist_version_id: self.checklist_version_id,
            client_id: self.client_id,
            location_id: self.location_id,
            auditor_id: self.auditor_id,
            status: self.status,
            visit: self.input.visit.clone(),
            answers: self.input.answers.clone(),
            touchpoint_notes: self.input.touchpoint_notes.clone(),
            score: self.score.clone(),
            review: self.review.clone(),
            submitted_at: self.submitted_at.map(from_ms),
            updated_at: from_ms(self.updated_at),
            flags: Vec::new(),
        }
    }
}

#[derive(FromRow)]
struct AuditRow {
    id: String,
    org_id: String,
    client_id: String,
    location_id: String,
    region: String,
    assignment_id: String,
    auditor_id: String,
    checklist_version_id: String,
    status: String,
    body: String,
    score: String,
    review: Option<String>,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    flags: String,
}

fn status(s: &str) -> Result<AuditStatus> {
    AuditStatus::parse(s).ok_or_else(|| Error::internal(format!("stored status `{s}`")))
}

impl TryFrom<AuditRow> for AuditRecord {
    type Error = Error;

    fn try_from(row: AuditRow) -> Result<Self> {
        Ok(AuditRecord {
            id: parse_id(&row.id)?,
            org_id: parse_id(&row.org_id)?,
            client_id: parse_id(&row.client_id)?,
            location_id: parse_id(&row.location_id)?,
            region: row.region,
            assignment_id: parse_id(&row.assignment_id)?,
            auditor_id: parse_id(&row.auditor_id)?,
            checklist_version_id: parse_id(&row.checklist_version_id)?,
            status: status(&row.status)?,
            input: from_json(&row.body)?,
            score: from_json(&row.score)?,
            review: row.review.as_deref().map(from_json).transpose()?,
            submitted_at: row.submitted_at,
            approved_at: row.approved_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            flags: from_json(&row.flags)?,
        })
    }
}

/// An audit of the organisation, whoever may see it (the caller decides).
pub async fn find<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    audit_id: Uuid,
) -> Result<Option<AuditRecord>> {
    let row: Option<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {RECORD_COLUMNS} FROM audits WHERE org_id = $1 AND id = $2"
    )))
    .bind(org_id.to_string())
    .bind(audit_id.to_string())
    .fetch_optional(ex)
    .await?;
    row.map(AuditRecord::try_from).transpose()
}

/// The columns of an [`AuditRow`].
const RECORD_COLUMNS: &str = "id, org_id, client_id, location_id, region, assignment_id, \
    auditor_id, checklist_version_id, status, body, score, review, submitted_at, approved_at, \
    created_at, updated_at, flags";

/// The organisation's audits among `ids` (one statement; those not found are left out).
pub async fn find_many<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<AuditRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM audits WHERE org_id = $1 AND id IN {}",
        super::values_list_after(1, 1, ids.len())
    );
    let mut q = sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(sql)).bind(org_id.to_string());
    for id in ids {
        q = q.bind(id.to_string());
    }
    q.fetch_all(ex)
        .await?
        .into_iter()
        .map(AuditRecord::try_from)
        .collect()
}

/// The audit made for an assignment, if any.
pub async fn id_for_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    assignment_id: Uuid,
) -> Result<Option<Uuid>> {
    let row: Option<String> = sqlx::query_scalar("SELECT id FROM audits WHERE assignment_id = $1")
        .bind(assignment_id.to_string())
        .fetch_optional(ex)
        .await?;
    row.as_deref().map(parse_id).transpose()
}

/// Whether an audit of any organisation has the id.
pub async fn id_taken<'e>(ex: impl Executor<'e, Database = Any>, audit_id: Uuid) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audits WHERE id = $1")
        .bind(audit_id.to_string())
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// Inserts a new audit; false (and nothing written) when the id or the assignment is
/// already used.
pub async fn insert_new(conn: &mut AnyConnection, record: &AuditRecord) -> Result<bool> {
    let done = bind_record(
        sqlx::query(
            "INSERT INTO audits (id, org_id, client_id, location_id, region, assignment_id, \
             auditor_id, checklist_version_id, status, check_in_at, body, score, earned, possible, \
             percent, critical_failure, nps, review, submitted_at, approved_at, created_at, \
             updated_at, flags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) ON CONFLICT DO NOTHING",
        ),
        record,
    )?
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces an audit's row if it is still as it was read (`expected_updated_at`); false when
/// it changed in between, so the caller re-reads and decides again.
pub async fn update(
    conn: &mut AnyConnection,
    record: &AuditRecord,
    expected_updated_at: i64,
) -> Result<bool> {
    let done = bind_record(
        sqlx::query(
            "UPDATE audits SET org_id = $2, client_id = $3, location_id = $4, region = $5, \
             assignment_id = $6, auditor_id = $7, checklist_version_id = $8, status = $9, \
             check_in_at = $10, body = $11, score = $12, earned = $13, possible = $14, \
             percent = $15, critical_failure = $16, nps = $17, review = $18, submitted_at = $19, \
             approved_at = $20, created_at = $21, updated_at = $22, flags = $23 \
             WHERE id = $1 AND updated_at = $24",
        ),
        record,
    )?
    .bind(expected_updated_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn bind_record<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    record: &AuditRecord,
) -> Result<sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>> {
    let total = record.score.total;
    Ok(q.bind(record.id.to_string())
        .bind(record.org_id.to_string())
        .bind(record.client_id.to_string())
        .bind(record.location_id.to_string())
        .bind(record.region.clone())
        .bind(record.assignment_id.to_string())
        .bind(record.auditor_id.to_string())
        .bind(record.checklist_version_id.to_string())
        .bind(record.status.as_str())
        .bind(record.input.visit.check_in_at.map(super::to_ms))
        .bind(to_json(&record.input)?)
        .bind(to_json(&record.score)?)
        .bind(total.earned)
        .bind(total.possible)
        .bind(total.percent())
        .bind(i64::from(total.critical_failure))
        .bind(record.score.nps.map(i64::from))
        .bind(record.review.as_ref().map(to_json).transpose()?)
        .bind(record.submitted_at)
        .bind(record.approved_at)
        .bind(record.created_at)
        .bind(record.updated_at)
        .bind(to_json(&record.flags)?))
}

/// Moves the audits of `listed` (`(id, updated_at)` as read) from `from` to `to` in one
/// statement, each if, and only if, it is still as read; the ids it moved (the others were
/// changed by somebody else first).
pub async fn transition_many<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    listed: &[(Uuid, i64)],
    from: AuditStatus,
    to: AuditStatus,
    review: Option<&ReviewInput>,
    at: i64,
) -> Result<Vec<Uuid>> {
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let approved_at = (to == AuditStatus::Approved).then_some(at);
    let sql = format!(
        "UPDATE audits SET status = $1, review = COALESCE($2, review), approved_at = $3, \
         updated_at = $4 WHERE org_id = $5 AND status = $6 \
         AND (id, updated_at) IN (VALUES {}) RETURNING id",
        super::values_list_after(6, listed.len(), 2)
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
        .bind(to.as_str())
        .bind(review.map(to_json).transpose()?)
        .bind(approved_at)
        .bind(at)
        .bind(org_id.to_string())
        .bind(from.as_str());
    for (id, updated_at) in listed {
        q = q.bind(id.to_string()).bind(*updated_at);
    }
    q.fetch_all(ex)
        .await?
        .iter()
        .map(|id| parse_id(id))
        .collect()
}

/// Records a status change in the audit trail.
pub async fn insert_event(
    conn: &mut AnyConnection,
    audit_id: Uuid,
    actor_id: Uuid,
    from: Option<AuditStatus>,
    to: AuditStatus,
    comment: &str,
    at: i64,
) -> Result<()> {
    insert_events(conn, &[audit_id], actor_id, from, to, comment, at).await
}

/// Trail rows per multi-row insert (7 parameters each).
const EVENTS_PER_STATEMENT: usize = 1000;

/// Records the same status change of each of `audit_ids` in their trails: one statement per
/// [`EVENTS_PER_STATEMENT`] audits.
pub async fn insert_events(
    conn: &mut AnyConnection,
    audit_ids: &[Uuid],
    actor_id: Uuid,
    from: Option<AuditStatus>,
    to: AuditStatus,
    comment: &str,
    at: i64,
) -> Result<()> {
    for chunk in audit_ids.chunks(EVENTS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO audit_events (id, audit_id, actor_id, from_status, to_status, comment, \
             at) VALUES {}",
            super::values_list(chunk.len(), 7)
        );
        let mut q = super::multi_row(sql);
        for audit_id in chunk {
            q = q
                .bind(Uuid::now_v7().to_string())
                .bind(audit_id.to_string())
                .bind(actor_id.to_string())
                .bind(from.map(AuditStatus::as_str))
                .bind(to.as_str())
                .bind(comment)
                .bind(at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Score rows per multi-row insert: 14 or 11 parameters each, 14,000 at most, under
/// SQLite's 32,766 and PostgreSQL's 65,535.
const SCORE_ROWS_PER_STATEMENT: usize = 1000;

/// Writes the per-touchpoint and per-item rows that scorecards aggregate, for approved
/// audits: one multi-row insert per table (per [`SCORE_ROWS_PER_STATEMENT`] rows), however
/// many audits.
pub async fn insert_score_rows(conn: &mut AnyConnection, records: &[AuditRecord]) -> Result<()> {
    type Query = sqlx::query::Query<'static, Any, sqlx::any::AnyArguments>;
    // The columns every score row of an audit shares.
    let common = |q: Query, record: &AuditRecord| {
        let check_in_at = record
            .input
            .visit
            .check_in_at
            .map(super::to_ms)
            .unwrap_or(record.created_at);
        q.bind(record.id.to_string())
            .bind(record.org_id.to_string())
            .bind(record.client_id.to_string())
            .bind(record.location_id.to_string())
            .bind(record.region.clone())
            .bind(check_in_at)
    };
    let columns = "audit_id, org_id, client_id, location_id, region, check_in_at";
    let touchpoints: Vec<_> = records
        .iter()
        .flat_map(|r| r.score.touchpoints.iter().map(move |tp| (r, tp)))
        .collect();
    for chunk in touchpoints.chunks(SCORE_ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO touchpoint_scores ({columns}, touchpoint_id, stage_id, earned, \
             possible, percent, critical_failure, emotion, pain_point) VALUES {}",
            super::values_list(chunk.len(), 14)
        );
        let mut q = super::multi_row(sql);
        for (record, tp) in chunk {
            let note = record
                .input
                .touchpoint_notes
                .iter()
                .find(|n| n.touchpoint_id == tp.touchpoint_id);
            let emotion = note.and_then(|n| n.emotion).map(i64::from);
            // A blank note is none (the migration that added the column counts it so too).
            let pain_point = note
                .map(|n| n.pain_point.clone())
                .filter(|p| !p.trim().is_empty());
            q = common(q, record)
                .bind(tp.touchpoint_id.to_string())
                .bind(tp.stage_id.map(|s| s.to_string()))
                .bind(tp.points.earned)
                .bind(tp.points.possible)
                .bind(tp.points.percent())
                .bind(i64::from(tp.points.critical_failure))
                .bind(emotion)
                .bind(pain_point);
        }
        q.execute(&mut *conn).await?;
    }
    let items: Vec<_> = records
        .iter()
        .flat_map(|r| r.score.items.iter().map(move |item| (r, item)))
        .collect();
    for chunk in items.chunks(SCORE_ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO item_scores ({columns}, item_id, touchpoint_id, earned, possible, \
             critical_failure) VALUES {}",
            super::values_list(chunk.len(), 11)
        );
        let mut q = super::multi_row(sql);
        for (record, item) in chunk {
            q = common(q, record)
                .bind(item.item_id.to_string())
                .bind(item.touchpoint_id.to_string())
                .bind(item.points.earned)
                .bind(item.points.possible)
                .bind(i64::from(item.points.critical_failure));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    assignment_id: String,
    client_id: String,
    location_id: String,
    auditor_id: String,
    status: String,
    percent: Option<f64>,
    critical_failure: i64,
    check_in_at: Option<i64>,
    submitted_at: Option<i64>,
    updated_at: i64,
    flags: String,
}

/// A `LIKE` pattern matching the stored flags JSON holding a flag of `kind` (`_` escaped:
/// it is a `LIKE` wildcard).
fn flag_pattern(kind: FlagKind) -> String {
    format!(r#"%"kind":"{}"%"#, kind.as_str().replace('_', r"\_"))
}

/// A page of audits the caller may see; `approved_only` for managers. Flags filter only for
/// reviewers (`with_flags`); for anybody else a flag filter matches nothing.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    approved_only: bool,
    with_flags: bool,
    filter: &AuditFilter,
) -> Result<(Vec<AuditSummary>, Option<String>)> {
    if !with_flags && (filter.flag.is_some() || filter.flagged == Some(true)) {
        return Ok((Vec::new(), None));
    }
    let limit = super::page_limit(filter.limit);
    let q = sqlx::query_as::<_, SummaryRow>(concat!(
        "SELECT id, assignment_id, client_id, location_id, auditor_id, status, percent, \
         critical_failure, check_in_at, submitted_at, updated_at, flags FROM audits \
         WHERE org_id = $1 AND ",
        client_filter!(),
        " AND ",
        auditor_filter!(),
        " AND ($4 = '' OR client_id = $4) AND ($5 = '' OR location_id = $5) \
         AND ($6 = '' OR status = $6) AND ($7 = '' OR auditor_id = $7) \
         AND ($10 = '' OR flags LIKE $10 ESCAPE '\\') \
         AND ($11 = '' OR ($11 = 'yes' AND flags <> '[]') OR ($11 = 'no' AND flags = '[]')) \
         AND ($12 < 0 OR percent >= $12) AND ($13 > 100 OR percent <= $13) \
         AND id > $8 ORDER BY id LIMIT $9"
    ));
    let text = |u: Option<Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
    let status_filter = match (approved_only, filter.status) {
        (true, Some(s)) if s != AuditStatus::Approved => return Ok((Vec::new(), None)),
        (true, _) => AuditStatus::Approved.as_str(),
        (false, s) => s.map_or("", AuditStatus::as_str),
    };
    let (score_min, score_max) = score_range::sql_bounds(filter.score_min, filter.score_max);
    let rows = vis
        .bind_all(q)
        .bind(text(filter.client_id))
        .bind(text(filter.location_id))
        .bind(status_filter)
        .bind(text(filter.auditor_id))
        .bind(filter.cursor.clone().unwrap_or_default())
        .bind(limit + 1)
        .bind(filter.flag.map(flag_pattern).unwrap_or_default())
        .bind(match filter.flagged {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        })
        .bind(score_min)
        .bind(score_max)
        .fetch_all(ex)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(AuditSummary {
                id: parse_id(&r.id)?,
                assignment_id: parse_id(&r.assignment_id)?,
                client_id: parse_id(&r.client_id)?,
                location_id: parse_id(&r.location_id)?,
                auditor_id: parse_id(&r.auditor_id)?,
                status: status(&r.status)?,
                percent: r.percent,
                critical_failure: r.critical_failure != 0,
                check_in_at: r.check_in_at.map(from_ms),
                submitted_at: r.submitted_at.map(from_ms),
                updated_at: from_ms(r.updated_at),
                flags: if with_flags {
                    from_json(&r.flags)?
                } else {
                    Vec::new()
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(paginate(items, limit, |a| a.id.to_string()))
}

#[derive(FromRow)]
struct EventRow {
    at: i64,
    actor_id: String,
    actor_name: String,
    from_status: Option<String>,
    to_status: String,
    comment: String,
}

/// An audit's status history, oldest first.
pub async fn events<'e>(
    ex: impl Executor<'e, Database = Any>,
    audit_id: Uuid,
) -> Result<Vec<touchstone_shared::audit::AuditEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.actor_id, u.name AS actor_name, e.from_status, e.to_status, e.comment \
         FROM audit_events e JOIN users u ON u.id = e.actor_id WHERE e.audit_id = $1 ORDER BY e.at, e.id",
    )
    .bind(audit_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(touchstone_shared::audit::AuditEvent {
                at: from_ms(r.at),
                actor_id: parse_id(&r.actor_id)?,
                actor_name: r.actor_name,
                from: r.from_status.as_deref().map(status).transpose()?,
                to: status(&r.to_status)?,
                comment: r.comment,
            })
        })
        .collect()
}
