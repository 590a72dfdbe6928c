//! `GET /api/v1/search?q=&kanal=&dari=&sampai=&halaman=`: the search of
//! `/cari` as JSON, for apps. Public, like the page.

use super::ApiError;
use crate::app::App;
use crate::reader::search::{SearchParams, SearchRequest, run_search};
use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use std::sync::Arc;

/// Results per page.
const PER_PAGE: usize = 20;

/// One result.
#[derive(Serialize)]
pub struct SearchItem {
    id: i64,
    title: String,
    url: String,
    section: String,
    published_at: String,
    lede: String,
    /// Headline, HTML-escaped, matches in `<mark>`.
    title_html: String,
    /// Passage of the body, HTML-escaped, matches in `<mark>`.
    snippet_html: String,
}

/// A page of results.
#[derive(Serialize)]
pub struct SearchResponse {
    query: String,
    /// Matching articles, or at least so many when not `total_exact`.
    total: usize,
    /// Whether `total` was counted (a passage or a common word is not).
    total_exact: bool,
    page: usize,
    per_page: usize,
    /// What the reader probably meant, when a word looks mistyped (first
    /// page only); the results are for the words as given.
    suggestion: Option<String>,
    results: Vec<SearchItem>,
}

/// `GET /api/v1/search`
pub async fn search_articles(
    State(app): State<Arc<App>>,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchRequest::new(params)?;
    let found = run_search(&app, &request, PER_PAGE, false).await?;
    let tz = &app.config.time_zone;
    Ok(Json(SearchResponse {
        total: found.total,
        total_exact: found.total_exact,
        page: request.page,
        per_page: PER_PAGE,
        suggestion: found.suggestion,
        results: found
            .results
            .into_iter()
            .map(|(summary, marked)| SearchItem {
                id: summary.id.0,
                url: app.absolute(&summary.path(tz)),
                section: summary.section_slug.to_string(),
                published_at: summary.published_at.to_rfc3339(),
                title: summary.title,
                lede: summary.lede,
                title_html: marked.title_html,
                snippet_html: marked.snippet_html,
            })
            .collect(),
        query: request.text,
    }))
}
