//! The client's assignments, filtered by location, auditor, status and window.

use crate::api::consult;
use crate::editor::plan;
use crate::format;
use leptos::prelude::*;
use touchstone_shared::assignment::AssignmentStatus;
use touchstone_shared::location::Location;
use touchstone_shared::user::User;
use uuid::Uuid;

/// The listing of one client's assignments; reloads when `reload` changes.
#[component]
pub fn AssignmentList(
    client: RwSignal<Option<Uuid>>,
    locations: Signal<Vec<Location>>,
    auditors: Signal<Vec<User>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let f_location = RwSignal::new(String::new());
    let f_auditor = RwSignal::new(String::new());
    let f_status = RwSignal::new(String::new());
    let f_from = RwSignal::new(String::new());
    let f_to = RwSignal::new(String::new());
    let listing = LocalResource::new(move || {
        reload.track();
        let window = match (f_from.get(), f_to.get()) {
            (from, to) if !from.is_empty() && !to.is_empty() => plan::day_window(&from, &to).ok(),
            _ => None,
        };
        let q = crate::api::query(&[
            ("client_id", client.get().map(|c| c.to_string())),
            ("location_id", Some(f_location.get())),
            ("auditor_id", Some(f_auditor.get())),
            ("status", Some(f_status.get())),
            ("from", window.map(|w| w.0.to_rfc3339())),
            ("to", window.map(|w| w.1.to_rfc3339())),
        ]);
        let has_client = client.get().is_some();
        async move {
            if has_client {
                consult::assignments_where(&q)
                    .await
                    .map_err(|e| e.message())
            } else {
                Ok(Vec::new())
            }
        }
    });

    let location_name = move |id: Uuid| {
        locations
            .get()
            .into_iter()
            .find(|l| l.id == id)
            .map(|l| format!("{} ({})", l.name, l.code))
            .unwrap_or_else(|| id.to_string())
    };
    let auditor_name = move |id: Uuid| {
        auditors
            .get()
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.name)
            .unwrap_or_else(|| id.to_string())
    };
    let select_options = move |items: Vec<(String, String)>, current: RwSignal<String>| {
        items
            .into_iter()
            .map(|(value, label)| {
                let v = value.clone();
                view! { <option value=value selected=move || current.get() == v>{label}</option> }
            })
            .collect_view()
    };

    view! {
    <section aria-labelledby="list-title">
        <h2 id="list-title">"Assignments"</h2>
        <div class="row wrap filters">
            <label class="field-label" for="filter-location">"Location"</label>
            <select id="filter-location" class="field" on:change=move |ev| f_location.set(event_target_value(&ev))>
                <option value="">"Any"</option>
                {move || select_options(locations.get().into_iter().map(|l| (l.id.to_string(), format!("{} ({})", l.name, l.code))).collect(), f_location)}
            </select>
            <label class="field-label" for="filter-auditor">"Auditor"</label>
            <select id="filter-auditor" class="field" on:change=move |ev| f_auditor.set(event_target_value(&ev))>
                <option value="">"Any"</option>
                {move || select_options(auditors.get().into_iter().map(|u| (u.id.to_string(), u.name)).collect(), f_auditor)}
            </select>
            <label class="field-label" for="filter-status">"Status"</label>
            <select id="filter-status" class="field" on:change=move |ev| f_status.set(event_target_value(&ev))>
                <option value="">"Any"</option>
                {select_options(AssignmentStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.as_str().to_owned())).collect(), f_status)}
            </select>
            <label class="field-label" for="filter-from">"Window from"</label>
            <input id="filter-from" class="field" type="date" on:change=move |ev| f_from.set(event_target_value(&ev)) />
            <label class="field-label" for="filter-to">"to"</label>
            <input id="filter-to" class="field" type="date" on:change=move |ev| f_to.set(event_target_value(&ev)) />
        </div>
        {move || match listing.get() {
            None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Some(Ok(rows)) if rows.is_empty() => view! { <p class="empty" data-testid="assignment-list-empty">"No assignments match."</p> }.into_any(),
            Some(Ok(rows)) => view! {
                <table class="grid" data-testid="assignment-list">
                    <thead>
                        <tr>
                            <th scope="col">"Location"</th>
                            <th scope="col">"Auditor"</th>
                            <th scope="col">"Window"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Scenario"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|a| view! {
                            <tr data-assignment=a.id.to_string() data-location=a.location_id.to_string()>
                                <td>{location_name(a.location_id)}</td>
                                <td>{auditor_name(a.auditor_id)}</td>
                                <td>{format!("{} \u{2013} {}", format::when(a.not_before), format::when(a.due))}</td>
                                <td><span class="tag">{a.status.as_str()}</span></td>
                                <td>{a.scenario}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }}
    </section>
    }
}
