//! Small controls shared by several features: option groups, selects, day ranges, move buttons, photos, scores.

mod day_range;
mod download_progress;
mod emotion_face;
pub(crate) mod move_buttons;
mod option_group;
mod photo_strip;
mod photo_thumb;
mod row_problems;
mod score_badge;
mod select_field;

pub use day_range::DayRange;
pub use download_progress::DownloadProgress;
pub use emotion_face::{EmotionFace, emotion_icon};
pub use move_buttons::MoveButtons;
pub use option_group::OptionGroup;
pub use photo_strip::PhotoStrip;
pub use photo_thumb::PhotoThumb;
pub use row_problems::RowProblems;
pub use score_badge::ScoreBadge;
pub use select_field::SelectField;
