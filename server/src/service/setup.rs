//! Creating an organisation with its first administrator.

use crate::db;
use crate::error::Result;
use crate::service::organisation;
use crate::state::AppState;
use touchstone_shared::user::{NewUser, Role};
use uuid::Uuid;

/// A new organisation's ids.
#[derive(Debug, Clone, Copy)]
pub struct NewOrganisation {
    /// The organisation.
    pub org_id: Uuid,
    /// Its first administrator.
    pub admin_id: Uuid,
}

/// Creates an organisation and its first administrator.
pub async fn create_organisation(
    state: &AppState,
    org_name: &str,
    time_zone: &str,
    admin: NewUser,
) -> Result<NewOrganisation> {
    admin.validate()?;
    touchstone_shared::error::require_text("organisation", org_name, 200)?;
    let time_zone = organisation::zone(time_zone)?;
    let hash = state.passwords.hash(admin.password.clone()).await?;
    let org_id = Uuid::now_v7();
    let admin_id = Uuid::now_v7();
    let email = admin.email.trim().to_lowercase();
    let mut tx = state.db.begin().await?;
    db::organisations::insert(&mut tx, org_id, org_name.trim(), time_zone.name()).await?;
    db::users::insert(
        &mut tx,
        &db::users::NewUserRow {
            id: admin_id,
            org_id,
            email: &email,
            name: admin.name.trim(),
            role: Role::Admin,
            password_hash: &hash,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(NewOrganisation { org_id, admin_id })
}
