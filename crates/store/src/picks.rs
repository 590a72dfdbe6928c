//! Editor's picks (Pilihan), the home headline, each section's lead and
//! the breaking-news mark: what the editors curate.

use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use warta_core::{ArticleId, SectionId};

const HEADLINE_KEY: &str = "home.headline";
/// The breaking-news article, and until when (Unix seconds; empty: until
/// taken down).
const BREAKING_KEY: &str = "breaking.article";
const BREAKING_UNTIL_KEY: &str = "breaking.until";
/// Followed by the section's number.
const SECTION_LEAD_KEY: &str = "section.lead.";

impl Store {
    /// The picks, in the editors' order.
    pub async fn picks(&self) -> Result<Vec<ArticleId>, StoreError> {
        let rows = sqlx::query("SELECT article_id FROM picks ORDER BY position")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(ArticleId(row.try_get("article_id")?)))
            .collect()
    }

    /// Replaces the picks with `ids`, in that order; duplicates keep their
    /// first place. Fails as a whole if an id names no article.
    pub async fn set_picks(&self, ids: &[ArticleId]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM picks").execute(&mut *tx).await?;
        let mut seen = Vec::with_capacity(ids.len());
        for id in ids {
            if seen.contains(id) {
                continue;
            }
            let exists = sqlx::query("SELECT 1 AS found FROM articles WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound("article"));
            }
            sqlx::query("INSERT INTO picks (position, article_id) VALUES ($1, $2)")
                .bind(seen.len() as i64)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            seen.push(*id);
        }
        tx.commit().await?;
        Ok(())
    }

    /// The article the editors put at the top of the home page, if any.
    pub async fn headline(&self) -> Result<Option<ArticleId>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(HEADLINE_KEY)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => {
                let value: String = row.try_get("value")?;
                let id = value
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("headline {value:?} is not an id")))?;
                Ok(Some(ArticleId(id)))
            }
            None => Ok(None),
        }
    }

    /// The story pinned at the top of a section's page, if any.
    pub async fn section_lead(&self, section: SectionId) -> Result<Option<ArticleId>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(format!("{SECTION_LEAD_KEY}{}", section.0))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let value: String = row.try_get("value")?;
            value
                .parse()
                .map(ArticleId)
                .map_err(|_| StoreError::Corrupt(format!("section lead {value:?} is not an id")))
        })
        .transpose()
    }

    /// Pins an article at the top of its own section's page, or unpins a
    /// section's lead.
    pub async fn set_section_lead(
        &self,
        section: SectionId,
        id: Option<ArticleId>,
    ) -> Result<(), StoreError> {
        let key = format!("{SECTION_LEAD_KEY}{}", section.0);
        match id {
            Some(id) => {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(id.0.to_string())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Sets or clears the home headline.
    pub async fn set_headline(&self, id: Option<ArticleId>) -> Result<(), StoreError> {
        match id {
            Some(id) => {
                self.article(id).await?;
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(HEADLINE_KEY)
                .bind(id.0.to_string())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(HEADLINE_KEY)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// The article marked as breaking news and until when (`None`: until
    /// taken down), if one is marked; it may have run out already.
    pub async fn breaking(&self) -> Result<Option<(ArticleId, Option<DateTime<Utc>>)>, StoreError> {
        let rows = sqlx::query("SELECT key, value FROM settings WHERE key IN ($1, $2)")
            .bind(BREAKING_KEY)
            .bind(BREAKING_UNTIL_KEY)
            .fetch_all(&self.pool)
            .await?;
        let mut article = None;
        let mut until = None;
        for row in rows {
            let key: String = row.try_get("key")?;
            let value: String = row.try_get("value")?;
            let number = value
                .parse::<i64>()
                .map_err(|_| StoreError::Corrupt(format!("{key} {value:?} is not a number")))?;
            if key == BREAKING_KEY {
                article = Some(ArticleId(number));
            } else {
                until = DateTime::from_timestamp(number, 0);
            }
        }
        Ok(article.map(|id| (id, until)))
    }

    /// Marks an article as breaking news until `until` (`None`: until
    /// taken down), or (with `None`) takes the mark down.
    pub async fn set_breaking(
        &self,
        breaking: Option<(ArticleId, Option<DateTime<Utc>>)>,
    ) -> Result<(), StoreError> {
        // Upserts, not a delete and inserts: two editors marking at the
        // same moment on PostgreSQL would both insert after both deleted,
        // and one would fail on the key.
        let mut tx = self.begin_write().await?;
        let (article, until) = match breaking {
            Some((id, until)) => (
                Some(id.0.to_string()),
                until.map(|u| u.timestamp().to_string()),
            ),
            None => (None, None),
        };
        for (key, value) in [(BREAKING_KEY, article), (BREAKING_UNTIL_KEY, until)] {
            match value {
                Some(value) => {
                    sqlx::query(
                        "INSERT INTO settings (key, value) VALUES ($1, $2) \
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    )
                    .bind(key)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM settings WHERE key = $1")
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
