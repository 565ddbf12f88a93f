//! The demo's shopper panel: five shoppers with ratings and home areas (the demo auditor
//! among them, at home near the London shops), a monthly wave of shop visits that needs the
//! checklist's certification (a four-question quiz the demo auditor has not passed yet), and
//! a monthly spot check of Covent Garden the demo auditor is locked out of (they visited it
//! lately; another shopper has applied for it). Three of this month's visits were done by
//! the other shoppers and approved, so their pay is payable ([`super::panel_pay`]).

use crate::auth::Caller;
use crate::db;
use crate::service;
use crate::state::AppState;
use chrono::{Duration, Utc};
use touchstone_shared::checklist::{
    ChecklistContent, ChecklistInput, ChoiceOption, Item, ItemKind, Section,
};
use touchstone_shared::journey::Journey;
use touchstone_shared::location::{LatLon, Location};
use touchstone_shared::panel::{
    CertificationInput, ClaimRule, JobStatus, JobTerms, Period, WaveScheduleInput,
};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// The panel beside the demo auditor: name, email, rating, home.
const SHOPPERS: [(&str, &str, f64, f64, f64); 4] = [
    ("Sam Shah", "sam.shah", 4.8, 51.5246, -0.0810),
    ("Noor Hassan", "noor.hassan", 4.2, 52.4800, -1.9000),
    ("Jonas Weber", "jonas.weber", 3.4, 52.6380, -1.1350),
    ("Beth Owens", "beth.owens", 4.9, 52.9500, -1.1500),
];

/// The demo auditor's home area: by Waterloo station, South Bank the nearest shop.
const AUDITOR_HOME: LatLon = LatLon {
    lat: 51.5033,
    lon: -0.1147,
};

/// What the demo needs of the rest of it.
pub struct Setting<'a> {
    /// Who sets the panel up.
    pub consultant: &'a Caller,
    /// The demo auditor.
    pub auditor: &'a Caller,
    /// The chain.
    pub client_id: Uuid,
    /// Its shop-visit checklist.
    pub checklist_id: Uuid,
    /// Its current version.
    pub checklist_version_id: Uuid,
    /// The journey the checklist scores.
    pub journey: &'a Journey,
    /// The checklist's content (the paid visits' audits answer it).
    pub content: &'a ChecklistContent,
    /// The shops.
    pub locations: &'a [Location],
}

/// Loads the panel.
pub async fn load(state: &AppState, s: &Setting<'_>) -> anyhow::Result<()> {
    let org_id = s.consultant.org_id;
    let panel = shoppers(state, s).await?;
    let applicant = &panel[0];
    certification(state, s).await?;
    let covent_garden = |l: &&Location| l.code == "LDN-01";
    let visits = s.locations.iter().filter(|l| !covent_garden(l));
    let terms = JobTerms {
        fee_minor: 2500,
        reimbursement_cap_minor: 800,
        currency: "GBP".into(),
        claim_rule: ClaimRule::FirstCome,
        auto_approve_rating: 4.5,
        min_rating: Some(3.0),
        lockout_days: 0,
        max_jobs_per_week: None,
        certification_required: true,
        release_hours: 48,
    };
    let monthly = |name: &str, locations: Vec<Uuid>, terms: JobTerms| WaveScheduleInput {
        name: name.into(),
        checklist_version_id: s.checklist_version_id,
        region: String::new(),
        location_ids: locations,
        period: Period::Monthly,
        every_weeks: 0,
        starts_at: Utc::now() - Duration::days(60),
        window_offset_days: 0,
        window_days: 27,
        scenarios: vec![
            "Order a flat white and a pastry; ask which pastries are vegan.".into(),
            "Order a large latte to take away; ask about the loyalty card.".into(),
        ],
        terms,
        active: true,
    };
    let waves = monthly(
        "Monthly shop visits",
        visits.map(|l| l.id).collect(),
        terms.clone(),
    );
    let waves = service::waves::create(state, s.consultant, waves).await?;
    // This month's Scottish visits done by the rest of the panel and approved: payable lines.
    super::panel_pay::load(
        state,
        s.consultant,
        &panel[1..],
        waves.id,
        s.content,
        s.locations,
    )
    .await?;
    let spot = JobTerms {
        claim_rule: ClaimRule::Approval,
        lockout_days: 180,
        certification_required: false,
        fee_minor: 3000,
        ..terms
    };
    let garden = s.locations.iter().filter(covent_garden).map(|l| l.id);
    let spot = monthly("Covent Garden spot check", garden.collect(), spot);
    let spot = service::waves::create(state, s.consultant, spot).await?;
    // Another shopper has applied for the spot check under way.
    let query = db::jobs::BoardQuery {
        status: Some(JobStatus::Open),
        shopper_id: None,
        schedule_id: Some(spot.id),
        due_after: db::now_ms(),
        from: None,
        offset: 0,
        limit: 1,
    };
    if let Some(job) = db::jobs::board(state.db.pool(), org_id, &query)
        .await?
        .first()
    {
        service::jobs::claim(state, applicant, job.job.id).await?;
    }
    Ok(())
}

/// The demo auditor's panel profile and four more shoppers; answers them (at least one).
async fn shoppers(state: &AppState, s: &Setting<'_>) -> anyhow::Result<Vec<Caller>> {
    let org_id = s.consultant.org_id;
    let hash = state
        .passwords
        .hash(super::DEMO_PASSWORD.to_owned())
        .await?;
    let mut tx = state.db.begin().await?;
    let auditor = s.auditor.user_id;
    db::shoppers::ensure(&mut *tx, org_id, auditor).await?;
    db::shoppers::set_home(&mut *tx, auditor, Some(AUDITOR_HOME)).await?;
    db::shoppers::set_rating(&mut *tx, auditor, 4.6, "On time, thorough notes").await?;
    let mut made = Vec::new();
    for (name, login, rating, lat, lon) in SHOPPERS {
        let id = Uuid::now_v7();
        let email = format!("{login}@demo.touchstone.test");
        let row = db::users::NewUserRow {
            id,
            org_id,
            email: &email,
            name,
            role: Role::Auditor,
            password_hash: &hash,
        };
        db::users::insert(&mut tx, &row).await?;
        db::shoppers::ensure(&mut *tx, org_id, id).await?;
        db::shoppers::set_home(&mut *tx, id, Some(LatLon { lat, lon })).await?;
        db::shoppers::set_rating(&mut *tx, id, rating, "").await?;
        made.push(Caller {
            user_id: id,
            org_id,
            role: Role::Auditor,
            session_hash: None,
        });
    }
    tx.commit().await?;
    anyhow::ensure!(!made.is_empty(), "the demo has shoppers");
    Ok(made)
}

fn question(label: &str, kind: ItemKind) -> Item {
    Item {
        id: Uuid::now_v7(),
        label: label.into(),
        help: String::new(),
        required: true,
        kind,
        weight: 1.0,
        allow_na: false,
        critical: false,
        photo_required: false,
        show_if: None,
        photo_if_failed: false,
        note_if_failed: false,
    }
}

fn choice(options: &[(&str, f64)]) -> ItemKind {
    ItemKind::Choice {
        options: options
            .iter()
            .map(|(label, points)| ChoiceOption {
                label: (*label).into(),
                points: *points,
            })
            .collect(),
    }
}

/// The shop-visit checklist's certification: a four-question quiz, pass mark 75 %, a day's
/// wait after a failure.
async fn certification(state: &AppState, s: &Setting<'_>) -> anyhow::Result<()> {
    let touchpoint = s
        .journey
        .stages
        .iter()
        .flat_map(|stage| &stage.touchpoints)
        .next()
        .ok_or_else(|| anyhow::anyhow!("the demo journey has touchpoints"))?;
    let items = vec![
        question(
            "Do you tell the staff you are a mystery shopper?",
            ItemKind::YesNo { yes_is_good: false },
        ),
        question(
            "When do you start timing the queue?",
            choice(&[
                ("When I join the queue", 1.0),
                ("When I reach the counter", 0.0),
                ("When my order arrives", 0.0),
            ]),
        ),
        question(
            "Do you keep the receipt for your reimbursement?",
            ItemKind::YesNo { yes_is_good: true },
        ),
        question(
            "When do you fill in the report?",
            choice(&[
                ("The same day, right after the visit", 1.0),
                ("Within a week", 0.0),
                ("Inside the shop, in front of the staff", 0.0),
            ]),
        ),
    ];
    let input = ChecklistInput {
        client_id: s.client_id,
        journey_id: s.journey.id,
        content: ChecklistContent {
            name: "Halcyon shopper certification".into(),
            critical_fails_audit: false,
            min_visit_minutes: None,
            sections: vec![Section {
                touchpoint_id: touchpoint.id,
                title: "Before your first visit".into(),
                show_if: None,
                items,
            }],
        },
    };
    let quiz = service::checklists::create(state, s.consultant, input).await?;
    let certification = CertificationInput {
        quiz_version_id: quiz.version.id,
        pass_percent: 75.0,
        retake_days: 1,
    };
    service::certifications::set(state, s.consultant, s.checklist_id, certification).await?;
    Ok(())
}
