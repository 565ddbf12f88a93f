use crate::api;
use leptos::prelude::*;
use leptos_router::components::A;
use touchstone_shared::scorecard::CellQuery;
use uuid::Uuid;

/// How many audits of a cell are read for their pain-point notes.
const READ: usize = 20;

/// The pain-point notes auditors wrote at a touchpoint, loaded when opened.
#[component]
pub fn PainPoints(
    /// The touchpoint's cell.
    cell: CellQuery,
    /// The touchpoint.
    touchpoint_id: Uuid,
    /// Its name.
    name: String,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let notes = LocalResource::new(move || {
        let wanted = open.get();
        let cell = cell.clone();
        async move {
            if !wanted {
                return None;
            }
            let audits = match api::cell_audits(&cell).await {
                Ok(a) => a,
                Err(e) => return Some(Err(e.message())),
            };
            let fetched =
                futures::future::join_all(audits.iter().take(READ).map(|a| api::audit(a.audit_id)))
                    .await;
            Some(Ok(fetched
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|a| {
                    a.touchpoint_notes
                        .iter()
                        .find(|n| {
                            n.touchpoint_id == touchpoint_id && !n.pain_point.trim().is_empty()
                        })
                        .map(|n| (a.id, n.pain_point.clone()))
                })
                .collect::<Vec<_>>()))
        }
    });
    let panel = format!("pain-{touchpoint_id}");
    view! {
        <button
            type="button"
            class="btn subtle small"
            aria-expanded=move || open.get().to_string()
            aria-controls=panel.clone()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {format!("Pain points: {name}")}
        </button>
        <div id=panel class="pain-points" hidden=move || !open.get() data-testid="pain-points">
            {move || match notes.get().flatten() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No pain points noted."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul>
                        {list.into_iter().map(|(id, text)| view! {
                            <li><q>{text}</q> " " <A href=format!("/audits/{id}")>"audit"</A></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
