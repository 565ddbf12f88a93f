//! Signing in and out.

use crate::auth::{Caller, DEVICE_COOKIE, DEVICE_PATH, SESSION_COOKIE, cookie, session_secret};
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

/// The session and device cookies a request came with, if any.
struct SignInCookies {
    session: Option<String>,
    device: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for SignInCookies {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(SignInCookies {
            session: session_secret(parts),
            device: cookie(parts, DEVICE_COOKIE),
        })
    }
}

/// How long a device is remembered: a year.
const DEVICE_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    path: &str,
    max_age_secs: i64,
) -> Result<HeaderValue> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .map_err(crate::error::Error::internal)
}

fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> Result<HeaderValue> {
    set_cookie(state, SESSION_COOKIE, value, "/", max_age_secs)
}

/// Signs in with email and password; sets the session cookie (a new session id every time)
/// and, on a device new to the account, a device cookie (`ts_device`, sent only to the
/// sign-in routes) that lets the account's password through from this device whatever
/// others guess. Attempts are throttled per account and address (429 with `Retry-After`);
/// 503 with `Retry-After` when too many sign-ins are being checked at once.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn post_login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    cookies: SignInCookies,
    Json(request): Json<LoginRequest>,
) -> Result<Response> {
    let context = sessions::Context {
        ip,
        previous_session: cookies.session,
        device: cookies.device,
    };
    let signed_in = sessions::login(&state, request, context).await?;
    let cookie = session_cookie(&state, &signed_in.secret, state.config.session_hours * 3600)?;
    let mut response = Json(signed_in.me).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    if let Some(device) = &signed_in.new_device {
        let cookie = set_cookie(
            &state,
            DEVICE_COOKIE,
            device,
            DEVICE_PATH,
            DEVICE_MAX_AGE_SECS,
        )?;
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
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
