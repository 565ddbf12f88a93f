use crate::components::{AppHeader, ConsultNav, SignInRedirect};
use crate::state::app_state;
use leptos::prelude::*;

/// The frame of a consultant's page: sign-in required, the header, the tools' navigation.
/// Auditors are told the page is not for them (the server refuses them anyway).
#[component]
pub fn ConsultFrame(
    /// Title.
    #[prop(into)]
    title: String,
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let app = app_state();
    let children = StoredValue::new(children);
    let staff = move || {
        app.me
            .with(|m| m.as_ref().is_some_and(|m| m.user.role.is_staff()))
    };
    view! {
        <Show when=move || app.me.with(Option::is_some) fallback=|| view! { <SignInRedirect /> }>
            <AppHeader title=title.clone() />
            <ConsultNav />
            <Show
                when=staff
                fallback=|| view! { <main class="page"><p class="notice">"These tools are for consultants and admins."</p></main> }
            >
                <main class="page wide">{children.with_value(|c| c())}</main>
            </Show>
        </Show>
    }
}
