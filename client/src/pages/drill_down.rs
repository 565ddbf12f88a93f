use crate::api;
use crate::components::{AppHeader, RoleGate};
use crate::format;
use crate::nav::SCORECARD_READERS;
use crate::scorecard_query;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// The approved audits behind a scorecard cell, lowest score first.
#[component]
pub fn DrillDownPage() -> impl IntoView {
    let query = use_query_map();
    let cell = Memo::new(move |_| query.with(scorecard_query::cell));
    let label = Memo::new(move |_| {
        query
            .with(|q| q.get("label"))
            .unwrap_or_else(|| "Audits".into())
    });
    let audits = LocalResource::new(move || {
        let cell = cell.get();
        async move {
            match cell {
                Some(c) => {
                    let (audits, locations) = futures::future::join(
                        api::cell_audits(&c),
                        api::locations(Some(c.client_id)),
                    )
                    .await;
                    let names: HashMap<_, _> = locations
                        .unwrap_or_default()
                        .into_iter()
                        .map(|l| (l.id, format!("{} \u{b7} {}", l.code, l.name)))
                        .collect();
                    Some(audits.map(|a| (a, names)))
                }
                None => None,
            }
        }
    });
    view! {
        <RoleGate roles=SCORECARD_READERS>
            <AppHeader title="Audits behind a figure" />
            <main class="page wide">
                <h2 data-testid="drill-title">{move || label.get()}</h2>
                {move || match audits.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(None) => view! { <p class="error" role="alert">"This address names no scorecard cell."</p> }.into_any(),
                    Some(Some(Err(e))) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Some(Ok((list, names)))) if list.is_empty() => {
                        let _ = names;
                        view! { <p class="empty" role="status">"No approved audit in this cell."</p> }.into_any()
                    }
                    Some(Some(Ok((list, names)))) => view! {
                        <div class="table-wrap">
                            <table class="stats" data-testid="drill-down">
                                <caption>{format!("{} approved audits, lowest score first", list.len())}</caption>
                                <thead><tr>
                                    <th scope="col">"Location"</th>
                                    <th scope="col">"Visit"</th>
                                    <th scope="col" class="num">"Score"</th>
                                    <th scope="col">"Critical"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|a| {
                                        let place = names.get(&a.location_id).cloned().unwrap_or_else(|| "Audit".into());
                                        view! {
                                        <tr data-audit=a.audit_id.to_string()>
                                            <th scope="row"><A href=format!("/audits/{}", a.audit_id)>{place}</A></th>
                                            <td>{format::when(a.check_in_at)}</td>
                                            <td class="num">{format::pct(a.percent)}</td>
                                            <td>{if a.critical_failure { "critical failure" } else { "" }}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }}
            </main>
        </RoleGate>
    }
}
