//! The hand-written date formats against chrono's strftime, which they replace.

#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Local, TimeDelta, TimeZone, Utc};
use touchstone_client::format;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn dates_read_as_with_strftime() {
    let mut at: DateTime<Utc> = Utc
        .with_ymd_and_hms(1969, 12, 25, 23, 59, 0)
        .single()
        .expect("a UTC time");
    let end = Utc
        .with_ymd_and_hms(2101, 3, 1, 0, 0, 0)
        .single()
        .expect("a UTC time");
    let mut n = 0;
    while at < end {
        let local = at.with_timezone(&Local);
        assert_eq!(
            format::when(at),
            local.format("%a %-d %b %H:%M").to_string()
        );
        assert_eq!(format::clock(at), local.format("%H:%M").to_string());
        assert_eq!(format::date(at), local.format("%-d %b %Y").to_string());
        // 1 day 13 h 7 min: every weekday, hour and month comes round.
        at += TimeDelta::minutes(37 * 60 + 7);
        n += 1;
    }
    assert!(n > 30_000, "{n}");
    for at in [
        Utc.with_ymd_and_hms(-5, 3, 1, 7, 5, 0)
            .single()
            .expect("a UTC time"),
        Utc.with_ymd_and_hms(12_345, 11, 30, 18, 0, 0)
            .single()
            .expect("a UTC time"),
    ] {
        assert_eq!(
            format::date(at),
            at.with_timezone(&Local).format("%-d %b %Y").to_string()
        );
    }
}
