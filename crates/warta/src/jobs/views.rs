//! Writing counted views to the store in batches (hourly buckets, minutes
//! and referrer classes, one transaction), so the page path never touches
//! the database.

use super::Jobs;
use anyhow::Context;

impl Jobs {
    /// Writes the views counted so far; on failure they stay counted for
    /// the next try. Returns how many buckets were written.
    pub async fn flush_views(&self) -> anyhow::Result<usize> {
        let app = &self.app;
        let batch = app.views.take();
        let n = batch.len();
        if let Err(error) = app.store.add_view_tallies(&batch).await {
            app.views.restore(batch);
            return Err(error).context("cannot write page views");
        }
        // Minutes are for the live dashboard: old ones go.
        let before = app.now().timestamp() - warta_store::MINUTES_KEPT_SECONDS;
        app.store
            .prune_view_minutes(before)
            .await
            .context("cannot forget old views per minute")?;
        Ok(n)
    }
}
