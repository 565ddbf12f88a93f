use crate::api;
use leptos::prelude::*;
use leptos_router::components::A;
use touchstone_shared::scorecard::CellQuery;
use uuid::Uuid;

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
    // One request: the server answers the cell's notes, newest first.
    let notes = LocalResource::new(move || {
        let wanted = open.get();
        let cell = cell.clone();
        async move {
            if !wanted {
                return None;
            }
            Some(
                api::cell_pain_points(&cell)
                    .await
                    .map(|list| {
                        list.into_iter()
                            .map(|p| (p.audit_id, p.note))
                            .collect::<Vec<_>>()
                    })
                    .map_err(|e| e.message()),
            )
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
