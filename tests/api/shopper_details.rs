//! A shopper's optional details: the home area's label, languages and demographics, set by
//! the shopper, shown to staff of their organisation only, checked field by field.

use serde_json::{Value, json};
use touchstone_shared::panel::ShopperProfile;
use touchstone_shared::user::Role;
use touchstone_tests::{TestApp, World};

#[tokio::test]
async fn shoppers_give_their_details_and_only_their_organisation_s_staff_see_them() {
    let app = TestApp::new().await;
    let w = World::build(&app, "details").await;
    let other = World::build(&app, "details-other").await;
    let id = w.user(Role::Auditor).id;
    let fresh: ShopperProfile = w.auditor.get("/api/v1/shopper-profile").await.expect(200);
    assert!(fresh.details.home_label.is_empty() && fresh.details.languages.is_empty());
    assert!(fresh.details.demographics.is_empty());

    let body = json!({"home": {"lat": 51.539, "lon": -0.1426},
        "details": {"home_label": " Camden, London ", "languages": ["English", "Português", "english"],
            "demographics": {"age band": "25-34", "has a car": "yes"}}});
    let saved: ShopperProfile = w
        .auditor
        .put("/api/v1/shopper-profile", &body)
        .await
        .expect(200);
    assert_eq!(saved.details.home_label, "Camden, London");
    assert_eq!(saved.details.languages, ["English", "Português"]);
    assert_eq!(
        saved
            .details
            .demographics
            .get("age band")
            .map(String::as_str),
        Some("25-34")
    );
    let staff_view: ShopperProfile = w
        .consultant
        .get(&format!("/api/v1/shoppers/{id}"))
        .await
        .expect(200);
    assert_eq!(staff_view.details, saved.details);
    assert_eq!(staff_view.home, saved.home);

    // A home area alone keeps no details (the body is the whole profile).
    let home_only: ShopperProfile = w
        .auditor
        .put(
            "/api/v1/shopper-profile",
            &json!({"home": {"lat": 51.5, "lon": -0.1}}),
        )
        .await
        .expect(200);
    assert_eq!(home_only.details, Default::default());
    w.auditor
        .put("/api/v1/shopper-profile", &body)
        .await
        .expect::<Value>(200);

    // Clients, shoppers and other organisations do not see them.
    let path = format!("/api/v1/shoppers/{id}");
    assert_eq!(w.manager.get(&path).await.status.as_u16(), 403);
    assert_eq!(w.auditor.get(&path).await.status.as_u16(), 403);
    assert_eq!(other.consultant.get(&path).await.status.as_u16(), 404);

    // Each bad field is a 422 naming it; nothing is stored.
    for (details, field) in [
        (json!({"languages": ["  "]}), "languages[0]"),
        (json!({"languages": vec!["x"; 21]}), "languages"),
        (json!({"demographics": {"car": " "}}), "demographics.car"),
        (json!({"demographics": {" ": "yes"}}), "demographics"),
        (json!({"home_label": "x".repeat(201)}), "home_label"),
        (json!({"home_label": "Camden\u{7}"}), "home_label"),
    ] {
        let reply = w
            .auditor
            .put("/api/v1/shopper-profile", &json!({"details": details}))
            .await;
        assert_eq!(reply.status.as_u16(), 422, "{field}: {:?}", reply.body);
        assert_eq!(reply.body["error"]["field"], field, "{:?}", reply.body);
    }
    let reply = w
        .auditor
        .put(
            "/api/v1/shopper-profile",
            &json!({"details": {"languages": "English"}}),
        )
        .await;
    assert!(reply.status.is_client_error(), "{:?}", reply.body);
    let kept: ShopperProfile = w.auditor.get("/api/v1/shopper-profile").await.expect(200);
    assert_eq!(kept.details, saved.details);
}
