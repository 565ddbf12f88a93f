//! The organisation (tenant) and its settings.

use crate::api_type;
use crate::error::{Valid, require_text};
use uuid::Uuid;

/// The zone of an organisation that has not chosen one.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

api_type! {
    /// The caller's organisation, from `GET /api/v1/organisation`.
    pub struct Organisation {
        /// Id.
        pub id: Uuid,
        /// Name.
        pub name: String,
        /// IANA time zone (e.g. `Europe/London`): the days a person picks are days in it, and
        /// pages, reports and exports show times in it.
        pub time_zone: String,
    }

    /// Body of `PUT /api/v1/organisation` (admins).
    #[serde(deny_unknown_fields)]
    pub struct OrganisationSettings {
        /// IANA time zone name.
        pub time_zone: String,
    }
}

impl OrganisationSettings {
    /// Checks what `shared` can; the server also checks the name against the IANA list.
    pub fn validate(&self) -> Valid {
        require_text("time_zone", &self.time_zone, 64)
    }
}

/// `DEFAULT_TIME_ZONE`, for serde defaults.
pub fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_owned()
}
