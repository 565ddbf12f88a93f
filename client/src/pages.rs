//! Pages, one per route.

mod assignments;
mod audit;
mod login;
mod not_found;

pub use assignments::AssignmentsPage;
pub use audit::AuditPage;
pub use login::LoginPage;
pub use not_found::NotFound;
