use crate::api;
use crate::components::{AppHeader, ItemField, RoleGate};
use crate::draft::Draft;
use crate::form::FormCtx;
use crate::format;
use crate::state::app_state;
use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use touchstone_shared::assignment::{Assignment, AssignmentDetail};
use touchstone_shared::certification::CertificationQuiz;
use touchstone_shared::location::{LatLon, Location};
use touchstone_shared::panel::Attempt;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// The audit form's context for a quiz: its controls need a draft and the checklist; a
/// quiz has no visit, so the assignment and location it is answered against are blank.
fn quiz_form(quiz: &CertificationQuiz, user_id: Uuid) -> FormCtx {
    let now = Utc::now();
    let assignment = Assignment {
        id: quiz.quiz.id,
        client_id: Uuid::nil(),
        checklist_version_id: quiz.quiz.id,
        checklist_id: quiz.checklist_id,
        location_id: Uuid::nil(),
        auditor_id: user_id,
        not_before: now,
        due: now,
        scenario: String::new(),
        audit_id: None,
        status: Default::default(),
        created_at: now,
        journey_updated_at: None,
    };
    let location = Location {
        id: Uuid::nil(),
        client_id: Uuid::nil(),
        code: String::new(),
        name: String::new(),
        address: String::new(),
        region: String::new(),
        position: LatLon { lat: 0.0, lon: 0.0 },
        radius_m: 0.0,
        polygon: None,
        time_zone: String::new(),
        created_at: now,
    };
    let draft = Draft::new(&assignment, user_id, now);
    let detail = AssignmentDetail {
        assignment,
        location,
        checklist: quiz.quiz.clone(),
        journey: quiz.journey.clone(),
        audit: None,
    };
    FormCtx::new(detail, draft)
}

/// What the shopper's attempt scored, against the pass mark.
fn result_text(attempt: &Attempt, pass_percent: f64) -> String {
    let score = format::score(Some(attempt.percent));
    let mark = format::score(Some(pass_percent));
    match (attempt.passed, attempt.retake_from) {
        (true, _) => format!(
            "Passed: you scored {score} (pass mark {mark}). You can claim this checklist's jobs now."
        ),
        (false, Some(from)) if from > Utc::now() => format!(
            "Not passed: you scored {score} (pass mark {mark}). You may try again from {}.",
            format::when(from)
        ),
        (false, _) => {
            format!("Not passed: you scored {score} (pass mark {mark}). You may try again now.")
        }
    }
}

/// The quiz: every question with the audit form's own controls, submitted and scored on the
/// server like an audit.
#[component]
fn QuizForm(quiz: CertificationQuiz) -> impl IntoView {
    let app = app_state();
    let form = quiz_form(&quiz, app.user_id().unwrap_or_default());
    provide_context(form);
    let checklist_id = quiz.checklist_id;
    let pass_percent = quiz.pass_percent;
    let outcome = RwSignal::new(None::<Result<Attempt, String>>);
    let busy = RwSignal::new(false);
    let submit = move |_| {
        busy.set(true);
        let answers = form.draft.with_untracked(|d| d.input.answers.clone());
        spawn_local(async move {
            outcome.set(Some(
                api::panel::attempt(checklist_id, answers)
                    .await
                    .map_err(|e| e.message()),
            ));
            busy.set(false);
        });
    };
    let items = quiz
        .quiz
        .content
        .sections
        .into_iter()
        .flat_map(|s| s.items)
        .map(|item| {
            let id = item.id;
            view! { <Show when=move || form.is_asked(id)><ItemField item=item.clone() bare=true /></Show> }
        })
        .collect_view();
    view! {
        <p class="hint">{format!("Pass mark {}.", format::score(Some(pass_percent)))}</p>
        <form class="quiz" on:submit=|e| e.prevent_default()>{items}</form>
        {move || match outcome.get() {
            Some(Ok(attempt)) => view! {
                <p class=if attempt.passed { "notice ok" } else { "alert" } role="status" data-testid="quiz-result">
                    {result_text(&attempt, pass_percent)}
                </p>
                {attempt.passed.then(|| view! { <A href="/jobs" attr:class="btn primary">"Back to the job board"</A> })}
            }.into_any(),
            Some(Err(e)) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
            None => ().into_any(),
        }}
        <Show when=move || !outcome.with(|o| matches!(o, Some(Ok(a)) if a.passed))>
            <button type="button" class="btn primary wide" disabled=move || busy.get() on:click=submit>
                "Submit answers"
            </button>
        </Show>
    }
}

/// A checklist's certification: the quiz to pass before claiming its jobs, or where the
/// shopper stands (passed, or waiting to try again).
#[component]
pub fn CertificationPage() -> impl IntoView {
    let params = use_params_map();
    let loaded = LocalResource::new(move || {
        let id = params.with(|p| p.get("checklist_id").and_then(|s| Uuid::parse_str(&s).ok()));
        async move {
            let id = id.ok_or("This is not a certification address.")?;
            api::panel::certification(id).await.map_err(|e| e.message())
        }
    });
    view! {
        <RoleGate roles=Role::SHOPPERS>
            <AppHeader title="Certification" back="/jobs" />
            <main class="page">
                {move || match loaded.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
                    Some(Ok(quiz)) => {
                        let title = view! { <h2>{quiz.quiz.content.name.clone()}</h2> };
                        let body = if quiz.passed {
                            view! { <p class="notice ok" data-testid="quiz-result">"You have passed this certification."</p> }.into_any()
                        } else if let Some(from) = quiz.retake_from {
                            view! { <p class="alert" data-testid="quiz-result">{format!("Not passed yet: you may try again from {}.", format::when(from))}</p> }.into_any()
                        } else {
                            view! { <QuizForm quiz /> }.into_any()
                        };
                        view! { {title}{body} }.into_any()
                    }
                }}
            </main>
        </RoleGate>
    }
}
