//! Application logic: what a request means, between the HTTP layer and the database layer.

pub mod actions;
pub mod assignments;
pub mod audits;
pub mod certifications;
pub mod checklists;
pub mod clients;
pub mod eligibility;
pub mod exports;
pub mod imports;
pub mod jobs;
pub mod journeys;
pub mod locations;
pub mod organisation;
pub mod pay;
pub mod photos;
pub mod proof_of_visit;
pub mod reports;
pub mod scorecards;
pub mod sessions;
pub mod setup;
pub mod shoppers;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod waves;
