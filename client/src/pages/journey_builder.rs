use crate::api::consult;
use crate::api::per_client::per_client;
use crate::components::move_buttons::focus_later;
use crate::components::{ClientPicker, ConsultFrame, StageEditor};
use crate::editor::journey;
use leptos::prelude::For;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::journey::{DEFAULT_STAGES, Journey, JourneyInput, Stage};
use uuid::Uuid;

fn default_stages() -> Vec<Stage> {
    let mut stages = Vec::new();
    for name in DEFAULT_STAGES {
        journey::add_stage(&mut stages, name);
    }
    stages
}

/// The journey builder: a client's journeys, their stages and touchpoints (with channels),
/// added, renamed, removed and reordered with buttons, then saved.
#[component]
pub fn JourneyBuilderPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Journeys">
            <JourneyBuilder />
        </ConsultFrame>
    }
}

#[component]
fn JourneyBuilder() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client = RwSignal::new(None::<Uuid>);
    let reload = RwSignal::new(0u32);
    let journeys = per_client(client, reload, consult::journeys);
    let editing = RwSignal::new(None::<Uuid>);
    let name = RwSignal::new(String::new());
    let stages = RwSignal::new(Vec::<Stage>::new());
    let open = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let start = move |j: Option<Journey>| {
        status.set(None);
        match j {
            Some(j) => {
                editing.set(Some(j.id));
                name.set(j.name);
                stages.set(j.stages);
            }
            None => {
                editing.set(None);
                name.set(String::new());
                stages.set(default_stages());
            }
        }
        open.set(true);
    };
    let add_stage = move |_| {
        let mut id = None;
        stages.update(|v| {
            let s = journey::add_stage(v, "");
            id = Some(v[s].id);
        });
        if let Some(id) = id {
            focus_later(format!("stage-{id}-name"));
        }
    };
    let save = move |_| {
        let Some(client_id) = client.get_untracked() else {
            status.set(Some((false, "Choose a client first".into())));
            return;
        };
        let input = JourneyInput {
            client_id,
            name: name.get_untracked().trim().to_owned(),
            stages: Some(stages.get_untracked()),
        };
        if let Err(e) = input.validate() {
            status.set(Some((false, e.to_string())));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match consult::save_journey(editing.get_untracked(), &input).await {
                Ok(j) => {
                    editing.set(Some(j.id));
                    status.set(Some((true, format!("Saved \u{201c}{}\u{201d}", j.name))));
                    reload.update(|n| *n += 1);
                }
                Err(e) => status.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="toolbar">
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
        </div>
        <Show when=move || client.get().is_some()>
            <section aria-labelledby="journeys-title">
                <h2 id="journeys-title">"Journeys"</h2>
                <ul class="chips">
                    {move || {
                        journeys
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|j| {
                                let label = j.name.clone();
                                view! {
                                    <li>
                                        <button type="button" class="btn subtle" on:click=move |_| start(Some(j.clone()))>
                                            {format!("Edit {label}")}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <li>
                        <button type="button" class="btn" on:click=move |_| start(None)>"New journey"</button>
                    </li>
                </ul>
            </section>
        </Show>
        <Show when=move || open.get() && client.get().is_some()>
            <section class="editor" aria-labelledby="journey-editor-title" data-testid="journey-editor">
                <h2 id="journey-editor-title">
                    {move || if editing.get().is_some() { "Edit journey" } else { "New journey" }}
                </h2>
                <label class="field-label" for="journey-name">"Journey name"</label>
                <input
                    id="journey-name"
                    class="field"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <ol class="stages">
                    <For each=move || stages.with(|v| v.iter().map(|s| s.id).collect::<Vec<_>>()) key=|id| *id let:id>
                        <StageEditor stages=stages id=id />
                    </For>
                </ol>
                <div class="toolbar">
                    <button type="button" class="btn" on:click=add_stage>"Add stage"</button>
                    <button type="button" class="btn primary" on:click=save disabled=move || busy.get()>
                        "Save journey"
                    </button>
                </div>
                {move || {
                    status.get().map(|(ok, text)| {
                        view! { <p class=if ok { "notice ok" } else { "error" } role="status" data-testid="journey-status">{text}</p> }
                    })
                }}
            </section>
        </Show>
    }
}
