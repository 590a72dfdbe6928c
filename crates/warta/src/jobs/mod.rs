//! Background jobs of a serving process, each idempotent: refreshing the
//! lists snapshot, updating the relatedness index when content changed
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

/// The page that lists the whole Terpopuler.
const POPULAR_PAGE: &str = "/terpopuler";

/// How often counted views are written.
pub const VIEW_FLUSH_INTERVAL: Duration = Duration::from_secs(5);

/// Reloads the lists snapshot. Cached pages become stale when the lists or the content they were
/// rendered from changed (by this process or another).
pub async fn refresh_lists(app: &App) -> anyhow::Result<()> {
    let _refreshing = app.lists_refresh.lock().await;
    let now = app.now();
    // The serial first: a change after it is read shows at the next
    // refresh, never lost between the two reads.
    let serial = app.store.change_serial().await?;
    let content = app.store.content_version(now).await?;
    let lists = Lists::load(&app.store, &app.config, now)
        .await
        .context("cannot load lists")?;
    let content = Some((content, serial));
    let shown = lists.fingerprint(app.config.lists.popular);
    let popular = lists.popular_fingerprint();
    // The new lists first: a page rendered in between is then made stale
    // rather than cached fresh with the old lists.
    app.set_lists(lists);
    let mut rendered_from = app.pages_source.lock().unwrap_or_else(|e| e.into_inner());
    if rendered_from.content != content {
        app.pages.invalidate();
    } else if rendered_from.shown != shown {
        // The lists alone moved (the most read, by themselves).
        app.pages.relist();
    } else if rendered_from.popular != popular {
        // Only the tail of the most read moved: only its own page shows it.
        app.pages.remove(POPULAR_PAGE);
    }
    rendered_from.content = content;
    rendered_from.shown = shown;
    rendered_from.popular = popular;
    Ok(())
}

/// Brings the relatedness index up to date if live content changed since
/// it last was: the articles changed since then are updated in place, or,
/// on the first run and once enough has changed, the whole index is built
/// anew. Returns whether anything was done.
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
    let synced = *app.related_synced.lock().unwrap_or_else(|e| e.into_inner());
    let index = app.related();
    let mut built = false;
    let changed = match synced {
        Some(synced) => Some(
            app.store
                .changed_since(synced - SYNC_OVERLAP_SECONDS, now)
                .await?,
        ),
        None => None,
    };
    match changed {
        Some(changed) if !index.needs_rebuild(changed.len()) => {
            let texts = app.store.live_texts_of(&changed, now).await?;
            let count = changed.len();
            tokio::task::spawn_blocking(move || index.update(&changed, &texts))
                .await
                .context("relatedness update panicked")?;
            tracing::debug!(
                articles = count,
                duration_ms = started.elapsed().as_millis() as u64,
                "relatedness index updated"
            );
        }
        _ => {
            let texts = app.store.live_texts(now).await?;
            let index = tokio::task::spawn_blocking(move || {
                RelatedIndex::build(&texts, RelatedPolicy::default())
            })
            .await
            .context("relatedness build panicked")?;
            tracing::info!(
                articles = index.len(),
                duration_ms = started.elapsed().as_millis() as u64,
                "relatedness index built"
            );
            app.set_related(index);
            built = true;
        }
    }
    *app.related_synced.lock().unwrap_or_else(|e| e.into_inner()) = Some(now.timestamp());
    if built && let Err(error) = app.save_related().await {
        // The next start builds it again; nothing else is lost.
        tracing::warn!(error = format!("{error:#}"), "relatedness index not saved");
    }
    *app.content_version
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = version;
    // Berita Terkait and Baca Juga may have changed on any page.
    app.pages.invalidate();
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

/// Publishes the scheduled articles whose time has come and takes down
/// those due to go; returns how many moved. Safe on several nodes at once:
/// each move checks the version it read.
pub async fn run_schedule(app: &App) -> anyhow::Result<usize> {
    let now = app.now();
    let published = app.store.publish_due(now).await?;
    let unpublished = app.store.unpublish_due(now).await?;
    for id in &published {
        tracing::info!(article = id.0, "scheduled article published");
    }
    for id in &unpublished {
        tracing::info!(article = id.0, "article taken down as scheduled");
    }
    crate::purge::articles(
        app,
        &[published.as_slice(), unpublished.as_slice()].concat(),
    )
    .await;
    Ok(published.len() + unpublished.len())
}

/// One refresh round: the schedule, then the search index and the lists.
async fn refresh_round(app: &Arc<App>) {
    if let Err(error) = run_schedule(app).await {
        tracing::error!(error = format!("{error:#}"), "scheduled publishing failed");
    }
    if let Err(error) = sync_search(app).await {
        tracing::error!(error = format!("{error:#}"), "search index sync failed");
    }
    if let Err(error) = refresh_lists(app).await {
        tracing::error!(error = format!("{error:#}"), "lists refresh failed");
    }
}

/// Runs the refresh and flush loops until `shutdown` turns true, then
/// writes the last views. A newsroom write wakes the refresh at once. The
/// relatedness rebuild, which takes seconds on a large archive, runs in a
/// task of its own so it never delays the lists.
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let related = tokio::spawn(related_loop(app.clone(), shutdown.clone()));
    let changes = tokio::spawn(watch_changes(app.clone(), shutdown.clone()));
    let mut refresh = tokio::time::interval(app.config.refresh);
    let mut flush = tokio::time::interval(VIEW_FLUSH_INTERVAL);
    let mut prune = tokio::time::interval(Duration::from_secs(3600));
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = refresh.tick() => refresh_round(&app).await,
            _ = app.changed.notified() => {
                refresh_round(&app).await;
                refresh.reset();
            }
            _ = flush.tick() => {
                if let Err(error) = app.flush_views().await {
                    tracing::error!(error = format!("{error:#}"), views.pending = app.views.pending(), "view flush failed");
                }
            }
            _ = prune.tick() => {
                let now = app.now();
                if let Err(error) = app.store.prune_sign_in_records(now, now - chrono::Duration::days(1)).await {
                    tracing::error!(error = format!("{error:#}"), "pruning sessions failed");
                }
            }
            _ = shutdown.changed() => break,
        }
    }
    let _ = related.await;
    let _ = changes.await;
}

/// How often the store's change serial is asked for.
pub const CHANGE_POLL_INTERVAL: Duration = Duration::from_millis(200);

/// Wakes the refresh when the store's change serial moves: a change made
/// by another node, or by `warta import` in another process, shows within
/// this poll and one refresh instead of waiting for the next tick. Asking
/// for one row five times a second costs nothing worth measuring, works
/// the same on SQLite and PostgreSQL, and needs no connection held for
/// notifications (nor catching up after one drops).
async fn watch_changes(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let mut seen = None;
    let mut tick = tokio::time::interval(CHANGE_POLL_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => match app.store.change_serial().await {
                Ok(serial) => {
                    if seen.is_some_and(|seen| seen != serial) {
                        app.changed.notify_one();
                    }
                    seen = Some(serial);
                }
                Err(error) => tracing::warn!(error = %error, "cannot read the change serial"),
            },
            _ = shutdown.changed() => break,
        }
    }
}

async fn related_loop(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(app.config.refresh);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(error) = refresh_related(&app).await {
                    tracing::error!(error = format!("{error:#}"), "relatedness refresh failed");
                }
            }
            _ = shutdown.changed() => break,
        }
    }
}
