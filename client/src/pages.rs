//! Pages, one per route.

mod actions;
mod assignments;
mod audit;
mod audit_review;
mod drill_down;
mod home;
mod journey_map;
mod login;
mod not_found;
mod review_queue;
mod scorecard;

pub use actions::ActionsPage;
pub use assignments::AssignmentsPage;
pub use audit::AuditPage;
pub use audit_review::AuditReviewPage;
pub use drill_down::DrillDownPage;
pub use home::HomePage;
pub use journey_map::JourneyMapPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use review_queue::ReviewQueuePage;
pub use scorecard::ScorecardPage;
