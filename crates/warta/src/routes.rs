//! The whole URL table: reader pages, feeds and discovery, static files and
//! media, the newsroom, the JSON API, and the endpoints for operators.
//! PRODUCT.md's URL map can be checked against this one file; the
//! middleware of each group wraps it here. The first path segments these
//! routes take besides sections are `warta_core::RESERVED_PATHS`: no
//! section may take one as its address.

use crate::admission::admit_work;
use crate::api::{self, ApiError};
use crate::app::App;
use crate::error::AppError;
use crate::newsroom::{self, auth};
use crate::reader::errors::render_error_pages;
use crate::reader::legacy::old_address_or_not_found;
use crate::{feeds, media, ops, reader};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{any, delete, get, patch, post, put};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Longest a request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest body of the sign-in form: an e-mail, a password, two tokens.
const SIGN_IN_LIMIT: usize = 16 * 1024;

/// Largest body of a newsroom form or an API request without an upload:
/// an article's body (1 MB at most) with its other fields.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Builds the router.
pub fn router(app: Arc<App>) -> Router {
    let upload_limit = app.config.max_upload_bytes + 64 * 1024;

    // Reader pages, feeds, theme files and images: behind the page cache,
    // with the theme's error pages. An address no route matches may be one
    // an imported article had on its old site.
    let reader = Router::new()
        .route("/", get(reader::home::show_home))
        .route("/terkini", get(reader::listing::show_latest))
        .route("/terpopuler", get(reader::listing::show_popular))
        .route("/indeks", get(reader::archive::show_archive))
        .route("/cari", get(reader::search::show_search))
        .route("/cari/saran", get(reader::search::suggest_as_typed))
        .route("/tag/{tag}", get(reader::listing::show_tag))
        .route("/penulis/{author}", get(reader::listing::show_author))
        .route("/topik/{story}", get(reader::story::show_story))
        .route("/{section}", get(reader::listing::show_section))
        .route(
            "/{section}/{year}/{month}/{day}/{id}/{slug}",
            get(reader::article::show_article),
        )
        .route(
            "/{section}/{year}/{month}/{day}/{id}",
            get(reader::article::show_article_without_slug),
        )
        .route("/rss", get(feeds::rss::site_feed))
        .route("/{section}/rss", get(feeds::rss::section_feed))
        .route("/tag/{tag}/rss", get(feeds::rss::tag_feed))
        .route("/langsung/{id}/rss", get(feeds::rss::live_feed))
        .route("/penulis/{author}/rss", get(feeds::rss::author_feed))
        .route("/sitemap.xml", get(feeds::sitemap::sitemap_index))
        .route("/sitemap/kanal.xml", get(feeds::sitemap::sections_sitemap))
        .route(
            "/sitemap/artikel/{page}",
            get(feeds::sitemap::articles_sitemap),
        )
        .route("/sitemap/berita.xml", get(feeds::sitemap::news_sitemap))
        .route("/robots.txt", get(feeds::robots::robots_txt))
        .route("/static/{*path}", get(reader::assets::static_file))
        .route("/media/{id}/{file}", get(media::serve::serve_media))
        .fallback(old_address_or_not_found);

    // The newsroom: every request signed in, every form post with the
    // session's CSRF token (`auth::guard`); never cached.
    let newsroom = Router::new()
        .route("/redaksi", get(newsroom::articles::list::list_articles))
        .route(
            "/redaksi/masuk",
            get(newsroom::session::sign_in_page)
                .post(newsroom::session::sign_in)
                .layer(DefaultBodyLimit::max(SIGN_IN_LIMIT)),
        )
        .route("/redaksi/keluar", post(newsroom::session::sign_out))
        .route("/redaksi/sesi", get(newsroom::session::session_status))
        .route(
            "/redaksi/artikel/baru",
            get(newsroom::articles::editor::new_article),
        )
        .route(
            "/redaksi/artikel",
            post(newsroom::articles::save::create_article)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/redaksi/artikel/{id}",
            get(newsroom::articles::editor::edit_article)
                .post(newsroom::articles::save::update_article)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/redaksi/artikel.json",
            get(newsroom::articles::list::find_articles),
        )
        .route(
            "/redaksi/artikel/{id}/autosimpan",
            post(newsroom::articles::autosave::autosave_article),
        )
        .route(
            "/redaksi/artikel/{id}/autosimpan/buang",
            post(newsroom::articles::autosave::discard_autosave),
        )
        .route(
            "/redaksi/artikel/{id}/autosimpan/{user}",
            get(newsroom::articles::autosave::show_autosave),
        )
        .route("/redaksi/tinjauan", get(newsroom::desk::review_queue))
        .route("/redaksi/topik", get(newsroom::stories::stories_page))
        .route(
            "/redaksi/singkatan",
            get(newsroom::curation::abbreviations_page)
                .post(newsroom::curation::abbreviations_update),
        )
        .route(
            "/redaksi/topik/{id}",
            get(newsroom::stories::story_page).post(newsroom::stories::story_update),
        )
        .route("/redaksi/dibaca", get(newsroom::readers::dashboard))
        .route("/redaksi/dibaca.csv", get(newsroom::readers::dashboard_csv))
        .route(
            "/redaksi/artikel/{id}/statistik",
            get(newsroom::readers::article_stats),
        )
        .route(
            "/redaksi/artikel/{id}/catatan",
            post(newsroom::desk::add_note),
        )
        .route(
            "/redaksi/artikel/{id}/hadir",
            post(newsroom::desk::heartbeat),
        )
        .route(
            "/redaksi/artikel/{id}/pratinjau",
            get(newsroom::articles::preview::preview_article),
        )
        .route(
            "/redaksi/artikel/{id}/revisi",
            get(newsroom::articles::revisions::list_revisions),
        )
        .route(
            "/redaksi/artikel/{id}/revisi/{version}",
            get(newsroom::articles::revisions::show_revision),
        )
        .route(
            "/redaksi/artikel/{id}/revisi/{version}/pulihkan",
            post(newsroom::articles::revisions::restore_revision),
        )
        .route(
            "/redaksi/pratinjau-isi",
            post(newsroom::articles::preview::preview_body),
        )
        .route(
            "/redaksi/media",
            get(newsroom::library::library)
                .post(newsroom::library::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/redaksi/media.json", get(newsroom::library::find_media))
        .route("/redaksi/media/{id}", post(newsroom::library::update_media))
        .route(
            "/redaksi/media/{id}/hapus",
            post(newsroom::library::delete_media),
        )
        .route(
            "/redaksi/pilihan",
            get(newsroom::curation::picks_page).post(newsroom::curation::picks_update),
        )
        .route(
            "/redaksi/pilihan/urutan",
            post(newsroom::curation::picks_order),
        )
        .route(
            "/redaksi/kanal",
            get(newsroom::curation::sections_page).post(newsroom::curation::sections_update),
        )
        .route(
            "/redaksi/tag",
            get(newsroom::curation::tags_page).post(newsroom::curation::tags_update),
        )
        .route(
            "/redaksi/pengguna",
            get(newsroom::people::users_page).post(newsroom::people::users_update),
        )
        .route(
            "/redaksi/artikel/{id}/langsung",
            get(newsroom::live::live_page).post(newsroom::live::live_update),
        )
        .route(
            "/redaksi/webhook",
            get(newsroom::webhooks::webhooks_page).post(newsroom::webhooks::webhooks_add),
        )
        .route(
            "/redaksi/webhook/{id}",
            get(newsroom::webhooks::webhook_page).post(newsroom::webhooks::webhook_update),
        )
        .route(
            "/redaksi/akun",
            get(newsroom::people::account_page).post(newsroom::people::account_update),
        )
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(app.clone(), auth::guard));

    // The JSON API: token auth per handler (`auth::ApiUser`), errors as
    // JSON in the request's language, never cached.
    let api = Router::new()
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/search", get(api::search::search_articles))
        .route(
            "/api/v1/articles",
            get(api::articles::list).post(api::articles::create),
        )
        .route(
            "/api/v1/articles/{id}",
            get(api::articles::read).put(api::articles::update),
        )
        .route("/api/v1/articles/{id}/submit", post(api::articles::submit))
        .route(
            "/api/v1/articles/{id}/publish",
            post(api::articles::publish),
        )
        .route(
            "/api/v1/articles/{id}/schedule",
            post(api::articles::schedule),
        )
        .route(
            "/api/v1/articles/{id}/unpublish",
            post(api::articles::unpublish),
        )
        .route("/api/v1/articles/{id}/draft", post(api::articles::to_draft))
        .route(
            "/api/v1/articles/{id}/live",
            get(api::live::read).put(api::live::switch),
        )
        .route(
            "/api/v1/articles/{id}/live/entries",
            post(api::live::add_entry),
        )
        .route(
            "/api/v1/articles/{id}/live/entries/{entry}",
            delete(api::live::delete_entry),
        )
        .route(
            "/api/v1/picks",
            get(api::catalog::picks).put(api::catalog::set_picks),
        )
        .route("/api/v1/headline", put(api::catalog::set_headline))
        .route(
            "/api/v1/breaking",
            get(api::catalog::breaking).put(api::catalog::set_breaking),
        )
        .route(
            "/api/v1/sections",
            get(api::catalog::sections).post(api::catalog::add_section),
        )
        .route("/api/v1/tags", get(api::catalog::tags))
        .route(
            "/api/v1/tags/{id}",
            patch(api::catalog::rename_tag).delete(api::catalog::delete_tag),
        )
        .route(
            "/api/v1/media",
            get(api::media::list)
                .post(api::media::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/webhooks",
            get(api::webhooks::list).post(api::webhooks::subscribe),
        )
        .route(
            "/api/v1/webhooks/{id}",
            get(api::webhooks::read)
                .patch(api::webhooks::switch)
                .delete(api::webhooks::remove),
        )
        .route("/api/v1/webhooks/{id}/test", post(api::webhooks::test))
        .route(
            "/api/{*rest}",
            any(|| async { ApiError(AppError::NotFound) }),
        )
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(axum::middleware::from_fn(api::problems))
        .layer(from_fn_with_state(app.clone(), api::language))
        .layer(from_fn_with_state(app.admission.clone(), admit_work));

    // A live blog's stream: held open for as long as the reader reads, so
    // outside the page cache and the bound on requests worked on at once
    // (it has a bound of its own, `server.live_streams`).
    let live = Router::new().route("/langsung/{id}", get(reader::live::stream));

    // For the people who run the servers: never cached, never refused.
    let ops = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics));

    let pages = reader
        .merge(newsroom)
        // Inside the page cache: a page it answers takes no permit.
        .layer(from_fn_with_state(app.admission.clone(), admit_work))
        .layer(from_fn_with_state(app.clone(), render_error_pages))
        .layer(from_fn_with_state(app.clone(), reader::cache::cache_pages));
    api.merge(pages)
        .merge(live)
        .merge(ops)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(crate::headers::security_headers))
        .layer(TraceLayer::new_for_http())
        .layer(from_fn_with_state(app.clone(), ops::record_requests))
        .with_state(app)
}
