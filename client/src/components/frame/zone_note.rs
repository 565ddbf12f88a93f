use leptos::prelude::*;

/// Names the zone the page's days and times are in (the organisation's).
#[component]
pub fn ZoneNote() -> impl IntoView {
    let app = crate::state::app_state();
    // Read `me` so the note follows a zone change made on the settings page.
    let name = move || app.me.with(|_| crate::zone::name());
    view! { <p class="hint zone-note" data-testid="zone-note">{move || format!("Days and times in {}", name())}</p> }
}
