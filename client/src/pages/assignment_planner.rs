use crate::api::consult;
use crate::components::{AssignmentList, ClientPicker, ConsultFrame, PlanForm};
use leptos::prelude::*;
use uuid::Uuid;

/// Planning visits: one assignment per chosen location (checklist × auditor × window) made
/// in one all-or-nothing request, and the client's assignments listed and filtered by
/// location, auditor, status and window.
#[component]
pub fn AssignmentPlannerPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Assignments">
            <AssignmentPlanner />
        </ConsultFrame>
    }
}

#[component]
fn AssignmentPlanner() -> impl IntoView {
    let clients = LocalResource::new(crate::api::clients);
    let client = RwSignal::new(None::<Uuid>);
    let auditors = LocalResource::new(|| async {
        crate::api::users(touchstone_shared::user::Role::Auditor)
            .await
            .unwrap_or_default()
    });
    let setup = LocalResource::new(move || {
        let c = client.get();
        async move {
            match c {
                Some(c) => (
                    crate::api::locations(Some(c)).await.unwrap_or_default(),
                    consult::checklists(c).await.unwrap_or_default(),
                ),
                None => (Vec::new(), Vec::new()),
            }
        }
    });
    let locations = Signal::derive(move || setup.get().map(|s| s.0).unwrap_or_default());
    let checklists = Signal::derive(move || setup.get().map(|s| s.1).unwrap_or_default());
    let auditors = Signal::derive(move || auditors.get().unwrap_or_default());
    let reload = RwSignal::new(0u32);

    view! {
        <div class="toolbar">
            <ClientPicker clients=Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default()) selected=client />
        </div>
        <Show when=move || client.get().is_some()>
            <PlanForm locations checklists auditors reload />
            <AssignmentList client locations auditors reload />
        </Show>
    }
}
