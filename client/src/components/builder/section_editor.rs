use crate::components::move_buttons::focus_later;
use crate::components::{ConditionPicker, ItemEditor, MoveButtons};
use crate::editor::checklist::{self, KINDS};
use crate::editor::condition::{self, Target};
use crate::editor::list::Direction;
use leptos::prelude::For;
use leptos::prelude::*;
use touchstone_shared::checklist::ChecklistContent;
use uuid::Uuid;

/// The section of the checklist scoring one touchpoint: its heading, place and items, and a
/// way to add an item of any kind.
#[component]
pub fn SectionEditor(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The touchpoint the section scores.
    touchpoint_id: Uuid,
    /// The touchpoint's name and channel, for the heading.
    #[prop(into)]
    touchpoint: Signal<String>,
    /// The items no answers can show.
    never_shown: Memo<Vec<Uuid>>,
) -> impl IntoView {
    let title = Memo::new(move |_| {
        content.with(|c| {
            checklist::section_index(c, touchpoint_id)
                .map(|s| c.sections[s].title.clone())
                .unwrap_or_default()
        })
    });
    let what = Signal::derive(move || format!("section {}", touchpoint.get()));
    let on_move = Callback::new(move |d: Direction| {
        content.update(|c| {
            if let Some(s) = checklist::section_index(c, touchpoint_id) {
                checklist::shift_section(c, s, d);
            }
        });
        let end = if d == Direction::Up { "up" } else { "down" };
        focus_later(format!("section-{touchpoint_id}-{end}"));
    });
    let on_remove = Callback::new(move |()| {
        content.update(|c| {
            if let Some(s) = checklist::section_index(c, touchpoint_id) {
                checklist::remove_section(c, s);
            }
        });
    });
    let new_kind = RwSignal::new("yes_no".to_owned());
    let add_item = move |_| {
        let Some(item) = checklist::new_item(&new_kind.get_untracked(), "") else {
            return;
        };
        let item_id = item.id;
        content.update(|c| {
            if let Some(s) = checklist::section_index(c, touchpoint_id) {
                checklist::add_item(c, s, item);
            }
        });
        focus_later(format!("item-{item_id}-label"));
    };
    let title_id = format!("section-{touchpoint_id}-title");
    let kind_id = format!("section-{touchpoint_id}-kind");
    view! {
        <li class="section-editor" data-testid="section-editor" data-touchpoint=touchpoint_id.to_string()>
            <div class="row">
                <h3 class="grow">{move || touchpoint.get()}</h3>
                <MoveButtons what=what id_prefix=format!("section-{touchpoint_id}") on_move=on_move on_remove=on_remove />
            </div>
            <label class="field-label" for=title_id.clone()>"Heading for the auditor"</label>
            <input
                id=title_id
                class="field"
                prop:value=move || title.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    content.update(|c| {
                        if let Some(s) = checklist::section_index(c, touchpoint_id) {
                            c.sections[s].title = text;
                        }
                    });
                }
            />
            <details class="section-condition" open=move || content.with(|c| condition::condition_of(c, Target::Section(touchpoint_id)).is_some())>
                <summary>"Condition for the whole section"</summary>
                <ConditionPicker content=content target=Target::Section(touchpoint_id) />
            </details>
            <ol class="items">
                <For
                    each=move || {
                        content.with(|c| {
                            checklist::section_index(c, touchpoint_id)
                                .map(|s| c.sections[s].items.iter().map(|i| i.id).collect::<Vec<_>>())
                                .unwrap_or_default()
                        })
                    }
                    key=|id| *id
                    let:item
                >
                    <ItemEditor content=content id=item never_shown=never_shown />
                </For>
            </ol>
            <div class="row">
                <label class="visually-hidden" for=kind_id.clone()>"Kind of the new item"</label>
                <select id=kind_id class="field" on:change=move |ev| new_kind.set(event_target_value(&ev))>
                    {KINDS
                        .iter()
                        .map(|(value, label)| {
                            view! { <option value=*value selected=move || new_kind.get() == *value>{*label}</option> }
                        })
                        .collect_view()}
                </select>
                <button type="button" class="btn" on:click=add_item>
                    {move || format!("Add item to {}", touchpoint.get())}
                </button>
            </div>
        </li>
    }
}
