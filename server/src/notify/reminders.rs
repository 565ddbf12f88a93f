//! The reminder scan: visits whose window opens or that are due within a day, corrective
//! actions due within a day or overdue. Every reminder's key names what it is about and its
//! time, so a scan that runs again (after a restart, or on another server) adds nothing, and
//! the first scan after downtime catches up on everything still current.

use super::events::{record, when};
use crate::db::notifications::{self, AssignmentTime, Due, Event};
use crate::db::{Db, from_ms, now_ms, parse_id};
use crate::error::Result;

const DAY_MS: i64 = 24 * 3_600_000;

/// How far back overdue actions are still reminded of.
const OVERDUE_WINDOW_MS: i64 = 365 * DAY_MS;

/// Records every reminder that is due and not yet recorded; returns how many were looked at.
pub async fn scan(db: &Db) -> Result<usize> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let opens =
        notifications::assignments_at(&mut tx, AssignmentTime::Opens, now, now + DAY_MS).await?;
    let due =
        notifications::assignments_at(&mut tx, AssignmentTime::Due, now, now + DAY_MS).await?;
    let actions_due = notifications::open_actions_due(&mut tx, now, now + DAY_MS, false).await?;
    let overdue =
        notifications::open_actions_due(&mut tx, now - OVERDUE_WINDOW_MS, now, true).await?;
    let mut events = Vec::new();
    for d in &opens {
        events.push(reminder(
            d,
            "visit_opens",
            "Visit window opens soon",
            || format!("You can do the visit from {}.", when(from_ms(d.at))),
            assignment_link,
        )?);
    }
    for d in &due {
        events.push(reminder(
            d,
            "visit_due",
            "Visit due within a day",
            || {
                format!(
                    "The visit is due {} and not submitted yet.",
                    when(from_ms(d.at))
                )
            },
            assignment_link,
        )?);
    }
    for d in &actions_due {
        events.push(reminder(
            d,
            "action_due",
            "Corrective action due within a day",
            || format!("{} — due {}.", d.label, when(from_ms(d.at))),
            actions_link,
        )?);
    }
    for d in &overdue {
        events.push(reminder(
            d,
            "action_overdue",
            "Corrective action overdue",
            || format!("{} — was due {}.", d.label, when(from_ms(d.at))),
            actions_link,
        )?);
    }
    for (org, event) in &events {
        record(&mut tx, *org, std::slice::from_ref(event)).await?;
    }
    tx.commit().await?;
    Ok(events.len())
}

/// The reminder of `kind` about `d`, linking where `link` says.
fn reminder(
    d: &Due,
    kind: &'static str,
    title: &str,
    body: impl FnOnce() -> String,
    link: fn(uuid::Uuid) -> String,
) -> Result<(uuid::Uuid, Event)> {
    let id = parse_id(&d.id)?;
    let link = link(id);
    let event = Event::new(
        kind,
        format!("{id}:{}", d.at),
        parse_id(&d.user_id)?,
        title,
        body(),
        link,
    );
    Ok((parse_id(&d.org_id)?, event))
}

fn assignment_link(id: uuid::Uuid) -> String {
    format!("/assignments/{id}")
}

fn actions_link(_: uuid::Uuid) -> String {
    "/actions".to_owned()
}
