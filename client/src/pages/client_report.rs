//! The client report page.
//!
//! # Why the progress is a streamed download
//!
//! The server makes the PDF in one request and answers it whole with its `Content-Length`
//! (`GET /reports/client.pdf`); it keeps no job state, so any instance behind a load
//! balancer can answer. A server-side job with stages would need that state (a table of
//! jobs and their files, polled by the client) and report stages that would be guesses at
//! best. So the page shows what it can know for sure: first the seconds spent waiting for
//! the server to finish making the report (an indeterminate bar, as the time is unknown),
//! then the bytes received of the announced length, read chunk by chunk from the fetch
//! body. Once complete, the PDF is handed to the browser to open or save.

use crate::api::consult::{self, Progress};
use crate::components::{
    ClientPicker, ConsultFrame, DayRange, DownloadProgress, ShareLinks, ShareTarget,
};
use crate::editor::plan;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wasm_bindgen::JsCast;

/// A client report for a period: generate with a progress indicator, then open the PDF;
/// links to the CSV and XLSX exports of the same period; shareable links to the report.
#[component]
pub fn ClientReportPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Client report">
            <ClientReport />
        </ConsultFrame>
    }
}

/// Hands a file to the browser: an object URL on a link with `download`, clicked.
fn save(blob: &web_sys::Blob, file_name: &str) -> Option<String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    Some(url)
}

#[component]
fn ClientReport() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client = RwSignal::new(None::<Uuid>);
    let first = RwSignal::new(crate::zone::day(-90));
    let last = RwSignal::new(crate::zone::day(0));
    let progress = RwSignal::new(None::<Progress>);
    let phases = RwSignal::new(String::new());
    let waited = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<(String, String)>);

    let share = Signal::derive(move || {
        let (from, to) = plan::day_window(&first.get(), &last.get()).ok()?;
        let client_id = client.get()?;
        Some(ShareTarget::Client {
            client_id,
            from: Some(from),
            to: Some(to),
        })
    });
    let query = move || {
        let window = plan::day_window(&first.get(), &last.get())?;
        let c = client.get().ok_or("Choose a client")?;
        Ok::<_, String>(crate::api::query(&[
            ("client_id", Some(c.to_string())),
            ("from", Some(window.0.to_rfc3339())),
            ("to", Some(window.1.to_rfc3339())),
        ]))
    };
    let phase = move |name: &str| {
        phases.update(|p| {
            if !p.split(' ').any(|x| x == name) {
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(name);
            }
        });
    };
    let generate = move |_| {
        let q = match query() {
            Ok(q) => q,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        error.set(None);
        done.set(None);
        phases.set(String::new());
        waited.set(0);
        busy.set(true);
        let ticker = set_interval_with_handle(
            move || {
                if matches!(progress.get_untracked(), Some(Progress::Waiting)) {
                    waited.update(|w| *w += 1);
                }
            },
            std::time::Duration::from_secs(1),
        )
        .ok();
        spawn_local(async move {
            let result = consult::client_report(&q, |p| {
                phase(match p {
                    Progress::Waiting => "waiting",
                    Progress::Receiving { .. } => "receiving",
                });
                progress.set(Some(p));
            })
            .await;
            if let Some(t) = ticker {
                t.clear();
            }
            match result {
                Ok((blob, name)) => match save(&blob, &name) {
                    Some(url) => {
                        phase("done");
                        done.set(Some((url, name)));
                    }
                    None => error.set(Some("The browser could not open the PDF".into())),
                },
                Err(e) => {
                    progress.set(None);
                    error.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="toolbar">
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
        </div>
        <DayRange id="report" first=first last=last />
        <div class="toolbar">
            <button type="button" class="btn primary" on:click=generate disabled=move || busy.get()>
                {move || if busy.get() { "Generating\u{2026}" } else { "Generate report" }}
            </button>
        </div>
        <DownloadProgress progress=progress waited=waited phases=phases />
        {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="report-error">{e}</p> })}
        {move || done.get().map(|(url, name)| view! {
            <p class="notice ok" role="status">
                <a href=url download=name.clone() data-testid="report-link">{format!("Open {name}")}</a>
            </p>
        })}
        <section aria-labelledby="exports-title">
            <h2 id="exports-title">"Exports of the period"</h2>
            <p class="hint">"Every answer of the client's audits, one row per answer."</p>
            {move || match query() {
                Ok(q) => view! {
                    <ul class="chips">
                        <li><a class="btn subtle" href=consult::export_url("csv", &q) data-testid="export-csv">"Answers as CSV"</a></li>
                        <li><a class="btn subtle" href=consult::export_url("xlsx", &q) data-testid="export-xlsx">"Answers as XLSX"</a></li>
                    </ul>
                }
                .into_any(),
                Err(_) => view! { <p class="hint">"Choose a client and a period."</p> }.into_any(),
            }}
        </section>
        <ShareLinks target=share />
    }
}
