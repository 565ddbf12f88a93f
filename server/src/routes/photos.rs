//! Evidence photos: upload (raw body) and renditions.

use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::evidence::Rendition;
use crate::evidence::slots::{ReadError, Refused};
use crate::extract::{Json, Path, body_read_error};
use crate::http::client_ip::ClientIp;
use crate::service::photos::{self, Uploaded};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::photo::Photo;
use utoipa_axum::{router::OpenApiRouter, routes};

/// A photo's bytes, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PhotoBytes(pub Vec<u8>);

/// How long an upload waits for a slot before the server answers 503 with Retry-After.
const UPLOAD_SLOT_WAIT: Duration = Duration::from_secs(10);

/// Uploads a photo: the raw JPEG, PNG or WebP bytes as the body (the content type is not
/// trusted; the bytes are sniffed). Keyed by the sha256 of the bytes: the same photo again is
/// 200 with the stored photo, nothing stored twice.
#[utoipa::path(post, path = "/api/v1/photos", tag = "photos",
    request_body(description = "The photo's bytes (JPEG, PNG or WebP)",
        content((PhotoBytes = "image/jpeg"), (PhotoBytes = "image/png"), (PhotoBytes = "image/webp"),
            (PhotoBytes = "application/octet-stream"))),
    responses((status = 201, body = Photo), (status = 200, body = Photo), (status = 403, body = ErrorBody),
        (status = 408, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn post_photo(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Photo>)> {
    let limit = state.config.evidence.max_photo_bytes;
    // Refused before a byte is read when the client declares the size…
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(Error::PayloadTooLarge);
    }
    // Bodies are buffered a bounded number at a time, a few per user; a flood waits, then
    // gets 503, and the slowest upload may be cut for a new one (evidence::slots).
    let slot = state
        .evidence
        .uploads
        .acquire(caller.user_id, ip, UPLOAD_SLOT_WAIT)
        .await
        // Over one's share or not: busy, retry (503 with Retry-After), as clients retry it.
        .map_err(|_: Refused| Error::Unavailable)?;
    // …and while reading otherwise: the stream stops at the limit (crate::http).
    let bytes = slot.read(body).await.map_err(|e| match e {
        ReadError::Body(e) => body_read_error(&e),
        ReadError::Cut => Error::TooSlow,
    })?;
    let (uploaded, photo) = photos::upload(&state, &caller, bytes).await?;
    let status = match uploaded {
        Uploaded::New => StatusCode::CREATED,
        Uploaded::Existing => StatusCode::OK,
    };
    Ok((status, Json(photo)))
}

/// A rendition of a photo: `display` (JPEG, ≤ 1600 px), `thumb` (JPEG, ≤ 320 px), both
/// without metadata, or `original` (as uploaded; not for managers). Served to the uploader and
/// to those who may see an audit using the photo.
#[utoipa::path(get, path = "/api/v1/photos/{sha256}/{rendition}", tag = "photos",
    params(("sha256" = String, Path, description = "sha256 of the photo"),
        ("rendition" = String, Path, description = "`display`, `thumb` or `original`")),
    responses((status = 200, description = "The rendition; `display` and `thumb` are always JPEG",
            content((PhotoBytes = "image/jpeg"), (PhotoBytes = "image/png"), (PhotoBytes = "image/webp"))),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((sha256, rendition)): Path<(String, String)>,
) -> Result<Response> {
    let rendition = Rendition::parse(&rendition).ok_or(Error::NotFound("rendition"))?;
    let (mime, bytes) = photos::read(&state, &caller, &sha256, rendition).await?;
    let disposition = format!(
        "{}; filename=\"{}-{}.{}\"",
        if rendition == Rendition::Original {
            "attachment"
        } else {
            "inline"
        },
        sha256.get(..12).unwrap_or_default(),
        rendition.as_str(),
        mime.rsplit('/').next().unwrap_or("bin"),
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // Content-addressed: the bytes behind this URL never change, but they are not public.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The handler reads the raw body with the photo limit itself; `DefaultBodyLimit` (the
        // JSON limit) only binds extractors such as `Json`, which this route does not use.
        .routes(routes!(post_photo))
        .routes(routes!(get_photo))
}
