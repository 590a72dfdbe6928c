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

use std::path::PathBuf;
use std::time::Duration;
use warta_core::{Article, TimeZone};

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
