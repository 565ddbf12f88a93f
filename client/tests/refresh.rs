//! Which cached assignments the start page's refresh reuses, and which bundles it fetches
//! again: changed assignments, and one per checklist version whose journey was edited.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use chrono::TimeDelta;
use fixtures::{at, detail, id, stored};
use touchstone_client::draft::{Draft, Phase};
use touchstone_client::refresh::{Plan, is_current, is_unchanged, plan};
use touchstone_client::store::assignments::CachedAssignment;
use touchstone_client::store::checklists::ChecklistStamp;
use touchstone_shared::assignment::{AssignmentDetail, AssignmentStatus};
use touchstone_shared::audit::AuditStatus;
use uuid::Uuid;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The phone's copy of `d`'s checklist, with its journey as `d` has it.
fn known(d: &AssignmentDetail) -> Vec<ChecklistStamp> {
    vec![ChecklistStamp {
        version_id: d.checklist.id,
        journey_updated_at: d.journey.updated_at,
    }]
}

#[wasm_bindgen_test]
fn an_assignment_listed_as_cached_is_reused_while_its_checklist_is_on_the_phone() {
    let d = detail();
    let known = known(&d);
    let record = CachedAssignment::split(d.clone()).record;
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
    let known = known(&d);
    let record = CachedAssignment::split(d.clone()).record;
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

/// Assignment `n` of `d`, on checklist version `version`, as the server lists it with its
/// journey last changed at minute `journey`; and the phone's record of it.
fn listed(n: u128, version: u128, journey: u32) -> (AssignmentDetail, CachedAssignment) {
    let mut d = detail();
    d.assignment.id = id(0xA000 + n);
    d.assignment.checklist_version_id = id(version);
    d.checklist.id = id(version);
    d.assignment.journey_updated_at = Some(at(0));
    let record = CachedAssignment::split(d.clone()).record;
    d.assignment.journey_updated_at = Some(at(journey));
    d.journey.updated_at = at(journey);
    (d, record)
}

#[wasm_bindgen_test]
fn an_edited_journey_fetches_one_bundle_per_checklist_version_that_uses_it() {
    let now = at(0);
    // Versions 0xCC (three assignments) and 0xCD (one) on the phone with the journey of
    // minute 0.
    let cached_at = |version| ChecklistStamp {
        version_id: id(version),
        journey_updated_at: at(0),
    };
    let phone = vec![cached_at(0xCC), cached_at(0xCD)];
    let all = |journey| {
        [(1, 0xCC), (2, 0xCC), (3, 0xCC), (4, 0xCD)].map(|(n, version)| listed(n, version, journey))
    };

    // Nothing changed: nothing is fetched.
    let same = all(0);
    let list: Vec<_> = same.iter().map(|(d, _)| d.assignment.clone()).collect();
    let records: Vec<_> = same.iter().map(|(_, r)| r.clone()).collect();
    assert_eq!(
        plan(&list, &records, &phone, &[], now),
        Plan {
            reuse: records.clone(),
            fetch: Vec::new()
        }
    );

    // The journey was edited at minute 5: one bundle for each version, the rest reused.
    let edited = all(5);
    let list: Vec<_> = edited.iter().map(|(d, _)| d.assignment.clone()).collect();
    let decided = plan(&list, &records, &phone, &[], now);
    assert_eq!(decided.fetch, vec![id(0xA001), id(0xA004)]);
    assert_eq!(decided.reuse, records[1..3].to_vec());

    // A phone whose copy of 0xCD already has it fetches only for 0xCC; an assignment of
    // 0xCC fetched anyway brings the journey with it.
    let phone = vec![
        cached_at(0xCC),
        ChecklistStamp {
            version_id: id(0xCD),
            journey_updated_at: at(5),
        },
    ];
    assert_eq!(
        plan(&list, &records, &phone, &[], now).fetch,
        vec![id(0xA001)]
    );
    let mut rescheduled = list.clone();
    rescheduled[2].due += TimeDelta::days(1);
    assert_eq!(
        plan(&rescheduled, &records, &phone, &[], now).fetch,
        vec![id(0xA003)]
    );

    // A server that does not say when its journeys changed: nothing is fetched for them.
    let older_server: Vec<_> = list
        .iter()
        .cloned()
        .map(|mut a| {
            a.journey_updated_at = None;
            a
        })
        .collect();
    assert_eq!(
        plan(&older_server, &records, &phone, &[], now).fetch,
        Vec::<Uuid>::new()
    );
}
