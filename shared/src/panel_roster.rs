//! Staff's list of the shopper panel.

use crate::api_type;
use uuid::Uuid;

api_type! {
    /// One shopper of `GET /api/v1/shoppers`.
    pub struct ShopperSummary {
        /// The user.
        pub user_id: Uuid,
        /// Display name.
        pub name: String,
        /// Rating, 0–5.
        pub rating: f64,
        /// Staff's note on the rating.
        pub rating_note: String,
        /// Certifications passed.
        pub certifications: u32,
        /// Jobs whose audit is approved.
        pub jobs_done: u32,
        /// Jobs counted late (past due without a submitted audit).
        pub late: u32,
    }
}
