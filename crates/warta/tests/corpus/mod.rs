//! The whole shared corpus of real articles: it imports, and every section
//! page and a sample of article pages render.

use crate::util::{TestApp, corpus_dir};

#[tokio::test]
async fn the_whole_corpus_imports_and_its_pages_render() {
    let app = TestApp::start().await;
    let dir = corpus_dir();
    let files = [
        dir.join("articles-indosum.jsonl.gz"),
        dir.join("articles-clickid.jsonl.gz"),
    ];
    let output = app.warta(&[
        "import",
        files[0].to_str().unwrap(),
        files[1].to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("total: 21609 new, 0 updated, 0 skipped"),
        "{stdout}"
    );
    app.refresh().await;

    let store = &app.app.store;
    let sections = store.sections().await.unwrap();
    assert_eq!(sections.len(), 12, "{sections:?}");
    for section in &sections {
        let (status, html) = app.page(&format!("/{}", section.slug)).await;
        assert_eq!(status, 200, "/{}", section.slug);
        assert!(
            html.contains("class=\"card"),
            "/{} lists articles",
            section.slug
        );
    }
    // 200 article pages spread over the whole corpus.
    let live = store.count_live(chrono::Utc::now()).await.unwrap();
    assert_eq!(live, 21_609);
    let step = live / 200;
    for i in 0..200 {
        let sample = store
            .live_by_id(chrono::Utc::now(), 1, i * step)
            .await
            .unwrap();
        let path = sample[0].path(&app.app.config.time_zone);
        let (status, html) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("<h2>Berita Terkait</h2>"),
            "{path} has related news"
        );
    }
    for path in [
        "/",
        "/terkini",
        "/terpopuler",
        "/rss",
        "/sitemap.xml",
        "/sitemap/artikel/3",
        "/indeks?tanggal=2019-09-20",
    ] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
}
