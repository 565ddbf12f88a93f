use crate::components::move_buttons::focus_later;
use crate::components::{MoveButtons, TouchpointRow};
use crate::editor::journey;
use crate::editor::list::Direction;
use leptos::prelude::For;
use leptos::prelude::*;
use touchstone_shared::journey::{Channel, Stage};
use uuid::Uuid;

/// One stage of the journey being edited: its name, its place, and its touchpoints.
#[component]
pub fn StageEditor(
    /// The journey's stages.
    stages: RwSignal<Vec<Stage>>,
    /// The stage's id.
    id: Uuid,
) -> impl IntoView {
    let name = Memo::new(move |_| {
        stages.with(|v| {
            v.iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        })
    });
    let what = Signal::derive(move || format!("stage {}", name.get()));
    let input_id = format!("stage-{id}-name");
    let edit = move |f: &dyn Fn(&mut Vec<Stage>, usize)| {
        stages.update(|v| {
            if let Some(s) = journey::stage_index(v, id) {
                f(v, s);
            }
        });
    };
    let on_move = Callback::new(move |d: Direction| {
        edit(&|v, s| {
            journey::shift_stage(v, s, d);
        });
        focus_later(format!(
            "stage-{id}-{}",
            if d == Direction::Up { "up" } else { "down" }
        ));
    });
    let on_remove = Callback::new(move |()| {
        edit(&|v, s| {
            journey::remove_stage(v, s);
        });
    });
    let add_touchpoint = move |_| {
        let mut added = None;
        stages.update(|v| {
            if let Some(s) = journey::stage_index(v, id)
                && let Some(t) = journey::add_touchpoint(v, s, "", Channel::InStore)
            {
                added = Some(v[s].touchpoints[t].id);
            }
        });
        if let Some(tp) = added {
            focus_later(format!("touchpoint-{tp}-name"));
        }
    };
    view! {
        <li class="stage" data-testid="stage">
            <div class="row">
                <label class="visually-hidden" for=input_id.clone()>"Stage name"</label>
                <input
                    id=input_id
                    class="field stage-name"
                    placeholder="Stage name"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(&|v, s| journey::rename_stage(v, s, &text));
                    }
                />
                <MoveButtons what=what id_prefix=format!("stage-{id}") on_move=on_move on_remove=on_remove />
            </div>
            <ol class="touchpoints">
                <For
                    each=move || {
                        stages.with(|v| {
                            v.iter()
                                .find(|s| s.id == id)
                                .map(|s| s.touchpoints.iter().map(|t| t.id).collect::<Vec<_>>())
                                .unwrap_or_default()
                        })
                    }
                    key=|t| *t
                    let:touchpoint
                >
                    <TouchpointRow stages=stages id=touchpoint />
                </For>
            </ol>
            <button type="button" class="btn subtle" on:click=add_touchpoint>
                {move || format!("Add touchpoint to {}", name.get())}
            </button>
        </li>
    }
}
