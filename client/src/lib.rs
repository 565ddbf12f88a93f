//! Touchstone's web client: an offline-first Leptos app (client-side rendered,
//! `wasm32-unknown-unknown`), built as two bundles from the same pages: the field bundle
//! (assignments, the audit form, sync) a phone loads after signing in, and the office bundle
//! (every page: review, scorecards, actions, consultant tools). `static/boot.js` picks one
//! by path ([`nav::OFFICE_PATHS`]).
//!
//! Every module, by what it is for:
//!
//! - Talking to the server: [`api`] (typed calls on the shared wire types), [`session`]
//!   (sign-in state, restored offline and confirmed online).
//! - The phone's data: [`store`] (IndexedDB: assignments, drafts, photos, outbox), [`sync`]
//!   (drains the outbox), [`refresh`] (brings assignments and their checklists up to date),
//!   [`device`] (geolocation and the photo pipeline).
//! - The audit form: [`draft`] (the local audit and the edits the form makes), [`form`]
//!   (the form's shared state: draft, steps, live score).
//! - The consultant's tools: [`editor`] (journey and checklist edits and the planning
//!   forms as plain data operations, tested without a page).
//! - Scorecards: [`scorecard_query`] (filters in the page address), [`chart`] (the SVG
//!   charts' maths).
//! - Around the pages: [`nav`] (each role's pages and landing page), [`state`] (app-wide
//!   context), [`format`] (times, scores, durations for display).
//! - The UI: [`pages`] (one per route) and [`components`] (one per file, grouped by feature:
//!   frame, controls, audit form, builder, charts, review).

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
pub mod refresh;
pub mod scorecard_query;
pub mod session;
pub mod state;
pub mod store;
pub mod sync;
pub mod zone;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::{
    ActionsPage, AssignmentPlannerPage, AuditPage, AuditReviewPage, CertificationPage,
    ChecklistBuilderPage, ClientReportPage, DrillDownPage, EarningsPage, HomePage, ImportsPage,
    JobBoardPage, JourneyBuilderPage, JourneyMapPage, NotFound, OfficeHandoff,
    OrganisationSettingsPage, PayPage, ReviewQueuePage, ReviewToolsPage, ScorecardPage,
    ShopperProfilePage, ShoppersPage, WavesPage,
};
use state::AppState;

/// Starts the field bundle (`src/bin/field.rs`): the auditor's pages only, so a phone's
/// first load carries no office code. An office path reloads into the office bundle
/// ([`OfficeHandoff`]).
pub fn start_field() {
    mount(|| {
        view! {
            <Routes fallback=OfficeHandoff>
                <FieldRoutes />
            </Routes>
        }
        .into_any()
    });
}

/// Starts the office bundle (`src/bin/office.rs`): every page, the field ones included.
pub fn start_office() {
    mount(|| {
        view! {
            <Routes fallback=NotFound>
                <FieldRoutes />
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
                <Route path=path!("/consult/organisation") view=OrganisationSettingsPage />
                <Route path=path!("/consult/waves") view=WavesPage />
                <Route path=path!("/consult/shoppers") view=ShoppersPage />
                <Route path=path!("/consult/pay") view=PayPage />
                <Route path=path!("/consult/review-tools") view=ReviewToolsPage />
                // The shopper panel (online pages: the field bundle leaves them out).
                <Route path=path!("/jobs") view=JobBoardPage />
                <Route path=path!("/certification/:checklist_id") view=CertificationPage />
                <Route path=path!("/earnings") view=EarningsPage />
                <Route path=path!("/profile") view=ShopperProfilePage />
            </Routes>
        }
        .into_any()
    });
}

/// The auditor's audit pages, in both bundles.
#[component(transparent)]
fn FieldRoutes() -> impl leptos_router::MatchNestedRoutes + Clone + Send + 'static {
    view! {
        <Route path=path!("/") view=HomePage />
        <Route path=path!("/assignments/:id") view=AuditPage />
    }
    .into_inner()
    // One type whether or not `erase_components` is on (it makes this the return type).
    .into_any_nested_route()
}

/// Mounts the app with the bundle's route table on `<body>`.
fn mount(routes: fn() -> AnyView) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || view! { <App routes /> });
}

/// The app: restores the session from the device, then routes.
#[component]
pub fn App(
    /// The bundle's `<Routes>`.
    routes: fn() -> AnyView,
) -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    let restored = RwSignal::new(false);
    spawn_local(async move {
        // A device that keeps no user yet (it has just signed in) asks the server first, so
        // its first page is not the sign-in redirect.
        let cached = session::restore_cached(app).await;
        if !cached {
            session::confirm_with_server(app).await;
        }
        restored.set(true);
        // The first page renders in this task; sync and the session check start in the
        // next, so the start is not one long task.
        next_task().await;
        sync::start(app);
        if cached {
            session::confirm_with_server(app).await;
        }
    });
    // index.html's static shell stands in until the first page shows.
    Effect::new(move || {
        if restored.get() {
            remove_shell();
        }
    });
    view! {
        <Router>
            <Show when=move || restored.get()>
                {routes()}
            </Show>
        </Router>
    }
}

/// Removes index.html's static app shell.
fn remove_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
}

/// Resolves in a new task (`setTimeout` 0), after what the current one renders: long work
/// awaits it between steps, so the page stays responsive.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled =
            web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
