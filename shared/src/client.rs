//! Clients: the brands an organisation audits.

use crate::api_type;
use crate::error::{FieldError, Valid, require_name};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Pass mark used when a client sets none, in percent.
pub const DEFAULT_TARGET_PERCENT: f64 = 80.0;

api_type! {
    /// A brand the organisation audits.
    pub struct Client {
        /// Id.
        pub id: Uuid,
        /// Brand name.
        pub name: String,
        /// Pass mark in percent: an audit or touchpoint at or above it passes.
        pub target_percent: f64,
        /// Creation time.
        pub created_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/clients` and `PUT /api/v1/clients/{id}`.
    #[serde(deny_unknown_fields)]
    pub struct ClientInput {
        /// Brand name.
        pub name: String,
        /// Pass mark in percent (default 80).
        #[serde(default = "default_target")]
        pub target_percent: f64,
    }
}

fn default_target() -> f64 {
    DEFAULT_TARGET_PERCENT
}

impl ClientInput {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        require_name("name", &self.name, 200)?;
        if !(0.0..=100.0).contains(&self.target_percent) {
            return Err(FieldError::new(
                "target_percent",
                "must be between 0 and 100",
            ));
        }
        Ok(())
    }
}
