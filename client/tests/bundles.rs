//! Which bundle serves a path: `nav::OFFICE_PATHS` (the field bundle's handoff) and the list
//! index.html picks the bundle by must agree, or a page would start in a bundle without it.

use touchstone_client::nav::{OFFICE_PATHS, is_office_path};
use wasm_bindgen_test::wasm_bindgen_test;

const INDEX_HTML: &str = include_str!("../index.html");

#[wasm_bindgen_test]
fn index_html_picks_the_office_bundle_for_exactly_the_office_paths() {
    let list = INDEX_HTML
        .split_once("var office = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("index.html names the office paths");
    let listed: Vec<&str> = list
        .split(',')
        .map(|p| p.trim().trim_matches('\''))
        .collect();
    assert_eq!(listed, OFFICE_PATHS);
}

#[wasm_bindgen_test]
fn office_paths_are_the_listed_pages_and_what_is_under_them() {
    for path in [
        "/review",
        "/audits/0192",
        "/scorecards/audits",
        "/consult/journeys",
        "/actions",
    ] {
        assert!(is_office_path(path), "{path}");
    }
    for path in [
        "/",
        "/login",
        "/assignments/0192",
        "/reviews",
        "/actions-x",
        "/nowhere",
    ] {
        assert!(!is_office_path(path), "{path}");
    }
}
