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
    let output = app
        .warta(&[
            "import",
            files[0].to_str().unwrap(),
            files[1].to_str().unwrap(),
        ])
        .await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("total: 21609 new, 0 updated, 0 kept, 0 taken down, 0 skipped"),
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

/// Passages mark a query's words by stemming only the words that contain
/// a stem's letters after its first (`warta_search`'s marking analyzer):
/// that holds for every word of the corpus, or a passage would miss a
/// match.
#[test]
fn every_word_of_the_corpus_contains_its_stem_after_the_first_letter() {
    use std::collections::HashSet;
    use std::io::BufRead;
    let mut words = HashSet::new();
    for file in ["articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"] {
        let gz = std::fs::File::open(corpus_dir().join(file)).unwrap();
        for line in std::io::BufReader::new(flate2::read::GzDecoder::new(gz)).lines() {
            let article: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            for field in ["title", "body"] {
                let text = article[field].as_str().unwrap_or_default().to_lowercase();
                for word in text.split(|c: char| !c.is_alphanumeric()) {
                    if !word.is_empty() && !words.contains(word) {
                        words.insert(word.to_owned());
                    }
                }
            }
        }
    }
    assert!(words.len() > 50_000, "{} words", words.len());
    let broken: Vec<String> = words
        .iter()
        .filter_map(|word| {
            let stemmed = warta_search::stem(word);
            let tail: String = stemmed.chars().skip(1).collect();
            (!word.contains(&tail)).then(|| format!("{word} -> {stemmed}"))
        })
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}
