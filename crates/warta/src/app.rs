//! [`App`]: everything a request handler needs, built once at start-up.

use crate::admission::Admission;
use crate::config::Config;
use crate::lists::Lists;
use crate::media::MediaFiles;
use crate::ops::Metrics;
use crate::purge::Purger;
use crate::ranking::{RelatedIndex, RelatedPolicy, ViewCounter};
use crate::reader::cache::PageCache;
use crate::theme::Theme;
use anyhow::Context;
use chrono::Utc;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use std::sync::{Arc, Mutex, RwLock};
use warta_search::SearchIndex;
use warta_store::Store;

/// The application's shared state; handlers receive it as `State<Arc<App>>`.
/// It holds handles and snapshots; behaviour lives in the modules.
pub struct App {
    /// Validated configuration.
    pub config: Config,
    /// The database.
    pub store: Store,
    /// Templates and static files.
    pub theme: Theme,
    /// Terkini, Terpopuler, Pilihan, headline and section blocks, replaced
    /// whole by the refresh job.
    lists: RwLock<Arc<Lists>>,
    /// Relatedness over all live articles, updated when content changes.
    related: RwLock<Arc<RelatedIndex>>,
    /// Views counted since the last write.
    pub views: ViewCounter,
    /// Rendered reader pages, stale the moment what they show changes.
    pub pages: PageCache,
    /// The bound on requests worked on at once.
    pub admission: Admission,
    /// Tells a CDN in front which URLs changed.
    pub purger: Purger,
    /// Requests by route and status, for `/metrics`.
    pub metrics: Metrics,
    /// What the cached pages were last rendered from; the refresh job makes
    /// them stale when it differs.
    pub(crate) pages_source: Mutex<PagesSource>,
    /// Full-text index of live articles, following the store (see
    /// `jobs::sync_search`).
    pub search: SearchIndex,
    /// What the content looked like when `related` was last brought up to
    /// date: live count and last change; a difference triggers an update.
    pub(crate) content_version: Mutex<(i64, i64)>,
    /// The time (Unix seconds) up to which `related` follows the database,
    /// `None` before its first build.
    pub(crate) related_synced: Mutex<Option<i64>>,
    /// Held while the relatedness index is rebuilt, so two rebuilds (the
    /// job's and one asked for directly) never overtake each other.
    pub(crate) related_rebuild: tokio::sync::Mutex<()>,
    /// Held while the search index is synced, for the same reason: an older
    /// sync committing after a newer one would record a stale position.
    pub(crate) search_sync: tokio::sync::Mutex<()>,
    /// Held while the lists are reloaded, so an older snapshot never
    /// replaces a newer one.
    pub(crate) lists_refresh: tokio::sync::Mutex<()>,
    /// Where uploaded images are kept.
    pub media: MediaFiles,
    /// Woken by every newsroom write, so the derived views catch up at
    /// once rather than at the next tick.
    pub(crate) changed: tokio::sync::Notify,
}

/// What cached pages were rendered from (see `jobs::refresh_lists`).
#[derive(Debug, Default)]
pub(crate) struct PagesSource {
    /// The store's content version and change serial; `None` before the
    /// first refresh.
    pub(crate) content: Option<((i64, i64), i64)>,
    /// The fingerprint of the lists every page shows.
    pub(crate) shown: u64,
    /// The fingerprint of the whole Terpopuler (its own page).
    pub(crate) popular: u64,
}

/// What every template may use as `site`.
#[derive(Serialize)]
struct SiteGlobals<'a> {
    name: &'a str,
    tagline: &'a str,
    base_url: &'a str,
    lang: &'a str,
    style_version: &'a str,
    time_zone: &'a str,
}

impl App {
    /// Opens the store, loads the theme and builds the first snapshots.
    pub async fn new(config: Config) -> anyhow::Result<Arc<App>> {
        if config.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&config.data_dir).with_context(|| {
                format!("cannot create data folder {}", config.data_dir.display())
            })?;
        }
        let store = Store::connect(&config.database_url)
            .await
            .with_context(|| format!("cannot open database {}", redact(&config.database_url)))?;
        store
            .analyze()
            .await
            .context("cannot update the database statistics")?;
        let theme = {
            let probe = Theme::load(config.theme_dir.as_deref(), Vec::new())?;
            let site = SiteGlobals {
                name: &config.site_name,
                tagline: &config.tagline,
                base_url: &config.base_url,
                lang: config.locale.code(),
                style_version: &probe.style_version,
                time_zone: config.time_zone.name(),
            };
            let globals = vec![
                ("site", Value::from(Serde(&site))),
                ("t", Value::from(Serde(&config.labels))),
            ];
            Theme::load(config.theme_dir.as_deref(), globals)?
        };
        let search_dir = config.data_dir.join("search");
        let (search, fresh) = tokio::task::spawn_blocking(move || SearchIndex::open(&search_dir))
            .await
            .context("opening the search index panicked")?
            .context("cannot open the search index")?;
        if fresh {
            tracing::info!(
                "search index is new or was damaged: it will be built from the database"
            );
        }
        let media = MediaFiles::open(&config.media)?;
        media.check().await?;
        let pages = PageCache::new(
            config.cached_pages,
            config.cached_bytes,
            config.page_max_age,
        );
        let admission = Admission::new(config.admission);
        let purger = Purger::new(config.purge_command.clone(), &config.base_url);
        let app = Arc::new(App {
            config,
            store,
            theme,
            lists: RwLock::new(Arc::new(Lists::default())),
            related: RwLock::new(Arc::new(RelatedIndex::build(&[], RelatedPolicy::default()))),
            views: ViewCounter::default(),
            admission,
            purger,
            metrics: Metrics::default(),
            pages,
            pages_source: Mutex::new(PagesSource::default()),
            search,
            content_version: Mutex::new((-1, -1)),
            related_synced: Mutex::new(None),
            related_rebuild: tokio::sync::Mutex::new(()),
            search_sync: tokio::sync::Mutex::new(()),
            lists_refresh: tokio::sync::Mutex::new(()),
            media,
            changed: tokio::sync::Notify::new(),
        });
        // The relatedness index saved by the last run, if usable; the
        // refresh below then only catches up on what changed since.
        let path = app.related_path();
        if let Some(saved) =
            tokio::task::spawn_blocking(move || RelatedIndex::load(&path, RelatedPolicy::default()))
                .await
                .context("loading the relatedness index panicked")?
        {
            tracing::info!(articles = saved.index.len(), "relatedness index loaded");
            app.set_related(saved.index);
            *app.related_synced.lock().unwrap_or_else(|e| e.into_inner()) = Some(saved.synced);
        }
        crate::jobs::refresh_related(&app).await?;
        crate::jobs::refresh_lists(&app).await?;
        Ok(app)
    }

    /// The current lists snapshot.
    pub fn lists(&self) -> Arc<Lists> {
        self.lists.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the lists snapshot.
    pub fn set_lists(&self, lists: Lists) {
        *self.lists.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(lists);
    }

    /// The current relatedness index.
    pub fn related(&self) -> Arc<RelatedIndex> {
        self.related
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the relatedness index.
    pub fn set_related(&self, index: RelatedIndex) {
        *self.related.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
    }

    /// Where the relatedness index is saved between runs.
    pub fn related_path(&self) -> std::path::PathBuf {
        self.config.data_dir.join("related.bin")
    }

    /// Saves the relatedness index with the time it follows the database
    /// to, so the next start loads it instead of building it.
    pub async fn save_related(&self) -> anyhow::Result<()> {
        let Some(synced) = *self
            .related_synced
            .lock()
            .unwrap_or_else(|e| e.into_inner())
        else {
            return Ok(());
        };
        let index = self.related();
        let path = self.related_path();
        tokio::task::spawn_blocking(move || index.save(&path, synced))
            .await
            .context("saving the relatedness index panicked")?
            .context("cannot save the relatedness index")
    }

    /// Writes the views counted so far; on failure they stay counted.
    pub async fn flush_views(&self) -> anyhow::Result<usize> {
        let batch = self.views.take();
        let n = batch.len();
        if let Err(error) = self.store.add_views(&batch).await {
            self.views.restore(batch);
            return Err(error).context("cannot write page views");
        }
        Ok(n)
    }

    /// Tells the jobs that content changed, so lists, search and
    /// relatedness follow now rather than at their next tick.
    pub fn content_changed(&self) {
        self.pages.invalidate();
        self.changed.notify_one();
    }

    /// The time pages are rendered at.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://warta:rahasia@db:5432/w"),
            "postgres://warta:***@db:5432/w"
        );
        assert_eq!(
            redact("sqlite://./warta-data/warta.db"),
            "sqlite://./warta-data/warta.db"
        );
    }
}
