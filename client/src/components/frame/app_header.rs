use crate::components::{MainNav, NotificationBell, SyncIndicator};
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: a way back (when there is one), the title, the notification bell and the sync indicator; under
/// it the role's pages.
#[component]
pub fn AppHeader(
    /// Title.
    #[prop(into)]
    title: String,
    /// Where "back" goes, if anywhere.
    #[prop(optional, into)]
    back: Option<String>,
) -> impl IntoView {
    view! {
        <header class="topbar">
            {back
                .map(|href| {
                    view! {
                        <A href=href attr:class="back" attr:aria-label="Back to my assignments">
                            "\u{2039}"
                        </A>
                    }
                })}
            <h1 class="title">{title}</h1>
            <NotificationBell />
            <SyncIndicator />
        </header>
        <MainNav />
    }
}
