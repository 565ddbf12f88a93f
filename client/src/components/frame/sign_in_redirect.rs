use leptos::prelude::*;

/// Sends somebody signed out to the sign-in page. That page is not part of the app
/// (index.html and `signin.js`, no wasm), so this is a full page load of `/login`.
#[component]
pub fn SignInRedirect() -> impl IntoView {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace("/login");
    }
    view! { <p class="boot" role="status">"Signing out\u{2026}"</p> }
}
