use crate::api::consult::Progress;
use leptos::prelude::*;

/// How far a report is: an indeterminate bar with the seconds waited while the server makes
/// it, then the bytes received of the announced size. The phases seen so far are in
/// `data-phases`, for tests.
#[component]
pub fn DownloadProgress(
    /// Where the download is, if one is under way or done.
    #[prop(into)]
    progress: Signal<Option<Progress>>,
    /// Seconds since the request was sent.
    #[prop(into)]
    waited: Signal<u32>,
    /// Phases seen, e.g. "waiting receiving done".
    #[prop(into)]
    phases: Signal<String>,
) -> impl IntoView {
    let text = move || match progress.get() {
        None => String::new(),
        Some(Progress::Waiting) => {
            format!("The server is making the report\u{2026} {} s", waited.get())
        }
        Some(Progress::Receiving {
            received,
            total: Some(total),
        }) if total > 0 => {
            format!(
                "Downloading {} of {} kB ({:.0}\u{a0}%)",
                received / 1024,
                total / 1024,
                received as f64 / total as f64 * 100.0
            )
        }
        Some(Progress::Receiving { received, .. }) => format!("Downloading {} kB", received / 1024),
    };
    view! {
        <div class="download-progress" data-testid="report-progress" data-phases=move || phases.get() aria-live="polite">
            {move || match progress.get() {
                None => ().into_any(),
                Some(Progress::Waiting) | Some(Progress::Receiving { total: None, .. }) => {
                    view! { <progress aria-label="Report progress"></progress> }.into_any()
                }
                Some(Progress::Receiving { received, total: Some(total) }) => view! {
                    <progress aria-label="Report progress" max=total.max(1).to_string() value=received.to_string()></progress>
                }
                .into_any(),
            }}
            <p class="hint" role="status">{text}</p>
        </div>
    }
}
