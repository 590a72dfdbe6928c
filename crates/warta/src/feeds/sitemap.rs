//! Sitemaps: `/sitemap.xml` is an index of the sections sitemap, the
//! article sitemaps (pages of at most [`PER_SITEMAP`] articles in id order,
//! so a page's content is stable as new articles arrive) and the Google News
//! sitemap of the last 48 hours.

use super::render_feed;
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::sync::Arc;

/// Articles per article sitemap (the protocol allows 50,000).
pub const PER_SITEMAP: i64 = 10_000;
/// Most entries in the news sitemap (Google News reads at most 1,000).
const NEWS_LIMIT: i64 = 1_000;

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, PartialEq, Serialize)]
pub struct Entry {
    loc: String,
    lastmod: Option<String>,
}

/// One Google News entry.
#[derive(Debug, Serialize)]
struct NewsEntry {
    loc: String,
    title: String,
    publication_date: String,
}

#[derive(Serialize)]
struct UrlSet {
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct NewsSet {
    publication: String,
    language: &'static str,
    entries: Vec<NewsEntry>,
}

/// The sitemaps the index lists, each with its newest time: the sections
/// and the news sitemap change with the newest publication, each article
/// sitemap with the newest change of its articles (`pages`, one time per
/// page of [`PER_SITEMAP`]). Without a live article there is no news
/// sitemap (an empty one is not a valid sitemap).
pub fn index_entries(
    base_url: &str,
    newest: Option<DateTime<Utc>>,
    pages: &[DateTime<Utc>],
) -> Vec<Entry> {
    let lastmod = newest.map(|t| t.to_rfc3339());
    let mut entries = vec![Entry {
        loc: format!("{base_url}/sitemap/kanal.xml"),
        lastmod: lastmod.clone(),
    }];
    if newest.is_some() {
        entries.push(Entry {
            loc: format!("{base_url}/sitemap/berita.xml"),
            lastmod,
        });
    }
    entries.extend(pages.iter().enumerate().map(|(page, changed)| Entry {
        loc: format!("{base_url}/sitemap/artikel/{}", page + 1),
        lastmod: Some(changed.to_rfc3339()),
    }));
    entries
}

/// `/sitemap.xml`
pub async fn sitemap_index(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let now = app.now();
    let pages = app.store.sitemap_pages_changed(now, PER_SITEMAP).await?;
    let newest = app.lists().latest.first().map(|s| s.published_at);
    let view = UrlSet {
        entries: index_entries(&app.config.base_url, newest, &pages),
    };
    render_feed(
        &app,
        "feeds/sitemap-index.xml",
        "application/xml; charset=utf-8",
        &view,
    )
}

/// `/sitemap/kanal.xml`: the home page and every section.
pub async fn sections_sitemap(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let lists = app.lists();
    let mut entries = vec![Entry {
        loc: app.absolute("/"),
        lastmod: lists.latest.first().map(|s| s.published_at.to_rfc3339()),
    }];
    entries.extend(lists.sections.iter().map(|(section, newest)| Entry {
        loc: app.absolute(&format!("/{}", section.slug)),
        lastmod: newest.first().map(|s| s.published_at.to_rfc3339()),
    }));
    render_feed(
        &app,
        "feeds/sitemap.xml",
        "application/xml; charset=utf-8",
        &UrlSet { entries },
    )
}

/// `/sitemap/artikel/{page}`
pub async fn articles_sitemap(
    State(app): State<Arc<App>>,
    Path(page): Path<String>,
) -> Result<Response, AppError> {
    let page: i64 = page
        .trim_end_matches(".xml")
        .parse()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or(AppError::NotFound)?;
    let found = app
        .store
        .live_by_id(app.now(), PER_SITEMAP, (page - 1) * PER_SITEMAP)
        .await?;
    if found.is_empty() {
        return Err(AppError::NotFound);
    }
    let entries = found
        .iter()
        .map(|s| Entry {
            loc: app.absolute(&s.path(&app.config.time_zone)),
            lastmod: Some(s.modified_at.to_rfc3339()),
        })
        .collect();
    render_feed(
        &app,
        "feeds/sitemap.xml",
        "application/xml; charset=utf-8",
        &UrlSet { entries },
    )
}

/// `/sitemap/berita.xml`: articles published in the last 48 hours.
pub async fn news_sitemap(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let now = app.now();
    let mut found = app
        .store
        .published_between(
            now - Duration::hours(48),
            now + Duration::seconds(1),
            now,
            NEWS_LIMIT,
        )
        .await?;
    if found.is_empty() {
        // A sitemap needs one address to be valid: the newest article,
        // older than two days, which Google News then leaves alone.
        found = app.store.latest(now, 1, 0).await?;
        if found.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    let view = NewsSet {
        publication: app.config.site_name.clone(),
        language: app.config.locale.code(),
        entries: found
            .iter()
            .map(|s| NewsEntry {
                loc: app.absolute(&s.path(&app.config.time_zone)),
                title: s.title.clone(),
                publication_date: s.published_at.to_rfc3339(),
            })
            .collect(),
    };
    render_feed(
        &app,
        "feeds/news-sitemap.xml",
        "application/xml; charset=utf-8",
        &view,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_lists_each_sitemap_with_its_newest_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let pages = [
            at("2024-11-01T08:00:00Z"),
            at("2024-12-01T08:00:00Z"),
            at("2024-10-01T08:00:00Z"),
        ];
        let entries = index_entries("https://w.id", Some(at("2024-12-02T01:00:00Z")), &pages);
        let listed: Vec<_> = entries
            .iter()
            .map(|e| (e.loc.as_str(), e.lastmod.as_deref().unwrap()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "https://w.id/sitemap/kanal.xml",
                    "2024-12-02T01:00:00+00:00"
                ),
                (
                    "https://w.id/sitemap/berita.xml",
                    "2024-12-02T01:00:00+00:00"
                ),
                (
                    "https://w.id/sitemap/artikel/1",
                    "2024-11-01T08:00:00+00:00"
                ),
                (
                    "https://w.id/sitemap/artikel/2",
                    "2024-12-01T08:00:00+00:00"
                ),
                (
                    "https://w.id/sitemap/artikel/3",
                    "2024-10-01T08:00:00+00:00"
                ),
            ]
        );
        // No live article: no news sitemap, which could not be valid.
        assert_eq!(index_entries("https://w.id", None, &[]).len(), 1);
    }
}
