//! UI components, one per file, grouped by the feature they serve.

mod account;
mod audit_form;
mod builder;
mod charts;
mod controls;
mod frame;
mod organisation;
mod planning;
mod review;
mod shopper;

pub use account::*;
pub use audit_form::*;
pub use builder::*;
pub use charts::*;
pub(crate) use controls::move_buttons;
pub use controls::*;
pub use frame::*;
pub use organisation::*;
pub use planning::*;
pub use review::*;
pub(crate) use review::{evidence_photo, flag_list};
pub use shopper::*;
