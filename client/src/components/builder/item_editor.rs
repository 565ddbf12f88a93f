use crate::components::move_buttons::focus_later;
use crate::components::{ConditionPicker, KindSettings, MoveButtons};
use crate::editor::checklist::{self, KINDS, kind_value};
use crate::editor::condition::{self, Target};
use crate::editor::list::Direction;
use leptos::prelude::*;
use touchstone_shared::checklist::{ChecklistContent, Item};
use uuid::Uuid;

/// One item of the checklist being edited: question, kind, weight, the N/A, critical,
/// required and photo switches (always, or when the answer fails), the settings of its
/// kind, and when it is asked, with a warning when it never can be.
#[component]
pub fn ItemEditor(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The item's id.
    id: Uuid,
    /// The items no answers can show.
    never_shown: Memo<Vec<Uuid>>,
) -> impl IntoView {
    let item = Memo::new(move |_| {
        content.with(|c| checklist::item_at(c, id).map(|(s, i)| c.sections[s].items[i].clone()))
    });
    let read =
        move |f: fn(&Item) -> String| move || item.with(|i| i.as_ref().map(f).unwrap_or_default());
    let flag = move |f: fn(&Item) -> bool| move || item.with(|i| i.as_ref().is_some_and(f));
    let scored = move || item.with(|i| i.as_ref().is_some_and(|i| i.kind.is_scored()));
    let edit = move |f: &dyn Fn(&mut Item)| {
        content.update(|c| {
            if let Some((s, i)) = checklist::item_at(c, id)
                && let Some(item) = checklist::item_mut(c, s, i)
            {
                f(item);
            }
        });
    };
    let what = Signal::derive(move || {
        format!(
            "item {}",
            item.with(|i| i.as_ref().map(|i| i.label.clone()).unwrap_or_default())
        )
    });
    let on_move = Callback::new(move |d: Direction| {
        content.update(|c| {
            if let Some((s, i)) = checklist::item_at(c, id) {
                checklist::shift_item(c, s, i, d);
            }
        });
        focus_later(format!(
            "item-{id}-{}",
            if d == Direction::Up { "up" } else { "down" }
        ));
    });
    let on_remove = Callback::new(move |()| {
        content.update(|c| {
            if let Some((s, i)) = checklist::item_at(c, id) {
                checklist::remove_item(c, s, i);
            }
        });
    });
    let kind = read(|i| kind_value(&i.kind).to_owned());
    let switch = move |label: &'static str,
                       key: &'static str,
                       get: fn(&Item) -> bool,
                       set: fn(&mut Item, bool),
                       only_scored: bool| {
        let input_id = format!("item-{id}-{key}");
        view! {
            <label class="switch" for=input_id.clone() class:hidden=move || only_scored && !scored()>
                <input
                    id=input_id.clone()
                    type="checkbox"
                    prop:checked=flag(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(&|i| set(i, on));
                    }
                />
                {label}
            </label>
        }
    };
    view! {
        <li class="item-editor" data-testid="item-editor" id=format!("item-editor-{id}")>
            <div class="row">
                <label class="visually-hidden" for=format!("item-{id}-label")>"Question"</label>
                <input
                    id=format!("item-{id}-label")
                    class="field grow"
                    placeholder="Question"
                    prop:value=read(|i| i.label.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(&|i| i.label = text.clone());
                    }
                />
                <MoveButtons what=what id_prefix=format!("item-{id}") on_move=on_move on_remove=on_remove />
            </div>
            <div class="row wrap">
                <label class="field-label" for=format!("item-{id}-kind")>"Kind"</label>
                <select
                    id=format!("item-{id}-kind")
                    class="field"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        edit(&|i| checklist::set_kind(i, &value));
                    }
                >
                    {KINDS
                        .iter()
                        .map(|(value, label)| {
                            view! { <option value=*value selected=move || kind() == *value>{*label}</option> }
                        })
                        .collect_view()}
                </select>
                <span class:hidden=move || !scored() class="inline">
                    <label class="field-label" for=format!("item-{id}-weight")>"Weight"</label>
                    <input
                        id=format!("item-{id}-weight")
                        class="field narrow-number"
                        type="number"
                        min="0"
                        step="any"
                        prop:value=read(|i| i.weight.to_string())
                        on:change=move |ev| {
                            if let Some(w) = checklist::parse_number(&event_target_value(&ev)) {
                                edit(&|i| i.weight = w);
                            }
                        }
                    />
                </span>
            </div>
            <KindSettings content=content id=id />
            <div class="row wrap switches">
                {switch("N/A allowed", "na", |i| i.allow_na, |i, on| i.allow_na = on, true)}
                {switch("Critical", "critical", |i| i.critical, |i, on| i.critical = on, true)}
                {switch("Required", "required", |i| i.required, |i, on| i.required = on, false)}
                {switch("Photo required", "photo", |i| i.photo_required, |i, on| i.photo_required = on, false)}
                {switch("Photo when failed", "photo-if-failed", |i| i.photo_if_failed, |i, on| i.photo_if_failed = on, true)}
                {switch("Note when failed", "note-if-failed", |i| i.note_if_failed, |i, on| i.note_if_failed = on, true)}
            </div>
            <Show when=move || never_shown.with(|n| n.contains(&id))>
                <p class="error" role="alert" data-testid="never-shown">
                    "Never shown: no answers to the earlier items make this item\u{2019}s conditions (or its section\u{2019}s) hold."
                </p>
            </Show>
            <details class="item-condition" open=move || content.with(|c| condition::condition_of(c, Target::Item(id)).is_some())>
                <summary>"Condition"</summary>
                <ConditionPicker content=content target=Target::Item(id) />
            </details>
        </li>
    }
}
