//! Background jobs of a serving process, each idempotent: refreshing the
//! lists snapshot, rebuilding the relatedness index when content changed
//! (also after an import by another process, or when a scheduled time
//! passes), and writing counted views in batches.

use crate::app::App;
use crate::lists::Lists;
use crate::ranking::{RelatedIndex, RelatedPolicy};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How often counted views are written.
pub const VIEW_FLUSH_INTERVAL: Duration = Duration::from_secs(5);

/// Reloads the lists snapshot.
pub async fn refresh_lists(app: &App) -> anyhow::Result<()> {
    let lists = Lists::load(&app.store, &app.config, app.now())
        .await
        .context("cannot load lists")?;
    app.set_lists(lists);
    Ok(())
}

/// Rebuilds the relatedness index if live content changed since the last
/// build; returns whether it did.
pub async fn refresh_related(app: &Arc<App>) -> anyhow::Result<bool> {
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
