//! Check-ins before 1970 (negative times) fall on their own hour and day in the sums, whether
//! the sums were added at approval or rebuilt after a change of the pass mark.

use super::{card, set_pass_mark, submit};
use chrono::{DateTime, Duration, Utc};
use touchstone_shared::audit::AuditStatus;
use touchstone_tests::{TestApp, World};

async fn audits_between(w: &World, from: &str, to: &str) -> u64 {
    card(w, &format!("&from={from}&to={to}")).await.overall.n
}

#[tokio::test]
async fn an_audit_checked_in_before_1970_stays_on_its_day_when_the_sums_are_rebuilt() {
    let app = TestApp::new().await;
    let w = World::build(&app, "epoch").await;
    let mut input = w.audit(
        w.new_assignment().await.id,
        AuditStatus::Submitted,
        w.perfect(),
    );
    // Half an hour before the epoch: hour −1 and day −1, not hour 0 and day 0.
    let at = DateTime::<Utc>::UNIX_EPOCH - Duration::minutes(30);
    input.visit.check_in_at = Some(at);
    input.visit.check_out_at = Some(at + Duration::minutes(25));
    let id = submit(&w, &input).await;
    w.approve(id).await;

    // 1 January 1970 is read from the daily sums; the evening before it from the score rows.
    let (eve, day, next) = (
        "1969-12-31T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "1970-01-02T00:00:00Z",
    );
    assert_eq!(audits_between(&w, eve, day).await, 1, "31 December 1969");
    assert_eq!(audits_between(&w, day, next).await, 0, "1 January 1970");

    // A new pass mark rebuilds the client's sums from the score rows.
    set_pass_mark(&w, 50.0).await;
    assert_eq!(
        audits_between(&w, eve, day).await,
        1,
        "31 December 1969, rebuilt"
    );
    assert_eq!(
        audits_between(&w, day, next).await,
        0,
        "1 January 1970, rebuilt"
    );
}
