use crate::chart::{Linear, histogram, ticks};
use leptos::prelude::*;

const W: f64 = 600.0;
const H: f64 = 200.0;
const LEFT: f64 = 40.0;
// Room for half of the last axis label ("29 Nov", "100"), which is centred on its tick.
const RIGHT: f64 = 30.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 30.0;

/// How audit scores are spread: ten bins of ten points.
#[component]
pub fn HistogramChart(
    /// Per-audit scores in percent.
    values: Vec<f64>,
) -> impl IntoView {
    let bins = histogram(&values, 0.0, 100.0, 10);
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let x = Linear::new((0.0, 100.0), (LEFT, W - RIGHT));
    let y = Linear::new((0.0, most), (H - BOTTOM, TOP));
    let summary = bins
        .iter()
        .map(|b| format!("{:.0}–{:.0}: {}", b.from, b.to, b.count))
        .collect::<Vec<_>>()
        .join("; ");
    let step = ticks(0.0, most, 4);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="hist-title hist-desc" data-testid="histogram">
                <title id="hist-title">"Distribution of audit scores"</title>
                <desc id="hist-desc">{summary}</desc>
                {step.into_iter().filter(|t| t.fract() == 0.0).map(|t| view! {
                    <g class="tick">
                        <line x1=LEFT x2=W - RIGHT y1=y.at(t) y2=y.at(t) />
                        <text x=LEFT - 6.0 y=y.at(t) + 4.0 text-anchor="end">{t}</text>
                    </g>
                }).collect_view()}
                {bins.iter().map(|b| {
                    let (x0, x1) = (x.at(b.from) + 1.0, x.at(b.to) - 1.0);
                    let top = y.at(b.count as f64);
                    view! {
                        <rect class="bar" x=x0 width=(x1 - x0).max(0.0) y=top height=(H - BOTTOM - top).max(0.0) data-count=b.count>
                            <title>{format!("{:.0}–{:.0} %: {} audits", b.from, b.to, b.count)}</title>
                        </rect>
                    }
                }).collect_view()}
                {ticks(0.0, 100.0, 5).into_iter().map(|t| view! {
                    <text class="xlabel" x=x.at(t) y=H - 8.0 text-anchor="middle">{t}</text>
                }).collect_view()}
            </svg>
            <figcaption>{format!("{} audits by score (%)", values.len())}</figcaption>
        </figure>
    }
}
