//! Scoring speed with branching: a 200-item checklist with 50 conditions, scored with every
//! item answered, as the phone does on each tap and the server on each save. Prints the
//! median and the 99th percentile of one `score_audit` + `missing` over many runs.
//!
//! Target: under 1 ms per call (issue 18). `cargo bench -p touchstone-shared`. The same
//! case in the phone's wasm: `client/tests/scoring_speed.rs`.

use std::hint::black_box;
use std::time::{Duration, Instant};
use touchstone_shared::bench_case::{ITEMS, answers, checklist};
use touchstone_shared::requirement::missing;
use touchstone_shared::scoring::score_audit;

const RUNS: usize = 2_000;

fn main() {
    let (content, journey) = checklist();
    let answers = answers(&content);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(score_audit(&content, &journey, black_box(&answers)));
            black_box(missing(&content, true, &answers));
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((RUNS as f64 - 1.0) * q) as usize];
    println!(
        "score + missing, {ITEMS} items, {} conditions: median {:.1} µs, p99 {:.1} µs (target < 1000 µs)",
        content.items().filter(|(_, i)| i.show_if.is_some()).count(),
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
    );
}
