use crate::api;
use crate::components::ClientPicker;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use touchstone_shared::report_schedule::ReportScheduleInput;
use uuid::Uuid;

/// Monthly client reports: list, schedule (client, addresses), delete, make now; the
/// reports made, to download. Reports are made on the first of each month for the month
/// before.
#[component]
pub fn ReportSchedules() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let clients = LocalResource::new(api::clients);
    let schedules = LocalResource::new(move || {
        version.track();
        api::report_schedules()
    });
    let reports = LocalResource::new(move || {
        version.track();
        api::scheduled_reports()
    });
    let client = RwSignal::new(None::<Uuid>);
    let recipients = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let names = Signal::derive(move || -> HashMap<Uuid, String> {
        clients
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    });
    let name =
        move |id: Uuid| names.with(|n| n.get(&id).cloned().unwrap_or_else(|| "Client".into()));
    let done = move |r: Result<(), api::ApiError>| match r {
        Ok(()) => {
            error.set(None);
            version.update(|v| *v += 1);
        }
        Err(e) => error.set(Some(e.message())),
    };
    let create = move |_| {
        let Some(client_id) = client.get_untracked() else {
            error.set(Some("Choose a client.".into()));
            return;
        };
        let input = ReportScheduleInput {
            client_id,
            recipients: recipients
                .get_untracked()
                .split([',', ';', '\n', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        spawn_local(async move {
            let r = api::create_report_schedule(&input).await.map(|_| ());
            if r.is_ok() {
                recipients.set(String::new());
            }
            done(r);
        });
    };
    view! {
        <section aria-labelledby="schedules-title" data-testid="report-schedules">
            <h2 id="schedules-title">"Scheduled reports"</h2>
            <p class="hint">"A client's report, made on the first of every month for the month before, for a list of addresses."</p>
            {move || schedules.get().and_then(Result::ok).map(|list| view! {
                <table class="grid" data-testid="schedule-list">
                    <thead><tr><th>"Client"</th><th>"For"</th><th>"Next report"</th><th>"Actions"</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|s| {
                            let id = s.id;
                            view! {
                                <tr data-schedule=id.to_string()>
                                    <td>{name(s.client_id)}</td>
                                    <td>{s.recipients.join(", ")}</td>
                                    <td>{format::when(s.next_run_at)}</td>
                                    <td class="toolbar">
                                        <button type="button" class="btn small" data-testid="schedule-run"
                                            on:click=move |_| spawn_local(async move { done(api::run_report_schedule(id).await.map(|_| ())) })>"Make now"</button>
                                        <button type="button" class="btn small" data-testid="schedule-delete"
                                            on:click=move |_| spawn_local(async move { done(api::delete_report_schedule(id).await) })>"Delete"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <h3>"New schedule"</h3>
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
            <label class="field-label" for="schedule-recipients">"Addresses (separated by commas)"</label>
            <input id="schedule-recipients" class="field" type="text" data-testid="schedule-recipients"
                prop:value=move || recipients.get() on:input=move |ev| recipients.set(event_target_value(&ev)) />
            <div class="toolbar">
                <button type="button" class="btn primary" data-testid="schedule-create" on:click=create>"Schedule monthly"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <h3>"Reports made"</h3>
            {move || match reports.get().and_then(Result::ok) {
                Some(list) if !list.is_empty() => view! {
                    <ul class="files" data-testid="scheduled-reports">
                        {list.into_iter().map(|r| view! {
                            <li>
                                <a href=format!("{}/scheduled-reports/{}/file.pdf", api::API_BASE, r.id) download=r.file_name.clone()>{r.file_name.clone()}</a>
                                {format!(" \u{b7} {} \u{b7} {} \u{2013} {} \u{b7} made {}", name(r.client_id), format::date(r.from), format::date(r.to), format::when(r.created_at))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                _ => view! { <p class="empty">"None yet."</p> }.into_any(),
            }}
        </section>
    }
}
