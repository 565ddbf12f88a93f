//! Plausible audits: how a shop does ([`catalog::SHOPS`]), how each touchpoint goes there
//! ([`catalog::TOUCHPOINT_PROFILES`]), and the answers, emotions and pain points that follow.
//! The demo and the benchmarks' load generators make their audits with it.

use super::catalog;
use chrono::{DateTime, Duration, Utc};
use touchstone_shared::answer_types::Timing;
use touchstone_shared::audit::{
    Answer, AnswerValue, AuditInput, AuditStatus, TouchpointNote, Visit,
};
use touchstone_shared::checklist::{ChecklistContent, Item, ItemKind, Section};
use touchstone_shared::location::LatLon;
use uuid::Uuid;

/// A critical item fails this share as often as an ordinary one: critical failures (wrong
/// change, the wrong drink) are rare, and each one is worth a look.
const CRITICAL_FAILURE_SHARE: f64 = 0.06;

/// Quality of the shop with this code in [0, 1] (the chance that an item goes well there):
/// the catalog's figure, or for a code it does not know (benchmark shops) one derived from
/// the code, so rankings differ from shop to shop in the same way on every run.
pub fn shop_quality(code: &str) -> f64 {
    catalog::SHOPS
        .iter()
        .find(|shop| shop.code == code)
        .map_or_else(|| hashed_quality(code), |shop| shop.quality)
}

fn hashed_quality(code: &str) -> f64 {
    0.55 + 0.4 * f64::from(code.bytes().map(u32::from).sum::<u32>() % 17) / 16.0
}

/// Quality of the shop at `at`: shops of the improving region climb to theirs over the last
/// 90 days.
pub fn shop_quality_at(code: &str, at: DateTime<Utc>) -> f64 {
    let quality = shop_quality(code);
    let improving = catalog::SHOPS
        .iter()
        .any(|shop| shop.code == code && shop.region == catalog::IMPROVING_REGION);
    if !improving {
        return quality;
    }
    let days_ago = (Utc::now() - at).num_days().clamp(0, 90) as f64;
    quality - catalog::IMPROVING_FROM * days_ago / 90.0
}

/// A plausible submitted audit of `content` at the shop with this `code` and `position`:
/// every answerable item answered (photo items have none), now and then a comment, an
/// emotion per touchpoint and, when it went badly, a pain point.
pub fn fake_audit(
    rng: &mut fastrand::Rng,
    content: &ChecklistContent,
    (code, position): (&str, LatLon),
    assignment_id: Uuid,
    check_in: DateTime<Utc>,
) -> AuditInput {
    let quality = shop_quality_at(code, check_in) + 0.16 * (rng.f64() - 0.5);
    let mut answers = Vec::new();
    let mut notes = Vec::new();
    for section in &content.sections {
        let (section_answers, note) = fake_section(rng, section, quality, check_in);
        answers.extend(section_answers);
        notes.push(note);
    }
    let jitter = |rng: &mut fastrand::Rng| (rng.f64() - 0.5) * 0.0008;
    AuditInput {
        assignment_id,
        status: AuditStatus::Submitted,
        visit: Visit {
            check_in_at: Some(check_in),
            check_out_at: Some(check_in + Duration::minutes(rng.i64(16..40))),
            position: Some(LatLon {
                lat: position.lat + jitter(rng),
                lon: position.lon + jitter(rng),
            }),
            accuracy_m: Some(rng.f64() * 40.0 + 5.0),
            position_error: None,
        },
        answers,
        touchpoint_notes: notes,
    }
}

/// The answers of one touchpoint at a shop of `quality`, and how the visit felt there.
fn fake_section(
    rng: &mut fastrand::Rng,
    section: &Section,
    quality: f64,
    check_in: DateTime<Utc>,
) -> (Vec<Answer>, TouchpointNote) {
    let profile = catalog::TOUCHPOINT_PROFILES
        .iter()
        .find(|profile| profile.name == section.title);
    let quality = (quality + profile.map_or(0.0, |p| p.ease)).clamp(0.05, 0.99);
    let pain_points = profile.map_or(&[][..], |p| p.pain_points);
    let mut answers = Vec::new();
    let mut went_well = 0;
    for item in &section.items {
        let Some((value, good)) = fake_answer(rng, item, quality, check_in) else {
            continue;
        };
        went_well += usize::from(good);
        let comment = match pain_points.first() {
            Some(note) if !good && rng.f64() < 0.3 => (*note).to_owned(),
            _ => String::new(),
        };
        answers.push(Answer {
            item_id: item.id,
            value,
            comment,
            photos: Vec::new(),
        });
    }
    let share = went_well as f64 / answers.len().max(1) as f64;
    let emotion = ((share - 0.55) * 6.0).round().clamp(-2.0, 2.0) as i8;
    let pain_point = match pain_points.len() {
        n if n > 0 && emotion < 0 => pain_points[rng.usize(..n)],
        _ => "",
    };
    let note = TouchpointNote {
        touchpoint_id: section.touchpoint_id,
        emotion: Some(emotion),
        pain_point: pain_point.into(),
        photos: Vec::new(),
    };
    (answers, note)
}

/// Names on the baristas' badges; empty: no badge, the name was not given.
const STAFF: [&str; 5] = ["Amira", "Jonas", "", "Lena", "Tom"];

/// An answer to `item` at a touchpoint of `quality` in a visit from `check_in`, and whether
/// it went well; `None` for items answered by a photo (photos, receipts, signatures).
fn fake_answer(
    rng: &mut fastrand::Rng,
    item: &Item,
    quality: f64,
    check_in: DateTime<Utc>,
) -> Option<(AnswerValue, bool)> {
    let quality = if item.critical {
        1.0 - (1.0 - quality) * CRITICAL_FAILURE_SHARE
    } else {
        quality
    };
    let good = rng.f64() < quality;
    let value = match &item.kind {
        ItemKind::YesNo { yes_is_good } => AnswerValue::YesNo(good == *yes_is_good),
        ItemKind::Scale { min, max } => {
            let share = (quality + 0.3 * (rng.f64() - 0.5)).clamp(0.0, 1.0);
            let value = (min + (max - min) * share).round();
            return Some((AnswerValue::Scale(value), share >= 0.5));
        }
        ItemKind::Choice { options } => {
            let i = if good || options.len() < 2 {
                0
            } else {
                rng.usize(1..options.len())
            };
            AnswerValue::Choice(options[i].label.clone())
        }
        ItemKind::MultiSelect { options, .. } => {
            // A good visit has every option; a poor one about half of them.
            let picked = options
                .iter()
                .filter(|_| good || rng.bool())
                .map(|o| o.label.clone());
            let picked: Vec<String> = picked.collect();
            if picked.is_empty() {
                AnswerValue::MultiSelect(vec![options[0].label.clone()])
            } else {
                AnswerValue::MultiSelect(picked)
            }
        }
        ItemKind::Number { .. } => {
            AnswerValue::Number((rng.f64() * 400.0 * (1.2 - quality)).round())
        }
        ItemKind::Nps => {
            let score = ((quality * 10.0) + rng.f64() * 4.0 - 2.0).clamp(0.0, 10.0);
            return Some((AnswerValue::Nps(score as u8), score >= 7.0));
        }
        ItemKind::Text => {
            AnswerValue::Text("Clean frontage; A-board slightly faded; queue moved quickly.".into())
        }
        ItemKind::Stopwatch { .. } => {
            // Timed from two minutes into the visit, well before the check-out.
            let started_at = check_in + Duration::minutes(2);
            let seconds = (rng.f64() * 400.0 * (1.2 - quality)).round() as i64;
            AnswerValue::Stopwatch(Timing {
                started_at,
                stopped_at: started_at + Duration::seconds(seconds),
            })
        }
        ItemKind::Date | ItemKind::Time => AnswerValue::When(check_in.fixed_offset()),
        ItemKind::ShortText { not_given } => match STAFF[rng.usize(..STAFF.len())] {
            "" if *not_given => AnswerValue::NotGiven,
            "" => AnswerValue::ShortText("Sam".into()),
            name => AnswerValue::ShortText(name.into()),
        },
        ItemKind::Barcode { .. } => AnswerValue::Barcode(format!("TBL-{:02}", rng.u8(1..40))),
        ItemKind::Photo | ItemKind::Receipt | ItemKind::Signature { .. } => return None,
    };
    Some((value, good))
}
