//! `warta check` on a whole site and on damaged ones, and a damaged
//! database noticed at start: in the log, in `/readyz`, in `/metrics`.

use crate::util::serve::{start_serving, terminate};
use crate::util::{ArticleBuilder, warta_command};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

fn check(dir: &Path) -> (bool, String) {
    let output = warta_command(dir, &["check"]);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), out)
}

/// A site of `n` articles, served once so its search index is built.
async fn site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let file = dir.path().join("situs.jsonl");
    let lines: Vec<String> = (0..n)
        .map(|i| {
            ArticleBuilder::new(&format!("a{i}"), &format!("Berita Panjang Nomor {i}"))
                .body(
                    &"Paragraf berita yang cukup panjang untuk mengisi halaman basis data. "
                        .repeat(40),
                )
                .line()
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    assert!(
        warta_command(dir.path(), &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        warta_command(dir.path(), &["reindex"]).status.success(),
        "the index built"
    );
    dir
}

#[tokio::test]
async fn check_says_what_is_whole_and_what_is_missing() {
    let dir = site(30).await;
    let (ok, out) = check(dir.path());
    assert!(ok, "{out}");
    assert!(
        out.contains("Search index: holds the 30 live articles, and nothing else."),
        "{out}"
    );
    assert!(out.contains("Media: 0 images"), "{out}");
    if crate::util::database_for(dir.path()).await.is_none() {
        assert!(out.contains("Database: whole"), "{out}");
    }

    // The index loses its files: said, with what mends it, and exit 1.
    std::fs::remove_dir_all(dir.path().join("search")).unwrap();
    let (ok, out) = check(dir.path());
    assert!(!ok, "{out}");
    assert!(out.contains("Search index: none yet"), "{out}");
    assert!(
        out.contains("1 of the checks above found something to mend"),
        "{out}"
    );

    // An index older than the database (an article imported while it was
    // not kept up to date) is named by number.
    assert!(warta_command(dir.path(), &["reindex"]).status.success());
    let more = dir.path().join("lagi.jsonl");
    std::fs::write(&more, ArticleBuilder::new("baru", "Berita Susulan").line()).unwrap();
    assert!(
        warta_command(dir.path(), &["import", more.to_str().unwrap()])
            .status
            .success()
    );
    let (ok, out) = check(dir.path());
    assert!(!ok, "{out}");
    assert!(
        out.contains("Search index: 1 live articles missing (31)"),
        "{out}"
    );
}

#[tokio::test]
async fn a_damaged_database_page_is_found_by_check_and_reported_at_start() {
    if crate::util::database_for(tempfile::tempdir().unwrap().path())
        .await
        .is_some()
    {
        eprintln!("skipped: SQLite's file is damaged here; PostgreSQL checks its own pages");
        return;
    }
    let dir = site(200).await;
    let db = dir.path().join("warta.db");
    let size = std::fs::metadata(&db).unwrap().len();
    assert!(size > 40 * 4096, "{size} bytes");
    // Garbage over a page in the middle of the file, as a failing disk or
    // a copy cut short leaves it.
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.seek(SeekFrom::Start((size / 4096 / 2) * 4096))
        .unwrap();
    file.write_all(&[0xA5; 4096]).unwrap();
    drop(file);

    let (ok, out) = check(dir.path());
    assert!(!ok, "{out}");
    assert!(out.contains("Database: DAMAGED"), "{out}");
    assert!(out.contains("warta restore"), "{out}");

    // The server still starts and serves what it can; the damage is in
    // /readyz (still 200: taking the only node out would leave readers
    // nothing) and in /metrics.
    std::fs::write(
        dir.path().join("warta.toml"),
        "[server]\nmetrics_token = \"token-metrik-yang-panjang\"\n",
    )
    .unwrap();
    let config = dir.path().join("warta.toml");
    let (server, base) = start_serving(dir.path(), &["--config", config.to_str().unwrap()]);
    let started = std::time::Instant::now();
    let ready = loop {
        let ready = crate::util::serve::get(format!("{base}/readyz"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if ready.contains("database: damaged") {
            break ready;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "/readyz never said: {ready}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(ready.contains("warta check"), "{ready}");
    let metrics = crate::util::http_client()
        .build()
        .unwrap()
        .get(format!("{base}/metrics"))
        .bearer_auth("token-metrik-yang-panjang")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("\nwarta_database_damaged 1\n"),
        "{metrics}"
    );
    terminate(server);
}
