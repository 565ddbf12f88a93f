use crate::chart::{Linear, line_path};
use leptos::prelude::*;

const W: f64 = 800.0;
const H: f64 = 280.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 28.0;
/// Room under the curve for the touchpoints' names, slanted.
const BOTTOM: f64 = 96.0;
/// Longest touchpoint name written out under the curve; longer ones end in "…" (the point's
/// title has the whole name).
const NAME_CHARS: usize = 16;

/// How the journey felt: mean emotion (−2..+2) per touchpoint, left to right, each point
/// labelled with its value and its touchpoint's name, with the stages marked along the top.
#[component]
pub fn EmotionCurve(
    /// Touchpoints in journey order: name and mean emotion.
    points: Vec<(String, Option<f64>)>,
    /// Stages in journey order: name and how many of the touchpoints are theirs.
    stages: Vec<(String, usize)>,
) -> impl IntoView {
    let n = points.len().max(1);
    let slot = (W - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = Linear::new((-2.0, 2.0), (H - BOTTOM, TOP));
    let path = line_path(
        &points
            .iter()
            .enumerate()
            .map(|(i, (_, e))| e.map(|e| (x(i), y.at(e))))
            .collect::<Vec<_>>(),
    );
    let summary = points
        .iter()
        .map(|(name, e)| {
            format!(
                "{name}: {}",
                e.map_or("no answers".into(), |e| format!("{e:+.1}"))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut start = 0;
    let stage_marks = stages
        .into_iter()
        .map(|(name, count)| {
            let x0 = LEFT + slot * start as f64;
            start += count;
            let x1 = LEFT + slot * start as f64;
            view! {
                <g class="stage-mark">
                    <line x1=x0 x2=x0 y1=TOP - 14.0 y2=H - BOTTOM />
                    <text x=(x0 + x1) / 2.0 y=TOP - 16.0 text-anchor="middle">{name}</text>
                </g>
            }
        })
        .collect_view();
    let labels = [(2.0, "very good"), (0.0, "neutral"), (-2.0, "very bad")];
    view! {
        <figure class="chart emotion">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="emo-title emo-desc" data-testid="emotion-curve">
                <title id="emo-title">"Emotion curve across the journey"</title>
                <desc id="emo-desc">{summary}</desc>
                {labels.into_iter().map(|(v, text)| view! {
                    <g class="tick">
                        <line x1=LEFT x2=W - RIGHT y1=y.at(v) y2=y.at(v) />
                        <text x=LEFT - 6.0 y=y.at(v) + 4.0 text-anchor="end">{text}</text>
                    </g>
                }).collect_view()}
                {stage_marks}
                <path class="line" d=path data-testid="emotion-path" />
                {points.iter().enumerate().map(|(i, (name, e))| view! {
                    <g class="point" data-touchpoint=name.clone()>
                        {e.map(|e| view! {
                            <circle cx=x(i) cy=y.at(e) r="5"><title>{format!("{name}: {e:+.1}")}</title></circle>
                            <text class="value" x=x(i) y=y.at(e) - 9.0 text-anchor="middle">{format!("{e:+.1}")}</text>
                        })}
                        <text class="xlabel" text-anchor="end"
                            transform=format!("translate({:.1} {:.1}) rotate(-35)", x(i) + 4.0, H - BOTTOM + 14.0)>
                            {short_name(name)}
                        </text>
                    </g>
                }).collect_view()}
            </svg>
            <figcaption>"Mean emotion auditors felt at each touchpoint (−2 very bad to +2 very good)"</figcaption>
        </figure>
    }
}

/// A touchpoint's name as the axis shows it: at most [`NAME_CHARS`] characters.
fn short_name(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(NAME_CHARS - 1).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}
