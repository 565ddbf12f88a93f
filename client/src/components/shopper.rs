//! The shopper's side of the panel: job cards of the board and a claimed job's receipt.

mod job_card;
mod receipt_form;

pub use job_card::JobCard;
pub use receipt_form::ReceiptForm;
