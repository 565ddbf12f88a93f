//! The consultant's editors as plain data operations: reordering, adding and removing
//! stages, touchpoints, sections, items, options and bands; kinds' starting settings;
//! the planning inputs.

#![cfg(target_arch = "wasm32")]

use chrono::{TimeDelta, Utc};
use touchstone_client::api::consult::spreadsheet_type;
use touchstone_client::api::query;
use touchstone_client::editor::list::{self, Direction};
use touchstone_client::editor::{checklist, journey, plan};
use touchstone_shared::audit::AnswerValue;
use touchstone_shared::checklist::{ChecklistContent, ItemKind};
use touchstone_shared::journey::{Channel, Journey, JourneyInput, Stage};
use touchstone_shared::scoring::score_audit;
use uuid::Uuid;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn names(stages: &[Stage]) -> Vec<String> {
    stages.iter().map(|s| s.name.clone()).collect()
}

fn shop() -> Vec<Stage> {
    let mut stages = Vec::new();
    for name in ["Arrive", "Buy", "Leave"] {
        journey::add_stage(&mut stages, name);
    }
    journey::add_touchpoint(&mut stages, 0, "Door", Channel::InStore);
    journey::add_touchpoint(&mut stages, 0, "Greeting", Channel::InStore);
    journey::add_touchpoint(&mut stages, 1, "Till", Channel::InStore);
    stages
}

#[wasm_bindgen_test]
fn list_moves_stop_at_the_ends_and_ignore_stale_indices() {
    let mut v = vec![1, 2, 3];
    assert_eq!(list::shift(&mut v, 0, Direction::Up), None);
    assert_eq!(list::shift(&mut v, 2, Direction::Down), None);
    assert_eq!(list::shift(&mut v, 7, Direction::Down), None);
    assert_eq!(list::shift(&mut v, 0, Direction::Down), Some(1));
    assert_eq!(v, [2, 1, 3]);
    assert!(list::move_to(&mut v, 2, 0));
    assert_eq!(v, [3, 2, 1]);
    assert!(!list::move_to(&mut v, 3, 0));
    assert_eq!(list::remove(&mut v, 5), None);
    assert_eq!(list::remove(&mut v, 1), Some(2));
    assert_eq!(v, [3, 1]);
}

#[wasm_bindgen_test]
fn stages_are_added_renamed_moved_and_removed() {
    let mut stages = shop();
    journey::rename_stage(&mut stages, 2, "Goodbye");
    assert_eq!(journey::shift_stage(&mut stages, 2, Direction::Up), Some(1));
    assert_eq!(names(&stages), ["Arrive", "Goodbye", "Buy"]);
    let removed = journey::remove_stage(&mut stages, 0).expect("a stage");
    assert_eq!(
        removed.touchpoints.len(),
        2,
        "a stage goes with its touchpoints"
    );
    assert_eq!(names(&stages), ["Goodbye", "Buy"]);
    assert_eq!(journey::stage_index(&stages, stages[1].id), Some(1));
}

#[wasm_bindgen_test]
fn touchpoints_move_within_and_across_stages() {
    let mut stages = shop();
    let greeting = stages[0].touchpoints[1].id;
    // Down past the end of its stage: to the start of the next one.
    assert_eq!(
        journey::shift_touchpoint(&mut stages, 0, 1, Direction::Down),
        Some((1, 0))
    );
    assert_eq!(journey::touchpoint_at(&stages, greeting), Some((1, 0)));
    assert_eq!(
        stages[1]
            .touchpoints
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Greeting", "Till"]
    );
    // Up past the start: to the end of the stage before.
    assert_eq!(
        journey::shift_touchpoint(&mut stages, 1, 0, Direction::Up),
        Some((0, 1))
    );
    // Nowhere to go before the first stage.
    assert_eq!(
        journey::shift_touchpoint(&mut stages, 0, 0, Direction::Up),
        None
    );
    journey::edit_touchpoint(&mut stages, 0, 1, |t| t.channel = Channel::Phone);
    assert_eq!(stages[0].touchpoints[1].channel, Channel::Phone);
    assert!(journey::remove_touchpoint(&mut stages, 0, 0).is_some());
    assert_eq!(journey::touchpoints(&stages).len(), 2);
    assert_eq!(
        journey::parse_channel(journey::channel_value(Channel::Social)),
        Some(Channel::Social)
    );
}

#[wasm_bindgen_test]
fn an_edited_journey_validates_with_the_shared_rules() {
    let mut stages = shop();
    let input = |stages: &[Stage]| JourneyInput {
        client_id: Uuid::now_v7(),
        name: "Shop".into(),
        stages: Some(stages.to_vec()),
    };
    assert!(input(&stages).validate().is_ok());
    journey::add_touchpoint(&mut stages, 2, "  ", Channel::Web);
    let e = input(&stages).validate().expect_err("a blank name");
    assert_eq!(e.field, "stages[2].touchpoints[0].name");
}

fn journey_of(stages: Vec<Stage>) -> Journey {
    Journey {
        id: Uuid::now_v7(),
        client_id: Uuid::now_v7(),
        name: "Shop".into(),
        stages,
        updated_at: Utc::now(),
    }
}

#[wasm_bindgen_test]
fn every_kind_starts_valid_and_changing_kind_drops_what_no_longer_fits() {
    for (kind, _) in checklist::KINDS {
        let item = checklist::new_item(kind, "Question").expect("a kind");
        assert_eq!(checklist::kind_value(&item.kind), kind);
        assert!(item.validate("item").is_ok(), "{kind} starts valid");
    }
    let mut item = checklist::new_item("yes_no", "Smiled?").expect("kind");
    item.critical = true;
    item.allow_na = true;
    checklist::set_kind(&mut item, "text");
    assert_eq!(item.kind, ItemKind::Text);
    assert!(
        !item.critical && !item.allow_na,
        "unscored items are neither critical nor N/A"
    );
    assert!(checklist::new_item("video", "?").is_none());
}

#[wasm_bindgen_test]
fn options_and_bands_are_added_and_removed() {
    let mut choice = checklist::new_item("choice", "Greeting").expect("kind");
    checklist::add_option(&mut choice);
    checklist::add_option(&mut choice);
    let ItemKind::Choice { options } = &choice.kind else {
        panic!("a choice")
    };
    assert_eq!(
        options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>(),
        ["Good", "Poor", "Option 3", "Option 4"]
    );
    checklist::remove_entry(&mut choice, 0);
    assert!(choice.validate("item").is_ok());
    let mut number = checklist::new_item("number", "Wait").expect("kind");
    checklist::add_band(&mut number);
    let ItemKind::Number { bands } = &number.kind else {
        panic!("a number")
    };
    assert_eq!(bands.len(), 3);
    assert!(
        bands[2].upto > bands[1].upto,
        "a new band goes above the others"
    );
    assert!(number.validate("item").is_ok());
    assert_eq!(checklist::parse_number(" 2,5 "), Some(2.5));
    assert_eq!(checklist::parse_number("inf"), None);
}

#[wasm_bindgen_test]
fn sections_and_items_are_edited_and_the_preview_scores_with_the_shared_code() {
    let stages = shop();
    let door = stages[0].touchpoints[0].id;
    let till = stages[1].touchpoints[0].id;
    let j = journey_of(stages);
    let mut content = ChecklistContent {
        name: "Visit".into(),
        ..Default::default()
    };
    assert!(
        checklist::validate(&content, &j).is_err(),
        "no sections yet"
    );
    let s_door = checklist::add_section(&mut content, door, "");
    let s_till = checklist::add_section(&mut content, till, "At the till");
    let smile = checklist::new_item("yes_no", "Smiled?").expect("kind");
    let mut wait = checklist::new_item("scale", "Speed").expect("kind");
    wait.weight = 2.0;
    let nps = checklist::new_item("nps", "Recommend?").expect("kind");
    let (smile_id, wait_id) = (smile.id, wait.id);
    checklist::add_item(&mut content, s_door, smile);
    checklist::add_item(&mut content, s_till, wait);
    checklist::add_item(&mut content, s_till, nps);
    assert!(checklist::validate(&content, &j).is_ok());
    assert_eq!(
        checklist::shift_item(&mut content, s_till, 1, Direction::Up),
        Some(0)
    );
    assert_eq!(checklist::item_at(&content, wait_id), Some((1, 1)));
    assert_eq!(
        checklist::shift_section(&mut content, 1, Direction::Up),
        Some(0)
    );
    assert_eq!(checklist::section_index(&content, door), Some(1));

    let mut answers = Vec::new();
    checklist::set_answer(&mut answers, smile_id, Some(AnswerValue::YesNo(true)));
    checklist::set_answer(&mut answers, wait_id, Some(AnswerValue::Scale(3.0)));
    let score = score_audit(&content, &j, &answers);
    // Yes: 1 of 1; scale 3 of 1–5 with weight 2: 1 of 2.
    assert_eq!((score.total.earned, score.total.possible), (2.0, 3.0));
    checklist::set_answer(&mut answers, wait_id, None);
    assert_eq!(answers.len(), 1, "clearing an answer removes it");
    checklist::set_answer(&mut answers, smile_id, Some(AnswerValue::YesNo(false)));
    assert_eq!(answers.len(), 1, "one answer per item");

    let other = Uuid::now_v7();
    checklist::add_section(&mut content, other, "");
    let e = checklist::validate(&content, &j).expect_err("a touchpoint of another journey");
    assert_eq!(e.field, "content.sections[2].touchpoint_id");
    assert!(checklist::remove_section(&mut content, 2).is_some());
    assert!(checklist::remove_item(&mut content, 0, 0).is_some());
    assert!(checklist::remove_item(&mut content, 0, 9).is_none());
}

#[wasm_bindgen_test]
fn plans_make_one_assignment_per_location_over_whole_days() {
    let (from, to) = plan::day_window("2026-03-02", "2026-03-04").expect("days");
    assert_eq!(to - from, TimeDelta::days(3));
    assert!(plan::day_window("2026-03-04", "2026-03-02").is_err());
    assert!(plan::day_window("", "2026-03-02").is_err());
    let locations = [Uuid::now_v7(), Uuid::now_v7()];
    let version = Uuid::now_v7();
    let auditor = Uuid::now_v7();
    let batch = plan::batch(
        version,
        &locations,
        auditor,
        (from, to),
        "  Ask for a refund ",
    );
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[1].location_id, locations[1]);
    assert_eq!(batch[0].scenario, "Ask for a refund");
    assert!(
        batch
            .iter()
            .all(|a| a.validate().is_ok() && a.auditor_id == auditor)
    );
    let mut chosen = vec![locations[0]];
    plan::toggle(&mut chosen, locations[1], true);
    plan::toggle(&mut chosen, locations[0], false);
    plan::toggle(&mut chosen, locations[1], true);
    assert_eq!(chosen, [locations[1]]);
}

#[wasm_bindgen_test]
fn queries_leave_out_empty_filters_and_files_get_a_media_type() {
    assert_eq!(
        query(&[
            ("client_id", Some("a b".into())),
            ("status", Some(String::new())),
            ("from", None)
        ]),
        "?client_id=a%20b"
    );
    assert_eq!(query(&[("status", Some(String::new()))]), "");
    assert_eq!(
        spreadsheet_type("Shops.XLSX", ""),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        spreadsheet_type("shops.csv", "application/vnd.ms-excel"),
        "text/csv"
    );
}
