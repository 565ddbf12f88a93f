//! The app's frame: header, navigation, role gates, the client picker and time-zone note.

mod app_header;
mod client_picker;
mod consult_frame;
mod consult_nav;
mod main_nav;
mod notification_bell;
mod role_gate;
mod sign_in_redirect;
mod sync_indicator;
mod zone_note;

pub use app_header::AppHeader;
pub use client_picker::ClientPicker;
pub use consult_frame::ConsultFrame;
pub use consult_nav::ConsultNav;
pub use main_nav::MainNav;
pub use notification_bell::NotificationBell;
pub use role_gate::RoleGate;
pub use sign_in_redirect::SignInRedirect;
pub use sync_indicator::SyncIndicator;
pub use zone_note::ZoneNote;
