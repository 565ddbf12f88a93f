//! Pages, one per route.

mod assignment_planner;
mod assignments;
mod audit;
mod checklist_builder;
mod client_report;
mod imports;
mod journey_builder;
mod login;
mod not_found;

pub use assignment_planner::AssignmentPlannerPage;
pub use assignments::AssignmentsPage;
pub use audit::AuditPage;
pub use checklist_builder::ChecklistBuilderPage;
pub use client_report::ClientReportPage;
pub use imports::ImportsPage;
pub use journey_builder::JourneyBuilderPage;
pub use login::LoginPage;
pub use not_found::NotFound;
