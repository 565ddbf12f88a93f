use crate::nav;
use crate::state::app_state;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The pages the signed-in user's role may use; hidden when there is only one.
#[component]
pub fn MainNav() -> impl IntoView {
    let app = app_state();
    let location = use_location();
    let links = move || {
        app.me
            .with(|m| m.as_ref().map(|m| nav::links(m.user.role)))
            .unwrap_or_default()
    };
    move || {
        let links = links();
        (links.len() > 1).then(|| {
            view! {
                <nav class="mainnav" aria-label="Main">
                    <ul>
                        {links
                            .into_iter()
                            .map(|(href, label)| {
                                let current = move || {
                                    let path = location.pathname.get();
                                    if path == href || (href != "/" && path.starts_with(href)) {
                                        Some("page")
                                    } else {
                                        None
                                    }
                                };
                                view! {
                                    <li>
                                        <A href=href attr:aria-current=current>
                                            {label}
                                        </A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            }
        })
    }
}
