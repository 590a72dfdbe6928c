//! Bringing the search index up to date with the database: everything
//! when it is new, else the articles changed (or gone live) since its last
//! sync, as recorded in the index itself.

use super::{Jobs, SYNC_OVERLAP_SECONDS};
use crate::import::indexing::{build_whole, indexed};
use anyhow::Context;
use std::time::{Duration, Instant};
use warta_search::SearchIndex;
use warta_store::ArticleText;

/// How often the search index's count is compared with the database's.
const COUNT_EVERY: Duration = Duration::from_secs(30);

/// Longest wait before a failed search index write is tried again.
const LONGEST_RETRY: Duration = Duration::from_secs(60);

/// What the search sync remembers between rounds.
#[derive(Debug, Default)]
pub(super) struct SearchSync {
    /// No write is tried before this, after a failure (doubling waits).
    retry_at: Option<Instant>,
    /// When the counts were last compared.
    counted_at: Option<Instant>,
    /// Comparisons in a row that found the counts apart.
    apart: u32,
}

impl Jobs {
    /// Syncs the search index; returns how many articles were looked at.
    /// A failed write is logged as an error and tried again after a wait
    /// that doubles up to a minute; a failure the index could not recover
    /// from in place makes the next try a whole build. Every 30 s the
    /// index's count is compared with the live articles'; apart two times
    /// running (a sync comes between), the index is built anew.
    pub async fn sync_search(&self) -> anyhow::Result<usize> {
        let _running = self.search_running.lock().await;
        if self
            .search_sync
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retry_at
            .is_some_and(|at| Instant::now() < at)
        {
            return Ok(0);
        }
        match self.write_search().await {
            Ok(count) => {
                if count > 0 {
                    // Search pages and suggestions are in the page cache
                    // like the others, and may have been made between the
                    // change and this sync: they alone are dropped (a sync
                    // reads the last seconds again, so this runs after
                    // syncs that change nothing too).
                    self.app.pages.remove_page("/cari");
                    self.app.pages.remove_page("/cari/saran");
                }
                self.app.health.search_written();
                self.search_sync
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .retry_at = None;
                self.compare_counts().await?;
                Ok(count)
            }
            Err(error) => {
                let failures = self.app.health.search_failed();
                let wait = Duration::from_secs(1u64 << failures.min(6)).min(LONGEST_RETRY);
                self.search_sync
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .retry_at = Some(Instant::now() + wait);
                Err(error.context(format!(
                    "search index write failed ({failures} in a row; tried again in {} s)",
                    wait.as_secs()
                )))
            }
        }
    }

    /// Compares the index's count with the live articles', at most every
    /// [`COUNT_EVERY`].
    async fn compare_counts(&self) -> anyhow::Result<()> {
        {
            let sync = self.search_sync.lock().unwrap_or_else(|e| e.into_inner());
            if sync.counted_at.is_some_and(|at| at.elapsed() < COUNT_EVERY) {
                return Ok(());
            }
        }
        let app = &self.app;
        // Counted as of the index's last sync, not now: an article whose
        // time came since is not missing, only not synced yet.
        let Some(synced) = app.search.synced_until() else {
            return Ok(());
        };
        let held = app.search.len();
        let at = chrono::DateTime::from_timestamp(synced, 0).unwrap_or_else(|| app.now());
        let live = app.store.count_live(at).await? as u64;
        app.health.search_counted(live, held);
        let rebuild = {
            let mut sync = self.search_sync.lock().unwrap_or_else(|e| e.into_inner());
            sync.counted_at = Some(Instant::now());
            sync.apart = if live == held { 0 } else { sync.apart + 1 };
            sync.apart >= 2
        };
        if rebuild {
            tracing::error!(
                search.articles = held,
                live.articles = live,
                "the search index does not hold every live article: it is built anew"
            );
            let search = app.clone();
            tokio::task::spawn_blocking(move || search.search.forget_sync())
                .await
                .context("marking the search index panicked")??;
            self.search_sync
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .apart = 0;
        }
        Ok(())
    }

    /// One sync: everything when the index is new, else what changed.
    async fn write_search(&self) -> anyhow::Result<usize> {
        let app = &self.app;
        let now = app.now();
        let started = Instant::now();
        let Some(synced) = app.search.synced_until() else {
            let app = app.clone();
            let handle = tokio::runtime::Handle::current();
            let count = tokio::task::spawn_blocking(move || {
                build_whole(&app.search, &app.store, &handle, now)
            })
            .await
            .context("search indexing panicked")??;
            tracing::info!(
                articles = count,
                duration_ms = started.elapsed().as_millis() as u64,
                "search index built"
            );
            return Ok(count);
        };
        let changed = app
            .store
            .changed_since(synced - SYNC_OVERLAP_SECONDS, now)
            .await?;
        if changed.is_empty() {
            return Ok(0);
        }
        let texts = app.store.live_texts_of(&changed, now).await?;
        let live: std::collections::HashSet<_> = texts.iter().map(|t| t.id).collect();
        let deletes: Vec<i64> = changed
            .iter()
            .filter(|id| !live.contains(id))
            .map(|id| id.0)
            .collect();
        let count = texts.len() + deletes.len();
        let app_for_index = app.clone();
        tokio::task::spawn_blocking(move || {
            write_to_index(&app_for_index.search, &texts, &deletes, now.timestamp())
        })
        .await
        .context("search indexing panicked")??;
        if count > 100 {
            tracing::info!(
                articles = count,
                duration_ms = started.elapsed().as_millis() as u64,
                "search index updated"
            );
        }
        Ok(count)
    }
}

/// Writes articles to the search index in one commit (see
/// [`SearchIndex::apply`]); blocking.
pub fn write_to_index(
    index: &SearchIndex,
    texts: &[ArticleText],
    deletes: &[i64],
    synced_until: i64,
) -> anyhow::Result<()> {
    index
        .apply(false, &indexed(texts), deletes, synced_until)
        .context("cannot write to the search index")
}
