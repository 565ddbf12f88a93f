//! The events services record, written in the transaction of the change that causes them:
//! to each recipient's notification centre and, as e-mail, to the outbox.

use crate::db::audits::AuditRecord;
use crate::db::notifications::{self, Event};
use crate::error::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::AnyConnection;
use touchstone_shared::action::{ActionStatus, CorrectiveAction};
use touchstone_shared::assignment::Assignment;
use uuid::Uuid;

impl Event {
    /// An event of `kind` about `subject` (what makes it unique besides the recipient).
    pub fn new(
        kind: &'static str,
        subject: impl std::fmt::Display,
        user_id: Uuid,
        title: impl Into<String>,
        body: impl Into<String>,
        link: impl Into<String>,
    ) -> Event {
        let topic = format!("{kind}:{subject}");
        Event {
            kind,
            key: format!("{topic}:{user_id}"),
            topic,
            user_id,
            title: title.into(),
            body: body.into(),
            link: link.into(),
        }
    }
}

/// Records `events` of organisation `org_id`, their times (see [`when`]) written in the
/// organisation's time zone: all at once (see [`notifications::record`]).
pub async fn record(conn: &mut AnyConnection, org_id: Uuid, events: &[Event]) -> Result<()> {
    let mut zone = None;
    let mut local = Vec::with_capacity(events.len());
    for event in events {
        if !event.body.contains(TIME_MARK) {
            local.push(event.clone());
            continue;
        }
        let tz = match zone {
            Some(tz) => tz,
            None => {
                let org = crate::db::organisations::get(&mut *conn, org_id).await?;
                *zone.insert(crate::service::organisation::zone(&org.time_zone).unwrap_or(Tz::UTC))
            }
        };
        let mut timed = event.clone();
        timed.body = local_times(&event.body, tz);
        local.push(timed);
    }
    notifications::record(conn, org_id, &local).await
}

/// The kind of a scheduled report's e-mail, to an address that belongs to no user.
pub const SCHEDULED_REPORT: &str = "scheduled_report";

/// Starts a time in a body before [`record`] writes it in the organisation's zone.
const TIME_MARK: &str = "\u{1}t";

/// A time as e-mails and the centre show it: in the organisation's time zone once recorded.
pub fn when(t: DateTime<Utc>) -> String {
    format!("{TIME_MARK}{}\u{1}", t.timestamp_millis())
}

/// `body` with each [`when`] mark written as a time in `tz` (`2026-05-04 14:30 CEST`).
fn local_times(body: &str, tz: Tz) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find(TIME_MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + TIME_MARK.len()..];
        let Some(end) = after.find('\u{1}') else {
            rest = after;
            break;
        };
        let ms: i64 = after[..end].parse().unwrap_or_default();
        let local = crate::db::from_ms(ms).with_timezone(&tz);
        out.push_str(&local.format("%Y-%m-%d %H:%M %Z").to_string());
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A new assignment, to its auditor.
pub fn assignment_created(a: &Assignment) -> Event {
    Event::new(
        "assignment_created",
        a.id,
        a.auditor_id,
        "New visit assigned",
        format!(
            "A visit is yours from {} to {}.",
            when(a.not_before),
            when(a.due)
        ),
        format!("/assignments/{}", a.id),
    )
}

/// A visit given to another auditor by staff: `changed` to the one who has it now,
/// `cancelled` to the one who had it (none when it was nobody's); `at` (ms) tells one
/// reassignment from the next.
pub fn assignment_reassigned(a: &Assignment, from: Option<Uuid>, at: i64) -> Vec<Event> {
    let mut told = vec![Event::new(
        "assignment_changed",
        format!("{}:{at}", a.id),
        a.auditor_id,
        "A visit was reassigned to you",
        format!(
            "The visit is yours from {} to {}.",
            when(a.not_before),
            when(a.due)
        ),
        format!("/assignments/{}", a.id),
    )];
    if let Some(previous) = from.filter(|p| *p != a.auditor_id) {
        told.push(assignment_cancelled(
            a.id,
            previous,
            at,
            "given to another shopper",
        ));
    }
    told
}

/// A visit's window moved by staff, to its auditor; `at` (ms) tells one move from the next.
pub fn assignment_window_changed(a: &Assignment, at: i64) -> Event {
    Event::new(
        "assignment_changed",
        format!("{}:{at}", a.id),
        a.auditor_id,
        "A visit's dates changed",
        format!(
            "The visit is now yours from {} to {}.",
            when(a.not_before),
            when(a.due)
        ),
        format!("/assignments/{}", a.id),
    )
}

/// A visit taken from `auditor_id` (`why`: what happened to it), to them.
pub fn assignment_cancelled(assignment_id: Uuid, auditor_id: Uuid, at: i64, why: &str) -> Event {
    Event::new(
        "assignment_cancelled",
        format!("{assignment_id}:{at}"),
        auditor_id,
        "A visit was cancelled",
        format!("The visit is no longer yours: it was {why}."),
        "/assignments",
    )
}

/// An import finished, to the user who started it: `what` was imported (`12 locations`).
pub fn import_finished(user_id: Uuid, what: &str, link: impl Into<String>) -> Event {
    Event::new(
        "import_finished",
        Uuid::now_v7(),
        user_id,
        "Your import finished",
        format!("Imported {what}."),
        link,
    )
}

/// A report made and mailed, to the user who started it (or made its schedule).
pub fn report_finished(user_id: Uuid, report_id: Uuid, subject: &str) -> Event {
    Event::new(
        "report_finished",
        report_id,
        user_id,
        "Your report is ready",
        format!("{subject} was made and sent to its recipients."),
        "/consult/report",
    )
}

/// A review's decision, to the auditor; `at` (ms) tells a second return from the first.
pub fn audit_reviewed(record: &AuditRecord, approved: bool, comment: &str, at: i64) -> Event {
    let (kind, title) = if approved {
        ("audit_approved", "Your audit was approved")
    } else {
        ("audit_returned", "Your audit was returned")
    };
    let body = if comment.is_empty() {
        title.to_owned()
    } else {
        format!("Reviewer's comment: {comment}")
    };
    Event::new(
        kind,
        format!("{}:{at}", record.id),
        record.auditor_id,
        title,
        body,
        format!("/assignments/{}", record.assignment_id),
    )
}

/// An audit submitted, to each reviewer: at most one per reviewer and hour, a digest that
/// points to the review queue.
pub fn audit_submitted(reviewers: &[Uuid], at: i64) -> Vec<Event> {
    let hour = at / 3_600_000;
    reviewers
        .iter()
        .map(|&r| {
            Event::new(
                "audit_submitted",
                hour,
                r,
                "Audits are waiting for review",
                "Audits were submitted; the review queue lists them.",
                "/review",
            )
        })
        .collect()
}

/// An approved audit that failed a critical item or scored under the client's pass mark, to
/// the client's managers; none when it did neither.
pub fn audit_alert(record: &AuditRecord, target_percent: f64, managers: &[Uuid]) -> Vec<Event> {
    let percent = record.score.total.percent();
    let critical = record.score.total.critical_failure;
    let below = percent.is_some_and(|p| p < target_percent);
    if !critical && !below {
        return Vec::new();
    }
    let score = percent.map_or("no score".to_owned(), |p| format!("{p:.1} %"));
    let body = if critical {
        format!("A critical item failed ({score}).")
    } else {
        format!("The audit scored {score}, under the pass mark of {target_percent:.0} %.")
    };
    managers
        .iter()
        .map(|&m| {
            Event::new(
                "audit_alert",
                record.id,
                m,
                "Alert: an approved audit needs attention",
                body.clone(),
                format!("/audits/{}", record.id),
            )
        })
        .collect()
}

/// A corrective action opened, to its assignee.
pub fn action_assigned(action: &CorrectiveAction) -> Event {
    Event::new(
        "action_assigned",
        action.id,
        action.assignee_id,
        "Corrective action assigned to you",
        format!("{} — due {}.", action.item_label, when(action.due)),
        "/actions",
    )
}

/// An action moved on: done goes to its creator, verified or reopened to its assignee.
pub fn action_moved(action: &CorrectiveAction, creator: Uuid, at: i64) -> Event {
    let (kind, user, title) = match action.status {
        ActionStatus::Done => ("action_done", creator, "Corrective action done"),
        ActionStatus::Verified => (
            "action_verified",
            action.assignee_id,
            "Corrective action verified",
        ),
        ActionStatus::Open => (
            "action_reopened",
            action.assignee_id,
            "Corrective action reopened",
        ),
    };
    Event::new(
        kind,
        format!("{}:{at}", action.id),
        user,
        title,
        action.item_label.clone(),
        "/actions",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_written_in_the_zone() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-07-01T12:30:00Z")
            .expect("time")
            .to_utc();
        let body = format!("From {} to {}.", super::when(t), super::when(t));
        assert_eq!(
            super::local_times(&body, chrono_tz::Europe::Paris),
            "From 2026-07-01 14:30 CEST to 2026-07-01 14:30 CEST."
        );
        assert_eq!(
            super::local_times(&body, chrono_tz::Tz::UTC),
            "From 2026-07-01 12:30 UTC to 2026-07-01 12:30 UTC."
        );
    }
}
