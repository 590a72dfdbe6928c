//! Stopping a node as a service manager does, with SIGTERM, while readers
//! keep coming: `/readyz` turns 503 at once, every request that reaches
//! the node during the drain is answered, and every view counted is in the
//! database afterwards.

use crate::util::READER_AGENT;
use crate::util::serve::start_serving;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use warta_core::ArticleId;

/// The article pages a site lists on Terkini.
async fn article_paths(base: &str) -> Vec<String> {
    let html = crate::util::serve::get(format!("{base}/terkini"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut paths: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/news/20"))
        .map(str::to_owned)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The article number in an article path (`/news/2024/11/01/12/judul`).
fn id_of(path: &str) -> ArticleId {
    ArticleId(path.split('/').nth(5).unwrap().parse().unwrap())
}

#[tokio::test]
async fn sigterm_under_load_drains_answers_everyone_and_keeps_every_view() {
    let dir = super::imported_site(8).await;
    let (mut server, base) = start_serving(dir.path(), &["--drain", "2"]);
    let paths = article_paths(&base).await;
    assert_eq!(paths.len(), 8, "{paths:?}");

    // Four readers, each on a connection of its own kept alive, reading
    // article after article until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::new();
    for reader in 0..4 {
        let (stop, base, paths) = (stop.clone(), base.clone(), paths.clone());
        readers.push(tokio::spawn(async move {
            let http = crate::util::http_client()
                .user_agent(READER_AGENT)
                .build()
                .unwrap();
            let (mut answered, mut failed) = (vec![0u64; paths.len()], Vec::new());
            let mut n = reader;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let which = n % paths.len();
                match http.get(format!("{base}{}", paths[which])).send().await {
                    Ok(response) if response.status() == 200 => {
                        let _ = response.bytes().await;
                        answered[which] += 1;
                    }
                    Ok(response) => failed.push(response.status().to_string()),
                    Err(error) => failed.push(error.to_string()),
                }
            }
            (answered, failed)
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;

    let signalled = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    // The load balancer learns at once that the node is going.
    loop {
        let ready = crate::util::serve::get(format!("{base}/readyz")).await;
        if ready.is_ok_and(|r| r.status() == 503) {
            break;
        }
        assert!(
            signalled.elapsed() < Duration::from_millis(500),
            "/readyz still 200 half a second after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let unready_after = signalled.elapsed();
    // Readers who came meanwhile are still served through the drain.
    tokio::time::sleep(Duration::from_millis(1500).saturating_sub(unready_after)).await;
    let fresh = crate::util::http_client()
        .user_agent(READER_AGENT)
        .build()
        .unwrap()
        .get(format!("{base}{}", paths[0]))
        .send()
        .await
        .expect("a new connection during the drain is taken");
    assert_eq!(fresh.status(), 200);
    stop.store(true, Ordering::Relaxed);
    let mut answered = vec![0u64; paths.len()];
    for reader in readers {
        let (counts, failed) = reader.await.unwrap();
        assert!(failed.is_empty(), "refused during the drain: {failed:?}");
        for (total, n) in answered.iter_mut().zip(counts) {
            *total += n;
        }
    }
    answered[0] += 1;

    // It ends by itself, cleanly, within the drain and the deadline.
    let status = super::ended_within(&mut server, signalled, Duration::from_secs(20)).await;
    assert!(status.success(), "{status}");
    let took = signalled.elapsed();
    assert!(
        took >= Duration::from_secs(2),
        "stopped after {took:?}, before its 2 s drain"
    );

    // Every reader's view is in the database.
    let store = warta_store::Store::connect(
        &crate::util::database_for(dir.path())
            .await
            .unwrap_or_else(|| format!("sqlite://{}/warta.db", dir.path().display())),
    )
    .await
    .unwrap();
    for (path, n) in paths.iter().zip(&answered) {
        assert_eq!(
            store.total_views(id_of(path)).await.unwrap(),
            *n as i64,
            "{path}"
        );
    }
    let all: u64 = answered.iter().sum();
    eprintln!(
        "SIGTERM under load: {all} pages answered, 0 refused; /readyz 503 after {unready_after:?}; exited after {took:?}"
    );
    store.close().await;
}
