use crate::api;
use crate::chart::band;
use crate::components::{AppHeader, EmotionCurve, PainPoints, RoleGate, ScorecardFilters};
use crate::format;
use crate::nav::SCORECARD_READERS;
use crate::scorecard_query::{self, drill_href};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use touchstone_shared::scorecard::{Scorecard, ScorecardQuery};

/// The journey map: stages left to right, touchpoints under them coloured by score (with
/// the number), the emotion curve across the journey, pain points one click away.
#[component]
pub fn JourneyMapPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(scorecard_query::scorecard));
    let card = LocalResource::new(move || {
        let q = q.get();
        async move {
            match q {
                Some(q) => Some(api::scorecard(&q).await.map(|c| (q, c))),
                None => None,
            }
        }
    });
    view! {
        <RoleGate roles=SCORECARD_READERS>
            <AppHeader title="Journey map" />
            <main class="page wide">
                <ScorecardFilters path="/journey-map" />
                {move || match card.get() {
                    None | Some(None) => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Some(Err(e))) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Some(Ok((q, card)))) => view! { <JourneyMap q=q card=card /> }.into_any(),
                }}
            </main>
        </RoleGate>
    }
}

#[component]
fn JourneyMap(q: ScorecardQuery, card: Scorecard) -> impl IntoView {
    let target = card.target_percent;
    let points = card
        .touchpoints
        .iter()
        .map(|t| (t.name.clone(), t.emotion))
        .collect();
    let spans = card
        .stages
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                card.touchpoints
                    .iter()
                    .filter(|t| t.stage_id == s.stage_id)
                    .count(),
            )
        })
        .collect();
    let columns = card.stages.iter().map(|s| {
        let cells = card.touchpoints.iter().filter(|t| t.stage_id == s.stage_id).map(|t| {
            let b = band(t.stats.mean, target);
            let cell = q.cell(Some(t.touchpoint_id), None);
            let (name, score, n) = (t.name.clone(), format::pct(t.stats.mean), format!("n {} \u{b7} {}", t.stats.n, b.words()));
            view! {
                <li class=format!("jm-cell band-{}", b.class()) data-testid=format!("jm-{}", t.touchpoint_id)>
                    <A href=drill_href(&cell, &t.name) attr:class="jm-link">
                        <span class="jm-name">{name}</span>
                        <span class="jm-score">{score}</span>
                        <span class="jm-n">{n}</span>
                    </A>
                    <PainPoints cell=cell touchpoint_id=t.touchpoint_id name=t.name.clone() />
                </li>
            }
        }).collect_view();
        view! {
            <li class="jm-stage">
                <h2 class=format!("band-{}", band(s.stats.mean, target).class())>
                    {s.name.clone()} " " <span class="jm-score">{format::pct(s.stats.mean)}</span>
                </h2>
                <ul class="jm-cells">{cells}</ul>
            </li>
        }
    }).collect_view();
    view! {
        <EmotionCurve points=points stages=spans />
        <ol class="journey-map" aria-label="Journey stages, left to right" data-testid="journey-map">{columns}</ol>
        <p class="legend">
            <span class="band-pass">"on target"</span> " "
            <span class="band-near">"below target"</span> " "
            <span class="band-fail">"well below target"</span> " "
            <span class="band-none">"no score"</span>
            {format!(" \u{b7} target {target:.0}\u{a0}%")}
        </p>
    }
}
