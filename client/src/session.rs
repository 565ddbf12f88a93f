//! Sign-in state: restored from the device at start (so the app works offline), then
//! confirmed with the server when it can be reached.

use crate::api;
use crate::state::AppState;
use crate::store::{self, meta};
use crate::sync;
use leptos::prelude::*;
use touchstone_shared::user::{LoginRequest, Me};

/// Shows the user the device remembers, if any.
pub async fn restore_cached(app: AppState) {
    if let Ok(db) = store::app_db().await
        && let Ok(Some(me)) = meta::me(&db).await
    {
        app.me.set(Some(me));
    }
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

/// Signs in.
pub async fn login(app: AppState, request: &LoginRequest) -> Result<(), api::ApiError> {
    let me = api::login(request).await?;
    remember(app, me).await;
    app.sync.needs_login.set(false);
    sync::kick(app);
    Ok(())
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
    app.me.set(Some(me));
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
}
