//! The whole shape of what readers, crawlers and apps read, pinned by
//! snapshots (`snapshots/`, insta): an article page, the RSS feed, every
//! sitemap, the article's JSON-LD and the API's JSON of the article. A
//! change to any of them shows here as a diff to review and accept
//! (`INSTA_UPDATE=always cargo test`, then read the `.snap` changes). The
//! site is built the same every run: articles published on fixed days of
//! 2024, a configured base URL; what moves from run to run (the times the
//! test wrote things, the stylesheet's version) is redacted.

use crate::util::{ArticleBuilder, TestApp};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use warta_core::Role;

/// Times of this year are the moment the test wrote the data; the
/// articles' own times are in 2024.
const FILTERS: &[(&str, &str)] = &[
    (
        r"20[3-9]\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)",
        "[written]",
    ),
    (
        r"202[5-9]-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)",
        "[written]",
    ),
    (r"\?v=[0-9a-f]+", "?v=[version]"),
];

async fn site() -> TestApp {
    let app = TestApp::start_with("[site]\nbase_url = \"https://warta.example\"\n").await;
    let at = |day, hour| Utc.with_ymd_and_hms(2024, 12, day, hour, 30, 0).unwrap();
    app.add(&[
        ArticleBuilder::new("banjir-1", "Banjir Rendam Jakarta Utara")
            .in_section("news")
            .tags(&["Banjir", "Jakarta"])
            .with("author", serde_json::json!("Rina Wartawan"))
            .with("lede", serde_json::json!("Ribuan warga mengungsi."))
            .body(
                "Jakarta, Warta - Banjir merendam tiga kelurahan di Jakarta Utara.\n\n\
                 Ketinggian air mencapai satu meter di beberapa titik.\n\n\
                 Warga mengungsi ke masjid dan sekolah terdekat.\n\n\
                 BPBD mengerahkan perahu karet untuk evakuasi.",
            )
            .published(at(7, 7)),
        ArticleBuilder::new("banjir-2", "Banjir Jakarta Utara Mulai Surut")
            .in_section("news")
            .tags(&["Banjir"])
            .body("Air di Jakarta Utara mulai surut.\n\nWarga kembali ke rumah.")
            .published(at(8, 2)),
        ArticleBuilder::new("bola-1", "Timnas Menang Tipis atas Vietnam")
            .in_section("bola")
            .tags(&["Timnas"])
            .body("Timnas Indonesia menang 1-0.\n\nGol dicetak pada menit ke-80.")
            .published(at(6, 12)),
    ])
    .await;
    app
}

fn check(name: &str, text: &str) {
    let filters: Vec<(&str, &str)> = FILTERS.to_vec();
    insta::with_settings!({ filters => filters, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[tokio::test]
async fn what_readers_crawlers_and_apps_read_keeps_its_shape() {
    let app = site().await;
    let path = "/news/2024/12/07/1/banjir-rendam-jakarta-utara";
    let (status, page) = app.page(path).await;
    assert_eq!(status, 200, "{page}");
    check("article_page", &page);

    let json_ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the page carries JSON-LD");
    let json_ld: serde_json::Value = serde_json::from_str(json_ld).expect("JSON-LD parses");
    check(
        "article_json_ld",
        &serde_json::to_string_pretty(&json_ld).unwrap(),
    );

    for (name, path) in [
        ("rss", "/rss"),
        ("section_rss", "/news/rss"),
        ("sitemap_index", "/sitemap.xml"),
        ("sitemap_sections", "/sitemap/kanal.xml"),
        ("sitemap_articles", "/sitemap/artikel/1"),
        ("sitemap_news", "/sitemap/berita.xml"),
        ("robots", "/robots.txt"),
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 200, "{path}: {body}");
        check(name, &body);
    }

    let (editor, _) = app.add_user("ed@redaksi.id", "Editor", Role::Editor).await;
    let token = app.token_for(editor).await;
    let (status, article) = app
        .api(Method::GET, "/api/v1/articles/1", Some(&token), None)
        .await;
    assert_eq!(status, 200, "{article}");
    check(
        "api_article",
        &serde_json::to_string_pretty(&article).unwrap(),
    );
}
