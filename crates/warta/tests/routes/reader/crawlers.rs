//! What crawlers, shared caches and assistive technology read beyond the
//! words: dates and conditional requests, a tag per encoding, versioned
//! assets, landmarks named once.

use super::cache::fetch;
use crate::util::{ArticleBuilder, TestApp};

#[tokio::test]
async fn crawlers_and_caches_get_dates_a_tag_per_encoding_and_versioned_assets() {
    // Before: no Last-Modified; one strong ETag for the Brotli, gzip and
    // plain bodies; the favicon cached for a year under an unversioned
    // address.
    let app = TestApp::start().await;
    let published = chrono::DateTime::parse_from_rfc3339("2024-11-01T08:00:00Z").unwrap();
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Rendam Jakarta").published(published.into())])
        .await;
    let path = app.path_of(ids[0]).await;
    let (status, headers, _) = fetch(&app, &path, &[]).await;
    assert_eq!(status, 200);
    let date = headers["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(date, "Fri, 01 Nov 2024 08:00:00 GMT");
    // By date: not modified since then; modified since the day before.
    let (status, _, body) = fetch(&app, &path, &[("if-modified-since", &date)]).await;
    assert_eq!((status, body.len()), (304, 0));
    let earlier = "Thu, 31 Oct 2024 08:00:00 GMT";
    assert_eq!(
        fetch(&app, &path, &[("if-modified-since", earlier)])
            .await
            .0,
        200
    );
    // A tag per encoding, each naming this version.
    let mut tags = Vec::new();
    for encoding in ["br", "gzip", "identity"] {
        let (status, headers, _) = fetch(&app, &path, &[("accept-encoding", encoding)]).await;
        assert_eq!(status, 200);
        assert_eq!(headers["vary"], "accept-encoding");
        tags.push(headers["etag"].to_str().unwrap().to_owned());
    }
    tags.sort();
    tags.dedup();
    assert_eq!(tags.len(), 3, "{tags:?}");
    for tag in &tags {
        let (status, headers, _) = fetch(
            &app,
            &path,
            &[("accept-encoding", "gzip"), ("if-none-match", tag)],
        )
        .await;
        assert_eq!(status, 304, "{tag}");
        assert!(headers["etag"].to_str().unwrap().ends_with("-gz\""));
    }
    // Every asset cached for a year has its version in its address.
    let (_, _, page) = fetch(&app, &path, &[]).await;
    let page = String::from_utf8(page).unwrap();
    for asset in page.split("\"/static/").skip(1) {
        let address = asset.split('"').next().unwrap();
        assert!(address.contains("?v="), "/static/{address} has no version");
    }
    assert!(page.contains("/static/favicon.svg?v="));
}

#[tokio::test]
async fn each_landmark_of_a_page_has_a_name_of_its_own() {
    // Before: two navigations or two searches shared a name (or had none)
    // on 8 of 17 page kinds, so a screen reader's list of landmarks
    // showed twins.
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Rendam Jakarta")
            .tags(&["Banjir"])
            .with("author", serde_json::json!("Rina Wartawan"))])
        .await;
    let article = app.path_of(ids[0]).await;
    for path in [
        "/",
        article.as_str(),
        "/news",
        "/terkini",
        "/terpopuler",
        "/tag/banjir",
        "/penulis/rina-wartawan",
        "/cari?q=banjir",
        "/indeks",
        "/tidak-ada",
    ] {
        let (_, _, page) = fetch(&app, path, &[]).await;
        let page = String::from_utf8(page).unwrap();
        for (kind, opening) in [
            ("navigation", "<nav"),
            ("search", "role=\"search\""),
            ("complementary", "<aside"),
        ] {
            let mut names: Vec<String> = page
                .split(opening)
                .skip(1)
                .map(|rest| {
                    let tag = rest.split('>').next().unwrap_or("");
                    tag.split("aria-label=\"")
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .unwrap_or("")
                        .to_owned()
                })
                .collect();
            let all = names.len();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                all,
                "{path}: {kind} landmarks share a name: {names:?}"
            );
        }
    }
}
