//! The organisation's directory as staff and managers read it: clients, locations, users,
//! journeys and checklist versions.

use super::{ApiResult, all_pages, get, query};
use touchstone_shared::checklist::Checklist;
use touchstone_shared::client::Client;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::Location;
use touchstone_shared::user::{Role, User};
use uuid::Uuid;

/// `GET /clients`, every page: the clients the caller may see.
pub async fn clients() -> ApiResult<Vec<Client>> {
    all_pages("/clients").await
}

/// `GET /locations`, every page, of one client or of all the caller may see.
pub async fn locations(client_id: Option<Uuid>) -> ApiResult<Vec<Location>> {
    all_pages(&format!(
        "/locations{}",
        query(&[("client_id", client_id.map(|c| c.to_string()))])
    ))
    .await
}

/// `GET /users?role=…`, every page (staff only).
pub async fn users(role: Role) -> ApiResult<Vec<User>> {
    all_pages(&format!(
        "/users{}",
        query(&[("role", Some(role.as_str().to_owned()))])
    ))
    .await
}

/// `GET /clients/{id}/managers`: whom a corrective action may be assigned to.
pub async fn client_managers(client_id: Uuid) -> ApiResult<Vec<User>> {
    get(&format!("/clients/{client_id}/managers")).await
}

/// `GET /journeys/{id}`.
pub async fn journey(id: Uuid) -> ApiResult<Journey> {
    get(&format!("/journeys/{id}")).await
}

/// `GET /checklist-versions/{id}`: the checklist with that version.
pub async fn checklist_version(id: Uuid) -> ApiResult<Checklist> {
    get(&format!("/checklist-versions/{id}")).await
}

/// `GET /locations/{id}`.
pub async fn locations_one(id: Uuid) -> ApiResult<Location> {
    get(&format!("/locations/{id}")).await
}
