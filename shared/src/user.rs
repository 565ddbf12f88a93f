//! Users, roles and sign-in.

use crate::api_type;
use crate::error::{FieldError, Valid, check_optional_date, require_name, require_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a user may do inside their organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, roles, organisation settings, and everything a consultant does.
    Admin,
    /// Sets up clients, journeys, locations, checklists; assigns and reviews audits.
    Consultant,
    /// A client's operations manager: scorecards and approved audits of their clients.
    Manager,
    /// Field auditor: own assignments and audits only.
    Auditor,
}

impl Role {
    /// Every role, in order of privilege.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Consultant, Role::Manager, Role::Auditor];

    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consultant => "consultant",
            Role::Manager => "manager",
            Role::Auditor => "auditor",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The agency's staff: admins and consultants set up clients, assign and review audits,
    /// and see every client of the organisation (and audits' proof-of-visit flags).
    pub const STAFF: &[Role] = &[Role::Admin, Role::Consultant];

    /// Staff and the clients' managers: who reads a client's set-up (clients, locations,
    /// journeys, checklists) and works on corrective actions; managers only their clients'.
    pub const STAFF_AND_MANAGERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Manager];

    /// Staff and auditors: who reads assignments; auditors only their own.
    pub const STAFF_AND_AUDITORS: &[Role] = &[Role::Admin, Role::Consultant, Role::Auditor];

    /// Shoppers of the panel: the job board, certification quizzes, their profile and
    /// earnings.
    pub const SHOPPERS: &[Role] = &[Role::Auditor];

    /// Whether the role is one of [`Role::STAFF`].
    pub fn is_staff(self) -> bool {
        Role::STAFF.contains(&self)
    }
}

api_type! {
    /// Credentials for `POST /api/v1/auth/login`.
    #[serde(deny_unknown_fields)]
    pub struct LoginRequest {
        /// Email address.
        pub email: String,
        /// Password.
        pub password: String,
    }

    /// The signed-in user.
    pub struct Me {
        /// The user.
        pub user: User,
        /// Id of the organisation.
        pub organisation_id: Uuid,
        /// Name of the organisation.
        pub organisation_name: String,
        /// The organisation's IANA time zone: picked days are days in it, times are shown in it.
        #[serde(default = "crate::organisation::default_time_zone")]
        pub time_zone: String,
    }

    /// A user of the organisation.
    pub struct User {
        /// Id.
        pub id: Uuid,
        /// Email address (unique across Touchstone).
        pub email: String,
        /// Display name.
        pub name: String,
        /// Role.
        pub role: Role,
        /// Clients a manager may see; empty for other roles.
        pub client_ids: Vec<Uuid>,
        /// A disabled user cannot sign in and has no sessions.
        pub disabled: bool,
        /// Creation time.
        pub created_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/users`.
    #[serde(deny_unknown_fields)]
    pub struct NewUser {
        /// Email address.
        pub email: String,
        /// Display name.
        pub name: String,
        /// Role.
        pub role: Role,
        /// Initial password, at least 10 characters.
        pub password: String,
        /// Clients a manager may see.
        #[serde(default)]
        pub client_ids: Vec<Uuid>,
    }

    /// Body of `PATCH /api/v1/users/{id}`; absent fields are left as they are.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct UserPatch {
        /// New display name.
        #[serde(default)]
        pub name: Option<String>,
        /// New role.
        #[serde(default)]
        pub role: Option<Role>,
        /// New client scope for a manager.
        #[serde(default)]
        pub client_ids: Option<Vec<Uuid>>,
        /// Disable (ends every session) or re-enable.
        #[serde(default)]
        pub disabled: Option<bool>,
        /// New password, at least 10 characters.
        #[serde(default)]
        pub password: Option<String>,
    }

    /// Body of `POST /api/v1/tokens`.
    #[serde(deny_unknown_fields)]
    pub struct NewApiToken {
        /// What the token is for.
        pub name: String,
        /// When the token stops working; never when absent.
        #[serde(default)]
        pub expires_at: Option<DateTime<Utc>>,
    }

    /// A bearer token for integrations; the secret is shown once, at creation.
    pub struct ApiToken {
        /// Id.
        pub id: Uuid,
        /// What the token is for.
        pub name: String,
        /// The secret, for `Authorization: Bearer …`; only in the creation response.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub secret: Option<String>,
        /// Creation time.
        pub created_at: DateTime<Utc>,
        /// When the token stops working; never when absent.
        #[serde(default)]
        pub expires_at: Option<DateTime<Utc>>,
        /// When the token was last used (to the minute); never when absent.
        #[serde(default)]
        pub last_used_at: Option<DateTime<Utc>>,
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

fn validate_password(field: &str, password: &str) -> Valid {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            field,
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if n > 256 {
        return Err(FieldError::new(field, "must be at most 256 characters"));
    }
    Ok(())
}

fn validate_email(email: &str) -> Valid {
    require_text("email", email, 254)?;
    let ok = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "email",
            "must be an email address such as ana@example.com",
        ))
    }
}

impl NewUser {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        validate_email(&self.email)?;
        require_name("name", &self.name, 200)?;
        validate_password("password", &self.password)
    }
}

impl UserPatch {
    /// Checks the fields that are present.
    pub fn validate(&self) -> Valid {
        if let Some(name) = &self.name {
            require_name("name", name, 200)?;
        }
        if let Some(password) = &self.password {
            validate_password("password", password)?;
        }
        Ok(())
    }
}

impl NewApiToken {
    /// Checks the fields before anything is stored; `now` is when the token is made (an
    /// expiry must lie after it).
    pub fn validate(&self, now: DateTime<Utc>) -> Valid {
        require_name("name", &self.name, 200)?;
        check_optional_date("expires_at", &self.expires_at)?;
        if self.expires_at.is_some_and(|at| at <= now) {
            return Err(FieldError::new("expires_at", "must be in the future"));
        }
        Ok(())
    }
}

/// Roles that manage users, and any user's tokens and credentials.
pub const USER_ADMINS: &[Role] = &[Role::Admin];
