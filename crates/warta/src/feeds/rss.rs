//! RSS 2.0 feeds of the newest articles: `/rss` for the whole portal and
//! `/{section}/rss` per section.

use super::render_feed;
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;
use warta_core::ArticleSummary;

/// Items per feed.
const FEED_ITEMS: i64 = 30;

/// One `<item>`.
#[derive(Debug, PartialEq, Serialize)]
pub struct FeedItem {
    title: String,
    link: String,
    description: String,
    category: String,
    pub_date: String,
}

#[derive(Serialize)]
struct Feed {
    title: String,
    link: String,
    self_link: String,
    description: String,
    language: &'static str,
    last_build_date: String,
    items: Vec<FeedItem>,
}

/// The items of a feed, newest first as given.
pub fn feed_items(app: &App, summaries: &[ArticleSummary]) -> Vec<FeedItem> {
    summaries
        .iter()
        .map(|s| FeedItem {
            title: s.title.clone(),
            link: app.absolute(&s.path(&app.config.time_zone)),
            description: s.lede.clone(),
            category: s.section_name.clone(),
            pub_date: s.published_at.to_rfc2822(),
        })
        .collect()
}

fn feed(app: &App, title: String, path: &str, self_path: &str, items: &[ArticleSummary]) -> Feed {
    Feed {
        title,
        link: app.absolute(path),
        self_link: app.absolute(self_path),
        description: app.config.tagline.clone(),
        language: app.config.locale.code(),
        last_build_date: items
            .first()
            .map(|s| s.published_at)
            .unwrap_or_else(|| app.now())
            .to_rfc2822(),
        items: feed_items(app, items),
    }
}

/// `/rss`
pub async fn site_feed(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let latest = app.store.latest(app.now(), FEED_ITEMS, 0).await?;
    let view = feed(&app, app.config.site_name.clone(), "/", "/rss", &latest);
    render_feed(
        &app,
        "feeds/rss.xml",
        "application/rss+xml; charset=utf-8",
        &view,
    )
}

/// `/{section}/rss`
pub async fn section_feed(
    State(app): State<Arc<App>>,
    Path(section): Path<String>,
) -> Result<Response, AppError> {
    let section = app.store.section(&section).await?;
    let latest = app
        .store
        .latest_in_section(section.id, app.now(), FEED_ITEMS, 0)
        .await?;
    let path = format!("/{}", section.slug);
    let title = format!("{} — {}", section.name, app.config.site_name);
    let view = feed(&app, title, &path, &format!("{path}/rss"), &latest);
    render_feed(
        &app,
        "feeds/rss.xml",
        "application/rss+xml; charset=utf-8",
        &view,
    )
}
