//! The media library: what is known of each uploaded image. The bytes live
//! in files (see the application's media module), not in the database.

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use warta_core::{MediaId, UserId};

/// An uploaded image.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Media {
    /// Its number.
    pub id: MediaId,
    /// SHA-256 of the original, hex.
    pub sha256: String,
    /// `jpeg`, `png`, `webp` or `gif`: what the content is, not what its
    /// name said.
    pub format: String,
    /// The file name it was uploaded under.
    pub original_name: String,
    /// Width of the original, pixels.
    pub width: u32,
    /// Height of the original, pixels.
    pub height: u32,
    /// Size of the original.
    pub bytes: i64,
    /// Default caption when used as a featured image.
    pub caption: String,
    /// Default credit.
    pub credit: String,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// What is stored about a new upload.
#[derive(Clone, Debug)]
pub struct NewMedia<'a> {
    /// SHA-256 of the original, hex.
    pub sha256: &'a str,
    /// Detected format.
    pub format: &'a str,
    /// The uploaded file's name.
    pub original_name: &'a str,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Size of the original.
    pub bytes: i64,
    /// Caption.
    pub caption: &'a str,
    /// Credit.
    pub credit: &'a str,
}

fn media_from_row(row: &AnyRow) -> Result<Media, StoreError> {
    Ok(Media {
        id: MediaId(row.try_get("id")?),
        sha256: row.try_get("sha256")?,
        format: row.try_get("format")?,
        original_name: row.try_get("original_name")?,
        width: row.try_get::<i64, _>("width")? as u32,
        height: row.try_get::<i64, _>("height")? as u32,
        bytes: row.try_get("bytes")?,
        caption: row.try_get("caption")?,
        credit: row.try_get("credit")?,
        created_at: time(row.try_get("created_at")?),
    })
}

const MEDIA_COLUMNS: &str =
    "id, sha256, format, original_name, width, height, bytes, caption, credit, created_at";

impl Store {
    /// Records an upload; returns its number.
    pub async fn add_media(
        &self,
        media: &NewMedia<'_>,
        by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<MediaId, StoreError> {
        let row = sqlx::query(
            "INSERT INTO media (sha256, format, original_name, width, height, bytes, caption, \
             credit, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id",
        )
        .bind(media.sha256)
        .bind(media.format)
        .bind(media.original_name)
        .bind(i64::from(media.width))
        .bind(i64::from(media.height))
        .bind(media.bytes)
        .bind(media.caption)
        .bind(media.credit)
        .bind(by.map(|u| u.0))
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(MediaId(row.try_get("id")?))
    }

    /// One upload.
    pub async fn media(&self, id: MediaId) -> Result<Media, StoreError> {
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("image"))?;
        media_from_row(&row)
    }

    /// The first upload of a file with this content, if any (an import
    /// reuses it rather than adding the same image again).
    pub async fn media_with_sha256(&self, sha256: &str) -> Result<Option<Media>, StoreError> {
        let sql =
            format!("SELECT {MEDIA_COLUMNS} FROM media WHERE sha256 = $1 ORDER BY id LIMIT 1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(media_from_row)
            .transpose()
    }

    /// Uploads, newest first, with how many there are in all.
    pub async fn media_library(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Media>, i64), StoreError> {
        let sql = format!(
            "SELECT {MEDIA_COLUMNS} FROM media ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM media")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok((
            rows.iter().map(media_from_row).collect::<Result<_, _>>()?,
            total,
        ))
    }
}
