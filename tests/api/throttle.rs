//! Sign-in throttling under parallel attack, and the real user's way through (issue 16,
//! findings 2, 3 and 4).

use futures_util::future::join_all;
use reqwest::{Method, StatusCode, header};
use serde_json::json;
use touchstone_shared::user::Role;
use touchstone_tests::world::PASSWORD;
use touchstone_tests::{Session, TestApp, World};

/// A sign-in attempt forwarded by the (trusted) proxy for `client`.
async fn attempt(
    session: &Session,
    client: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Option<String>) {
    let request = session
        .request(Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}));
    let reply = Session::reply(request).await;
    let retry = reply
        .headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (reply.status, retry)
}

/// `n` attempts at once, each on a connection of its own; the statuses.
async fn at_once(
    app: &TestApp,
    n: usize,
    client: &str,
    email: &str,
    password: &str,
) -> Vec<StatusCode> {
    let sessions: Vec<Session> = (0..n).map(|_| app.session()).collect();
    join_all(sessions.iter().map(|s| attempt(s, client, email, password)))
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect()
}

/// Asserts that of parallel guesses a number in `allowed` were checked (answered `checked`)
/// and every other was refused with 429: none slipped past the limit, none failed otherwise.
pub(crate) fn checked_within(
    statuses: &[StatusCode],
    checked: StatusCode,
    allowed: std::ops::RangeInclusive<usize>,
) {
    let verified = count(statuses, checked);
    assert!(
        allowed.contains(&verified),
        "{verified} guesses were checked: {statuses:?}"
    );
    assert_eq!(
        verified + count(statuses, StatusCode::TOO_MANY_REQUESTS),
        statuses.len(),
        "{statuses:?}"
    );
}

pub(crate) fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// A server trusting loopback as a proxy, allowing `limit` free attempts, with room for 64
/// waiting password checks (so every parallel attempt reaches the throttle).
pub(crate) async fn server(limit: i64) -> TestApp {
    TestApp::with_config(|c| {
        c.login_attempts = limit;
        c.password_queue = 64;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("a network")];
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_guesses_at_one_account_verify_no_more_than_the_limit() {
    let app = server(5).await;
    let w = World::build(&app, "par-acct").await;
    let email = w.user(Role::Manager).email.clone();
    let statuses = at_once(&app, 40, "203.0.113.7", &email, "guess guess").await;
    checked_within(&statuses, StatusCode::UNAUTHORIZED, 1..=5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_guesses_from_one_address_at_unknown_accounts_stop_at_its_limit() {
    // 2 free attempts per pair: an address may fail 10 times for unknown accounts.
    let app = server(2).await;
    let sessions: Vec<Session> = (0..40).map(|_| app.session()).collect();
    let statuses: Vec<StatusCode> =
        join_all(sessions.iter().enumerate().map(|(i, s)| async move {
            let email = format!("nobody{i}@example.test");
            attempt(s, "203.0.113.9", &email, "guess guess").await.0
        }))
        .await;
    checked_within(&statuses, StatusCode::UNAUTHORIZED, 0..=10);
}

#[tokio::test]
async fn guesses_from_elsewhere_do_not_lock_the_real_user_out() {
    let app = server(3).await;
    let w = World::build(&app, "lockout").await;
    let email = w.user(Role::Auditor).email.clone();
    let attacker = app.session();
    for _ in 0..3 {
        let (status, _) = attempt(&attacker, "198.51.100.66", &email, "guess guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, retry) = attempt(&attacker, "198.51.100.66", &email, PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits there"
    );
    let retry: u64 = retry.expect("Retry-After").parse().expect("seconds");
    assert!(
        (1..=30).contains(&retry),
        "a short wait, not a lock: {retry} s"
    );
    // The user, from their own address, is not held back.
    let (status, _) = attempt(&app.session(), "203.0.113.20", &email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_device_that_signed_in_before_gets_through_a_throttled_address() {
    let app = server(3).await;
    let w = World::build(&app, "device").await;
    let email = w.user(Role::Consultant).email.clone();
    // Behind the same NAT address as the attacker, the user signed in before.
    let user = app.session();
    let (status, _) = attempt(&user, "192.0.2.44", &email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let attacker = app.session();
    for _ in 0..6 {
        attempt(&attacker, "192.0.2.44", &email, "guess guess").await;
    }
    let (status, _) = attempt(&attacker, "192.0.2.44", &email, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _) = attempt(&user, "192.0.2.44", &email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the known device is let through");
}

#[tokio::test]
async fn the_address_limit_holds_back_unknown_accounts_only() {
    let app = server(1).await;
    let w = World::build(&app, "nat").await;
    for i in 0..5 {
        let email = format!("nobody{i}@example.test");
        let (status, _) = attempt(&app.session(), "203.0.113.30", &email, "guess guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = attempt(&app.session(), "203.0.113.30", "nobody9@example.test", "x").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let email = w.user(Role::Manager).email.clone();
    let (status, _) = attempt(&app.session(), "203.0.113.30", &email, PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a colleague behind the same NAT signs in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_sign_ins_past_the_password_queue_gets_503() {
    let app = TestApp::with_config(|c| {
        c.password_workers = 1;
        c.password_queue = 2;
        c.login_attempts = 1000;
    })
    .await;
    let sessions: Vec<Session> = (0..40).map(|_| app.session()).collect();
    let replies = join_all(sessions.iter().enumerate().map(|(i, s)| async move {
        let email = format!("flood{i}@example.test");
        let request = s
            .request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": "guess guess"}));
        Session::reply(request).await
    }))
    .await;
    let busy: Vec<_> = replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "no sign-in was turned away");
    assert!(busy.iter().all(|r| r.headers.contains_key(header::RETRY_AFTER) && r.error_code() == "unavailable"));
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    let checked = replies
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(checked >= 1, "{statuses:?}");
    assert_eq!(checked + busy.len(), 40, "{statuses:?}");
}

#[tokio::test]
async fn waits_double_past_the_free_attempts_up_to_the_longest_and_are_forgotten() {
    use touchstone_server::db::throttle::{Policy, reserve};
    let app = TestApp::new().await;
    let pool = app.state.db.pool();
    let policy = Policy {
        free: 2,
        first_delay_ms: 1000,
        max_delay_ms: 4000,
        forget_after_ms: 60_000,
    };
    // (time in ms, the wait answered: None when the attempt is reserved)
    let steps = [
        (0, None),
        (1, None), // the second free attempt; the next waits 1 s
        (2, Some(999)),
        (1001, None), // waits 2 s
        (3000, Some(1)),
        (3001, None), // waits 4 s
        (7001, None), // the longest wait: still 4 s
        (11_000, Some(1)),
        (11_001, None),
        // Quiet for a minute: afresh, two free attempts again.
        (80_000, None),
        (80_001, None),
        (80_002, Some(999)),
    ];
    for (at, expected) in steps {
        let wait = reserve(pool, "pair:test", policy, at)
            .await
            .expect("reserve");
        assert_eq!(wait, expected, "at {at} ms");
    }
}
