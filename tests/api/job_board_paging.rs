//! The shopper's board nearest first, paged, with open jobs from a few metres to thousands
//! of kilometres away: the pages, read box by box around the shopper, put together are every
//! open job in order of distance, the same order as sorting them all.

use super::panel::{create_schedule, jobs_of, schedule};
use serde_json::json;
use touchstone_shared::page::Page;
use touchstone_shared::panel::Job;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

/// Where the shopper stands (Lisbon).
const FROM: (f64, f64) = (38.7223, -9.1393);

#[tokio::test]
async fn pages_of_the_board_put_together_are_every_open_job_nearest_first() {
    let app = TestApp::new().await;
    let w = World::build(&app, "board-paging").await;
    let created = create_schedule(&w, &schedule(&w, &[w.location.id], json!({}))).await;
    let template = jobs_of(&w, created.id).await.remove(0);
    let pool = app.state.db.pool();
    let (terms, version): (String, String) =
        sqlx::query_as("SELECT terms, checklist_version_id FROM panel_jobs WHERE id = $1")
            .bind(template.id.to_string())
            .fetch_one(pool)
            .await
            .expect("template");
    // 400 open jobs at distances spread over six orders of magnitude, in every direction;
    // and some that the board leaves out (taken, or past due) among them.
    let mut rng = fastrand::Rng::with_seed(20);
    let now = touchstone_server::db::now_ms();
    for n in 0..440_i64 {
        let reach = 10f64.powf(rng.f64() * 6.0 - 4.0); // 0.0001° to 100°
        let angle = rng.f64() * std::f64::consts::TAU;
        let lat = (FROM.0 + reach * angle.sin()).clamp(-89.0, 89.0);
        let lon = (FROM.1 + reach * angle.cos() * 1.3).clamp(-179.0, 179.0);
        let (status, due) = match n % 11 {
            0 => ("applied", now + 86_400_000),
            1 if n % 2 == 1 => ("open", now - 60_000),
            _ => ("open", now + 86_400_000 + n),
        };
        sqlx::query(
            "INSERT INTO panel_jobs (id, org_id, client_id, schedule_id, period_start, \
             location_id, checklist_version_id, lat, lon, not_before, due, scenario, terms, \
             status, late_counted, adjustment_minor, adjustment_reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'Ask', $12, $13, 0, 0, '', $10)",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(w.org_id.to_string())
        .bind(w.client.id.to_string())
        .bind(created.id.to_string())
        .bind(1_000 + n)
        .bind(w.location.id.to_string())
        .bind(&version)
        .bind(lat)
        .bind(lon)
        .bind(now - 86_400_000)
        .bind(due)
        .bind(&terms)
        .bind(status)
        .execute(pool)
        .await
        .expect("job");
    }
    let expected: Vec<(String, f64, f64, i64)> = sqlx::query_as(
        "SELECT id, lat, lon, due FROM panel_jobs WHERE org_id = $1 AND status = 'open' AND due > $2",
    )
    .bind(w.org_id.to_string())
    .bind(touchstone_server::db::now_ms())
    .fetch_all(pool)
    .await
    .expect("open jobs");
    let squeeze = FROM.0.to_radians().cos();
    // As the server's SQL computes it, operation for operation.
    let nearness = |lat: f64, lon: f64| {
        (lat - FROM.0) * (lat - FROM.0) + (lon - FROM.1) * squeeze * (lon - FROM.1) * squeeze
    };
    let mut expected = expected;
    expected.sort_by(|a, b| {
        nearness(a.1, a.2)
            .total_cmp(&nearness(b.1, b.2))
            .then(a.3.cmp(&b.3))
            .then(a.0.cmp(&b.0))
    });
    assert!(expected.len() > 380, "{}", expected.len());

    for limit in [7, 50] {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page: Page<Job> = w
                .auditor
                .get(&format!(
                    "/api/v1/jobs?lat={}&lon={}&limit={limit}{cursor}",
                    FROM.0, FROM.1
                ))
                .await
                .expect(200);
            assert!(page.items.len() <= limit);
            seen.extend(page.items.iter().map(|j| j.id.to_string()));
            match page.next_cursor {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        let order: Vec<String> = expected.iter().map(|e| e.0.clone()).collect();
        assert_eq!(seen, order, "pages of {limit}");
    }
}
