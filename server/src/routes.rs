//! The HTTP layer: extract, authorise, call the application logic, respond. No SQL here.

pub mod actions;
pub mod assignments;
pub mod audit_edits;
pub mod audits;
pub mod auth;
pub mod bulk_review;
pub mod checklists;
pub mod clients;
pub mod exports;
pub mod health;
pub mod imports;
pub mod journeys;
pub mod locations;
pub mod notifications;
pub mod organisation;
pub mod panel;
pub mod pay;
pub mod photos;
pub mod report_schedules;
pub mod reports;
pub mod review_comments;
pub mod scorecards;
pub mod share_links;
pub mod shared_form;
pub mod tokens;
pub mod users;
pub mod webhooks;

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
        .merge(audit_edits::router())
        .merge(bulk_review::router())
        .merge(photos::router())
        .merge(scorecards::router())
        .merge(imports::router())
        .merge(exports::router())
        .merge(reports::router())
        .merge(report_schedules::router())
        .merge(review_comments::router())
        .merge(share_links::router())
        .merge(shared_form::router())
        .merge(actions::router())
        .merge(notifications::router())
        .merge(panel::router())
        .merge(pay::router())
        .merge(webhooks::router())
}

/// Adds to every operation the error answers the extractors and middleware give whatever
/// the handler: a body can be malformed (400), too large (413), of the wrong media type
/// (415) or conflict with a unique value (409); a path id malformed or unknown (404); a query
/// malformed (400) or too long (414).
/// Each handler documents only what it decides itself.
pub fn document_common_errors(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    let error = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                )
                .build(),
        )
    };
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let located = |place: ParameterIn| {
                operation.parameters.iter().flatten().any(|p| match p {
                    RefOr::T(p) => p.parameter_in == place,
                    RefOr::Ref(_) => false,
                })
            };
            let mut answers = Vec::new();
            if operation.request_body.is_some() {
                answers.extend([("400", "malformed body"), ("413", "body too large")]);
                answers.push(("415", "unsupported media type"));
                // A unique value taken (a location code, an e-mail) is a conflict.
                answers.push(("409", "conflicts with the current state or a unique value"));
            }
            if located(ParameterIn::Path) {
                answers.push(("404", "no such resource (or a malformed id)"));
            }
            if located(ParameterIn::Query) {
                answers.extend([("400", "malformed query"), ("414", "URI too long")]);
            }
            for (status, description) in answers {
                let responses = &mut operation.responses.responses;
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description));
            }
        }
    }
}

/// A page from items and the next cursor.
pub fn page<T>((items, next_cursor): (Vec<T>, Option<String>)) -> Page<T> {
    Page { items, next_cursor }
}
