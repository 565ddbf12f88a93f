//! The local audit model, the EXIF carry-over and the photo pipeline, in a real browser.

#![cfg(target_arch = "wasm32")]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{CHECKOUT, GREETING, at, detail, id, sha, stored};
use touchstone_client::device::{exif, photo};
use touchstone_client::draft::{Draft, Phase, Progress};
use touchstone_client::store::audits::AuditStamp;
use touchstone_shared::audit::{
    AnswerValue, AuditStatus, ItemComment, ReviewDecision, ReviewInput,
};
use touchstone_shared::scoring::score_audit;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn answered_everything() -> Draft {
    let d = detail();
    let mut draft = Draft::new(&d.assignment, d.assignment.auditor_id, at(0));
    draft.input.visit.check_in_at = Some(at(1));
    draft.set_value(id(1), AnswerValue::YesNo(true));
    draft.set_value(id(2), AnswerValue::Scale(4.0));
    draft.set_value(id(3), AnswerValue::Na);
    draft.set_value(id(4), AnswerValue::Number(90.0));
    draft.set_value(id(5), AnswerValue::Nps(9));
    draft.set_value(id(6), AnswerValue::Text("Clean shop".into()));
    assert!(draft.add_item_photo(
        id(7),
        &detail().checklist.content.sections[1].items[3].kind,
        sha(1)
    ));
    draft
}

#[wasm_bindgen_test]
fn missing_lists_check_in_required_items_and_photos() {
    let d = detail();
    let draft = Draft::new(&d.assignment, d.assignment.auditor_id, at(0));
    let missing: Vec<_> = draft
        .missing(&d.checklist.content)
        .into_iter()
        .map(|m| m.item_id)
        .collect();
    assert_eq!(missing, vec![None, Some(id(1)), Some(id(4)), Some(id(7))]);
    let full = answered_everything();
    assert!(full.missing(&d.checklist.content).is_empty());
    let progress = |draft: &Draft| draft.progress(&d.checklist.content);
    assert_eq!(
        progress(&full),
        Progress {
            answered: 7,
            asked: 7,
            required_answered: 3,
            required: 3
        }
    );
    assert_eq!(
        (
            progress(&draft).required_answered,
            progress(&draft).required
        ),
        (0, 3)
    );
    // The shared validation agrees.
    assert_eq!(
        full.submission(at(20)).validate(&d.checklist.content),
        Ok(())
    );
    assert!(
        draft
            .submission(at(20))
            .validate(&d.checklist.content)
            .is_err()
    );
}

#[wasm_bindgen_test]
fn answers_change_in_place_and_photo_items_need_their_photos() {
    let d = detail();
    let photo_kind = d.checklist.content.sections[1].items[3].kind.clone();
    let yes_no = d.checklist.content.sections[0].items[0].kind.clone();
    let mut draft = answered_everything();
    draft.set_value(id(1), AnswerValue::YesNo(false));
    assert_eq!(
        draft
            .input
            .answers
            .iter()
            .filter(|a| a.item_id == id(1))
            .count(),
        1
    );
    assert_eq!(
        draft.answer(id(1)).map(|a| a.value.clone()),
        Some(AnswerValue::YesNo(false))
    );

    draft.remove_item_photo(id(7), &sha(1));
    assert!(!draft.is_answered(id(7)));
    assert!(draft.answer(id(7)).is_none());

    // A scored item takes a photo only once it has a value.
    draft.clear_value(id(2));
    assert!(!draft.add_item_photo(id(2), &yes_no, sha(2)));
    assert!(draft.add_item_photo(id(1), &yes_no, sha(2)));
    // Clearing keeps an answer that carries photos.
    draft.clear_value(id(1));
    assert!(draft.answer(id(1)).is_some());
    assert!(draft.add_item_photo(id(7), &photo_kind, sha(3)));
    assert_eq!(draft.photos().count(), 2);

    draft.set_comment(id(6), "by the door".into());
    assert_eq!(
        draft.answer(id(6)).map(|a| a.comment.as_str()),
        Some("by the door")
    );
}

#[wasm_bindgen_test]
fn touchpoint_notes_hold_emotion_pain_point_and_photos() {
    let mut draft = answered_everything();
    draft.set_emotion(id(GREETING), Some(-2));
    draft.set_pain_point(id(GREETING), "Nobody at the desk".into());
    draft.add_note_photo(id(CHECKOUT), sha(4));
    assert_eq!(draft.note(id(GREETING)).and_then(|n| n.emotion), Some(-2));
    assert_eq!(draft.input.touchpoint_notes.len(), 2);
    // An emptied note disappears.
    draft.set_emotion(id(GREETING), None);
    draft.set_pain_point(id(GREETING), String::new());
    draft.remove_note_photo(id(CHECKOUT), &sha(4));
    assert!(draft.input.touchpoint_notes.is_empty());
}

#[wasm_bindgen_test]
fn live_score_is_the_shared_score() {
    let d = detail();
    let draft = answered_everything();
    let score = score_audit(&d.checklist.content, &d.journey, &draft.input.answers);
    // yes 1/1, scale (4-1)/4 = 0.75/1, choice N/A, number 90 s → 1/2.
    assert_eq!(score.total.earned, 2.75);
    assert_eq!(score.total.possible, 4.0);
    assert_eq!(score.touchpoints.len(), 2);
}

#[wasm_bindgen_test]
fn submission_checks_out_once() {
    let draft = answered_everything();
    let first = draft.submission(at(30));
    assert_eq!(first.status, AuditStatus::Submitted);
    assert_eq!(first.visit.check_out_at, Some(at(30)));
    let mut again = draft.clone();
    again.input = first;
    assert_eq!(again.submission(at(45)).visit.check_out_at, Some(at(30)));
}

#[wasm_bindgen_test]
fn reconcile_keeps_local_work_and_takes_a_returned_audit() {
    let d = detail();
    let user = d.assignment.auditor_id;
    let mut local = answered_everything();
    // Unsent local work wins over nothing on the server.
    assert_eq!(
        Draft::reconcile(Some(local.clone()), None, &d.assignment, user, at(5)),
        local
    );

    // Submitted and synced; the reviewer returns it with a comment on item 1.
    local.phase = Phase::Synced;
    let input = local.submission(at(20));
    local.server = Some(stored(local.audit_id, &input, AuditStatus::Submitted, 21));
    let mut returned = stored(local.audit_id, &input, AuditStatus::Returned, 40);
    returned.review = Some(ReviewInput {
        decision: ReviewDecision::Return,
        comment: "Please fix the greeting".into(),
        item_comments: vec![ItemComment {
            item_id: id(1),
            comment: "Was the greeting really friendly?".into(),
        }],
    });
    let fixed = Draft::reconcile(
        Some(local.clone()),
        Some(&returned),
        &d.assignment,
        user,
        at(45),
    );
    assert_eq!(fixed.phase, Phase::Editing);
    assert!(fixed.is_editable());
    assert_eq!(fixed.input.status, AuditStatus::Draft);
    assert_eq!(
        fixed.review_comment(id(1)),
        Some("Was the greeting really friendly?")
    );
    assert_eq!(fixed.review_overall(), Some("Please fix the greeting"));
    assert_eq!(fixed.status_label(), "Returned: correct and resubmit");

    // Corrections in progress are not overwritten by the same returned copy.
    let mut correcting = fixed.clone();
    correcting.set_value(id(1), AnswerValue::YesNo(false));
    assert_eq!(
        Draft::reconcile(
            Some(correcting.clone()),
            Some(&returned),
            &d.assignment,
            user,
            at(50)
        ),
        correcting
    );

    // A queued resubmission is kept until the server has it.
    let mut queued = correcting.clone();
    queued.phase = Phase::Queued;
    assert_eq!(
        Draft::reconcile(
            Some(queued.clone()),
            Some(&returned),
            &d.assignment,
            user,
            at(55)
        )
        .phase,
        Phase::Queued
    );

    // No local copy: the server's audit is the starting point.
    let from_server = Draft::reconcile(None, Some(&returned), &d.assignment, user, at(45));
    assert_eq!(from_server.audit_id, local.audit_id);
    assert_eq!(from_server.phase, Phase::Editing);
}

#[wasm_bindgen_test]
fn the_list_shows_the_status_reconcile_would_from_the_audit_stamp_alone() {
    let d = detail();
    let user = d.assignment.auditor_id;
    let mut checked_in = Draft::new(&d.assignment, user, at(0));
    checked_in.input.visit.check_in_at = Some(at(1));
    let answered = answered_everything();
    let input = answered.submission(at(20));
    let server = |status, minute| stored(answered.audit_id, &input, status, minute);
    let mut synced = answered.clone();
    synced.phase = Phase::Synced;
    synced.server = Some(server(AuditStatus::Submitted, 21));
    let mut queued = answered.clone();
    queued.phase = Phase::Queued;
    let mut rejected = answered.clone();
    rejected.rejection = Some("No photo".into());
    let mut correcting = synced.clone();
    correcting.phase = Phase::Editing;
    correcting.server = Some(server(AuditStatus::Returned, 40));
    let mut started_elsewhere = stored(id(0xE15E), &input, AuditStatus::Draft, 30);
    started_elsewhere.visit.check_in_at = None;
    let locals = [
        None,
        Some(Draft::new(&d.assignment, user, at(0))),
        Some(checked_in),
        Some(answered.clone()),
        Some(queued),
        Some(rejected),
        Some(synced),
        Some(correcting),
    ];
    let servers = [
        None,
        Some(server(AuditStatus::Draft, 10)),
        Some(server(AuditStatus::Submitted, 21)),
        Some(server(AuditStatus::Returned, 40)),
        Some(server(AuditStatus::Returned, 50)),
        Some(server(AuditStatus::Approved, 58)),
        Some(started_elsewhere.clone()),
        Some(stored(id(0xE15F), &input, AuditStatus::Submitted, 30)),
    ];
    let mut labels = std::collections::BTreeSet::new();
    for local in &locals {
        for audit in &servers {
            let draft =
                Draft::reconcile(local.clone(), audit.as_ref(), &d.assignment, user, at(59));
            let stamp = audit.as_ref().map(AuditStamp::from);
            assert_eq!(
                Draft::listed_status(local.as_ref(), stamp.as_ref()),
                (draft.status_label(), draft.is_editable()),
                "local {local:?}, server {audit:?}"
            );
            labels.insert(draft.status_label());
        }
    }
    // Every status the list can show was compared.
    assert_eq!(labels.len(), 7, "{labels:?}");
}

type Encoders = (fn(u16) -> [u8; 2], fn(u32) -> [u8; 4]);

fn jpeg_with_orientation(big_endian: bool) -> Vec<u8> {
    // SOI, APP0 JFIF, APP1 Exif with IFD0 holding Orientation = 6, then SOS/EOI.
    let mut tiff = Vec::new();
    let (w16, w32): Encoders = if big_endian {
        (u16::to_be_bytes, u32::to_be_bytes)
    } else {
        (u16::to_le_bytes, u32::to_le_bytes)
    };
    tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
    tiff.extend_from_slice(&w16(42));
    tiff.extend_from_slice(&w32(8));
    tiff.extend_from_slice(&w16(2)); // two entries
    tiff.extend_from_slice(&w16(0x010F)); // Make, ASCII, 4 bytes inline
    tiff.extend_from_slice(&w16(2));
    tiff.extend_from_slice(&w32(4));
    tiff.extend_from_slice(b"ACM\0");
    tiff.extend_from_slice(&w16(0x0112)); // Orientation, SHORT, 1
    tiff.extend_from_slice(&w16(3));
    tiff.extend_from_slice(&w32(1));
    tiff.extend_from_slice(&w16(6));
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&w32(0));
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&u16::try_from(app1.len() + 2).expect("small").to_be_bytes());
    jpeg.extend_from_slice(&app1);
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]);
    jpeg
}

#[wasm_bindgen_test]
fn exif_is_carried_over_upright() {
    for big_endian in [false, true] {
        let original = jpeg_with_orientation(big_endian);
        let segment = exif::exif_segment(&original).expect("exif found").to_vec();
        // The canvas's JPEG: SOI, APP0, image data.
        let canvas = vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9,
        ];
        let out = exif::carry_over(&original, &canvas);
        assert_eq!(out.len(), canvas.len() + segment.len());
        assert_eq!(&out[..8], &canvas[..8], "APP0 stays first");
        let carried = exif::exif_segment(&out).expect("exif carried");
        assert_eq!(carried.len(), segment.len());
        // The value field of the last entry, before the 4-byte next-IFD offset.
        let orientation_at = carried.len() - 4 - 4;
        let value = &carried[orientation_at..orientation_at + 2];
        assert_eq!(value, if big_endian { [0, 1] } else { [1, 0] });
        // Everything else is unchanged.
        assert_eq!(carried[..orientation_at], segment[..orientation_at]);
        // Idempotent, and a JPEG without EXIF stays as it is.
        assert_eq!(exif::carry_over(&out, &out), out);
        assert_eq!(exif::carry_over(&canvas, &canvas), canvas);
    }
    assert!(exif::exif_segment(b"not a jpeg").is_none());
}

#[wasm_bindgen_test]
fn fit_keeps_the_aspect_ratio_and_never_upscales() {
    assert_eq!(photo::fit(4000, 3000, 2048), (2048, 1536));
    assert_eq!(photo::fit(3000, 4000, 2048), (1536, 2048));
    assert_eq!(photo::fit(800, 600, 2048), (800, 600));
    assert_eq!(photo::fit(10000, 10, 2048), (2048, 2));
}

async fn canvas_jpeg(width: u32, height: u32) -> web_sys::Blob {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("canvas element");
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .dyn_into()
        .expect("2d context");
    context.set_fill_style_str("#3366cc");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height) / 2.0);
    let data_url = canvas.to_data_url_with_type("image/png").expect("data url");
    let base64 = data_url.split(',').nth(1).expect("payload");
    let binary = web_sys::window()
        .expect("window")
        .atob(base64)
        .expect("atob");
    let bytes: Vec<u8> = binary.chars().map(|c| c as u8).collect();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/png");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).expect("blob")
}

#[wasm_bindgen_test]
async fn photos_are_downscaled_to_a_2048_px_long_edge_jpeg() {
    let big = canvas_jpeg(3000, 1500).await;
    let prepared = photo::prepare(&big).await.expect("prepared");
    assert_eq!((prepared.width, prepared.height), (2048, 1024));
    assert_eq!(prepared.jpeg.type_(), "image/jpeg");
    let bytes = photo::blob_bytes(&prepared.jpeg).await.expect("bytes");
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    assert_eq!(prepared.bytes, bytes.len());
    assert_eq!(photo::sha256_hex(&bytes), prepared.sha256);
    assert!(touchstone_shared::audit::is_sha256_hex(&prepared.sha256));

    let small = canvas_jpeg(640, 480).await;
    let prepared = photo::prepare(&small).await.expect("prepared");
    assert_eq!((prepared.width, prepared.height), (640, 480));
}
