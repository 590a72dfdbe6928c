//! The operator's endpoints: liveness, readiness that follows the
//! database, and Prometheus metrics that count what readers did.

use crate::util::{ArticleBuilder, TestApp, metric_value as value};

const METRICS_TOKEN: &str = "rahasia-pemantauan-123";

/// A scrape of `/metrics` with the configured token.
async fn scrape(app: &TestApp) -> reqwest::Response {
    app.scrape(METRICS_TOKEN).await
}

#[tokio::test]
async fn metrics_are_served_only_to_the_scraper_with_the_token() {
    let open = TestApp::start().await;
    assert_eq!(
        open.get("/metrics").await.status(),
        404,
        "not configured: not served"
    );
    let app = TestApp::start_with(&format!("[server]\nmetrics_token = \"{METRICS_TOKEN}\"")).await;
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app
        .http
        .get(format!("{}/metrics", app.base))
        .bearer_auth("rahasia-pemantauan-124")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(scrape(&app).await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_and_the_cache_and_views() {
    let app = TestApp::start_with(&format!("[server]\nmetrics_token = \"{METRICS_TOKEN}\"")).await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Gempa Guncang Cianjur")])
        .await;
    let path = app.path_of(ids[0]).await;
    for _ in 0..3 {
        assert_eq!(app.page(&path).await.0, 200);
    }
    assert_eq!(app.page("/tidak/ada/halaman/ini").await.0, 404);

    let response = scrape(&app).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let metrics = response.text().await.unwrap();
    let article = r#"route="/{section}/{year}/{month}/{day}/{id}/{slug}""#;
    assert_eq!(
        value(
            &metrics,
            &format!("warta_http_requests_total{{{article},status=\"200\"}}")
        ),
        Some(3.0),
        "{metrics}"
    );
    assert_eq!(
        value(
            &metrics,
            &format!("warta_http_request_duration_seconds_count{{{article}}}")
        ),
        Some(3.0)
    );
    assert!(metrics.contains("status=\"404\"}"), "the 404 is counted");
    assert!(value(&metrics, "warta_page_cache_hits_total").unwrap() >= 2.0);
    assert!(value(&metrics, "warta_page_cache_entries").unwrap() >= 1.0);
    assert!(value(&metrics, "warta_page_cache_bytes").unwrap() > 1_000.0);
    // Counted in memory, or already written by the 5-second batch.
    let buffered = value(&metrics, "warta_views_buffered").unwrap();
    let stored = app.app.store.total_views(ids[0]).await.unwrap() as f64;
    assert_eq!(buffered + stored, 3.0);
    for family in [
        "warta_requests_in_flight",
        "warta_requests_waiting",
        "warta_requests_refused_total",
        "warta_db_pool_connections",
        "warta_search_index_articles",
    ] {
        assert!(value(&metrics, family).is_some(), "{family} missing");
    }
    // Never cached: the next scrape sees the scrape before it.
    let again = scrape(&app).await.text().await.unwrap();
    assert_eq!(
        value(
            &again,
            r#"warta_http_requests_total{route="/metrics",status="200"}"#
        ),
        Some(1.0)
    );
}

#[tokio::test]
async fn readiness_follows_the_database_and_liveness_does_not() {
    let app = TestApp::start().await;
    assert_eq!(app.page("/healthz").await, (200, "ok\n".to_owned()));
    assert_eq!(app.page("/readyz").await.0, 200);
    // The database goes away: not ready, yet alive.
    app.app.store.close().await;
    assert_eq!(app.page("/readyz").await.0, 503);
    assert_eq!(app.page("/healthz").await.0, 200);
}
