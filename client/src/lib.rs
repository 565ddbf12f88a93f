//! Touchstone's field auditor client: an offline-first Leptos app (client-side rendered,
//! `wasm32-unknown-unknown`) for doing audits on a phone.
//!
//! - [`api`]: typed calls on the shared wire types.
//! - [`store`]: IndexedDB (assignments, drafts, photos, outbox); [`sync`] drains the outbox.
//! - [`draft`]: the local audit and the edits the form makes.
//! - [`device`]: geolocation and the photo pipeline.
//! - [`pages`] and [`components`]: the UI.

pub mod api;
pub mod chart;
pub mod components;
pub mod device;
pub mod draft;
pub mod editor;
pub mod form;
pub mod format;
pub mod nav;
pub mod pages;
pub mod scorecard_query;
pub mod session;
pub mod state;
pub mod store;
pub mod sync;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::{
    ActionsPage, AssignmentPlannerPage, AuditPage, AuditReviewPage, ChecklistBuilderPage,
    ClientReportPage, DrillDownPage, HomePage, ImportsPage, JourneyBuilderPage, JourneyMapPage,
    LoginPage, NotFound, ReviewQueuePage, ScorecardPage,
};
use state::AppState;
use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on `<body>`; called by `boot.js` once the module is loaded.
#[wasm_bindgen]
pub fn run() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The app: restores the session from the device, then routes.
#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    let restored = RwSignal::new(false);
    spawn_local(async move {
        session::restore_cached(app).await;
        restored.set(true);
        sync::start(app);
        session::confirm_with_server(app).await;
    });
    view! {
        <Router>
            <Show
                when=move || restored.get()
                fallback=|| view! { <p class="boot" role="status">"Loading\u{2026}"</p> }
            >
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/assignments/:id") view=AuditPage />
                    // Review and scorecards.
                    <Route path=path!("/review") view=ReviewQueuePage />
                    <Route path=path!("/audits/:id") view=AuditReviewPage />
                    <Route path=path!("/scorecards") view=ScorecardPage />
                    <Route path=path!("/scorecards/audits") view=DrillDownPage />
                    <Route path=path!("/journey-map") view=JourneyMapPage />
                    <Route path=path!("/actions") view=ActionsPage />
                    // Consultant tools.
                    <Route path=path!("/consult/journeys") view=JourneyBuilderPage />
                    <Route path=path!("/consult/checklists") view=ChecklistBuilderPage />
                    <Route path=path!("/consult/assignments") view=AssignmentPlannerPage />
                    <Route path=path!("/consult/imports") view=ImportsPage />
                    <Route path=path!("/consult/report") view=ClientReportPage />
                </Routes>
            </Show>
        </Router>
    }
}
