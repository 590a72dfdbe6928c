//! `/cari?q=`: search. Until the full-text index arrives this finds live
//! articles whose headline or lede holds every word of the query, newest
//! first, with a helpful page when nothing matches.

use super::page::{Card, Chrome, Meta, Pagination, page_number, render};
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Words of a query that are used; the rest is ignored.
const MAX_WORDS: usize = 8;

/// `?q=&halaman=`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    halaman: Option<String>,
}

#[derive(Serialize)]
struct SearchPage {
    meta: Meta,
    chrome: Chrome,
    query: String,
    searched: bool,
    cards: Vec<Card>,
    pagination: Pagination,
}

/// `/cari`
pub async fn show_search(
    State(app): State<Arc<App>>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let now = app.now();
    let page = page_number(query.halaman.as_deref())?;
    let text: String = query.q.unwrap_or_default().chars().take(200).collect();
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect();
    let per_page = app.config.lists.per_page;
    let mut found = if words.is_empty() {
        Vec::new()
    } else {
        app.store
            .search_titles(
                &words,
                now,
                per_page as i64 + 1,
                ((page - 1) * per_page) as i64,
            )
            .await?
    };
    let has_next = found.len() > per_page;
    found.truncate(per_page);
    let heading = app.config.labels.get("search_results").to_owned();
    let mut meta = Meta::page(&app, format!("{heading}: {text}"), heading, "/cari");
    meta.noindex = true;
    let path = format!("/cari?q={}", urlencode(&text));
    let mut pagination = Pagination::new(&path, page, has_next);
    // The query string already has a `?`.
    pagination.previous = pagination
        .previous
        .map(|p| p.replace("?halaman", "&halaman"));
    pagination.next = pagination.next.map(|p| p.replace("?halaman", "&halaman"));
    let view = SearchPage {
        meta,
        chrome: Chrome::new(&app, now),
        searched: !words.is_empty(),
        query: text,
        cards: Card::all(&app, &found, now),
        pagination,
    };
    render(&app, "reader/search.html", &view)
}

fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
