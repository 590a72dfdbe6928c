//! `/cari?q=`: full-text search over the search index, which understands
//! Indonesian word forms. Relevance with a recency prior, highlighted
//! headlines and passages, filters by section (`kanal`) and date (`dari`,
//! `sampai`), pagination, phrases in quotes, and a helpful page when
//! nothing matches.

use super::page::{Card, Chrome, Meta, Pagination, page_number, render};
use crate::app::App;
use crate::error::AppError;
use anyhow::Context;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::ArticleId;
use warta_search::SearchQuery;

/// Longest query used, in characters.
const MAX_QUERY: usize = 200;

/// `?q=&kanal=&dari=&sampai=&halaman=`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    kanal: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    halaman: Option<String>,
}

/// One result: the article's card with the matches marked.
#[derive(Serialize)]
struct Result {
    card: Card,
    /// Escaped headline with `<mark>`s, from the index.
    title_html: String,
    /// Escaped passage with `<mark>`s, from the index.
    snippet_html: String,
}

#[derive(Serialize)]
struct SectionOption {
    slug: String,
    name: String,
    selected: bool,
}

#[derive(Serialize)]
struct SearchPage {
    meta: Meta,
    chrome: Chrome,
    query: String,
    searched: bool,
    total: usize,
    results: Vec<Result>,
    sections: Vec<SectionOption>,
    from: String,
    to: String,
    pagination: Pagination,
}

/// A `YYYY-MM-DD` filter date, or an error naming the parameter.
fn date(name: &str, value: Option<&str>) -> std::result::Result<Option<NaiveDate>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AppError::BadRequest(format!("{name} {text:?} is not a date like 2024-12-07"))
            }),
    }
}

/// `/cari`
pub async fn show_search(
    State(app): State<Arc<App>>,
    Query(params): Query<SearchParams>,
) -> std::result::Result<Response, AppError> {
    let now = app.now();
    let tz = &app.config.time_zone;
    let page = page_number(params.halaman.as_deref())?;
    let text: String = params
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(MAX_QUERY)
        .collect();
    let section = params.kanal.filter(|s| !s.is_empty());
    let from = date("dari", params.dari.as_deref())?;
    let to = date("sampai", params.sampai.as_deref())?;
    let per_page = app.config.lists.per_page;
    let searched = text.chars().any(char::is_alphanumeric);

    let (total, results) = if searched {
        let query = SearchQuery {
            text: text.clone(),
            section: section.clone(),
            from: from.map(|d| tz.day_start(d)),
            to: to.and_then(|d| d.succ_opt()).map(|d| tz.day_start(d)),
            offset: (page - 1) * per_page,
            limit: per_page,
        };
        let app_for_search = app.clone();
        let found = tokio::task::spawn_blocking(move || app_for_search.search.search(&query, now))
            .await
            .context("search panicked")?
            .context("search failed")?;
        let ids: Vec<ArticleId> = found.hits.iter().map(|h| ArticleId(h.id)).collect();
        // The store has the last word: only what is live now is shown.
        let summaries = app.store.summaries(&ids, now).await?;
        let results = found
            .hits
            .into_iter()
            .filter_map(|hit| {
                let summary = summaries.iter().find(|s| s.id.0 == hit.id)?;
                Some(Result {
                    card: Card::new(&app, summary, now),
                    title_html: hit.title_html,
                    snippet_html: hit.snippet_html,
                })
            })
            .collect();
        (found.total, results)
    } else {
        (0, Vec::new())
    };
    if searched && total > 0 && (page - 1) * per_page >= total {
        return Err(AppError::NotFound);
    }

    let mut path = format!("/cari?q={}", urlencode(&text));
    for (name, value) in [
        ("kanal", section.clone().unwrap_or_default()),
        ("dari", from.map(|d| d.to_string()).unwrap_or_default()),
        ("sampai", to.map(|d| d.to_string()).unwrap_or_default()),
    ] {
        if !value.is_empty() {
            path.push_str(&format!("&{name}={}", urlencode(&value)));
        }
    }
    let mut pagination = Pagination::new(&path, page, page * per_page < total);
    // The query string already has a `?`.
    pagination.previous = pagination
        .previous
        .map(|p| p.replace("?halaman", "&halaman"));
    pagination.next = pagination.next.map(|p| p.replace("?halaman", "&halaman"));

    let heading = app.config.labels.get("search_results").to_owned();
    let mut meta = Meta::page(&app, format!("{heading}: {text}"), heading, "/cari");
    meta.noindex = true;
    let sections = app
        .lists()
        .sections
        .iter()
        .map(|(s, _)| SectionOption {
            slug: s.slug.to_string(),
            name: s.name.clone(),
            selected: section.as_deref() == Some(s.slug.as_str()),
        })
        .collect();
    let view = SearchPage {
        meta,
        chrome: Chrome::new(&app, now),
        searched,
        total,
        query: text,
        results,
        sections,
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
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
