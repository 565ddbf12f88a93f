//! Scoring speed on the phone: the native bench's case (`touchstone_shared::bench_case`, 200
//! items, 50 conditions, every item answered) scored in the browser's wasm, as the form does
//! on each tap. Prints the median and the slowest batch per call; the target is under 1 ms
//! (issue 18). The figure is for the release profile:
//!
//!   cargo test -p touchstone-client --target wasm32-unknown-unknown --release \
//!     --test scoring_speed -- --nocapture

#![cfg(target_arch = "wasm32")]

use std::hint::black_box;
use touchstone_shared::bench_case::{ITEMS, answers, checklist};
use touchstone_shared::requirement::missing;
use touchstone_shared::scoring::score_audit;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Calls per timed batch: `Date.now()` counts milliseconds, so one call is timed as a
/// batch's share.
const BATCH: usize = 50;
const BATCHES: usize = 40;

#[wasm_bindgen_test]
fn a_two_hundred_item_checklist_with_fifty_conditions_scores_in_the_browser() {
    let (content, journey) = checklist();
    let answers = answers(&content);
    // The work timed is the real work: every required item answered, points to earn.
    let score = score_audit(&content, &journey, &answers);
    assert!(missing(&content, true, &answers).is_empty());
    assert!(score.total.possible > 0.0);

    let mut per_call: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let start = js_sys::Date::now();
            for _ in 0..BATCH {
                black_box(score_audit(&content, &journey, black_box(&answers)));
                black_box(missing(&content, true, &answers));
            }
            (js_sys::Date::now() - start) * 1000.0 / BATCH as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    console_log!(
        "score + missing in wasm, {ITEMS} items: median {:.1} µs, slowest batch {:.1} µs per call (target < 1000 µs)",
        per_call[BATCHES / 2],
        per_call[BATCHES - 1],
    );
}
