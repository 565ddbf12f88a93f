use crate::components::OptionGroup;
use crate::editor::checklist::{parse_number, set_answer};
use leptos::prelude::*;
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::checklist::{Item, ItemKind};
use touchstone_shared::multi_select::toggle;

/// One item of the preview with a control for its kind and N/A where allowed.
#[component]
pub fn PreviewItem(
    /// The item.
    item: Item,
    /// The preview's answers.
    answers: RwSignal<Vec<Answer>>,
) -> impl IntoView {
    let id = item.id;
    let value = Memo::new(move |_| {
        answers.with(|a| a.iter().find(|a| a.item_id == id).map(|a| a.value.clone()))
    });
    let set = move |v: Option<AnswerValue>| answers.update(|a| set_answer(a, id, v));
    let label_id = format!("preview-{id}-label");
    let pick_label = label_id.clone();
    let pick = move |options: Vec<(String, String)>,
                     selected: Signal<Option<String>>,
                     to_value: fn(&str) -> Option<AnswerValue>| {
        view! {
            <OptionGroup
                labelled_by=pick_label.clone()
                options=options
                selected=selected
                on_select=Callback::new(move |k: String| set(to_value(&k)))
                enabled=true
            />
        }
    };
    let selected = move |f: fn(&AnswerValue) -> Option<String>| {
        Signal::derive(move || value.with(|v| v.as_ref().and_then(f)))
    };
    let control = match &item.kind {
        ItemKind::YesNo { .. } => pick(
            vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            selected(|v| match v { AnswerValue::YesNo(b) => Some(if *b { "yes" } else { "no" }.into()), _ => None }),
            |k| Some(AnswerValue::YesNo(k == "yes")),
        )
        .into_any(),
        ItemKind::Choice { options } => pick(
            options.iter().map(|o| (o.label.clone(), format!("{} ({} pts)", o.label, o.points))).collect(),
            selected(|v| match v { AnswerValue::Choice(l) => Some(l.clone()), _ => None }),
            |k| Some(AnswerValue::Choice(k.to_owned())),
        )
        .into_any(),
        ItemKind::MultiSelect { options, none_label, .. } => {
            let none = none_label.clone();
            let picked = Signal::derive(move || match value.get() {
                Some(AnswerValue::MultiSelect(p)) => p,
                _ => Vec::new(),
            });
            view! {
                <OptionGroup
                    labelled_by=label_id.clone()
                    options=options
                        .iter()
                        .map(|o| (o.label.clone(), format!("{} ({} pts)", o.label, o.points)))
                        .chain(none_label.iter().map(|l| (l.clone(), l.clone())))
                        .collect()
                    selected=Signal::stored(None::<String>)
                    picked=picked
                    on_select=Callback::new(move |k: String| {
                        let now = toggle(none.as_deref(), &picked.get_untracked(), &k);
                        set((!now.is_empty()).then_some(AnswerValue::MultiSelect(now)));
                    })
                    enabled=true
                />
            }
            .into_any()
        }
        ItemKind::Nps => pick(
            (0..=10).map(|n| (n.to_string(), n.to_string())).collect(),
            selected(|v| match v { AnswerValue::Nps(n) => Some(n.to_string()), _ => None }),
            |k| k.parse().ok().map(AnswerValue::Nps),
        )
        .into_any(),
        ItemKind::Scale { min, max } => {
            let (min, max) = (*min, *max);
            view! {
                <input
                    class="field narrow-number"
                    type="number"
                    min=min
                    max=max
                    step="any"
                    aria-labelledby=label_id.clone()
                    placeholder=format!("{min}\u{2013}{max}")
                    on:input=move |ev| set(parse_number(&event_target_value(&ev)).map(AnswerValue::Scale))
                />
            }
            .into_any()
        }
        ItemKind::Number { .. } => view! {
            <input
                class="field narrow-number"
                type="number"
                step="any"
                aria-labelledby=label_id.clone()
                on:input=move |ev| set(parse_number(&event_target_value(&ev)).map(AnswerValue::Number))
            />
        }
        .into_any(),
        ItemKind::Text => view! {
            <textarea
                class="field"
                aria-labelledby=label_id.clone()
                on:input=move |ev| {
                    let t = event_target_value(&ev);
                    set((!t.is_empty()).then_some(AnswerValue::Text(t)));
                }
            ></textarea>
        }
        .into_any(),
        ItemKind::Photo => view! { <p class="hint">"The auditor attaches a photo here."</p> }.into_any(),
        _ => view! { <p class="hint">"The auditor answers this on the phone."</p> }.into_any(),
    };
    let na = item.allow_na.then(|| {
        view! {
            <button
                type="button"
                class="option na"
                aria-pressed=move || (value.get() == Some(AnswerValue::Na)).to_string()
                on:click=move |_| set(Some(AnswerValue::Na))
            >
                "N/A"
            </button>
        }
    });
    let tags = [
        (item.critical, "critical"),
        (item.required, "required"),
        (item.photo_required, "photo required"),
    ];
    view! {
        <div class="item preview-item" data-testid="preview-item" data-item=id.to_string()>
            <p class="item-label" id=format!("preview-{id}-label")>
                {item.label.clone()}
                {tags
                    .into_iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, t)| view! { <span class="tag">{t}</span> })
                    .collect_view()}
            </p>
            {control}
            {na}
        </div>
    }
}
