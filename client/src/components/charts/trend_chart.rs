use crate::chart::{Linear, line_path, ticks};
use crate::format;
use leptos::prelude::*;
use touchstone_shared::scorecard::TrendPoint;

const W: f64 = 600.0;
const H: f64 = 220.0;
const LEFT: f64 = 40.0;
// Room for half of the last axis label ("29 Nov", "100"), which is centred on its tick.
const RIGHT: f64 = 30.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 30.0;

/// Mean audit score per bucket as a line, with the client's target dashed; gaps where a
/// bucket had no audits.
#[component]
pub fn TrendChart(
    /// Buckets, oldest first.
    points: Vec<TrendPoint>,
    /// The client's target in percent.
    target: f64,
) -> impl IntoView {
    let n = points.len().max(1);
    let x = Linear::new((0.0, (n - 1) as f64), (LEFT, W - RIGHT));
    let y = Linear::new((0.0, 100.0), (H - BOTTOM, TOP));
    let path = line_path(
        &points
            .iter()
            .enumerate()
            .map(|(i, p)| p.mean.map(|m| (x.at(i as f64), y.at(m))))
            .collect::<Vec<_>>(),
    );
    let summary = points
        .iter()
        .map(|p| format!("{}: {}", format::date(p.start), format::pct(p.mean)))
        .collect::<Vec<_>>()
        .join("; ");
    let every = (n / 6).max(1);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="trend-title trend-desc" data-testid="trend-chart">
                <title id="trend-title">"Mean audit score over time"</title>
                <desc id="trend-desc">{summary}</desc>
                {ticks(0.0, 100.0, 5).into_iter().map(|t| view! {
                    <g class="tick">
                        <line x1=LEFT x2=W - RIGHT y1=y.at(t) y2=y.at(t) />
                        <text x=LEFT - 6.0 y=y.at(t) + 4.0 text-anchor="end">{t}</text>
                    </g>
                }).collect_view()}
                <line class="target" x1=LEFT x2=W - RIGHT y1=y.at(target) y2=y.at(target) />
                <path class="line" d=path />
                {points.iter().enumerate().map(|(i, p)| {
                    let label = (i % every == 0).then(|| view! {
                        <text class="xlabel" x=x.at(i as f64) y=H - 8.0 text-anchor="middle">{format::day_month(p.start)}</text>
                    });
                    let dot = p.mean.map(|m| view! {
                        <circle cx=x.at(i as f64) cy=y.at(m) r="4">
                            <title>{format!("{}: {} ({} audits)", format::date(p.start), format::pct(Some(m)), p.n)}</title>
                        </circle>
                    });
                    view! { {label} {dot} }
                }).collect_view()}
            </svg>
            <figcaption>"Mean audit score per period; dashed line: target " {format!("{target:.0}")} "\u{a0}%"</figcaption>
        </figure>
    }
}
