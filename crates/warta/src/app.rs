//! [`App`]: everything a request handler needs, built once at start-up.

use crate::admission::Admission;
use crate::config::Config;
use crate::health::Health;
use crate::lists::{Lists, RenderedLists};
use crate::media::MediaFiles;
use crate::ops::metrics::Metrics;
use crate::purge::{Purger, article_paths};
use crate::ranking::{RelatedIndex, RelatedPolicy, ViewCounter};
use crate::reader::cache::pages::PageCache;
use crate::theme::Theme;
use anyhow::Context;
use chrono::Utc;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use std::sync::{Arc, RwLock};
use warta_core::Article;
use warta_search::SearchIndex;
use warta_store::Store;

/// The application's shared state; handlers receive it as `State<Arc<App>>`.
/// It holds the services a request uses; behaviour lives in the modules,
/// and the background jobs keep their own bookkeeping (`jobs::Jobs`).
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
    /// The site-wide blocks as last rendered from `lists`.
    pub rendered_lists: RenderedLists,
    /// Relatedness over all live articles, replaced or updated by its job.
    related: RwLock<Arc<RelatedIndex>>,
    /// Views counted since the last write.
    pub views: ViewCounter,
    /// Rendered reader pages, stale the moment what they show changes.
    pub pages: PageCache,
    /// The bound on requests worked on at once.
    pub admission: Arc<Admission>,
    /// Tells a CDN in front which URLs changed.
    pub purger: Purger,
    /// Requests by route and status, for `/metrics`.
    pub metrics: Metrics,
    /// Full-text index of live articles, following the store (see
    /// `jobs::search`).
    pub search: SearchIndex,
    /// Where uploaded images are kept.
    pub media: MediaFiles,
    /// How the derived data stands against the database.
    pub health: Health,
    /// Woken by every newsroom write, so the jobs bring the derived views
    /// up to date at once rather than at the next tick.
    pub changed: tokio::sync::Notify,
    /// Readers following live blogs on this node.
    pub live: Arc<crate::live::LiveHub>,
}

/// What a newsroom write changed, for [`App::after_write`].
#[derive(Debug)]
pub enum Written<'a> {
    /// One article, as it was read before the write.
    Article(&'a Article),
    /// A new article (a draft: nothing readers see yet but the counts).
    NewArticle,
    /// Pilihan or the home headline.
    Home,
    /// Sections or tags: pages show them in lists and links.
    Catalog,
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
    /// Opens the store, the search index and the media store, and loads
    /// the theme. The lists and relatedness are empty until the jobs first
    /// run (`jobs::Jobs::start`).
    pub async fn new(config: Config) -> anyhow::Result<Arc<App>> {
        check_data_folder(&config.data_dir)?;
        let store = Store::connect(config.database_url.expose())
            .await
            .with_context(|| format!("cannot open database {}", config.database_url))?;
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
        let (search, opened) = tokio::task::spawn_blocking(move || SearchIndex::open(&search_dir))
            .await
            .context("opening the search index panicked")?
            .context("cannot open the search index")?;
        if opened.is_new() {
            // The jobs build it from the database while the site serves;
            // search says so meanwhile.
            tracing::info!(
                ?opened,
                "search index is new: it is built from the database"
            );
        }
        let media = MediaFiles::open(&config.media)?;
        media.check().await?;
        let pages = PageCache::new(
            config.cached_pages,
            config.cached_bytes,
            config.page_max_age,
        );
        let admission = Arc::new(Admission::new(config.admission));
        let purger = Purger::new(config.purge_command.clone(), &config.base_url);
        Ok(Arc::new(App {
            config,
            store,
            theme,
            lists: RwLock::new(Arc::new(Lists::default())),
            rendered_lists: RenderedLists::default(),
            related: RwLock::new(Arc::new(RelatedIndex::build(&[], RelatedPolicy::default()))),
            views: ViewCounter::default(),
            admission,
            purger,
            metrics: Metrics::default(),
            pages,
            search,
            media,
            health: Health::default(),
            changed: tokio::sync::Notify::new(),
            live: Arc::default(),
        }))
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

    /// After every newsroom write, once: every cached page is stale, the
    /// jobs bring lists, search and relatedness up to date now, and an
    /// article's own page is dropped and purged from a CDN in front as
    /// it was and as it is now (a correction or a take-down is never
    /// served stale).
    pub async fn after_write(&self, written: Written<'_>) {
        self.pages.invalidate();
        self.changed.notify_one();
        match written {
            Written::Article(before) => self.article_changed(before).await,
            Written::Home => self.purger.purge(vec!["/".to_owned()]),
            Written::NewArticle | Written::Catalog => {}
        }
    }

    async fn article_changed(&self, before: &Article) {
        let now = self.now();
        let tz = &self.config.time_zone;
        self.pages.remove_page(&before.path(tz));
        let after = match self.store.article(before.id).await {
            Ok(after) => Some(after),
            Err(error) => {
                tracing::warn!(error = %error, "cannot read the article to purge");
                None
            }
        };
        if let Some(after) = &after {
            self.pages.remove_page(&after.path(tz));
        }
        let mut paths = Vec::new();
        if before.is_live(now) {
            paths.extend(article_paths(before, tz));
        }
        if let Some(after) = after.filter(|a| a.is_live(now)) {
            paths.extend(article_paths(&after, tz));
        }
        self.purger.purge(paths);
    }

    /// The time pages are rendered at.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

/// Room kept in the data folder for a start on a full disk: SQLite must
/// make its shared-memory file (32 KiB) to open a database in WAL mode,
/// and the search index its lock, or nothing at all could be served.
const RESERVE: &str = ".warta-reserve";
const RESERVE_BYTES: usize = 1024 * 1024;

/// The data folder exists (made if missing) and can be written, else an
/// error naming it and why. On a full disk the reserve kept for it is
/// given up, so the site starts, serves readers and refuses writes until
/// there is room; with room, the reserve is (re)made.
fn check_data_folder(dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    let probe = dir.join(".warta-write-probe");
    let written = std::fs::write(&probe, b"warta");
    let _ = std::fs::remove_file(&probe);
    let reserve = dir.join(RESERVE);
    match written {
        Ok(()) => {
            let kept = std::fs::metadata(&reserve).is_ok_and(|m| m.len() == RESERVE_BYTES as u64);
            if !kept && std::fs::write(&reserve, vec![0u8; RESERVE_BYTES]).is_err() {
                // Nearly full: better no reserve than half of one.
                let _ = std::fs::remove_file(&reserve);
            }
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::StorageFull => {
            let freed = std::fs::remove_file(&reserve).is_ok();
            tracing::error!(
                folder = %dir.display(),
                reserve_given_up = freed,
                "the disk of the data folder is full: serving readers, refusing writes until there is room"
            );
            Ok(())
        }
        Err(error) => Err(error)
            .with_context(|| format!("the data folder {} cannot be written", dir.display())),
    }
}
