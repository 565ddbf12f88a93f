//! The consultant's editors as plain data operations, apart from the UI so they can be
//! tested without a page: reordering, adding and removing parts of journeys and checklists,
//! what a new item of each kind starts with, and the inputs of the planning forms.
//!
//! Every operation takes indices as the UI shows them and ignores ones out of range, so a
//! double click on a stale button cannot panic. `checklist_session` holds the checklist
//! builder's state as signals, so its page only renders.

pub mod checklist;
pub mod checklist_session;
pub mod condition;
pub mod journey;
pub mod list;
pub mod plan;
