//! Extractors that answer bad input with the API's error envelope instead of axum's text.

use crate::error::Error;
use crate::http::min_rate::TooSlow;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON body or response. Rejections name the offending field.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Error::UnsupportedMediaType(
                "send the body as JSON with `Content-Type: application/json`".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        parse_json(&bytes).map(Json)
    }
}

/// Parses a JSON document, reporting the path of the first offending field. NUL characters
/// are refused outright: no text field needs one, and PostgreSQL cannot store them.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    if contains_escaped_nul(bytes) {
        return Err(Error::bad_request(
            "text must not contain NUL characters (\\u0000)",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = (path != ".").then_some(path);
        Error::BadRequest {
            message: format!("the JSON body is not valid: {inner}"),
            field,
        }
    })?;
    de.end()
        .map_err(|e| Error::bad_request(format!("the JSON body is not valid: {e}")))?;
    Ok(value)
}

fn contains_escaped_nul(bytes: &[u8]) -> bool {
    bytes
        .windows(6)
        .any(|w| w[0] == b'\\' && (w[1] == b'u' || w[1] == b'U') && &w[2..] == b"0000")
}

/// Maps a failure to read the body (most often: over the size limit).
pub fn body_rejection(rejection: BytesRejection) -> Error {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Error::PayloadTooLarge
    } else if caused_by::<TooSlow>(&rejection) {
        Error::TooSlow
    } else {
        Error::bad_request(rejection.body_text())
    }
}

/// Maps a failure to read a raw body: over the size limit (413), too slow (408), or broken.
pub fn body_read_error(e: &(dyn std::error::Error + 'static)) -> Error {
    if caused_by::<http_body_util::LengthLimitError>(e) {
        Error::PayloadTooLarge
    } else if caused_by::<TooSlow>(e) {
        Error::TooSlow
    } else {
        Error::bad_request(format!("the body could not be read: {e}"))
    }
}

/// Whether `E` is in the error's chain of sources.
fn caused_by<E: std::error::Error + 'static>(e: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(e), |e| e.source()).any(|e| e.is::<E>())
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Query string parameters, rejected with the API's envelope.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        if query.contains("%00") || query.contains('\0') {
            return Err(Error::bad_request(
                "query parameters must not contain NUL characters",
            ));
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e: QueryRejection| Error::bad_request(e.body_text()))
    }
}

/// Path parameters, rejected with the API's envelope (a malformed id is a 404: nothing has it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|e: PathRejection| match e {
                PathRejection::FailedToDeserializePathParams(_) => Error::NotFound("resource"),
                other => Error::bad_request(other.body_text()),
            })
    }
}
