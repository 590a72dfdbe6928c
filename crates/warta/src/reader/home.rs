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
    // In the main column a story appears once: a section block leaves out
    // the headline and what Terkini shows (the side rails may repeat it).
    let mut shown: Vec<_> = lists
        .latest
        .iter()
        .filter(|s| Some(s.id) != headline_id)
        .take(app.config.lists.latest)
        .map(|s| s.id)
        .chain(headline_id)
        .collect();
    let mut sections = Vec::new();
    for (section, newest) in &lists.sections {
        let fresh: Vec<_> = newest
            .iter()
            .filter(|s| !shown.contains(&s.id))
            .take(crate::lists::SECTION_BLOCK)
            .collect();
        if fresh.is_empty() {
            continue;
        }
        shown.extend(fresh.iter().map(|s| s.id));
        sections.push(SectionBlock {
            section: Link {
                name: section.name.clone(),
                url: format!("/{}", section.slug),
            },
            cards: Card::all(&app, fresh, now),
        });
    }
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
