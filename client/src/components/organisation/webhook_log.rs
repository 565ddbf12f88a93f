use crate::format;
use leptos::prelude::*;
use touchstone_shared::notification::DeliveryAttempt;
use touchstone_shared::webhook::WebhookDelivery;
use uuid::Uuid;

/// One attempt as the log shows it: its HTTP status code, or that no answer came.
fn answer(attempt: &DeliveryAttempt) -> String {
    attempt
        .status_code
        .map_or("no answer".to_owned(), |code| format!("HTTP {code}"))
}

/// An endpoint's newest messages, each with every attempt: when, the status code it
/// answered, and what went wrong. Reloads with the endpoint list, and on demand.
#[component]
pub fn WebhookLog(id: Uuid, reload: RwSignal<u32>) -> impl IntoView {
    let again = RwSignal::new(0u32);
    let log = LocalResource::new(move || {
        reload.track();
        again.track();
        crate::api::webhook_deliveries(id)
    });
    view! {
        <div class="webhook-log" data-testid="webhook-log">
            <button type="button" class="btn" on:click=move |_| again.update(|n| *n += 1)>"Refresh log"</button>
            {move || match log.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! { <p class="empty">"Nothing sent yet."</p> }.into_any(),
                Some(Ok(items)) => view! { <LogTable items /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn LogTable(items: Vec<WebhookDelivery>) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label="Delivery log" tabindex="0">
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Attempt"</th>
                        <th scope="col">"Answer"</th>
                        <th scope="col">"Error"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().flat_map(|d| {
                        let rows = d.log.len().max(1);
                        let attempts: Vec<Option<DeliveryAttempt>> = if d.log.is_empty() {
                            vec![None]
                        } else {
                            d.log.into_iter().map(Some).collect()
                        };
                        let (kind, status) = (d.kind, d.status);
                        attempts.into_iter().enumerate().map(move |(n, a)| {
                            let head = (n == 0).then(|| view! {
                                <td rowspan=rows.to_string()>{kind.clone()}</td>
                                <td rowspan=rows.to_string() data-testid="delivery-status">{status.clone()}</td>
                            });
                            let cells = match a {
                                Some(a) => view! {
                                    <td>{format::when(a.at)}</td>
                                    <td data-testid="attempt-answer">{answer(&a)}</td>
                                    <td>{a.error}</td>
                                }.into_any(),
                                None => view! { <td colspan="3">"Not tried yet"</td> }.into_any(),
                            };
                            view! { <tr>{head}{cells}</tr> }
                        }).collect::<Vec<_>>()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
