//! Bringing the search index up to date with the database: everything
//! when it is new, else the articles changed (or gone live) since its last
//! sync, as recorded in the index itself.

use super::{Jobs, SYNC_OVERLAP_SECONDS};
use anyhow::Context;
use std::time::Instant;
use warta_search::{IndexedArticle, SearchIndex};
use warta_store::ArticleText;

impl Jobs {
    /// Syncs the search index; returns how many articles were looked at.
    pub async fn sync_search(&self) -> anyhow::Result<usize> {
        let _running = self.search_running.lock().await;
        let app = &self.app;
        let now = app.now();
        let started = Instant::now();
        let (clear, texts, deletes) = match app.search.synced_until() {
            None => (true, app.store.live_texts(now).await?, Vec::new()),
            Some(synced) => {
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
                (false, texts, deletes)
            }
        };
        let count = texts.len() + deletes.len();
        let app_for_index = app.clone();
        tokio::task::spawn_blocking(move || {
            write_to_index(
                &app_for_index.search,
                clear,
                &texts,
                &deletes,
                now.timestamp(),
            )
        })
        .await
        .context("search indexing panicked")??;
        if clear || count > 100 {
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
/// [`SearchIndex::apply`]), merging a full build into one segment;
/// blocking.
pub fn write_to_index(
    index: &SearchIndex,
    clear: bool,
    texts: &[ArticleText],
    deletes: &[i64],
    synced_until: i64,
) -> anyhow::Result<()> {
    let articles: Vec<_> = texts
        .iter()
        .map(|t| IndexedArticle {
            id: t.id.0,
            title: &t.title,
            lede: &t.lede,
            body: &t.body,
            tags: &t.tags,
            section: &t.section,
            published_at: t.published_at,
        })
        .collect();
    index
        .apply(clear, &articles, deletes, synced_until)
        .context("cannot write to the search index")?;
    if clear {
        // One segment searches faster than the several a build leaves. Not
        // merging only costs speed, so a failure is logged, not raised.
        let started = Instant::now();
        match index.merge_segments() {
            Ok(segments) => tracing::info!(
                segments,
                duration_ms = started.elapsed().as_millis() as u64,
                "search index merged into one segment"
            ),
            Err(error) => tracing::warn!(%error, "search index segments not merged"),
        }
    }
    Ok(())
}
