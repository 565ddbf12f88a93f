//! Bulk review under concurrency: many reviewers approving the same listed audits at once.

use crate::workbench::{listed, many_submitted};
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;
use touchstone_shared::audit::{AuditEvent, AuditStatus};
use touchstone_shared::bulk_review::BulkReviewOutcome;
use touchstone_shared::scorecard::Scorecard;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_bulk_approvals_of_the_same_audits_approve_each_once() {
    let app = TestApp::new().await;
    let w = World::build(&app, "bulk-race").await;
    let ids: BTreeSet<Uuid> = many_submitted(&w, 30).await.into_iter().collect();
    let list = listed(&w.consultant).await;
    assert_eq!(list.len(), ids.len());
    // Forty requests at once, by both reviewers, each listing every audit: twenty in the
    // listed order and twenty reversed, so batches overlap in both orders.
    let mut reversed = list.clone();
    reversed.reverse();
    let requests = (0..40).map(|i| {
        let reviewer = if i % 2 == 0 { &w.consultant } else { &w.admin };
        let audits = if i % 4 < 2 { &list } else { &reversed };
        async move {
            reviewer
                .post(
                    "/api/v1/audits/bulk-review",
                    &json!({"decision": "approve", "audits": audits}),
                )
                .await
        }
    });
    let replies = join_all(requests).await;
    let mut approvals = Vec::new();
    for reply in replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let outcome: BulkReviewOutcome = serde_json::from_value(reply.body).expect("outcome");
        // Every listed audit is reported exactly once: decided here or skipped with a reason.
        let mut seen: Vec<Uuid> = outcome.reviewed.clone();
        seen.extend(outcome.skipped.iter().map(|s| s.id));
        seen.sort();
        assert_eq!(seen, ids.iter().copied().collect::<Vec<_>>());
        for s in &outcome.skipped {
            assert!(
                s.reason == "changed since it was listed"
                    || s.reason == "no longer waiting for review",
                "{}: {}",
                s.id,
                s.reason
            );
        }
        approvals.extend(outcome.reviewed);
    }
    approvals.sort();
    assert_eq!(
        approvals,
        ids.iter().copied().collect::<Vec<_>>(),
        "each audit approved by exactly one request"
    );
    // Once in each trail, and once in the scorecard.
    for id in &ids {
        let events: Vec<AuditEvent> = w
            .consultant
            .get(&format!("/api/v1/audits/{id}/events"))
            .await
            .expect(200);
        let approved = events
            .iter()
            .filter(|e| e.to == AuditStatus::Approved)
            .count();
        assert_eq!(approved, 1, "{id}: {events:?}");
    }
    let card: Scorecard = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await
        .expect(200);
    assert_eq!(card.overall.n, ids.len() as u64);
}
