//! Page views in hourly buckets. The application counts views in memory and
//! hands them over in batches; the store only ever adds them up.

use crate::rows::LIVE;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row};
use warta_core::ArticleId;

/// Seconds in a view bucket.
pub const BUCKET_SECONDS: i64 = 3_600;

impl Store {
    /// Adds counted views, each `(article, bucket start, count)`, in one
    /// transaction. Views of articles deleted meanwhile are dropped.
    pub async fn add_views(&self, views: &[(ArticleId, i64, i64)]) -> Result<(), StoreError> {
        if views.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for (article, bucket, count) in views {
            sqlx::query(
                "INSERT INTO views (article_id, hour, count) \
                 SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1) \
                 ON CONFLICT (article_id, hour) DO UPDATE SET count = views.count + excluded.count",
            )
            .bind(article.0)
            .bind(*bucket)
            .bind(*count)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Live articles with the most views in buckets starting at or after
    /// `since`, most viewed first, with their totals.
    pub async fn most_viewed_since(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(ArticleId, i64)>, StoreError> {
        let bucket = since.timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
        let sql = format!(
            "SELECT v.article_id, CAST(SUM(v.count) AS BIGINT) AS total FROM views v \
             JOIN articles a ON a.id = v.article_id \
             WHERE {LIVE} AND v.hour >= $2 GROUP BY v.article_id \
             ORDER BY total DESC, v.article_id DESC LIMIT $3"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(bucket)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((ArticleId(row.try_get("article_id")?), row.try_get("total")?)))
            .collect()
    }

    /// Total views ever counted for one article.
    pub async fn total_views(&self, id: ArticleId) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS total FROM views WHERE article_id = $1",
        )
        .bind(id.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("total")?)
    }
}
