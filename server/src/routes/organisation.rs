//! The caller's organisation and its settings.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::Json;
use crate::service::organisation;
use crate::state::AppState;
use axum::extract::State;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::organisation::{Organisation, OrganisationSettings};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The caller's organisation, with its time zone (every signed-in user).
#[utoipa::path(get, path = "/api/v1/organisation", tag = "organisation",
    responses((status = 200, body = Organisation), (status = 401, body = ErrorBody)))]
async fn get_organisation(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Organisation>> {
    Ok(Json(organisation::get(&state, &caller).await?))
}

/// Changes the organisation's settings: its IANA time zone (admins).
#[utoipa::path(put, path = "/api/v1/organisation", tag = "organisation",
    request_body = OrganisationSettings,
    responses((status = 200, body = Organisation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_organisation(
    State(state): State<AppState>,
    caller: Caller,
    Json(settings): Json<OrganisationSettings>,
) -> Result<Json<Organisation>> {
    Ok(Json(organisation::update(&state, &caller, settings).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_organisation, put_organisation))
}
