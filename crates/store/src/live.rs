//! Live blogs: an article's live state and its timestamped entries.

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use warta_core::{ArticleId, UserId};

/// Since when an article is followed live, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveBlog {
    /// When it went live.
    pub started_at: DateTime<Utc>,
    /// When it was closed; `None` while it runs.
    pub ended_at: Option<DateTime<Utc>>,
}

impl LiveBlog {
    /// Whether entries still come.
    pub fn running(&self) -> bool {
        self.ended_at.is_none()
    }
}

/// One entry of a live blog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEntry {
    /// Its number, increasing in the order entries were added.
    pub id: i64,
    /// The article it belongs to.
    pub article: ArticleId,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Who wrote it (`None`: a removed user).
    pub author: Option<String>,
    /// Its sanitised HTML.
    pub body_html: String,
    /// Marked "penting": shown above the others.
    pub pinned: bool,
}

const ENTRY_COLUMNS: &str = "e.id, e.article_id, e.created_at, u.name AS author, e.body_html, \
     e.pinned FROM live_entries e LEFT JOIN users u ON u.id = e.user_id";

fn entry_from_row(row: &AnyRow) -> Result<LiveEntry, StoreError> {
    Ok(LiveEntry {
        id: row.try_get("id")?,
        article: ArticleId(row.try_get("article_id")?),
        created_at: time(row.try_get("created_at")?),
        author: row.try_get("author")?,
        body_html: row.try_get("body_html")?,
        pinned: row.try_get::<i64, _>("pinned")? != 0,
    })
}

impl Store {
    /// The live state of an article, if it was ever live.
    pub async fn live_blog(&self, article: ArticleId) -> Result<Option<LiveBlog>, StoreError> {
        let row = sqlx::query("SELECT started_at, ended_at FROM live_blogs WHERE article_id = $1")
            .bind(article.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(LiveBlog {
                started_at: time(row.try_get("started_at")?),
                ended_at: row.try_get::<Option<i64>, _>("ended_at")?.map(time),
            })
        })
        .transpose()
    }

    /// Starts following an article live (again, after a close: its
    /// entries stay), or closes it.
    pub async fn set_live(
        &self,
        article: ArticleId,
        live: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let statement = if live {
            "INSERT INTO live_blogs (article_id, started_at, ended_at) VALUES ($1, $2, NULL) \
             ON CONFLICT (article_id) DO UPDATE SET ended_at = NULL"
        } else {
            "UPDATE live_blogs SET ended_at = $2 WHERE article_id = $1 AND ended_at IS NULL"
        };
        sqlx::query(statement)
            .bind(article.0)
            .bind(now.timestamp())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Adds an entry; returns it as stored.
    pub async fn add_live_entry(
        &self,
        article: ArticleId,
        user: Option<UserId>,
        body_html: &str,
        pinned: bool,
        now: DateTime<Utc>,
    ) -> Result<LiveEntry, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO live_entries (article_id, user_id, created_at, body_html, pinned) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(article.0)
        .bind(user.map(|u| u.0))
        .bind(now.timestamp())
        .bind(body_html)
        .bind(i64::from(pinned))
        .fetch_one(&self.pool)
        .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} WHERE e.id = $1"
        )))
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        entry_from_row(&row)
    }

    /// Removes an entry of an article; `NotFound` if it has none of that
    /// number.
    pub async fn delete_live_entry(
        &self,
        article: ArticleId,
        entry: i64,
    ) -> Result<(), StoreError> {
        let gone = sqlx::query("DELETE FROM live_entries WHERE id = $1 AND article_id = $2")
            .bind(entry)
            .bind(article.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if gone == 0 {
            return Err(StoreError::NotFound("live entry"));
        }
        Ok(())
    }

    /// The number of an article's newest entry (0 when it has none).
    pub async fn last_live_entry(&self, article: ArticleId) -> Result<i64, StoreError> {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(id) FROM live_entries WHERE article_id = $1")
                .bind(article.0)
                .fetch_one(&self.pool)
                .await?;
        Ok(last.unwrap_or(0))
    }

    /// An article's entries after number `after` (0: all), oldest first.
    pub async fn live_entries(
        &self,
        article: ArticleId,
        after: i64,
    ) -> Result<Vec<LiveEntry>, StoreError> {
        self.live_entries_up_to(article, after, i64::MAX).await
    }

    /// The first `limit` of an article's entries after number `after`,
    /// oldest first.
    pub async fn live_entries_up_to(
        &self,
        article: ArticleId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveEntry>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} WHERE e.article_id = $1 AND e.id > $2 ORDER BY e.id {}",
            crate::rows::limit_to(limit)
        )))
        .bind(article.0)
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }
}
