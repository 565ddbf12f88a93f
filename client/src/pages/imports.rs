use crate::api::consult::{self, Refused};
use crate::api::per_client::per_client;
use crate::components::{ClientPicker, ConsultFrame, RowProblems};
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::import::RowProblem;
use uuid::Uuid;
use wasm_bindgen::JsCast;

/// What an import answered.
#[derive(Clone)]
enum Outcome {
    Done(String),
    Rows(Vec<RowProblem>),
    Failed(String),
}

/// Imports from spreadsheets (CSV or XLSX): a client's locations, or a checklist for a
/// journey. A file with any problem imports nothing; the page lists every problem by row
/// and column, as the server found them.
#[component]
pub fn ImportsPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Imports">
            <Imports />
        </ConsultFrame>
    }
}

#[component]
fn Imports() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client = RwSignal::new(None::<Uuid>);
    let journeys = per_client(client, RwSignal::new(0), consult::journeys);
    let what = RwSignal::new("locations".to_owned());
    let journey = RwSignal::new(None::<Uuid>);
    let name = RwSignal::new(String::new());
    let file = RwSignal::new_local(None::<web_sys::File>);
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = file.get_untracked() else {
            outcome.set(Some(Outcome::Failed("Choose a file".into())));
            return;
        };
        let Some(client_id) = client.get_untracked() else {
            outcome.set(Some(Outcome::Failed("Choose a client".into())));
            return;
        };
        let kind = what.get_untracked();
        let journey_id = journey.get_untracked();
        if kind != "locations" && journey_id.is_none() {
            outcome.set(Some(Outcome::Failed("Choose a journey".into())));
            return;
        }
        let name = name.get_untracked();
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = if kind == "locations" {
                consult::import_locations(client_id, &f).await.map(|s| {
                    format!(
                        "Imported {} location{}",
                        s.created,
                        if s.created == 1 { "" } else { "s" }
                    )
                })
            } else {
                let journey_id = journey_id.unwrap_or_default();
                consult::import_checklist(journey_id, &name, &f)
                    .await
                    .map(|c| {
                        let items: usize = c
                            .version
                            .content
                            .sections
                            .iter()
                            .map(|s| s.items.len())
                            .sum();
                        format!(
                            "Created checklist \u{201c}{}\u{201d} (version {}) with {items} items",
                            c.version.content.name, c.version.number
                        )
                    })
            };
            outcome.set(Some(match result {
                Ok(done) => Outcome::Done(done),
                Err(Refused::Rows(rows)) => Outcome::Rows(rows),
                Err(Refused::Api(e)) => Outcome::Failed(e.message()),
            }));
            busy.set(false);
        });
    };

    view! {
        <form class="import-form" on:submit=upload>
            <fieldset class="row wrap">
                <legend>"What to import"</legend>
                <label class="switch">
                    <input type="radio" name="what" value="locations" prop:checked=move || what.get() == "locations" on:change=move |_| what.set("locations".into()) />
                    "Locations"
                </label>
                <label class="switch">
                    <input type="radio" name="what" value="checklist" prop:checked=move || what.get() == "checklist" on:change=move |_| what.set("checklist".into()) />
                    "Checklist"
                </label>
            </fieldset>
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
            <Show when=move || what.get() == "checklist">
                <label class="field-label" for="import-journey">"Journey"</label>
                <select id="import-journey" class="field" on:change=move |ev| journey.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose a journey\u{2026}"</option>
                    {move || {
                        journeys
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|j| view! { <option value=j.id.to_string()>{j.name}</option> })
                            .collect_view()
                    }}
                </select>
                <label class="field-label" for="import-name">"Checklist name"</label>
                <input id="import-name" class="field" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </Show>
            <label class="field-label" for="import-file">"File (CSV or XLSX)"</label>
            <input
                id="import-file"
                class="field"
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=move |ev| {
                    let chosen = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        .and_then(|i| i.files())
                        .and_then(|fs| fs.get(0));
                    file.set(chosen);
                }
            />
            <p class="hint">
                "Locations: columns name, code, lat, lon (required), address, region, radius, time_zone. "
                "Checklists: the layout in docs/import-formats.md."
            </p>
            <button type="submit" class="btn primary" disabled=move || busy.get()>
                {move || if busy.get() { "Importing\u{2026}" } else { "Import" }}
            </button>
        </form>
        {move || match outcome.get() {
            None => ().into_any(),
            Some(Outcome::Done(text)) => view! { <p class="notice ok" role="status" data-testid="import-result">{text}</p> }.into_any(),
            Some(Outcome::Failed(text)) => view! { <p class="error" role="alert" data-testid="import-error">{text}</p> }.into_any(),
            Some(Outcome::Rows(rows)) => view! { <RowProblems problems=rows row_label="Row" column_label="Column" /> }.into_any(),
        }}
    }
}
