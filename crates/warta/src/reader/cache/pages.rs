//! The cache's storage and policy: pages by path and query, the site
//! version that makes them stale, what the pages were rendered from
//! ([`PagesSource`]) and the bounds on what is held.

use crate::headers::Defences;
use crate::reader::loaded::LoadedArticle;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::{Duration, Instant};

/// Largest page kept, in bytes; anything bigger is served uncached.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// What a CDN or browser in front may do with a page: keep it a second
/// (the freshness Warta itself keeps), and serve it while revalidating.
static CACHE_CONTROL: HeaderValue =
    HeaderValue::from_static("public, max-age=0, s-maxage=1, stale-while-revalidate=30");
static VARY: HeaderValue = HeaderValue::from_static("accept-encoding");
/// The `Content-Encoding` of each form a page is kept in: plain, brotli,
/// gzip.
const ENCODINGS: [Option<&str>; 3] = [None, Some("br"), Some("gzip")];
/// About what an entry's headers take: three maps of a dozen headers.
const KEPT_HEADERS_BYTES: usize = 4 * 1024;
/// Brotli quality for pages compressed once per version: near gzip's
/// speed, a tenth smaller.
const BROTLI_QUALITY: u32 = 5;

/// Marks a response as the page of an article, so a cached copy still
/// counts its views and can be rendered again from what was read for it.
#[derive(Debug, Clone)]
pub struct PageOfArticle(pub Arc<LoadedArticle>);

/// The page that lists the whole Terpopuler.
const POPULAR_PAGE: &str = "/terpopuler";

/// What cached pages were rendered from, as the refresh job reads it: the
/// store's content and change serial, the lists every page shows, and the
/// whole Terpopuler (its own page).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PagesSource {
    /// The store's content version (live count, last change) and change
    /// serial; `None` before the first refresh.
    pub content: Option<((i64, i64), i64)>,
    /// The fingerprint of the lists every page shows.
    pub shown: u64,
    /// The fingerprint of the whole Terpopuler.
    pub popular: u64,
}

/// Rendered pages by path and query.
pub struct PageCache {
    entries: RwLock<Held>,
    pub(super) version: AtomicU64,
    /// Moves with `version` except when only the site-wide lists changed:
    /// what an entry of the same content read from the store still holds.
    pub(super) content: AtomicU64,
    /// The version whose stale entries were last swept out of a full cache.
    swept: AtomicU64,
    pub(super) max_entries: usize,
    /// Bytes of rendered pages held at most (their compressed forms, made
    /// when first asked for, add about a third).
    max_bytes: usize,
    max_age: Duration,
    /// What the held pages were rendered from, as the refresh job last saw
    /// it (see [`PageCache::follow`]).
    source: Mutex<PagesSource>,
    pub(super) hits: AtomicU64,
    pub(super) misses: AtomicU64,
    pub(super) reused: AtomicU64,
}

/// What the cache has done since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheCounts {
    /// Pages answered from the cache.
    pub hits: u64,
    /// Pages rendered because the cache did not hold them fresh.
    pub misses: u64,
    /// Of those, article pages made again from what their previous render
    /// read: the site-wide lists alone had changed.
    pub reused: u64,
}

/// The pages held, and their rendered bytes.
#[derive(Default)]
struct Held {
    pages: HashMap<String, Arc<Entry>>,
    bytes: usize,
    /// The pages in the order they came in, for eviction: each key with
    /// the entry it came in with, so a key taken out, or put back since
    /// (its page made again), is passed over when it comes up; such are
    /// left until then, or until the queue is made anew.
    queue: VecDeque<(String, Weak<Entry>)>,
}

impl Held {
    fn take(&mut self, key: &str) {
        if let Some(entry) = self.pages.remove(key) {
            self.bytes -= entry.size();
        }
    }

    fn retain(&mut self, mut keep: impl FnMut(&str, &Entry) -> bool) {
        let mut bytes = self.bytes;
        self.pages.retain(|key, entry| {
            let kept = keep(key, entry);
            if !kept {
                bytes -= entry.size();
            }
            kept
        });
        self.bytes = bytes;
    }
}

/// One rendered page.
pub(super) struct Entry {
    version: u64,
    content: u64,
    born: Instant,
    /// The page's own tag, quoted; each encoding answers it with a suffix
    /// of its own.
    etag: String,
    /// The headers of the page in each encoding (plain, brotli, gzip), its
    /// security headers among them, as [`Entry::respond`] answers it: made
    /// once, not at every hit.
    answers: [HeaderMap; 3],
    /// When what the page shows last changed, as the handler said
    /// (`Last-Modified`): an article's content change.
    last_modified: Option<HeaderValue>,
    plain: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    /// The article of an article page, with what its render read.
    pub(super) article: Option<Arc<LoadedArticle>>,
    /// The route it was rendered by, as the request metrics name it.
    pub(super) route: Option<Box<str>>,
    /// Set by the one request that re-renders a stale entry.
    pub(super) refreshing: AtomicBool,
    /// Asked for since it came in or was last passed over by eviction.
    read_again: AtomicBool,
}

impl PageCache {
    /// A cache of at most `max_entries` pages (0: no caching) and
    /// `max_bytes` of them, each kept at most `max_age`.
    pub fn new(max_entries: usize, max_bytes: usize, max_age: Duration) -> PageCache {
        PageCache {
            entries: RwLock::new(Held::default()),
            version: AtomicU64::new(0),
            content: AtomicU64::new(0),
            swept: AtomicU64::new(0),
            max_entries,
            max_bytes,
            max_age,
            source: Mutex::new(PagesSource::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            reused: AtomicU64::new(0),
        }
    }

    /// Makes every cached page stale: something they show changed.
    pub fn invalidate(&self) {
        self.content.fetch_add(1, Ordering::SeqCst);
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    /// Makes every cached page stale because the site-wide lists changed,
    /// and nothing else: article pages are then made again from what their
    /// last render read.
    pub fn relist(&self) {
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    /// Follows what the pages are rendered from: a change of content makes
    /// every page stale; a change of the lists alone (the most read, by
    /// themselves) makes them stale but lets article pages be made again
    /// from what they read; a change in the tail of the most read only
    /// drops the page that shows it.
    pub fn follow(&self, now: PagesSource) {
        let mut before = self.source.lock().unwrap_or_else(|e| e.into_inner());
        if before.content != now.content {
            self.invalidate();
        } else if before.shown != now.shown {
            self.relist();
        } else if before.popular != now.popular {
            self.remove(POPULAR_PAGE);
        }
        *before = now;
    }

    /// Pages held now.
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .pages
            .len()
    }

    /// Bytes of rendered pages held now.
    pub fn bytes(&self) -> usize {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).bytes
    }

    /// Whether no page is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pages answered, rendered, and rendered without the store, so far.
    pub fn counts(&self) -> CacheCounts {
        CacheCounts {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let entry = self
            .entries
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .pages
            .get(key)
            .cloned()?;
        // Read first: a hot page's flag is already set, and a store to it
        // from every request would pass its cache line between the cores.
        if !entry.read_again.load(Ordering::Relaxed) {
            entry.read_again.store(true, Ordering::Relaxed);
        }
        Some(entry)
    }

    pub(super) fn is_fresh(&self, entry: &Entry) -> bool {
        entry.version == self.version.load(Ordering::SeqCst) && entry.born.elapsed() < self.max_age
    }

    /// What a stale article page read from the store, if it still holds:
    /// no content changed since, and it was read less than `max_age` ago
    /// (through any number of re-renders: the age bound stays a bound on
    /// everything a page shows).
    pub(super) fn reusable(&self, entry: &Entry) -> Option<Arc<LoadedArticle>> {
        let unchanged = entry.content == self.content.load(Ordering::SeqCst);
        entry
            .article
            .clone()
            .filter(|loaded| unchanged && loaded.read_at.elapsed() < self.max_age)
    }

    pub(super) fn insert(&self, key: String, entry: Arc<Entry>) {
        let size = entry.size();
        let mut held = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // The copy it replaces goes in any case: a page larger than the
        // whole budget is served, not kept, and no older copy of it stays.
        held.take(&key);
        if size > self.max_bytes {
            return;
        }
        let full = |held: &Held| {
            held.pages.len() >= self.max_entries || held.bytes + size > self.max_bytes
        };
        if full(&held) {
            // Full: drop what is stale first, then the oldest page not
            // asked for again since it came in, passing over (once) those
            // that were: a second chance (CLOCK). A crawl of the archive
            // then passes through the cache while the pages readers come
            // back to stay; dropped in the map's order instead, a full
            // cache went on dropping the same hot pages, and after a crawl
            // a thousand hot pages were served at the uncached rate.
            // Swept once per version: a miss-heavy load on a full cache must
            // not walk every entry on every insert.
            let version = self.version.load(Ordering::SeqCst);
            if self.swept.swap(version, Ordering::SeqCst) != version {
                held.retain(|_, e| e.version == version);
            }
            while full(&held) {
                let Some((victim, came_in)) = held.queue.pop_front() else {
                    break;
                };
                match held.pages.get(&victim) {
                    Some(kept) if !std::ptr::eq(came_in.as_ptr(), Arc::as_ptr(kept)) => {}
                    Some(kept) if kept.read_again.swap(false, Ordering::Relaxed) => {
                        held.queue.push_back((victim, came_in));
                    }
                    Some(_) => held.take(&victim),
                    None => {}
                }
            }
        }
        held.bytes += size;
        held.queue.push_back((key.clone(), Arc::downgrade(&entry)));
        held.pages.insert(key, entry);
        // What was taken out or put back (a sweep, a page dropped or made
        // again) is left in the queue: passed over when there are twice as
        // many as pages.
        if held.queue.len() > 2 * held.pages.len() + 64 {
            let Held { pages, queue, .. } = &mut *held;
            queue.retain(|(key, came_in)| {
                pages
                    .get(key)
                    .is_some_and(|kept| std::ptr::eq(came_in.as_ptr(), Arc::as_ptr(kept)))
            });
        }
    }

    /// Drops a page under every query string it was asked with, so it is
    /// never served stale again (an article taken down).
    pub fn remove_page(&self, path: &str) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|key, _| {
                key.strip_prefix(path)
                    .is_none_or(|rest| !rest.is_empty() && !rest.starts_with('?'))
            });
    }

    /// Drops one page (by path and query), which changed alone.
    pub fn remove(&self, key: &str) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take(key);
    }
}

impl Entry {
    /// The entry for a rendered response, or the response itself when it
    /// is not one to keep (not 200, personal, or too large).
    pub(super) async fn from_response(
        response: Response,
        version: u64,
        content: u64,
        route: Option<Box<str>>,
        defences: Defences,
    ) -> Result<Entry, Response> {
        let headers = response.headers();
        let keep = response.status() == StatusCode::OK
            && !headers.contains_key(header::SET_COOKIE)
            && !headers.contains_key(header::CONTENT_ENCODING)
            && !headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("no-store") || v.contains("private"));
        let Some(content_type) = headers.get(header::CONTENT_TYPE).cloned() else {
            return Err(response);
        };
        let last_modified = headers.get(header::LAST_MODIFIED).cloned();
        if !keep {
            return Err(response);
        }
        // Rendered pages know their length; a stream of unknown or large
        // size passes by.
        let small = response
            .body()
            .size_hint()
            .upper()
            .is_some_and(|n| n <= MAX_PAGE_BYTES as u64);
        if !small {
            return Err(response);
        }
        let article = response
            .extensions()
            .get::<PageOfArticle>()
            .map(|p| p.0.clone());
        let plain = match axum::body::to_bytes(response.into_body(), MAX_PAGE_BYTES).await {
            // A copy of exactly its length: the rendered string grew by
            // doubling, and bytes made of it keep all it reserved (6-9 MB
            // more resident with 36 MB of pages held, measured).
            Ok(bytes) => Bytes::copy_from_slice(&bytes),
            Err(error) => {
                tracing::warn!(%error, "cannot read a rendered page");
                return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
        };
        // A hash made for telling contents apart, not for secrecy:
        // SHA-256 of each page rendered took 2 % of an uncached article
        // page; XXH3 is several times faster, and the same on every node
        // and in every version.
        let etag = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&plain));
        let tags = tags_of(&etag);
        let answers = [0, 1, 2].map(|at| {
            let mut headers = HeaderMap::with_capacity(12);
            headers.insert(header::ETAG, tags[at].clone());
            headers.insert(header::CACHE_CONTROL, CACHE_CONTROL.clone());
            headers.insert(header::VARY, VARY.clone());
            if let Some(date) = &last_modified {
                headers.insert(header::LAST_MODIFIED, date.clone());
            }
            headers.insert(header::CONTENT_TYPE, content_type.clone());
            if let Some(encoding) = ENCODINGS[at] {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            defences.apply(&mut headers);
            headers
        });
        Ok(Entry {
            version,
            content,
            born: Instant::now(),
            answers,
            etag,
            last_modified,
            plain,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            article,
            route,
            refreshing: AtomicBool::new(false),
            read_again: AtomicBool::new(false),
        })
    }

    /// Bytes held for the cache's bound: the rendered page, its headers,
    /// and what was read for it (its compressed forms come on top).
    fn size(&self) -> usize {
        self.plain.len() + KEPT_HEADERS_BYTES + self.article.as_ref().map_or(0, |a| a.size())
    }

    /// The page for a request with these headers: 304 when the reader has
    /// this version (by its tag, else by its date), else the body in the
    /// best encoding the reader takes. Each encoding has a tag of its own
    /// (`"…-br"`, `"…-gz"`): a cache must never hand one to a reader who
    /// asked for another; a tag of any of them names this version.
    pub(super) fn respond(&self, request: &HeaderMap, accepted: &Accepted) -> Response {
        let at = if accepted.brotli {
            1
        } else if accepted.gzip {
            2
        } else {
            0
        };
        if self.not_modified(request) {
            // The same headers but those of a body, which a 304 has not.
            let mut headers = self.answers[at].clone();
            headers.remove(header::CONTENT_TYPE);
            headers.remove(header::CONTENT_ENCODING);
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let body = match at {
            1 => self.brotli.get_or_init(|| brotli(&self.plain)).clone(),
            2 => self.gzip.get_or_init(|| gzip(&self.plain)).clone(),
            _ => self.plain.clone(),
        };
        // The headers set whole, not merged one by one into the empty
        // response's.
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.answers[at].clone();
        response
    }

    /// Whether the reader has this version: a tag it sent names it, or,
    /// when it sent no tag, the date it has is not older than the page's.
    fn not_modified(&self, request: &HeaderMap) -> bool {
        if let Some(tags) = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            return tags.split(',').any(|t| {
                let t = t.trim().trim_start_matches("W/").trim_matches('"');
                let t = t
                    .strip_suffix("-br")
                    .or_else(|| t.strip_suffix("-gz"))
                    .unwrap_or(t);
                t == self.etag || t == "*"
            });
        }
        let Some(since) = request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
        else {
            return false;
        };
        let changed = self
            .last_modified
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
        changed.is_some_and(|changed| changed <= since)
    }
}

/// The `ETag` of a page's plain, brotli and gzip forms: each its own
/// (`"…-br"`, `"…-gz"`).
fn tags_of(etag: &str) -> [HeaderValue; 3] {
    ["", "-br", "-gz"].map(|suffix| {
        HeaderValue::from_str(&format!("\"{etag}{suffix}\"")).expect("hex is a valid header")
    })
}

/// Which forms of a page a request accepts, as the compression layer in
/// front of the router reads `Accept-Encoding`: names without regard to
/// case, `*` for any form not named, `q=0` a refusal.
pub(super) struct Accepted {
    brotli: bool,
    gzip: bool,
    /// The page as it is (`identity`).
    plain: bool,
}

pub(super) fn accepted_encodings(request: &HeaderMap) -> Accepted {
    // Per form: not named, accepted or refused.
    let (mut brotli, mut gzip, mut plain, mut any) = (None, None, None, None);
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                let p = p.trim();
                p.get(..2).is_some_and(|q| q.eq_ignore_ascii_case("q="))
                    && p[2..].trim().parse::<f32>().ok() == Some(0.0)
            });
            let form = if name.eq_ignore_ascii_case("br") {
                &mut brotli
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if name.eq_ignore_ascii_case("identity") {
                &mut plain
            } else if name == "*" {
                &mut any
            } else {
                continue;
            };
            *form = Some(!refused);
        }
    }
    Accepted {
        brotli: brotli.or(any).unwrap_or(false),
        gzip: gzip.or(any).unwrap_or(false),
        plain: plain.or(any).unwrap_or(true),
    }
}

impl Accepted {
    /// Whether a form a page is kept in is among them. A request that
    /// refuses them all is answered 406 by the compression layer, so only
    /// through the router.
    pub(super) fn any(&self) -> bool {
        self.brotli || self.gzip || self.plain
    }
}

fn gzip(plain: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(plain)
        .expect("writing to memory cannot fail");
    Bytes::from(encoder.finish().expect("writing to memory cannot fail"))
}

fn brotli(plain: &[u8]) -> Bytes {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &plain[..], &mut out, &params)
        .expect("compressing in memory cannot fail");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    /// A rendered page of the current version.
    fn page(plain: Vec<u8>) -> Arc<Entry> {
        Arc::new(Entry {
            version: 0,
            content: 0,
            born: Instant::now(),
            etag: "x".into(),
            answers: Default::default(),
            last_modified: None,
            plain: Bytes::from(plain),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            article: None,
            route: None,
            refreshing: AtomicBool::new(false),
            read_again: AtomicBool::new(false),
        })
    }

    #[test]
    fn accept_encoding_is_read_as_the_compression_layer_reads_it() {
        let asked = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            let accepted = accepted_encodings(&headers);
            (accepted.brotli, accepted.gzip, accepted.any())
        };
        assert_eq!(asked("gzip, deflate, br"), (true, true, true));
        assert_eq!(asked("GZIP"), (false, true, true));
        assert_eq!(asked("*"), (true, true, true));
        assert_eq!(asked("br;Q=0, gzip"), (false, true, true));
        assert_eq!(asked("*;q=0, gzip"), (false, true, true));
        assert_eq!(asked("deflate"), (false, false, true));
        // Nothing it is kept in: the router's compression layer says 406.
        assert_eq!(asked("identity;q=0"), (false, false, false));
        assert_eq!(asked("deflate, *;q=0"), (false, false, false));
        assert!(accepted_encodings(&HeaderMap::new()).any());
    }

    #[test]
    fn a_page_is_dropped_under_every_query_string_and_only_it() {
        let cache = PageCache::new(10, 1 << 20, Duration::from_secs(60));
        for key in ["/news/1/a", "/news/1/a?utm=x", "/news/1/ab", "/news"] {
            cache.insert(key.to_owned(), page(b"page".to_vec()));
        }
        cache.remove_page("/news/1/a");
        let mut left: Vec<String> = cache
            .entries
            .read()
            .unwrap()
            .pages
            .keys()
            .cloned()
            .collect();
        left.sort();
        assert_eq!(left, ["/news", "/news/1/ab"]);
        assert_eq!(cache.bytes(), 2 * (4 + KEPT_HEADERS_BYTES));
    }

    #[test]
    fn the_cache_holds_no_more_bytes_than_its_budget() {
        let cache = PageCache::new(100, 1_000_000, Duration::from_secs(60));
        let page = |bytes: usize| page(vec![b'x'; bytes]);
        for n in 0..10 {
            cache.insert(format!("/halaman/{n}"), page(300_000));
            assert!(cache.bytes() <= 1_000_000, "{}", cache.bytes());
        }
        let held = 300_000 + KEPT_HEADERS_BYTES;
        assert_eq!((cache.len(), cache.bytes()), (3, 3 * held));
        // The same page again replaces itself rather than counting twice.
        cache.insert("/halaman/9".into(), page(300_000));
        assert_eq!(cache.bytes(), 3 * held);
        // A page larger than the whole budget is served, not kept, and the
        // smaller copy it replaces is not kept either.
        cache.insert("/besar".into(), page(1_000));
        cache.insert("/besar".into(), page(2_000_000));
        assert!(cache.get("/besar").is_none());
        cache.remove("/halaman/9");
        assert_eq!(cache.bytes(), 2 * held);
    }

    #[test]
    fn pages_read_again_stay_while_a_crawl_passes_through() {
        // A crawler's walk over the archive fills the cache with pages
        // read once; then readers come back to a hundred pages, again and
        // again, while the crawl goes on.
        let cache = PageCache::new(200, 1 << 30, Duration::from_secs(600));
        let renders = std::cell::Cell::new(0);
        let read = |key: String| {
            if cache.get(&key).is_none() {
                renders.set(renders.get() + 1);
                cache.insert(key, page(b"page".to_vec()));
            }
        };
        for n in 0..1_000 {
            read(format!("/arsip/{n}"));
        }
        renders.set(0);
        for round in 0..30 {
            for n in 0..100 {
                read(format!("/terkini/{n}"));
            }
            for n in 0..20 {
                read(format!("/arsip/{}", 1_000 + round * 20 + n));
            }
        }
        // The hundred are rendered about once each, the crawled pages
        // once each (600): not the hundred every round (3,600 in all).
        assert!(renders.get() < 800, "{} renders", renders.get());
        assert_eq!(cache.len(), 200);
    }

    #[test]
    fn a_page_made_again_is_as_new_and_a_page_read_again_stays() {
        let cache = PageCache::new(3, 1 << 20, Duration::from_secs(60));
        for key in ["/a", "/b", "/c"] {
            cache.insert(key.into(), page(b"page".to_vec()));
        }
        // /a made again (its copy was stale) comes in after /c.
        cache.insert("/a".into(), page(b"page".to_vec()));
        cache.insert("/d".into(), page(b"page".to_vec()));
        assert!(cache.get("/b").is_none(), "the oldest goes");
        assert!(cache.get("/a").is_some(), "made again, not the oldest");
        // /c is read again: passed over once, /d goes instead.
        assert!(cache.get("/c").is_some());
        cache.insert("/e".into(), page(b"page".to_vec()));
        assert!(cache.get("/c").is_some() && cache.get("/d").is_none());
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn encodings_follow_accept_encoding_and_its_refusals() {
        let a = accepted_encodings(&headers(&[("accept-encoding", "gzip, deflate, br")]));
        assert!(a.brotli && a.gzip);
        let a = accepted_encodings(&headers(&[("accept-encoding", "br;q=0, gzip;q=0.5")]));
        assert!(!a.brotli && a.gzip);
        let a = accepted_encodings(&headers(&[]));
        assert!(!a.brotli && !a.gzip);
    }

    #[test]
    fn compressed_forms_decode_to_the_page() {
        let page = "<p>Banjir merendam Jakarta</p>".repeat(200);
        let mut unzipped = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&gzip(page.as_bytes())[..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, page);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(page.as_bytes())[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, page.as_bytes());
        assert!(brotli(page.as_bytes()).len() < page.len() / 10);
    }
}
