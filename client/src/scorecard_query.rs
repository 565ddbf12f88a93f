//! Scorecard filters in the page address, so a scorecard, a journey map or a drill-down can
//! be linked, reloaded and gone back to.

use crate::api::query_of;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;
use touchstone_shared::scorecard::{CellQuery, ScorecardQuery};

const KEYS: [&str; 8] = [
    "client_id",
    "from",
    "to",
    "region",
    "location_id",
    "bucket",
    "touchpoint_id",
    "stage_id",
];

/// Reads a query type from the page's query parameters (unknown or empty ones are left
/// out); `None` when a required one is missing or malformed.
fn parse<T: DeserializeOwned>(params: &ParamsMap) -> Option<T> {
    let map: serde_json::Map<String, serde_json::Value> = KEYS
        .iter()
        .filter_map(|k| {
            params
                .get(k)
                .filter(|v| !v.is_empty())
                .map(|v| ((*k).to_owned(), serde_json::Value::String(v)))
        })
        .collect();
    serde_json::from_value(serde_json::Value::Object(map)).ok()
}

/// The scorecard the page shows.
pub fn scorecard(params: &ParamsMap) -> Option<ScorecardQuery> {
    parse(params)
}

/// The cell a drill-down shows.
pub fn cell(params: &ParamsMap) -> Option<CellQuery> {
    parse(params)
}

/// Address of a page showing `q`.
pub fn href(path: &str, q: &ScorecardQuery) -> String {
    format!("{path}{}", query_of(q))
}

/// Address of the drill-down behind a cell, headed `label`.
pub fn drill_href(cell: &CellQuery, label: &str) -> String {
    let q = query_of(cell);
    let sep = if q.is_empty() { '?' } else { '&' };
    format!(
        "/scorecards/audits{q}{sep}label={}",
        String::from(js_sys::encode_uri_component(label))
    )
}

/// The first and last day a scorecard covers, as `<input type=date>` values in the
/// organisation's zone: the query's, or the last 90 days up to today.
pub fn shown_days(q: Option<&ScorecardQuery>) -> (String, String) {
    use crate::zone::{day, day_of};
    let first = q.and_then(|q| q.from).map_or_else(|| day(-89), day_of);
    // `to` is exclusive: the field shows the last day included.
    let last = q.and_then(|q| q.to).map_or_else(
        || day(0),
        |t| day_of(t - chrono::TimeDelta::milliseconds(1)),
    );
    (first, last)
}
