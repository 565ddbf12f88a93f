use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use touchstone_shared::notification::Notification;

/// Where the last list fetched is kept, so a phone shows it offline.
const CACHE: &str = "touchstone.notifications";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The bell with the unread count; tap for the newest notifications, each a link.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let cached = storage()
        .and_then(|s| s.get_item(CACHE).ok()?)
        .and_then(|j| serde_json::from_str::<Vec<Notification>>(&j).ok())
        .unwrap_or_default();
    let list = RwSignal::new(cached);
    let keep = move |items: Vec<Notification>| {
        if let (Some(s), Ok(j)) = (storage(), serde_json::to_string(&items)) {
            let _ = s.set_item(CACHE, &j);
        }
        list.set(items);
    };
    spawn_local(async move {
        if let Ok(items) = api::notifications().await {
            keep(items);
        }
    });
    let unread = move || list.with(|l| l.iter().filter(|n| !n.read).count());
    let read = move |id: Option<uuid::Uuid>| {
        let mut items = list.get_untracked();
        items
            .iter_mut()
            .filter(|n| id.is_none_or(|id| n.id == id))
            .for_each(|n| n.read = true);
        keep(items);
        spawn_local(async move {
            let _ = api::mark_read(id).await;
        });
    };
    view! {
        <details class="sync bell" data-testid="bell">
            <summary>
                <span class="bell-name">"Notifications"</span>
                <span data-testid="bell-count" data-unread=unread>{unread}</span>
            </summary>
            <div class="sync-panel">
                <ul class="bell-list">
                    {move || {
                        list.get()
                            .into_iter()
                            .map(|n| {
                                let id = n.id;
                                view! {
                                    <li data-read=n.read.to_string()>
                                        <A href=n.link on:click=move |_| read(Some(id))>
                                            <b>{n.title}</b>
                                        </A>
                                        <p>{n.body}</p>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                {move || list.with(Vec::is_empty).then_some(view! { <p>"Nothing yet."</p> })}
                <button type="button" class="btn" on:click=move |_| read(None)>
                    "Mark all read"
                </button>
            </div>
        </details>
    }
}
