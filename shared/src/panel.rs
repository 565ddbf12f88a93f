//! The shopper panel: recurring waves of jobs, the job board, eligibility and pay.

use crate::api_type;
use crate::error::{FieldError, Valid, check_date, optional_text, require_name, require_text};
use crate::location::LatLon;
use crate::panel_profile::ShopperDetails;
use crate::pay::PayStatus;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How often a schedule creates a wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// From the first of each month (UTC).
    Monthly,
    /// From the first of January, April, July and October (UTC).
    Quarterly,
    /// Every `every_weeks` weeks from `starts_at`.
    Weeks,
}

impl Period {
    /// The name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Monthly => "monthly",
            Period::Quarterly => "quarterly",
            Period::Weeks => "weeks",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Period> {
        [Period::Monthly, Period::Quarterly, Period::Weeks]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// How a shopper gets a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimRule {
    /// The shopper applies; staff assign.
    Approval,
    /// The first eligible shopper gets it.
    FirstCome,
    /// Shoppers rated at least `auto_approve_rating` get it; others apply.
    Rating,
}

/// Where a job stands on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// On the board.
    Open,
    /// A shopper applied; staff decide.
    Applied,
    /// A shopper has it (it has an assignment).
    Claimed,
}

impl JobStatus {
    /// The name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Open => "open",
            JobStatus::Applied => "applied",
            JobStatus::Claimed => "claimed",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<JobStatus> {
        [JobStatus::Open, JobStatus::Applied, JobStatus::Claimed]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// Lowest and highest rating.
pub const RATING_RANGE: std::ops::RangeInclusive<f64> = 0.0..=5.0;

/// A new shopper's rating.
pub const START_RATING: f64 = 4.0;

/// What a late or missed visit takes off a shopper's rating.
pub const LATE_PENALTY: f64 = 0.5;

fn default_auto_rating() -> f64 {
    START_RATING
}

api_type! {
    /// Pay and claim rules of a job, copied from its schedule when the job is created.
    #[serde(deny_unknown_fields)]
    pub struct JobTerms {
        /// Fee in minor units of `currency` (cents).
        pub fee_minor: i64,
        /// Most a purchase receipt is reimbursed, in minor units.
        pub reimbursement_cap_minor: i64,
        /// ISO 4217 code, e.g. `EUR`.
        pub currency: String,
        /// How a shopper gets the job.
        pub claim_rule: ClaimRule,
        /// With [`ClaimRule::Rating`]: the rating from which a claim is granted at once.
        #[serde(default = "default_auto_rating")]
        pub auto_approve_rating: f64,
        /// Shoppers rated below this may not claim.
        #[serde(default)]
        pub min_rating: Option<f64>,
        /// A shopper may not visit the same location again within this many days.
        #[serde(default)]
        pub lockout_days: u32,
        /// At most this many jobs per shopper whose window starts in the same week.
        #[serde(default)]
        pub max_jobs_per_week: Option<u32>,
        /// The checklist's certification must be passed first.
        #[serde(default)]
        pub certification_required: bool,
        /// A shopper may release the job until this many hours before it is due.
        #[serde(default)]
        pub release_hours: u32,
    }

    /// Body of `POST /api/v1/wave-schedules` and `PUT /api/v1/wave-schedules/{id}`. Unknown
    /// fields are ignored, not refused: [`WaveSchedule`] flattens it, and the OpenAPI schema
    /// of a type that refuses them would forbid the schedule's own `id` and times.
    pub struct WaveScheduleInput {
        /// Name, e.g. "Monthly branch visits".
        pub name: String,
        /// The checklist version the visits fill in (it names the client).
        pub checklist_version_id: Uuid,
        /// Every location of the client in this region; empty to use `location_ids`.
        #[serde(default)]
        pub region: String,
        /// The locations, when no region is given.
        #[serde(default)]
        pub location_ids: Vec<Uuid>,
        /// How often.
        pub period: Period,
        /// With [`Period::Weeks`]: how many weeks a period lasts.
        #[serde(default)]
        pub every_weeks: u32,
        /// No wave starts before this.
        pub starts_at: DateTime<Utc>,
        /// Days from a period's start to its visits' window.
        #[serde(default)]
        pub window_offset_days: u32,
        /// Days the window stays open.
        pub window_days: u32,
        /// Scenarios, rotated across locations and waves.
        pub scenarios: Vec<String>,
        /// Pay and claim rules.
        pub terms: JobTerms,
        /// An inactive schedule creates no waves.
        #[serde(default = "active_by_default")]
        pub active: bool,
    }

    /// A client's recurring programme.
    pub struct WaveSchedule {
        /// Id.
        pub id: Uuid,
        /// The client (from the checklist version).
        pub client_id: Uuid,
        /// What it is.
        #[serde(flatten)]
        pub input: WaveScheduleInput,
        /// Creation time.
        pub created_at: DateTime<Utc>,
        /// Last edit.
        pub updated_at: DateTime<Utc>,
    }

    /// How one wave stands.
    pub struct WaveProgress {
        /// Start of the wave's period.
        pub period_start: DateTime<Utc>,
        /// Jobs in the wave.
        pub jobs: u32,
        /// On the board.
        pub open: u32,
        /// Waiting for staff to approve an application.
        pub applied: u32,
        /// Claimed, no audit submitted yet.
        pub claimed: u32,
        /// Submitted (or returned), waiting for approval.
        pub submitted: u32,
        /// Approved.
        pub approved: u32,
        /// Claimed and past due without a submitted audit.
        pub late: u32,
    }

    /// Answer of `POST /api/v1/wave-schedules/{id}/generate`.
    pub struct Generated {
        /// Jobs created now (0 when the waves already existed).
        pub created: u32,
    }

    /// A job of the board.
    pub struct Job {
        /// Id.
        pub id: Uuid,
        /// The schedule that created it.
        pub schedule_id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// The checklist its visit fills in (whose certification it may require).
        pub checklist_id: Uuid,
        /// Where.
        pub location_id: Uuid,
        /// The location's name.
        pub location_name: String,
        /// The location's address.
        pub address: String,
        /// The location's position.
        pub position: LatLon,
        /// Metres from the position the board was asked for, when there was one.
        #[serde(default)]
        pub distance_m: Option<f64>,
        /// Window start.
        pub not_before: DateTime<Utc>,
        /// Window end.
        pub due: DateTime<Utc>,
        /// What to do there.
        pub scenario: String,
        /// Pay and claim rules.
        pub terms: JobTerms,
        /// Where it stands.
        pub status: JobStatus,
        /// The shopper who has it or applied for it.
        #[serde(default)]
        pub shopper_id: Option<Uuid>,
        /// The assignment made when it was claimed.
        #[serde(default)]
        pub assignment_id: Option<Uuid>,
        /// On a shopper's board: the rule that stops them claiming it, and why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub blocked: Option<Blocked>,
    }

    /// Why a shopper may not claim a job.
    pub struct Blocked {
        /// The rule: `certification`, `rating`, `lockout`, `weekly_limit` or `exclusion`.
        pub rule: String,
        /// A sentence for the shopper.
        pub message: String,
    }

    /// Body of `POST /api/v1/jobs/{id}/assign`.
    #[serde(deny_unknown_fields)]
    pub struct AssignJob {
        /// The shopper (an auditor of the organisation).
        pub shopper_id: Uuid,
        /// Assign even though an eligibility rule blocks the shopper (the server logs it);
        /// otherwise such an assignment is refused like the shopper's own claim.
        #[serde(default)]
        pub override_eligibility: bool,
    }

    /// A shopper as the panel sees them.
    pub struct ShopperProfile {
        /// The user.
        pub user_id: Uuid,
        /// Display name.
        pub name: String,
        /// Home area, from which the board measures distance.
        #[serde(default)]
        pub home: Option<LatLon>,
        /// Rating, 0–5.
        pub rating: f64,
        /// Staff's note on the rating.
        pub rating_note: String,
        /// Locations the shopper may not visit.
        pub excluded_location_ids: Vec<Uuid>,
        /// Checklists whose certification the shopper passed.
        pub certified_checklist_ids: Vec<Uuid>,
        /// Home area's label, languages and demographics (for the shopper and staff only).
        #[serde(default)]
        pub details: ShopperDetails,
    }

    /// Body of `PUT /api/v1/shopper-profile`: a shopper's own settings.
    #[serde(deny_unknown_fields)]
    pub struct OwnProfile {
        /// Home area; none to measure from the current position only.
        #[serde(default)]
        pub home: Option<LatLon>,
        /// Home area's label, languages and demographics; all optional.
        #[serde(default)]
        pub details: ShopperDetails,
    }

    /// Body of `PATCH /api/v1/shoppers/{id}` (staff); absent fields stay as they are.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct ShopperPatch {
        /// Overrides the rating.
        #[serde(default)]
        pub rating: Option<f64>,
        /// Why.
        #[serde(default)]
        pub rating_note: Option<String>,
        /// Replaces the exclusion list.
        #[serde(default)]
        pub excluded_location_ids: Option<Vec<Uuid>>,
    }
}

fn active_by_default() -> bool {
    true
}

impl Blocked {
    /// The refusal of `rule`.
    pub fn new(rule: &str, message: impl Into<String>) -> Self {
        Blocked {
            rule: rule.into(),
            message: message.into(),
        }
    }
}

impl From<Blocked> for FieldError {
    fn from(b: Blocked) -> Self {
        FieldError::new(b.rule, b.message)
    }
}

fn check_rating(field: &str, rating: f64) -> Valid {
    if rating.is_finite() && RATING_RANGE.contains(&rating) {
        Ok(())
    } else {
        Err(FieldError::new(field, "must be between 0 and 5"))
    }
}

fn check_minor(field: &str, amount: i64) -> Valid {
    if (0..=100_000_000).contains(&amount) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "must be a whole number of minor units from 0 to 100000000",
        ))
    }
}

impl JobTerms {
    /// Checks amounts, currency and rules.
    pub fn validate(&self) -> Valid {
        check_minor("terms.fee_minor", self.fee_minor)?;
        check_minor(
            "terms.reimbursement_cap_minor",
            self.reimbursement_cap_minor,
        )?;
        crate::pay::check_currency("terms.currency", &self.currency)?;
        check_rating("terms.auto_approve_rating", self.auto_approve_rating)?;
        if let Some(r) = self.min_rating {
            check_rating("terms.min_rating", r)?;
        }
        if self.lockout_days > 3660 {
            return Err(FieldError::new(
                "terms.lockout_days",
                "must be at most 3660",
            ));
        }
        if self.max_jobs_per_week == Some(0) {
            return Err(FieldError::new(
                "terms.max_jobs_per_week",
                "must be at least 1 (leave it out for no limit)",
            ));
        }
        if self.release_hours > 24 * 366 {
            return Err(FieldError::new(
                "terms.release_hours",
                "must be at most 8784",
            ));
        }
        Ok(())
    }
}

impl WaveScheduleInput {
    /// Days in the shortest period of the schedule.
    pub fn shortest_period_days(&self) -> u32 {
        match self.period {
            Period::Monthly => 28,
            Period::Quarterly => 89,
            Period::Weeks => self.every_weeks.saturating_mul(7),
        }
    }

    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        require_name("name", &self.name, 200)?;
        optional_text("region", &self.region, 200)?;
        if self.region.trim().is_empty() == self.location_ids.is_empty() {
            return Err(FieldError::new(
                "location_ids",
                "give either a region or a list of locations",
            ));
        }
        if self.location_ids.len() > 10_000 {
            return Err(FieldError::new("location_ids", "at most 10000 locations"));
        }
        if self.period == Period::Weeks && !(1..=52).contains(&self.every_weeks) {
            return Err(FieldError::new("every_weeks", "must be 1 to 52"));
        }
        check_date("starts_at", &self.starts_at)?;
        if self.window_days == 0 {
            return Err(FieldError::new("window_days", "must be at least 1"));
        }
        if self.window_offset_days.saturating_add(self.window_days) > self.shortest_period_days() {
            return Err(FieldError::new(
                "window_days",
                format!(
                    "the window (offset and days) must fit in the period ({} days)",
                    self.shortest_period_days()
                ),
            ));
        }
        if self.scenarios.is_empty() || self.scenarios.len() > 100 {
            return Err(FieldError::new("scenarios", "give 1 to 100 scenarios"));
        }
        for (n, s) in self.scenarios.iter().enumerate() {
            require_text(&format!("scenarios[{n}]"), s, 1000)?;
        }
        self.terms.validate()
    }
}

impl OwnProfile {
    /// Checks the position and the details.
    pub fn validate(&self) -> Valid {
        self.home.as_ref().map_or(Ok(()), |h| h.validate("home"))?;
        self.details.validate()
    }
}

impl ShopperPatch {
    /// Checks the fields that are present.
    pub fn validate(&self) -> Valid {
        if let Some(r) = self.rating {
            check_rating("rating", r)?;
        }
        if let Some(note) = &self.rating_note {
            optional_text("rating_note", note, 1000)?;
        }
        if self
            .excluded_location_ids
            .as_ref()
            .is_some_and(|l| l.len() > 1000)
        {
            return Err(FieldError::new(
                "excluded_location_ids",
                "at most 1000 locations",
            ));
        }
        Ok(())
    }
}

api_type! {
    /// Body of `PUT /api/v1/checklists/{id}/certification`: the quiz a shopper passes before
    /// claiming jobs of the checklist.
    #[serde(deny_unknown_fields)]
    pub struct CertificationInput {
        /// A checklist version of the same client, scored like an audit.
        pub quiz_version_id: Uuid,
        /// Score (percent) that passes.
        pub pass_percent: f64,
        /// Days a shopper waits after failing before trying again.
        #[serde(default)]
        pub retake_days: u32,
    }

    /// Body of `POST /api/v1/checklists/{id}/certification/attempts`.
    #[serde(deny_unknown_fields)]
    pub struct AttemptInput {
        /// Answers to the quiz's items.
        pub answers: Vec<crate::audit::Answer>,
    }

    /// A scored attempt.
    pub struct Attempt {
        /// Score in percent.
        pub percent: f64,
        /// Whether it passed.
        pub passed: bool,
        /// After a failure: when the shopper may try again.
        #[serde(default)]
        pub retake_from: Option<DateTime<Utc>>,
    }
}

impl CertificationInput {
    /// Checks the pass mark and the wait.
    pub fn validate(&self) -> Valid {
        if !self.pass_percent.is_finite() || !(0.0..=100.0).contains(&self.pass_percent) {
            return Err(FieldError::new("pass_percent", "must be between 0 and 100"));
        }
        if self.retake_days > 366 {
            return Err(FieldError::new("retake_days", "must be at most 366"));
        }
        Ok(())
    }
}

api_type! {
    /// One job's pay: the fee, the receipt up to the job's cap and any adjustment; pending
    /// until its audit is approved, then payable, then paid once a closed pay period holds it
    /// (a paid line keeps its amounts even if the audit is later returned).
    pub struct PayLine {
        /// The job.
        pub job_id: Uuid,
        /// The shopper.
        pub shopper_id: Uuid,
        /// The shopper's name.
        pub shopper_name: String,
        /// The location's name.
        pub location_name: String,
        /// Fee in minor units.
        pub fee_minor: i64,
        /// The receipt's amount, up to the job's reimbursement cap.
        pub reimbursement_minor: i64,
        /// Bonus (positive) or deduction (negative).
        pub adjustment_minor: i64,
        /// Fee + reimbursement + adjustment.
        pub total_minor: i64,
        /// ISO 4217 code.
        pub currency: String,
        /// Whether the line is payable or paid (else it is pending).
        pub payable: bool,
        /// Pending, payable or paid.
        pub status: PayStatus,
    }

    /// Body of `PUT /api/v1/jobs/{id}/receipt`.
    #[serde(deny_unknown_fields)]
    pub struct Receipt {
        /// The purchase's amount in minor units.
        pub amount_minor: i64,
    }
}

impl Receipt {
    /// Checks the amount.
    pub fn validate(&self) -> Valid {
        check_minor("amount_minor", self.amount_minor)
    }
}
