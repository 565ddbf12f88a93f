use leptos::prelude::*;

/// How many items are answered, as a bar and in words.
#[component]
pub fn ProgressBar(
    /// Items answered.
    #[prop(into)]
    done: Signal<usize>,
    /// All items.
    #[prop(into)]
    total: Signal<usize>,
) -> impl IntoView {
    let percent = move || {
        let total = total.get();
        if total == 0 {
            100.0
        } else {
            done.get() as f64 / total as f64 * 100.0
        }
    };
    view! {
        <div class="progress-wrap">
            <div
                class="progress"
                role="progressbar"
                aria-label="Items answered"
                aria-valuemin="0"
                aria-valuemax=move || total.get().to_string()
                aria-valuenow=move || done.get().to_string()
            >
                <div class="progress-fill" style:width=move || format!("{:.1}%", percent())></div>
            </div>
            <span class="progress-text" data-testid="progress">
                {move || format!("{} of {} answered", done.get(), total.get())}
            </span>
        </div>
    }
}
