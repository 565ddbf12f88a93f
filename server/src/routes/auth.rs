//! Signing in and out.

use crate::auth::{Caller, SESSION_COOKIE, session_secret};
use crate::error::Result;
use crate::extract::Json;
use crate::http::client_ip::ClientIp;
use crate::service::sessions;
use crate::state::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::user::{LoginRequest, Me};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The session cookie a request came with, if any.
struct PreviousSession(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for PreviousSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PreviousSession(session_secret(parts)))
    }
}

fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> Result<HeaderValue> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .map_err(crate::error::Error::internal)
}

/// Signs in with email and password; sets the session cookie. A new session id every time.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn post_login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    PreviousSession(previous): PreviousSession,
    Json(request): Json<LoginRequest>,
) -> Result<Response> {
    let signed_in = sessions::login(&state, request, client, previous).await?;
    let cookie = session_cookie(&state, &signed_in.secret, state.config.session_hours * 3600)?;
    let mut response = Json(signed_in.me).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn post_logout(State(state): State<AppState>, caller: Caller) -> Result<Response> {
    sessions::logout(&state, &caller).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0)?);
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn get_me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>> {
    Ok(Json(sessions::me(&state, &caller).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_login))
        .routes(routes!(post_logout))
        .routes(routes!(get_me))
}
