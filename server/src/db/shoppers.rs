//! Shoppers' profiles: home area, rating, exclusions and certifications.

use super::{from_json, now_ms, parse_id, to_json};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::location::LatLon;
use touchstone_shared::panel::START_RATING;
use touchstone_shared::panel_profile::ShopperDetails;
use uuid::Uuid;

/// A shopper's stored profile (defaults when none is stored).
#[derive(FromRow)]
pub struct ProfileRow {
    /// Display name.
    pub name: String,
    /// Home latitude.
    pub home_lat: Option<f64>,
    /// Home longitude.
    pub home_lon: Option<f64>,
    /// Rating (NULL: never set, [`START_RATING`]).
    pub rating: Option<f64>,
    /// Staff's note.
    pub rating_note: Option<String>,
    /// What the home area is called.
    pub home_label: Option<String>,
    /// Languages (JSON array).
    pub languages: Option<String>,
    /// Demographics (JSON object).
    pub demographics: Option<String>,
}

impl ProfileRow {
    /// The home position, when set.
    pub fn home(&self) -> Option<LatLon> {
        Some(LatLon {
            lat: self.home_lat?,
            lon: self.home_lon?,
        })
    }

    /// The rating.
    pub fn rating(&self) -> f64 {
        self.rating.unwrap_or(START_RATING)
    }

    /// The home area's label, languages and demographics (empty when none are stored).
    pub fn details(&self) -> Result<ShopperDetails> {
        Ok(ShopperDetails {
            home_label: self.home_label.clone().unwrap_or_default(),
            languages: self
                .languages
                .as_deref()
                .map(from_json)
                .transpose()?
                .unwrap_or_default(),
            demographics: self
                .demographics
                .as_deref()
                .map(from_json)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// The profile of auditor `user_id` of the organisation.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<ProfileRow> {
    let query = sqlx::query_as::<_, ProfileRow>(
        "SELECT u.name, p.home_lat, p.home_lon, p.rating, p.rating_note, p.home_label, \
         p.languages, p.demographics FROM users u \
         LEFT JOIN shopper_profiles p ON p.user_id = u.id \
         WHERE u.org_id = $1 AND u.id = $2 AND u.role = 'auditor'",
    )
    .bind(org_id.to_string())
    .bind(user_id.to_string());
    query
        .fetch_optional(ex)
        .await?
        .ok_or(crate::error::Error::NotFound("shopper"))
}

/// Makes sure the shopper has a stored profile.
pub async fn ensure<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO shopper_profiles (user_id, org_id, rating, rating_note, updated_at) \
         VALUES ($1, $2, $3, '', $4) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id.to_string())
    .bind(org_id.to_string())
    .bind(START_RATING)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// Sets the home area (the profile exists).
pub async fn set_home<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    home: Option<LatLon>,
) -> Result<()> {
    sqlx::query(
        "UPDATE shopper_profiles SET home_lat = $2, home_lon = $3, updated_at = $4 \
         WHERE user_id = $1",
    )
    .bind(user_id.to_string())
    .bind(home.map(|h| h.lat))
    .bind(home.map(|h| h.lon))
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// Sets the home area's label, languages and demographics (the profile exists).
pub async fn set_details<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    details: &ShopperDetails,
) -> Result<()> {
    sqlx::query(
        "UPDATE shopper_profiles SET home_label = $2, languages = $3, demographics = $4, \
         updated_at = $5 WHERE user_id = $1",
    )
    .bind(user_id.to_string())
    .bind(&details.home_label)
    .bind(to_json(&details.languages)?)
    .bind(to_json(&details.demographics)?)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// Sets the rating and its note (the profile exists).
pub async fn set_rating<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    rating: f64,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE shopper_profiles SET rating = $2, rating_note = $3, updated_at = $4 \
         WHERE user_id = $1",
    )
    .bind(user_id.to_string())
    .bind(rating)
    .bind(note)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// Lowers the rating by `by`, not below 0 (the profile exists).
pub async fn lower_rating<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    by: f64,
) -> Result<()> {
    sqlx::query(
        "UPDATE shopper_profiles SET rating = CASE WHEN rating > $2 THEN rating - $2 ELSE 0 END, \
         updated_at = $3 WHERE user_id = $1",
    )
    .bind(user_id.to_string())
    .bind(by)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// Locations the shopper is excluded from.
pub async fn exclusions<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<Uuid>> {
    ids(
        ex,
        "SELECT location_id FROM shopper_exclusions WHERE org_id = $1 AND user_id = $2 \
         ORDER BY location_id",
        org_id,
        user_id,
    )
    .await
}

/// Replaces the exclusion list (`conn` in a transaction).
pub async fn set_exclusions(
    conn: &mut sqlx::AnyConnection,
    org_id: Uuid,
    user_id: Uuid,
    locations: &[Uuid],
) -> Result<()> {
    sqlx::query("DELETE FROM shopper_exclusions WHERE org_id = $1 AND user_id = $2")
        .bind(org_id.to_string())
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    for location in locations {
        sqlx::query(
            "INSERT INTO shopper_exclusions (user_id, location_id, org_id) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, location_id) DO NOTHING",
        )
        .bind(user_id.to_string())
        .bind(location.to_string())
        .bind(org_id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Checklists whose certification the shopper has passed.
pub async fn certified<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<Uuid>> {
    ids(
        ex,
        "SELECT DISTINCT checklist_id FROM certification_attempts \
         WHERE org_id = $1 AND user_id = $2 AND passed = 1 ORDER BY checklist_id",
        org_id,
        user_id,
    )
    .await
}

async fn ids<'e>(
    ex: impl Executor<'e, Database = Any>,
    sql: &'static str,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<Uuid>> {
    let rows: Vec<String> = sqlx::query_scalar(sql)
        .bind(org_id.to_string())
        .bind(user_id.to_string())
        .fetch_all(ex)
        .await?;
    rows.iter().map(|s| parse_id(s)).collect()
}

/// A checklist's certification: quiz version, pass mark, days before a retake.
#[derive(FromRow)]
pub struct CertificationRow {
    /// The quiz's checklist version.
    pub quiz_version_id: String,
    /// Pass mark in percent.
    pub pass_percent: f64,
    /// Days between a failure and the next attempt.
    pub retake_days: i64,
}

/// Sets a checklist's certification.
pub async fn set_certification<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    checklist_id: Uuid,
    quiz_version_id: Uuid,
    pass_percent: f64,
    retake_days: u32,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO certifications (checklist_id, org_id, quiz_version_id, pass_percent, \
         retake_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (checklist_id) DO UPDATE SET quiz_version_id = $3, pass_percent = $4, \
         retake_days = $5, updated_at = $6",
    )
    .bind(checklist_id.to_string())
    .bind(org_id.to_string())
    .bind(quiz_version_id.to_string())
    .bind(pass_percent)
    .bind(i64::from(retake_days))
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// A checklist's certification, if it has one.
pub async fn certification<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    checklist_id: Uuid,
) -> Result<Option<CertificationRow>> {
    Ok(sqlx::query_as::<_, CertificationRow>(
        "SELECT quiz_version_id, pass_percent, retake_days FROM certifications \
         WHERE org_id = $1 AND checklist_id = $2",
    )
    .bind(org_id.to_string())
    .bind(checklist_id.to_string())
    .fetch_optional(ex)
    .await?)
}

/// When the shopper last failed the checklist's certification (Unix ms), if ever.
pub async fn last_failure<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
    checklist_id: Uuid,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(created_at) FROM certification_attempts \
         WHERE org_id = $1 AND user_id = $2 AND checklist_id = $3 AND passed = 0",
    )
    .bind(org_id.to_string())
    .bind(user_id.to_string())
    .bind(checklist_id.to_string())
    .fetch_one(ex)
    .await?)
}

/// Records an attempt.
pub async fn insert_attempt<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
    checklist_id: Uuid,
    percent: f64,
    passed: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO certification_attempts (id, org_id, checklist_id, user_id, percent, passed, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(org_id.to_string())
    .bind(checklist_id.to_string())
    .bind(user_id.to_string())
    .bind(percent)
    .bind(i64::from(passed))
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}
