//! The shopper panel: waves created once (across runs and servers) and edited for later
//! waves only, forty shoppers claiming one job at once, each eligibility rule refusing with
//! its name, claim rules, release, reassignment, late visits and tenancy.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use touchstone_server::auth::secret_hash;
use touchstone_server::db;
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{AnswerValue, AuditStatus};
use touchstone_shared::certification::CertificationQuiz;
use touchstone_shared::location::Location;
use touchstone_shared::page::Page;
use touchstone_shared::panel::{
    Attempt, Job, JobStatus, PayLine, ShopperProfile, WaveProgress, WaveSchedule,
};
use touchstone_shared::user::Role;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// A weekly schedule whose first wave began a day ago (so a run makes this wave and the
/// next whatever the date), at `locations`, with `terms` over first-come defaults.
pub(crate) fn schedule(w: &World, locations: &[Uuid], terms: Value) -> Value {
    let mut all = json!({"fee_minor": 2500, "reimbursement_cap_minor": 1200, "currency": "EUR",
        "claim_rule": "first_come"});
    for (k, v) in terms.as_object().expect("terms").iter() {
        all[k] = v.clone();
    }
    json!({"name": "Weekly visits", "checklist_version_id": w.checklist.version.id,
        "location_ids": locations, "period": "weeks", "every_weeks": 1,
        "starts_at": Utc::now() - Duration::days(1), "window_days": 7,
        "scenarios": ["Ask for a refund", "Ask about a loyalty card"], "terms": all})
}

pub(crate) async fn create_schedule(w: &World, body: &Value) -> WaveSchedule {
    w.consultant
        .post("/api/v1/wave-schedules", body)
        .await
        .expect(201)
}

pub(crate) async fn jobs_of(w: &World, schedule: Uuid) -> Vec<Job> {
    let mut jobs: Vec<Job> = w
        .consultant
        .get(&format!("/api/v1/jobs?schedule_id={schedule}&limit=500"))
        .await
        .expect::<Page<Job>>(200)
        .items;
    jobs.sort_by_key(|j| (j.not_before, j.location_name.clone()));
    jobs
}

/// The job of the wave under way (the earliest).
pub(crate) async fn current_job(w: &World, schedule: Uuid) -> Job {
    jobs_of(w, schedule).await.remove(0)
}

pub(crate) async fn porto(w: &World) -> Location {
    w.consultant
        .post(
            "/api/v1/locations",
            &json!({"client_id": w.client.id, "code": "POR-01", "name": "Porto",
                "position": {"lat": 41.15, "lon": -8.61}}),
        )
        .await
        .expect(201)
}

/// Shoppers made straight in the database with bearer tokens (argon2 sign-ins would test
/// the password hash, not claims).
pub(crate) async fn shoppers(app: &TestApp, w: &World, n: usize) -> Vec<(Uuid, Session)> {
    let hash = password_auth::generate_hash(touchstone_tests::world::PASSWORD);
    let mut made = Vec::new();
    let mut tx = app.state.db.begin().await.expect("tx");
    for k in 0..n {
        let id = Uuid::now_v7();
        let email = format!("shopper{k}.{id}@example.test");
        let row = db::users::NewUserRow {
            id,
            org_id: w.org_id,
            email: &email,
            name: "Shopper",
            role: Role::Auditor,
            password_hash: &hash,
        };
        db::users::insert(&mut tx, &row).await.expect("user");
        let secret = format!("shopper-token-{id}");
        let token = db::tokens::NewToken {
            id: Uuid::now_v7(),
            user_id: id,
            name: "panel",
            secret_hash: &secret_hash(&secret),
            expires_at: None,
        };
        db::tokens::create(&mut *tx, &token).await.expect("token");
        made.push((id, Session::with_bearer(&app.base, &secret)));
    }
    tx.commit().await.expect("commit");
    made
}

pub(crate) async fn claim(s: &Session, job: Uuid) -> touchstone_tests::session::Reply {
    s.post(&format!("/api/v1/jobs/{job}/claim"), &json!({}))
        .await
}

/// A 422 that names `rule` in its field and message.
pub(crate) fn refused_by(reply: &touchstone_tests::session::Reply, rule: &str) {
    assert_eq!(reply.status.as_u16(), 422, "{rule}: {:?}", reply.body);
    assert_eq!(reply.body["error"]["field"], rule, "{:?}", reply.body);
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(rule)),
        "{:?}",
        reply.body
    );
}

#[tokio::test]
async fn waves_are_made_once_across_runs_and_servers_and_edits_reach_later_waves_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "waves").await;
    let porto = porto(&w).await;
    let body = schedule(&w, &[w.location.id, porto.id], json!({}));
    let created = create_schedule(&w, &body).await;
    assert_eq!(created.client_id, w.client.id);
    let jobs = jobs_of(&w, created.id).await;
    assert_eq!(jobs.len(), 4, "two waves of two locations");
    assert!(jobs.iter().all(|j| j.status == JobStatus::Open));
    // Scenarios rotate across locations within a wave and across waves.
    assert_ne!(jobs[0].scenario, jobs[1].scenario);
    assert_eq!(jobs[0].scenario, jobs[3].scenario);
    assert_eq!(jobs[2].not_before - jobs[0].not_before, Duration::weeks(1));

    // Run again through the API, twice at once: nothing new.
    let path = format!("/api/v1/wave-schedules/{}/generate", created.id);
    let empty = json!({});
    let (a, b) = tokio::join!(
        w.consultant.post(&path, &empty),
        w.admin.post(&path, &empty)
    );
    assert_eq!(a.expect::<Value>(200)["created"], 0);
    assert_eq!(b.expect::<Value>(200)["created"], 0);

    // A restart and a second server: the jobs gone, two servers' background runs at once
    // make each exactly once.
    sqlx::query("DELETE FROM panel_jobs WHERE schedule_id = $1")
        .bind(created.id.to_string())
        .execute(app.state.db.pool())
        .await
        .expect("delete");
    let second = touchstone_server::build((*app.state.config).clone())
        .await
        .expect("second server");
    let (one, two) = tokio::join!(
        touchstone_server::service::waves::run_all(&app.state),
        touchstone_server::service::waves::run_all(&second)
    );
    assert_eq!(one.expect("run") + two.expect("run"), 4);
    assert_eq!(jobs_of(&w, created.id).await.len(), 4);

    // Progress per wave.
    let waves: Vec<WaveProgress> = w
        .consultant
        .get(&format!("/api/v1/wave-schedules/{}/waves", created.id))
        .await
        .expect(200);
    assert_eq!(waves.len(), 2);
    assert!(
        waves
            .iter()
            .all(|p| p.jobs == 2 && p.open == 2 && p.claimed == 0)
    );

    // An edit changes the fee of the wave not yet begun, not of the one under way.
    let mut edited = body.clone();
    edited["terms"]["fee_minor"] = json!(4000);
    w.consultant
        .put(&format!("/api/v1/wave-schedules/{}", created.id), &edited)
        .await
        .expect::<WaveSchedule>(200);
    let fees: Vec<i64> = jobs_of(&w, created.id)
        .await
        .iter()
        .map(|j| j.terms.fee_minor)
        .collect();
    assert_eq!(fees, [2500, 2500, 4000, 4000]);
    let listed: Vec<WaveSchedule> = w.admin.get("/api/v1/wave-schedules").await.expect(200);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].input.terms.fee_minor, 4000);

    // Bad input, roles, tenants.
    let mut bad = body.clone();
    bad["window_days"] = json!(8);
    let reply = w.consultant.post("/api/v1/wave-schedules", &bad).await;
    assert_eq!(reply.status.as_u16(), 422);
    assert_eq!(reply.body["error"]["field"], "window_days");
    let mut bad = body.clone();
    bad["checklist_version_id"] = json!(Uuid::now_v7());
    let reply = w.consultant.post("/api/v1/wave-schedules", &bad).await;
    assert_eq!(reply.body["error"]["field"], "checklist_version_id");
    let mut bad = body.clone();
    bad["terms"]["currency"] = json!("euro");
    let reply = w.consultant.post("/api/v1/wave-schedules", &bad).await;
    assert_eq!(reply.body["error"]["field"], "terms.currency");
    for role in [Role::Manager, Role::Auditor] {
        let reply = w.session(role).post("/api/v1/wave-schedules", &body).await;
        assert_eq!(reply.status.as_u16(), 403, "{role:?}");
    }
    assert_eq!(
        app.session()
            .get("/api/v1/wave-schedules")
            .await
            .status
            .as_u16(),
        401
    );
    let other = World::build(&app, "waves-other").await;
    let waves_path = format!("/api/v1/wave-schedules/{}/waves", created.id);
    assert_eq!(other.consultant.get(&waves_path).await.status.as_u16(), 404);
    let put = other
        .consultant
        .put(&format!("/api/v1/wave-schedules/{}", created.id), &body)
        .await;
    assert_eq!(put.status.as_u16(), 404);
    assert_eq!(
        other
            .consultant
            .post(&path, &json!({}))
            .await
            .status
            .as_u16(),
        404
    );
    // Another organisation's board does not list these jobs.
    let board: Page<Job> = other.auditor.get("/api/v1/jobs").await.expect(200);
    assert!(board.items.is_empty());
}

#[tokio::test]
async fn forty_shoppers_claim_one_job_at_once_and_exactly_one_gets_it() {
    let app = TestApp::new().await;
    let w = World::build(&app, "rush").await;
    let created = create_schedule(&w, &schedule(&w, &[w.location.id], json!({}))).await;
    let job = current_job(&w, created.id).await;
    let crowd = shoppers(&app, &w, 40).await;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(crowd.len()));
    let mut tasks = Vec::new();
    let sessions: std::collections::HashMap<Uuid, Session> = crowd.iter().cloned().collect();
    for (id, session) in crowd {
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            (id, claim(&session, job.id).await.status.as_u16())
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    let winners: Vec<Uuid> = statuses
        .iter()
        .filter(|(_, s)| *s == 200)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(winners.len(), 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|(_, s)| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let taken = current_job(&w, created.id).await;
    assert_eq!(taken.status, JobStatus::Claimed);
    assert_eq!(taken.shopper_id, Some(winners[0]));
    let assignment: Assignment = w
        .consultant
        .get(&format!(
            "/api/v1/assignments/{}",
            taken.assignment_id.expect("assignment")
        ))
        .await
        .expect(200);
    assert_eq!(assignment.auditor_id, winners[0]);
    assert_eq!(assignment.scenario, taken.scenario);
    let waves: Vec<WaveProgress> = w
        .consultant
        .get(&format!("/api/v1/wave-schedules/{}/waves", created.id))
        .await
        .expect(200);
    assert_eq!((waves[0].claimed, waves[0].open), (1, 0));

    // Pay: pending until the audit is approved, then payable with the receipt up to the cap.
    let winner = &sessions[&winners[0]];
    let receipt = format!("/api/v1/jobs/{}/receipt", taken.id);
    let loser = sessions
        .iter()
        .find(|(id, _)| **id != winners[0])
        .expect("loser")
        .1;
    assert_eq!(
        loser
            .put(&receipt, &json!({"amount_minor": 1}))
            .await
            .status
            .as_u16(),
        404
    );
    let reply = winner.put(&receipt, &json!({"amount_minor": -5})).await;
    assert_eq!(reply.body["error"]["field"], "amount_minor");
    assert_eq!(
        winner
            .put(&receipt, &json!({"amount_minor": 1530}))
            .await
            .status
            .as_u16(),
        204
    );
    let audit_id = Uuid::now_v7();
    let assignment_id = taken.assignment_id.expect("assignment");
    winner
        .put(
            &format!("/api/v1/audits/{audit_id}"),
            &w.audit(assignment_id, AuditStatus::Submitted, w.perfect()),
        )
        .await
        .expect::<Value>(201);
    let earnings: Vec<PayLine> = winner.get("/api/v1/earnings").await.expect(200);
    assert_eq!(earnings.len(), 1);
    assert!(!earnings[0].payable);
    let payments: Vec<PayLine> = w.consultant.get("/api/v1/payments").await.expect(200);
    assert!(payments.is_empty(), "{payments:?}");
    w.approve(audit_id).await;
    let earnings: Vec<PayLine> = winner.get("/api/v1/earnings").await.expect(200);
    assert!(earnings[0].payable);
    assert_eq!(
        (
            earnings[0].fee_minor,
            earnings[0].reimbursement_minor,
            earnings[0].total_minor
        ),
        (2500, 1200, 3700)
    );
    let payments: Vec<PayLine> = w.consultant.get("/api/v1/payments").await.expect(200);
    assert_eq!(payments, earnings);
    let csv = w
        .consultant
        .request(reqwest::Method::GET, "/api/v1/payments.csv");
    let csv = csv.send().await.expect("csv").text().await.expect("text");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].ends_with(",2500,1200,0,3700,EUR"), "{csv}");
    assert!(
        rows[2].starts_with("total,") && rows[2].ends_with(",3700,EUR"),
        "{csv}"
    );
    assert_eq!(winner.get("/api/v1/payments").await.status.as_u16(), 403);
    assert_eq!(
        w.consultant.get("/api/v1/earnings").await.status.as_u16(),
        403
    );
    let waves: Vec<WaveProgress> = w
        .consultant
        .get(&format!("/api/v1/wave-schedules/{}/waves", created.id))
        .await
        .expect(200);
    assert_eq!(waves[0].approved, 1);
}

fn poor_answers() -> [AnswerValue; 7] {
    [
        AnswerValue::YesNo(false),
        AnswerValue::Scale(1.0),
        AnswerValue::Choice("Cold".into()),
        AnswerValue::Number(500.0),
        AnswerValue::Text("Nobody there".into()),
        AnswerValue::YesNo(false),
        AnswerValue::Nps(0),
    ]
}

async fn set_rating(w: &World, shopper: Uuid, rating: f64) -> ShopperProfile {
    w.consultant
        .patch(
            &format!("/api/v1/shoppers/{shopper}"),
            &json!({"rating": rating, "rating_note": "set by the test"}),
        )
        .await
        .expect(200)
}

#[tokio::test]
async fn each_eligibility_rule_refuses_with_its_name_and_claim_rules_release_and_lateness_apply() {
    let app = TestApp::new().await;
    let w = World::build(&app, "rules").await;
    let porto = porto(&w).await;
    let shopper = w.user(Role::Auditor).id;
    let me = &w.auditor;

    // The board: nearest first from the position asked, or from the home area.
    let open = create_schedule(&w, &schedule(&w, &[w.location.id, porto.id], json!({}))).await;
    let near_porto: Page<Job> = me
        .get("/api/v1/jobs?lat=41.1&lon=-8.6&limit=2")
        .await
        .expect(200);
    assert_eq!(near_porto.items[0].location_id, porto.id);
    assert!(near_porto.items[0].distance_m.expect("distance") < 10_000.0);
    assert!(near_porto.next_cursor.is_some());
    me.put(
        "/api/v1/shopper-profile",
        &json!({"home": {"lat": 38.7, "lon": -9.14}}),
    )
    .await
    .expect::<ShopperProfile>(200);
    let near_home: Page<Job> = me.get("/api/v1/jobs?limit=500").await.expect(200);
    assert_eq!(near_home.items[0].location_id, w.location.id);
    assert_eq!(near_home.items.len(), 4);
    let reply = me.get("/api/v1/jobs?lat=91&lon=0").await;
    assert_eq!(reply.status.as_u16(), 422);
    assert_eq!(me.get("/api/v1/jobs?lat=1").await.status.as_u16(), 422);
    assert_eq!(me.get("/api/v1/jobs?cursor=x").await.status.as_u16(), 422);
    assert_eq!(w.manager.get("/api/v1/jobs").await.status.as_u16(), 403);

    // Exclusion: staff put the shopper on Porto's list.
    let porto_job = jobs_of(&w, open.id)
        .await
        .into_iter()
        .find(|j| j.location_id == porto.id)
        .expect("porto job");
    w.consultant
        .patch(
            &format!("/api/v1/shoppers/{shopper}"),
            &json!({"excluded_location_ids": [porto.id]}),
        )
        .await
        .expect::<ShopperProfile>(200);
    let board: Page<Job> = me.get("/api/v1/jobs?limit=500").await.expect(200);
    let shown = board
        .items
        .iter()
        .find(|j| j.id == porto_job.id)
        .expect("listed");
    assert_eq!(
        shown.blocked.as_ref().map(|b| b.rule.as_str()),
        Some("exclusion")
    );
    refused_by(&claim(me, porto_job.id).await, "exclusion");
    // Staff assigning go through the same rules, unless they say they override them.
    let assign = format!("/api/v1/jobs/{}/assign", porto_job.id);
    let body = json!({"shopper_id": shopper});
    refused_by(&w.consultant.post(&assign, &body).await, "exclusion");
    let body = json!({"shopper_id": shopper, "override_eligibility": true});
    let forced: Job = w.consultant.post(&assign, &body).await.expect(200);
    assert_eq!(
        (forced.status, forced.shopper_id),
        (JobStatus::Claimed, Some(shopper))
    );
    let release = format!("/api/v1/jobs/{}/release", porto_job.id);
    w.consultant
        .post(&release, &json!({}))
        .await
        .expect::<Job>(200);
    w.consultant
        .patch(
            &format!("/api/v1/shoppers/{shopper}"),
            &json!({"excluded_location_ids": []}),
        )
        .await
        .expect::<ShopperProfile>(200);

    // Lockout: the world's auditor has a visit at the world's location a day ago.
    let locked = create_schedule(
        &w,
        &schedule(&w, &[w.location.id], json!({"lockout_days": 30})),
    )
    .await;
    let job = current_job(&w, locked.id).await;
    refused_by(&claim(me, job.id).await, "lockout");

    // Weekly limit: that visit is in the same week as the job at Porto.
    let weekly = create_schedule(
        &w,
        &schedule(&w, &[porto.id], json!({"max_jobs_per_week": 1})),
    )
    .await;
    let job = current_job(&w, weekly.id).await;
    refused_by(&claim(me, job.id).await, "weekly_limit");

    // Rating: below the minimum, then raised by staff.
    let rated = create_schedule(&w, &schedule(&w, &[porto.id], json!({"min_rating": 4.5}))).await;
    let job = current_job(&w, rated.id).await;
    refused_by(&claim(me, job.id).await, "rating");
    assert_eq!(
        set_rating(&w, shopper, 4.8).await.rating_note,
        "set by the test"
    );
    let got: Job = claim(me, job.id).await.expect(200);
    assert_eq!(got.status, JobStatus::Claimed);

    // Certification: refused until a pass is recorded.
    let certified = create_schedule(
        &w,
        &schedule(&w, &[porto.id], json!({"certification_required": true})),
    )
    .await;
    let job = current_job(&w, certified.id).await;
    refused_by(&claim(me, job.id).await, "certification");
    let certification = format!("/api/v1/checklists/{}/certification", w.checklist.id);
    let quiz =
        json!({"quiz_version_id": w.checklist.version.id, "pass_percent": 80, "retake_days": 0});
    assert_eq!(me.put(&certification, &quiz).await.status.as_u16(), 403);
    w.consultant
        .put(&certification, &quiz)
        .await
        .expect::<Value>(200);
    // The shopper reads the quiz to take: its questions, pass mark, not passed yet.
    let before: CertificationQuiz = me.get(&certification).await.expect(200);
    assert_eq!(
        (before.quiz.id, before.pass_percent, before.passed),
        (w.checklist.version.id, 80.0, false)
    );
    assert!(before.retake_from.is_none() && before.journey.id == w.checklist.journey_id);
    let attempts = format!("{certification}/attempts");
    let poor =
        json!({"answers": w.audit(w.assignment.id, AuditStatus::Draft, poor_answers()).answers});
    let perfect =
        json!({"answers": w.audit(w.assignment.id, AuditStatus::Draft, w.perfect()).answers});
    let failed: Attempt = me.post(&attempts, &poor).await.expect(201);
    assert!(!failed.passed && failed.percent < 80.0, "{failed:?}");
    refused_by(&claim(me, job.id).await, "certification");
    let passed: Attempt = me.post(&attempts, &perfect).await.expect(201);
    assert!(
        passed.passed && (passed.percent - 100.0).abs() < 1e-9,
        "{passed:?}"
    );
    assert_eq!(me.post(&attempts, &perfect).await.status.as_u16(), 409);
    let after: CertificationQuiz = me.get(&certification).await.expect(200);
    assert!(after.passed && after.retake_from.is_none(), "{after:?}");
    // With a wait after a failure, a second try comes too soon.
    let waiting =
        json!({"quiz_version_id": w.checklist.version.id, "pass_percent": 80, "retake_days": 7});
    w.consultant
        .put(&certification, &waiting)
        .await
        .expect::<Value>(200);
    let newcomer = &shoppers(&app, &w, 1).await[0];
    newcomer
        .1
        .post(&attempts, &poor)
        .await
        .expect::<Attempt>(201);
    refused_by(&newcomer.1.post(&attempts, &perfect).await, "retake");
    let waits: CertificationQuiz = newcomer.1.get(&certification).await.expect(200);
    assert!(
        !waits.passed
            && waits
                .retake_from
                .is_some_and(|t| t > Utc::now() + Duration::days(6)),
        "{waits:?}"
    );
    let profile: ShopperProfile = w
        .consultant
        .get(&format!("/api/v1/shoppers/{shopper}"))
        .await
        .expect(200);
    assert_eq!(profile.certified_checklist_ids, [w.checklist.id]);
    let got: Job = claim(me, job.id).await.expect(200);
    assert_eq!(got.status, JobStatus::Claimed);

    // Release before the deadline: back on the board, assignment gone.
    let assignment = got.assignment_id.expect("assignment");
    let released: Job = me
        .post(&format!("/api/v1/jobs/{}/release", job.id), &json!({}))
        .await
        .expect(200);
    assert_eq!(
        (released.status, released.shopper_id),
        (JobStatus::Open, None)
    );
    let gone = w
        .consultant
        .get(&format!("/api/v1/assignments/{assignment}"))
        .await;
    assert_eq!(gone.status.as_u16(), 404);

    // Staff approval: the claim is an application until staff assign.
    let approval = create_schedule(
        &w,
        &schedule(
            &w,
            &[porto.id],
            json!({"claim_rule": "approval", "release_hours": 8000}),
        ),
    )
    .await;
    let job = current_job(&w, approval.id).await;
    let applied: Job = claim(me, job.id).await.expect(200);
    assert_eq!(
        (applied.status, applied.assignment_id),
        (JobStatus::Applied, None)
    );
    let other_shopper = &shoppers(&app, &w, 1).await[0];
    assert_eq!(claim(&other_shopper.1, job.id).await.status.as_u16(), 409);
    let path = format!("/api/v1/jobs/{}/assign", job.id);
    assert_eq!(
        me.post(&path, &json!({"shopper_id": shopper}))
            .await
            .status
            .as_u16(),
        403
    );
    let reply = w
        .consultant
        .post(&path, &json!({"shopper_id": w.user(Role::Manager).id}))
        .await;
    assert_eq!(reply.body["error"]["field"], "shopper_id");
    let assigned: Job = w
        .consultant
        .post(&path, &json!({"shopper_id": shopper}))
        .await
        .expect(200);
    assert_eq!(assigned.status, JobStatus::Claimed);
    // Past the release deadline the shopper cannot give it back; staff reassign it.
    let release = format!("/api/v1/jobs/{}/release", job.id);
    refused_by(&me.post(&release, &json!({})).await, "release_deadline");
    let reassigned: Job = w
        .consultant
        .post(&path, &json!({"shopper_id": other_shopper.0}))
        .await
        .expect(200);
    assert_eq!(reassigned.assignment_id, assigned.assignment_id);
    let moved: Assignment = w
        .consultant
        .get(&format!(
            "/api/v1/assignments/{}",
            assigned.assignment_id.expect("a")
        ))
        .await
        .expect(200);
    assert_eq!(moved.auditor_id, other_shopper.0);
    // Someone else's job is invisible to a shopper.
    assert_eq!(me.post(&release, &json!({})).await.status.as_u16(), 404);

    // Rating rule: granted at once above the bar, an application below.
    let by_rating = create_schedule(
        &w,
        &schedule(
            &w,
            &[porto.id, w.location.id],
            json!({"claim_rule": "rating", "auto_approve_rating": 4.5}),
        ),
    )
    .await;
    let both = jobs_of(&w, by_rating.id).await;
    let granted: Job = claim(me, both[1].id).await.expect(200);
    assert_eq!(granted.status, JobStatus::Claimed);
    let newcomer = &shoppers(&app, &w, 1).await[0];
    let held: Job = claim(&newcomer.1, both[0].id).await.expect(200);
    assert_eq!(held.status, JobStatus::Applied);

    // Lateness: a claimed job past due lowers the rating once, and shows as late.
    let due: DateTime<Utc> = Utc::now() - Duration::hours(1);
    sqlx::query("UPDATE panel_jobs SET due = $1 WHERE id = $2")
        .bind(db::to_ms(due))
        .bind(granted.id.to_string())
        .execute(app.state.db.pool())
        .await
        .expect("past due");
    touchstone_server::service::waves::run_all(&app.state)
        .await
        .expect("run");
    touchstone_server::service::waves::run_all(&app.state)
        .await
        .expect("run");
    let profile: ShopperProfile = me.get("/api/v1/shopper-profile").await.expect(200);
    assert!((profile.rating - 4.3).abs() < 1e-9, "{}", profile.rating);
    let waves: Vec<WaveProgress> = w
        .consultant
        .get(&format!("/api/v1/wave-schedules/{}/waves", by_rating.id))
        .await
        .expect(200);
    assert_eq!((waves[0].late, waves[0].applied), (1, 1));

    // Tenants: another organisation's people see none of it.
    let other = World::build(&app, "rules-other").await;
    assert_eq!(claim(&other.auditor, both[0].id).await.status.as_u16(), 404);
    let reply = other
        .consultant
        .post(&path, &json!({"shopper_id": shopper}))
        .await;
    assert_eq!(reply.status.as_u16(), 404);
    let reply = other
        .consultant
        .get(&format!("/api/v1/shoppers/{shopper}"))
        .await;
    assert_eq!(reply.status.as_u16(), 404);
    let reply = other.auditor.get(&certification).await;
    assert_eq!(reply.status.as_u16(), 404, "{:?}", reply.body);
    assert_eq!(
        w.consultant
            .get("/api/v1/shopper-profile")
            .await
            .status
            .as_u16(),
        403
    );
    assert_eq!(app.session().get("/api/v1/jobs").await.status.as_u16(), 401);
}
