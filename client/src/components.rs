//! UI components, one per file.

mod app_header;
mod check_in_panel;
mod item_field;
mod option_group;
mod photo_strip;
mod photo_thumb;
mod progress_bar;
mod score_badge;
mod submit_panel;
mod sync_indicator;
mod touchpoint_nav;
mod touchpoint_note_field;

pub use app_header::AppHeader;
pub use check_in_panel::CheckInPanel;
pub use item_field::ItemField;
pub use option_group::OptionGroup;
pub use photo_strip::PhotoStrip;
pub use photo_thumb::PhotoThumb;
pub use progress_bar::ProgressBar;
pub use score_badge::ScoreBadge;
pub use submit_panel::SubmitPanel;
pub use sync_indicator::SyncIndicator;
pub use touchpoint_nav::TouchpointNav;
pub use touchpoint_note_field::TouchpointNoteField;
