use crate::components::SignInRedirect;
use crate::state::app_state;
use leptos::prelude::*;
use leptos_router::components::A;
use touchstone_shared::user::Role;

/// Shows its children to the signed-in roles listed; sends anybody signed out to the login
/// page and tells other roles the page is not theirs.
#[component]
pub fn RoleGate(
    /// Who may see the page.
    roles: &'static [Role],
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let app = app_state();
    // The role, not the whole user: re-confirming the session must not rebuild the page.
    let role = Memo::new(move |_| app.me.with(|m| m.as_ref().map(|m| m.user.role)));
    move || match role.get() {
        None => view! { <SignInRedirect /> }.into_any(),
        Some(role) if roles.contains(&role) => children().into_any(),
        Some(_) => view! {
            <main class="page narrow">
                <h1>"Not for your role"</h1>
                <p>"This page is not available to you."</p>
                <p><A href="/">"Go to your start page"</A></p>
            </main>
        }
        .into_any(),
    }
}
