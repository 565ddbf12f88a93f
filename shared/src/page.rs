//! Cursor pagination.

use serde::{Deserialize, Serialize};

/// One page of a listing. Pass `next_cursor` back as `cursor` to get the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Opaque cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Default and maximum page sizes.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page a caller may ask for.
pub const MAX_LIMIT: u32 = 500;
