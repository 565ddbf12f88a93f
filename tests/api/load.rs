//! Many auditors at once: nothing lost, nothing duplicated, no 5xx.

use chrono::{Duration, Utc};
use std::sync::Arc;
use tokio::sync::Semaphore;
use touchstone_server::auth::secret_hash;
use touchstone_server::db;
use touchstone_shared::assignment::AssignmentInput;
use touchstone_shared::audit::{AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// Simulated auditors; each submits one audit, and retries it once as a flaky phone would.
const AUDITORS: usize = 1000;
/// Requests in flight at once.
const IN_FLIGHT: usize = 64;

#[tokio::test]
async fn a_thousand_auditors_submitting_at_once_lose_and_duplicate_nothing() {
    let app = TestApp::new().await;
    let w = World::build(&app, "crowd").await;
    // Accounts, tokens and assignments are made directly in the database: a thousand
    // argon2 sign-ins would test the password hash, not the audit path.
    let hash = password_auth::generate_hash(touchstone_tests::world::PASSWORD);
    let mut auditors = Vec::with_capacity(AUDITORS);
    let mut tx = app.state.db.begin().await.expect("tx");
    for n in 0..AUDITORS {
        let user_id = Uuid::now_v7();
        let email = format!("crowd{n}@example.test");
        db::users::insert(
            &mut tx,
            &db::users::NewUserRow {
                id: user_id,
                org_id: w.org_id,
                email: &email,
                name: "Crowd",
                role: Role::Auditor,
                password_hash: &hash,
            },
        )
        .await
        .expect("user");
        let secret = format!("crowd-token-{n}-{}", Uuid::now_v7());
        db::tokens::create(
            &mut *tx,
            &db::tokens::NewToken {
                id: Uuid::now_v7(),
                user_id,
                name: "load",
                secret_hash: &secret_hash(&secret),
                expires_at: None,
            },
        )
        .await
        .expect("token");
        let input = AssignmentInput {
            checklist_version_id: w.checklist.version.id,
            location_id: w.location.id,
            auditor_id: user_id,
            not_before: Utc::now() - Duration::days(1),
            due: Utc::now() + Duration::days(1),
            scenario: String::new(),
        };
        let assignment =
            db::assignments::insert(&mut *tx, w.org_id, w.client.id, w.checklist.id, &input)
                .await
                .expect("assignment");
        auditors.push((secret, assignment.id));
    }
    tx.commit().await.expect("commit");

    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = Vec::new();
    for (secret, assignment) in auditors {
        let gate = gate.clone();
        let base = app.base.clone();
        let body = w.audit(assignment, AuditStatus::Submitted, w.perfect());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.expect("permit");
            let session = Session::with_bearer(&base, &secret);
            let path = format!("/api/v1/audits/{}", Uuid::now_v7());
            let first = session.put(&path, &body).await.status.as_u16();
            let retry = session.put(&path, &body).await.status.as_u16();
            (first, retry)
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    let unexpected: Vec<_> = statuses.iter().filter(|s| **s != (201, 200)).collect();
    assert!(
        unexpected.is_empty(),
        "{} unexpected (first, retry) statuses, e.g. {:?}",
        unexpected.len(),
        unexpected.first()
    );

    let admin = app.session();
    admin
        .login(
            &touchstone_tests::world::email("crowd", Role::Admin),
            touchstone_tests::world::PASSWORD,
        )
        .await;
    let mut seen = std::collections::HashSet::new();
    let mut path = "/api/v1/audits?limit=500".to_owned();
    loop {
        let page: Page<AuditSummary> = admin.get(&path).await.expect(200);
        for audit in &page.items {
            assert!(
                seen.insert(audit.assignment_id),
                "two audits for one assignment"
            );
            assert_eq!(audit.status, AuditStatus::Submitted);
        }
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/audits?limit=500&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), AUDITORS, "every audit arrived exactly once");
}
