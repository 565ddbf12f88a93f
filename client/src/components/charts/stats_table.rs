use crate::chart::band;
use crate::format;
use leptos::prelude::*;
use leptos_router::components::A;
use touchstone_shared::scorecard::Stats;

/// A row of a [`StatsTable`].
#[derive(Clone)]
pub struct StatsRow {
    /// What the row is about.
    pub label: String,
    /// Extra text under the label (e.g. a region).
    pub sub: String,
    /// Its statistics.
    pub stats: Stats,
    /// The drill-down behind it.
    pub href: String,
    /// `data-testid` of the row.
    pub test_id: String,
}

/// Statistics per stage, touchpoint, location or region; every figure links to the audits
/// behind it.
#[component]
pub fn StatsTable(
    /// Caption.
    caption: &'static str,
    /// Rows.
    rows: Vec<StatsRow>,
    /// The client's target in percent.
    target: f64,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="stats">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col" class="num">"n"</th>
                        <th scope="col" class="num">"Mean"</th>
                        <th scope="col" class="num">"SD"</th>
                        <th scope="col" class="num">"Min"</th>
                        <th scope="col" class="num">"Max"</th>
                        <th scope="col" class="num">{format!("Pass (≥\u{a0}{target:.0})")}</th>
                        <th scope="col" class="num">"Critical"</th>
                        <th scope="col" class="num">"Change"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let s = r.stats;
                        let b = band(s.mean, target);
                        let cell = |key: &'static str, text: String| {
                            let href = r.href.clone();
                            view! { <td class="num" data-key=key><A href=href>{text}</A></td> }
                        };
                        view! {
                            <tr data-testid=r.test_id.clone()>
                                <th scope="row">
                                    <A href=r.href.clone()>{r.label.clone()}</A>
                                    {(!r.sub.is_empty()).then(|| view! { <span class="sub">{r.sub.clone()}</span> })}
                                </th>
                                {cell("n", s.n.to_string())}
                                <td class=format!("num band-{}", b.class()) data-key="mean" data-mean=s.mean.map(|m| m.to_string()).unwrap_or_default()>
                                    <A href=r.href.clone()>{format::pct(s.mean)}<span class="sr-only">{format!(" ({})", b.words())}</span></A>
                                </td>
                                {cell("sd", format::pct(s.sd))}
                                {cell("min", format::pct(s.min))}
                                {cell("max", format::pct(s.max))}
                                {cell("pass", format::pct(s.pass_rate))}
                                {cell("critical", s.critical_failures.to_string())}
                                {cell("change", format::change(s.change))}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
