//! The purge hook: telling a CDN in front which URLs changed.
//!
//! Pages leave Warta with `s-maxage=1`, so a CDN refreshes every list within
//! a second or two by itself. What must not wait is an article whose own
//! text changed or that was taken down (a correction, a legal removal):
//! those URLs, and the pages that lead to them, are handed to the
//! operator's purge command, which speaks whatever the CDN understands
//! (Cloudflare's API, Fastly's or Varnish's PURGE, an nginx cache purge)
//! in a line of shell. A command rather than one vendor's API keeps the
//! binary free of any vendor.

use crate::app::App;
use std::path::PathBuf;
use std::time::Duration;
use warta_core::{Article, ArticleId, TimeZone};

/// Longest the purge command may run before it is stopped.
const PURGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the configured purge command, if any.
#[derive(Clone, Debug)]
pub struct Purger {
    command: Option<PathBuf>,
    base_url: String,
}

impl Purger {
    /// A purger running `command` with URLs under `base_url`; with no
    /// command it does nothing.
    pub fn new(command: Option<PathBuf>, base_url: &str) -> Purger {
        Purger {
            command,
            base_url: base_url.to_owned(),
        }
    }

    /// Whether a purge command is configured.
    pub fn enabled(&self) -> bool {
        self.command.is_some()
    }

    /// Purges these paths in the background: the command gets their
    /// absolute URLs as arguments. Its failure is logged, never the
    /// newsroom's problem.
    pub fn purge(&self, mut paths: Vec<String>) {
        let Some(command) = self.command.clone() else {
            return;
        };
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            return;
        }
        let urls: Vec<String> = paths
            .iter()
            .map(|path| format!("{}{path}", self.base_url))
            .collect();
        tokio::spawn(async move {
            let run = tokio::process::Command::new(&command)
                .args(&urls)
                .stdin(std::process::Stdio::null())
                .kill_on_drop(true)
                .output();
            match tokio::time::timeout(PURGE_TIMEOUT, run).await {
                Ok(Ok(output)) if output.status.success() => {
                    tracing::info!(urls = urls.len(), "CDN purge sent");
                }
                Ok(Ok(output)) => tracing::warn!(
                    status = %output.status,
                    stderr = %String::from_utf8_lossy(&output.stderr).trim(),
                    "CDN purge command failed"
                ),
                Ok(Err(error)) => tracing::warn!(
                    error = %error,
                    command = %command.display(),
                    "cannot run the CDN purge command"
                ),
                Err(_) => tracing::warn!("CDN purge command timed out"),
            }
        });
    }
}

/// The paths whose content changes when this article does (before or after
/// the change): the article itself, and the pages and feeds that list it
/// first (home, its section, Terkini, the feeds). Other pages show it only
/// in lists, which the CDN refreshes within `s-maxage` anyway.
pub fn article_paths(article: &Article, tz: &TimeZone) -> Vec<String> {
    let section = article.section.slug.as_str();
    vec![
        article.path(tz),
        "/".to_owned(),
        format!("/{section}"),
        "/terkini".to_owned(),
        "/rss".to_owned(),
        format!("/{section}/rss"),
        "/sitemap/berita.xml".to_owned(),
    ]
}

/// After a newsroom write to an article read as `before`: its cached page
/// is dropped (a correction or a take-down is never served stale), and the
/// CDN is told what readers could see before and can see now.
pub async fn after_write(app: &App, before: &Article) {
    let now = app.now();
    let tz = &app.config.time_zone;
    app.pages.remove_page(&before.path(tz));
    let after = match app.store.article(before.id).await {
        Ok(after) => Some(after),
        Err(error) => {
            tracing::warn!(error = %error, "cannot read the article to purge");
            None
        }
    };
    if let Some(after) = &after {
        app.pages.remove_page(&after.path(tz));
    }
    let mut paths = Vec::new();
    if before.is_live(now) {
        paths.extend(article_paths(before, tz));
    }
    if let Some(after) = after.filter(|a| a.is_live(now)) {
        paths.extend(article_paths(&after, tz));
    }
    app.purger.purge(paths);
}

/// Drops the cached pages of these articles and purges them as they stand
/// now (the schedule published or took them down).
pub async fn articles(app: &App, ids: &[ArticleId]) {
    let mut paths = Vec::new();
    for id in ids {
        match app.store.article(*id).await {
            Ok(article) => {
                app.pages.remove_page(&article.path(&app.config.time_zone));
                paths.extend(article_paths(&article, &app.config.time_zone));
            }
            Err(error) => tracing::warn!(error = %error, "cannot read the article to purge"),
        }
    }
    app.purger.purge(paths);
}
