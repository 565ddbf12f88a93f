//! Sign-in state: restored from the device at start (so the app works offline), then
//! confirmed with the server when it can be reached.
//!
//! Signing in happens on a page outside the app (index.html's form and `static/signin.js`,
//! no wasm): it sets the flag [`SIGNED_IN`] in `localStorage`, and index.html starts the app
//! only on a device with the flag. The app keeps the flag in step with the user it keeps.

use crate::api;
use crate::state::AppState;
use crate::store::{self, meta};
use leptos::prelude::*;
use touchstone_shared::user::Me;

/// The `localStorage` key index.html reads to choose between the sign-in page and the app.
pub const SIGNED_IN: &str = "touchstone.signed-in";

/// Shows the user the device remembers, if any, and answers whether there was one.
pub async fn restore_cached(app: AppState) -> bool {
    if let Ok(db) = store::app_db().await
        && let Ok(Some(me)) = meta::me(&db).await
    {
        crate::zone::set(&me.time_zone);
        app.me.set(Some(me));
        return true;
    }
    false
}

/// Asks the server who is signed in: a 401 signs the device out (its drafts and outbox
/// stay, to be sent after the next sign-in); no answer keeps the device's copy.
pub async fn confirm_with_server(app: AppState) {
    match api::me().await {
        Ok(me) => remember(app, me).await,
        Err(e) if e.is_unauthenticated() => forget(app).await,
        Err(_) => {}
    }
}

/// Signs out here and on the server (work still in the outbox stays on the device).
pub async fn logout(app: AppState) {
    let _ = api::logout().await;
    forget(app).await;
}

async fn remember(app: AppState, me: Me) {
    if let Ok(db) = store::app_db().await {
        let _ = meta::set_me(&db, Some(&me)).await;
    }
    crate::zone::set(&me.time_zone);
    app.me.set(Some(me));
    set_signed_in(true);
    // Ask the browser not to evict offline work under storage pressure.
    if let Some(window) = web_sys::window()
        && let Ok(storage) = js_sys::Reflect::get(&window.navigator(), &"storage".into())
        && !storage.is_undefined()
    {
        let _ = window.navigator().storage().persist();
    }
}

async fn forget(app: AppState) {
    if let Ok(db) = store::app_db().await {
        let _ = meta::set_me(&db, None).await;
    }
    app.me.set(None);
    set_signed_in(false);
}

/// Sets or clears the flag index.html reads ([`SIGNED_IN`]); without storage there is none.
fn set_signed_in(on: bool) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = if on {
            storage.set_item(SIGNED_IN, "1")
        } else {
            storage.remove_item(SIGNED_IN)
        };
    }
}
