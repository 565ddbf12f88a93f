use leptos::prelude::*;

/// A row of big toggle buttons of which one is chosen (yes/no, scale points, choices,
/// NPS, emotion). Each button says whether it is pressed, for screen readers.
#[component]
pub fn OptionGroup(
    /// Id of the element naming the group.
    #[prop(into)]
    labelled_by: String,
    /// (key, text) of each option.
    options: Vec<(String, String)>,
    /// Key of the chosen option.
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// Called with the key of the tapped option.
    on_select: Callback<String>,
    /// Whether the answer can change.
    #[prop(into)]
    enabled: Signal<bool>,
    /// Extra CSS class for the layout (e.g. `grid-11` for NPS).
    #[prop(optional, into)]
    class: String,
    /// A drawn icon for an option's key, shown before its text.
    #[prop(optional)]
    icon: Option<fn(&str) -> AnyView>,
    /// Keys of the chosen options, when several may be (then `selected` is not read).
    #[prop(optional, into)]
    picked: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    view! {
        <div class=format!("options {class}") role="group" aria-labelledby=labelled_by>
            {options
                .into_iter()
                .map(|(key, text)| {
                    let k = key.clone();
                    let drawn = icon.map(|f| f(&key));
                    let pressed = Signal::derive(move || match picked {
                        Some(p) => p.with(|p| p.contains(&k)),
                        None => selected.with(|s| s.as_deref() == Some(k.as_str())),
                    });
                    view! {
                        <button
                            type="button"
                            class="option"
                            class:selected=move || pressed.get()
                            aria-pressed=move || pressed.get().to_string()
                            disabled=move || !enabled.get()
                            on:click=move |_| on_select.run(key.clone())
                        >
                            {drawn}
                            <span class="option-text">{text}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
