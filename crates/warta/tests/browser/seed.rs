//! The seed test: the real Suara.com page in `../shared/corpus/seed-article.txt`
//! rebuilt in Warta. The seed article and the 25 articles its lists name
//! are imported (headlines from `seed-article.json`, bodies written for this
//! test), given the views, picks and publication times that should make
//! each list come out as on the real page, and the page is read in a real
//! browser. Berita Terkait comes out of the relatedness function, not a pin.

use crate::util::browser::Browser;
use crate::util::{ArticleBuilder, TestApp, corpus_dir};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Seed {
    title: String,
    body: String,
    source: String,
    baca_juga: String,
    berita_terkait: Vec<String>,
    terpopuler: Vec<String>,
    pilihan: Vec<String>,
    terkini: Vec<String>,
}

#[derive(Deserialize)]
struct Bodies {
    berita_terkait: Vec<String>,
    terpopuler: Vec<String>,
    pilihan: Vec<String>,
    terkini: Vec<String>,
}

fn wib(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_seed_article_page_matches_the_real_portal() {
    let seed: Seed = serde_json::from_str(
        &std::fs::read_to_string(corpus_dir().join("seed-article.json")).unwrap(),
    )
    .unwrap();
    let bodies: Bodies = toml::from_str(include_str!("../fixtures/seed-bodies.toml")).unwrap();
    let app = TestApp::start().await;
    let now = Utc::now();

    let mut articles = Vec::new();
    // Berita Terkait: the same story, newest first on the real page.
    let related_times = [
        "2024-12-09T10:00:00+07:00",
        "2024-12-08T20:00:00+07:00",
        "2024-12-08T12:00:00+07:00",
        "2024-12-07T20:00:00+07:00",
        "2024-12-07T09:00:00+07:00",
    ];
    for (i, (title, body)) in seed
        .berita_terkait
        .iter()
        .zip(&bodies.berita_terkait)
        .enumerate()
    {
        articles.push(
            ArticleBuilder::new(&format!("terkait-{i}"), title)
                .in_section("internasional")
                .body(body)
                .tags(&["Suriah"])
                .published(wib(related_times[i])),
        );
    }
    let others = [
        (
            "populer",
            &seed.terpopuler,
            &bodies.terpopuler,
            Duration::days(3),
            "otomotif",
        ),
        (
            "pilihan",
            &seed.pilihan,
            &bodies.pilihan,
            Duration::days(5),
            "news",
        ),
        (
            "terkini",
            &seed.terkini,
            &bodies.terkini,
            Duration::zero(),
            "news",
        ),
    ];
    for (prefix, titles, texts, age, section) in others {
        for (i, (title, body)) in titles.iter().zip(texts).enumerate() {
            articles.push(
                ArticleBuilder::new(&format!("{prefix}-{i}"), title)
                    .in_section(section)
                    .body(body)
                    .published(now - age - Duration::minutes(10 * (i as i64 + 1))),
            );
        }
    }
    let baca_juga = seed
        .berita_terkait
        .iter()
        .position(|t| *t == seed.baca_juga)
        .unwrap();
    articles.push(
        ArticleBuilder::new("seed", &seed.title)
            .in_section("internasional")
            .body(&seed.body)
            .with("source", json!(seed.source))
            .tags(&["Suriah"])
            .with("read_also", json!(format!("terkait-{baca_juga}")))
            .published(wib("2024-12-07T14:30:00+07:00")),
    );
    let lines: Vec<String> = articles.iter().map(ArticleBuilder::line).collect();
    let file = app.dir.path().join("seed.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let import = app.warta(&["import", file.to_str().unwrap()]).await;
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );

    // Pilihan from the command line, Terpopuler from real page views.
    let picks: Vec<String> = (0..seed.pilihan.len())
        .map(|i| format!("pilihan-{i}"))
        .collect();
    let mut args = vec!["picks", "set"];
    args.extend(picks.iter().map(String::as_str));
    assert!(app.warta(&args).await.status.success());
    for i in 0..seed.terpopuler.len() {
        let id = app
            .app
            .store
            .article_id_for_external(&format!("populer-{i}"))
            .await
            .unwrap();
        let path = app.path_of(id).await;
        for _ in 0..(50 - 10 * i) {
            assert_eq!(app.get(&path).await.status(), 200);
        }
    }
    app.refresh().await;

    let seed_id = app.app.store.article_id_for_external("seed").await.unwrap();
    let url = format!("{}{}", app.base, app.path_of(seed_id).await);
    let browser = Browser::start(1280, 2000).await;
    browser.client.goto(&url).await.unwrap();
    let text = browser
        .eval("return document.querySelector('main').innerText")
        .await;
    let text = text.as_str().unwrap();

    let first_paragraph = seed.body.split("\n\n").next().unwrap();
    let markers = [
        seed.title.clone(),
        "Oleh Redaksi".to_owned(),
        "Sabtu, 07 Desember 2024 | 14:30 WIB".to_owned(),
        first_paragraph.to_owned(),
        format!("Baca Juga: {}", seed.baca_juga),
        "BERITA TERKAIT".to_owned(),
        "TERPOPULER".to_owned(),
        "PILIHAN".to_owned(),
        "TERKINI".to_owned(),
    ];
    let mut last = 0;
    for marker in &markers {
        let at = text[last..]
            .find(marker.as_str())
            .unwrap_or_else(|| panic!("{marker:?} not found after position {last} in:\n{text}"));
        last += at + marker.len();
    }

    let titles = |block: &str| {
        let script = format!(
            "return [...document.querySelectorAll('main .{block} .title')].map(a => a.innerText.trim())"
        );
        let browser = &browser;
        async move {
            let value = browser.eval(&script).await;
            serde_json::from_value::<Vec<String>>(value).unwrap()
        }
    };
    assert_eq!(
        titles("related").await,
        seed.berita_terkait,
        "Berita Terkait"
    );
    assert_eq!(titles("popular").await, seed.terpopuler, "Terpopuler");
    assert_eq!(titles("picks").await, seed.pilihan, "Pilihan");
    assert_eq!(titles("latest").await, seed.terkini, "Terkini");
    browser.close().await;
}
