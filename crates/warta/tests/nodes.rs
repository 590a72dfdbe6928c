//! Several nodes on one database, as behind a load balancer: what one
//! publishes the other shows within a second, views counted on each add
//! up, the schedule runs once, and one node stopping leaves the other
//! serving. Runs on SQLite (two servers on one file) and, in the test
//! command's second pass, on PostgreSQL.

use crate::util::{ArticleBuilder, TestApp, eventually};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::json;
use std::time::Instant;
use warta_core::{ArticleId, Role, Status};

#[tokio::test]
async fn two_nodes_on_one_database_agree() {
    let a = TestApp::start().await;
    a.add(&[ArticleBuilder::new("x", "Harga Cabai Naik")]).await;
    let b = a.second_node("").await;
    let (editor, _) = a.add_user("ed@redaksi.id", "Rina", Role::Editor).await;
    let token = a.token_for(editor).await;

    // B's home page is in B's page cache before the change.
    assert_eq!(b.page("/").await.0, 200);
    assert_eq!(b.page("/").await.0, 200);

    // Published on A (through its API), shown by B, cached pages included.
    let draft = a
        .api_draft(&token, "Gempa Guncang Selatan Jawa", "Terasa.")
        .await;
    let live = a.api_publish(&token, &draft).await;
    let path = live["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&a.base)
        .to_owned();
    let took = eventually("B shows what A published", || async {
        b.page(&path).await.0 == 200 && b.page("/").await.1.contains(&path)
    })
    .await;
    eprintln!("publish on A to visible on B: {took:?}");
    // One refresh interval, with room for a busy test machine.
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    // The token made on A works on B: tokens and sessions live in the database.
    let (status, _) = b
        .api(Method::GET, "/api/v1/articles", Some(&token), None)
        .await;
    assert_eq!(status, 200);

    // Views on both add up.
    let id = ArticleId(live["id"].as_i64().unwrap());
    a.jobs.flush_views().await.unwrap();
    b.jobs.flush_views().await.unwrap();
    let before = a.app.store.total_views(id).await.unwrap();
    for _ in 0..3 {
        a.get(&path).await;
    }
    for _ in 0..2 {
        b.get(&path).await;
    }
    a.jobs.flush_views().await.unwrap();
    b.jobs.flush_views().await.unwrap();
    assert_eq!(a.app.store.total_views(id).await.unwrap(), before + 5);

    // Scheduled on B: both nodes run the schedule; it is published once.
    let later = b.api_draft(&token, "Berita Terjadwal", "Nanti.").await;
    let (_, scheduled) = b
        .api(
            Method::POST,
            &format!("/api/v1/articles/{}/schedule", later["id"]),
            Some(&token),
            Some(json!({"version": later["version"], "publish_at": (Utc::now() + Duration::seconds(1)).to_rfc3339()})),
        )
        .await;
    assert_eq!(scheduled["status"], "scheduled", "{scheduled}");
    let later = ArticleId(later["id"].as_i64().unwrap());
    let store = a.app.store.clone();
    eventually("the scheduled article goes live", || {
        let store = store.clone();
        async move { store.article(later).await.unwrap().status == Status::Published }
    })
    .await;
    // Both keep running the schedule; nothing moves twice.
    a.jobs.run_schedule().await.unwrap();
    b.jobs.run_schedule().await.unwrap();
    let published = a.app.store.article(later).await.unwrap();
    assert_eq!(
        published.version,
        scheduled["version"].as_i64().unwrap() + 1,
        "published by exactly one node"
    );

    // A stops while readers keep asking B: not one error.
    let reading = {
        let http = b.http.clone();
        let urls = [format!("{}{path}", b.base), format!("{}/", b.base)];
        tokio::spawn(async move {
            let mut failures = 0;
            let mut answered = 0;
            let started = Instant::now();
            while started.elapsed() < std::time::Duration::from_millis(1500) {
                for url in &urls {
                    match http.get(url).send().await {
                        Ok(response) if response.status() == 200 => answered += 1,
                        _ => failures += 1,
                    }
                }
            }
            (answered, failures)
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    a.stop().await;
    let (answered, failures) = reading.await.unwrap();
    assert_eq!(failures, 0);
    assert!(answered > 10, "{answered}");
}
