use leptos::prelude::*;
use leptos_router::components::A;

/// Unknown address.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page narrow">
            <h1>"Page not found"</h1>
            <p><A href="/">"Go to my assignments"</A></p>
        </main>
    }
}
