//! The caller's API tokens for integrations.

use super::{ApiResult, Body, json, send, to_json};
use touchstone_shared::user::{ApiToken, NewApiToken};
use uuid::Uuid;

/// `GET /tokens`: the caller's tokens, with expiry and last use.
pub async fn tokens() -> ApiResult<Vec<ApiToken>> {
    json(send("GET", "/tokens", Body::None).await?).await
}

/// `POST /tokens`: a new token; its secret is in this answer only.
pub async fn create_token(input: &NewApiToken) -> ApiResult<ApiToken> {
    json(send("POST", "/tokens", Body::Json(to_json(input)?)).await?).await
}

/// `DELETE /tokens/{id}`: revokes one of the caller's tokens.
pub async fn revoke_token(id: Uuid) -> ApiResult<()> {
    send("DELETE", &format!("/tokens/{id}"), Body::None).await?;
    Ok(())
}
