//! What the people who run the servers look at: `/healthz` (the process
//! answers), `/readyz` (it can serve: the database answers) and Prometheus
//! metrics at `/metrics` (the request families are kept in [`metrics`]).

pub mod metrics;

use crate::app::App;
use crate::newsroom::secrets::constant_time_eq;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Middleware: counts every request by the route it matched (its pattern,
/// so the label set stays bounded), its status and its time.
pub async fn record_requests(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let response = next.run(request).await;
    app.metrics.observe(
        route.as_deref().unwrap_or("unmatched"),
        response.status(),
        started.elapsed(),
    );
    response
}

/// `GET /healthz`: the process is up and answering.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: the process can serve readers: the database answers
/// within a second and the node is not shutting down (503 from the moment
/// it is told to stop). A load balancer sends traffic elsewhere meanwhile.
/// Search lagging behind the database does not stop readers, so it stays
/// 200 and says so in its body.
pub async fn readyz(State(app): State<Arc<App>>) -> Response {
    if app.health.draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n").into_response();
    }
    match tokio::time::timeout(Duration::from_secs(1), app.store.ping()).await {
        Ok(Ok(())) => {
            let mut body = String::from("ready\n");
            if let Some(damage) = app.health.database_damage() {
                // Most pages still serve from the intact pages; taking the
                // node out would leave readers nothing. Said here, logged,
                // and counted in /metrics for the alert.
                let _ = writeln!(body, "database: damaged ({damage}); run `warta check`");
            }
            let (behind, failures) = (app.health.search_behind(), app.health.search_failures());
            if app.search.synced_until().is_none() {
                body.push_str("search index: being built from the database\n");
            } else if behind != 0 || failures > 0 {
                let _ = writeln!(
                    body,
                    "search index: behind by {behind} articles, {failures} writes failed in a row"
                );
            }
            (StatusCode::OK, body).into_response()
        }
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "not ready: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database too slow\n").into_response(),
    }
}

/// `GET /metrics`: Prometheus's text format, for the scraper that brings
/// `[server] metrics_token` as a bearer token. Without a token configured
/// it is not served (404): what it tells (routes, load, pool sizes) is the
/// operator's, not every visitor's.
pub async fn metrics(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(token) = &app.config.metrics_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(offered.trim(), token.expose()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a metrics token is required\n",
        )
            .into_response();
    }
    let mut out = String::with_capacity(16 * 1024);
    app.metrics.render_requests(&mut out);
    let cache = app.pages.counts();
    let (connections, idle) = app.store.pool_connections();
    let related = app.related();
    let answers = related.answers();
    let families: [(&str, &str, &str, f64); 19] = [
        (
            "warta_page_cache_hits_total",
            "counter",
            "Pages answered from the page cache.",
            cache.hits as f64,
        ),
        (
            "warta_page_cache_misses_total",
            "counter",
            "Pages rendered because the cache did not hold them fresh.",
            cache.misses as f64,
        ),
        (
            "warta_page_cache_reused_total",
            "counter",
            "Article pages rendered again without the store: only the site-wide lists had changed.",
            cache.reused as f64,
        ),
        (
            "warta_page_cache_entries",
            "gauge",
            "Pages held in the page cache.",
            app.pages.len() as f64,
        ),
        (
            "warta_page_cache_bytes",
            "gauge",
            "Bytes of rendered pages held in the page cache.",
            app.pages.bytes() as f64,
        ),
        (
            "warta_views_buffered",
            "gauge",
            "Views counted in memory, not yet written.",
            app.views.pending() as f64,
        ),
        (
            "warta_requests_in_flight",
            "gauge",
            "Requests being worked on (pages the cache answers are not).",
            app.admission.in_flight() as f64,
        ),
        (
            "warta_requests_waiting",
            "gauge",
            "Requests waiting for a permit to be worked on.",
            app.admission.waiting() as f64,
        ),
        (
            "warta_requests_refused_total",
            "counter",
            "Requests refused with 503 under overload.",
            app.admission.refused() as f64,
        ),
        (
            "warta_db_pool_connections",
            "gauge",
            "Database connections open.",
            f64::from(connections),
        ),
        (
            "warta_db_pool_idle_connections",
            "gauge",
            "Database connections open and idle.",
            idle as f64,
        ),
        (
            "warta_search_index_articles",
            "gauge",
            "Articles in the search index.",
            app.search.len() as f64,
        ),
        (
            "warta_search_index_behind",
            "gauge",
            "Live articles the search index did not hold at its last count (it is built anew when this stays above 0).",
            app.health.search_behind() as f64,
        ),
        (
            "warta_search_index_write_failures",
            "gauge",
            "Search index writes failed in a row (0 when the last worked).",
            app.health.search_failures() as f64,
        ),
        (
            "warta_related_answers_ahead_total",
            "counter",
            "Berita Terkait answers from the lists worked out ahead (since the relatedness index was last read or built).",
            answers.ahead.load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
        (
            "warta_related_answers_whole_total",
            "counter",
            "Berita Terkait answers worked out whole when asked (since the relatedness index was last read or built).",
            answers.whole.load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
        (
            "warta_related_articles_without_lists",
            "gauge",
            "Articles whose Berita Terkait is not worked out ahead yet (worked out in the background after a build or a start).",
            related.missing_neighbours() as f64,
        ),
        (
            "warta_database_damaged",
            "gauge",
            "1 when the integrity check at start found the database damaged (run `warta check`).",
            f64::from(u8::from(app.health.database_damage().is_some())),
        ),
        (
            "warta_draining",
            "gauge",
            "1 from the moment the node is told to stop.",
            f64::from(u8::from(app.health.draining())),
        ),
    ];
    for (name, kind, help, value) in families {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response()
}
