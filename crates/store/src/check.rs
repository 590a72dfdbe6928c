//! What `warta check` and the start of `warta serve` ask of the database:
//! is it whole, and what it holds that derived data (the search index,
//! the media files) must match.

use crate::rows::LIVE;
use crate::{Backend, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row};

/// What an integrity check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// Every page read back as it should.
    Whole,
    /// What is wrong, one line each, as the database says it.
    Damaged(Vec<String>),
    /// The backend checks its own pages (PostgreSQL's data checksums and
    /// its server log); there is nothing to ask it here.
    NotChecked,
}

impl Store {
    /// SQLite's `integrity_check` (every page, index and constraint) or,
    /// with `quick`, its `quick_check` (every page, without matching
    /// indexes to their tables: much faster on a large file). A file so
    /// damaged that the check itself fails is reported as damage too.
    pub async fn check_integrity(&self, quick: bool) -> Result<Integrity, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(Integrity::NotChecked);
        }
        let pragma = if quick {
            "PRAGMA quick_check(100)"
        } else {
            "PRAGMA integrity_check(100)"
        };
        let lines: Vec<String> = match sqlx::query_scalar(pragma).fetch_all(&self.pool).await {
            Ok(lines) => lines,
            Err(sqlx::Error::Database(error)) => {
                return Ok(Integrity::Damaged(vec![error.message().to_owned()]));
            }
            Err(error) => return Err(error.into()),
        };
        if lines.len() == 1 && lines[0] == "ok" {
            Ok(Integrity::Whole)
        } else {
            Ok(Integrity::Damaged(lines))
        }
    }

    /// The numbers of every live article: what the search index must hold.
    pub async fn live_article_ids(&self, now: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        let sql = format!("SELECT a.id AS id FROM articles a WHERE {LIVE} ORDER BY a.id");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(StoreError::from))
            .collect()
    }
}
