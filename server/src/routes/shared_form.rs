//! Opening a password-protected shared link from a browser: a plain link cannot send the
//! `X-Share-Password` header, so its recipient types the password on a small server-made
//! page and the form posts it; the answer is the report, like the header route's.

use super::reports::pdf_response;
use crate::error::{Error, Result};
use crate::extract::Path;
use crate::http::client_ip::ClientIp;
use crate::service::share_links;
use crate::state::AppState;
use axum::Form;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The form's fields.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct PasswordForm {
    /// The link's password.
    #[serde(default)]
    pub password: String,
}

/// The password page; `wrong` adds the sentence saying the last try failed.
fn page(wrong: bool) -> Html<String> {
    let notice = if wrong {
        r#"<p role="alert">That password is not right. Try again.</p>"#
    } else {
        ""
    };
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Shared report</title><link rel="stylesheet" href="/style.css"></head>
<body><main class="page"><h1>Shared report</h1>
<p>This report is protected by a password. Type the password you were given to open it.</p>{notice}
<form method="post"><label class="field-label" for="password">Password</label>
<input class="field" id="password" name="password" type="password" autocomplete="off" required autofocus>
<p><button class="btn primary" type="submit">Open the report</button></p></form></main></body></html>"#
    ))
}

/// The page on which a shared link's recipient types its password (without an account); the
/// form posts to the same address. `?wrong`: the last password was not right.
#[utoipa::path(get, path = "/api/v1/shared/{secret}/open", tag = "reports",
    params(("secret" = String, Path, description = "The link's secret")),
    responses((status = 200, description = "The password page", content_type = "text/html", body = String)),
    security(()))]
async fn password_page(Path(_secret): Path<String>, RawQuery(query): RawQuery) -> Html<String> {
    page(query.as_deref() == Some("wrong"))
}

/// The report a password-protected link shows, the password sent by the page's form. An
/// unknown, expired or revoked link is 404; a wrong password sends the browser back to the
/// page, saying so (303 to `open?wrong`); guesses past the allowance, per address and per
/// link, 429 with `Retry-After`. Every open is logged.
#[utoipa::path(post, path = "/api/v1/shared/{secret}/open", tag = "reports",
    params(("secret" = String, Path, description = "The link's secret")),
    request_body(content = PasswordForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 303, description = "The password was wrong: back to the page, saying so"),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(()))]
async fn open_with_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(secret): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response> {
    match share_links::open(&state, &secret, Some(form.password), ip).await {
        Ok(report) => Ok(pdf_response(report)),
        Err(Error::Forbidden(_)) => {
            Ok(Redirect::to(&format!("/api/v1/shared/{secret}/open?wrong")).into_response())
        }
        Err(e) => Err(e),
    }
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(password_page, open_with_password))
}
