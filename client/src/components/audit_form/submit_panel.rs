use crate::components::ScoreBadge;
use crate::draft::Phase;
use crate::form::form_ctx;
use leptos::prelude::*;
use touchstone_shared::audit::AuditStatus;

/// The last step: what is still missing (each a link to fix it), the score per stage and
/// touchpoint, and how the submission went. The submit button itself is the primary button
/// of the form's fixed bar ([`FormCtx::submit`](crate::form::FormCtx::submit)).
#[component]
pub fn SubmitPanel() -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let error = form.submit_error;
    let stage_names = form.detail.with_value(|d| {
        d.journey
            .stages
            .iter()
            .map(|s| (s.id, s.name.clone()))
            .collect::<Vec<_>>()
    });
    let step_names = form.steps.with_value(|steps| {
        steps
            .iter()
            .map(|s| (s.touchpoint_id, s.name.clone()))
            .collect::<Vec<_>>()
    });

    let status = move || {
        draft.with(|d| match (d.phase, d.server.as_ref().map(|a| a.status)) {
            (Phase::Queued, _) => Some(
                "Submitted on this phone. It will be sent as soon as there is a network \u{2013} \
                 you can close the app."
                    .to_owned(),
            ),
            (Phase::Synced, Some(AuditStatus::Approved)) => {
                Some("Approved by the reviewer.".into())
            }
            (Phase::Synced, _) => Some("Submitted: the server has it.".into()),
            (Phase::Editing, _) => None,
        })
    };

    view! {
        <section class="submit" aria-labelledby="submit-title">
            <h2 id="submit-title">"Review & submit"</h2>
            {move || draft.with(|d| d.review_overall().map(str::to_owned)).map(|c| view! {
                <p class="review-comment" role="note"><strong>"Reviewer: "</strong>{c}</p>
            })}
            {move || draft.with(|d| d.rejection.clone()).map(|r| view! {
                <p class="alert" role="alert" data-testid="rejection"><strong>"Not accepted: "</strong>{r}</p>
            })}
            <div class="scores">
                <ScoreBadge
                    points=Signal::derive(move || form.score.with(|s| s.total))
                    failed_by_critical=Signal::derive(move || form.score.with(|s| s.failed_by_critical))
                    label="Audit score"
                    test_id="review-score"
                />
                <table class="score-table">
                    <caption class="sr-only">"Score per stage and touchpoint"</caption>
                    <tbody>
                        {move || {
                            form.score.with(|s| {
                                s.stages.iter().map(|stage| {
                                    let name = stage_names.iter().find(|(id, _)| *id == stage.stage_id).map(|(_, n)| n.clone()).unwrap_or_default();
                                    let rows = s.touchpoints.iter().filter(|t| t.stage_id == Some(stage.stage_id)).map(|t| {
                                        let tname = step_names.iter().find(|(id, _)| *id == t.touchpoint_id).map(|(_, n)| n.clone()).unwrap_or_default();
                                        view! { <tr class="tp-row"><td>{tname}</td><td class="num">{crate::format::percent(&t.points)}</td></tr> }
                                    }).collect_view();
                                    view! {
                                        <tr class="stage-row"><th scope="row">{name}</th><td class="num">{crate::format::percent(&stage.points)}</td></tr>
                                        {rows}
                                    }
                                }).collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <Show when=move || draft.with(|d| d.is_editable())>
                {move || {
                    let missing = form.missing.get();
                    (!missing.is_empty()).then(|| view! {
                        <div class="missing" data-testid="missing">
                            <h3>"Still to do"</h3>
                            <ul>
                                {missing.into_iter().map(|m| view! {
                                    <li>
                                        <button type="button" class="link" on:click=move |_| form.go_to(m.touchpoint_id, m.item_id)>
                                            {m.message()}
                                        </button>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                }}
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || status().map(|s| view! { <p class="status" role="status" data-testid="submit-status">{s}</p> })}
        </section>
    }
}
