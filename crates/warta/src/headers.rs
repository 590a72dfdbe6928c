//! Headers every response carries for the browser's own defences:
//! a content security policy (scripts, styles and frames from the site
//! only; no plugin, no `<base>` elsewhere; the newsroom never framed by
//! another site), `X-Content-Type-Options: nosniff`, a `Referrer-Policy`
//! that sends other sites the origin only, and `X-Frame-Options` for older
//! browsers on the newsroom. A response that set its own keeps it.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Reader pages: the page's own scripts and styles only (it has no inline
/// ones: JSON-LD is data, not script), pictures also from other HTTPS
/// hosts (imported bodies still name them), the players of the platforms
/// an article embeds (loaded only when a reader asks), and may be framed
/// (embedding an article is fine).
const READER_POLICY: &str = concat!(
    "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; ",
    "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; ",
    "form-action 'self'; frame-src https://www.youtube-nocookie.com https://platform.twitter.com ",
    "https://www.instagram.com https://www.tiktok.com https://www.facebook.com ",
    "https://open.spotify.com https://www.google.com"
);

/// The newsroom: the same (its previews are reader pages), and never
/// inside another site's frame.
const NEWSROOM_POLICY: &str = concat!(
    "default-src 'self'; img-src 'self' https: data: blob:; media-src 'self' https:; ",
    "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; ",
    "form-action 'self'; frame-ancestors 'none'; frame-src https://www.youtube-nocookie.com ",
    "https://platform.twitter.com https://www.instagram.com https://www.tiktok.com ",
    "https://www.facebook.com https://open.spotify.com https://www.google.com"
);

/// The API answers data, never a document to render.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Middleware: sets the headers above on every response.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let defences = Defences::for_path(request.uri().path());
    let mut response = next.run(request).await;
    defences.apply(response.headers_mut());
    response
}

/// The headers above that a response to a path carries.
#[derive(Debug, Clone, Copy)]
pub struct Defences {
    policy: &'static HeaderValue,
    /// Whether another site may frame it.
    framed: bool,
}

// Made when compiled: `from_static` checks every byte of a value, and
// these are set on every response.
static READER: HeaderValue = HeaderValue::from_static(READER_POLICY);
static NEWSROOM: HeaderValue = HeaderValue::from_static(NEWSROOM_POLICY);
static API: HeaderValue = HeaderValue::from_static(API_POLICY);
static NO_SNIFFING: HeaderValue = HeaderValue::from_static("nosniff");
static REFERRER: HeaderValue = HeaderValue::from_static("strict-origin-when-cross-origin");
static NEVER_FRAMED: HeaderValue = HeaderValue::from_static("DENY");

impl Defences {
    /// The newsroom's, the API's or the reader pages'.
    pub fn for_path(path: &str) -> Defences {
        let (policy, framed) = if path.starts_with("/redaksi") {
            (&NEWSROOM, false)
        } else if path.starts_with("/api/") {
            (&API, false)
        } else {
            (&READER, true)
        };
        Defences { policy, framed }
    }

    /// Sets each header unless the response set its own. Also called for
    /// the pages the page cache keeps, which it answers before routing
    /// (`reader::cache::CachedFirst`), past every middleware.
    pub fn apply(self, headers: &mut HeaderMap) {
        let mut set = |name, value: &HeaderValue| {
            if !headers.contains_key(&name) {
                headers.insert(name, value.clone());
            }
        };
        set(header::CONTENT_SECURITY_POLICY, self.policy);
        set(header::X_CONTENT_TYPE_OPTIONS, &NO_SNIFFING);
        set(header::REFERRER_POLICY, &REFERRER);
        if !self.framed {
            set(header::X_FRAME_OPTIONS, &NEVER_FRAMED);
        }
    }
}
