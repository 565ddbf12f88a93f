use crate::session;
use crate::state::app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use touchstone_shared::user::LoginRequest;

/// Sign-in. The device remembers the user, so this is needed only once, and again when
/// the session ends.
#[component]
pub fn LoginPage() -> impl IntoView {
    let app = app_state();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match session::login(app, &request).await {
                Ok(()) => navigate("/", NavigateOptions::default()),
                Err(e) => {
                    let message = match e.status() {
                        Some(401) => "Wrong email or password.".to_owned(),
                        Some(429) => "Too many attempts. Wait a minute, then try again.".to_owned(),
                        None if matches!(e, crate::api::ApiError::Network(_)) => {
                            "No connection. Signing in needs a network once; after that the \
                             app works offline."
                                .to_owned()
                        }
                        _ => e.message(),
                    };
                    error.set(Some(message));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <main class="page narrow login">
            <h1 class="brand">"Touchstone"</h1>
            <p class="lead">"Field audits"</p>
            <form on:submit=on_submit novalidate=true>
                <label class="field-label" for="email">"Email"</label>
                <input
                    id="email"
                    class="field"
                    type="email"
                    name="email"
                    autocomplete="username"
                    inputmode="email"
                    required=true
                    on:input=move |ev| email.set(event_target_value(&ev))
                    prop:value=move || email.get()
                />
                <label class="field-label" for="password">"Password"</label>
                <input
                    id="password"
                    class="field"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required=true
                    on:input=move |ev| password.set(event_target_value(&ev))
                    prop:value=move || password.get()
                />
                {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="login-error">{e}</p> })}
                <button type="submit" class="btn primary wide" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in\u{2026}" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
