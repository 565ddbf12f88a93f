//! The consultant's journey and checklist builders and the checklist preview.

mod checklist_preview;
mod checklist_settings;
mod condition_picker;
mod item_editor;
mod kind_settings;
mod multi_select_settings;
mod other_kind_settings;
mod preview_item;
mod section_editor;
mod stage_editor;
mod touchpoint_row;

pub use checklist_preview::ChecklistPreview;
pub use checklist_settings::ChecklistSettings;
pub use condition_picker::ConditionPicker;
pub use item_editor::ItemEditor;
pub use kind_settings::KindSettings;
pub use preview_item::PreviewItem;
pub use section_editor::SectionEditor;
pub use stage_editor::StageEditor;
pub use touchpoint_row::TouchpointRow;
