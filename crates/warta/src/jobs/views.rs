//! Writing counted views to the store in batches (hourly buckets, minutes
//! and referrer classes, one transaction), so the page path never touches
//! the database. Views the database cannot take when the process ends are
//! kept in the data folder and written at the next start: never lost.

use super::Jobs;
use anyhow::Context;
use std::path::PathBuf;
use warta_store::ViewTally;

/// Views taken from the counter for writing; back into it when dropped
/// before they were written.
struct Taken<'a> {
    views: &'a crate::ranking::ViewCounter,
    batch: Option<Vec<ViewTally>>,
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        if let Some(batch) = self.batch.take() {
            self.views.restore(batch);
        }
    }
}

/// The file, in the data folder, holding views counted but not written
/// when the process last ended.
const SAVED_VIEWS: &str = "views-not-written.json";

impl Jobs {
    /// Writes the views counted so far; on failure they stay counted for
    /// the next try. Returns how many buckets were written.
    pub async fn flush_views(&self) -> anyhow::Result<usize> {
        let app = &self.app;
        let _running = self.views_running.lock().await;
        // Put back unless written: on an error, and also when this future
        // is dropped midway (a shutdown cuts a round of the jobs short
        // while the database does not answer).
        let mut taken = Taken {
            views: &app.views,
            batch: Some(app.views.take()),
        };
        let batch = taken.batch.as_deref().unwrap_or_default();
        let n = batch.len();
        app.store
            .add_view_tallies(batch)
            .await
            .context("cannot write page views")?;
        taken.batch = None;
        // Minutes are for the live dashboard: old ones go.
        let before = app.now().timestamp() - warta_store::MINUTES_KEPT_SECONDS;
        app.store
            .prune_view_minutes(before)
            .await
            .context("cannot forget old views per minute")?;
        Ok(n)
    }

    fn saved_views_path(&self) -> PathBuf {
        self.app.config.data_dir.join(SAVED_VIEWS)
    }

    /// The last try at shutdown: the views go to the database or, when it
    /// cannot take them, to a file in the data folder (adding to one an
    /// earlier stop left). Returns how many views were kept in the file.
    pub(super) async fn write_or_keep_views(&self) -> anyhow::Result<i64> {
        let flushed = self.flush_views().await;
        let Err(error) = flushed else {
            return Ok(0);
        };
        let mut batch = self.app.views.take();
        let path = self.saved_views_path();
        if let Ok(text) = std::fs::read(&path)
            && let Ok(earlier) = serde_json::from_slice::<Vec<ViewTally>>(&text)
        {
            batch.extend(earlier);
        }
        let views: i64 = batch.iter().map(|tally| tally.count).sum();
        let text = serde_json::to_vec(&batch).context("cannot encode the views")?;
        // Written beside and renamed: a crash mid-write leaves the old file.
        let part = path.with_extension("json.part");
        std::fs::write(&part, text)
            .and_then(|()| std::fs::rename(&part, &path))
            .with_context(|| {
                format!(
                    "the database cannot take {views} views ({error:#}) and they cannot be kept in {}",
                    path.display()
                )
            })?;
        tracing::warn!(
            error = format!("{error:#}"),
            views,
            file = %path.display(),
            "the database cannot take the last views: kept in the data folder, written at the next start"
        );
        Ok(views)
    }

    /// At start: writes the views an earlier stop kept in the data folder,
    /// then removes the file. A file that cannot be read is set aside
    /// under another name and said so, never read twice.
    pub(super) async fn write_saved_views(&self) -> anyhow::Result<()> {
        let path = self.saved_views_path();
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        let batch: Vec<ViewTally> = match serde_json::from_slice(&text) {
            Ok(batch) => batch,
            Err(error) => {
                let aside = path.with_extension("json.damaged");
                std::fs::rename(&path, &aside)
                    .with_context(|| format!("cannot set aside {}", path.display()))?;
                tracing::error!(error = %error, file = %aside.display(), "views kept at the last stop cannot be read: set aside");
                return Ok(());
            }
        };
        let views: i64 = batch.iter().map(|tally| tally.count).sum();
        self.app
            .store
            .add_view_tallies(&batch)
            .await
            .context("cannot write the views kept at the last stop")?;
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        tracing::info!(views, "views kept at the last stop written");
        Ok(())
    }
}
