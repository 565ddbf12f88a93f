use crate::nav;
use crate::pages::NotFound;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The field bundle's answer to a path it has no route for: an office page (a nav link, or
/// the start page sending a consultant to review) is loaded again from the server, so
/// `boot.js` starts the office bundle; anything else is not found.
#[component]
pub fn OfficeHandoff() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    if !nav::is_office_path(&path) {
        return view! { <NotFound /> }.into_any();
    }
    if let Some(window) = web_sys::window() {
        // The address already is the office page's: a reload is a full page load of it.
        let _ = window.location().reload();
    }
    view! { <p class="boot" role="status">"Loading\u{2026}"</p> }.into_any()
}
