//! The page cache: reader pages and feeds as rendered, held in memory,
//! compressed once per version, answered with an ETag (and 304 when the
//! reader has it already).
//!
//! Freshness is exact rather than timed. Every page shows the site-wide
//! lists (Terkini, Terpopuler, Pilihan), so a change anywhere (publish,
//! update, unpublish, picks, a new order of the most read) changes every
//! page: the cache keeps one site version, and an entry rendered for an
//! older version is stale. The version moves the moment the newsroom
//! writes ([`PageCache::invalidate`] from `App::after_write`) and when
//! the refresh job sees the store or the lists differ from what the pages
//! were rendered from, so a change made by another process or node shows
//! within one refresh interval. Entries also expire after `max_age`, since
//! pages say "5 menit lalu".
//!
//! The most read move by themselves, every few seconds under traffic, and
//! make every page stale though no article changed ([`PageCache::relist`]).
//! An article page's entry keeps what its render read from the store
//! ([`LoadedArticle`]), so its next render after such a change needs no
//! query: on 1,000 article pages read at random that is 1,000 renders
//! every few seconds, and the store was most of each.
//!
//! Under a spike a stale entry is re-rendered by one request while the
//! others keep getting the previous version for the millisecond that
//! takes, so a change never sends every reader to the database at once.
//! An article the newsroom changes or takes down is dropped from the cache
//! outright (`App::after_write`), so not even those get the old text.
//! Views are still counted on every hit: an article page's entry knows its
//! article.

pub mod pages;

pub use pages::{CacheCounts, PageCache, PageOfArticle, PagesSource};

use crate::app::App;
use crate::ranking::{Source, counts_as_reader};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use pages::Entry;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The middleware in front of the reader pages and feeds.
pub async fn cache_pages(
    State(app): State<Arc<App>>,
    mut request: Request,
    next: Next,
) -> Response {
    let cache = &app.pages;
    if cache.max_entries == 0 || !is_cacheable_request(&request) {
        return next.run(request).await;
    }
    let mut claim = None;
    if let Some(entry) = cache.get(cache_key(&request)) {
        // A stale entry is re-rendered by the first request that sees it;
        // the others are answered with it meanwhile.
        if cache.is_fresh(&entry) || entry.refreshing.swap(true, Ordering::SeqCst) {
            cache.hits.fetch_add(1, Ordering::Relaxed);
            // A hit borrows what it reads of the request; only a miss,
            // whose request the handler takes, copies its path and headers.
            let headers = request.headers();
            if let Some(loaded) = &entry.article
                && counts_as_reader(headers)
            {
                app.views.record(
                    loaded.article.id,
                    app.now().timestamp(),
                    Source::of(headers),
                );
            }
            return entry.respond(headers);
        }
        if let Some(loaded) = cache.reusable(&entry) {
            cache.reused.fetch_add(1, Ordering::Relaxed);
            request.extensions_mut().insert(loaded);
        }
        claim = Some(Claim(entry));
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    // Kept past the request, which the handler takes.
    let key = cache_key(&request).to_owned();
    let headers = request.headers().clone();
    // Taken before rendering: a change during the render leaves the new
    // entry stale at once rather than fresh with old content.
    let content = cache.content.load(Ordering::SeqCst);
    let version = cache.version.load(Ordering::SeqCst);
    let response = next.run(request).await;
    match Entry::from_response(response, version, content).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            cache.insert(key, entry.clone());
            entry.respond(&headers)
        }
        Err(response) => {
            if claim.is_some() {
                // Gone or failing now (unpublished, say): the old copy goes.
                cache.remove(&key);
            }
            response
        }
    }
}

/// The right to re-render a stale entry, given back when the request ends
/// however it ends: a reader who hangs up mid-render must not leave the
/// stale copy claimed, and so served, for good.
struct Claim(Arc<Entry>);

impl Drop for Claim {
    fn drop(&mut self) {
        self.0.refreshing.store(false, Ordering::SeqCst);
    }
}

/// What a page is cached under: its path and query.
fn cache_key(request: &Request) -> &str {
    request.uri().path_and_query().map_or("", |p| p.as_str())
}

/// Reader GET requests without credentials: the same page for everyone.
fn is_cacheable_request(request: &Request) -> bool {
    let path = request.uri().path();
    (request.method() == Method::GET || request.method() == Method::HEAD)
        && !["/redaksi", "/api/", "/static/", "/media/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        && !request.headers().contains_key(header::AUTHORIZATION)
}
