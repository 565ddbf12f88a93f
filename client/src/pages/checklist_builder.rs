use crate::api::consult;
use crate::api::per_client::per_client;
use crate::components::{
    ChecklistPreview, ChecklistSettings, ClientPicker, ConsultFrame, SectionEditor,
};
use crate::editor::checklist;
use crate::editor::journey::{channel_label, touchpoints};
use leptos::prelude::For;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::checklist::{Checklist, ChecklistContent, ChecklistInput};
use touchstone_shared::client::ClientInput;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// The checklist builder: sections per touchpoint of a journey, items of every kind with
/// their settings, the checklist's settings, and a live preview scored by the shared code.
/// Publishing saves; the server makes a new version when audits use the current one, and
/// the page shows the version it now has.
#[component]
pub fn ChecklistBuilderPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Checklists">
            <ChecklistBuilder />
        </ConsultFrame>
    }
}

#[component]
fn ChecklistBuilder() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client_list =
        Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default());
    let client = RwSignal::new(None::<Uuid>);
    let reload = RwSignal::new(0u32);
    let journeys = per_client(client, RwSignal::new(0), consult::journeys);
    let checklists = per_client(client, reload, consult::checklists);
    let journey = RwSignal::new(None::<Journey>);
    let editing = RwSignal::new(None::<Uuid>);
    let version = RwSignal::new(None::<i32>);
    let content = RwSignal::new(ChecklistContent::default());
    let pass_mark = RwSignal::new(touchstone_shared::client::DEFAULT_TARGET_PERCENT);
    let open = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    Effect::new(move |_| {
        let target = client.get().and_then(|id| {
            client_list.with(|cs| cs.iter().find(|c| c.id == id).map(|c| c.target_percent))
        });
        if let Some(t) = target {
            pass_mark.set(t);
        }
        journey.set(None);
        open.set(false);
    });

    let start = move |existing: Option<Checklist>| {
        status.set(None);
        match existing {
            Some(c) => {
                editing.set(Some(c.id));
                version.set(Some(c.version.number));
                content.set(c.version.content);
            }
            None => {
                editing.set(None);
                version.set(None);
                content.set(ChecklistContent {
                    name: journey
                        .with_untracked(|j| j.as_ref().map(|j| j.name.clone()).unwrap_or_default()),
                    ..Default::default()
                });
            }
        }
        open.set(true);
    };
    let pick_journey = move |value: String| {
        let id: Option<Uuid> = value.parse().ok();
        let found = id.and_then(|id| {
            journeys
                .get()
                .and_then(|js| js.into_iter().find(|j| j.id == id))
        });
        journey.set(found);
        open.set(false);
    };
    let free_touchpoints = move || {
        journey.with(|j| {
            j.as_ref()
                .map(|j| touchpoints(&j.stages))
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, t)| content.with(|c| checklist::section_index(c, t.id).is_none()))
                .collect::<Vec<_>>()
        })
    };
    let new_section = RwSignal::new(String::new());
    let add_section = move |_| {
        let chosen: Option<Uuid> = new_section.get_untracked().parse().ok();
        let Some(tp) = chosen.or_else(|| free_touchpoints().first().map(|(_, t)| t.id)) else {
            return;
        };
        content.update(|c| {
            if checklist::section_index(c, tp).is_none() {
                checklist::add_section(c, tp, "");
            }
        });
        new_section.set(String::new());
    };
    let touchpoint_name = move |tp: Uuid| {
        Signal::derive(move || {
            journey.with(|j| {
                j.as_ref()
                    .and_then(|j| j.touchpoint(tp))
                    .map(|(s, t)| {
                        format!(
                            "{} \u{b7} {} ({})",
                            j.as_ref()
                                .map(|j| j.stages[s].name.clone())
                                .unwrap_or_default(),
                            t.name,
                            channel_label(t.channel)
                        )
                    })
                    .unwrap_or_else(|| "A touchpoint the journey no longer has".into())
            })
        })
    };
    let publish = move |_| {
        let (Some(client_id), Some(j)) = (client.get_untracked(), journey.get_untracked()) else {
            return;
        };
        let body = content.get_untracked();
        if let Err(e) = checklist::validate(&body, &j) {
            status.set(Some((false, e.to_string())));
            return;
        }
        let input = ChecklistInput {
            client_id,
            journey_id: j.id,
            content: body,
        };
        let mark = pass_mark.get_untracked();
        let client_now =
            client_list.with_untracked(|cs| cs.iter().find(|c| c.id == client_id).cloned());
        busy.set(true);
        spawn_local(async move {
            if let Some(c) = client_now.filter(|c| (c.target_percent - mark).abs() > f64::EPSILON) {
                let update = ClientInput {
                    name: c.name,
                    target_percent: mark,
                };
                if let Err(e) = update.validate() {
                    status.set(Some((false, e.to_string())));
                    busy.set(false);
                    return;
                }
                if let Err(e) = consult::update_client(client_id, &update).await {
                    status.set(Some((false, e.message())));
                    busy.set(false);
                    return;
                }
                clients.refetch();
            }
            match consult::save_checklist(editing.get_untracked(), &input).await {
                Ok(saved) => {
                    editing.set(Some(saved.id));
                    version.set(Some(saved.version.number));
                    content.set(saved.version.content);
                    status.set(Some((
                        true,
                        format!("Published version {}", saved.version.number),
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(e) => status.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="toolbar">
            <ClientPicker clients=client_list selected=client />
            <Show when=move || client.get().is_some()>
                <label class="field-label" for="journey">"Journey"</label>
                <select id="journey" class="field" on:change=move |ev| pick_journey(event_target_value(&ev))>
                    <option value="">"Choose a journey\u{2026}"</option>
                    {move || {
                        journeys
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|j| {
                                let id = j.id;
                                view! { <option value=id.to_string() selected=move || journey.with(|x| x.as_ref().map(|x| x.id)) == Some(id)>{j.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </Show>
        </div>
        <Show when=move || journey.with(Option::is_some)>
            <ul class="chips" aria-label="Checklists of the journey">
                {move || {
                    let jid = journey.with(|j| j.as_ref().map(|j| j.id));
                    checklists
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|c| Some(c.journey_id) == jid)
                        .map(|c| {
                            let label = format!("Edit {} (v{})", c.version.content.name, c.version.number);
                            view! {
                                <li>
                                    <button type="button" class="btn subtle" on:click=move |_| start(Some(c.clone()))>{label}</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                <li><button type="button" class="btn" on:click=move |_| start(None)>"New checklist"</button></li>
            </ul>
        </Show>
        <Show when=move || open.get() && journey.with(Option::is_some)>
            <div class="builder" data-testid="checklist-editor">
                <section class="editor" aria-labelledby="checklist-editor-title">
                    <h2 id="checklist-editor-title">
                        {move || match version.get() {
                            Some(v) => format!("Edit checklist (version {v})"),
                            None => "New checklist".into(),
                        }}
                    </h2>
                    <ChecklistSettings content=content pass_mark=pass_mark />
                    <ol class="sections">
                        <For
                            each=move || content.with(|c| c.sections.iter().map(|s| s.touchpoint_id).collect::<Vec<_>>())
                            key=|tp| *tp
                            let:tp
                        >
                            <SectionEditor content=content touchpoint_id=tp touchpoint=touchpoint_name(tp) />
                        </For>
                    </ol>
                    <div class="row wrap">
                        <label class="field-label" for="new-section">"Touchpoint"</label>
                        <select id="new-section" class="field" on:change=move |ev| new_section.set(event_target_value(&ev))>
                            {move || {
                                free_touchpoints()
                                    .into_iter()
                                    .map(|(stage, t)| {
                                        let id = t.id.to_string();
                                        let selected = { let id = id.clone(); move || new_section.get() == id };
                                        view! { <option value=id selected=selected>{format!("{stage} \u{b7} {}", t.name)}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        <button type="button" class="btn" on:click=add_section disabled=move || free_touchpoints().is_empty()>
                            "Add section"
                        </button>
                    </div>
                    <div class="toolbar">
                        <button type="button" class="btn primary" on:click=publish disabled=move || busy.get()>"Publish"</button>
                        <span class="tag" data-testid="checklist-version">
                            {move || version.get().map(|v| format!("Version {v}")).unwrap_or_else(|| "Not published".into())}
                        </span>
                    </div>
                    {move || {
                        status.get().map(|(ok, text)| {
                            view! { <p class=if ok { "notice ok" } else { "error" } role="status" data-testid="checklist-status">{text}</p> }
                        })
                    }}
                </section>
                <ChecklistPreview content=content journey=journey pass_mark=pass_mark />
            </div>
        </Show>
    }
}
