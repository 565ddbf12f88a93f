use leptos::prelude::*;

/// A labelled `<select>`: `options` are (value, text); the empty value means "any".
#[component]
pub fn SelectField(
    /// Element id (the label points at it).
    id: &'static str,
    /// Label.
    label: &'static str,
    /// Text of the empty choice.
    #[prop(optional)]
    any: Option<&'static str>,
    /// Choices.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Selected value ("" for any).
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="filter">
            <label class="field-label" for=id>{label}</label>
            <select
                id=id
                class="field"
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {any.map(|text| view! { <option value="">{text}</option> })}
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == value.get_untracked();
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
