use crate::api::{self, ApiResult};
use crate::components::evidence_photo::{PhotoMark, PhotoMarks};
use crate::components::flag_list::flag_title;
use crate::components::{
    AnswerRow, AppHeader, AuditEditor, AuditTrail, CommentPicker, EvidencePhoto, FlagList,
    RoleGate, ScoreBadge, ShareLinks, ShareTarget, ZoneNote,
};
use crate::format;
use crate::nav::SCORECARD_READERS;
use crate::state::app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::HashMap;
use touchstone_shared::audit::{Audit, AuditStatus, ItemComment, ReviewDecision, ReviewInput};
use touchstone_shared::checklist::Checklist;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::Location;
use touchstone_shared::photo::{audit_photos, photo_name};
use touchstone_shared::user::{Role, User};
use touchstone_shared::verify::{check_in_distance, measure_fence};
use uuid::Uuid;

/// Everything the audit view shows.
#[derive(Clone)]
struct Bundle {
    audit: Audit,
    checklist: Checklist,
    journey: Journey,
    location: Location,
    /// Managers of the audit's client (for corrective actions).
    managers: Vec<User>,
}

/// Loads the audit (as its auditor submitted it, before reviewers' edits, when `original`).
async fn load(id: Uuid, me: Option<User>, original: bool) -> ApiResult<Bundle> {
    let audit = if original {
        api::original_audit(id).await?
    } else {
        api::audit(id).await?
    };
    let checklist = api::checklist_version(audit.checklist_version_id).await?;
    let (journey, location) = futures::future::join(
        api::journey(checklist.journey_id),
        api::locations_one(audit.location_id),
    )
    .await;
    // Actions go to the client's managers; auditors open none.
    let managers = match me {
        Some(me) if me.role != Role::Auditor => api::client_managers(audit.client_id)
            .await
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(Bundle {
        journey: journey?,
        location: location?,
        checklist,
        audit,
        managers,
    })
}

/// One audit for a reviewer or a manager: answers by stage → touchpoint → item with scores
/// and photos, the visit and its flags, the audit trail; approve or return (reviewers);
/// corrective actions on failed items of an approved audit.
#[component]
pub fn AuditReviewPage() -> impl IntoView {
    view! {
        <RoleGate roles=SCORECARD_READERS>
            <AppHeader title="Audit" />
            <AuditReview />
        </RoleGate>
    }
}

#[component]
fn AuditReview() -> impl IntoView {
    let app = app_state();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok())));
    // `?view=original`: the submission as the auditor sent it, read-only.
    let original = Memo::new(move |_| query.with(|q| q.get("view").as_deref() == Some("original")));
    let version = RwSignal::new(0u32);
    // Outlives the reload that follows a decision.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let bundle = LocalResource::new(move || {
        version.track();
        let id = id.get();
        let original = original.get();
        let me = app
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.user.clone()));
        async move {
            match id {
                Some(id) => load(id, me, original).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let events = LocalResource::new(move || {
        version.track();
        let id = id.get();
        async move {
            match id {
                Some(id) => {
                    let (events, edits) =
                        futures::future::join(api::audit_events(id), api::audit_edits(id)).await;
                    // Managers read no edits (the server refuses them): the trail goes on.
                    Ok::<_, api::ApiError>((events?, edits.unwrap_or_default()))
                }
                None => Ok((Vec::new(), Vec::new())),
            }
        }
    });

    move || match bundle.get() {
        None => {
            view! { <main class="page"><p role="status">"Loading\u{2026}"</p></main> }.into_any()
        }
        Some(Err(e)) => {
            view! { <main class="page"><p class="error" role="alert">{e.message()}</p></main> }
                .into_any()
        }
        Some(Ok(None)) => {
            view! { <main class="page"><p class="error" role="alert">"No such audit."</p></main> }
                .into_any()
        }
        Some(Ok(Some(b))) => {
            let names = names(&b);
            let audit_id = b.audit.id;
            let original = original.get_untracked();
            view! {
            {original.then(|| view! {
                <p class="notice page" role="note" data-testid="original-note">
                    "The original submission, as the auditor sent it before reviewers' edits. "
                    <a href=format!("/audits/{audit_id}")>"Back to the current version"</a>
                </p>
            })}
            <AuditBody bundle=b version=version outcome=outcome original=original />
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p class="notice page" role="status" data-testid="review-outcome">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error page" role="alert">{m}</p> }.into_any(),
            })}
            {move || events.get().and_then(Result::ok).map(|(events, edits)| {
                let edited = !edits.is_empty() && !original;
                view! {
                    <div class="page">
                        <AuditTrail events edits names=names.clone() />
                        {edited.then(|| view! {
                            <p><a href=format!("/audits/{audit_id}?view=original") data-testid="original-link">"Original submission"</a></p>
                        })}
                    </div>
                }
            })}
            {move || id.get().map(|id| view! {
                <p class="page"><a href=format!("/api/v1/audits/{id}/report.pdf") download data-testid="audit-pdf">"Download this audit as PDF"</a></p>
            })}
            }.into_any()
        }
    }
}

#[component]
fn AuditBody(
    bundle: Bundle,
    version: RwSignal<u32>,
    outcome: RwSignal<Option<Result<String, String>>>,
    /// The original submission: read-only.
    original: bool,
) -> impl IntoView {
    let app = app_state();
    let role = app.me.with_untracked(|m| m.as_ref().map(|m| m.user.role));
    let Bundle {
        audit,
        checklist,
        journey,
        location,
        managers,
    } = bundle;
    let staff = role.is_some_and(|r| r.is_staff()) && !original;
    let reviewing = audit.status == AuditStatus::Submitted && staff;
    let actionable = audit.status == AuditStatus::Approved && !managers.is_empty() && !original;
    let shareable = audit.status == AuditStatus::Approved && staff;
    let editing = RwSignal::new(false);
    let editor = reviewing.then(|| {
        (
            audit.clone(),
            checklist.version.content.clone(),
            journey.clone(),
        )
    });
    let comments = RwSignal::new(HashMap::<Uuid, String>::new());
    let overall = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let visit = audit.visit.clone();
    let time_on_site = visit
        .check_in_at
        .zip(visit.check_out_at)
        .map(|(a, b)| format::duration(b - a));
    let distance = visit.position.map(|p| measure_fence(&location, p));
    let score = audit.score.clone();
    let previous: HashMap<Uuid, String> = audit
        .review
        .as_ref()
        .map(|r| {
            r.item_comments
                .iter()
                .map(|c| (c.item_id, c.comment.clone()))
                .collect()
        })
        .unwrap_or_default();
    let audit_id = audit.id;
    provide_context(photo_marks(&audit));

    let decide = move |decision: ReviewDecision| {
        if busy.get_untracked() {
            return;
        }
        let item_comments: Vec<ItemComment> = comments
            .get_untracked()
            .into_iter()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(item_id, comment)| ItemComment {
                item_id,
                comment: comment.trim().to_owned(),
            })
            .collect();
        let comment = overall.get_untracked().trim().to_owned();
        if decision == ReviewDecision::Return && comment.is_empty() && item_comments.is_empty() {
            outcome.set(Some(Err(
                "Say what the auditor should fix: an overall comment or one on an item.".into(),
            )));
            return;
        }
        let input = ReviewInput {
            decision,
            comment,
            item_comments,
        };
        busy.set(true);
        spawn_local(async move {
            match api::review_audit(audit_id, &input).await {
                Ok(a) => {
                    outcome.set(Some(Ok(match a.status {
                        AuditStatus::Approved => "Approved: it now counts in scorecards.".into(),
                        _ => "Returned to the auditor.".into(),
                    })));
                    version.update(|v| *v += 1);
                }
                Err(e) => outcome.set(Some(Err(e.message()))),
            }
            busy.set(false);
        });
    };

    let stage_points = |stage: Uuid| {
        score
            .stages
            .iter()
            .find(|s| s.stage_id == stage)
            .map(|s| s.points)
    };
    let tp_points = |tp: Uuid| {
        score
            .touchpoints
            .iter()
            .find(|t| t.touchpoint_id == tp)
            .map(|t| t.points)
    };
    let item_points = |item: Uuid| {
        score
            .items
            .iter()
            .find(|i| i.item_id == item)
            .map(|i| i.points)
    };
    let total = score.total;
    let failed_by_critical = score.failed_by_critical;

    let stages = journey.stages.iter().map(|stage| {
        let touchpoints = stage.touchpoints.iter().filter_map(|tp| {
            let sections: Vec<_> = checklist.version.content.sections.iter().filter(|s| s.touchpoint_id == tp.id).collect();
            let note = audit.touchpoint_notes.iter().find(|n| n.touchpoint_id == tp.id).cloned();
            if sections.is_empty() && note.is_none() {
                return None;
            }
            let items = sections.iter().flat_map(|s| s.items.iter()).map(|item| {
                let answer = audit.answers.iter().find(|a| a.item_id == item.id).cloned();
                view! {
                    <AnswerRow
                        item=item.clone()
                        answer=answer
                        points=item_points(item.id)
                        previous_comment=previous.get(&item.id).cloned()
                        comments=reviewing.then_some(comments)
                        action=actionable.then(|| (audit_id, managers.clone()))
                    />
                }
            }).collect_view();
            let tp_score = tp_points(tp.id).map(|p| format::percent(&p)).unwrap_or_else(|| "no score".into());
            let tp_name = tp.name.clone();
            Some(view! {
                <section class="tp" aria-label=tp.name.clone() data-touchpoint=tp.id.to_string()>
                    <h3>{tp.name.clone()} <span class="tp-score">{tp_score}</span></h3>
                    {note.map(|n| view! {
                        <p class="feel">
                            {n.emotion.map(|e| format!("Felt: {} ({e:+})", format::emotion(e)))}
                            {(!n.pain_point.is_empty()).then(|| view! { <span class="pain">" Pain point: " {n.pain_point.clone()}</span> })}
                        </p>
                        <ul class="thumbs">
                            {n.photos.iter().map(|sha| view! { <li><EvidencePhoto sha256=sha.clone() caption=format!("{tp_name}: photo") /></li> }).collect_view()}
                        </ul>
                    })}
                    <ol class="answers">{items}</ol>
                </section>
            })
        }).collect_view();
        let s_score = stage_points(stage.id).map(|p| format::percent(&p)).unwrap_or_else(|| "no score".into());
        view! {
            <section class="stage" aria-label=stage.name.clone()>
                <h2>{stage.name.clone()} <span class="stage-score">{s_score}</span></h2>
                {touchpoints}
            </section>
        }
    }).collect_view();

    view! {
        <main class="page wide audit-view" data-status=audit.status.as_str() data-testid="audit-view">
            <section class="visit" aria-labelledby="visit-title">
                <h2 id="visit-title">{format!("{} \u{b7} {}", location.code, location.name)}</h2>
                <p>
                    <span class="tag status" data-testid="audit-status">{audit.status.as_str()}</span>
                    " "
                    <ScoreBadge points=Signal::derive(move || total) label="Audit score" failed_by_critical=Signal::derive(move || failed_by_critical) test_id="audit-score" />
                </p>
                <dl class="facts">
                    <dt>"Check-in"</dt>
                    <dd>{visit.check_in_at.map(format::when).unwrap_or_else(|| "none".into())}</dd>
                    <dt>"Time on site"</dt>
                    <dd data-testid="time-on-site">{time_on_site.unwrap_or_else(|| "unknown".into())}</dd>
                    <dt>"Check-in distance"</dt>
                    <dd data-testid="check-in-distance">
                        {match distance {
                            Some(f) => check_in_distance(&f, visit.accuracy_m),
                            None => visit.position_error.clone().unwrap_or_else(|| "no position".into()),
                        }}
                    </dd>
                </dl>
                <ZoneNote />
                <FlagList flags=audit.flags.clone() distance_shown=true />
                {audit.review.as_ref().filter(|r| !r.comment.is_empty()).map(|r| view! {
                    <p class="review-comment" role="note">"Last review: " {r.comment.clone()}</p>
                })}
            </section>
            {reviewing.then(|| view! {
                <p class="toolbar">
                    <button type="button" class="btn" data-testid="edit-audit" aria-pressed=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || if editing.get() { "Stop editing" } else { "Edit" }}
                    </button>
                </p>
            })}
            <Show when=move || editing.get() fallback=move || ()>
                {editor.clone().map(|(audit, content, journey)| view! {
                    <AuditEditor audit content journey editing version outcome />
                })}
            </Show>
            <div hidden=move || editing.get()>{stages}</div>
            {shareable.then(|| view! { <ShareLinks target=Signal::derive(move || Some(ShareTarget::Audit(audit_id))) /> })}
            {reviewing.then(|| view! {
                <section class="decide" aria-labelledby="decide-title">
                    <h2 id="decide-title">"Decision"</h2>
                    <label class="field-label" for="overall-comment">"Overall comment"</label>
                    <textarea id="overall-comment" class="field" rows="3"
                        prop:value=move || overall.get() on:input=move |ev| overall.set(event_target_value(&ev))></textarea>
                    <CommentPicker target=overall />
                    <div class="toolbar">
                        <button type="button" class="btn primary" data-testid="approve" disabled=move || busy.get()
                            on:click=move |_| decide(ReviewDecision::Approve)>"Approve"</button>
                        <button type="button" class="btn" data-testid="return" disabled=move || busy.get()
                            on:click=move |_| decide(ReviewDecision::Return)>"Return to auditor"</button>
                    </div>
                </section>
            })}
        </main>
    }
}

/// Each photo of the audit named as the flags name it ("Photo 2"), with the flags about it.
fn photo_marks(audit: &touchstone_shared::audit::Audit) -> PhotoMarks {
    let photos = audit_photos(&audit.answers, &audit.touchpoint_notes);
    PhotoMarks(
        photos
            .into_iter()
            .enumerate()
            .map(|(n, (sha, _))| {
                let flags = audit
                    .flags
                    .iter()
                    .filter(|f| f.figures.photo.as_deref() == Some(sha.as_str()))
                    .map(|f| flag_title(f.kind))
                    .collect();
                let mark = PhotoMark {
                    name: photo_name(n),
                    flags,
                };
                (sha, mark)
            })
            .collect(),
    )
}

/// Item labels and touchpoint names by id, to name what an edit changed.
fn names(b: &Bundle) -> HashMap<Uuid, String> {
    let items = b
        .checklist
        .version
        .content
        .sections
        .iter()
        .flat_map(|s| s.items.iter());
    let touchpoints = b.journey.stages.iter().flat_map(|s| s.touchpoints.iter());
    items
        .map(|i| (i.id, i.label.clone()))
        .chain(touchpoints.map(|t| (t.id, t.name.clone())))
        .collect()
}
