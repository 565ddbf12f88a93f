//! Pages, one per route.

mod actions;
mod assignment_planner;
mod assignments;
mod audit;
mod audit_review;
mod checklist_builder;
mod client_report;
mod drill_down;
mod home;
mod imports;
mod journey_builder;
mod journey_map;
mod not_found;
mod office_handoff;
mod organisation_settings;
mod review_queue;
mod review_tools;
mod scorecard;

pub use actions::ActionsPage;
pub use assignment_planner::AssignmentPlannerPage;
pub use assignments::AssignmentsPage;
pub use audit::AuditPage;
pub use audit_review::AuditReviewPage;
pub use checklist_builder::ChecklistBuilderPage;
pub use client_report::ClientReportPage;
pub use drill_down::DrillDownPage;
pub use home::HomePage;
pub use imports::ImportsPage;
pub use journey_builder::JourneyBuilderPage;
pub use journey_map::JourneyMapPage;
pub use not_found::NotFound;
pub use office_handoff::OfficeHandoff;
pub use organisation_settings::OrganisationSettingsPage;
pub use review_queue::ReviewQueuePage;
pub use review_tools::ReviewToolsPage;
pub use scorecard::ScorecardPage;
