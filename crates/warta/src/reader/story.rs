//! A story's own page (`/topik/{slug}`): the whole Kronologi of a
//! developing story, newest first, a page at a time.

use super::listing::PageQuery;
use super::page::{Card, Chrome, Meta, Pagination, page_number, render};
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use warta_store::StoreError;

#[derive(Serialize)]
struct StoryPage {
    meta: Meta,
    chrome: Chrome,
    name: String,
    count: i64,
    /// Since and until when the story ran: "16 September 2019".
    first: String,
    last: String,
    items: Vec<StoryEntry>,
    pagination: Pagination,
}

/// One article of the timeline; `current` is never set here (the timeline
/// macro marks the article being read on an article's page).
#[derive(Serialize)]
struct StoryEntry {
    card: Card,
    current: bool,
}

/// `/topik/{slug}`
pub async fn show_story(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = page_number(query.halaman())?;
    let story = match app.store.story_by_slug(&slug).await {
        Ok(story) => story,
        Err(StoreError::NotFound(_)) => return Err(AppError::NotFound),
        Err(other) => return Err(other.into()),
    };
    // A story merged into another: its address leads there for good.
    if let Some(into) = story.merged_into {
        let into = app.store.story(into).await?;
        return Ok((
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("/topik/{}", into.slug))],
        )
            .into_response());
    }
    let now = app.now();
    let per_page = app.config.lists.per_page;
    let count = app.store.count_story_articles(story.id, now).await?;
    let mut found = app
        .store
        .story_articles(
            story.id,
            now,
            per_page as i64 + 1,
            ((page - 1) * per_page) as i64,
        )
        .await?;
    if found.is_empty() {
        return Err(AppError::NotFound);
    }
    let has_next = found.len() > per_page;
    found.truncate(per_page);
    let tz = &app.config.time_zone;
    let locale = app.config.locale;
    let ends = app
        .store
        .story_articles(story.id, now, 1, (count - 1).max(0))
        .await?;
    let first = ends
        .first()
        .map_or(found[found.len() - 1].published_at, |s| s.published_at);
    let last = app
        .store
        .story_articles(story.id, now, 1, 0)
        .await?
        .first()
        .map_or(found[0].published_at, |s| s.published_at);
    let path = format!("/topik/{}", story.slug);
    let description = format!(
        "{}: {} — {}",
        app.config.labels.get("story"),
        story.name,
        app.config.site_name
    );
    let mut meta = Meta::page(app.as_ref(), story.name.clone(), description, &path);
    if page > 1 {
        meta.canonical = app.absolute(&format!("{path}?halaman={page}"));
    }
    let view = StoryPage {
        meta,
        chrome: Chrome::new(&app, now),
        name: story.name,
        count,
        first: warta_core::format_date(first, tz, locale),
        last: warta_core::format_date(last, tz, locale),
        items: found
            .iter()
            .map(|summary| StoryEntry {
                card: Card::new(&app, summary, now),
                current: false,
            })
            .collect(),
        pagination: Pagination::new(&path, page, has_next),
    };
    render(&app, "reader/story.html", &view)
}
