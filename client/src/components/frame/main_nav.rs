use crate::nav;
use crate::session;
use crate::state::app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The pages the signed-in user's role may use, and signing out (at a shared desk); hidden
/// when there is only one page (an auditor signs out on the assignments page).
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
                        <li class="signout">
                            <button
                                type="button"
                                class="btn subtle"
                                on:click=move |_| spawn_local(session::logout(app))
                            >
                                "Sign out"
                            </button>
                        </li>
                    </ul>
                </nav>
            }
        })
    }
}
