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
use crate::headers::Defences;
use crate::ranking::{Source, counts_as_reader};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::future::RouteFuture;
use futures_util::future::{Either, Ready, ready};
use pages::{Accepted, Entry};
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::Service;

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
            let headers = request.headers();
            return hit(&app, &entry, headers, &pages::accepted_encodings(headers));
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
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| Box::from(path.as_str()));
    let defences = Defences::for_path(request.uri().path());
    // Taken before rendering: a change during the render leaves the new
    // entry stale at once rather than fresh with old content.
    let content = cache.content.load(Ordering::SeqCst);
    let version = cache.version.load(Ordering::SeqCst);
    let response = next.run(request).await;
    match Entry::from_response(response, version, content, route, defences).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            cache.insert(key, entry.clone());
            entry.respond(&headers, &pages::accepted_encodings(&headers))
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

/// A page answered from the cache. A hit borrows what it reads of the
/// request; only a miss, whose request the handler takes, copies its path
/// and headers.
fn hit(app: &App, entry: &Entry, headers: &HeaderMap, accepted: &Accepted) -> Response {
    app.pages.hits.fetch_add(1, Ordering::Relaxed);
    if let Some(loaded) = &entry.article
        && counts_as_reader(headers)
    {
        app.views.record(
            loaded.article.id,
            app.now().timestamp(),
            Source::of(headers),
        );
    }
    entry.respond(headers, accepted)
}

/// The service in front of the router: a page the cache holds fresh is
/// answered before routing and the layers around every route. Those cost
/// more than the answer itself (a third of a cached page's CPU, profiled
/// at 50,000 pages a second), so a hit here does only what they would
/// have done to it: the security headers (kept with the page) and the
/// request's metrics. It writes no trace span. A stale page is answered
/// here only while another request re-renders it; everything else (a
/// miss, a stale page to claim, HEAD, a request refusing every form a
/// page is kept in) goes to the router and [`cache_pages`] as before.
#[derive(Clone)]
pub struct CachedFirst {
    app: Arc<App>,
    router: Router,
}

impl CachedFirst {
    /// In front of `router`, the router of `app`.
    pub fn new(app: Arc<App>, router: Router) -> CachedFirst {
        CachedFirst { app, router }
    }

    fn answer(&self, request: &Request) -> Option<Response> {
        let cache = &self.app.pages;
        // HEAD is left to the router, which drops the body.
        if cache.max_entries == 0
            || request.method() != Method::GET
            || !is_cacheable_request(request)
        {
            return None;
        }
        // Read once, for this check and the answer.
        let accepted = pages::accepted_encodings(request.headers());
        if !accepted.any() {
            return None;
        }
        let started = Instant::now();
        let entry = cache.get(cache_key(request))?;
        // A stale page is claimed for its re-render in `cache_pages`
        // only; here it is answered only while another request has it.
        if !cache.is_fresh(&entry) && !entry.refreshing.load(Ordering::SeqCst) {
            return None;
        }
        // Its security headers are kept with it.
        let response = hit(&self.app, &entry, request.headers(), &accepted);
        self.app.metrics.observe(
            entry.route.as_deref().unwrap_or("unmatched"),
            response.status(),
            started.elapsed(),
        );
        Some(response)
    }
}

impl Service<Request> for CachedFirst {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, RouteFuture<Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The router is always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.answer(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.router.call(request)),
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
