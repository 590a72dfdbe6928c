//! PostgreSQL stopped under two nodes, as an operator's restart or a
//! failover does: pages the nodes hold keep being served, what needs the
//! database fails fast with 503 and Retry-After, a node stopped meanwhile
//! keeps its counted views in its data folder, a node started meanwhile
//! waits for the database, and once it is back everything converges
//! without a restart: nothing acknowledged is lost.

use super::{Api, Counts, count, editor_token, ended_within};
use crate::util::postgres::OwnCluster;
use crate::util::serve::{Server, start_serving, terminate};
use crate::util::{ArticleBuilder, READER_AGENT, warta_command};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A data folder whose node uses the cluster's database.
fn node_folder(url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test-database-url"), url).unwrap();
    dir
}

/// A reader's GET: status, `Retry-After`, and how long it took.
/// Waits until no live article waits to be placed in a story and the
/// change serial has not moved for a second (every node has seen the last
/// change: they look five times a second).
async fn settled(database: &str) {
    let store = warta_store::Store::connect(database).await.unwrap();
    let started = Instant::now();
    let mut last = (store.change_serial().await.unwrap(), Instant::now());
    loop {
        let waiting = store
            .unplaced_articles(chrono::Utc::now(), None, 1)
            .await
            .unwrap();
        let serial = store.change_serial().await.unwrap();
        if serial != last.0 {
            last = (serial, Instant::now());
        }
        if waiting.is_empty() && last.1.elapsed() > Duration::from_secs(1) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the site did not settle"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn read(url: &str) -> (u16, Option<String>, Duration) {
    let started = Instant::now();
    let response = crate::util::http_client()
        .user_agent(READER_AGENT)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status().as_u16(), retry, started.elapsed())
}

fn sigterm(server: &Server) {
    assert!(
        Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
}

fn saved_views(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join("views-not-written.json")).ok()
}

#[tokio::test]
async fn postgres_stopped_under_two_nodes_fails_fast_and_loses_nothing() {
    if std::env::var("WARTA_TEST_BACKEND").as_deref() != Ok("postgres") {
        eprintln!("skipped: a PostgreSQL fault, run in the PostgreSQL pass");
        return;
    }
    let Some(cluster) = OwnCluster::start() else {
        return;
    };
    let first = node_folder(&cluster.url);
    let second = node_folder(&cluster.url);
    let site = first.path().join("situs.jsonl");
    let lines: Vec<String> = (0..5)
        .map(|n| ArticleBuilder::new(&format!("s{n}"), &format!("Berita Awal Nomor {n}")).line())
        .collect();
    std::fs::write(&site, lines.join("\n")).unwrap();
    assert!(
        warta_command(first.path(), &["import", site.to_str().unwrap()])
            .status
            .success()
    );
    let token = editor_token(first.path());
    let (node_a, base_a) = start_serving(first.path(), &[]);
    let (node_b, base_b) = start_serving(second.path(), &[]);
    let api = Api::new(&base_a, &token);
    let mut acknowledged = Vec::new();
    for n in 0..5 {
        let code = format!("sebelum{n}");
        acknowledged.push((api.publish(&code).await.expect("published"), code));
    }
    // The nodes place the new articles in their stories (Kronologi) in
    // the background, and each placement makes cached pages stale: the
    // caches are warmed once that is done and the site stands still.
    settled(&cluster.url).await;
    // Readers have the home page in each node's cache, and an article
    // page in node B's.
    for base in [&base_a, &base_b] {
        assert_eq!(read(&format!("{base}/")).await.0, 200);
    }
    let article = api
        .http
        .get(format!("{base_a}/api/v1/articles/{}", acknowledged[0].0))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let url = article["url"].as_str().unwrap();
    let path = &url[url.find("/news/").unwrap()..];
    // Cached by a crawler's visit, which is not counted: a reader's view,
    // written within seconds, could reorder Terpopuler and with it make
    // every cached page of node B stale just before the outage.
    let crawled = crate::util::http_client()
        .user_agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
        .build()
        .unwrap()
        .get(format!("{base_b}{path}"))
        .send()
        .await
        .unwrap();
    assert_eq!(crawled.status(), 200);

    cluster.stop();
    let outage = Instant::now();
    // Node B's readers are served from its cache, and counted.
    for _ in 0..7 {
        assert_eq!(read(&format!("{base_b}{path}")).await.0, 200);
    }
    // Cached pages: served as before.
    let (status, _, took) = read(&format!("{base_a}/")).await;
    assert_eq!(status, 200, "a cached page during the outage");
    assert!(took < Duration::from_millis(500), "{took:?}");
    // What needs the database: 503 within seconds, with Retry-After, for
    // readers (a page in Indonesian) and the API (JSON) alike.
    let (status, retry, took) = read(&format!("{base_a}/cari?q=gempa+bumi+kota")).await;
    assert_eq!((status, retry.as_deref()), (503, Some("5")), "search");
    assert!(
        took < Duration::from_secs(6),
        "search answered after {took:?}"
    );
    let page = crate::util::http_client()
        .user_agent(READER_AGENT)
        .build()
        .unwrap()
        .get(format!("{base_a}/penulis/tidak-ada-yang-bernama-ini"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("Coba lagi"));
    let body = serde_json::json!({"title": "Tidak Akan Tersimpan", "section": "news", "body": "x"});
    let started = Instant::now();
    let (status, answer) = api.send("/api/v1/articles", body).await.unwrap();
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error"]["code"], "unavailable");
    assert!(started.elapsed() < Duration::from_secs(6));
    let (status, _, _) = read(&format!("{base_a}/readyz")).await;
    assert_eq!(status, 503, "/readyz during the outage");

    // Node B is stopped meanwhile: it ends within its deadline and keeps
    // the views it counted in its data folder.
    sigterm(&node_b);
    let stopping = Instant::now();
    let mut node_b = node_b;
    let status = ended_within(&mut node_b, stopping, Duration::from_secs(30)).await;
    assert!(status.success(), "{status}");
    let stopped_in = stopping.elapsed();
    let kept = saved_views(second.path()).expect("the views kept in the data folder");
    assert!(
        kept.contains(&format!("\"article\":{}", acknowledged[0].0)),
        "{kept}"
    );

    // Node B started again while the database is still down waits for it
    // and serves once it is back.
    let restart = {
        let second = second.path().to_owned();
        std::thread::spawn(move || start_serving(&second, &[]))
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(!restart.is_finished(), "node B served without its database");
    cluster.start_again();
    let down_for = outage.elapsed();
    let (node_b, base_b) = restart.join().unwrap();

    // Node A recovered by itself: it publishes again.
    let back = Instant::now();
    let recovered = loop {
        let code = format!("sesudah{}", acknowledged.len());
        if let Some(id) = api.publish(&code).await {
            acknowledged.push((id, code));
            break back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "node A never recovered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for n in 0..4 {
        let code = format!("sesudah{n}");
        acknowledged.push((api.publish(&code).await.expect("published"), code));
    }
    let all = acknowledged.len();
    let whole = Counts {
        acknowledged: all,
        present: all,
        public: all,
        searchable: all,
    };
    for base in [&base_a, &base_b] {
        assert_eq!(
            count(base, &token, &acknowledged, Duration::from_secs(20)).await,
            whole,
            "{base}"
        );
    }
    // The views node B kept are in the database, and the file is gone.
    assert!(
        saved_views(second.path()).is_none(),
        "the kept views written at start"
    );
    let store = warta_store::Store::connect(&cluster.url).await.unwrap();
    assert_eq!(
        store
            .total_views(warta_core::ArticleId(acknowledged[0].0))
            .await
            .unwrap(),
        7,
        "the seven readers during the outage"
    );
    store.close().await;
    eprintln!(
        "PostgreSQL down {down_for:?}: node B stopped in {stopped_in:?} keeping its views; node A published again {recovered:?} after the database returned; {all} of {all} acknowledged present, public and searchable on both nodes"
    );
    terminate(node_b);
    terminate(node_a);
}
