//! A pay line's status through its life: pending while the audit is not approved, payable
//! once it is, paid when a closed pay period's ledger holds it. A paid line keeps its
//! ledger's amounts even if the audit is later returned, and its receipt can no longer
//! change (409).

use super::panel::{claim, create_schedule, jobs_of, schedule};
use super::pay::approved;
use chrono::{Duration, Utc};
use serde_json::json;
use touchstone_shared::panel::{Job, PayLine};
use touchstone_shared::pay::{Ledger, PayStatus};
use touchstone_tests::{TestApp, World};

async fn earnings(w: &World) -> Vec<PayLine> {
    w.auditor.get("/api/v1/earnings").await.expect(200)
}

async fn payments(w: &World) -> Vec<PayLine> {
    w.consultant.get("/api/v1/payments").await.expect(200)
}

#[tokio::test]
async fn a_line_is_pending_then_payable_then_paid_and_stays_paid_through_a_return() {
    let app = TestApp::new().await;
    let w = World::build(&app, "pay-status").await;
    let created = create_schedule(&w, &schedule(&w, &[w.location.id], json!({}))).await;
    let job: Job = claim(&w.auditor, jobs_of(&w, created.id).await[0].id)
        .await
        .expect(200);
    let receipt = format!("/api/v1/jobs/{}/receipt", job.id);
    let reply = w.auditor.put(&receipt, &json!({"amount_minor": 999})).await;
    assert_eq!(reply.status.as_u16(), 204, "{:?}", reply.body);

    // Claimed, audit not yet approved: pending for the shopper, not on staff's list.
    let mine = earnings(&w).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(
        (mine[0].status, mine[0].payable),
        (PayStatus::Pending, false)
    );
    assert_eq!(mine[0].total_minor, 2500 + 999);
    assert!(payments(&w).await.is_empty());

    // Approved: payable for both.
    let audit_id = approved(&w, &w.auditor, &job).await;
    let mine = earnings(&w).await;
    assert_eq!(
        (mine[0].status, mine[0].payable),
        (PayStatus::Payable, true)
    );
    let listed = payments(&w).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, PayStatus::Payable);

    // Paid when the period closes: off staff's payable list, paid for the shopper, with
    // the ledger's amounts.
    let today = Utc::now().date_naive();
    let period = json!({"from": today - Duration::days(1), "to": today + Duration::days(1)});
    let ledger: Ledger = w
        .consultant
        .post("/api/v1/pay-periods", &period)
        .await
        .expect(201);
    assert_eq!(ledger.items.len(), 1);
    assert_eq!(ledger.items[0].line.status, PayStatus::Paid);
    assert_eq!(ledger.items[0].line.total_minor, 2500 + 999);
    assert!(payments(&w).await.is_empty());
    let paid = earnings(&w).await;
    assert_eq!((paid[0].status, paid[0].payable), (PayStatus::Paid, true));
    assert_eq!(paid[0].total_minor, ledger.items[0].line.total_minor);

    // The receipt (and any bonus) is settled once paid.
    let reply = w
        .auditor
        .put(&receipt, &json!({"amount_minor": 1100}))
        .await;
    assert_eq!(reply.status.as_u16(), 409, "{:?}", reply.body);
    let reply = w
        .consultant
        .put(&receipt, &json!({"amount_minor": 1}))
        .await;
    assert_eq!(reply.status.as_u16(), 409, "{:?}", reply.body);
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("paid")),
        "{:?}",
        reply.body
    );

    // The audit returned after payment: the shopper was paid, the line stays paid with the
    // amounts paid, and the ledger is unchanged.
    sqlx::query("UPDATE audits SET status = 'returned', approved_at = NULL WHERE id = $1")
        .bind(audit_id.to_string())
        .execute(app.state.db.pool())
        .await
        .expect("returned");
    let after = earnings(&w).await;
    assert_eq!(after, paid);
    assert!(payments(&w).await.is_empty());
    let again: Ledger = w
        .consultant
        .get(&format!("/api/v1/pay-periods/{}", ledger.summary.id))
        .await
        .expect(200);
    assert_eq!(again, ledger);
    let reply = w
        .consultant
        .put(&receipt, &json!({"amount_minor": 5}))
        .await;
    assert_eq!(reply.status.as_u16(), 409, "{:?}", reply.body);
}
