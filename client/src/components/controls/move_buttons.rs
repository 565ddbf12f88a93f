use crate::editor::list::Direction;
use leptos::prelude::*;

/// "Move up", "Move down" and "Remove" buttons of an entry in an editor, named for the
/// entry so screen readers and keyboards can tell them apart. Button ids are
/// `{id_prefix}-up`, `-down`, `-remove`, so focus can follow a moved entry.
#[component]
pub fn MoveButtons(
    /// What the entry is called, e.g. "stage Purchase".
    #[prop(into)]
    what: Signal<String>,
    /// Prefix of the buttons' ids.
    #[prop(into)]
    id_prefix: String,
    /// Called with the direction of a move.
    on_move: Callback<Direction>,
    /// Called on "Remove".
    on_remove: Callback<()>,
) -> impl IntoView {
    view! {
        <span class="move-buttons">
            <button
                type="button"
                class="btn icon"
                id=format!("{id_prefix}-up")
                aria-label=move || format!("Move {} up", what.get())
                on:click=move |_| on_move.run(Direction::Up)
            >
                "\u{2191}"
            </button>
            <button
                type="button"
                class="btn icon"
                id=format!("{id_prefix}-down")
                aria-label=move || format!("Move {} down", what.get())
                on:click=move |_| on_move.run(Direction::Down)
            >
                "\u{2193}"
            </button>
            <button
                type="button"
                class="btn icon danger"
                id=format!("{id_prefix}-remove")
                aria-label=move || format!("Remove {}", what.get())
                on:click=move |_| on_remove.run(())
            >
                "\u{d7}"
            </button>
        </span>
    }
}

/// Puts the focus on an element once the page has redrawn (after a move re-ordered it).
pub fn focus_later(dom_id: String) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&dom_id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}
