use crate::api;
use crate::components::{
    AppHeader, HistogramChart, RoleGate, ScorecardFilters, StatsRow, StatsTable, TrendChart,
};
use crate::format;
use crate::nav::SCORECARD_READERS;
use crate::scorecard_query::{self, drill_href};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use touchstone_shared::scorecard::{Scorecard, ScorecardQuery};

/// A client's scorecard over a period: overall and per stage and touchpoint statistics,
/// worst items, location ranking, NPS, trend and score distribution; every figure drills
/// down to the audits behind it.
#[component]
pub fn ScorecardPage() -> impl IntoView {
    view! {
        <RoleGate roles=SCORECARD_READERS>
            <AppHeader title="Scorecards" />
            <main class="page wide">
                <ScorecardFilters path="/scorecards" />
                <ScorecardBody />
            </main>
        </RoleGate>
    }
}

#[component]
fn ScorecardBody() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(scorecard_query::scorecard));
    let card = LocalResource::new(move || {
        let q = q.get();
        async move {
            match q {
                Some(q) => {
                    let whole = q.cell(None, None);
                    let (card, audits) =
                        futures::future::join(api::scorecard(&q), api::cell_audits(&whole)).await;
                    Some(card.map(|c| (q, c, audits.unwrap_or_default())))
                }
                None => None,
            }
        }
    });
    move || match card.get() {
        None | Some(None) => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
        Some(Some(Err(e))) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
        Some(Some(Ok((q, card, audits)))) => {
            let values = audits.iter().filter_map(|a| a.percent).collect();
            view! { <ScorecardView q=q card=card values=values /> }.into_any()
        }
    }
}

#[component]
fn ScorecardView(q: ScorecardQuery, card: Scorecard, values: Vec<f64>) -> impl IntoView {
    let target = card.target_percent;
    let o = card.overall.clone();
    let whole = drill_href(&q.cell(None, None), "All audits");
    let stages: Vec<StatsRow> = card
        .stages
        .iter()
        .map(|s| StatsRow {
            label: s.name.clone(),
            sub: String::new(),
            stats: s.stats.clone(),
            href: drill_href(&q.cell(None, Some(s.stage_id)), &s.name),
            test_id: format!("stage-{}", s.stage_id),
        })
        .collect();
    let touchpoints: Vec<StatsRow> = card
        .touchpoints
        .iter()
        .map(|t| StatsRow {
            label: t.name.clone(),
            sub: card
                .stages
                .iter()
                .find(|s| s.stage_id == t.stage_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            stats: t.stats.clone(),
            href: drill_href(&q.cell(Some(t.touchpoint_id), None), &t.name),
            test_id: format!("tp-{}", t.touchpoint_id),
        })
        .collect();
    let locations: Vec<StatsRow> = card
        .locations
        .iter()
        .map(|l| StatsRow {
            label: format!("{} \u{b7} {}", l.code, l.name),
            sub: l.region.clone(),
            stats: l.stats.clone(),
            href: drill_href(
                &ScorecardQuery {
                    location_id: Some(l.location_id),
                    ..q.clone()
                }
                .cell(None, None),
                &l.name,
            ),
            test_id: format!("loc-{}", l.location_id),
        })
        .collect();
    let worst = card.worst_items.clone();
    let tp_name = |id| {
        card.touchpoints
            .iter()
            .find(|t| t.touchpoint_id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    view! {
        <section class="overview" aria-labelledby="overview-title" data-testid="overview">
            <h2 id="overview-title">{format!("{} to {}", format::date(card.from), format::date(card.to - chrono::TimeDelta::milliseconds(1)))}</h2>
            <dl class="kpis">
                <div><dt>"Audits"</dt><dd><A href=whole.clone()>{o.n.to_string()}</A></dd></div>
                <div><dt>"Mean"</dt><dd>{format::pct(o.mean)}</dd></div>
                <div><dt>"Pass rate"</dt><dd>{format::pct(o.pass_rate)}</dd></div>
                <div><dt>"Critical failures"</dt><dd>{o.critical_failures.to_string()}</dd></div>
                <div><dt>"Change"</dt><dd>{format::change(o.change)}</dd></div>
                {card.nps.as_ref().map(|n| view! {
                    <div data-testid="nps"><dt>"NPS"</dt><dd>{format!("{:+.0}", n.score)}
                        <span class="sub">{format!(" ({} answers: {} promoters, {} passives, {} detractors)", n.n, n.promoters, n.passives, n.detractors)}</span>
                    </dd></div>
                })}
            </dl>
        </section>
        <div class="charts">
            <TrendChart points=card.trend.clone() target=target />
            <HistogramChart values=values />
        </div>
        <StatsTable caption="Journey stages" rows=stages target=target />
        <StatsTable caption="Touchpoints" rows=touchpoints target=target />
        <section aria-labelledby="worst-title">
            <h2 id="worst-title">"Worst items"</h2>
            {if worst.is_empty() {
                view! { <p class="empty">"No item has three answers yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="worst" data-testid="worst-items">
                        {worst.into_iter().map(|i| {
                            let href = drill_href(&q.cell(Some(i.touchpoint_id), None), &tp_name(i.touchpoint_id));
                            view! {
                                <li><A href=href>{i.label.clone()}</A>
                                    <span class="sub">{format!(" {} \u{b7} mean {} \u{b7} n {}", tp_name(i.touchpoint_id), format::pct(Some(i.mean)), i.n)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <StatsTable caption="Locations, best first" rows=locations target=target />
    }
}
