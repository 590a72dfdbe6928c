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
