//! Headers every response carries for the browser's own defences:
//! a content security policy (scripts, styles and frames from the site
//! only; no plugin, no `<base>` elsewhere; the newsroom never framed by
//! another site), `X-Content-Type-Options: nosniff`, a `Referrer-Policy`
//! that sends other sites the origin only, and `X-Frame-Options` for older
//! browsers on the newsroom. A response that set its own keeps it.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
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
    let path = request.uri().path();
    let (policy, framed) = if path.starts_with("/redaksi") {
        (NEWSROOM_POLICY, false)
    } else if path.starts_with("/api/") {
        (API_POLICY, false)
    } else {
        (READER_POLICY, true)
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, policy);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if !framed {
        set(header::X_FRAME_OPTIONS, "DENY");
    }
    response
}
