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

#[wasm_bindgen_test]
fn money_reads_from_integer_minor_units_and_back() {
    assert_eq!(format::money(2500, "EUR"), "\u{20ac}25.00");
    assert_eq!(format::money(-350, "GBP"), "\u{2212}\u{a3}3.50");
    assert_eq!(format::money(5, "USD"), "$0.05");
    assert_eq!(format::money(1205, "CHF"), "CHF\u{a0}12.05");
    assert_eq!(format::money(500, "JPY"), "JPY\u{a0}500");
    for (text, minor) in [
        ("6.40", Some(640)),
        ("6,4", Some(640)),
        ("12", Some(1200)),
        (".5", Some(50)),
    ] {
        assert_eq!(format::parse_money(text), minor, "{text}");
    }
    for text in ["", "6.405", "-3", "abc", "1.2.3"] {
        assert_eq!(format::parse_money(text), None, "{text}");
    }
}
