use crate::form::form_ctx;
use crate::format;
use leptos::prelude::*;

/// The journey at a glance: every touchpoint (grouped by stage) with its live score and
/// whether it is complete; tap to go there. The last entry is "Review & submit".
#[component]
pub fn TouchpointNav() -> impl IntoView {
    let form = form_ctx();
    let steps = form.steps.get_value();
    let review_index = steps.len();
    let draft = form.draft;
    let mut last_stage = String::new();
    let entries = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let stage = (step.stage != last_stage).then(|| step.stage.clone());
            last_stage = step.stage.clone();
            let points = form.touchpoint_points(step.touchpoint_id);
            let item_ids: Vec<_> = step
                .sections
                .iter()
                .flat_map(|(_, items)| items.iter().map(|i| i.id))
                .collect();
            let complete = move || {
                draft.with(|d| {
                    (item_ids.iter())
                        .filter(|id| form.is_asked(**id))
                        .all(|id| d.is_answered(*id))
                })
            };
            view! {
                {stage.map(|s| view! { <li class="stage-name" aria-hidden="true">{s}</li> })}
                <li>
                    <button
                        type="button"
                        class="chip"
                        class:current=move || form.step.get() == i
                        class:complete=complete
                        aria-current=move || (form.step.get() == i).then_some("step")
                        on:click=move |_| form.step.set(i)
                    >
                        <span class="chip-name">
                            <span class="sr-only">{format!("{} \u{2013} ", step.stage)}</span>
                            {step.name.clone()}
                        </span>
                        <span class="chip-score">{move || format::percent(&points.get())}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="touchpoints" aria-label="Touchpoints">
            <ol>
                {entries}
                <li>
                    <button
                        type="button"
                        class="chip review"
                        class:current=move || form.step.get() == review_index
                        aria-current=move || (form.step.get() == review_index).then_some("step")
                        on:click=move |_| form.step.set(review_index)
                    >
                        "Review & submit"
                    </button>
                </li>
            </ol>
        </nav>
    }
}
