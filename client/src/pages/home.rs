use crate::nav;
use crate::pages::AssignmentsPage;
use crate::state::app_state;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use touchstone_shared::user::Role;

/// The start page: auditors' assignments; other roles go to their own start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let app = app_state();
    // The role, not the whole user: re-confirming the session must not rebuild the page.
    let role = Memo::new(move |_| app.me.with(|m| m.as_ref().map(|m| m.user.role)));
    move || match role.get() {
        Some(role) if role != Role::Auditor => {
            view! { <Redirect path=nav::landing(role) /> }.into_any()
        }
        _ => view! { <AssignmentsPage /> }.into_any(),
    }
}
