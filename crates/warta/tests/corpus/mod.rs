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
    kronologi_keeps_to_the_story(&app).await;
}

/// Kronologi on the real corpus, against the story clusters of
/// `bench/quality` (stories judged by their headlines): most articles of
/// a labelled story show a block, and most of what a block lists is of
/// the article's story. The figures are lower bounds (the headline rules
/// miss some articles of each story; bench/quality reports the exact
/// ones); placement gone wrong (everything one story, or none) falls far
/// below them.
async fn kronologi_keeps_to_the_story(app: &TestApp) {
    use std::collections::{HashMap, HashSet};
    let store = &app.app.store;
    let now = chrono::Utc::now();
    let clusters = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/quality/clusters.tsv"),
    )
    .unwrap();
    let mut stories_of: HashMap<String, HashSet<&str>> = HashMap::new();
    for line in clusters.lines() {
        let (story, external) = line.split_once('\t').unwrap();
        stories_of
            .entry(external.to_owned())
            .or_default()
            .insert(story);
    }
    // Articles by number; one outside every labelled story counts as of
    // another story.
    let mut labelled = HashMap::new();
    for external in stories_of.keys() {
        let id = store.article_id_for_external(external).await.unwrap();
        labelled.insert(id, external.as_str());
    }
    let mut with_block = 0;
    let mut precision = Vec::new();
    // Every other labelled article, in a fixed order: the reads cost half
    // a minute in a debug build otherwise.
    let mut checked: Vec<_> = labelled.iter().collect();
    checked.sort();
    for (&id, external) in checked.into_iter().step_by(2) {
        let stories = &stories_of[*external];
        let Some(story) = store.story_of(id).await.unwrap() else {
            continue;
        };
        let at = store.summaries(&[id], now).await.unwrap()[0].published_at;
        let around = store.story_around(story.id, id, at, now, 4).await.unwrap();
        let others: Vec<_> = around.iter().filter(|s| s.id != id).collect();
        if others.is_empty() {
            continue;
        }
        with_block += 1;
        let mut same = 0;
        for other in &others {
            same += labelled
                .get(&other.id)
                .is_some_and(|e| !stories_of[*e].is_disjoint(stories)) as usize;
        }
        precision.push(same as f64 / others.len() as f64);
    }
    assert!(
        store
            .unplaced_articles(now, None, 1)
            .await
            .unwrap()
            .is_empty(),
        "every article placed"
    );
    let shown = with_block as f64 / labelled.len().div_ceil(2) as f64;
    let precision = precision.iter().sum::<f64>() / precision.len().max(1) as f64;
    eprintln!("Kronologi: {shown:.3} of labelled articles show a block, precision {precision:.3}");
    assert!(shown > 0.6, "{shown}");
    assert!(precision > 0.75, "{precision}");
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
