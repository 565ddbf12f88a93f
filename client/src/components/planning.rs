//! Planning visits: the form that makes assignments and the listing of a client's assignments.

mod assignment_list;
mod plan_form;

pub use assignment_list::AssignmentList;
pub use plan_form::PlanForm;
