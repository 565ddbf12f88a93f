use super::WebhookLog;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::notification::KINDS;
use touchstone_shared::webhook::{NewWebhook, Webhook};
use uuid::Uuid;

/// `assignment_created` as "assignment created".
fn label(kind: &str) -> String {
    kind.replace('_', " ")
}

/// The organisation's webhook endpoints (admins): register one with the event kinds it
/// receives (its signing secret shown once), send it a test event, read its delivery log,
/// enable it again after it was disabled, delete it.
#[component]
pub fn Webhooks() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let listing = LocalResource::new(move || {
        reload.track();
        crate::api::webhooks()
    });
    let url = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let secret = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let open_log = RwSignal::new(None::<Uuid>);

    let register = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret.set(None);
        message.set(None);
        let input = NewWebhook {
            url: url.get_untracked().trim().to_owned(),
            kinds: chosen.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match crate::api::create_webhook(&input).await {
                Ok(hook) => {
                    secret.set(hook.secret);
                    url.set(String::new());
                    chosen.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };
    let act = move |what: Action, id: Uuid| {
        message.set(None);
        spawn_local(async move {
            let done = match what {
                Action::Test => crate::api::test_webhook(id)
                    .await
                    .map(|()| "A test event is on its way; the delivery log shows it."),
                Action::Enable => crate::api::enable_webhook(id)
                    .await
                    .map(|_| "Enabled: it receives events again."),
                Action::Delete => crate::api::delete_webhook(id)
                    .await
                    .map(|()| "Deleted with its delivery log."),
            };
            match done {
                Ok(text) => {
                    message.set(Some((true, text.to_owned())));
                    if what == Action::Test {
                        open_log.set(Some(id));
                    }
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="webhooks-title" data-testid="webhooks">
            <h2 id="webhooks-title">"Webhooks"</h2>
            <p class="hint">"Touchstone posts the events you choose to your HTTPS endpoint, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), and retries for about a day before disabling it."</p>
            <form on:submit=register>
                <label class="field-label" for="webhook-url">"Endpoint URL"</label>
                <input id="webhook-url" class="field" type="url" required maxlength="2000"
                    placeholder="https://example.com/touchstone"
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                <fieldset class="kinds">
                    <legend>"Events it receives"</legend>
                    {KINDS.iter().map(|kind| {
                        let kind = (*kind).to_owned();
                        let id = format!("webhook-kind-{kind}");
                        let for_id = id.clone();
                        let k = kind.clone();
                        let checked = move || chosen.with(|c| c.contains(&k));
                        let k = kind.clone();
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != k);
                                if on {
                                    c.push(k.clone());
                                }
                            });
                        };
                        view! {
                            <label class="check" for=for_id>
                                <input id=id type="checkbox" prop:checked=checked on:change=toggle />
                                {label(&kind)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="btn primary" prop:disabled=move || busy.get()>"Register endpoint"</button>
            </form>
            {move || secret.get().map(|s| view! {
                <div class="notice" role="status">
                    <p>"Its signing secret: copy it now, it is not shown again."</p>
                    <code class="secret" data-testid="webhook-secret">{s}</code>
                </div>
            })}
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice" } else { "error" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
            {move || match listing.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(hooks)) if hooks.is_empty() => view! { <p class="empty">"No endpoints."</p> }.into_any(),
                Some(Ok(hooks)) => hooks.into_iter().map(|hook| view! {
                    <Endpoint hook act open_log reload />
                }).collect_view().into_any(),
            }}
        </section>
    }
}

/// What a button does to an endpoint.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Test,
    Enable,
    Delete,
}

#[component]
fn Endpoint(
    hook: Webhook,
    act: impl Fn(Action, Uuid) + Copy + Send + Sync + 'static,
    open_log: RwSignal<Option<Uuid>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let id = hook.id;
    let state = match hook.disabled_at {
        None => "Active".to_owned(),
        Some(at) => format!("Disabled {}: {}", format::when(at), hook.disabled_reason),
    };
    let disabled = hook.disabled_at.is_some();
    let kinds = hook
        .kinds
        .iter()
        .map(|k| label(k))
        .collect::<Vec<_>>()
        .join(", ");
    let shown = move || open_log.get() == Some(id);
    view! {
        <article class="webhook-card" data-webhook=id.to_string() aria-label=hook.url.clone()>
            <h3 class="url">{hook.url.clone()}</h3>
            <p>{kinds}</p>
            <p class=if disabled { "error" } else { "hint" } data-testid="webhook-state">{state}</p>
            <div class="row wrap">
                <button type="button" class="btn" on:click=move |_| act(Action::Test, id)>"Send test event"</button>
                <button type="button" class="btn" aria-expanded=move || shown().to_string()
                    on:click=move |_| open_log.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
                    "Delivery log"
                </button>
                <Show when=move || disabled>
                    <button type="button" class="btn primary" on:click=move |_| act(Action::Enable, id)>"Enable again"</button>
                </Show>
                <button type="button" class="btn danger" on:click=move |_| act(Action::Delete, id)>"Delete"</button>
            </div>
            <Show when=shown>
                <WebhookLog id reload />
            </Show>
        </article>
    }
}
