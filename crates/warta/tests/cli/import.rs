//! `warta import`

use crate::util::{ArticleBuilder, TestApp, warta_command};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn bad_lines_are_reported_with_their_number_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let file = dir.path().join("artikel.jsonl");
    let lines = [
        ArticleBuilder::new("a", "Berita Pertama").line(),
        "{ ini bukan json".to_owned(),
        String::new(),
        ArticleBuilder::new("b", "").line(),
        ArticleBuilder::new("c", "Berita Ketiga")
            .with("published_at", serde_json::json!("kemarin"))
            .line(),
        ArticleBuilder::new("d", "Berita Keempat").line(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("artikel.jsonl:2: skipped: not a valid record"),
        "{errors}"
    );
    assert!(
        errors.contains("artikel.jsonl:4: skipped: field \"title\" is empty"),
        "{errors}"
    );
    assert!(
        errors.contains("artikel.jsonl:5: skipped: field \"published_at\""),
        "{errors}"
    );
    assert!(!errors.contains(":3:"), "blank lines are not errors");
    assert!(
        stdout(&output).contains("2 new, 0 updated, 0 kept, 0 taken down, 3 skipped"),
        "{}",
        stdout(&output)
    );
}

#[tokio::test]
async fn a_wordpress_export_without_its_flag_is_named_and_stores_nothing() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("keep", "Sudah Ada Sebelumnya")])
        .await;
    let export = crate::util::corpus_dir()
        .parent()
        .unwrap()
        .join("wordpress/valid-wxr-1.1.xml");
    assert!(export.is_file(), "the shared export: {}", export.display());
    let output = app.warta(&["import", export.to_str().unwrap()]).await;
    assert!(!output.status.success(), "{}", stdout(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("an XML file, not JSON Lines")
            && errors.contains("import it with --wordpress"),
        "{errors}"
    );
    // One line of reason, not a skipped line for every line of the file.
    assert!(!errors.contains("skipped"), "{errors}");
    assert_eq!(app.app.store.count_articles().await.unwrap(), 1);
}

#[tokio::test]
async fn reimporting_updates_instead_of_duplicating() {
    let app = TestApp::start().await;
    let file = app.dir.path().join("a.jsonl");
    std::fs::write(&file, ArticleBuilder::new("x-1", "Judul Awal").line()).unwrap();
    assert!(
        app.warta(&["import", file.to_str().unwrap()])
            .await
            .status
            .success()
    );
    std::fs::write(
        &file,
        [
            ArticleBuilder::new("x-1", "Judul Diperbarui").line(),
            ArticleBuilder::new("x-2", "Artikel Lain").line(),
        ]
        .join("\n"),
    )
    .unwrap();
    let output = app.warta(&["import", file.to_str().unwrap()]).await;
    assert!(
        stdout(&output).contains("1 new, 1 updated, 0 kept, 0 taken down, 0 skipped"),
        "{}",
        stdout(&output)
    );
    assert_eq!(app.app.store.count_articles().await.unwrap(), 2);

    // The running server picks the import up by itself.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, home) = app.page("/").await;
        if home.contains("Judul Diperbarui") && home.contains("Artikel Lain") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "import never showed on the running site"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn gzip_is_read_and_a_damaged_file_harms_nothing_stored() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("keep", "Sudah Ada Sebelumnya")])
        .await;
    let good: Vec<String> = (0..50)
        .map(|i| ArticleBuilder::new(&format!("g{i}"), &format!("Berita Gzip {i}")).line())
        .collect();
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(good.join("\n").as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    let whole = app.dir.path().join("baik.jsonl.gz");
    std::fs::write(&whole, &compressed).unwrap();
    let output = app.warta(&["import", whole.to_str().unwrap()]).await;
    assert!(stdout(&output).contains("50 new"), "{}", stdout(&output));

    let damaged = app.dir.path().join("rusak.jsonl.gz");
    let mut bytes = compressed[..compressed.len() / 2].to_vec();
    bytes.extend_from_slice(b"\x00\xffsampah");
    std::fs::write(&damaged, bytes).unwrap();
    let output = app.warta(&["import", damaged.to_str().unwrap()]).await;
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("unreadable from here on"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        app.app.store.count_articles().await.unwrap(),
        51,
        "nothing lost, nothing doubled"
    );
    let kept = app.app.store.article_id_for_external("keep").await.unwrap();
    assert_eq!(
        app.app.store.article(kept).await.unwrap().title,
        "Sudah Ada Sebelumnya"
    );

    let missing = app.warta(&["import", "/tidak/ada.jsonl"]).await;
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("/tidak/ada.jsonl"));
}

#[tokio::test]
async fn picks_and_headline_are_set_from_the_command_line() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("p1", "Pilihan Satu"),
            ArticleBuilder::new("p2", "Pilihan Dua"),
        ])
        .await;
    let output = app
        .warta(&["picks", "set", "p2", &ids[0].to_string()])
        .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(app.app.store.picks().await.unwrap(), [ids[1], ids[0]]);
    let bad = app.warta(&["picks", "set", "tidak-ada"]).await;
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("no article with id \"tidak-ada\""));
    assert_eq!(
        app.app.store.picks().await.unwrap(),
        [ids[1], ids[0]],
        "a failed set changes nothing"
    );
    assert!(
        app.warta(&["picks", "headline", "p1"])
            .await
            .status
            .success()
    );
    let shown = stdout(&app.warta(&["picks", "show"]).await);
    assert!(
        shown.contains("1. [2] Pilihan Dua") && shown.contains("headline: [1] Pilihan Satu"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_import_into_a_new_site_builds_its_search_index_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let postgres = !crate::util::database_args(dir.path()).is_empty();
    // Three batches and more; one article twice (the later one counts), a
    // draft, and one scheduled for tomorrow: only what is live is indexed.
    let mut lines: Vec<String> = (0..2_500)
        .map(|n| ArticleBuilder::new(&format!("a-{n}"), &format!("Berita arsip {n}")).line())
        .collect();
    lines.push(ArticleBuilder::new("a-7", "Gerhana matahari cincin terlihat").line());
    lines.push(
        ArticleBuilder::new("draf", "Naskah gerhana")
            .with("status", serde_json::json!("draft"))
            .line(),
    );
    lines.push(
        ArticleBuilder::new("besok", "Gerhana esok hari")
            .published(chrono::Utc::now() + chrono::Duration::days(1))
            .line(),
    );
    let file = dir.path().join("arsip.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let held = warta_search::SearchIndex::ids_in(&dir.path().join("search")).unwrap();
    if postgres {
        // Each node builds its own index from the database.
        assert!(held.is_none(), "no index beside an import into PostgreSQL");
        assert!(!stdout(&output).contains("Search index:"));
        return;
    }
    assert!(
        stdout(&output).contains("Search index: 2500 articles, built beside the import"),
        "{}",
        stdout(&output)
    );
    let mut held = held.expect("an index beside the import");
    held.sort_unstable();
    held.dedup();
    assert_eq!(
        held.len(),
        2_500,
        "each live article once, no draft, not tomorrow's"
    );

    // Served, the index is whole from the first request: the article saved
    // twice is found by its later headline only.
    let (server, base) = crate::util::serve::start_serving(dir.path(), &[]);
    let page = crate::util::serve::get(format!("{base}/cari?q=gerhana+cincin"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("/gerhana-matahari-cincin-terlihat\""),
        "{page}"
    );
    assert!(page.contains("1 hasil"), "{page}");
    crate::util::serve::terminate(server);

    // Into a site with articles, the server keeps its index up to date:
    // the import leaves it alone.
    std::fs::write(&file, ArticleBuilder::new("baru", "Berita baru").line()).unwrap();
    let output = warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stdout(&output).contains("Search index:"),
        "{}",
        stdout(&output)
    );
}
