use crate::api;
use crate::components::{EvidencePhoto, PhotoStrip};
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use touchstone_shared::action::{ActionStatus, ActionUpdate, CorrectiveAction};

/// One corrective action: what, who, due (overdue highlighted), and the next step of
/// open → done (with a note and photos of the fix) → verified.
#[component]
pub fn ActionCard(
    /// The action.
    action: CorrectiveAction,
    /// Assignee's name.
    assignee: String,
    /// Bumped after a change so the list reloads.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let id = action.id;
    let resolution = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let move_to = move |status: ActionStatus| {
        let update = ActionUpdate {
            status,
            resolution: resolution.get_untracked().trim().to_owned(),
            resolution_photos: photos.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::update_action(id, &update).await {
                Ok(_) => changed.update(|c| *c += 1),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let res_id = format!("res-{id}");
    view! {
        <li class="card action" class:overdue=action.overdue data-status=action.status.as_str() data-testid="action">
            <p class="card-title">{action.item_label.clone()}</p>
            <p>{action.note.clone()}</p>
            <p class="card-sub">
                {format!("{assignee} \u{b7} due {}", format::date(action.due))}
                {action.overdue.then(|| view! { <strong class="tag due-overdue">" Overdue"</strong> })}
            </p>
            <p>
                <span class="tag status">{action.status.as_str()}</span> " "
                <A href=format!("/audits/{}", action.audit_id)>"the audit"</A>
            </p>
            {(!action.resolution.is_empty()).then(|| view! { <p class="remark">"Done: " {action.resolution.clone()}</p> })}
            {(!action.resolution_photos.is_empty()).then(|| view! {
                <ul class="thumbs" aria-label="Photos of the fix">
                    {action.resolution_photos.iter().map(|sha| view! {
                        <li><EvidencePhoto sha256=sha.clone() caption="Photo of the fix" /></li>
                    }).collect_view()}
                </ul>
            })}
            {match action.status {
                ActionStatus::Open => view! {
                    <label class="field-label" for=res_id.clone()>"What was done"</label>
                    <textarea id=res_id class="field" rows="2" prop:value=move || resolution.get()
                        on:input=move |ev| resolution.set(event_target_value(&ev))></textarea>
                    <PhotoStrip
                        photos=photos
                        on_add=Callback::new(move |sha: String| photos.update(|p| if !p.contains(&sha) { p.push(sha) }))
                        on_remove=Callback::new(move |sha: String| photos.update(|p| p.retain(|x| *x != sha)))
                        enabled=Signal::derive(move || !busy.get())
                        label="Photo of the fix"
                        test_id="fix-photo"
                        upload_now=true
                    />
                    <button type="button" class="btn primary" disabled=move || busy.get() on:click=move |_| move_to(ActionStatus::Done)>"Mark done"</button>
                }.into_any(),
                ActionStatus::Done => view! {
                    <div class="toolbar">
                        <button type="button" class="btn primary" disabled=move || busy.get() on:click=move |_| move_to(ActionStatus::Verified)>"Verify"</button>
                        <button type="button" class="btn subtle" disabled=move || busy.get() on:click=move |_| move_to(ActionStatus::Open)>"Reopen"</button>
                    </div>
                }.into_any(),
                ActionStatus::Verified => ().into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </li>
    }
}
