//! Reviewing an audit: answers with evidence, flags, the trail, corrective actions,
//! reviewers' corrections, the comment library and shareable links.

mod action_card;
mod action_form;
mod answer_editor;
mod answer_row;
mod audit_editor;
mod audit_trail;
mod bulk_review_bar;
mod comment_library;
mod comment_picker;
pub(crate) mod evidence_photo;
pub(crate) mod flag_list;
mod report_schedules;
mod share_links;

pub use action_card::ActionCard;
pub use action_form::ActionForm;
pub use answer_editor::AnswerEditor;
pub use answer_row::AnswerRow;
pub use audit_editor::AuditEditor;
pub use audit_trail::AuditTrail;
pub use bulk_review_bar::BulkReviewBar;
pub use comment_library::CommentLibrary;
pub use comment_picker::CommentPicker;
pub use evidence_photo::EvidencePhoto;
pub use flag_list::FlagList;
pub use report_schedules::ReportSchedules;
pub use share_links::{ShareLinks, ShareTarget};
