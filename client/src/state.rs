//! App-wide state, provided as context: the signed-in user and the sync status.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use touchstone_shared::user::Me;
use uuid::Uuid;

/// Sync status shown by the indicator.
#[derive(Clone, Copy)]
pub struct SyncState {
    /// Jobs waiting in the outbox.
    pub pending: RwSignal<usize>,
    /// When the server last answered the outbox.
    pub last_sync: RwSignal<Option<DateTime<Utc>>>,
    /// Why the last drain stopped or what the server refused.
    pub error: RwSignal<Option<String>>,
    /// A drain is under way.
    pub busy: RwSignal<bool>,
    /// `navigator.onLine`.
    pub online: RwSignal<bool>,
    /// The session ended with jobs waiting: sign in to send them.
    pub needs_login: RwSignal<bool>,
    /// Bumped whenever sync changed a stored draft, so open pages read it again.
    pub drafts_changed: RwSignal<u64>,
}

/// Everything pages share.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The signed-in user (from the server, or the device's copy when offline).
    pub me: RwSignal<Option<Me>>,
    /// Sync status.
    pub sync: SyncState,
}

impl AppState {
    /// Fresh state; nobody signed in yet.
    pub fn new() -> AppState {
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        AppState {
            me: RwSignal::new(None),
            sync: SyncState {
                pending: RwSignal::new(0),
                last_sync: RwSignal::new(None),
                error: RwSignal::new(None),
                busy: RwSignal::new(false),
                online: RwSignal::new(online),
                needs_login: RwSignal::new(false),
                drafts_changed: RwSignal::new(0),
            },
        }
    }

    /// The signed-in user's id, without tracking.
    pub fn user_id(&self) -> Option<Uuid> {
        self.me.with_untracked(|m| m.as_ref().map(|m| m.user.id))
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}

/// The app state from context.
pub fn app_state() -> AppState {
    expect_context::<AppState>()
}
