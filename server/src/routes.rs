//! The HTTP layer: extract, authorise, call the application logic, respond. No SQL here.

pub mod actions;
pub mod assignments;
pub mod audits;
pub mod auth;
pub mod checklists;
pub mod clients;
pub mod exports;
pub mod health;
pub mod imports;
pub mod journeys;
pub mod locations;
pub mod organisation;
pub mod photos;
pub mod reports;
pub mod scorecards;
pub mod tokens;
pub mod users;

use crate::state::AppState;
use touchstone_shared::page::Page;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The OpenAPI document's header.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Touchstone API",
        description = "Mystery-shopping and touchpoint audits. Errors are \
            `{\"error\":{\"code\":\"…\",\"message\":\"…\",\"field\":\"…\"}}`. Authenticate with the \
            session cookie from `POST /api/v1/auth/login` or `Authorization: Bearer <token>`."
    ),
    components(schemas(touchstone_shared::error::ErrorBody)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(auth::router())
        .merge(tokens::router())
        .merge(users::router())
        .merge(clients::router())
        .merge(locations::router())
        .merge(organisation::router())
        .merge(journeys::router())
        .merge(checklists::router())
        .merge(assignments::router())
        .merge(audits::router())
        .merge(photos::router())
        .merge(scorecards::router())
        .merge(imports::router())
        .merge(exports::router())
        .merge(reports::router())
        .merge(actions::router())
}

/// A page from items and the next cursor.
pub fn page<T>((items, next_cursor): (Vec<T>, Option<String>)) -> Page<T> {
    Page { items, next_cursor }
}
