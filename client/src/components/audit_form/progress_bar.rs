use crate::draft::Progress;
use leptos::prelude::*;

/// How many of the asked items are answered, as a bar and in words, with the required ones
/// counted apart: what must still be done before the audit can be submitted.
#[component]
pub fn ProgressBar(
    /// The audit's progress (items the conditions hide are not counted).
    #[prop(into)]
    progress: Signal<Progress>,
) -> impl IntoView {
    let percent = move || {
        let p = progress.get();
        if p.asked == 0 {
            100.0
        } else {
            p.answered as f64 / p.asked as f64 * 100.0
        }
    };
    view! {
        <div class="progress-wrap">
            <div
                class="progress"
                role="progressbar"
                aria-label="Items answered"
                aria-valuemin="0"
                aria-valuemax=move || progress.get().asked.to_string()
                aria-valuenow=move || progress.get().answered.to_string()
            >
                <div class="progress-fill" style:width=move || format!("{:.1}%", percent())></div>
            </div>
            <span class="progress-text" data-testid="progress">
                {move || progress.get().to_string()}
            </span>
        </div>
    }
}
