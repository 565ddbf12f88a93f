use leptos::prelude::*;
use touchstone_shared::client::Client;
use uuid::Uuid;

/// A labelled picker of the organisation's clients.
#[component]
pub fn ClientPicker(
    /// The clients to pick from.
    #[prop(into)]
    clients: Signal<Vec<Client>>,
    /// The picked client.
    selected: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    view! {
        <label class="field-label" for="client">"Client"</label>
        <select
            id="client"
            class="field"
            on:change=move |ev| selected.set(event_target_value(&ev).parse().ok())
        >
            <option value="">"Choose a client\u{2026}"</option>
            {move || {
                clients
                    .get()
                    .into_iter()
                    .map(|c| {
                        let id = c.id;
                        view! {
                            <option value=id.to_string() selected=move || selected.get() == Some(id)>
                                {c.name}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
