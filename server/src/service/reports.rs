//! Client reports: the scorecard of a period, typeset as PDF.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::report::client::{self, ReportData};
use crate::report::fonts::Fonts;
use crate::service::scorecards::{self, Bucket, ScorecardQuery};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Which client and period a report covers.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// The client.
    pub client_id: Uuid,
    /// Start of the period (inclusive, RFC 3339); default 90 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive, RFC 3339); default now.
    pub to: Option<DateTime<Utc>>,
}

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    /// File name, e.g. `report-brand-2026-09-01-2026-11-30.pdf`.
    pub file_name: String,
    /// The PDF.
    pub pdf: Vec<u8>,
}

/// The client report of a period as PDF, for staff and the client's managers.
pub async fn client_pdf(state: &AppState, caller: &Caller, query: ReportQuery) -> Result<Report> {
    let span = match (query.from, query.to) {
        (Some(from), Some(to)) => to - from,
        _ => Duration::days(90),
    };
    let card = scorecards::scorecard(
        state,
        caller,
        ScorecardQuery {
            client_id: query.client_id,
            from: query.from,
            to: query.to,
            region: None,
            location_id: None,
            bucket: if span > Duration::days(180) {
                Bucket::Month
            } else {
                Bucket::Week
            },
        },
    )
    .await?;
    let pool = state.db.pool();
    let client = db::clients::get(pool, &caller.visibility(), query.client_id).await?;
    let organisation = db::users::organisation_name(pool, caller.org_id).await?;
    let file_name = format!(
        "report-{}-{}-{}.pdf",
        client
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-"),
        card.from.format("%Y-%m-%d"),
        (card.to - Duration::milliseconds(1)).format("%Y-%m-%d"),
    );
    let data = ReportData {
        organisation,
        client: client.name,
        card,
        generated_at: Utc::now(),
    };
    let font_dir = state.config.report_font_dir.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let fonts = Fonts::load(&font_dir)?;
        client::pdf(&fonts, &data)
    })
    .await
    .map_err(Error::internal)??;
    Ok(Report { file_name, pdf })
}
