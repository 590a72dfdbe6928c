//! The request metrics: a few fixed families kept in atomics and rendered
//! in Prometheus's text format by hand. A metrics library would buffer
//! every observation between scrapes (or need an upkeep task to bound it);
//! here a request costs a map lookup under a read lock and a few atomic
//! additions, and memory is bounded by the routes table, whether or not
//! anyone scrapes.

use axum::http::StatusCode;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

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

    /// Appends the request families in Prometheus's text format.
    pub fn render_requests(&self, out: &mut String) {
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
