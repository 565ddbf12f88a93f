//! The organisation's time zone: a setting admins change, which every signed-in user reads,
//! and which the days of exports are counted in.

use crate::exports::approved;
use serde_json::json;
use touchstone_shared::organisation::Organisation;
use touchstone_shared::user::Me;
use touchstone_tests::{TestApp, World};

#[tokio::test]
async fn admins_set_the_time_zone_and_everyone_reads_it() {
    let app = TestApp::new().await;
    let w = World::build(&app, "org-tz").await;
    let org: Organisation = w.auditor.get("/api/v1/organisation").await.expect(200);
    assert_eq!((org.id, org.time_zone.as_str()), (w.org_id, "UTC"));

    let org: Organisation = w
        .admin
        .put(
            "/api/v1/organisation",
            &json!({"time_zone": "Europe/London"}),
        )
        .await
        .expect(200);
    assert_eq!(org.time_zone, "Europe/London");
    let me: Me = w.manager.get("/api/v1/auth/me").await.expect(200);
    assert_eq!(
        me.time_zone, "Europe/London",
        "pages learn the zone at sign-in"
    );

    for (session, status) in [(&w.consultant, 403), (&w.manager, 403), (&w.auditor, 403)] {
        let reply = session
            .put("/api/v1/organisation", &json!({"time_zone": "Asia/Tokyo"}))
            .await;
        assert_eq!(reply.status.as_u16(), status, "{:?}", reply.body);
    }
    for bad in [
        json!({"time_zone": "Europe/Londn"}),
        json!({"time_zone": ""}),
    ] {
        let reply = w.admin.put("/api/v1/organisation", &bad).await;
        assert_eq!(reply.status.as_u16(), 422, "{:?}", reply.body);
        assert_eq!(reply.body["error"]["field"], "time_zone");
    }
    let reply = w
        .admin
        .put("/api/v1/organisation", &json!({"zone": "UTC"}))
        .await;
    assert_eq!(reply.status.as_u16(), 400, "unknown fields are refused");
    assert_eq!(reply.error_code(), "invalid_input");
    let org: Organisation = w.consultant.get("/api/v1/organisation").await.expect(200);
    assert_eq!(
        org.time_zone, "Europe/London",
        "refused changes change nothing"
    );
}

#[tokio::test]
async fn exports_write_times_in_the_organisations_zone() {
    let app = TestApp::new().await;
    let w = World::build(&app, "org-tz-exp").await;
    approved(&w, w.perfect()).await;
    w.admin
        .put("/api/v1/organisation", &json!({"time_zone": "Asia/Tokyo"}))
        .await
        .expect::<Organisation>(200);
    let rows = crate::exports::csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let at = crate::exports::column(&rows[0], "check_in_at");
    assert!(rows[1][at].ends_with("+09:00"), "{}", rows[1][at]);
}
