//! Shareable links to one report, and opening them without an account.

use super::reports::pdf_response;
use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::http::client_ip::ClientIp;
use crate::service::share_links;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::share_link::{ShareLink, ShareLinkCreated, ShareLinkInput};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Header carrying a link's password.
const PASSWORD_HEADER: &str = "x-share-password";

/// Makes a read-only link to a client's report or to one approved audit's report, with an
/// expiry and optionally a password (admins and consultants). The answer's `path` holds the
/// link's secret and is shown only once.
#[utoipa::path(post, path = "/api/v1/share-links", tag = "reports", request_body = ShareLinkInput,
    responses((status = 201, body = ShareLinkCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_share_link(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ShareLinkInput>,
) -> Result<(StatusCode, Json<ShareLinkCreated>)> {
    let created = share_links::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The organisation's links, newest first, with how often each was opened (admins and
/// consultants).
#[utoipa::path(get, path = "/api/v1/share-links", tag = "reports",
    responses((status = 200, body = Vec<ShareLink>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_share_links(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ShareLink>>> {
    Ok(Json(share_links::list(&state, &caller).await?))
}

/// Revokes a link (admins and consultants); opening it answers 404 from then on.
#[utoipa::path(delete, path = "/api/v1/share-links/{id}", tag = "reports",
    params(("id" = Uuid, Path, description = "Link id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn revoke_share_link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    share_links::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The report a link shows, without an account; the password, if the link has one, in the
/// `X-Share-Password` header. An unknown, expired or revoked link is 404; a missing or
/// wrong password 403; guesses past the allowance, per address and per link, 429 with
/// `Retry-After`. Every open is logged.
#[utoipa::path(get, path = "/api/v1/shared/{secret}/report.pdf", tag = "reports",
    params(("secret" = String, Path, description = "The link's secret"),
        ("X-Share-Password" = Option<String>, Header, description = "The link's password")),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(()))]
async fn open_shared_report(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> Result<Response> {
    let password = headers
        .get(PASSWORD_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(pdf_response(
        share_links::open(&state, &secret, password, ip).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_share_link, list_share_links))
        .routes(routes!(revoke_share_link))
        .routes(routes!(open_shared_report))
}
