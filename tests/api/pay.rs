//! Shoppers' pay: bonus and deduction lines, pay periods closed in the organisation's time
//! zone into one ledger (however many times and however many at once), the ledger's totals
//! equal to its lines to the cent, its CSV and XLSX, and lines gone when an approval is
//! revoked by a return.

use super::panel::{claim, create_schedule, jobs_of, porto, schedule, shoppers};
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::panel::{Job, PayLine};
use touchstone_shared::panel_roster::ShopperSummary;
use touchstone_shared::pay::{Adjustment, Ledger, LedgerSummary};
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The shopper submits the job's audit and the consultant approves it.
pub(crate) async fn approved(w: &World, shopper: &Session, job: &Job) -> Uuid {
    let audit_id = Uuid::now_v7();
    let assignment = job.assignment_id.expect("claimed");
    shopper
        .put(
            &format!("/api/v1/audits/{audit_id}"),
            &w.audit(assignment, AuditStatus::Submitted, w.perfect()),
        )
        .await
        .expect::<Value>(201);
    w.approve(audit_id).await;
    audit_id
}

async fn adjust(s: &Session, job: Uuid, body: Value) -> touchstone_tests::session::Reply {
    s.post(&format!("/api/v1/jobs/{job}/adjustments"), &body)
        .await
}

async fn file(s: &Session, path: &str) -> (u16, String, Vec<u8>) {
    let reply = s
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .expect("file");
    let status = reply.status().as_u16();
    let kind = reply
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, reply.bytes().await.expect("body").to_vec())
}

fn field(reply: &touchstone_tests::session::Reply, status: u16, field: &str) {
    assert_eq!(reply.status.as_u16(), status, "{field}: {:?}", reply.body);
    if status == 422 {
        assert_eq!(reply.body["error"]["field"], field, "{:?}", reply.body);
    }
}

#[tokio::test]
async fn bonuses_periods_and_ledgers_pay_each_approved_line_once_to_the_cent() {
    let app = TestApp::new().await;
    let w = World::build(&app, "pay").await;
    // Tokyo: nine hours ahead of UTC all year, so a period's days start at 15:00 UTC.
    w.admin
        .put("/api/v1/organisation", &json!({"time_zone": "Asia/Tokyo"}))
        .await
        .expect::<Value>(200);
    let porto = porto(&w).await;
    let created = create_schedule(&w, &schedule(&w, &[w.location.id, porto.id], json!({}))).await;
    let jobs = jobs_of(&w, created.id).await;
    let (ana, bea) = (&w.auditor, &shoppers(&app, &w, 1).await[0].1);
    let first: Job = claim(ana, jobs[0].id).await.expect(200);
    let second: Job = claim(bea, jobs[1].id).await.expect(200);
    let later = &jobs[2];

    // Bonus and deduction lines: staff only, on claimed jobs, in the job's currency.
    let bonus = json!({"amount_minor": 505, "currency": "EUR", "reason": "Photos of every shelf"});
    let made: Adjustment = adjust(&w.consultant, first.id, bonus.clone())
        .await
        .expect(201);
    assert_eq!((made.amount_minor, made.job_id), (505, first.id));
    let deduction = json!({"amount_minor": -133, "currency": "EUR", "reason": "Receipt sent late"});
    adjust(&w.admin, first.id, deduction)
        .await
        .expect::<Adjustment>(201);
    field(&adjust(ana, first.id, bonus.clone()).await, 403, "");
    field(&adjust(&w.manager, first.id, bonus.clone()).await, 403, "");
    field(
        &adjust(&w.consultant, later.id, bonus.clone()).await,
        409,
        "",
    );
    let other = World::build(&app, "pay-other").await;
    field(
        &adjust(&other.consultant, first.id, bonus.clone()).await,
        404,
        "",
    );
    for (bad, name) in [
        (
            json!({"amount_minor": 0, "currency": "EUR", "reason": "x"}),
            "amount_minor",
        ),
        (
            json!({"amount_minor": 100_000_001, "currency": "EUR", "reason": "x"}),
            "amount_minor",
        ),
        (
            json!({"amount_minor": 5, "currency": "USD", "reason": "x"}),
            "currency",
        ),
        (
            json!({"amount_minor": 5, "currency": "eur", "reason": "x"}),
            "currency",
        ),
        (
            json!({"amount_minor": 5, "currency": "EUR", "reason": " "}),
            "reason",
        ),
    ] {
        field(&adjust(&w.consultant, first.id, bad).await, 422, name);
    }
    let reply = adjust(
        &w.consultant,
        first.id,
        json!({"amount_minor": 1.5, "currency": "EUR", "reason": "x"}),
    )
    .await;
    assert!(reply.status.is_client_error(), "{:?}", reply.body);

    // Receipts up to the cap (1,200), odd cents kept.
    for (s, job, amount) in [(ana, &first, 1530), (bea, &second, 733)] {
        let path = format!("/api/v1/jobs/{}/receipt", job.id);
        let reply = s.put(&path, &json!({"amount_minor": amount})).await;
        assert_eq!(reply.status.as_u16(), 204, "{:?}", reply.body);
    }
    approved(&w, ana, &first).await;
    let revoked = approved(&w, bea, &second).await;
    let payments: Vec<PayLine> = w.consultant.get("/api/v1/payments").await.expect(200);
    let totals: Vec<(Uuid, i64, i64)> = payments
        .iter()
        .map(|l| (l.job_id, l.adjustment_minor, l.total_minor))
        .collect();
    assert!(
        totals.contains(&(first.id, 372, 2500 + 1200 + 372)),
        "{payments:?}"
    );
    assert!(totals.contains(&(second.id, 0, 2500 + 733)), "{payments:?}");

    // An approval revoked by a return takes its line off the payable ones (and out of any
    // period closed meanwhile); the shopper sees it pending again.
    sqlx::query("UPDATE audits SET status = 'returned', approved_at = NULL WHERE id = $1")
        .bind(revoked.to_string())
        .execute(app.state.db.pool())
        .await
        .expect("returned");
    let payments: Vec<PayLine> = w.consultant.get("/api/v1/payments").await.expect(200);
    assert_eq!(payments.len(), 1, "{payments:?}");
    let pending: Vec<PayLine> = bea.get("/api/v1/earnings").await.expect(200);
    assert_eq!((pending.len(), pending[0].payable), (1, false));
    sqlx::query("UPDATE audits SET status = 'approved', approved_at = $2 WHERE id = $1")
        .bind(revoked.to_string())
        .bind(touchstone_server::db::now_ms())
        .execute(app.state.db.pool())
        .await
        .expect("approved again");

    // Periods are days in the organisation's zone.
    let today = (Utc::now() + Duration::hours(9)).date_naive();
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let before =
        json!({"from": day(today - Duration::days(7)), "to": day(today - Duration::days(1))});
    let empty: Ledger = w
        .consultant
        .post("/api/v1/pay-periods", &before)
        .await
        .expect(201);
    assert!(empty.items.is_empty() && empty.summary.totals.is_empty());
    let tokyo_midnight = (today - Duration::days(7))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        - Duration::hours(9);
    assert_eq!(empty.summary.starts_at, tokyo_midnight);
    assert_eq!(
        empty.summary.ends_at - empty.summary.starts_at,
        Duration::days(7)
    );
    assert_eq!(empty.summary.time_zone, "Asia/Tokyo");

    // Closing today twice at once makes one ledger; the lines in it equal its totals.
    let period = json!({"from": day(today), "to": day(today)});
    let (a, b) = tokio::join!(
        w.consultant.post("/api/v1/pay-periods", &period),
        w.admin.post("/api/v1/pay-periods", &period)
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{:?} {:?}", a.body, b.body);
    let (a, b): (Ledger, Ledger) = (a.expect(a.status.as_u16()), b.expect(b.status.as_u16()));
    assert_eq!(a, b);
    assert_eq!(a.items.len(), 2);
    let again: Ledger = w
        .consultant
        .post("/api/v1/pay-periods", &period)
        .await
        .expect(200);
    assert_eq!(again, a);
    let sum: i64 = a.items.iter().map(|l| l.line.total_minor).sum();
    assert_eq!(sum, 4072 + 3233);
    assert_eq!(a.summary.totals.len(), 1);
    assert_eq!(
        (
            a.summary.totals[0].currency.as_str(),
            a.summary.totals[0].total_minor
        ),
        ("EUR", sum)
    );
    assert_eq!(a.shopper_totals.len(), 2);
    for t in &a.shopper_totals {
        let own: i64 = a
            .items
            .iter()
            .filter(|l| l.line.shopper_id == t.shopper_id)
            .map(|l| l.line.fee_minor + l.line.reimbursement_minor + l.line.adjustment_minor)
            .sum();
        assert_eq!(t.total_minor, own);
    }
    let listed: Vec<LedgerSummary> = w.consultant.get("/api/v1/pay-periods").await.expect(200);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], a.summary);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pay_ledgers WHERE org_id = $1")
        .bind(w.org_id.to_string())
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 2);

    // Frozen: no longer payable, no more adjustments, no overlapping period.
    let payments: Vec<PayLine> = w.consultant.get("/api/v1/payments").await.expect(200);
    assert!(payments.is_empty(), "{payments:?}");
    field(&adjust(&w.consultant, first.id, bonus).await, 409, "");
    let overlap =
        json!({"from": day(today - Duration::days(1)), "to": day(today + Duration::days(3))});
    field(
        &w.consultant.post("/api/v1/pay-periods", &overlap).await,
        409,
        "",
    );
    for (bad, name) in [
        (
            json!({"from": day(today), "to": day(today - Duration::days(1))}),
            "to",
        ),
        (json!({"from": "1999-12-31", "to": "2000-01-01"}), "from"),
        (
            json!({"from": day(today + Duration::days(10)), "to": day(today + Duration::days(400))}),
            "to",
        ),
    ] {
        field(
            &w.consultant.post("/api/v1/pay-periods", &bad).await,
            422,
            name,
        );
    }
    let reply = w
        .consultant
        .post(
            "/api/v1/pay-periods",
            &json!({"from": "01/12/2026", "to": day(today)}),
        )
        .await;
    assert!(reply.status.is_client_error(), "{:?}", reply.body);

    // The files: one row per line, one total per shopper; the same totals in both.
    let id = a.summary.id;
    let (status, kind, csv) = file(
        &w.consultant,
        &format!("/api/v1/pay-periods/{id}/ledger.csv"),
    )
    .await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let csv = String::from_utf8(csv).expect("utf-8");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].ends_with(
        "job_id,shopper_id,shopper,location,approved_at,fee,reimbursement,adjustment,total,currency"
    ));
    assert!(
        rows[1..3]
            .iter()
            .any(|r| r.ends_with(",2500,1200,372,4072,EUR")),
        "{csv}"
    );
    assert!(rows[1].contains("+09:00"), "{csv}");
    let total_rows: Vec<&&str> = rows.iter().filter(|r| r.starts_with("total,")).collect();
    assert_eq!(total_rows.len(), 2, "{csv}");
    let (status, _, xlsx) = file(&w.admin, &format!("/api/v1/pay-periods/{id}/ledger.xlsx")).await;
    assert_eq!(status, 200);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("an XLSX");
    let sheet = book.worksheet_range("ledger").expect("ledger sheet");
    assert_eq!(sheet.height(), 5);
    let mut line_sum = 0.0;
    let mut total_sum = 0.0;
    for r in 1..5 {
        let Some(Data::Float(t)) = sheet.get((r, 8)) else {
            panic!("row {r}: {:?}", sheet.get((r, 8)));
        };
        if sheet.get((r, 0)) == Some(&Data::String("total".into())) {
            total_sum += t;
        } else {
            line_sum += t;
        }
    }
    assert_eq!((line_sum, total_sum), (7305.0, 7305.0));

    // The panel as staff list it: jobs done, a rating override with its note.
    let ana_id = w.user(touchstone_shared::user::Role::Auditor).id;
    w.consultant
        .patch(
            &format!("/api/v1/shoppers/{ana_id}"),
            &json!({"rating": 4.8, "rating_note": "Thorough"}),
        )
        .await
        .expect::<Value>(200);
    let panel: Vec<ShopperSummary> = w.consultant.get("/api/v1/shoppers").await.expect(200);
    assert_eq!(panel.len(), 2, "{panel:?}");
    let listed_ana = panel
        .iter()
        .find(|s| s.user_id == ana_id)
        .expect("ana listed");
    assert_eq!(
        (
            listed_ana.rating,
            listed_ana.rating_note.as_str(),
            listed_ana.jobs_done,
            listed_ana.late
        ),
        (4.8, "Thorough", 1, 0)
    );
    assert!(
        panel
            .iter()
            .all(|s| s.jobs_done == 1 && s.certifications == 0)
    );
    let theirs: Vec<ShopperSummary> = other.consultant.get("/api/v1/shoppers").await.expect(200);
    assert!(theirs.iter().all(|s| s.user_id != ana_id));
    assert_eq!(ana.get("/api/v1/shoppers").await.status.as_u16(), 403);

    // Roles and tenants.
    let one = format!("/api/v1/pay-periods/{id}");
    for path in [
        one.clone(),
        format!("{one}/ledger.csv"),
        format!("{one}/ledger.xlsx"),
    ] {
        assert_eq!(
            other.consultant.get(&path).await.status.as_u16(),
            404,
            "{path}"
        );
        assert_eq!(ana.get(&path).await.status.as_u16(), 403, "{path}");
        assert_eq!(w.manager.get(&path).await.status.as_u16(), 403, "{path}");
        assert_eq!(
            app.session().get(&path).await.status.as_u16(),
            401,
            "{path}"
        );
    }
    let not_there = format!("/api/v1/pay-periods/{}", Uuid::now_v7());
    assert_eq!(w.consultant.get(&not_there).await.status.as_u16(), 404);
    let theirs: Vec<LedgerSummary> = other
        .consultant
        .get("/api/v1/pay-periods")
        .await
        .expect(200);
    assert!(theirs.is_empty());
    assert_eq!(
        ana.post("/api/v1/pay-periods", &period)
            .await
            .status
            .as_u16(),
        403
    );
}
