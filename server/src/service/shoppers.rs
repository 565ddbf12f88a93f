//! Shoppers' profiles: their own home area and details; staff's view, rating override and
//! exclusions.

use crate::auth::Caller;
use crate::db;
use crate::error::Result;
use crate::state::AppState;
use touchstone_shared::panel::{OwnProfile, ShopperPatch, ShopperProfile};
use touchstone_shared::panel_roster::ShopperSummary;
use touchstone_shared::user::Role;
use uuid::Uuid;

async fn read(state: &AppState, org_id: Uuid, user_id: Uuid) -> Result<ShopperProfile> {
    let pool = state.db.pool();
    let row = db::shoppers::get(pool, org_id, user_id).await?;
    let details = row.details()?;
    Ok(ShopperProfile {
        user_id,
        home: row.home(),
        rating: row.rating(),
        rating_note: row.rating_note.clone().unwrap_or_default(),
        name: row.name,
        excluded_location_ids: db::shoppers::exclusions(pool, org_id, user_id).await?,
        certified_checklist_ids: db::shoppers::certified(pool, org_id, user_id).await?,
        details,
    })
}

/// The caller's own profile (shoppers).
pub async fn own(state: &AppState, caller: &Caller) -> Result<ShopperProfile> {
    caller.require(&[Role::Auditor])?;
    read(state, caller.org_id, caller.user_id).await
}

/// Sets the caller's home area and its label, languages and demographics (shoppers).
pub async fn set_own(
    state: &AppState,
    caller: &Caller,
    input: OwnProfile,
) -> Result<ShopperProfile> {
    caller.require(&[Role::Auditor])?;
    input.validate()?;
    let mut tx = state.db.begin().await?;
    db::shoppers::ensure(&mut *tx, caller.org_id, caller.user_id).await?;
    db::shoppers::set_home(&mut *tx, caller.user_id, input.home).await?;
    db::shoppers::set_details(&mut *tx, caller.user_id, &input.details.normalised()).await?;
    tx.commit().await?;
    read(state, caller.org_id, caller.user_id).await
}

/// A shopper's profile (staff).
pub async fn get(state: &AppState, caller: &Caller, user_id: Uuid) -> Result<ShopperProfile> {
    caller.require_staff()?;
    read(state, caller.org_id, user_id).await
}

/// Overrides a shopper's rating with a note, or replaces their exclusion list (staff).
pub async fn patch(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    patch: ShopperPatch,
) -> Result<ShopperProfile> {
    caller.require_staff()?;
    patch.validate()?;
    let pool = state.db.pool();
    let current = db::shoppers::get(pool, caller.org_id, user_id).await?;
    if let Some(locations) = &patch.excluded_location_ids {
        let vis = db::Visibility::organisation(caller.org_id);
        for location in locations {
            use crate::error::ResultExt;
            db::locations::get(pool, &vis, *location)
                .await
                .not_found_as("excluded_location_ids", "no such location")?;
        }
    }
    let mut tx = state.db.begin().await?;
    db::shoppers::ensure(&mut *tx, caller.org_id, user_id).await?;
    if patch.rating.is_some() || patch.rating_note.is_some() {
        let rating = patch.rating.unwrap_or_else(|| current.rating());
        let note = patch
            .rating_note
            .as_deref()
            .or(current.rating_note.as_deref())
            .unwrap_or_default();
        db::shoppers::set_rating(&mut *tx, user_id, rating, note.trim()).await?;
    }
    if let Some(locations) = &patch.excluded_location_ids {
        db::shoppers::set_exclusions(&mut tx, caller.org_id, user_id, locations).await?;
    }
    tx.commit().await?;
    read(state, caller.org_id, user_id).await
}

/// The organisation's shoppers with rating, certifications, jobs done and lateness (staff).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<ShopperSummary>> {
    caller.require_staff()?;
    db::shopper_roster::list(state.db.pool(), caller.org_id).await
}
