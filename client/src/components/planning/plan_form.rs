//! The form that plans visits: one assignment per chosen location (checklist × auditor ×
//! window), made in one all-or-nothing request.

use crate::api::consult::{self, Refused};
use crate::components::{DayRange, RowProblems};
use crate::editor::plan;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::assignment::AssignmentBatch;
use touchstone_shared::checklist::Checklist;
use touchstone_shared::import::RowProblem;
use touchstone_shared::location::Location;
use touchstone_shared::user::User;
use uuid::Uuid;

/// New assignments for the chosen client's locations; bumps `reload` when some were made.
#[component]
pub fn PlanForm(
    locations: Signal<Vec<Location>>,
    checklists: Signal<Vec<Checklist>>,
    auditors: Signal<Vec<User>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
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

    view! {
    <form class="plan-form" on:submit=create aria-labelledby="plan-title">
        <h2 id="plan-title">"New assignments"</h2>
        <label class="field-label" for="plan-checklist">"Checklist"</label>
        <select id="plan-checklist" class="field" on:change=move |ev| checklist_version.set(event_target_value(&ev).parse().ok())>
            <option value="">"Choose a checklist\u{2026}"</option>
            {move || checklists.get().into_iter().map(|c| {
                let v = c.version.id;
                view! { <option value=v.to_string() selected=move || checklist_version.get() == Some(v)>{format!("{} (v{})", c.version.content.name, c.version.number)}</option> }
            }).collect_view()}
        </select>
        <label class="field-label" for="plan-auditor">"Auditor"</label>
        <select id="plan-auditor" class="field" on:change=move |ev| auditor.set(event_target_value(&ev).parse().ok())>
            <option value="">"Choose an auditor\u{2026}"</option>
            {move || auditors.get().into_iter().filter(|u| !u.disabled).map(|u| {
                let id = u.id;
                view! { <option value=id.to_string() selected=move || auditor.get() == Some(id)>{u.name}</option> }
            }).collect_view()}
        </select>
        <fieldset class="locations">
            <legend>"Locations"</legend>
            {move || locations.get().into_iter().map(|l| {
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
        <DayRange id="plan" first=first_day last=last_day />
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
    }
}
