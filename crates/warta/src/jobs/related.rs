//! Bringing the relatedness index (Berita Terkait, Baca Juga) up to date
//! when live content changed: the articles changed since the last update
//! are updated in place, or, the first time and once enough has changed,
//! the whole index is built anew, saved for the next start, and read in
//! place from the file saved. The articles of a build get their Berita
//! Terkait worked out ahead in the background (`work_out_neighbours`).

use super::{Jobs, SYNC_OVERLAP_SECONDS};
use crate::ranking::{RelatedIndex, RelatedPolicy};
use anyhow::Context;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// Articles of a build without lists are worked out once they are this
/// share of the index (`1 / NEIGHBOURS_WAIT_SHARE`), or all of it.
const NEIGHBOURS_WAIT_SHARE: usize = 100;

/// Where working out Berita Terkait ahead stands.
#[derive(Default)]
pub(super) struct NeighboursWork {
    /// Set while it runs: one at a time.
    running: AtomicBool,
    /// Set at shutdown: a run in progress stops at its next piece.
    stopping: Arc<AtomicBool>,
    /// The index last looked at ([`RelatedIndex::made`]), so an index is
    /// scanned for missing neighbours once, not at every tick.
    examined: std::sync::Mutex<u64>,
}

impl NeighboursWork {
    pub(super) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}

impl Jobs {
    /// Loads the index the last run saved, if usable; the next update then
    /// only catches up on what changed since.
    pub(super) async fn load_related(&self) -> anyhow::Result<()> {
        let path = self.app.related_path();
        if let Some(saved) =
            tokio::task::spawn_blocking(move || RelatedIndex::load(&path, RelatedPolicy::default()))
                .await
                .context("loading the relatedness index panicked")?
        {
            tracing::info!(articles = saved.index.len(), "relatedness index loaded");
            self.app.set_related(saved.index);
            *self
                .related_synced
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(saved.synced);
        }
        Ok(())
    }

    /// Brings the relatedness index up to date if live content changed
    /// since it last was (also after an import by another process, or when
    /// a scheduled time passes). Returns whether anything was done.
    pub async fn refresh_related(&self) -> anyhow::Result<bool> {
        let _running = self.related_running.lock().await;
        let app = &self.app;
        let now = app.now();
        let version = app.store.content_version(now).await?;
        if *self
            .related_version
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            == version
        {
            return Ok(false);
        }
        let started = Instant::now();
        let synced = *self
            .related_synced
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let index = app.related();
        let mut built = false;
        let mut moved = true;
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
                moved = tokio::task::spawn_blocking(move || index.update(&changed, &texts))
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
        *self
            .related_synced
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(now.timestamp());
        if built {
            match self.save_related().await {
                // Read in place from the file just saved, the index built
                // in memory (about 600 MB at a million articles) goes.
                Ok(()) => self.load_related().await?,
                // The next start builds it again; nothing else is lost.
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "relatedness index not saved");
                }
            }
        }
        // The version knows changes to the second: another write in the
        // second of the last one seen would leave it as it is, and that
        // write unseen until the next. So a version from this very second
        // is not kept, and the next round looks again. (Only this second:
        // a change stamped ahead by another node's clock would otherwise
        // make every round start over until this clock caught up.)
        let last_change = version.1;
        *self
            .related_version
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = if last_change == now.timestamp() {
            (-1, -1)
        } else {
            version
        };
        // Berita Terkait and Baca Juga may have changed on any page, and
        // new articles wait to be placed in their stories; unless every
        // article found was as indexed already.
        if moved {
            app.pages.invalidate();
            self.stories_behind
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(true)
    }

    /// Saves the relatedness index with the time it follows the database
    /// to, so the next start loads it instead of building it. Called with
    /// `related_running` held, so that two saves never write the same
    /// file (the one saved last may be mapped already).
    pub(super) async fn save_related(&self) -> anyhow::Result<()> {
        let Some(synced) = *self
            .related_synced
            .lock()
            .unwrap_or_else(|e| e.into_inner())
        else {
            return Ok(());
        };
        let index = self.app.related();
        let path = self.app.related_path();
        tokio::task::spawn_blocking(move || index.save(&path, synced))
            .await
            .context("saving the relatedness index panicked")?
            .context("cannot save the relatedness index")
    }

    /// Starts working out the neighbours of the index's build, if some
    /// have none and no run is going: all of them after a build, those
    /// of the articles added before the last save after a start. Once
    /// for each index built or read at start.
    pub(super) fn work_out_neighbours_if_missing(self: Arc<Self>) {
        let index = self.app.related();
        {
            let mut examined = self
                .neighbours
                .examined
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if *examined == index.made() || self.neighbours.running.load(Ordering::SeqCst) {
                return;
            }
            *examined = index.made();
        }
        if !index.read_from_file() {
            return;
        }
        self.neighbours.running.store(true, Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(error) = self.work_out_neighbours(index).await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "Berita Terkait not worked out ahead"
                );
            }
            self.neighbours.running.store(false, Ordering::SeqCst);
        });
    }

    /// Works out the neighbours of `index`'s build on an index of their
    /// own read from the saved file, both processors at the lowest
    /// priority, then hands them to `index`, saves it and reads it again
    /// from the file, so the lists too are read in place.
    async fn work_out_neighbours(&self, index: Arc<RelatedIndex>) -> anyhow::Result<()> {
        let missing = {
            let index = Arc::clone(&index);
            tokio::task::spawn_blocking(move || index.missing_neighbours()).await?
        };
        // After a build all are missing; after a start, those published
        // since the last build's lists were made. A few are answered
        // whole when asked, as before, rather than have every start read
        // and write the whole file again for them (seconds of work at a
        // million articles): they wait until they are a hundredth.
        if missing == 0 || missing < index.len() / NEIGHBOURS_WAIT_SHARE {
            return Ok(());
        }
        let started = Instant::now();
        tracing::info!(articles = missing, "working out Berita Terkait ahead");
        let path = self.app.related_path();
        let stopping = Arc::clone(&self.neighbours.stopping);
        let worked = tokio::task::spawn_blocking(move || {
            let own = RelatedIndex::load(&path, RelatedPolicy::default())?.index;
            let total = own.len().max(1);
            let reported = AtomicUsize::new(0);
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            let finished = own.work_out_neighbours(
                threads,
                |done| {
                    let tenth = done * 10 / total;
                    if reported.fetch_max(tenth, Ordering::Relaxed) < tenth {
                        tracing::info!(done, of = total, "working out Berita Terkait ahead");
                    }
                },
                || stopping.load(Ordering::SeqCst),
            );
            finished.then_some(own)
        })
        .await
        .context("working out Berita Terkait panicked")?;
        let Some(worked) = worked else {
            return Ok(());
        };
        let _running = self.related_running.lock().await;
        // A build since, or another file: the next round starts over.
        if !Arc::ptr_eq(&self.app.related(), &index) || !index.take_neighbours_of(worked) {
            return Ok(());
        }
        self.save_related().await?;
        self.load_related().await?;
        // The articles published meanwhile were folded in without lists:
        // they wait for the next start or build (worked out whole when
        // asked, as before), rather than this saving the file again and
        // again on a busy site.
        *self
            .neighbours
            .examined
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = self.app.related().made();
        tracing::info!(
            articles = missing,
            duration_ms = started.elapsed().as_millis() as u64,
            "Berita Terkait worked out ahead"
        );
        Ok(())
    }
}
