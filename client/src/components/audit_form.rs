//! The auditor's audit form: check-in, one field per item, progress, touchpoint steps, submit.

mod changed_mark;
mod check_in_panel;
mod item_field;
mod progress_bar;
mod submit_panel;
mod touchpoint_nav;
mod touchpoint_note_field;

pub use changed_mark::{ChangedMark, ReviewerEdits};
pub use check_in_panel::CheckInPanel;
pub use item_field::ItemField;
pub use progress_bar::ProgressBar;
pub use submit_panel::SubmitPanel;
pub use touchpoint_nav::TouchpointNav;
pub use touchpoint_note_field::TouchpointNoteField;
