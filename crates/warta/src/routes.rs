//! The whole URL table: reader pages, feeds and discovery, static files,
//! the JSON API.
//! PRODUCT.md's URL map can be checked against this one function.

use crate::admission::admit_work;
use crate::app::App;
use crate::error::{not_found, render_error_pages};
use crate::{api, feeds, media, newsroom, ops, reader};
use axum::Router;
use axum::routing::get;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Longest a request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// First path segments that belong to pages other than sections, so no
/// section may take them as its address.
pub const RESERVED_PATHS: &[&str] = &[
    "terkini",
    "terpopuler",
    "indeks",
    "cari",
    "tag",
    "penulis",
    "rss",
    "sitemap",
    "sitemap.xml",
    "robots.txt",
    "static",
    "media",
    "api",
    "redaksi",
    "healthz",
    "readyz",
    "metrics",
];

/// Builds the router.
pub fn router(app: Arc<App>) -> Router {
    let reader_and_feeds = Router::new()
        // Reader pages.
        .route("/", get(reader::home::show_home))
        .route("/terkini", get(reader::listing::show_latest))
        .route("/terpopuler", get(reader::listing::show_popular))
        .route("/indeks", get(reader::archive::show_archive))
        .route("/cari", get(reader::search::show_search))
        .route("/tag/{tag}", get(reader::listing::show_tag))
        .route("/penulis/{author}", get(reader::listing::show_author))
        .route("/{section}", get(reader::listing::show_section))
        .route(
            "/{section}/{year}/{month}/{day}/{id}/{slug}",
            get(reader::article::show_article),
        )
        // Feeds and discovery.
        .route("/rss", get(feeds::rss::site_feed))
        .route("/{section}/rss", get(feeds::rss::section_feed))
        .route("/sitemap.xml", get(feeds::sitemap::sitemap_index))
        .route("/sitemap/kanal.xml", get(feeds::sitemap::sections_sitemap))
        .route(
            "/sitemap/artikel/{page}",
            get(feeds::sitemap::articles_sitemap),
        )
        .route("/sitemap/berita.xml", get(feeds::sitemap::news_sitemap))
        .route("/robots.txt", get(feeds::robots::robots_txt))
        // Theme files and uploaded images.
        .route("/static/{*path}", get(reader::assets::static_file))
        .route("/media/{id}/{file}", get(media::serve_media))
        // The newsroom.
        .merge(newsroom::router(app.clone()))
        .fallback(not_found)
        // Inside the page cache: a page it answers takes no permit.
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            admit_work,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            render_error_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            reader::cache::cache_pages,
        ));
    // The JSON API answers its errors as JSON, outside the error pages.
    let api = api::router(app.clone()).layer(axum::middleware::from_fn_with_state(
        app.clone(),
        admit_work,
    ));
    // For the people who run the servers: never cached, never refused.
    let ops = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics));
    api.merge(reader_and_feeds)
        .merge(ops)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            ops::record_requests,
        ))
        .with_state(app)
}
