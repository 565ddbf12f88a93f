//! The shopper panel: wave schedules, the job board and shoppers' profiles.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::jobs::JobQuery;
use crate::service::{certifications, jobs, pay, shoppers, waves};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::certification::CertificationQuiz;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::panel::{
    AssignJob, Attempt, AttemptInput, CertificationInput, Generated, Job, OwnProfile, PayLine,
    Receipt, ShopperPatch, ShopperProfile, WaveProgress, WaveSchedule, WaveScheduleInput,
};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// The organisation's wave schedules (staff).
#[utoipa::path(get, path = "/api/v1/wave-schedules", tag = "panel",
    responses((status = 200, body = Vec<WaveSchedule>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_schedules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<WaveSchedule>>> {
    Ok(Json(waves::list(&state, &caller).await?))
}

/// Creates a client's recurring schedule and its current and next waves (staff).
#[utoipa::path(post, path = "/api/v1/wave-schedules", tag = "panel", request_body = WaveScheduleInput,
    responses((status = 201, body = WaveSchedule), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_schedule(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<WaveScheduleInput>,
) -> Result<(StatusCode, Json<WaveSchedule>)> {
    Ok((
        StatusCode::CREATED,
        Json(waves::create(&state, &caller, input).await?),
    ))
}

/// Edits a schedule (staff): waves under way keep their jobs; later ones nobody has taken
/// are made again from the new settings.
#[utoipa::path(put, path = "/api/v1/wave-schedules/{id}", tag = "panel", request_body = WaveScheduleInput,
    params(("id" = Uuid, Path, description = "Schedule id")),
    responses((status = 200, body = WaveSchedule), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_schedule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<WaveScheduleInput>,
) -> Result<Json<WaveSchedule>> {
    Ok(Json(waves::update(&state, &caller, id, input).await?))
}

/// Creates the schedule's due waves now (staff; the server also does it in the background).
/// Idempotent: a second run, or one on another server, creates nothing.
#[utoipa::path(post, path = "/api/v1/wave-schedules/{id}/generate", tag = "panel",
    params(("id" = Uuid, Path, description = "Schedule id")),
    responses((status = 200, body = Generated), (status = 403, body = ErrorBody)))]
async fn post_generate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Generated>> {
    Ok(Json(waves::generate(&state, &caller, id).await?))
}

/// Each wave of a schedule: jobs open, applied for, claimed, submitted, approved and late
/// (staff).
#[utoipa::path(get, path = "/api/v1/wave-schedules/{id}/waves", tag = "panel",
    params(("id" = Uuid, Path, description = "Schedule id")),
    responses((status = 200, body = Vec<WaveProgress>), (status = 403, body = ErrorBody)))]
async fn get_waves(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<WaveProgress>>> {
    Ok(Json(waves::progress(&state, &caller, id).await?))
}

/// The job board: shoppers see open jobs nearest first (from `lat`/`lon` or their home
/// area), each with the rule that blocks them if one does, or their own with `mine`; staff
/// see every job.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "panel", params(JobQuery),
    responses((status = 200, body = Page<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn list_jobs(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<JobQuery>,
) -> Result<Json<Page<Job>>> {
    Ok(Json(jobs::board(&state, &caller, q).await?))
}

/// One job (shoppers: open ones and their own).
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "panel",
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody)))]
async fn get_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Job>> {
    Ok(Json(jobs::get(&state, &caller, id).await?))
}

/// A shopper claims a job: granted (an assignment is made), held as an application for
/// staff, refused with a 422 naming the rule that blocks it (`certification`, `rating`,
/// `lockout`, `weekly_limit`, `exclusion`), or a 409 when someone else got it first.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/claim", tag = "panel",
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn post_claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Job>> {
    Ok(Json(jobs::claim(&state, &caller, id).await?))
}

/// Puts a job back on the board: its shopper before the release deadline (else 422
/// `release_deadline`), staff at any time; never once its audit has been started (409).
#[utoipa::path(post, path = "/api/v1/jobs/{id}/release", tag = "panel",
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn post_release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Job>> {
    Ok(Json(jobs::release(&state, &caller, id).await?))
}

/// Gives a job to a shopper (staff): approves an application or reassigns. The shopper must
/// meet the job's eligibility rules (422 naming the rule) unless `override_eligibility` is
/// set, which the server logs.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/assign", tag = "panel", request_body = AssignJob,
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn post_assign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<AssignJob>,
) -> Result<Json<Job>> {
    Ok(Json(jobs::assign(&state, &caller, id, input).await?))
}

/// The signed-in shopper's profile.
#[utoipa::path(get, path = "/api/v1/shopper-profile", tag = "panel",
    responses((status = 200, body = ShopperProfile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn get_own_profile(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ShopperProfile>> {
    Ok(Json(shoppers::own(&state, &caller).await?))
}

/// Sets the signed-in shopper's home area and its label, languages and demographics.
#[utoipa::path(put, path = "/api/v1/shopper-profile", tag = "panel", request_body = OwnProfile,
    responses((status = 200, body = ShopperProfile), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_own_profile(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<OwnProfile>,
) -> Result<Json<ShopperProfile>> {
    Ok(Json(shoppers::set_own(&state, &caller, input).await?))
}

/// A shopper's profile, rating and certifications (staff).
#[utoipa::path(get, path = "/api/v1/shoppers/{id}", tag = "panel",
    params(("id" = Uuid, Path, description = "User id of the shopper")),
    responses((status = 200, body = ShopperProfile), (status = 403, body = ErrorBody)))]
async fn get_shopper(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<ShopperProfile>> {
    Ok(Json(shoppers::get(&state, &caller, id).await?))
}

/// Overrides a shopper's rating with a note or replaces their exclusion list (staff).
#[utoipa::path(patch, path = "/api/v1/shoppers/{id}", tag = "panel", request_body = ShopperPatch,
    params(("id" = Uuid, Path, description = "User id of the shopper")),
    responses((status = 200, body = ShopperProfile), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_shopper(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(patch): Json<ShopperPatch>,
) -> Result<Json<ShopperProfile>> {
    Ok(Json(shoppers::patch(&state, &caller, id, patch).await?))
}

/// Sets the checklist's certification: a quiz (a checklist version of the same client,
/// scored like an audit), its pass mark and the days to wait after a failure (staff).
#[utoipa::path(put, path = "/api/v1/checklists/{id}/certification", tag = "panel", request_body = CertificationInput,
    params(("id" = Uuid, Path, description = "Checklist id")),
    responses((status = 200, body = CertificationInput), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_certification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<CertificationInput>,
) -> Result<Json<CertificationInput>> {
    Ok(Json(certifications::set(&state, &caller, id, input).await?))
}

/// The checklist's certification as the signed-in shopper takes it: the quiz, its pass mark,
/// whether they passed and, after a failure, when they may try again (shoppers).
#[utoipa::path(get, path = "/api/v1/checklists/{id}/certification", tag = "panel",
    params(("id" = Uuid, Path, description = "Checklist id")),
    responses((status = 200, body = CertificationQuiz), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_certification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<CertificationQuiz>> {
    Ok(Json(certifications::quiz(&state, &caller, id).await?))
}

/// A shopper takes the checklist's certification quiz: scored and recorded; 422 `retake`
/// while a failure's wait lasts, 409 once passed.
#[utoipa::path(post, path = "/api/v1/checklists/{id}/certification/attempts", tag = "panel", request_body = AttemptInput,
    params(("id" = Uuid, Path, description = "Checklist id")),
    responses((status = 201, body = Attempt), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn post_attempt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<AttemptInput>,
) -> Result<(StatusCode, Json<Attempt>)> {
    Ok((
        StatusCode::CREATED,
        Json(certifications::attempt(&state, &caller, id, input).await?),
    ))
}

/// Records a claimed job's receipt amount (its shopper, or staff); reimbursed up to the
/// job's cap once the audit is approved; 409 once the job is paid.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/receipt", tag = "panel", request_body = Receipt,
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_receipt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(receipt): Json<Receipt>,
) -> Result<StatusCode> {
    pay::set_receipt(&state, &caller, id, receipt).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Payable lines (jobs whose audit is approved), for payroll (staff).
#[utoipa::path(get, path = "/api/v1/payments", tag = "panel",
    responses((status = 200, body = Vec<PayLine>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_payments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PayLine>>> {
    Ok(Json(pay::payable(&state, &caller).await?))
}

/// Payable lines as CSV, then one total row per shopper and currency (staff).
#[utoipa::path(get, path = "/api/v1/payments.csv", tag = "panel",
    responses((status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn payments_csv(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::response::Response> {
    let body = pay::payable_csv(&state, &caller).await?;
    Ok(super::exports::file(
        "text/csv; charset=utf-8",
        "payments.csv",
        body.into(),
    ))
}

/// The signed-in shopper's pay lines: pending, payable and paid.
#[utoipa::path(get, path = "/api/v1/earnings", tag = "panel",
    responses((status = 200, body = Vec<PayLine>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_earnings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PayLine>>> {
    Ok(Json(pay::earnings(&state, &caller).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_schedules, post_schedule))
        .routes(routes!(put_schedule))
        .routes(routes!(post_generate))
        .routes(routes!(get_waves))
        .routes(routes!(list_jobs))
        .routes(routes!(get_job))
        .routes(routes!(post_claim))
        .routes(routes!(post_release))
        .routes(routes!(post_assign))
        .routes(routes!(get_own_profile, put_own_profile))
        .routes(routes!(get_shopper, patch_shopper))
        .routes(routes!(get_certification, put_certification))
        .routes(routes!(post_attempt))
        .routes(routes!(put_receipt))
        .routes(routes!(list_payments))
        .routes(routes!(payments_csv))
        .routes(routes!(list_earnings))
}
