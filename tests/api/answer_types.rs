//! New answer types through the API: a multi-select's settings refused when they cannot
//! work, answers that do not fit it refused naming the answer, points per option up to the
//! cap, a condition on one of its options, and its cell in the answers export; date, time,
//! short text, stopwatch and barcode answers checked, scored and exported; a receipt's photo,
//! amount and time (a proof-of-visit flag, a panel job's reimbursement); signatures kept
//! from managers unless the checklist shows them.

use crate::branching::save;
use crate::panel::{claim, create_schedule, current_job, schedule, shoppers};
use crate::photos::{fetch, upload};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::json;
use touchstone_server::evidence::fixtures;
use touchstone_shared::answer_types::{ReceiptAnswer, Timing};
use touchstone_shared::audit::{Answer, AnswerValue, Audit, AuditStatus};
use touchstone_shared::checklist::{Band, Checklist, ChoiceOption, Item, ItemKind};
use touchstone_shared::condition::{Condition, ConditionValue};
use touchstone_shared::panel::PayLine;
use touchstone_shared::photo::Photo;
use touchstone_shared::user::Role;
use touchstone_shared::verify::FlagKind;
use touchstone_tests::session::Reply;
use touchstone_tests::{TestApp, World, world::assign};
use uuid::Uuid;

const NONE: &str = "None of these";

fn extras(cap: Option<f64>, none_label: Option<&str>) -> ItemKind {
    ItemKind::MultiSelect {
        options: ["Cup", "Lid", "Napkin"]
            .iter()
            .map(|l| ChoiceOption {
                label: (*l).into(),
                points: 1.0,
            })
            .collect(),
        cap,
        none_label: none_label.map(str::to_owned),
    }
}

/// A new optional item like `base` (the world's last yes/no), asking `label` with `kind`.
fn item(base: &Item, label: &str, kind: ItemKind) -> Item {
    Item {
        id: Uuid::now_v7(),
        label: label.into(),
        kind,
        required: false,
        show_if: None,
        ..base.clone()
    }
}

#[tokio::test]
async fn a_multi_select_is_checked_scored_up_to_its_cap_branched_on_and_exported() {
    let app = TestApp::new().await;
    let w = World::build(&app, "types-multi").await;
    let base = w.checklist.version.content.clone();
    let yes_no = base.items().nth(5).map(|(_, i)| i.clone()).expect("item 5");

    // Settings that cannot work are refused, naming the setting.
    for (kind, field, message) in [
        (extras(Some(0.0), None), "kind.cap", "above zero"),
        (
            extras(None, Some("Lid")),
            "kind.none_label",
            "already one of",
        ),
    ] {
        let mut content = base.clone();
        content.sections[0]
            .items
            .push(item(&yes_no, "Extras offered", kind));
        let reply = save(&w, content).await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        let at = format!("content.sections[0].items[2].{field}");
        assert_eq!(reply.body["error"]["field"], json!(at));
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }

    // "Why no extras?" is asked only when "none of these" was picked.
    let multi = item(&yes_no, "Extras offered", extras(Some(2.0), Some(NONE)));
    let mut why = item(&yes_no, "Why no extras?", ItemKind::Text);
    why.show_if = Some(Condition::OneOf {
        item_id: multi.id,
        values: vec![ConditionValue::Text(NONE.into())],
    });
    let mut content = base.clone();
    content.sections[0].items.push(multi.clone());
    content.sections[1].items.push(why.clone());
    let saved: Checklist = save(&w, content).await.expect(200);
    let auditor = w.user(Role::Auditor).id;
    let assignment = assign(&w.consultant, &saved, &w.location, auditor).await;
    let url = format!("/api/v1/audits/{}", Uuid::now_v7());
    let body = |picked: &[&str]| {
        let mut input = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
        let answer = |item_id, value| Answer {
            item_id,
            value,
            comment: String::new(),
            photos: Vec::new(),
        };
        let picked = picked.iter().map(|p| (*p).to_owned()).collect();
        input
            .answers
            .push(answer(multi.id, AnswerValue::MultiSelect(picked)));
        input
            .answers
            .push(answer(why.id, AnswerValue::Text("left over".into())));
        input
    };

    // Answers that do not fit are refused, naming the answer.
    for (picked, message) in [
        (&[][..], "at least one"),
        (&["Cup", NONE], "cannot be picked with"),
        (&["Straw"], "not one of the item's options"),
        (&["Cup", "Cup"], "twice"),
    ] {
        let reply = w.auditor.put(&url, &body(picked)).await;
        assert_eq!(reply.status.as_u16(), 422, "{picked:?}: {}", reply.body);
        assert_eq!(reply.body["error"]["field"], json!("answers[7].value"));
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }

    // Three options at a point each, capped at 2: 2 of 2. "Why" is hidden, so dropped.
    let audit: Audit = w
        .auditor
        .put(&url, &body(&["Cup", "Lid", "Napkin"]))
        .await
        .expect(201);
    let points = audit
        .score
        .items
        .iter()
        .find(|i| i.item_id == multi.id)
        .map(|i| i.points)
        .expect("the multi-select is scored");
    assert_eq!((points.earned, points.possible), (2.0, 2.0));
    assert!(!audit.answers.iter().any(|a| a.item_id == why.id));

    // "None of these" alone earns nothing and asks "why"; a draft keeps it.
    let other = assign(&w.consultant, &saved, &w.location, auditor).await;
    let mut none = body(&[NONE]);
    none.assignment_id = other.id;
    none.status = AuditStatus::Draft;
    let draft: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &none)
        .await
        .expect(201);
    assert!(draft.answers.iter().any(|a| a.item_id == why.id));
    let earned = draft.score.items.iter().find(|i| i.item_id == multi.id);
    assert_eq!(earned.map(|i| i.points.earned), Some(0.0));

    // The export writes the picked options in one cell.
    w.approve(audit.id).await;
    let rows = crate::exports::csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let row = rows
        .iter()
        .find(|r| r[col("item")] == "Extras offered")
        .expect("a row for the multi-select");
    assert_eq!(row[col("value")], "Cup; Lid; Napkin");
    assert_eq!(row[col("points")], "2");
}

/// An answer without comment.
fn answer(item_id: Uuid, value: AnswerValue, photos: &[&str]) -> Answer {
    Answer {
        item_id,
        value,
        comment: String::new(),
        photos: photos.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn band(upto: f64, points: f64) -> Band {
    Band { upto, points }
}

fn field_and_message(reply: &Reply) -> (String, String) {
    let error = &reply.body["error"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    (text(&error["field"]), text(&error["message"]))
}

#[tokio::test]
async fn dates_times_short_texts_stopwatches_and_barcodes_are_checked_scored_and_exported() {
    let app = TestApp::new().await;
    let w = World::build(&app, "types-more").await;
    let base = w.checklist.version.content.clone();
    let yes_no = base.items().nth(5).map(|(_, i)| i.clone()).expect("item 5");

    // Settings that cannot work are refused, naming the setting.
    for (kind, field, message) in [
        (
            ItemKind::Stopwatch { bands: vec![] },
            "kind",
            "at least one band",
        ),
        (
            ItemKind::Barcode {
                pattern: Some("TBL\n##".into()),
            },
            "kind.pattern",
            "one line",
        ),
    ] {
        let mut content = base.clone();
        content.sections[0].items.push(item(&yes_no, "Odd", kind));
        let reply = save(&w, content).await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        let (at, text) = field_and_message(&reply);
        assert_eq!(at, format!("content.sections[0].items[2].{field}"));
        assert!(text.contains(message), "{text}");
    }

    let date = item(&yes_no, "Date of the visit", ItemKind::Date);
    let time = item(&yes_no, "Time the order was taken", ItemKind::Time);
    let staff = item(
        &yes_no,
        "Name of the barista",
        ItemKind::ShortText { not_given: true },
    );
    let wait = item(
        &yes_no,
        "Queue wait, timed",
        ItemKind::Stopwatch {
            bands: vec![band(60.0, 3.0), band(180.0, 1.0)],
        },
    );
    let tag = item(
        &yes_no,
        "Table tag",
        ItemKind::Barcode {
            pattern: Some("TBL-##".into()),
        },
    );
    let mut content = base.clone();
    for new in [&date, &time, &staff, &wait, &tag] {
        content.sections[0].items.push(new.clone());
    }
    let saved: Checklist = save(&w, content).await.expect(200);
    let auditor = w.user(Role::Auditor).id;
    let assignment = assign(&w.consultant, &saved, &w.location, auditor).await;
    let url = format!("/api/v1/audits/{}", Uuid::now_v7());
    let when: DateTime<FixedOffset> = "2026-03-14T09:26:00+01:00".parse().expect("date");
    let template = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
    let check_in = template.visit.check_in_at.expect("check-in");
    let timed = |from: i64, seconds: i64| {
        let started_at = check_in + Duration::minutes(from);
        AnswerValue::Stopwatch(Timing {
            started_at,
            stopped_at: started_at + Duration::seconds(seconds),
        })
    };
    let body = |values: [AnswerValue; 5]| {
        let mut input = template.clone();
        let ids = [date.id, time.id, staff.id, wait.id, tag.id];
        for (id, value) in ids.into_iter().zip(values) {
            input.answers.push(answer(id, value, &[]));
        }
        input
    };
    let good = || {
        [
            AnswerValue::When(when),
            AnswerValue::When(when),
            AnswerValue::NotGiven,
            timed(2, 90),
            AnswerValue::Barcode("TBL-07".into()),
        ]
    };

    // Answers that do not fit are refused, naming the answer (and the item, for times).
    let cases: [(usize, AnswerValue, &str, &str); 6] = [
        (
            0,
            AnswerValue::Barcode("x".into()),
            "value",
            "does not match the item's kind",
        ),
        (
            2,
            AnswerValue::ShortText("Ana\nMaria".into()),
            "value",
            "one line",
        ),
        (
            3,
            timed(5, -30),
            "value.stopped_at",
            "stop after it started",
        ),
        (
            3,
            timed(-10, 30),
            "value.started_at",
            "\"Queue wait, timed\" was started before the check-in",
        ),
        (
            3,
            timed(20, 600),
            "value.stopped_at",
            "\"Queue wait, timed\" was stopped after the check-out",
        ),
        (
            4,
            AnswerValue::Barcode("TBL-7".into()),
            "value",
            "does not match the pattern TBL-##",
        ),
    ];
    for (n, value, field, message) in cases {
        let mut values = good();
        values[n] = value;
        let reply = w.auditor.put(&url, &body(values)).await;
        assert_eq!(reply.status.as_u16(), 422, "{n}: {}", reply.body);
        let (at, text) = field_and_message(&reply);
        assert_eq!(at, format!("answers[{}].{field}", 7 + n));
        assert!(text.contains(message), "{text}");
        // The message names the item the auditor has to fix.
        let label = [&date, &time, &staff, &wait, &tag][n].label.as_str();
        assert!(text.contains(&format!("\"{label}\"")), "{text}");
    }
    // "Not given" only where the item allows it.
    let mut plain = body(good());
    plain.answers[9].item_id = date.id;
    plain.answers[7].item_id = staff.id;
    plain.answers[7].value = AnswerValue::ShortText("Ana".into());
    plain.answers[9].value = AnswerValue::NotGiven;
    let reply = w.auditor.put(&url, &plain).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(field_and_message(&reply).0, "answers[9].value");

    // 90 s waited: the second band, 1 of 3 points. The others are unscored.
    let audit: Audit = w.auditor.put(&url, &body(good())).await.expect(201);
    let scored: Vec<_> = audit
        .score
        .items
        .iter()
        .filter(|i| [date.id, time.id, staff.id, wait.id, tag.id].contains(&i.item_id))
        .map(|i| (i.item_id, i.points.earned, i.points.possible))
        .collect();
    assert_eq!(scored, vec![(wait.id, 1.0, 3.0)]);
    assert_eq!(audit.answers[7].value, AnswerValue::When(when));

    // The export: the local time with its offset, the seconds, the words.
    w.approve(audit.id).await;
    let rows = crate::exports::csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect("column");
    let cell = |label: &str| {
        let row = rows.iter().find(|r| r[col("item")] == label).expect(label);
        (row[col("value")].clone(), row[col("points")].clone())
    };
    assert_eq!(cell("Date of the visit").0, "2026-03-14 09:26 +01:00");
    assert_eq!(cell("Name of the barista").0, "Not given");
    assert_eq!(cell("Queue wait, timed"), ("90".into(), "1".into()));
    assert_eq!(cell("Table tag").0, "TBL-07");
}

#[tokio::test]
async fn receipts_need_their_photo_are_flagged_outside_the_visit_and_signatures_stay_private() {
    let app = TestApp::new().await;
    let w = World::build(&app, "types-receipt").await;
    let base = w.checklist.version.content.clone();
    let yes_no = base.items().nth(5).map(|(_, i)| i.clone()).expect("item 5");
    let receipt = item(&yes_no, "The receipt", ItemKind::Receipt);
    let private = item(
        &yes_no,
        "Delivery signed for",
        ItemKind::Signature {
            show_to_managers: false,
        },
    );
    let shown = item(
        &yes_no,
        "Manager on duty signs",
        ItemKind::Signature {
            show_to_managers: true,
        },
    );
    let mut content = base.clone();
    for new in [&receipt, &private, &shown] {
        content.sections[0].items.push(new.clone());
    }
    let saved: Checklist = save(&w, content).await.expect(200);
    let auditor = w.user(Role::Auditor).id;
    let assignment = assign(&w.consultant, &saved, &w.location, auditor).await;

    let mut shas = Vec::new();
    for bytes in [
        fixtures::jpeg(300, 400),
        fixtures::png(320, 120, true),
        fixtures::png(321, 120, true),
    ] {
        let photo: Photo = upload(&w.auditor, &bytes).await.expect(201);
        shas.push(photo.sha256);
    }
    let template = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
    let check_in = template.visit.check_in_at.expect("check-in");
    let paid = |amount_minor: i64, currency: &str, issued: DateTime<Utc>| {
        AnswerValue::Receipt(ReceiptAnswer {
            amount_minor,
            currency: currency.into(),
            issued_at: issued.with_timezone(&FixedOffset::east_opt(3600).expect("offset")),
        })
    };
    let body = |value: AnswerValue, receipt_photos: &[&str]| {
        let mut input = template.clone();
        input
            .answers
            .push(answer(receipt.id, value, receipt_photos));
        input
            .answers
            .push(answer(private.id, AnswerValue::Signature, &[&shas[1]]));
        input
            .answers
            .push(answer(shown.id, AnswerValue::Signature, &[&shas[2]]));
        input
    };
    let url = format!("/api/v1/audits/{}", Uuid::now_v7());
    let during = check_in + Duration::minutes(3);

    // A receipt needs its photo, an amount of zero or more and a currency code.
    let cases = [
        (
            body(paid(1250, "EUR", during), &[]),
            "answers",
            "needs a photo",
        ),
        (
            body(paid(-1, "EUR", during), &[&shas[0]]),
            "answers[7].value.amount_minor",
            "between 0",
        ),
        (
            body(paid(1250, "euro", during), &[&shas[0]]),
            "answers[7].value.currency",
            "three-letter",
        ),
    ];
    for (input, field, message) in cases {
        let reply = w.auditor.put(&url, &input).await;
        assert_eq!(reply.status.as_u16(), 422, "{field}: {}", reply.body);
        let (at, text) = field_and_message(&reply);
        assert_eq!(at, field);
        assert!(text.contains(message), "{text}");
    }
    // Issued three hours before the check-in: a flag for reviewers, not a refusal.
    let early = check_in - Duration::hours(3);
    let audit: Audit = w
        .auditor
        .put(&url, &body(paid(1250, "EUR", early), &[&shas[0]]))
        .await
        .expect(201);
    let seen: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{}", audit.id))
        .await
        .expect(200);
    let flag = seen
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::ReceiptTimeOutsideVisit)
        .expect("a receipt flag");
    assert!(flag.message.contains("The receipt"), "{}", flag.message);
    assert!(flag.message.contains("before check-in"), "{}", flag.message);

    // Managers never see the private signature: not in the audit, not as a photo.
    w.approve(audit.id).await;
    let theirs: Audit = w
        .manager
        .get(&format!("/api/v1/audits/{}", audit.id))
        .await
        .expect(200);
    let photos_of = |a: &Audit, id: Uuid| {
        a.answers
            .iter()
            .find(|x| x.item_id == id)
            .map(|x| x.photos.clone())
    };
    assert_eq!(photos_of(&theirs, private.id), Some(vec![]));
    assert_eq!(photos_of(&theirs, shown.id), Some(vec![shas[2].clone()]));
    assert_eq!(photos_of(&theirs, receipt.id), Some(vec![shas[0].clone()]));
    assert_eq!(
        fetch(&w.manager, &shas[1], "display").await.status.as_u16(),
        404
    );
    assert_eq!(
        fetch(&w.manager, &shas[2], "display").await.status.as_u16(),
        200
    );
    assert_eq!(
        fetch(&w.consultant, &shas[1], "display")
            .await
            .status
            .as_u16(),
        200
    );
    let staff: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{}", audit.id))
        .await
        .expect(200);
    assert_eq!(photos_of(&staff, private.id), Some(vec![shas[1].clone()]));
}

#[tokio::test]
async fn a_panel_job_reimburses_the_receipt_answer_up_to_its_cap() {
    let app = TestApp::new().await;
    let w = World::build(&app, "types-pay").await;
    let base = w.checklist.version.content.clone();
    let yes_no = base.items().nth(5).map(|(_, i)| i.clone()).expect("item 5");
    let receipt = item(&yes_no, "The receipt", ItemKind::Receipt);
    let mut content = base.clone();
    content.sections[0].items.push(receipt.clone());
    let saved: Checklist = save(&w, content).await.expect(200);
    let mut body = schedule(&w, &[w.location.id], json!({}));
    body["checklist_version_id"] = json!(saved.version.id);
    let created = create_schedule(&w, &body).await;
    let job = current_job(&w, created.id).await;
    let (_, shopper) = shoppers(&app, &w, 1).await.remove(0);
    assert_eq!(claim(&shopper, job.id).await.status.as_u16(), 200);
    let photo: Photo = upload(&shopper, &fixtures::jpeg(300, 400))
        .await
        .expect(201);
    let assignment_id = current_job(&w, created.id)
        .await
        .assignment_id
        .expect("claimed");
    let mut input = w.audit(assignment_id, AuditStatus::Submitted, w.perfect());
    let issued_at = (input.visit.check_in_at.expect("in") + Duration::minutes(5)).fixed_offset();
    input.answers.push(answer(
        receipt.id,
        AnswerValue::Receipt(ReceiptAnswer {
            amount_minor: 1530,
            currency: "EUR".into(),
            issued_at,
        }),
        &[&photo.sha256],
    ));
    let audit: Audit = shopper
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &input)
        .await
        .expect(201);
    w.approve(audit.id).await;
    // 15.30 paid, the cap is 12.00: 25.00 fee + 12.00.
    let earnings: Vec<PayLine> = shopper.get("/api/v1/earnings").await.expect(200);
    assert_eq!(
        (earnings[0].reimbursement_minor, earnings[0].total_minor),
        (1200, 3700)
    );
}
