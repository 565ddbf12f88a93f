//! Check-ins before 1970 (negative times). Since issue 16 (finding 8) dates on the wire are
//! bounded to the years 2000–2100, so such a visit is refused before it reaches the sums;
//! the sums' handling of negative times (`db::rollups`) stays for data stored before.

use chrono::{DateTime, Duration, Utc};
use touchstone_shared::audit::AuditStatus;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

#[tokio::test]
async fn a_check_in_before_1970_is_refused_naming_the_field() {
    let app = TestApp::new().await;
    let w = World::build(&app, "epoch").await;
    let mut input = w.audit(
        w.new_assignment().await.id,
        AuditStatus::Submitted,
        w.perfect(),
    );
    let at = DateTime::<Utc>::UNIX_EPOCH - Duration::minutes(30);
    input.visit.check_in_at = Some(at);
    input.visit.check_out_at = Some(at + Duration::minutes(25));
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &input)
        .await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(reply.body["error"]["field"], "visit.check_in_at");
}
