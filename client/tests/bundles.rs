//! Which bundle serves a path: `nav::OFFICE_PATHS` (the field bundle's handoff) and the list
//! index.html picks the bundle by must agree, or a page would start in a bundle without it;
//! and `nav::landing` and the table the sign-in page sends each role on by must agree, or a
//! user would land on another page than the app's own start page.

use touchstone_client::nav::{OFFICE_PATHS, is_office_path, landing};
use touchstone_shared::user::Role;
use wasm_bindgen_test::wasm_bindgen_test;

const INDEX_HTML: &str = include_str!("../index.html");
const SIGNIN_JS: &str = include_str!("../static/signin.js");

/// The comma-separated entries of the literal in `source` that opens with `open` and closes
/// at the first `close`, trimmed of spaces and quotes (`what` names it in a failure).
fn literal<'a>(source: &'a str, open: &str, close: char, what: &str) -> Vec<&'a str> {
    let (_, rest) = source.split_once(open).expect(what);
    let (body, _) = rest.split_once(close).expect(what);
    body.split(',')
        .map(|e| e.trim().trim_matches('\''))
        .collect()
}

#[wasm_bindgen_test]
fn index_html_picks_the_office_bundle_for_exactly_the_office_paths() {
    let listed = literal(
        INDEX_HTML,
        "var office = [",
        ']',
        "index.html names the office paths",
    );
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
        "/jobs",
        "/certification/0192",
        "/earnings",
        "/profile",
    ] {
        assert!(is_office_path(path), "{path}");
    }
    for path in [
        "/",
        "/login",
        "/assignments/0192",
        "/reviews",
        "/actions-x",
        "/jobsite",
        "/nowhere",
    ] {
        assert!(!is_office_path(path), "{path}");
    }
}

#[wasm_bindgen_test]
fn the_sign_in_page_sends_each_role_to_its_landing_page() {
    let table = literal(
        SIGNIN_JS,
        "const LANDING = {",
        '}',
        "signin.js names each role's landing page",
    );
    let entries: Vec<(&str, &str)> = table
        .iter()
        .filter_map(|entry| entry.split_once(':'))
        .map(|(role, path)| (role.trim(), path.trim().trim_matches('\'')))
        .collect();
    for role in Role::ALL {
        let listed: Vec<&str> = entries
            .iter()
            .filter(|(name, _)| *name == role.as_str())
            .map(|(_, path)| *path)
            .collect();
        assert_eq!(listed, [landing(role)], "{role:?}");
    }
    assert_eq!(
        entries.len(),
        Role::ALL.len(),
        "one entry per role: {entries:?}"
    );
}
