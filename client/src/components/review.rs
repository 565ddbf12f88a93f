//! Reviewing an audit: answers with evidence, flags, the trail, corrective actions.

mod action_card;
mod action_form;
mod answer_row;
mod audit_trail;
pub(crate) mod evidence_photo;
pub(crate) mod flag_list;

pub use action_card::ActionCard;
pub use action_form::ActionForm;
pub use answer_row::AnswerRow;
pub use audit_trail::AuditTrail;
pub use evidence_photo::EvidencePhoto;
pub use flag_list::FlagList;
