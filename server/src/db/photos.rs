//! Photos an organisation received, and which audits use them.

use super::{Visibility, auditor_filter, client_filter, from_ms, parse_id};
use crate::error::Result;
use crate::evidence::{ExifData, ImageKind, ProcessedPhoto};
use chrono::{FixedOffset, NaiveDateTime};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::location::LatLon;
use touchstone_shared::photo::Photo;
use touchstone_shared::verify;
use uuid::Uuid;

const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M:%S";

/// A photo as the database holds it.
#[derive(Debug, Clone)]
pub struct PhotoRecord {
    /// sha256 of the original.
    pub sha256: String,
    /// What the original is.
    pub kind: ImageKind,
    /// Width as seen.
    pub width: u32,
    /// Height as seen.
    pub height: u32,
    /// Size of the original.
    pub byte_size: u64,
    /// Perceptual hash.
    pub phash: i64,
    /// What its EXIF said.
    pub exif: ExifData,
    /// Who uploaded it first.
    pub uploaded_by: Uuid,
    /// When, ms.
    pub created_at: i64,
}

impl PhotoRecord {
    /// The wire form.
    pub fn to_photo(&self) -> Photo {
        Photo {
            sha256: self.sha256.clone(),
            mime: self.kind.mime().to_owned(),
            width: self.width,
            height: self.height,
            byte_size: self.byte_size,
            taken_at: self.exif.taken_at(|_| None),
            created_at: from_ms(self.created_at),
        }
    }
}

#[derive(FromRow)]
struct PhotoRow {
    sha256: String,
    mime: String,
    width: i64,
    height: i64,
    byte_size: i64,
    phash: i64,
    exif_taken_local: Option<String>,
    exif_offset_s: Option<i64>,
    exif_gps_time: Option<i64>,
    exif_lat: Option<f64>,
    exif_lon: Option<f64>,
    exif_accuracy_m: Option<f64>,
    exif_orientation: Option<i64>,
    uploaded_by: String,
    created_at: i64,
}

impl TryFrom<PhotoRow> for PhotoRecord {
    type Error = crate::error::Error;

    fn try_from(row: PhotoRow) -> Result<Self> {
        let kind = ImageKind::from_mime(&row.mime).ok_or_else(|| {
            crate::error::Error::internal(format!("stored photo type `{}`", row.mime))
        })?;
        let number = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(PhotoRecord {
            sha256: row.sha256,
            kind,
            width: number(row.width),
            height: number(row.height),
            byte_size: u64::try_from(row.byte_size).unwrap_or_default(),
            phash: row.phash,
            exif: ExifData {
                taken_at_local: row
                    .exif_taken_local
                    .as_deref()
                    .and_then(|t| NaiveDateTime::parse_from_str(t, LOCAL_TIME).ok()),
                taken_offset: row
                    .exif_offset_s
                    .and_then(|s| i32::try_from(s).ok())
                    .and_then(FixedOffset::east_opt),
                gps_time: row.exif_gps_time.map(from_ms),
                position: match (row.exif_lat, row.exif_lon) {
                    (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
                    _ => None,
                },
                accuracy_m: row.exif_accuracy_m,
                orientation: row.exif_orientation.and_then(|o| u16::try_from(o).ok()),
            },
            uploaded_by: parse_id(&row.uploaded_by)?,
            created_at: row.created_at,
        })
    }
}

/// Records a processed photo for the organisation; false when it already had it (the first
/// upload's row stays).
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    photo: &ProcessedPhoto,
    uploaded_by: Uuid,
    at: i64,
) -> Result<bool> {
    let exif = &photo.exif;
    let done = sqlx::query(
        "INSERT INTO photos (org_id, sha256, mime, width, height, byte_size, phash, \
         exif_taken_local, exif_offset_s, exif_gps_time, exif_lat, exif_lon, exif_accuracy_m, \
         exif_orientation, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (org_id, sha256) DO NOTHING",
    )
    .bind(org_id.to_string())
    .bind(&photo.sha256)
    .bind(photo.kind.mime())
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(i64::try_from(photo.byte_size).unwrap_or(i64::MAX))
    .bind(photo.phash)
    .bind(
        exif.taken_at_local
            .map(|t| t.format(LOCAL_TIME).to_string()),
    )
    .bind(exif.taken_offset.map(|o| i64::from(o.local_minus_utc())))
    .bind(exif.gps_time.map(super::to_ms))
    .bind(exif.position.map(|p| p.lat))
    .bind(exif.position.map(|p| p.lon))
    .bind(exif.accuracy_m)
    .bind(exif.orientation.map(i64::from))
    .bind(uploaded_by.to_string())
    .bind(at)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The columns of a [`PhotoRow`].
macro_rules! select {
    () => {
        "SELECT sha256, mime, width, height, byte_size, phash, exif_taken_local, exif_offset_s, \
         exif_gps_time, exif_lat, exif_lon, exif_accuracy_m, exif_orientation, uploaded_by, \
         created_at FROM photos "
    };
}

/// A photo of the organisation.
pub async fn find<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    sha256: &str,
) -> Result<Option<PhotoRecord>> {
    let row: Option<PhotoRow> =
        sqlx::query_as(concat!(select!(), "WHERE org_id = $1 AND sha256 = $2"))
            .bind(org_id.to_string())
            .bind(sha256)
            .fetch_optional(ex)
            .await?;
    row.map(PhotoRecord::try_from).transpose()
}

/// Those of the photos `sha256s` the organisation has, in one read.
pub async fn find_many<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    sha256s: &[String],
) -> Result<Vec<PhotoRecord>> {
    if sha256s.is_empty() {
        return Ok(Vec::new());
    }
    // Placeholders only: the SQL holds no input.
    let sql = format!(
        concat!(select!(), "WHERE org_id = $1 AND sha256 IN ({})"),
        placeholders(2, sha256s.len())
    );
    let mut query =
        sqlx::query_as::<_, PhotoRow>(sqlx::AssertSqlSafe(sql)).bind(org_id.to_string());
    for sha in sha256s {
        query = query.bind(sha.clone());
    }
    query
        .fetch_all(ex)
        .await?
        .into_iter()
        .map(PhotoRecord::try_from)
        .collect()
}

/// `$first, $first+1, …`: `n` numbered parameters for an `IN` list.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records that `user_id` uploaded the photo (again, or first).
pub async fn record_upload<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    sha256: &str,
    user_id: Uuid,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO photo_uploads (org_id, sha256, user_id) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id, sha256, user_id) DO NOTHING",
    )
    .bind(org_id.to_string())
    .bind(sha256)
    .bind(user_id.to_string())
    .execute(ex)
    .await?;
    Ok(())
}

/// Whether `user_id` uploaded the photo.
pub async fn uploaded_by<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    sha256: &str,
    user_id: Uuid,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM photo_uploads WHERE org_id = $1 AND sha256 = $2 AND user_id = $3",
    )
    .bind(org_id.to_string())
    .bind(sha256)
    .bind(user_id.to_string())
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Of `sha256s`, the photos of the organisation that `user_id` did not upload.
pub async fn uploaded_by_others<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    user_id: Uuid,
    sha256s: &[String],
) -> Result<Vec<String>> {
    if sha256s.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(3, sha256s.len());
    // Placeholders only: the SQL holds no input.
    let sql = format!(
        "SELECT p.sha256 FROM photos p WHERE p.org_id = $1 AND p.sha256 IN ({list}) \
         AND NOT EXISTS (SELECT 1 FROM photo_uploads u WHERE u.org_id = p.org_id \
         AND u.sha256 = p.sha256 AND u.user_id = $2)"
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .bind(user_id.to_string());
    for sha in sha256s {
        query = query.bind(sha.clone());
    }
    Ok(query.fetch_all(ex).await?)
}

/// Replaces the set of photos an audit uses; `private` are those kept from managers.
pub async fn set_audit_photos(
    conn: &mut AnyConnection,
    org_id: Uuid,
    audit_id: Uuid,
    sha256s: &[String],
    private: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM audit_photos WHERE audit_id = $1")
        .bind(audit_id.to_string())
        .execute(&mut *conn)
        .await?;
    add_audit_photos(conn, org_id, audit_id, sha256s, private).await
}

/// Photos per `INSERT` of [`add_audit_photos`]: 4 parameters each, well within both
/// databases' limits.
const PHOTOS_PER_STATEMENT: usize = 500;

/// Records the photos a new audit uses, a multi-row insert per 500 photos; `private` are
/// those kept from managers (signatures the checklist does not show them).
pub async fn add_audit_photos(
    conn: &mut AnyConnection,
    org_id: Uuid,
    audit_id: Uuid,
    sha256s: &[String],
    private: &[String],
) -> Result<()> {
    let (audit, org) = (audit_id.to_string(), org_id.to_string());
    for chunk in sha256s.chunks(PHOTOS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO audit_photos (audit_id, org_id, sha256, private) VALUES {} \
             ON CONFLICT (audit_id, sha256) DO NOTHING",
            super::values_list(chunk.len(), 4)
        );
        // Placeholders only: the SQL holds no input.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for sha in chunk {
            query = query
                .bind(audit.clone())
                .bind(org.clone())
                .bind(sha.clone())
                .bind(i64::from(private.contains(sha)));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A photo another audit uses, with its perceptual hash.
#[derive(Debug, Clone, FromRow)]
pub struct UsedPhoto {
    /// The other audit.
    pub audit_id: String,
    /// The photo.
    pub sha256: String,
    /// Its perceptual hash.
    pub phash: i64,
}

/// Records the bands of a photo's perceptual hash ([`verify::hash_bands`]), the index
/// [`used_by_others`] looks candidates up in.
pub async fn insert_bands<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    sha256: &str,
    phash: i64,
) -> Result<()> {
    let bands = verify::hash_bands(phash);
    let sql = format!(
        "INSERT INTO photo_hash_bands (org_id, band_key, sha256) VALUES {} \
         ON CONFLICT (org_id, band_key, sha256) DO NOTHING",
        super::values_list(bands.len(), 3)
    );
    // Placeholders only: the SQL holds no input.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for key in bands {
        query = query
            .bind(org_id.to_string())
            .bind(key)
            .bind(sha256.to_owned());
    }
    query.execute(ex).await?;
    Ok(())
}

/// The photos that audits of the organisation other than `audit_id` use and that may be the
/// same picture as one of `phashes`: those sharing a band of the hash with one of them (a
/// superset of the reused ones; the caller measures the distance). An index lookup per band,
/// however many photos the organisation has.
pub async fn used_by_others<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    audit_id: Uuid,
    phashes: &[i64],
) -> Result<Vec<UsedPhoto>> {
    let mut keys: Vec<i64> = phashes
        .iter()
        .flat_map(|h| verify::hash_bands(*h))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let list = (3..keys.len() + 3)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT DISTINCT ap.audit_id, ap.sha256, p.phash FROM photo_hash_bands b \
         JOIN photos p ON p.org_id = b.org_id AND p.sha256 = b.sha256 \
         JOIN audit_photos ap ON ap.org_id = b.org_id AND ap.sha256 = b.sha256 \
         WHERE b.org_id = $1 AND ap.audit_id <> $2 AND b.band_key IN ({list})"
    );
    // Placeholders only: the SQL holds no input.
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .bind(audit_id.to_string());
    for key in keys {
        query = query.bind(key);
    }
    Ok(query.fetch_all(ex).await?)
}

/// Whether an audit the caller may see uses the photo; `approved_only` for managers, who
/// never see a private photo (a signature kept from them).
pub async fn in_visible_audit<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    sha256: &str,
    approved_only: bool,
) -> Result<bool> {
    let q = sqlx::query_scalar::<_, i64>(concat!(
        "SELECT COUNT(*) FROM audit_photos ap JOIN audits a ON a.id = ap.audit_id \
         WHERE a.org_id = $1 AND ap.org_id = $1 AND ",
        client_filter!("a."),
        " AND ",
        auditor_filter!("a."),
        " AND ap.sha256 = $4 AND ($5 = '' OR (a.status = $5 AND ap.private = 0))"
    ));
    let (org, manager, auditor) = (
        vis.org_id.to_string(),
        vis.manager.map(|u| u.to_string()).unwrap_or_default(),
        vis.auditor.map(|u| u.to_string()).unwrap_or_default(),
    );
    let status = if approved_only {
        AuditStatus::Approved.as_str()
    } else {
        ""
    };
    let count = q
        .bind(org)
        .bind(manager)
        .bind(auditor)
        .bind(sha256)
        .bind(status)
        .fetch_one(ex)
        .await?;
    Ok(count > 0)
}

/// The photos of an audit kept from managers.
pub async fn private_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    audit_id: Uuid,
) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT sha256 FROM audit_photos WHERE audit_id = $1 AND private = 1")
            .bind(audit_id.to_string())
            .fetch_all(ex)
            .await?,
    )
}
