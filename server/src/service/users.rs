//! Managing the organisation's users.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::user::{NewUser, Role, USER_ADMINS, User, UserPatch};
use uuid::Uuid;

async fn check_clients(
    state: &AppState,
    caller: &Caller,
    role: Role,
    client_ids: &[Uuid],
) -> Result<()> {
    if role != Role::Manager && !client_ids.is_empty() {
        return Err(Error::invalid(
            "client_ids",
            "only managers are limited to clients",
        ));
    }
    for (i, client_id) in client_ids.iter().enumerate() {
        if !db::clients::exists(state.db.pool(), caller.org_id, *client_id).await? {
            return Err(Error::invalid(format!("client_ids[{i}]"), "no such client"));
        }
    }
    Ok(())
}

/// Creates a user (admins only).
pub async fn create(state: &AppState, caller: &Caller, input: NewUser) -> Result<User> {
    caller.require(USER_ADMINS)?;
    input.validate()?;
    check_clients(state, caller, input.role, &input.client_ids).await?;
    let hash = state.passwords.hash(input.password.clone()).await?;
    let user_id = Uuid::now_v7();
    let email = input.email.trim().to_lowercase();
    let mut tx = state.db.begin().await?;
    db::users::insert(
        &mut tx,
        &db::users::NewUserRow {
            id: user_id,
            org_id: caller.org_id,
            email: &email,
            name: input.name.trim(),
            role: input.role,
            password_hash: &hash,
        },
    )
    .await?;
    db::users::set_clients(&mut tx, user_id, &input.client_ids).await?;
    let user = db::users::get(&mut tx, caller.org_id, user_id).await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes a user (admins only). Disabling a user or changing their password ends their
/// sessions and API tokens (re-enabling brings none back).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    patch: UserPatch,
) -> Result<User> {
    caller.require(USER_ADMINS)?;
    patch.validate()?;
    let mut conn = state.db.pool().acquire().await?;
    let current = db::users::get(&mut conn, caller.org_id, user_id).await?;
    drop(conn);
    let role = patch.role.unwrap_or(current.role);
    if let Some(ids) = &patch.client_ids {
        check_clients(state, caller, role, ids).await?;
    }
    if user_id == caller.user_id
        && (patch.disabled == Some(true) || patch.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(Error::Conflict(
            "you cannot disable or demote yourself".into(),
        ));
    }
    let hash = match patch.password.clone() {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let mut tx = state.db.begin().await?;
    db::users::update(
        &mut tx,
        caller.org_id,
        user_id,
        patch.name.as_deref().map(str::trim),
        patch.role,
        patch.disabled,
        hash.as_deref(),
    )
    .await?;
    if let Some(ids) = &patch.client_ids {
        db::users::set_clients(&mut tx, user_id, ids).await?;
    } else if role != Role::Manager {
        db::users::set_clients(&mut tx, user_id, &[]).await?;
    }
    if patch.disabled == Some(true) || hash.is_some() {
        db::sessions::delete_user_sessions(&mut *tx, user_id).await?;
        db::tokens::delete_all(&mut *tx, user_id).await?;
    }
    let user = db::users::get(&mut tx, caller.org_id, user_id).await?;
    tx.commit().await?;
    Ok(user)
}
