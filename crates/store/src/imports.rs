//! Where an interrupted import stopped, so the next run of the same file
//! goes on from there instead of reading it all again; and the `settings`
//! rows such bookkeeping lives in.
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
    /// The value of a `settings` row, if there is one.
    pub(crate) async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.try_get("value")).transpose()?)
    }

    /// Sets a `settings` row, or with `None` removes it.
    pub(crate) async fn set_setting(
        &self,
        key: &str,
        value: Option<String>,
    ) -> Result<(), StoreError> {
        match value {
            Some(value) => {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
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

    /// The number of the last item of `file` (a fingerprint of its bytes)
    /// an unfinished import saved, if one did.
    pub async fn import_resume_point(&self, file: &str) -> Result<Option<u64>, StoreError> {
        self.setting(&key(file))
            .await?
            .map(|value| {
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
        self.set_setting(&key(file), item.map(|item| item.to_string()))
            .await
    }
}
