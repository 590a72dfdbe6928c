//! Feeds and discovery: RSS, sitemaps, robots.txt.

use crate::util::{ArticleBuilder, TestApp};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Parses XML completely, failing on any error; returns the text of every
/// element named `tag`.
fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut found: Vec<String> = Vec::new();
    let mut inside = false;
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("invalid XML: {e}\n{xml}"))
        {
            Event::Start(e) if e.name().as_ref() == tag.as_bytes() => {
                inside = true;
                found.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == tag.as_bytes() => inside = false,
            Event::Text(t) if inside => found.last_mut().unwrap().push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if inside => {
                let name = r.decode().unwrap();
                let c = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                found.last_mut().unwrap().push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

#[tokio::test]
async fn rss_feeds_are_valid_and_newest_first() {
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Satu & Dua <Tiga>")
            .in_section("bola")
            .hours_ago(1),
        ArticleBuilder::new("b", "Berita Kedua").hours_ago(2),
    ])
    .await;
    let response = app.get("/rss").await;
    assert_eq!(
        response.headers()["content-type"],
        "application/rss+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    let titles = xml_texts(&xml, "title");
    assert_eq!(titles, ["Warta", "Satu & Dua <Tiga>", "Berita Kedua"]);
    let links = xml_texts(&xml, "link");
    assert!(links[1].starts_with(&format!("{}/bola/", app.base)));
    let section = app.get("/bola/rss").await.text().await.unwrap();
    assert_eq!(
        xml_texts(&section, "title"),
        ["Bola — Warta", "Satu & Dua <Tiga>"]
    );
    assert_eq!(app.get("/tidak-ada/rss").await.status(), 404);
}

#[tokio::test]
async fn sitemaps_list_every_live_article_and_news_of_the_last_two_days() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("new", "Berita Baru").hours_ago(3),
            ArticleBuilder::new("old", "Berita Lama").hours_ago(24 * 10),
            ArticleBuilder::new("draft", "Draf").with("status", serde_json::json!("draft")),
        ])
        .await;
    let index = app.get("/sitemap.xml").await.text().await.unwrap();
    let maps = xml_texts(&index, "loc");
    assert_eq!(
        maps,
        [
            format!("{}/sitemap/kanal.xml", app.base),
            format!("{}/sitemap/berita.xml", app.base),
            format!("{}/sitemap/artikel/1", app.base)
        ]
    );
    let articles = app.get("/sitemap/artikel/1").await.text().await.unwrap();
    let locs = xml_texts(&articles, "loc");
    assert_eq!(locs.len(), 2, "{locs:?}");
    assert!(locs.contains(&format!("{}{}", app.base, app.path_of(ids[1]).await)));
    assert_eq!(app.get("/sitemap/artikel/2").await.status(), 404);

    let news = app.get("/sitemap/berita.xml").await.text().await.unwrap();
    assert_eq!(xml_texts(&news, "news:title"), ["Berita Baru"]);
    assert_eq!(xml_texts(&news, "news:language"), ["id"]);
    let sections = app.get("/sitemap/kanal.xml").await.text().await.unwrap();
    assert_eq!(
        xml_texts(&sections, "loc"),
        [format!("{}/", app.base), format!("{}/news", app.base)]
    );
}

#[tokio::test]
async fn robots_txt_points_at_the_sitemap() {
    let app = TestApp::start().await;
    let robots = app.get("/robots.txt").await.text().await.unwrap();
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    assert!(robots.contains("Disallow: /cari"));
}

/// What an article's page tells crawlers of its change: JSON-LD's
/// `dateModified` and `article:modified_time`.
async fn modified_as_told(app: &TestApp, path: &str) -> (String, String) {
    let (_, page) = app.page(path).await;
    let json_ld = page
        .split("\"dateModified\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no dateModified in {path}"))
        .to_owned();
    let meta = page
        .split("<meta property=\"article:modified_time\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    (json_ld, meta)
}

#[tokio::test]
async fn every_date_crawlers_read_is_the_content_s_own() {
    // Before: an import dated every article's change at the import, so a
    // crawler saw twenty thousand articles changed at once.
    let app = TestApp::start().await;
    let published = chrono::DateTime::parse_from_rfc3339("2024-11-01T08:00:00Z").unwrap();
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Tidak Pernah Diubah").published(published.into()),
            ArticleBuilder::new("b", "Diubah di Sumbernya")
                .published(published.into())
                .with("updated_at", serde_json::json!("2024-11-03T10:00:00Z")),
        ])
        .await;
    let never = app.path_of(ids[0]).await;
    let changed = app.path_of(ids[1]).await;
    let told = |t: &str| (t.to_owned(), t.to_owned());
    assert_eq!(
        modified_as_told(&app, &never).await,
        told("2024-11-01T08:00:00+00:00")
    );
    assert_eq!(
        modified_as_told(&app, &changed).await,
        told("2024-11-03T10:00:00+00:00")
    );
    let sitemap = app.get("/sitemap/artikel/1").await.text().await.unwrap();
    let lastmods = xml_texts(&sitemap, "lastmod");
    assert_eq!(
        lastmods,
        ["2024-11-01T08:00:00+00:00", "2024-11-03T10:00:00+00:00"]
    );
    // Every sitemap in the index says when it last changed; an article
    // sitemap by its newest article's change.
    let index = app.get("/sitemap.xml").await.text().await.unwrap();
    assert_eq!(xml_texts(&index, "sitemap").len(), 3);
    assert_eq!(xml_texts(&index, "lastmod")[2], "2024-11-03T10:00:00+00:00");
    // Nothing in the last two days: the news sitemap still holds one
    // address, so it stays a valid sitemap.
    let news = app.get("/sitemap/berita.xml").await;
    assert_eq!(news.status(), 200);
    assert_eq!(xml_texts(&news.text().await.unwrap(), "url").len(), 1);

    // The newsroom corrects the first: now it has changed, and says when.
    let (editor, _) = app
        .add_user("ed@redaksi.id", "Editor", warta_core::Role::Editor)
        .await;
    let token = app.token_for(editor).await;
    let (status, current) = app
        .api(
            reqwest::Method::GET,
            &format!("/api/v1/articles/{}", ids[0].0),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let mut edited = current.clone();
    edited["title"] = serde_json::json!("Sudah Dikoreksi");
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let (status, answer) = app
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/articles/{}", ids[0].0),
            Some(&token),
            Some(edited),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    app.refresh().await;
    let path = app.path_of(ids[0]).await;
    let (json_ld, _) = modified_as_told(&app, &path).await;
    let modified = chrono::DateTime::parse_from_rfc3339(&json_ld).unwrap();
    assert!(modified >= before, "{json_ld}");
    // The other, untouched, keeps its own date.
    let untouched = app.path_of(ids[1]).await;
    assert_eq!(
        modified_as_told(&app, &untouched).await,
        told("2024-11-03T10:00:00+00:00")
    );
}

#[tokio::test]
async fn feed_readers_get_a_description_a_byline_categories_and_a_picture() {
    // Before: an item without a lede had no description, none named its
    // author or carried its picture, and tags and bylines had no feed.
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Tanpa Ringkasan")
            .body("Paragraf pembuka yang menjadi deskripsi.\n\nParagraf kedua.")
            .tags(&["Banjir Jakarta", "Cuaca"])
            .with("author", serde_json::json!("Rina Wartawan"))
            .with(
                "image",
                serde_json::json!({"url": "/static/demo/kota.svg", "caption": "Genangan di Kampung Melayu"}),
            )
            .hours_ago(1),
        ArticleBuilder::new("b", "Tanpa Penulis").hours_ago(2),
    ])
    .await;
    let read = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            let bytes = response.bytes().await.unwrap();
            feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"))
        }
    };
    let site = read("/rss").await;
    assert_eq!(site.entries.len(), 2);
    let first = &site.entries[0];
    assert_eq!(first.title.as_ref().unwrap().content, "Tanpa Ringkasan");
    assert_eq!(
        first.summary.as_ref().unwrap().content,
        "Paragraf pembuka yang menjadi deskripsi."
    );
    assert_eq!(first.authors[0].name.as_deref(), Some("Rina Wartawan"));
    let categories: Vec<&str> = first.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(categories, ["News", "Banjir Jakarta", "Cuaca"]);
    let picture = &first.media[0].content[0];
    assert_eq!(
        picture.url.as_ref().unwrap().as_str(),
        format!("{}/static/demo/kota.svg", app.base)
    );
    assert_eq!(
        site.entries[1].authors[0].name.as_deref(),
        Some("Redaksi Warta")
    );
    assert!(!site.entries[1].summary.as_ref().unwrap().content.is_empty());
    // A tag's and a byline's feed, each with its own items.
    let tag = read("/tag/banjir-jakarta/rss").await;
    assert_eq!(tag.entries.len(), 1);
    assert_eq!(tag.title.unwrap().content, "Banjir Jakarta — Warta");
    let author = read("/penulis/rina-wartawan/rss").await;
    assert_eq!(author.entries.len(), 1);
    assert_eq!(app.get("/tag/tidak-ada/rss").await.status(), 404);
    // Their pages say where the feed is.
    let (_, page) = app.page("/tag/banjir-jakarta").await;
    assert!(page.contains(&format!(
        "type=\"application/rss+xml\" title=\"Warta\" href=\"{}/tag/banjir-jakarta/rss\"",
        app.base
    )));
}

/// The official schema of a sitemap (sitemaps.org's `sitemap.xsd`, as the
/// npm package `sitemap` ships it) and a Python with `xmlschema`, both
/// fetched by the README's test command, never copied here.
fn sitemap_schema() -> (String, String) {
    let python = std::env::var("WARTA_TEST_XSD_PYTHON").expect(
        "no XML schema validator: run the README's test command, which installs one \
         (or set WARTA_TEST_XSD_PYTHON to a Python with xmlschema)",
    );
    let xsd = std::env::var("WARTA_TEST_SITEMAP_XSD")
        .expect("no sitemap.xsd: run the README's test command, which fetches it");
    (python, xsd)
}

/// Validates `xml` against `xsd` with xmlschema; the validator's words
/// when it refuses.
fn validate(python: &str, xsd: &str, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sitemap.xml");
    std::fs::write(&file, xml).unwrap();
    let output = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])",
            xsd,
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[tokio::test]
async fn sitemaps_are_valid_against_the_official_schema() {
    let (python, xsd) = sitemap_schema();
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Berita Baru").hours_ago(3),
        ArticleBuilder::new("b", "Berita Ekonomi").in_section("ekonomi"),
    ])
    .await;
    for path in ["/sitemap/kanal.xml", "/sitemap/artikel/1"] {
        let xml = app.get(path).await.text().await.unwrap();
        validate(&python, &xsd, &xml).unwrap_or_else(|refused| panic!("{path}: {refused}"));
    }
    // The validator is no rubber stamp: a date it cannot read is refused.
    let xml = app.get("/sitemap/artikel/1").await.text().await.unwrap();
    let broken = xml.replacen("<lastmod>", "<lastmod>kemarin ", 1);
    assert!(validate(&python, &xsd, &broken).is_err());
}
