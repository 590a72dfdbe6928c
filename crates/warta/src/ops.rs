//! What the people who run the servers look at: `/healthz` (the process
//! answers), `/readyz` (it can serve: the database answers) and Prometheus
//! metrics at `/metrics`.
//!
//! The metrics are a few fixed families kept in atomics and rendered in
//! Prometheus's text format by hand. A metrics library would buffer every
//! observation between scrapes (or need an upkeep task to bound it); here a
//! request costs a map lookup under a read lock and a few atomic additions,
//! and memory is bounded by the routes table, whether or not anyone scrapes.

use crate::app::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Requests counted by route and status, with latency per route.
#[derive(Default)]
pub struct Metrics {
    routes: RwLock<HashMap<Box<str>, Arc<RouteStats>>>,
}

#[derive(Default)]
struct RouteStats {
    statuses: Mutex<BTreeMap<u16, u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, route: &str, status: StatusCode, took: Duration) {
        let found = self
            .routes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(route)
            .cloned();
        let stats = match found {
            Some(stats) => stats,
            None => self
                .routes
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .entry(route.into())
                .or_default()
                .clone(),
        };
        *stats
            .statuses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(status.as_u16())
            .or_default() += 1;
        let seconds = took.as_secs_f64();
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            stats.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        }
        stats.count.fetch_add(1, Ordering::Relaxed);
        stats
            .sum_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    fn render_requests(&self, out: &mut String) {
        let routes = self.routes.read().unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<&Box<str>> = routes.keys().collect();
        names.sort();
        out.push_str("# HELP warta_http_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE warta_http_requests_total counter\n");
        for name in &names {
            let statuses = routes[*name]
                .statuses
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            for (status, count) in statuses {
                let route = label(name);
                let _ = writeln!(
                    out,
                    "warta_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
                );
            }
        }
        out.push_str(
            "# HELP warta_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE warta_http_request_duration_seconds histogram\n");
        for name in &names {
            let stats = &routes[*name];
            let route = label(name);
            let mut cumulative = 0;
            for (bound, bucket) in BUCKETS.iter().zip(&stats.buckets) {
                cumulative += bucket.load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = stats.count.load(Ordering::Relaxed);
            let sum = stats.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}\n\
                 warta_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}\n\
                 warta_http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
            );
        }
    }
}

/// A label value with Prometheus's escapes (route patterns hold none of
/// these, but a label must never break the format).
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

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
/// within a second. A load balancer sends traffic elsewhere meanwhile.
pub async fn readyz(State(app): State<Arc<App>>) -> Response {
    match tokio::time::timeout(Duration::from_secs(1), app.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "not ready: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database too slow\n").into_response(),
    }
}

/// `GET /metrics`: Prometheus's text format.
pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let mut out = String::with_capacity(16 * 1024);
    app.metrics.render_requests(&mut out);
    let cache = app.pages.counts();
    let (connections, idle) = app.store.pool_connections();
    let families: [(&str, &str, &str, f64); 12] = [
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_status_and_bucket() {
        let metrics = Metrics::default();
        let route = "/{section}/{year}/{month}/{day}/{id}/{slug}";
        metrics.observe(route, StatusCode::OK, Duration::from_micros(700));
        metrics.observe(route, StatusCode::OK, Duration::from_millis(30));
        metrics.observe(route, StatusCode::NOT_FOUND, Duration::from_secs(9));
        let mut out = String::new();
        metrics.render_requests(&mut out);
        let line = |text: &str| out.lines().any(|l| l == text);
        let r = format!("route=\"{route}\"");
        assert!(
            line(&format!(
                "warta_http_requests_total{{{r},status=\"200\"}} 2"
            )),
            "{out}"
        );
        assert!(line(&format!(
            "warta_http_requests_total{{{r},status=\"404\"}} 1"
        )));
        // Cumulative buckets; the 9-second request only in +Inf.
        assert!(line(&format!(
            "warta_http_request_duration_seconds_bucket{{{r},le=\"0.0005\"}} 0"
        )));
        assert!(line(&format!(
            "warta_http_request_duration_seconds_bucket{{{r},le=\"0.001\"}} 1"
        )));
        assert!(line(&format!(
            "warta_http_request_duration_seconds_bucket{{{r},le=\"0.05\"}} 2"
        )));
        assert!(line(&format!(
            "warta_http_request_duration_seconds_bucket{{{r},le=\"2.5\"}} 2"
        )));
        assert!(line(&format!(
            "warta_http_request_duration_seconds_bucket{{{r},le=\"+Inf\"}} 3"
        )));
        assert!(line(&format!(
            "warta_http_request_duration_seconds_count{{{r}}} 3"
        )));
        assert_eq!(label("a\"b\\c"), "a\\\"b\\\\c");
    }
}
