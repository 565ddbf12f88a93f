//! Shareable links: reviewers make read-only links to one report; anybody with the link
//! (and its password) opens that report and nothing else; every open is logged.

use crate::auth::{Caller, new_secret, secret_hash};
use crate::db::{self, from_ms, now_ms, share_links::LinkRecord};
use crate::error::{Error, Result, ResultExt};
use crate::service::reports::{self, Report, ReportQuery};
use crate::service::{audit_report, throttle};
use crate::state::AppState;
use chrono::Utc;
use std::net::IpAddr;
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::share_link::{ShareLink, ShareLinkCreated, ShareLinkInput};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Makes a link (reviewers); the answer holds its secret path, shown only this once.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: ShareLinkInput,
) -> Result<ShareLinkCreated> {
    caller.require(Role::STAFF)?;
    input.validate(Utc::now())?;
    let pool = state.db.pool();
    if let Some(client_id) = input.client_id {
        db::clients::get(pool, &caller.visibility(), client_id)
            .await
            .not_found_as("client_id", "is not one of your clients")?;
    }
    if let Some(audit_id) = input.audit_id {
        let audit = db::audits::find(pool, caller.org_id, audit_id).await?;
        if audit.is_none_or(|a| a.status != AuditStatus::Approved) {
            return Err(Error::invalid(
                "audit_id",
                "is not an approved audit of your organisation",
            ));
        }
    }
    let password_hash = match input.password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let now = now_ms();
    let record = LinkRecord {
        link: ShareLink {
            id: Uuid::now_v7(),
            client_id: input.client_id,
            from: input.from,
            to: input.to,
            audit_id: input.audit_id,
            expires_at: input.expires_at,
            has_password: password_hash.is_some(),
            revoked_at: None,
            created_at: from_ms(now),
            opens: 0,
            last_opened_at: None,
        },
        org_id: caller.org_id,
        created_by: caller.user_id,
        password_hash,
    };
    let secret = new_secret()?;
    db::share_links::insert(pool, &record, &secret_hash(&secret)).await?;
    Ok(ShareLinkCreated {
        link: record.link,
        path: format!("/api/v1/shared/{secret}/report.pdf"),
    })
}

/// The organisation's links with how often each was opened (reviewers).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<ShareLink>> {
    caller.require(Role::STAFF)?;
    db::share_links::list(state.db.pool(), caller.org_id).await
}

/// Revokes a link (reviewers): it answers 404 from then on.
pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> Result<()> {
    caller.require(Role::STAFF)?;
    if !db::share_links::revoke(state.db.pool(), caller.org_id, id, now_ms()).await? {
        return Err(Error::NotFound("share link"));
    }
    Ok(())
}

/// The report a link shows, to anybody holding it: 404 for an unknown, expired or revoked
/// link (never telling which), 403 for a missing or wrong password. The open is logged.
pub async fn open(
    state: &AppState,
    secret: &str,
    password: Option<String>,
    ip: Option<IpAddr>,
) -> Result<Report> {
    let pool = state.db.pool();
    let now = now_ms();
    let record = db::share_links::by_token(pool, &secret_hash(secret))
        .await?
        .filter(|r| r.link.revoked_at.is_none() && db::to_ms(r.link.expires_at) > now)
        .ok_or(Error::NotFound("shared report"))?;
    if let Some(hash) = record.password_hash.clone() {
        let subjects = throttle::shared_link(state, record.link.id, ip);
        for subject in &subjects {
            throttle::reserve(state, subject, now).await?;
        }
        let admitted = state.passwords.admit()?;
        let given = password.unwrap_or_default();
        if !admitted.verify(given, Some(hash)).await? {
            return Err(Error::Forbidden("the link's password is missing or wrong"));
        }
        for subject in &subjects {
            throttle::forget(state, subject, now).await?;
        }
    }
    let report = match (record.link.client_id, record.link.audit_id) {
        (Some(client_id), _) => {
            // The client report as its maker would get it, limited to the link's client.
            let maker = Caller {
                user_id: record.created_by,
                org_id: record.org_id,
                role: Role::Consultant,
                session_hash: None,
            };
            let query = ReportQuery {
                client_id,
                from: record.link.from,
                to: record.link.to,
                photos: None,
            };
            reports::client_pdf(state, &maker, query).await?
        }
        (None, Some(audit_id)) => {
            let audit = db::audits::find(pool, record.org_id, audit_id)
                .await?
                .filter(|a| a.status == AuditStatus::Approved)
                .ok_or(Error::NotFound("shared report"))?;
            audit_report::render(state, &audit, Role::Manager).await?
        }
        (None, None) => return Err(Error::NotFound("shared report")),
    };
    let ip = ip.map(|ip| ip.to_string()).unwrap_or_default();
    db::share_links::log_open(pool, record.link.id, now, &ip).await?;
    Ok(report)
}
