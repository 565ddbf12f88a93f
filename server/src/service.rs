//! Application logic: what a request means, between the HTTP layer and the database layer.

pub mod actions;
pub mod assignments;
pub mod audit_edits;
pub mod audit_report;
pub mod audits;
pub mod bulk_review;
pub mod checklists;
pub mod clients;
pub mod exports;
pub mod imports;
pub mod journeys;
pub mod locations;
pub mod organisation;
pub mod photos;
pub mod proof_of_visit;
pub mod report_schedules;
pub mod reports;
pub mod review_comments;
pub mod scorecards;
pub mod sessions;
pub mod setup;
pub mod share_links;
pub mod throttle;
pub mod tokens;
pub mod users;
