//! The purchase receipt of a claimed job: its amount, reimbursed up to the job's cap once the
//! audit is approved.

use crate::api;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

/// Amount paid, saved to the job.
#[component]
pub fn ReceiptForm(job_id: Uuid, currency: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let input_id = format!("receipt-{job_id}");
    let save = move |_| {
        let Some(amount_minor) = format::parse_money(&text.get_untracked()) else {
            status.set(Some("Give the amount paid, e.g. 6.40.".into()));
            return;
        };
        spawn_local(async move {
            status.set(Some(
                match api::panel::set_receipt(job_id, amount_minor).await {
                    Ok(()) => "Receipt saved.".into(),
                    Err(e) => e.message(),
                },
            ));
        });
    };
    view! {
        <label class="field-label" for=input_id.clone()>{format!("Receipt amount ({currency})")}</label>
        <span class="toolbar">
            <input id=input_id class="field receipt-amount" inputmode="decimal" prop:value=text
                on:input=move |e| text.set(event_target_value(&e)) />
            <button type="button" class="btn" on:click=save>"Save receipt"</button>
        </span>
        {move || status.get().map(|s| view! { <p class="hint" role="status">{s}</p> })}
    }
}
