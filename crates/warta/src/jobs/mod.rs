//! Background jobs of a serving process, each idempotent: refreshing the
//! lists snapshot, rebuilding the relatedness index when content changed
//! (also after an import by another process, or when a scheduled time
//! passes), bringing the search index up to date with the database, and
//! writing counted views in batches.

use crate::app::App;
use crate::lists::Lists;
use crate::ranking::{RelatedIndex, RelatedPolicy};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use warta_search::{IndexedArticle, SearchIndex};
use warta_store::ArticleText;

/// How often counted views are written.
pub const VIEW_FLUSH_INTERVAL: Duration = Duration::from_secs(5);

/// Reloads the lists snapshot.
pub async fn refresh_lists(app: &App) -> anyhow::Result<()> {
    let _refreshing = app.lists_refresh.lock().await;
    let lists = Lists::load(&app.store, &app.config, app.now())
        .await
        .context("cannot load lists")?;
    app.set_lists(lists);
    Ok(())
}

/// Rebuilds the relatedness index if live content changed since the last
/// build; returns whether it did.
pub async fn refresh_related(app: &Arc<App>) -> anyhow::Result<bool> {
    let _rebuilding = app.related_rebuild.lock().await;
    let now = app.now();
    let version = app.store.content_version(now).await?;
    if *app
        .content_version
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        == version
    {
        return Ok(false);
    }
    let started = Instant::now();
    let texts = app.store.live_texts(now).await?;
    let index =
        tokio::task::spawn_blocking(move || RelatedIndex::build(&texts, RelatedPolicy::default()))
            .await
            .context("relatedness build panicked")?;
    tracing::info!(
        articles = index.len(),
        duration_ms = started.elapsed().as_millis() as u64,
        "relatedness index built"
    );
    app.set_related(index);
    *app.content_version
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = version;
    Ok(true)
}

/// Seconds the search index looks back before its last sync, so a change
/// committed while the last sync ran is never missed.
const SYNC_OVERLAP_SECONDS: i64 = 5;

/// Brings the search index up to date: everything when it is new, else the
/// articles changed (or gone live) since its last sync, as recorded in the
/// index itself. Returns how many articles were looked at.
pub async fn sync_search(app: &Arc<App>) -> anyhow::Result<usize> {
    let _syncing = app.search_sync.lock().await;
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

/// Writes articles to the search index in one commit (see
/// [`SearchIndex::apply`]); blocking.
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
        .context("cannot write to the search index")
}

/// Runs the refresh and flush loops until `shutdown` turns true, then
/// writes the last views.
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let mut refresh = tokio::time::interval(app.config.refresh);
    let mut flush = tokio::time::interval(VIEW_FLUSH_INTERVAL);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = refresh.tick() => {
                if let Err(error) = refresh_related(&app).await {
                    tracing::error!(error = format!("{error:#}"), "relatedness refresh failed");
                }
                if let Err(error) = sync_search(&app).await {
                    tracing::error!(error = format!("{error:#}"), "search index sync failed");
                }
                if let Err(error) = refresh_lists(&app).await {
                    tracing::error!(error = format!("{error:#}"), "lists refresh failed");
                }
            }
            _ = flush.tick() => {
                if let Err(error) = app.flush_views().await {
                    tracing::error!(error = format!("{error:#}"), views.pending = app.views.pending(), "view flush failed");
                }
            }
            _ = shutdown.changed() => break,
        }
    }
}
