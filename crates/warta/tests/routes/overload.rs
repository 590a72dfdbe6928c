//! Overload: when every permit to work is taken, a request that needs work
//! is refused at once with 503 and Retry-After, while pages the cache holds
//! are still served, and the refusals end when work comes free.

use crate::util::{ArticleBuilder, TestApp};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[tokio::test]
async fn work_beyond_the_bound_is_refused_with_retry_after_and_cached_pages_still_serve() {
    let app = TestApp::start_with("[server]\nin_flight = 1\nwaiting = 0\nmax_wait_ms = 1\n").await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Gempa Guncang Cianjur")])
        .await;
    let article = app.path_of(ids[0]).await;
    assert_eq!(app.page(&article).await.0, 200, "now in the page cache");

    // A client that sends a form's headers but not its body holds the one
    // permit: the sign-in handler waits for the body.
    let mut slow = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    slow.write_all(
        b"POST /redaksi/masuk HTTP/1.1\r\nHost: x\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
    )
    .await
    .unwrap();
    let mut refused = None;
    for _ in 0..100 {
        let response = app.get("/cari?q=gempa").await;
        if response.status() == 503 {
            refused = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let refused = refused.expect("a search is refused while the permit is held");
    assert_eq!(refused.headers()["retry-after"], "1");
    assert_eq!(refused.headers()["cache-control"], "no-store");
    let api = app.get("/api/v1/search?q=gempa").await;
    assert_eq!(api.status(), 503);
    let error: serde_json::Value = api.json().await.unwrap();
    assert_eq!(error["error"]["code"], "overloaded");
    assert_eq!(app.page(&article).await.0, 200, "the cached page is served");
    assert!(app.app.admission.refused() >= 2);

    // The slow client hangs up: work is admitted again.
    drop(slow);
    let mut status = 0;
    for _ in 0..100 {
        status = app.get("/cari?q=gempa").await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status, 200);
}
