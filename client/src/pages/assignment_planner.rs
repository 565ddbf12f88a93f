use crate::api::consult::{self, Refused};
use crate::components::{ClientPicker, ConsultFrame, RowProblems, ZoneNote};
use crate::editor::plan;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::assignment::{AssignmentBatch, AssignmentStatus};
use touchstone_shared::import::RowProblem;
use uuid::Uuid;

/// Planning visits: one assignment per chosen location (checklist × auditor × window) made
/// in one all-or-nothing request, and the client's assignments listed and filtered by
/// location, auditor, status and window.
#[component]
pub fn AssignmentPlannerPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Assignments">
            <AssignmentPlanner />
        </ConsultFrame>
    }
}

#[component]
fn AssignmentPlanner() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client = RwSignal::new(None::<Uuid>);
    let auditors = LocalResource::new(|| async {
        crate::api::users(touchstone_shared::user::Role::Auditor)
            .await
            .unwrap_or_default()
    });
    let setup = LocalResource::new(move || {
        let c = client.get();
        async move {
            match c {
                Some(c) => (
                    crate::api::locations(Some(c)).await.unwrap_or_default(),
                    consult::checklists(c).await.unwrap_or_default(),
                ),
                None => (Vec::new(), Vec::new()),
            }
        }
    });
    let locations = move || setup.get().map(|s| s.0).unwrap_or_default();
    let checklists = move || setup.get().map(|s| s.1).unwrap_or_default();

    // The new assignments.
    let checklist_version = RwSignal::new(None::<Uuid>);
    let auditor = RwSignal::new(None::<Uuid>);
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let first_day = RwSignal::new(crate::zone::day(0));
    let last_day = RwSignal::new(crate::zone::day(6));
    let scenario = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<String>);
    let problems = RwSignal::new(None::<Vec<RowProblem>>);
    let failure = RwSignal::new(None::<String>);

    // The listing's filters.
    let f_location = RwSignal::new(String::new());
    let f_auditor = RwSignal::new(String::new());
    let f_status = RwSignal::new(String::new());
    let f_from = RwSignal::new(String::new());
    let f_to = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
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

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        problems.set(None);
        failure.set(None);
        let (Some(version), Some(auditor_id)) =
            (checklist_version.get_untracked(), auditor.get_untracked())
        else {
            failure.set(Some("Choose a checklist and an auditor".into()));
            return;
        };
        let window = match plan::day_window(&first_day.get_untracked(), &last_day.get_untracked()) {
            Ok(w) => w,
            Err(e) => {
                failure.set(Some(e));
                return;
            }
        };
        let locations = chosen.get_untracked();
        if locations.is_empty() {
            failure.set(Some("Choose at least one location".into()));
            return;
        }
        let batch = AssignmentBatch {
            assignments: plan::batch(
                version,
                &locations,
                auditor_id,
                window,
                &scenario.get_untracked(),
            ),
        };
        busy.set(true);
        spawn_local(async move {
            match consult::create_assignments(&batch).await {
                Ok(made) => {
                    created.set(Some(format!(
                        "Created {} assignment{}",
                        made.len(),
                        if made.len() == 1 { "" } else { "s" }
                    )));
                    chosen.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(Refused::Rows(rows)) => problems.set(Some(rows)),
                Err(Refused::Api(e)) => failure.set(Some(e.message())),
            }
            busy.set(false);
        });
    };

    let location_name = move |id: Uuid| {
        locations()
            .into_iter()
            .find(|l| l.id == id)
            .map(|l| format!("{} ({})", l.name, l.code))
            .unwrap_or_else(|| id.to_string())
    };
    let auditor_name = move |id: Uuid| {
        auditors
            .get()
            .unwrap_or_default()
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
        <div class="toolbar">
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
        </div>
        <Show when=move || client.get().is_some()>
            <form class="plan-form" on:submit=create aria-labelledby="plan-title">
                <h2 id="plan-title">"New assignments"</h2>
                <label class="field-label" for="plan-checklist">"Checklist"</label>
                <select id="plan-checklist" class="field" on:change=move |ev| checklist_version.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose a checklist\u{2026}"</option>
                    {move || checklists().into_iter().map(|c| {
                        let v = c.version.id;
                        view! { <option value=v.to_string() selected=move || checklist_version.get() == Some(v)>{format!("{} (v{})", c.version.content.name, c.version.number)}</option> }
                    }).collect_view()}
                </select>
                <label class="field-label" for="plan-auditor">"Auditor"</label>
                <select id="plan-auditor" class="field" on:change=move |ev| auditor.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose an auditor\u{2026}"</option>
                    {move || auditors.get().unwrap_or_default().into_iter().filter(|u| !u.disabled).map(|u| {
                        let id = u.id;
                        view! { <option value=id.to_string() selected=move || auditor.get() == Some(id)>{u.name}</option> }
                    }).collect_view()}
                </select>
                <fieldset class="locations">
                    <legend>"Locations"</legend>
                    {move || locations().into_iter().map(|l| {
                        let id = l.id;
                        let key = format!("plan-location-{id}");
                        view! {
                            <label class="switch" for=key.clone()>
                                <input
                                    id=key.clone()
                                    type="checkbox"
                                    prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| plan::toggle(c, id, on));
                                    }
                                />
                                {format!("{} ({})", l.name, l.code)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="row wrap">
                    <label class="field-label" for="plan-first">"First day"</label>
                    <input id="plan-first" class="field" type="date" prop:value=move || first_day.get() on:change=move |ev| first_day.set(event_target_value(&ev)) />
                    <label class="field-label" for="plan-last">"Last day"</label>
                    <input id="plan-last" class="field" type="date" prop:value=move || last_day.get() on:change=move |ev| last_day.set(event_target_value(&ev)) />
                    <ZoneNote />
                </div>
                <label class="field-label" for="plan-scenario">"Scenario"</label>
                <input id="plan-scenario" class="field" prop:value=move || scenario.get() on:input=move |ev| scenario.set(event_target_value(&ev)) />
                <button type="submit" class="btn primary" disabled=move || busy.get()>
                    {move || match chosen.with(Vec::len) {
                        0 | 1 => "Create assignment".to_owned(),
                        n => format!("Create {n} assignments"),
                    }}
                </button>
                {move || created.get().map(|t| view! { <p class="notice ok" role="status" data-testid="plan-result">{t}</p> })}
                {move || failure.get().map(|t| view! { <p class="error" role="alert" data-testid="plan-error">{t}</p> })}
                {move || problems.get().map(|rows| view! { <RowProblems problems=rows row_label="Assignment" column_label="Field" /> })}
            </form>
            <section aria-labelledby="list-title">
                <h2 id="list-title">"Assignments"</h2>
                <div class="row wrap filters">
                    <label class="field-label" for="filter-location">"Location"</label>
                    <select id="filter-location" class="field" on:change=move |ev| f_location.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {move || select_options(locations().into_iter().map(|l| (l.id.to_string(), format!("{} ({})", l.name, l.code))).collect(), f_location)}
                    </select>
                    <label class="field-label" for="filter-auditor">"Auditor"</label>
                    <select id="filter-auditor" class="field" on:change=move |ev| f_auditor.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {move || select_options(auditors.get().unwrap_or_default().into_iter().map(|u| (u.id.to_string(), u.name)).collect(), f_auditor)}
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
        </Show>
    }
}
