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
    /// Alternative text, for readers who do not see it.
    pub alt: String,
    /// The point every crop keeps in the picture: 0 to 1 across and down.
    pub focal: (f32, f32),
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// What the newsroom may change of a library image.
#[derive(Clone, Debug, Default)]
pub struct MediaDetails {
    /// Default caption.
    pub caption: String,
    /// Default credit.
    pub credit: String,
    /// Alternative text.
    pub alt: String,
    /// Focal point, 0 to 1 across and down.
    pub focal: (f32, f32),
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
        alt: row.try_get("alt")?,
        focal: (
            row.try_get::<i64, _>("focal_x")? as f32 / 1000.0,
            row.try_get::<i64, _>("focal_y")? as f32 / 1000.0,
        ),
        created_at: time(row.try_get("created_at")?),
    })
}

const MEDIA_COLUMNS: &str = "id, sha256, format, original_name, width, height, bytes, caption, \
     credit, alt, focal_x, focal_y, created_at";

/// Articles that use an image: as their picture, in their body by number
/// (the editor's figures), or by its address (a body written by hand).
const USES: &str = "SELECT COUNT(*) AS n FROM articles WHERE image_media_id = $1 \
     OR body_html LIKE $2 OR body_html LIKE $3";

/// A fraction from 0 to 1 as the thousandths stored.
fn thousandths(fraction: f32) -> i64 {
    (fraction.clamp(0.0, 1.0) * 1000.0).round() as i64
}

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
        self.search_media("", limit, offset).await
    }

    /// The library's images whose caption, credit, alternative text or
    /// file name holds `words` (all of them, in any case; every image when
    /// empty), newest first, and how many match.
    pub async fn search_media(
        &self,
        words: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Media>, i64), StoreError> {
        let patterns: Vec<String> = words
            .split_whitespace()
            .take(8)
            .map(|word| {
                let escaped = word
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .collect();
        let conditions: Vec<String> = (0..patterns.len())
            .map(|i| {
                format!(
                    "LOWER(caption || ' ' || credit || ' ' || alt || ' ' || original_name) \
                     LIKE ${} ESCAPE '\\'",
                    i + 1
                )
            })
            .collect();
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let n = patterns.len();
        let sql = format!(
            "SELECT {MEDIA_COLUMNS} FROM media {filter} ORDER BY created_at DESC, id DESC \
             {} OFFSET ${}",
            crate::rows::limit_to(limit),
            n + 1
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for pattern in &patterns {
            query = query.bind(pattern.clone());
        }
        let rows = query.bind(offset).fetch_all(&self.pool).await?;
        let mut count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM media {filter}"
        )));
        for pattern in &patterns {
            count = count.bind(pattern.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        Ok((
            rows.iter().map(media_from_row).collect::<Result<_, _>>()?,
            total,
        ))
    }

    /// The library's images of these numbers (those that exist).
    pub async fn media_by_ids(&self, ids: &[MediaId]) -> Result<Vec<Media>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {MEDIA_COLUMNS} FROM media WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(id.0);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(media_from_row).collect()
    }

    /// Changes what the newsroom may change of an image.
    pub async fn update_media(
        &self,
        id: MediaId,
        details: &MediaDetails,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE media SET caption = $1, credit = $2, alt = $3, focal_x = $4, focal_y = $5 \
             WHERE id = $6",
        )
        .bind(details.caption.trim())
        .bind(details.credit.trim())
        .bind(details.alt.trim())
        .bind(thousandths(details.focal.0))
        .bind(thousandths(details.focal.1))
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("media"));
        }
        Ok(())
    }

    /// How many articles use an image: as their picture, or in their body.
    pub async fn media_uses(&self, id: MediaId) -> Result<i64, StoreError> {
        let row = sqlx::query(USES)
            .bind(id.0)
            .bind(format!("%data-media=\"{}\"%", id.0))
            .bind(format!("%/media/{}/%", id.0))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Removes an image no article uses; returns it (its files are the
    /// caller's to remove), or refuses one in use.
    pub async fn delete_unused_media(&self, id: MediaId) -> Result<Media, StoreError> {
        let mut tx = self.begin_write().await?;
        let uses: i64 = sqlx::query(USES)
            .bind(id.0)
            .bind(format!("%data-media=\"{}\"%", id.0))
            .bind(format!("%/media/{}/%", id.0))
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if uses > 0 {
            return Err(StoreError::Refused(crate::Refusal::MediaInUse(uses)));
        }
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
        let media = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("media"))
            .and_then(|row| media_from_row(&row))?;
        sqlx::query("DELETE FROM media WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(media)
    }
}
