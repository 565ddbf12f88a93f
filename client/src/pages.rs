//! Pages, one per route.

mod assignments;
mod audit;
mod audit_review;
mod home;
mod login;
mod not_found;
mod review_queue;

pub use assignments::AssignmentsPage;
pub use audit::AuditPage;
pub use audit_review::AuditReviewPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use review_queue::ReviewQueuePage;
