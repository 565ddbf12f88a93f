use crate::format;
use crate::state::app_state;
use crate::sync;
use chrono::Utc;
use leptos::prelude::*;

/// What is waiting to be sent, when the last sync was, and what went wrong; tap for
/// details and "Send now".
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let app = app_state();
    let s = app.sync;
    let summary = move || {
        let pending = s.pending.get();
        if s.busy.get() {
            "Sending\u{2026}".to_owned()
        } else if !s.online.get() {
            if pending > 0 {
                format!("Offline \u{b7} {pending} waiting")
            } else {
                "Offline".to_owned()
            }
        } else if s.needs_login.get() && pending > 0 {
            format!("Sign in to send {pending}")
        } else if pending > 0 {
            format!("{pending} waiting")
        } else {
            "All sent".to_owned()
        }
    };
    let state = move || {
        if s.error.get().is_some() || s.needs_login.get() {
            "warn"
        } else if s.pending.get() > 0 || !s.online.get() {
            "pending"
        } else {
            "ok"
        }
    };
    view! {
        <details class="sync" data-state=state data-testid="sync">
            <summary aria-live="polite">
                <span class="dot" aria-hidden="true"></span>
                <span data-testid="sync-summary">{summary}</span>
            </summary>
            <div class="sync-panel">
                <p data-testid="sync-pending">
                    {move || match s.pending.get() {
                        0 => "Nothing waiting to be sent.".to_owned(),
                        1 => "1 item waiting to be sent.".to_owned(),
                        n => format!("{n} items waiting to be sent."),
                    }}
                </p>
                <p>
                    "Last sync: "
                    {move || {
                        s.last_sync
                            .get()
                            .map_or("never".to_owned(), |at| format::ago(at, Utc::now()))
                    }}
                </p>
                {move || {
                    s.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })
                }}
                <button type="button" class="btn" on:click=move |_| sync::send_now(app)>
                    "Send now"
                </button>
            </div>
        </details>
    }
}
