use crate::format;
use chrono::{TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::user::{ApiToken, NewApiToken};
use uuid::Uuid;

/// How long a new token lives: label and days (`None`: until revoked).
const LIFETIMES: &[(&str, Option<i64>)] = &[
    ("30 days", Some(30)),
    ("90 days", Some(90)),
    ("1 year", Some(365)),
    ("Until revoked", None),
];

/// The signed-in user's API tokens: each with its expiry and last use, a form for a new
/// one (its secret shown once), and revoking. Tokens also end when the password changes.
#[component]
pub fn ApiTokens() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let listing = LocalResource::new(move || {
        reload.track();
        crate::api::tokens()
    });
    let name = RwSignal::new(String::new());
    let lifetime = RwSignal::new(0usize);
    let secret = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret.set(None);
        failure.set(None);
        let days = LIFETIMES[lifetime.get_untracked().min(LIFETIMES.len() - 1)].1;
        let input = NewApiToken {
            name: name.get_untracked().trim().to_owned(),
            expires_at: days.map(|d| Utc::now() + TimeDelta::days(d)),
        };
        busy.set(true);
        spawn_local(async move {
            match crate::api::create_token(&input).await {
                Ok(token) => {
                    secret.set(token.secret);
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let revoke = move |id: Uuid| {
        failure.set(None);
        spawn_local(async move {
            match crate::api::revoke_token(id).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => failure.set(Some(e.message())),
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="tokens-title" data-testid="api-tokens">
            <h2 id="tokens-title">"Your API tokens"</h2>
            <p class="hint">"For integrations: send one as “Authorization: Bearer …”. A token acts as you, and ends when it expires, when you revoke it, or when your password changes."</p>
            <form class="row wrap" on:submit=create>
                <label class="field-label" for="token-name">"What it is for"</label>
                <input id="token-name" class="field" required maxlength="100"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <label class="field-label" for="token-lifetime">"Expires after"</label>
                <select id="token-lifetime" class="field" on:change=move |ev| lifetime.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {LIFETIMES.iter().enumerate().map(|(i, (label, _))| view! {
                        <option value=i.to_string() selected=move || lifetime.get() == i>{*label}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="btn primary" prop:disabled=move || busy.get()>"Create token"</button>
            </form>
            {move || secret.get().map(|s| view! {
                <div class="notice" role="status">
                    <p>"Copy it now: it is not shown again."</p>
                    <code class="secret" data-testid="token-secret">{s}</code>
                </div>
            })}
            {move || failure.get().map(|t| view! { <p class="error" role="alert">{t}</p> })}
            {move || match listing.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(tokens)) if tokens.is_empty() => view! { <p class="empty" data-testid="tokens-empty">"No tokens."</p> }.into_any(),
                Some(Ok(tokens)) => view! { <TokenTable tokens revoke /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiToken>, revoke: impl Fn(Uuid) + Copy + 'static) -> impl IntoView {
    let never = || "never".to_owned();
    view! {
        <table class="grid" data-testid="token-list">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col"><span class="sr-only">"Revoke"</span></th>
                </tr>
            </thead>
            <tbody>
                {tokens.into_iter().map(|t| {
                    let id = t.id;
                    let label = format!("Revoke {}", t.name);
                    view! {
                        <tr data-token=id.to_string()>
                            <td>{t.name}</td>
                            <td>{format::when(t.created_at)}</td>
                            <td>{t.expires_at.map_or_else(never, format::when)}</td>
                            <td>{t.last_used_at.map_or_else(never, format::when)}</td>
                            <td><button type="button" class="btn" aria-label=label on:click=move |_| revoke(id)>"Revoke"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
