//! Users: accounts, roles and the clients they serve.

use super::{from_flag, from_ms, now_ms, paginate, parse_id};
use crate::error::{Error, Result, ResultExt};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use std::collections::HashMap;
use touchstone_shared::user::{Role, User};
use uuid::Uuid;

#[derive(FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    role: String,
    disabled: i64,
    created_at: i64,
}

impl UserRow {
    fn into_user(self, client_ids: Vec<Uuid>) -> Result<User> {
        Ok(User {
            id: parse_id(&self.id)?,
            email: self.email,
            name: self.name,
            role: Role::parse(&self.role)
                .ok_or_else(|| Error::internal(format!("stored role `{}`", self.role)))?,
            client_ids,
            disabled: from_flag(self.disabled),
            created_at: from_ms(self.created_at),
        })
    }
}

const USER_COLUMNS: &str = "id, email, name, role, disabled, created_at";

/// Fields of a new user.
pub struct NewUserRow<'a> {
    /// Id.
    pub id: Uuid,
    /// Organisation.
    pub org_id: Uuid,
    /// Email, already lower-cased.
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: &'a str,
}

/// Inserts a user; a taken email is a conflict.
pub async fn insert(conn: &mut AnyConnection, user: &NewUserRow<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
    )
    .bind(user.id.to_string())
    .bind(user.org_id.to_string())
    .bind(user.email)
    .bind(user.name)
    .bind(user.role.as_str())
    .bind(user.password_hash)
    .bind(now_ms())
    .execute(conn)
    .await
    .on_constraint("a user with this email already exists")?;
    Ok(())
}

/// Replaces the clients a manager may see.
pub async fn set_clients(
    conn: &mut AnyConnection,
    user_id: Uuid,
    client_ids: &[Uuid],
) -> Result<()> {
    sqlx::query("DELETE FROM user_clients WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    for client_id in client_ids {
        sqlx::query("INSERT INTO user_clients (user_id, client_id) VALUES ($1, $2)")
            .bind(user_id.to_string())
            .bind(client_id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What sign-in needs to know about an account.
#[derive(FromRow)]
pub struct LoginRow {
    /// User id.
    pub id: String,
    /// Organisation id.
    pub org_id: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Disabled users cannot sign in.
    pub disabled: i64,
}

/// Finds the account for an email address.
pub async fn find_login<'e>(
    ex: impl Executor<'e, Database = Any>,
    email: &str,
) -> Result<Option<LoginRow>> {
    Ok(
        sqlx::query_as("SELECT id, org_id, password_hash, disabled FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(ex)
            .await?,
    )
}

/// Clients of a user (managers' scope).
pub async fn client_ids<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
) -> Result<Vec<Uuid>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT client_id FROM user_clients WHERE user_id = $1 ORDER BY client_id",
    )
    .bind(user_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.iter().map(|s| parse_id(s)).collect()
}

/// One user of the organisation.
pub async fn get(conn: &mut AnyConnection, org_id: Uuid, user_id: Uuid) -> Result<User> {
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND id = $2"
    )))
    .bind(org_id.to_string())
    .bind(user_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let row = row.ok_or(Error::NotFound("user"))?;
    let clients = client_ids(&mut *conn, user_id).await?;
    row.into_user(clients)
}

/// A page of the organisation's users, by id.
pub async fn list(
    conn: &mut AnyConnection,
    org_id: Uuid,
    role: Option<Role>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<(Vec<User>, Option<String>)> {
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND id > $2 \
         AND ($3 = '' OR role = $3) ORDER BY id LIMIT $4"
    )))
    .bind(org_id.to_string())
    .bind(cursor.unwrap_or(""))
    .bind(role.map_or("", Role::as_str))
    .bind(limit + 1)
    .fetch_all(&mut *conn)
    .await?;
    let pairs: Vec<(String, String)> = sqlx::query_as(
        "SELECT uc.user_id, uc.client_id FROM user_clients uc \
         JOIN users u ON u.id = uc.user_id WHERE u.org_id = $1",
    )
    .bind(org_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut clients: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (user, client) in pairs {
        clients.entry(user).or_default().push(parse_id(&client)?);
    }
    let users = rows
        .into_iter()
        .map(|row| {
            let ids = clients.remove(&row.id).unwrap_or_default();
            row.into_user(ids)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(paginate(users, limit, |u| u.id.to_string()))
}

/// The active managers of a client, by name.
pub async fn managers_of(
    conn: &mut AnyConnection,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<Vec<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND role = 'manager' \
         AND disabled = 0 AND id IN (SELECT user_id FROM user_clients WHERE client_id = $2) \
         ORDER BY name, id"
    )))
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut managers = Vec::with_capacity(rows.len());
    for row in rows {
        let clients = client_ids(&mut *conn, parse_id(&row.id)?).await?;
        managers.push(row.into_user(clients)?);
    }
    Ok(managers)
}

/// Changes a user's fields; `None` leaves a field as it is.
pub async fn update(
    conn: &mut AnyConnection,
    org_id: Uuid,
    user_id: Uuid,
    name: Option<&str>,
    role: Option<Role>,
    disabled: Option<bool>,
    password_hash: Option<&str>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE users SET name = COALESCE($3, name), role = COALESCE($4, role), \
         disabled = COALESCE($5, disabled), password_hash = COALESCE($6, password_hash) \
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(user_id.to_string())
    .bind(name)
    .bind(role.map(Role::as_str))
    .bind(disabled.map(i64::from))
    .bind(password_hash)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("user"));
    }
    Ok(())
}
