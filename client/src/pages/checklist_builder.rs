use crate::components::{
    ChecklistPreview, ChecklistSettings, ClientPicker, ConsultFrame, SectionEditor,
};
use crate::editor::checklist_session::ChecklistSession;
use leptos::prelude::For;
use leptos::prelude::*;
use touchstone_shared::checklist::Checklist;
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
    let session = ChecklistSession::load();
    let ChecklistSession {
        client,
        journeys,
        checklists,
        journey,
        version,
        content,
        pass_mark,
        open,
        status,
        busy,
        new_section,
        never_shown,
        ..
    } = session;
    let client_list = session.client_list();
    let start = move |existing: Option<Checklist>| session.start(existing);
    let pick_journey = move |value: String| session.pick_journey(&value);
    let free_touchpoints = move || session.free_touchpoints();
    let add_section = move |_| session.add_section();
    let touchpoint_name = move |tp: Uuid| session.touchpoint_name(tp);
    let publish = move |_| session.publish();

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
                            <SectionEditor content=content touchpoint_id=tp touchpoint=touchpoint_name(tp) never_shown=never_shown />
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
