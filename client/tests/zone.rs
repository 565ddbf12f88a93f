//! The organisation's zone through the browser's `Intl`: picked days start at its midnight,
//! times read in it, and a name that is no zone leaves the device's.

#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use touchstone_client::{editor::plan, format, zone};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

#[wasm_bindgen_test]
fn days_and_times_are_the_organisations() {
    zone::set("Europe/London");
    assert_eq!(zone::name(), "Europe/London");
    assert_eq!(zone::offset(at("2026-09-05T12:00:00Z")), 3600);
    assert_eq!(zone::offset(at("2026-12-05T12:00:00Z")), 0);
    assert_eq!(
        plan::day_window("2026-09-05", "2026-09-11"),
        Ok((at("2026-09-04T23:00:00Z"), at("2026-09-11T23:00:00Z")))
    );
    assert_eq!(zone::day_of(at("2026-09-04T23:00:00Z")), "2026-09-05");
    assert_eq!(format::date(at("2026-09-04T23:30:00Z")), "5 Sep 2026");
    assert_eq!(format::day_month(at("2026-09-04T23:00:00Z")), "5 Sep");

    zone::set("Asia/Tokyo");
    assert_eq!(zone::offset(at("2026-09-05T12:00:00Z")), 9 * 3600);
    assert_eq!(format::clock(at("2026-09-05T12:00:00Z")), "21:00");

    // Not a zone: the device's zone is used, and named.
    zone::set("Mars/Olympus");
    assert_ne!(zone::name(), "Mars/Olympus");
    assert_ne!(zone::name(), "Asia/Tokyo");
}
