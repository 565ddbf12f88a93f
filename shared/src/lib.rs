//! Touchstone's shared core: the types that cross the wire, their validation, the scoring
//! engine and the proof-of-visit checks. No I/O; builds for native targets and `wasm32`.
//!
//! The server stores what [`scoring::score_audit`] returns and the client shows the same
//! function's result as the live score, so the two can never disagree.

pub mod action;
pub mod answer_types;
pub mod assignment;
pub mod audit;
pub mod audit_edit;
pub mod bench_case;
pub mod bulk_review;
pub mod calendar;
pub mod certification;
pub mod checklist;
pub mod client;
pub mod condition;
pub mod error;
pub mod import;
pub mod journey;
pub mod location;
pub mod multi_select;
pub mod notification;
pub mod organisation;
pub mod page;
pub mod panel;
pub mod panel_profile;
pub mod panel_roster;
pub mod pay;
pub mod photo;
pub mod queue;
pub mod report_schedule;
pub mod requirement;
pub mod review_comment;
pub mod score_range;
pub mod scorecard;
pub mod scoring;
pub mod share_link;
#[cfg(test)]
mod test_support;
pub mod transition;
pub mod user;
pub mod verify;
pub mod webhook;

/// Derives `utoipa::ToSchema` only when the `openapi` feature is on, so the wasm client does
/// not compile the OpenAPI machinery.
macro_rules! api_type {
    ($($item:item)*) => {
        $(
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
            $item
        )*
    };
}
pub(crate) use api_type;
