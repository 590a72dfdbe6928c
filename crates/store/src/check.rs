//! What `warta check` and the start of `warta serve` ask of the database:
//! is it whole, and what it holds that derived data (the search index,
//! the media files) must match.

use crate::reads::Checked;
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
    /// The check beside serving stopped before it read every page (the
    /// site kept the processor busy for ten minutes): nothing was found,
    /// nothing was proven.
    Unfinished,
}

/// The longest the check beside serving may take. At the lowest priority
/// beside a site that keeps both cores busy it gets about 1.5 % of one:
/// the two seconds a million articles take alone would stretch past two
/// minutes, and the write-ahead log grows while it runs.
const CHECK_BESIDE_SERVING_AT_MOST: std::time::Duration = std::time::Duration::from_secs(600);

impl Integrity {
    /// What SQLite's check printed: "ok" alone, or what is wrong.
    fn of(lines: Vec<String>) -> Integrity {
        if lines.len() == 1 && lines[0] == "ok" {
            Integrity::Whole
        } else {
            Integrity::Damaged(lines)
        }
    }
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
        match sqlx::query_scalar(pragma).fetch_all(&self.pool).await {
            Ok(lines) => Ok(Integrity::of(lines)),
            Err(sqlx::Error::Database(error)) => {
                Ok(Integrity::Damaged(vec![error.message().to_owned()]))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The quick check, beside serving. On SQLite it reads every page of
    /// the file: at a million articles (1.8 GB) 2 s of a core alone, and
    /// 9 to 28 s beside readers, a core of two taken from them for as
    /// long. It runs on a connection and a thread of its own at the
    /// lowest CPU priority, so it takes what serving leaves of the
    /// processor and no more, and stops after ten minutes
    /// ([`Integrity::Unfinished`]).
    pub async fn check_integrity_beside_serving(&self) -> Result<Integrity, StoreError> {
        let Some(reads) = self.reads.clone() else {
            return self.check_integrity(true).await;
        };
        let (answer, answered) = tokio::sync::oneshot::channel();
        let started = std::thread::Builder::new()
            .name("warta-check".to_owned())
            .spawn(move || {
                crate::reads::yield_the_processor();
                let found = reads
                    .quick_check(CHECK_BESIDE_SERVING_AT_MOST)
                    .map(|checked| match checked {
                        Checked::Lines(lines) => Integrity::of(lines),
                        Checked::Failed(message) => Integrity::Damaged(vec![message]),
                        Checked::GaveUp => Integrity::Unfinished,
                    });
                let _ = answer.send(found);
            });
        if started.is_err() {
            return self.check_integrity(true).await;
        }
        answered.await.unwrap_or_else(|_| {
            Err(StoreError::Corrupt(
                "the integrity check ended without an answer".into(),
            ))
        })
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
