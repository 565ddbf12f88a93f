use crate::editor::checklist::parse_number;
use crate::editor::condition::{self, Joiner, Op, Target, TestsEdit};
use leptos::prelude::*;
use touchstone_shared::checklist::{ChecklistContent, Item};
use touchstone_shared::condition::Condition;
use touchstone_shared::condition::reach::values_for;

/// When an item or a section is asked: tests on earlier items, each an item picked by its
/// question, an operator fitting its kind and values ticked from its options, joined by
/// "all" or "any". Problems show as saving would report them.
#[component]
pub fn ConditionPicker(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// What the condition belongs to.
    target: Target,
) -> impl IntoView {
    let key = target.key();
    let shape = Memo::new(move |_| {
        content.with(|c| condition::flatten(condition::condition_of(c, target)))
    });
    let earlier = Memo::new(move |_| content.with(|c| condition::earlier_items(c, target)));
    let problem = Memo::new(move |_| {
        content.with(|c| condition::check(c, target).err().map(|e| e.message.clone()))
    });
    let edit = move |f: TestsEdit| {
        content.update(|c| condition::edit(c, target, f));
    };
    let add = move |_| {
        let Some(last) = earlier.with_untracked(|e| e.last().cloned()) else {
            return;
        };
        let op = condition::ops_for(&last)[0];
        edit(Box::new(move |_, tests| {
            tests.push(condition::new_test(&last, op))
        }));
    };
    let joiner_id = format!("{key}-joiner");
    let rows = move || {
        let Some((_, tests)) = shape.get() else {
            return view! {
                <p class="hint">"This condition nests deeper than the pickers show."</p>
                <button
                    type="button"
                    class="btn subtle"
                    on:click=move |_| content.update(|c| condition::set_condition(c, target, None))
                >
                    "Remove the condition"
                </button>
            }
            .into_any();
        };
        tests
            .into_iter()
            .enumerate()
            .map(|(k, test)| view! { <TestRow content=content target=target k=k test=test earlier=earlier /> })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset class="condition" data-testid="condition-picker" data-target=key.clone()>
            <legend>"Ask only when"</legend>
            <Show when=move || shape.with(|s| s.as_ref().is_some_and(|(_, t)| t.len() > 1))>
                <label class="field-label" for=joiner_id.clone()>"Combine"</label>
                <select
                    id=joiner_id.clone()
                    class="field"
                    on:change=move |ev| {
                        let any = event_target_value(&ev) == "any";
                        edit(Box::new(move |j, _| *j = if any { Joiner::Any } else { Joiner::All }));
                    }
                >
                    <option value="all" selected=move || shape.with(|s| matches!(s, Some((Joiner::All, _))))>"all of these hold"</option>
                    <option value="any" selected=move || shape.with(|s| matches!(s, Some((Joiner::Any, _))))>"any of these holds"</option>
                </select>
            </Show>
            <ul class="tests">{rows}</ul>
            <button
                type="button"
                class="btn subtle"
                data-testid="add-condition"
                disabled=move || earlier.with(Vec::is_empty) || shape.with(Option::is_none)
                on:click=add
            >
                "Add a condition"
            </button>
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </fieldset>
    }
}

/// One test: the item, the operator, the values or range.
#[component]
fn TestRow(
    content: RwSignal<ChecklistContent>,
    target: Target,
    k: usize,
    test: Condition,
    earlier: Memo<Vec<Item>>,
) -> impl IntoView {
    let prefix = format!("{}-test-{k}", target.key());
    let item_select = format!("{prefix}-item");
    let op_select = format!("{prefix}-op");
    let item_id = test.item_ids().first().copied();
    let item = earlier.with_untracked(|e| e.iter().find(|i| Some(i.id) == item_id).cloned());
    let op = condition::op_of(&test);
    let change = move |f: Box<dyn FnOnce(&mut Condition)>| {
        content.update(|c| {
            condition::edit(c, target, move |_, tests| {
                if let Some(t) = tests.get_mut(k) {
                    f(t);
                }
            });
        });
    };
    let pick_item = move |ev| {
        let id = event_target_value(&ev);
        let Some(found) =
            earlier.with_untracked(|e| e.iter().find(|i| i.id.to_string() == id).cloned())
        else {
            return;
        };
        let op = condition::ops_for(&found)[0];
        change(Box::new(move |t| *t = condition::new_test(&found, op)));
    };
    let ops = item.as_ref().map(condition::ops_for).unwrap_or_default();
    let op_item = item.clone();
    let pick_op = move |ev| {
        let (Some(op), Some(found)) = (Op::parse(&event_target_value(&ev)), op_item.clone()) else {
            return;
        };
        change(Box::new(move |t| *t = condition::new_test(&found, op)));
    };
    let values = condition::test_values(&test);
    let value_boxes = match (&item, op) {
        (Some(item), Op::Is | Op::IsNot) => values_for(&item.kind)
            .into_iter()
            .enumerate()
            .map(|(n, v)| {
                let id = format!("{prefix}-value-{n}");
                let for_id = id.clone();
                let ticked = values.contains(&v);
                let label = condition::value_label(&v);
                view! {
                    <label class="switch" for=for_id>
                        <input
                            id=id
                            type="checkbox"
                            prop:checked=ticked
                            on:change=move |_| {
                                let v = v.clone();
                                change(Box::new(move |t| condition::toggle_value(t, &v)));
                            }
                        />
                        {label}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        (Some(_), Op::InRange) => {
            let (min, max) = match &test {
                Condition::InRange { min, max, .. } => (*min, *max),
                _ => (None, None),
            };
            let bound = move |low: bool, now: Option<f64>| {
                let id = format!("{prefix}-{}", if low { "min" } else { "max" });
                let for_id = id.clone();
                view! {
                    <label class="field-label" for=for_id>{if low { "from" } else { "to" }}</label>
                    <input
                        id=id
                        class="field narrow-number"
                        type="number"
                        step="any"
                        prop:value=now.map(|v| v.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let b = parse_number(&event_target_value(&ev));
                            change(Box::new(move |t| condition::set_bound(t, low, b)));
                        }
                    />
                }
            };
            view! { {bound(true, min)} {bound(false, max)} }.into_any()
        }
        _ => ().into_any(),
    };
    let remove = move |_| {
        content.update(|c| {
            condition::edit(c, target, |_, tests| {
                if k < tests.len() {
                    tests.remove(k);
                }
            });
        });
    };
    view! {
        <li class="row wrap test" data-testid="condition-test">
            <label class="visually-hidden" for=item_select.clone()>"Earlier item"</label>
            <select id=item_select class="field" on:change=pick_item>
                {item.is_none().then(|| view! { <option value="" selected=true>"An item that is no longer earlier"</option> })}
                {move || earlier.get().into_iter().map(|i| {
                    let selected = Some(i.id) == item_id;
                    let label = if i.label.trim().is_empty() { "(no question yet)".to_owned() } else { i.label.clone() };
                    view! { <option value=i.id.to_string() selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            <label class="visually-hidden" for=op_select.clone()>"Test"</label>
            <select id=op_select class="field" on:change=pick_op>
                {ops.into_iter().map(|o| {
                    let label = Op::ALL.iter().find(|(x, ..)| *x == o).map_or("", |(.., l)| *l);
                    view! { <option value=o.value() selected=o == op>{label}</option> }
                }).collect_view()}
            </select>
            {value_boxes}
            <button type="button" class="btn subtle" aria-label="Remove this condition" on:click=remove>"\u{d7}"</button>
        </li>
    }
}
