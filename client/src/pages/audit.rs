use crate::api;
use crate::components::{
    AppHeader, CheckInPanel, ItemField, ProgressBar, ReviewerEdits, ScoreBadge, SignInRedirect,
    SubmitPanel, TouchpointNav, TouchpointNoteField,
};
use crate::draft::Draft;
use crate::form::FormCtx;
use crate::format;
use crate::state::app_state;
use crate::store::{self, assignments, drafts};
use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use touchstone_shared::assignment::AssignmentDetail;
use uuid::Uuid;

/// The assignment from the device (fetched and cached if it is not there yet) and its
/// audit, reconciled with the server's copy.
async fn load(user_id: Uuid, id: Uuid) -> Result<(AssignmentDetail, Draft), String> {
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    let detail = match assignments::detail(&db, id)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(detail) => detail,
        None => {
            let detail = api::assignment_detail(id).await.map_err(|e| match e {
                api::ApiError::Network(_) => {
                    "This assignment is not saved on the phone yet; open it once with a network."
                        .to_owned()
                }
                e => e.message(),
            })?;
            assignments::put(&db, &detail)
                .await
                .map_err(|e| e.to_string())?;
            detail
        }
    };
    let local = drafts::get(&db, id).await.map_err(|e| e.to_string())?;
    let draft = Draft::reconcile(
        local.clone(),
        detail.audit.as_ref(),
        &detail.assignment,
        user_id,
        Utc::now(),
    );
    if local.as_ref() != Some(&draft) {
        drafts::put(&db, &draft).await.map_err(|e| e.to_string())?;
    }
    Ok((detail, draft))
}

/// One assignment's audit.
#[component]
pub fn AuditPage() -> impl IntoView {
    let app = app_state();
    let params = use_params_map();
    let loaded = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
        async move {
            let user_id = app.user_id().ok_or("Sign in first.")?;
            let id = id.ok_or("This is not an assignment address.")?;
            load(user_id, id).await
        }
    });
    view! {
        <Show when=move || app.me.with(Option::is_some) fallback=|| view! { <SignInRedirect /> }>
            {move || match loaded.get() {
                None => view! {
                    <AppHeader title="Audit" back="/" />
                    <p class="page" role="status">"Loading\u{2026}"</p>
                }.into_any(),
                Some(Err(e)) => view! {
                    <AppHeader title="Audit" back="/" />
                    <main class="page"><p class="alert" role="alert">{e}</p></main>
                }.into_any(),
                Some(Ok((detail, draft))) => view! { <AuditForm detail=detail draft=draft /> }.into_any(),
            }}
        </Show>
    }
}

/// The form: check-in, progress and live score, the journey one touchpoint at a time,
/// then review and submit. Every change is saved to the device at once.
#[component]
fn AuditForm(detail: AssignmentDetail, draft: Draft) -> impl IntoView {
    let app = app_state();
    let assignment_id = detail.assignment.id;
    let title = detail.location.name.clone();
    let scenario = detail.assignment.scenario.clone();
    let window_text = format!(
        "{} \u{2013} {}",
        format::when(detail.assignment.not_before),
        format::when(detail.assignment.due)
    );
    let address = detail.location.address.clone();
    let checklist_name = detail.checklist.content.name.clone();
    // What reviewers changed on the server's copy, marked on the items (needs a network).
    let edits = RwSignal::new(Vec::new());
    provide_context(ReviewerEdits(edits));
    if let Some(audit) = draft.server.as_ref().map(|a| a.id) {
        spawn_local(async move {
            if let Ok(list) = api::audit_edits(audit).await {
                edits.set(list);
            }
        });
    }
    let form = FormCtx::new(detail, draft);
    provide_context(form);

    // Save every change to the device.
    Effect::new(move |prev: Option<()>| {
        let mut draft = form.draft.get();
        if prev.is_some() {
            draft.updated_at = Utc::now();
            spawn_local(async move {
                if let Ok(db) = store::app_db().await
                    && let Err(e) = drafts::put(&db, &draft).await
                {
                    app.sync
                        .error
                        .set(Some(format!("Could not save on the phone: {e}")));
                }
            });
        }
    });
    // Pick up what sync did to a submitted audit (sent, refused).
    Effect::new(move |prev: Option<u64>| {
        let n = app.sync.drafts_changed.get();
        if prev.is_some_and(|p| p != n) {
            spawn_local(async move {
                if let Ok(db) = store::app_db().await
                    && let Ok(Some(stored)) = drafts::get(&db, assignment_id).await
                    && !form.draft.with_untracked(Draft::is_editable)
                    && form
                        .draft
                        .with_untracked(|d| d.audit_id == stored.audit_id && *d != stored)
                {
                    form.draft.set(stored);
                }
            });
        }
        n
    });
    // Each step starts at the top.
    Effect::new(move |prev: Option<usize>| {
        let step = form.step.get();
        if prev.is_some_and(|p| p != step)
            && let Some(w) = web_sys::window()
        {
            w.scroll_to_with_x_and_y(0.0, 0.0);
            // Keep the current touchpoint visible in the (horizontally scrolling) nav.
            request_animation_frame(move || {
                if let Some(chip) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                    d.query_selector(".touchpoints .chip.current")
                        .ok()
                        .flatten()
                }) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    options.set_inline(web_sys::ScrollLogicalPosition::Center);
                    chip.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
        }
        step
    });

    let progress = Memo::new(move |_| {
        form.detail
            .with_value(|d| form.draft.with(|dr| dr.progress(&d.checklist.content)))
    });
    let step_count = form.steps.with_value(Vec::len);
    let status = move || form.draft.with(|d| d.status_label());

    let step_view = move || {
        let index = form.step.get();
        match form.steps.with_value(|s| s.get(index).cloned()) {
            None => view! { <SubmitPanel /> }.into_any(),
            Some(step) => {
                let points = form.touchpoint_points(step.touchpoint_id);
                let touchpoint_id = step.touchpoint_id;
                view! {
                    <section class="step" aria-labelledby="step-title">
                        <p class="stage">{format!("{} \u{b7} {} of {}", step.stage, index + 1, step_count)}</p>
                        <h2 id="step-title" class="step-title">
                            {step.name.clone()}
                        </h2>
                        <ScoreBadge points=points label="Touchpoint" test_id="touchpoint-score" />
                        {step
                            .sections
                            .into_iter()
                            .map(|(title, items)| {
                                let heading = (!title.trim().is_empty() && title != step.name)
                                    .then(|| view! { <h3 class="section-title">{title}</h3> });
                                view! {
                                    {heading}
                                    {items.into_iter().map(|item| {
                                        let id = item.id;
                                        view! {
                                            <Show when=move || form.is_asked(id)>
                                                <ItemField item=item.clone() />
                                            </Show>
                                        }
                                    }).collect_view()}
                                }
                            })
                            .collect_view()}
                        <TouchpointNoteField touchpoint_id=touchpoint_id />
                    </section>
                }
                .into_any()
            }
        }
    };

    view! {
        <AppHeader title=title back="/" />
        <main class="page audit">
            <section class="brief">
                <p class="brief-checklist">{checklist_name}</p>
                <p class="brief-address">{address}</p>
                <p class="brief-window">{window_text}</p>
                {(!scenario.is_empty()).then(|| view! { <p class="brief-scenario"><strong>"Scenario: "</strong>{scenario}</p> })}
                <p class="brief-status" data-testid="draft-status">{status}</p>
                {move || {
                    form.draft
                        .with(|d| d.review_overall().map(str::to_owned))
                        .map(|c| {
                            view! {
                                <p class="review-comment" role="note">
                                    <strong>"Reviewer: "</strong>
                                    {c}
                                </p>
                            }
                        })
                }}
            </section>
            <CheckInPanel />
            <div class="live">
                <ProgressBar progress=progress />
                <ScoreBadge
                    points=Signal::derive(move || form.score.with(|s| s.total))
                    failed_by_critical=Signal::derive(move || form.score.with(|s| s.failed_by_critical))
                    label="Score"
                    test_id="live-score"
                />
            </div>
            <TouchpointNav />
            {step_view}
        </main>
        <footer class="actions">
            <button
                type="button"
                class="btn"
                data-testid="prev"
                disabled=move || form.step.get() == 0
                on:click=move |_| form.step.update(|s| *s = s.saturating_sub(1))
            >
                "\u{2039} Back"
            </button>
            <Show
                when=move || { form.step.get() >= step_count }
                fallback=move || view! {
                    <button
                        type="button"
                        class="btn primary"
                        data-testid="next"
                        on:click=move |_| form.step.update(|s| *s = (*s + 1).min(step_count))
                    >
                        {move || if form.step.get() + 1 >= step_count { "Review \u{203a}" } else { "Next \u{203a}" }}
                    </button>
                }
            >
                // The review step's one action, where Next was: no greyed-out Next above a
                // Submit further down.
                <Show when=move || form.draft.with(|d| d.is_editable())>
                    <button
                        type="button"
                        class="btn primary"
                        data-testid="submit"
                        disabled=move || form.submitting.get()
                        on:click=move |_| form.submit(app)
                    >
                        {move || if form.submitting.get() { "Saving\u{2026}" } else { "Submit audit" }}
                    </button>
                </Show>
            </Show>
        </footer>
    }
}
