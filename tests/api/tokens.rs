//! API tokens end with their user's credentials, may expire, show when they were last used,
//! and are listed and revoked by admins (issue 16, finding 1).

use reqwest::{Method, StatusCode};
use serde_json::json;
use touchstone_shared::user::{ApiToken, Role};
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

async fn token_of(session: &Session, name: &str) -> (ApiToken, Session, String) {
    let token: ApiToken = session
        .post("/api/v1/tokens", &json!({"name": name}))
        .await
        .expect(201);
    let secret = token.secret.clone().expect("secret");
    let bearer = Session::with_bearer(session.base(), &secret);
    (token, bearer, secret)
}

#[tokio::test]
async fn a_password_change_or_a_disable_ends_the_users_tokens_for_good() {
    let app = TestApp::new().await;
    let w = World::build(&app, "tok-end").await;
    let manager = w.user(Role::Manager).id;
    let (_, bearer, _) = token_of(&w.manager, "bi").await;
    assert_eq!(bearer.get("/api/v1/clients").await.status, StatusCode::OK);
    w.admin
        .patch(
            &format!("/api/v1/users/{manager}"),
            &json!({"password": "a brand new password"}),
        )
        .await
        .expect::<serde_json::Value>(200);
    let after = bearer.get("/api/v1/clients").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "{}", after.body);
    let minted = bearer
        .post("/api/v1/tokens", &json!({"name": "again"}))
        .await;
    assert_eq!(minted.status, StatusCode::UNAUTHORIZED);

    let (_, bearer, _) = token_of(&w.consultant, "ci").await;
    let consultant = w.user(Role::Consultant).id;
    for disabled in [true, false] {
        w.admin
            .patch(
                &format!("/api/v1/users/{consultant}"),
                &json!({"disabled": disabled}),
            )
            .await
            .expect::<serde_json::Value>(200);
    }
    assert_eq!(
        bearer.get("/api/v1/clients").await.status,
        StatusCode::UNAUTHORIZED,
        "re-enabling brings no token back"
    );
}

#[tokio::test]
async fn a_token_cannot_make_tokens() {
    let app = TestApp::new().await;
    let w = World::build(&app, "tok-mint").await;
    let (_, bearer, _) = token_of(&w.consultant, "ci").await;
    let minted = bearer
        .post("/api/v1/tokens", &json!({"name": "child"}))
        .await;
    assert_eq!(minted.status, StatusCode::FORBIDDEN, "{}", minted.body);
}

#[tokio::test]
async fn tokens_expire_and_show_their_expiry_and_last_use() {
    let app = TestApp::new().await;
    let w = World::build(&app, "tok-exp").await;
    let past = w
        .auditor
        .post(
            "/api/v1/tokens",
            &json!({"name": "old", "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past.body["error"]["field"], "expires_at");
    let far = w
        .auditor
        .post(
            "/api/v1/tokens",
            &json!({"name": "far", "expires_at": "+99999-01-02T00:00:00Z"}),
        )
        .await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", far.body);

    let expires = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let token: ApiToken = w
        .auditor
        .post(
            "/api/v1/tokens",
            &json!({"name": "short", "expires_at": expires}),
        )
        .await
        .expect(201);
    let bearer = Session::with_bearer(&app.base, token.secret.as_deref().expect("secret"));
    assert_eq!(bearer.get("/api/v1/auth/me").await.status, StatusCode::OK);
    let listed: Vec<ApiToken> = w.auditor.get("/api/v1/tokens").await.expect(200);
    let shown = listed.iter().find(|t| t.id == token.id).expect("listed");
    assert_eq!(
        shown.expires_at.map(|t| t.timestamp_millis()),
        Some(expires.timestamp_millis())
    );
    assert!(shown.last_used_at.is_some(), "{shown:?}");
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(
        bearer.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn admins_list_and_revoke_the_tokens_of_their_organisations_users() {
    let app = TestApp::new().await;
    let w = World::build(&app, "tok-admin").await;
    let other = World::build(&app, "tok-other").await;
    let auditor = w.user(Role::Auditor).id;
    let (token, bearer, _) = token_of(&w.auditor, "phone sync").await;
    assert_eq!(bearer.get("/api/v1/auth/me").await.status, StatusCode::OK);

    let path = format!("/api/v1/users/{auditor}/tokens");
    let listed: Vec<ApiToken> = w.admin.get(&path).await.expect(200);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, token.id);
    assert!(listed[0].secret.is_none() && listed[0].last_used_at.is_some());
    assert_eq!(w.consultant.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(other.admin.get(&path).await.status, StatusCode::NOT_FOUND);

    let one = format!("{path}/{}", token.id);
    let by_stranger = other.admin.send::<()>(Method::DELETE, &one, None).await;
    assert_eq!(by_stranger.status, StatusCode::NOT_FOUND);
    let unknown = format!("{path}/{}", Uuid::now_v7());
    let reply = w.admin.send::<()>(Method::DELETE, &unknown, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = w.admin.send::<()>(Method::DELETE, &one, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    assert_eq!(
        bearer.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}
