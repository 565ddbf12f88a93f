use super::answering::{Answering, number_text};
use crate::components::OptionGroup;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// Scale items with at most this many steps get a button per point; others a slider.
const MAX_SCALE_BUTTONS: f64 = 10.0;

/// A button per point for a short whole-number scale, a slider otherwise.
#[component]
pub fn ScaleField(
    /// The answer.
    at: Answering,
    /// Worst value.
    min: f64,
    /// Best value.
    max: f64,
) -> impl IntoView {
    if min.fract() == 0.0 && max.fract() == 0.0 && max - min <= MAX_SCALE_BUTTONS {
        view! { <ScaleButtons at=at min=min max=max /> }.into_any()
    } else {
        view! { <ScaleSlider at=at min=min max=max /> }.into_any()
    }
}

#[component]
fn ScaleButtons(at: Answering, min: f64, max: f64) -> impl IntoView {
    let mut points = Vec::new();
    let mut v = min;
    while v <= max {
        points.push((number_text(v), number_text(v)));
        v += 1.0;
    }
    view! {
        <OptionGroup
            labelled_by=at.label_id()
            options=points
            selected=Signal::derive(move || match at.value.get() {
                Some(AnswerValue::Scale(v)) => Some(number_text(v)),
                _ => None,
            })
            on_select=Callback::new(move |k: String| {
                if let Ok(v) = k.parse::<f64>() {
                    at.set(AnswerValue::Scale(v));
                }
            })
            enabled=at.enabled
            class="scale"
        />
        <p class="scale-ends" aria-hidden="true">
            <span>{number_text(min)}" = worst"</span>
            <span>{number_text(max)}" = best"</span>
        </p>
    }
}

#[component]
fn ScaleSlider(at: Answering, min: f64, max: f64) -> impl IntoView {
    let initial = at.initial_or(min, |v| match v {
        AnswerValue::Scale(v) => Some(*v),
        _ => None,
    });
    view! {
        <div class="slider">
            <input
                type="range"
                min=min
                max=max
                step=(max - min) / 100.0
                prop:value=initial
                aria-labelledby=at.label_id()
                disabled=move || !at.enabled.get()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        at.set(AnswerValue::Scale(v));
                    }
                }
            />
            <output>
                {move || match at.value.get() {
                    Some(AnswerValue::Scale(v)) => format!("{v:.1}"),
                    _ => "not set".into(),
                }}
            </output>
        </div>
    }
}
