//! Scorecards and their drill-down.

use super::{ApiResult, get, query_of};
use touchstone_shared::scorecard::{CellAudit, CellQuery, Scorecard, ScorecardQuery};

/// `GET /scorecards`.
pub async fn scorecard(q: &ScorecardQuery) -> ApiResult<Scorecard> {
    get(&format!("/scorecards{}", query_of(q))).await
}

/// `GET /scorecards/audits`: the approved audits behind one cell, lowest score first.
pub async fn cell_audits(q: &CellQuery) -> ApiResult<Vec<CellAudit>> {
    get(&format!("/scorecards/audits{}", query_of(q))).await
}
