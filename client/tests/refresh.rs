//! Which cached assignments the start page's refresh reuses, and which bundles it fetches
//! again.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use chrono::TimeDelta;
use fixtures::{at, detail, id, stored};
use touchstone_client::draft::{Draft, Phase};
use touchstone_client::refresh::{is_current, is_unchanged};
use touchstone_client::store::assignments::CachedAssignment;
use touchstone_shared::assignment::AssignmentStatus;
use touchstone_shared::audit::AuditStatus;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn an_assignment_listed_as_cached_is_reused_while_its_checklist_is_on_the_phone() {
    let d = detail();
    let known = vec![d.checklist.id.to_string()];
    let (record, _) = CachedAssignment::split(d.clone());
    assert!(is_unchanged(&record, &d.assignment, &known, &[]));
    assert!(
        !is_unchanged(&record, &d.assignment, &[], &[]),
        "no checklist"
    );

    // An audit started, submitted, returned…: the listed status and audit differ.
    let mut listed = d.assignment.clone();
    listed.audit_id = Some(id(0xAD));
    listed.status = AssignmentStatus::Submitted;
    assert!(!is_unchanged(&record, &listed, &known, &[]));
    listed.audit_id = None;
    listed.status = AssignmentStatus::Open;
    listed.due += TimeDelta::days(1);
    assert!(!is_unchanged(&record, &listed, &known, &[]), "rescheduled");
}

#[wasm_bindgen_test]
fn an_audit_returned_again_after_the_phone_resubmitted_it_is_fetched_again() {
    let mut d = detail();
    let user = d.assignment.auditor_id;
    let mut draft = Draft::new(&d.assignment, user, at(0));
    let input = draft.submission(at(5));
    // Cached when the reviewer had returned it the first time.
    d.audit = Some(stored(draft.audit_id, &input, AuditStatus::Returned, 10));
    d.assignment.audit_id = Some(draft.audit_id);
    d.assignment.status = AssignmentStatus::Returned;
    let known = vec![d.checklist.id.to_string()];
    let (record, _) = CachedAssignment::split(d.clone());
    draft.phase = Phase::Synced;
    draft.server = d.audit.clone();
    assert!(is_unchanged(
        &record,
        &d.assignment,
        &known,
        std::slice::from_ref(&draft)
    ));

    // The phone resubmitted it; the reviewer returned it again: listed as it was cached.
    draft.server = Some(stored(draft.audit_id, &input, AuditStatus::Submitted, 20));
    assert!(!is_unchanged(&record, &d.assignment, &known, &[draft]));
}

#[wasm_bindgen_test]
fn done_assignments_leave_the_phone_a_week_after_they_were_due_unless_it_has_work_for_them() {
    let mut d = detail();
    d.assignment.audit_id = Some(id(0xAD));
    let due = d.assignment.due;
    assert!(is_current(&d.assignment, due + TimeDelta::days(6), &[]));
    assert!(!is_current(&d.assignment, due + TimeDelta::days(8), &[]));
    let draft = Draft::new(&d.assignment, d.assignment.auditor_id, at(0));
    assert!(is_current(
        &d.assignment,
        due + TimeDelta::days(8),
        &[draft]
    ));
    d.assignment.audit_id = None;
    assert!(is_current(&d.assignment, due + TimeDelta::days(30), &[]));
}
