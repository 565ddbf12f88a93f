use crate::api;
use crate::format;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::share_link::{ShareLink, ShareLinkInput};
use uuid::Uuid;

/// What a shareable link shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShareTarget {
    /// One approved audit's report.
    Audit(Uuid),
    /// A client's report of a period.
    Client {
        /// The client.
        client_id: Uuid,
        /// Start of the period.
        from: Option<DateTime<Utc>>,
        /// End of the period.
        to: Option<DateTime<Utc>>,
    },
}

impl ShareTarget {
    fn shows(&self, link: &ShareLink) -> bool {
        match *self {
            ShareTarget::Audit(id) => link.audit_id == Some(id),
            ShareTarget::Client { client_id, .. } => link.client_id == Some(client_id),
        }
    }
}

/// Read-only links to a report for people without an account: make one (expiry, optional
/// password), copy it (its address is shown only once), see how often each was opened,
/// revoke.
#[component]
pub fn ShareLinks(
    /// What the links show.
    #[prop(into)]
    target: Signal<Option<ShareTarget>>,
) -> impl IntoView {
    let days = RwSignal::new("30".to_owned());
    let password = RwSignal::new(String::new());
    let made = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let version = RwSignal::new(0u32);
    let links = LocalResource::new(move || {
        version.track();
        api::share_links()
    });
    let create = move |_| {
        let Some(target) = target.get_untracked() else {
            return;
        };
        let Some(days) = days
            .get_untracked()
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| *d > 0)
        else {
            error.set(Some("Say for how many days the link works.".into()));
            return;
        };
        let pw = password.get_untracked();
        let (client_id, from, to, audit_id) = match target {
            ShareTarget::Audit(id) => (None, None, None, Some(id)),
            ShareTarget::Client {
                client_id,
                from,
                to,
            } => (Some(client_id), from, to, None),
        };
        let input = ShareLinkInput {
            client_id,
            from,
            to,
            audit_id,
            expires_at: Utc::now() + Duration::days(days),
            password: (!pw.is_empty()).then_some(pw),
        };
        spawn_local(async move {
            match api::create_share_link(&input).await {
                Ok(c) => {
                    let origin = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    // A browser cannot send the password header from a link: a protected
                    // link opens the page that asks for the password.
                    let path = match c.link.has_password {
                        true => c.path.replace("/report.pdf", "/open"),
                        false => c.path,
                    };
                    made.set(Some(format!("{origin}{path}")));
                    error.set(None);
                    password.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let revoke = move |id: Uuid| {
        spawn_local(async move {
            match api::revoke_share_link(id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let copy = move |_| {
        if let (Some(url), Some(w)) = (made.get_untracked(), web_sys::window()) {
            copy_text(&w, &url);
        }
    };
    view! {
        <section class="share" aria-labelledby="share-title" data-testid="share-links">
            <h2 id="share-title">"Share the report"</h2>
            <p class="hint">"A read-only link to this report's PDF, for someone without an account. Every open is logged."</p>
            <div class="filters">
                <div class="filter">
                    <label class="field-label" for="share-days">"Works for (days)"</label>
                    <input id="share-days" class="field" type="number" min="1" max="365" data-testid="share-days"
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                </div>
                <div class="filter">
                    <label class="field-label" for="share-password">"Password (optional, 8 characters or more)"</label>
                    <input id="share-password" class="field" type="password" autocomplete="new-password" data-testid="share-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
            </div>
            <button type="button" class="btn primary" data-testid="share-create" disabled=move || target.get().is_none() on:click=create>
                "Create link"
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || made.get().map(|url| view! {
                <div class="made" role="status">
                    <label class="field-label" for="share-url">"The link (shown only now: copy it)"</label>
                    <input id="share-url" class="field" readonly data-testid="share-url" prop:value=url />
                    <button type="button" class="btn small" on:click=copy>"Copy"</button>
                </div>
            })}
            {move || {
                let list: Vec<ShareLink> = links.get().and_then(Result::ok).unwrap_or_default();
                let target = target.get()?;
                let mine: Vec<ShareLink> = list.into_iter().filter(|l| target.shows(l)).collect();
                (!mine.is_empty()).then(|| view! {
                    <table class="grid" data-testid="share-list">
                        <thead><tr><th>"Made"</th><th>"Expires"</th><th>"Password"</th><th>"Opens"</th><th>"Last opened"</th><th>"State"</th></tr></thead>
                        <tbody>
                            {mine.into_iter().map(|l| {
                                let id = l.id;
                                let live = l.revoked_at.is_none() && l.expires_at > Utc::now();
                                view! {
                                    <tr data-link=id.to_string()>
                                        <td>{format::when(l.created_at)}</td>
                                        <td>{format::when(l.expires_at)}</td>
                                        <td>{if l.has_password { "yes" } else { "no" }}</td>
                                        <td data-testid="share-opens">{l.opens}</td>
                                        <td>{l.last_opened_at.map(format::when).unwrap_or_else(|| "never".into())}</td>
                                        <td>
                                            {if live {
                                                view! { <button type="button" class="btn small" data-testid="share-revoke" on:click=move |_| revoke(id)>"Revoke"</button> }.into_any()
                                            } else if l.revoked_at.is_some() {
                                                view! { <span class="tag">"revoked"</span> }.into_any()
                                            } else {
                                                view! { <span class="tag">"expired"</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`, when the browser has it.
fn copy_text(window: &web_sys::Window, text: &str) {
    use wasm_bindgen::JsCast;
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into());
    if let Ok(clipboard) = clipboard
        && let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        && let Some(write) = write.dyn_ref::<js_sys::Function>()
    {
        let _ = write.call1(&clipboard, &text.into());
    }
}
