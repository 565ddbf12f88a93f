use crate::components::ZoneNote;
use leptos::prelude::*;

/// A first and a last day (`YYYY-MM-DD`), in the organisation's zone, named by the zone note.
/// `id` prefixes the inputs' ids: `{id}-first`, `{id}-last`.
#[component]
pub fn DayRange(
    id: &'static str,
    first: RwSignal<String>,
    last: RwSignal<String>,
) -> impl IntoView {
    let first_id = format!("{id}-first");
    let last_id = format!("{id}-last");
    view! {
        <div class="row wrap">
            <label class="field-label" for=first_id.clone()>"First day"</label>
            <input id=first_id class="field" type="date" prop:value=move || first.get() on:change=move |ev| first.set(event_target_value(&ev)) />
            <label class="field-label" for=last_id.clone()>"Last day"</label>
            <input id=last_id class="field" type="date" prop:value=move || last.get() on:change=move |ev| last.set(event_target_value(&ev)) />
            <ZoneNote />
        </div>
    }
}
