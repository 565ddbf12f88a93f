//! Imports of locations and checklists from spreadsheets: all rows or none.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::import::{self, Format};
use crate::notify::events;
use crate::service::checklists;
use crate::state::AppState;
use axum::body::Bytes;
use touchstone_shared::checklist::{Checklist, ChecklistInput};
use touchstone_shared::import::{ImportSummary, RowProblem};
use touchstone_shared::journey::touchpoint_ids;
use uuid::Uuid;

/// Options of a checklist import (the file holds only the items).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecklistImportQuery {
    /// Name of the checklist; the journey's name when absent.
    pub name: Option<String>,
    /// A critical failure scores the whole audit 0 (default false).
    pub critical_fails_audit: Option<bool>,
    /// Shortest plausible visit in minutes.
    pub min_visit_minutes: Option<u32>,
}

fn format(content_type: &str, bytes: &[u8]) -> Result<Format> {
    Format::from_media_type(content_type, bytes).ok_or_else(|| {
        Error::UnsupportedMediaType(format!(
            "send the file as the request body with `Content-Type: text/csv` or `{}`",
            import::XLSX_MEDIA_TYPE
        ))
    })
}

/// Parsing is CPU work on up to a few megabytes: off the async workers.
async fn parse<T: Send + 'static>(
    run: impl FnOnce() -> Result<T, Vec<RowProblem>> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(run)
        .await
        .map_err(Error::internal)?
        .map_err(Error::Rows)
}

/// Creates a client's locations from a CSV or XLSX file, all or none.
pub async fn locations(
    state: &AppState,
    caller: &Caller,
    client_id: Uuid,
    content_type: &str,
    bytes: Bytes,
) -> Result<ImportSummary> {
    caller.require_staff()?;
    let client = db::clients::get(state.db.pool(), &caller.visibility(), client_id).await?;
    let format = format(content_type, &bytes)?;
    // Read outside the write transaction so parsing does not hold the write lock; a code
    // taken in between fails the insert as a conflict, and nothing is stored.
    let stored = db::locations::codes(state.db.pool(), caller.org_id, client.id).await?;
    let rows = parse(move || {
        let table = import::read(format, &bytes)?;
        import::locations::parse(&table, client_id, &stored)
    })
    .await?;

    let mut tx = state.db.begin().await?;
    for row in &rows {
        db::locations::insert(&mut *tx, caller.org_id, &row.input).await?;
    }
    let what = format!("{} locations of {}", rows.len(), client.name);
    let told = events::import_finished(caller.user_id, &what, "/consult/imports");
    events::record(&mut tx, caller.org_id, &[told]).await?;
    tx.commit().await?;
    Ok(ImportSummary {
        created: u32::try_from(rows.len()).unwrap_or(u32::MAX),
    })
}

/// Creates a checklist for a journey from a CSV or XLSX file of items.
pub async fn checklist(
    state: &AppState,
    caller: &Caller,
    journey_id: Uuid,
    query: ChecklistImportQuery,
    content_type: &str,
    bytes: Bytes,
) -> Result<Checklist> {
    caller.require_staff()?;
    let journey = db::journeys::get(state.db.pool(), &caller.visibility(), journey_id).await?;
    let format = format(content_type, &bytes)?;
    let for_parse = journey.clone();
    let parsed = parse(move || {
        let table = import::read(format, &bytes)?;
        import::checklists::parse(&table, &for_parse)
    })
    .await?;
    let name = query
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| journey.name.clone());
    let content = import::checklists::content(
        &parsed,
        name.trim(),
        query.critical_fails_audit.unwrap_or(false),
        query.min_visit_minutes,
    );
    let touchpoints = touchpoint_ids(&journey.stages);
    if let Err(e) = content.validate(&touchpoints) {
        return Err(match e.field.as_str() {
            "content.name" => Error::invalid("name", e.message),
            "content.min_visit_minutes" => Error::invalid("min_visit_minutes", e.message),
            field => {
                let (row, column) = parsed.locate(field);
                let message = parsed.readable(&e.message);
                Error::Rows(vec![RowProblem::new(row, column, message)])
            }
        });
    }
    let what = format!("the checklist {} for {}", name.trim(), journey.name);
    let told = events::import_finished(caller.user_id, &what, "/consult/checklists");
    checklists::create_telling(
        state,
        caller,
        ChecklistInput {
            client_id: journey.client_id,
            journey_id: journey.id,
            content,
        },
        &[told],
    )
    .await
}
