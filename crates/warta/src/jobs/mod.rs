//! Background jobs of a serving process, each idempotent and in a file of
//! its own: publishing and taking down on schedule (`schedule`), reloading
//! the lists snapshot (`lists`), bringing the search index up to date with
//! the database (`search`), updating the relatedness index when content
//! changed (`related`), placing new articles in their stories (`stories`), writing counted views in batches (`views`), and
//! sending webhook deliveries (`webhooks`).
//!
//! [`Jobs`] keeps their bookkeeping (what each last followed, and a lock
//! per job so a run asked for directly never overtakes the periodic one);
//! [`Jobs::run`] drives them until shutdown.

mod lists;
mod related;
mod schedule;
pub mod search;
mod stories;
mod views;
mod webhooks;

use crate::app::App;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// How often counted views are written.
pub const VIEW_FLUSH_INTERVAL: Duration = Duration::from_secs(5);

/// How often the store's change serial is asked for.
pub const CHANGE_POLL_INTERVAL: Duration = Duration::from_millis(200);

/// Seconds the search and relatedness indexes look back before their last
/// sync, so a change committed while the last sync ran is never missed.
const SYNC_OVERLAP_SECONDS: i64 = 5;

/// The background jobs of one serving process and what they last did.
pub struct Jobs {
    app: Arc<App>,
    /// The content version (live count, last change) relatedness last
    /// followed; a difference triggers an update.
    related_version: Mutex<(i64, i64)>,
    /// The time (Unix seconds) up to which relatedness follows the
    /// database, `None` before its first build.
    related_synced: Mutex<Option<i64>>,
    /// Held while relatedness is brought up to date.
    related_running: tokio::sync::Mutex<()>,
    /// Berita Terkait worked out ahead (see [`related::NeighboursWork`]).
    neighbours: related::NeighboursWork,
    /// Articles may wait to be placed in stories: set when relatedness
    /// changed, cleared by a placement round that left none waiting.
    stories_behind: AtomicBool,
    /// Held while articles are placed in stories, with where placement
    /// stands.
    stories_running: tokio::sync::Mutex<stories::Walk>,
    /// Held while the search index is synced: an older sync committing
    /// after a newer one would record a stale position.
    search_running: tokio::sync::Mutex<()>,
    /// Retries and count comparisons of the search sync.
    search_sync: Mutex<search::SearchSync>,
    /// Held while the lists are reloaded, so an older snapshot never
    /// replaces a newer one.
    lists_running: tokio::sync::Mutex<()>,
    /// Held while views are written: a flush returns only when every view
    /// counted before it is in the database, one still on its way from
    /// another round included.
    views_running: tokio::sync::Mutex<()>,
    /// What webhook deliveries are sent with.
    webhook_client: reqwest::Client,
    /// The newsroom's abbreviations search last took.
    abbreviations: Mutex<Option<Vec<(String, String)>>>,
}

impl Jobs {
    /// The jobs of `app`, after a first run: views an earlier stop could
    /// not write are written, the relatedness index saved by the last run
    /// is loaded (and caught up on what changed since), and the lists are
    /// loaded, so the first page already shows them.
    pub async fn start(app: Arc<App>) -> anyhow::Result<Arc<Jobs>> {
        let jobs = Arc::new(Jobs {
            related_version: Mutex::new((-1, -1)),
            related_synced: Mutex::new(None),
            related_running: tokio::sync::Mutex::new(()),
            neighbours: related::NeighboursWork::default(),
            stories_behind: AtomicBool::new(true),
            stories_running: tokio::sync::Mutex::new(stories::Walk::settled_at(
                app.store.stories_settled_at().await?,
            )),
            search_running: tokio::sync::Mutex::new(()),
            search_sync: Mutex::new(search::SearchSync::default()),
            lists_running: tokio::sync::Mutex::new(()),
            views_running: tokio::sync::Mutex::new(()),
            webhook_client: webhooks::client(app.config.webhooks.timeout),
            abbreviations: Mutex::new(None),
            app,
        });
        jobs.write_saved_views().await?;
        // Relatedness (seconds of reading a file at a million articles)
        // and the lists (queries) load side by side.
        // A database that fails these reads (a damaged page) still has
        // pages to serve: the failure is logged and the periodic runs try
        // again, rather than leaving readers nothing at all.
        let related = async {
            jobs.load_related().await?;
            if let Err(error) = jobs.refresh_related().await {
                tracing::error!(
                    error = format!("{error:#}"),
                    "relatedness could not be brought up to date at start"
                );
            }
            anyhow::Ok(())
        };
        let (related, lists) = tokio::join!(related, jobs.refresh_lists());
        related?;
        if let Err(error) = lists {
            tracing::error!(
                error = format!("{error:#}"),
                "the lists could not be loaded at start"
            );
        }
        Ok(jobs)
    }

    /// The application the jobs work for.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// One refresh round: the schedule, then the search index and the lists.
    async fn refresh_round(&self) {
        if let Err(error) = self.run_schedule().await {
            tracing::error!(error = format!("{error:#}"), "scheduled publishing failed");
        }
        if let Err(error) = self.sync_search().await {
            tracing::error!(error = format!("{error:#}"), "search index sync failed");
        }
        if let Err(error) = self.refresh_lists().await {
            tracing::error!(error = format!("{error:#}"), "lists refresh failed");
        }
    }

    /// Runs the refresh and flush loops until `shutdown` turns true. A
    /// newsroom write wakes the refresh at once. The relatedness update,
    /// which takes seconds on a large archive, runs in a task of its own so
    /// it never delays the lists.
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let app = self.app.clone();
        let related = tokio::spawn(self.clone().related_loop(shutdown.clone()));
        let changes = tokio::spawn(self.clone().watch_changes(shutdown.clone()));
        let webhooks = tokio::spawn(self.clone().webhooks_loop(shutdown.clone()));
        let mut refresh = tokio::time::interval(app.config.refresh);
        let mut flush = tokio::time::interval(VIEW_FLUSH_INTERVAL);
        let mut prune = tokio::time::interval(Duration::from_secs(3600));
        refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = refresh.tick() => self.refresh_round().await,
                _ = app.changed.notified() => {
                    self.refresh_round().await;
                    refresh.reset();
                }
                _ = flush.tick() => {
                    if let Err(error) = self.flush_views().await {
                        tracing::error!(error = format!("{error:#}"), views.pending = app.views.pending(), "view flush failed");
                    }
                }
                _ = prune.tick() => {
                    let now = app.now();
                    if let Err(error) = app.store.prune_sign_in_records(now, now - chrono::Duration::days(1)).await {
                        tracing::error!(error = format!("{error:#}"), "pruning sessions failed");
                    }
                    if let Err(error) = app.store.prune_deliveries(now - chrono::Duration::days(webhooks::KEPT_DAYS)).await {
                        tracing::error!(error = format!("{error:#}"), "pruning webhook deliveries failed");
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
        let _ = related.await;
        let _ = changes.await;
        let _ = webhooks.await;
    }

    /// After the loops stopped: writes every view counted (to the data
    /// folder when the database cannot take them), and saves the
    /// relatedness index with the updates since its last build, so the
    /// next start catches up on less.
    pub async fn finish(&self) -> anyhow::Result<()> {
        let kept = self.write_or_keep_views().await?;
        if kept == 0 {
            tracing::info!("final page views written");
        }
        // A refresh still running (a whole build takes a minute at a
        // million articles) saves what it made itself, or the next start
        // catches up from the file before it; an index unchanged since it
        // was loaded or saved is on disk already.
        match self.related_running.try_lock() {
            Ok(_running) if self.app.related().unsaved() => {
                if let Err(error) = self.save_related().await {
                    tracing::warn!(error = format!("{error:#}"), "relatedness index not saved");
                }
            }
            Ok(_) => {}
            Err(_) => tracing::info!("relatedness index not saved: a refresh is running"),
        }
        Ok(())
    }

    /// Wakes the refresh when the store's change serial moves: a change made
    /// by another node, or by `warta import` in another process, shows within
    /// this poll and one refresh instead of waiting for the next tick. Asking
    /// for one row five times a second costs nothing worth measuring, works
    /// the same on SQLite and PostgreSQL, and needs no connection held for
    /// notifications (nor catching up after one drops).
    async fn watch_changes(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let mut seen = None;
        let mut tick = tokio::time::interval(CHANGE_POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => match self.app.store.change_serial().await {
                    Ok(serial) => {
                        if seen.is_some_and(|seen| seen != serial) {
                            self.app.changed.notify_one();
                            // An entry added on another node reaches this
                            // node's live readers now.
                            if let Err(error) = self.app.live.catch_up_all(&self.app.store, &self.app.config).await {
                                tracing::warn!(error = %error, "live readers not caught up");
                            }
                        }
                        seen = Some(serial);
                    }
                    Err(error) => tracing::warn!(error = %error, "cannot read the change serial"),
                },
                _ = shutdown.changed() => break,
            }
        }
    }

    async fn related_loop(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(self.app.config.refresh);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(error) = self.refresh_related().await {
                        tracing::error!(error = format!("{error:#}"), "relatedness refresh failed");
                    }
                    self.clone().work_out_neighbours_if_missing();
                    // A backlog (the first start on an imported archive)
                    // is placed round after round, not one round a tick:
                    // each round moves what pages show, so the sooner done
                    // the better; but for ten seconds at most, so that
                    // relatedness follows new articles meanwhile.
                    let placing = std::time::Instant::now();
                    loop {
                        match self.place_in_stories().await {
                            Ok(placed)
                                if placed > 0
                                    && !*shutdown.borrow()
                                    && placing.elapsed() < Duration::from_secs(10) =>
                            {
                                continue;
                            }
                            Ok(_) => break,
                            Err(error) => {
                                tracing::error!(error = format!("{error:#}"), "placing articles in stories failed");
                                break;
                            }
                        }
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
        self.neighbours.stop();
    }
}
