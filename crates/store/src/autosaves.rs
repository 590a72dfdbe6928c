//! The editor's autosaves: the form as a user last had it, kept apart from
//! the article and its revisions, one per article and user. The fields
//! are the web layer's (a JSON object); the store keeps them as they come.

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use warta_core::{ArticleId, UserId};

/// An autosave.
#[derive(Clone, Debug)]
pub struct Autosave {
    /// Whose.
    pub user: UserId,
    /// Their name.
    pub user_name: String,
    /// The article version it was typed over.
    pub base_version: i64,
    /// When it was last written.
    pub saved_at: DateTime<Utc>,
    /// The form's fields, a JSON object.
    pub fields: String,
}

fn autosave_from_row(row: &sqlx::any::AnyRow) -> Result<Autosave, StoreError> {
    Ok(Autosave {
        user: UserId(row.try_get("user_id")?),
        user_name: row.try_get("user_name")?,
        base_version: row.try_get("base_version")?,
        saved_at: time(row.try_get("saved_at")?),
        fields: row.try_get("fields")?,
    })
}

const SELECT: &str = "SELECT a.user_id, u.name AS user_name, a.base_version, a.saved_at, \
     a.fields FROM autosaves a JOIN users u ON u.id = a.user_id";

impl Store {
    /// Writes `user`'s autosave of an article, over the one before.
    pub async fn put_autosave(
        &self,
        article: ArticleId,
        user: UserId,
        base_version: i64,
        fields: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO autosaves (article_id, user_id, base_version, saved_at, fields) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (article_id, user_id) DO UPDATE SET base_version = excluded.base_version, \
             saved_at = excluded.saved_at, fields = excluded.fields",
        )
        .bind(article.0)
        .bind(user.0)
        .bind(base_version)
        .bind(now.timestamp())
        .bind(fields)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// `user`'s autosave of an article, if there is one.
    pub async fn autosave(
        &self,
        article: ArticleId,
        user: UserId,
    ) -> Result<Option<Autosave>, StoreError> {
        let sql = format!("{SELECT} WHERE a.article_id = $1 AND a.user_id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(article.0)
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| autosave_from_row(&row))
            .transpose()
    }

    /// Every autosave of an article, newest first.
    pub async fn autosaves(&self, article: ArticleId) -> Result<Vec<Autosave>, StoreError> {
        let sql = format!("{SELECT} WHERE a.article_id = $1 ORDER BY a.saved_at DESC, a.user_id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(article.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(autosave_from_row).collect()
    }

    /// Removes `user`'s autosave of an article (a save made it history).
    pub async fn delete_autosave(
        &self,
        article: ArticleId,
        user: UserId,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM autosaves WHERE article_id = $1 AND user_id = $2")
            .bind(article.0)
            .bind(user.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
