//! Where an interrupted import stopped, so the next run of the same file
//! goes on from there instead of reading it all again.
//!
//! The point is written after each batch is committed, in a statement of its
//! own: an import stopped between the two saves that batch again on the
//! next run, which is harmless (an import updates what it saved before).

use crate::{Store, StoreError};
use sqlx::Row;

/// Settings key of a file's resume point.
fn key(file: &str) -> String {
    format!("import-resume:{file}")
}

impl Store {
    /// The number of the last item of `file` (a fingerprint of its bytes)
    /// an unfinished import saved, if one did.
    pub async fn import_resume_point(&self, file: &str) -> Result<Option<u64>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key(file))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let value: String = row.try_get("value")?;
            value
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("import resume point {value:?}")))
        })
        .transpose()
    }

    /// Records that an import of `file` saved every item up to `item`, or
    /// with `None` that it finished.
    pub async fn set_import_resume_point(
        &self,
        file: &str,
        item: Option<u64>,
    ) -> Result<(), StoreError> {
        match item {
            Some(item) => {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key(file))
                .bind(item.to_string())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(key(file))
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }
}
