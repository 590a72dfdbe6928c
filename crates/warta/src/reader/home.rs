//! The home page: the headline story, Terkini, Terpopuler, Pilihan and a
//! block per section, all from the lists snapshot.

use super::legacy::redirect_old_query;
use super::page::{Card, Chrome, Link, Meta, render};
use crate::app::App;
use crate::error::AppError;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct SectionBlock {
    section: Link,
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct HomePage {
    meta: Meta,
    chrome: Chrome,
    headline: Option<Card>,
    latest: Vec<Card>,
    sections: Vec<SectionBlock>,
}

/// `/`
pub async fn show_home(State(app): State<Arc<App>>, uri: Uri) -> Result<Response, AppError> {
    // `/?p=12` and the like: a WordPress site's plain addresses.
    if let Some(query) = uri.query()
        && let Some(moved) = redirect_old_query(&app, query).await?
    {
        return Ok(moved);
    }
    let now = app.now();
    let lists = app.lists();
    let headline = lists.headline.as_ref().map(|s| Card::new(&app, s, now));
    let headline_id = lists.headline.as_ref().map(|s| s.id);
    let latest = Card::all(
        &app,
        lists
            .latest
            .iter()
            .filter(|s| Some(s.id) != headline_id)
            .take(app.config.lists.latest),
        now,
    );
    let sections = lists
        .sections
        .iter()
        .map(|(section, newest)| SectionBlock {
            section: Link {
                name: section.name.clone(),
                url: format!("/{}", section.slug),
            },
            cards: Card::all(&app, newest, now),
        })
        .collect();
    let mut meta = Meta::page(
        &app,
        app.config.site_name.clone(),
        app.config.tagline.clone(),
        "/",
    );
    meta.feed = Some(app.absolute("/rss"));
    let page = HomePage {
        meta,
        chrome: Chrome::new(&app, now),
        headline,
        latest,
        sections,
    };
    render(&app, "reader/home.html", &page)
}
