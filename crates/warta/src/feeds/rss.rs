//! RSS 2.0 feeds of the newest articles: `/rss` for the whole portal,
//! `/{section}/rss`, `/tag/{tag}/rss` and `/penulis/{author}/rss`; each
//! item with its description, byline, categories and picture; and the
//! entries of a live blog, `/langsung/{id}/rss`.

use super::render_feed;
use super::seo::{description, newsroom_name};
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;
use warta_core::{Article, ArticleSummary, Variant};

/// Items per feed.
const FEED_ITEMS: i64 = 30;

/// One `<item>`: what feed readers and aggregators (Google News,
/// Flipboard) read of an article.
#[derive(Debug, PartialEq, Serialize)]
pub struct FeedItem {
    title: String,
    link: String,
    /// The lede, else the opening of the body; never empty.
    description: String,
    /// The byline: its authors, else the newsroom.
    creator: String,
    /// The section, then the tags.
    categories: Vec<String>,
    /// The featured picture (1200 px wide when from the library).
    image: Option<FeedImage>,
    pub_date: String,
}

/// `<media:content>` of an item.
#[derive(Debug, PartialEq, Serialize)]
pub struct FeedImage {
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    caption: String,
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

/// The item of a live article.
pub fn feed_item(app: &App, article: &Article) -> FeedItem {
    let mut categories = vec![article.section.name.clone()];
    categories.extend(article.tags.iter().map(|t| t.name.clone()));
    FeedItem {
        title: article.title.clone(),
        link: app.absolute(&article.path(&app.config.time_zone)),
        description: description(article),
        creator: if article.authors.is_empty() {
            newsroom_name(app)
        } else {
            article
                .authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        },
        categories,
        image: article.image.as_ref().map(|image| {
            let picture = image.picture(Variant::Social);
            FeedImage {
                url: app.absolute(&picture.url),
                width: picture.width,
                height: picture.height,
                caption: image.caption.clone(),
            }
        }),
        pub_date: article
            .published_at
            .unwrap_or(article.updated_at)
            .to_rfc2822(),
    }
}

/// The items of the articles of `summaries`, newest first as given (each
/// read whole: a feed carries bylines, tags and pictures; the page cache
/// keeps the result).
async fn feed_items(app: &App, summaries: &[ArticleSummary]) -> Result<Vec<FeedItem>, AppError> {
    let mut items = Vec::with_capacity(summaries.len());
    for summary in summaries {
        let article = app.store.article(summary.id).await?;
        items.push(feed_item(app, &article));
    }
    Ok(items)
}

async fn feed(
    app: &App,
    title: String,
    path: &str,
    self_path: &str,
    latest: &[ArticleSummary],
) -> Result<Response, AppError> {
    let view = Feed {
        title,
        link: app.absolute(path),
        self_link: app.absolute(self_path),
        description: app.config.tagline.clone(),
        language: app.config.locale.code(),
        last_build_date: latest
            .iter()
            .map(|s| s.modified_at)
            .max()
            .unwrap_or_else(|| app.now())
            .to_rfc2822(),
        items: feed_items(app, latest).await?,
    };
    render_feed(
        app,
        "feeds/rss.xml",
        "application/rss+xml; charset=utf-8",
        &view,
    )
}

/// `/rss`
pub async fn site_feed(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let latest = app.store.latest(app.now(), FEED_ITEMS, 0).await?;
    feed(&app, app.config.site_name.clone(), "/", "/rss", &latest).await
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
    feed(&app, title, &path, &format!("{path}/rss"), &latest).await
}

/// `/tag/{tag}/rss`: there only while a live article carries the tag.
pub async fn tag_feed(
    State(app): State<Arc<App>>,
    Path(tag): Path<String>,
) -> Result<Response, AppError> {
    let tag = app.store.tag(&tag).await?;
    let latest = app
        .store
        .latest_with_tag(tag.id, app.now(), FEED_ITEMS, 0)
        .await?;
    if latest.is_empty() {
        return Err(AppError::NotFound);
    }
    let path = format!("/tag/{}", tag.slug);
    let title = format!("{} — {}", tag.name, app.config.site_name);
    feed(&app, title, &path, &format!("{path}/rss"), &latest).await
}

/// `/penulis/{author}/rss`: there only while a live article carries the
/// byline.
pub async fn author_feed(
    State(app): State<Arc<App>>,
    Path(author): Path<String>,
) -> Result<Response, AppError> {
    let author = app.store.author(&author).await?;
    let latest = app
        .store
        .latest_by_author(author.id, app.now(), FEED_ITEMS, 0)
        .await?;
    if latest.is_empty() {
        return Err(AppError::NotFound);
    }
    let path = format!("/penulis/{}", author.slug);
    let title = format!("{} — {}", author.name, app.config.site_name);
    feed(&app, title, &path, &format!("{path}/rss"), &latest).await
}

/// `/langsung/{id}/rss`: the entries of an article followed live, newest
/// first, each linking to its place on the page.
pub async fn live_feed(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = app.store.article(warta_core::ArticleId(id)).await?;
    if !article.is_live(app.now()) || app.store.live_blog(article.id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let page = app.absolute(&article.path(&app.config.time_zone));
    let entries = app.store.live_entries(article.id, 0).await?;
    let items = entries
        .iter()
        .rev()
        .take(FEED_ITEMS as usize)
        .map(|entry| {
            let text = warta_core::Body::from_sanitised_html(entry.body_html.clone()).plain_text();
            let mut title: String = text.chars().take(110).collect();
            if title.len() < text.len() {
                title.push('…');
            }
            FeedItem {
                title,
                link: format!("{page}#entri-{}", entry.id),
                description: text,
                creator: entry.author.clone().unwrap_or_else(|| newsroom_name(&app)),
                categories: vec![article.section.name.clone()],
                image: None,
                pub_date: entry.created_at.to_rfc2822(),
            }
        })
        .collect();
    let view = Feed {
        title: article.title.clone(),
        link: page,
        self_link: app.absolute(&format!("/langsung/{id}/rss")),
        description: crate::feeds::seo::description(&article),
        language: app.config.locale.code(),
        last_build_date: entries
            .last()
            .map_or(article.updated_at, |e| e.created_at)
            .to_rfc2822(),
        items,
    };
    render_feed(
        &app,
        "feeds/rss.xml",
        "application/rss+xml; charset=utf-8",
        &view,
    )
}
