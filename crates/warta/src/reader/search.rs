//! `/cari?q=`: full-text search over the search index, which understands
//! Indonesian word forms. Relevance with a recency prior, highlighted
//! headlines and passages, filters by section (`kanal`) and date (`dari`,
//! `sampai`), pagination, phrases in quotes, and a helpful page when
//! nothing matches. `/cari/saran?q=`: the topics and headlines offered
//! under the search box as the reader types.

use super::page::{Card, Chrome, Meta, Pagination, page_number, render};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use anyhow::Context;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::format_count;
use warta_core::{ArticleId, ArticleSummary};
use warta_search::{PASSAGE_SOURCE_CHARS, SearchQuery};

/// Longest query used, in characters: room for a pasted paragraph (a
/// sentence or three, some 60 words), which finds its article far more
/// surely than its first 200 characters do; each word is one more term
/// to score, so the bound also bounds the work.
const MAX_QUERY: usize = 500;

/// Longest query the heading echoes whole, in characters (about a
/// headline's length; a longer one is cut at a word).
const HEADING_QUERY_CHARS: usize = 80;
/// Longest text completed as it is typed, in characters.
const MAX_TYPED: usize = 100;
/// Letters typed before anything is offered.
const MIN_TYPED: usize = 2;
/// Headlines offered as the reader types.
const SUGGESTED_HEADLINES: usize = 5;
/// Topics (stories) offered as the reader types.
const SUGGESTED_TOPICS: i64 = 3;

/// `?q=&kanal=&dari=&sampai=&halaman=`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    kanal: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    halaman: Option<String>,
    /// `persis=1`: the words exactly as typed, never corrected (the link
    /// under a corrected search).
    #[serde(default)]
    persis: Option<String>,
}

impl SearchParams {
    /// A search for `text` across the whole site.
    pub fn words(text: &str) -> SearchParams {
        SearchParams {
            q: Some(text.to_owned()),
            kanal: None,
            dari: None,
            sampai: None,
            halaman: None,
            persis: None,
        }
    }
}

/// One result: the article's card with the matches marked.
#[derive(Serialize)]
struct Result {
    card: Card,
    /// Escaped headline with the query's words in `<mark>`.
    title_html: String,
    /// Escaped passage of the body with the query's words in `<mark>`.
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
    /// "Mungkin maksud Anda: ...", or the results shown for it.
    suggestion: Option<Suggestion>,
    meta: Meta,
    chrome: Chrome,
    query: String,
    /// The query as the heading echoes it: a pasted passage shortened.
    query_heading: String,
    searched: bool,
    total: usize,
    /// `total` as the locale writes it.
    total_text: String,
    total_exact: bool,
    results: Vec<Result>,
    sections: Vec<SectionOption>,
    from: String,
    to: String,
    pagination: Pagination,
    /// The index is being built from the database (new, or set aside
    /// damaged): results may be missing for a while.
    rebuilding: bool,
}

#[derive(Serialize)]
struct Suggestion {
    text: String,
    url: String,
    /// The results are for it (the words as typed found nothing).
    corrected: bool,
    /// The words as typed, searched for without a correction.
    typed_url: String,
}

/// A `YYYY-MM-DD` filter date, or an error naming the parameter.
fn date(
    name: &'static str,
    value: Option<&str>,
) -> std::result::Result<Option<NaiveDate>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest(Message::BadDate(name, text.to_owned()))),
    }
}

/// A search as the page and the API ask it: checked parameters.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The words, at most [`MAX_QUERY`] characters.
    pub text: String,
    /// Section slug filter.
    pub section: Option<String>,
    /// First day (portal time zone).
    pub from: Option<NaiveDate>,
    /// Last day, included.
    pub to: Option<NaiveDate>,
    /// Page number, from 1.
    pub page: usize,
}

impl SearchRequest {
    /// Checks the query string; bad dates and page numbers are errors.
    pub fn new(params: SearchParams) -> std::result::Result<SearchRequest, AppError> {
        Ok(SearchRequest {
            text: params
                .q
                .unwrap_or_default()
                .trim()
                .chars()
                .take(MAX_QUERY)
                .collect(),
            section: params.kanal.filter(|s| !s.is_empty()),
            from: date("dari", params.dari.as_deref())?,
            to: date("sampai", params.sampai.as_deref())?,
            page: page_number(params.halaman.as_deref())?,
        })
    }

    /// Whether there is anything to search for.
    pub fn has_words(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
}

/// What a search found: the total and this page's live articles with their
/// highlighted headline and passage.
pub struct Found {
    /// Matching articles in all, or at least (see `total_exact`).
    pub total: usize,
    /// Whether `total` was counted; a passage or a common word is not
    /// (every article holding its commonest word matches, and counting
    /// the rest would cost more than finding the best).
    pub total_exact: bool,
    /// Whether a page follows this one.
    pub more: bool,
    /// This page, best first.
    pub results: Vec<(ArticleSummary, Marked)>,
    /// What the reader probably meant, when a word was probably mistyped
    /// (first page only).
    pub suggestion: Option<String>,
    /// The results are for [`Found::suggestion`]: the words as typed found
    /// nothing.
    pub corrected: bool,
}

/// A result's headline and passage with the query's words marked.
pub struct Marked {
    /// The headline, escaped, matches in `<mark>`.
    pub title_html: String,
    /// A passage of the body, escaped, matches in `<mark>`.
    pub snippet_html: String,
}

/// Runs a search on the index; the store has the last word, so only what is
/// live now is returned.
pub async fn run_search(
    app: &Arc<App>,
    request: &SearchRequest,
    per_page: usize,
    correct_if_empty: bool,
) -> std::result::Result<Found, AppError> {
    if !request.has_words() {
        return Ok(Found {
            total: 0,
            total_exact: true,
            more: false,
            results: Vec::new(),
            suggestion: None,
            corrected: false,
        });
    }
    let suggestion = if request.page == 1 {
        let app = app.clone();
        let text = request.text.clone();
        tokio::task::spawn_blocking(move || app.search.suggest(&text))
            .await
            .context("search panicked")?
            .context("suggesting failed")?
    } else {
        None
    };
    let found = search_page(app, request, &request.text, per_page).await?;
    match suggestion {
        Some(meant) if found.total == 0 && correct_if_empty => {
            let found = search_page(app, request, &meant, per_page).await?;
            Ok(Found {
                corrected: found.total > 0,
                suggestion: Some(meant),
                ..found
            })
        }
        suggestion => Ok(Found {
            suggestion,
            ..found
        }),
    }
}

/// One page of the results of `text` with the request's filters.
async fn search_page(
    app: &Arc<App>,
    request: &SearchRequest,
    text: &str,
    per_page: usize,
) -> std::result::Result<Found, AppError> {
    let now = app.now();
    let tz = &app.config.time_zone;
    let query = SearchQuery {
        text: text.to_owned(),
        section: request.section.clone(),
        from: request.from.map(|d| tz.day_start(d)),
        to: request
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| tz.day_start(d)),
        offset: (request.page - 1) * per_page,
        limit: per_page,
    };
    let app_for_search = app.clone();
    let found = tokio::task::spawn_blocking(move || app_for_search.search.search(&query, now))
        .await
        .context("search panicked")?
        .context("search failed")?;
    // A total that was not counted is only a floor: the page's own
    // results say whether it and the next one exist.
    let beyond = if found.total_exact {
        found.total > 0 && (request.page - 1) * per_page >= found.total
    } else {
        found.hits.is_empty()
    };
    if beyond {
        return Err(AppError::NotFound);
    }
    let more = if found.total_exact {
        request.page * per_page < found.total
    } else {
        found.hits.len() == per_page
    };
    // The texts to mark come from the store (the index keeps none), which
    // also has the last word on what is live.
    let ids: Vec<ArticleId> = found.hits.iter().map(|h| ArticleId(h.id)).collect();
    let live = app
        .store
        .summaries_with_openings(&ids, now, PASSAGE_SOURCE_CHARS)
        .await?;
    let results = live
        .into_iter()
        .map(|(summary, opening)| {
            let marked = Marked {
                title_html: found.marks.headline(&summary.title),
                snippet_html: found.marks.passage(&opening),
            };
            (summary, marked)
        })
        .collect();
    Ok(Found {
        total: found.total,
        total_exact: found.total_exact,
        more,
        results,
        suggestion: None,
        corrected: false,
    })
}

/// `/cari`
pub async fn show_search(
    State(app): State<Arc<App>>,
    Query(params): Query<SearchParams>,
) -> std::result::Result<Response, AppError> {
    let now = app.now();
    let as_typed = params.persis.as_deref() == Some("1");
    let request = SearchRequest::new(params)?;
    let per_page = app.config.lists.per_page;
    let found = run_search(&app, &request, per_page, !as_typed).await?;
    let results = found
        .results
        .into_iter()
        .map(|(summary, marked)| Result {
            card: Card::new(&app, &summary, now),
            title_html: marked.title_html,
            snippet_html: marked.snippet_html,
        })
        .collect();

    // Corrected results page on with the correction.
    let searched_text = match &found.suggestion {
        Some(meant) if found.corrected => meant.clone(),
        _ => request.text.clone(),
    };
    let mut path = format!("/cari?q={}", urlencode(&searched_text));
    for (name, value) in [
        ("kanal", request.section.clone().unwrap_or_default()),
        (
            "dari",
            request.from.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "sampai",
            request.to.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ] {
        if !value.is_empty() {
            path.push_str(&format!("&{name}={}", urlencode(&value)));
        }
    }
    let mut pagination = Pagination::new(&path, request.page, found.more);
    // The query string already has a `?`.
    pagination.previous = pagination
        .previous
        .map(|p| p.replace("?halaman", "&halaman"));
    pagination.next = pagination.next.map(|p| p.replace("?halaman", "&halaman"));

    let heading = app.config.labels.get("search_results").to_owned();
    let query_heading = crate::text::shortened(&request.text, HEADING_QUERY_CHARS);
    let mut meta = Meta::page(
        &app,
        format!("{heading}: {query_heading}"),
        heading,
        "/cari",
    );
    meta.noindex = true;
    let sections = app
        .lists()
        .sections
        .iter()
        .map(|(s, _)| SectionOption {
            slug: s.slug.to_string(),
            name: s.name.clone(),
            selected: request.section.as_deref() == Some(s.slug.as_str()),
        })
        .collect();
    let suggestion = found.suggestion.map(|meant| Suggestion {
        url: format!("/cari?q={}", urlencode(&meant)),
        text: meant,
        corrected: found.corrected,
        typed_url: format!("/cari?q={}&persis=1", urlencode(&request.text)),
    });
    let view = SearchPage {
        suggestion,
        meta,
        chrome: Chrome::new(&app, now),
        searched: request.has_words(),
        total: found.total,
        total_text: format_count(found.total as u64, app.config.locale),
        total_exact: found.total_exact,
        results,
        sections,
        from: request.from.map(|d| d.to_string()).unwrap_or_default(),
        to: request.to.map(|d| d.to_string()).unwrap_or_default(),
        query_heading,
        query: request.text,
        pagination,
        rebuilding: app.search.synced_until().is_none(),
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

/// `/cari/saran?q=`.
#[derive(Debug, Deserialize)]
pub struct TypedParams {
    q: Option<String>,
}

/// What `/cari/saran` offers.
#[derive(Serialize)]
pub struct Suggestions {
    query: String,
    /// Stories whose name holds the words typed.
    topics: Vec<Suggested>,
    /// Headlines that hold them, best first.
    headlines: Vec<Suggested>,
}

/// One suggestion: what to show, where it leads, and a line beside it.
#[derive(Serialize)]
pub struct Suggested {
    text: String,
    url: String,
    /// The date of a headline; empty for a topic.
    meta: String,
}

/// `GET /cari/saran?q=`: topics and headlines for what the reader is
/// typing in a search box, as JSON for `suggest.js`. Cached like the
/// pages, so a prefix typed by many readers is answered once per change
/// of the site.
pub async fn suggest_as_typed(
    State(app): State<Arc<App>>,
    Query(params): Query<TypedParams>,
) -> std::result::Result<axum::Json<Suggestions>, AppError> {
    let now = app.now();
    let typed: String = params
        .q
        .unwrap_or_default()
        .chars()
        .take(MAX_TYPED)
        .collect();
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // One letter begins too much to offer anything.
    if words.iter().map(|w| w.chars().count()).sum::<usize>() < MIN_TYPED {
        return Ok(axum::Json(Suggestions {
            query: typed,
            topics: Vec::new(),
            headlines: Vec::new(),
        }));
    }
    let topics = app
        .store
        .stories_named(&words, now, SUGGESTED_TOPICS)
        .await?
        .into_iter()
        .map(|story| Suggested {
            text: story.name,
            url: format!("/topik/{}", story.slug),
            meta: String::new(),
        })
        .collect();
    let searching = app.clone();
    let text = typed.clone();
    // Twice as many as shown: the index may still hold one just taken down.
    let hits = tokio::task::spawn_blocking(move || {
        searching
            .search
            .complete(&text, SUGGESTED_HEADLINES * 2, now)
    })
    .await
    .context("suggestions panicked")?
    .context("suggestions failed")?;
    let ids: Vec<ArticleId> = hits.iter().map(|h| ArticleId(h.id)).collect();
    let headlines = app
        .store
        .summaries(&ids, now)
        .await?
        .iter()
        .take(SUGGESTED_HEADLINES)
        .map(|summary| {
            let card = Card::new(&app, summary, now);
            Suggested {
                text: card.title,
                url: card.url,
                meta: card.date,
            }
        })
        .collect();
    Ok(axum::Json(Suggestions {
        query: typed,
        topics,
        headlines,
    }))
}
