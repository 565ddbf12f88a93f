//! Sign-in, sessions, tokens, CSRF and brute-force protection.

use reqwest::{Method, StatusCode, header};
use serde_json::json;
use touchstone_shared::user::{ApiToken, Me, Role};
use touchstone_tests::world::PASSWORD;
use touchstone_tests::{Session, TestApp, World};

fn cookie_of(reply: &touchstone_tests::session::Reply) -> String {
    reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("set-cookie")
        .to_owned()
}

#[tokio::test]
async fn login_sets_a_hardened_cookie_and_wrong_passwords_get_401() {
    let app = TestApp::new().await;
    let w = World::build(&app, "login").await;
    let email = &w.user(Role::Auditor).email;
    let s = app.session();
    let reply = s
        .post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = cookie_of(&reply);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let me: Me = s.get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me.user.role, Role::Auditor);

    let reply = app
        .session()
        .post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": "wrong password"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.error_code(), "unauthenticated");
    let reply = app
        .session()
        .post(
            "/api/v1/auth/login",
            &json!({"email": "nobody@example.test", "password": "x"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn brute_force_is_answered_with_429() {
    let app = TestApp::with_config(|c| c.login_attempts = 3).await;
    let w = World::build(&app, "brute").await;
    let email = &w.user(Role::Manager).email;
    for _ in 0..3 {
        let reply = app
            .session()
            .post(
                "/api/v1/auth/login",
                &json!({"email": email, "password": "guess guess"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = app
        .session()
        .post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert_eq!(reply.error_code(), "rate_limited");
    assert!(reply.headers.contains_key(header::RETRY_AFTER));
}

/// A sign-in attempt with the password `password`, as forwarded by a proxy for `client`.
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> StatusCode {
    let request = app
        .session()
        .request(Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}));
    Session::reply(request).await.status
}

/// A server with a sign-in limit of 5 failures per address for unknown accounts (1 per
/// account), trusting loopback as a proxy or not, after 5 failed sign-ins for unknown
/// accounts forwarded for 203.0.113.7.
async fn after_failures_from_one_client(trust_loopback: bool) -> TestApp {
    let app = TestApp::with_config(|c| {
        c.login_attempts = 1;
        if trust_loopback {
            c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("a network")];
        }
    })
    .await;
    for i in 0..5 {
        let email = format!("nobody{i}@example.test");
        let status = login_from(&app, "203.0.113.7", &email, "guess guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    app
}

/// Another unknown account: the address limit applies to those only.
const UNKNOWN: &str = "nobody-else@example.test";

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_has_its_own_limit() {
    let app = after_failures_from_one_client(true).await;
    // What the client prepends does not matter: the proxy saw 203.0.113.7.
    let status = login_from(&app, "198.51.100.1, 203.0.113.7", UNKNOWN, "guess guess").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let status = login_from(&app, "203.0.113.8", UNKNOWN, "guess guess").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "another client behind the proxy"
    );
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let app = after_failures_from_one_client(false).await;
    // A made-up X-Forwarded-For does not get around the limit per address.
    let status = login_from(&app, "203.0.113.8", UNKNOWN, "guess guess").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn login_issues_a_new_session_id_and_ends_a_planted_one() {
    let app = TestApp::new().await;
    let w = World::build(&app, "fixation").await;
    let email = &w.user(Role::Consultant).email;
    // The attacker signs in and plants their session cookie in the victim's browser.
    let first = app
        .session()
        .post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    let planted = cookie_of(&first)
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let victim = Session::new(&app.base);
    let reply = Session::reply(
        victim
            .request(Method::POST, "/api/v1/auth/login")
            .header(header::COOKIE, &planted)
            .json(&json!({"email": email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let fresh = cookie_of(&reply)
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    assert_ne!(fresh, planted);
    let old = Session::reply(
        app.session()
            .request(Method::GET, "/api/v1/auth/me")
            .header(header::COOKIE, &planted),
    )
    .await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the planted session is gone"
    );
}

#[tokio::test]
async fn logout_and_disabling_end_sessions() {
    let app = TestApp::new().await;
    let w = World::build(&app, "disable").await;
    w.auditor.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(
        w.auditor.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );

    let manager = w.user(Role::Manager);
    let token: ApiToken = w
        .manager
        .post("/api/v1/tokens", &json!({"name": "bi"}))
        .await
        .expect(201);
    let bearer = Session::with_bearer(&app.base, token.secret.as_deref().expect("secret"));
    assert_eq!(bearer.get("/api/v1/clients").await.status, StatusCode::OK);

    w.admin
        .patch(
            &format!("/api/v1/users/{}", manager.id),
            &json!({"disabled": true}),
        )
        .await
        .expect::<serde_json::Value>(200);
    assert_eq!(
        w.manager.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        bearer.get("/api/v1/clients").await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .session()
        .post(
            "/api/v1/auth/login",
            &json!({"email": manager.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bearer_tokens_work_until_revoked() {
    let app = TestApp::new().await;
    let w = World::build(&app, "token").await;
    let token: ApiToken = w
        .consultant
        .post("/api/v1/tokens", &json!({"name": "export"}))
        .await
        .expect(201);
    let bearer = Session::with_bearer(&app.base, token.secret.as_deref().expect("secret"));
    let me: Me = bearer.get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me.user.role, Role::Consultant);
    let listed: Vec<ApiToken> = w.consultant.get("/api/v1/tokens").await.expect(200);
    assert!(
        listed.iter().all(|t| t.secret.is_none()),
        "secrets are shown once"
    );
    let reply = w
        .consultant
        .send::<()>(
            Method::DELETE,
            &format!("/api/v1/tokens/{}", token.id),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        bearer.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let bad = Session::with_bearer(&app.base, "not-a-token");
    assert_eq!(
        bad.get("/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn cross_site_cookie_writes_are_refused() {
    let app = TestApp::new().await;
    let w = World::build(&app, "csrf").await;
    let forged = Session::reply(
        w.consultant
            .request(Method::POST, "/api/v1/clients")
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .json(&json!({"name": "Forged"})),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.error_code(), "csrf_failed");
    let same_origin = Session::reply(
        w.consultant
            .request(Method::POST, "/api/v1/clients")
            .header("origin", app.base.as_str())
            .header("sec-fetch-site", "same-origin")
            .json(&json!({"name": "Real"})),
    )
    .await;
    assert_eq!(
        same_origin.status,
        StatusCode::CREATED,
        "{}",
        same_origin.body
    );
}
