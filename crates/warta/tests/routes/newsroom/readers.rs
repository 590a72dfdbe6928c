//! "Sedang dibaca" over HTTP: the dashboard's numbers are the views the
//! test made (readers only), per minute, per article, per section, per
//! writer and per class of referrer, on one node and with two nodes on
//! one database; the CSV says the same; who may see it, and one
//! article's statistics.

use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;
use warta_core::Role;

const BROWSER: &str =
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36";

/// Reads `path` on `node` as a reader arriving from `referer`.
async fn read(node: &TestApp, path: &str, referer: Option<&[u8]>) {
    let mut request = crate::util::http_client()
        .build()
        .unwrap()
        .get(format!("{}{path}", node.base))
        .header("user-agent", BROWSER);
    if let Some(referer) = referer {
        let value = reqwest::header::HeaderValue::from_bytes(referer).unwrap();
        request = request.header("referer", value);
    }
    assert_eq!(request.send().await.unwrap().status(), 200);
}

/// The CSV's rows of one kind, as name to views.
fn rows(csv: &str, kind: &str) -> Vec<(String, i64)> {
    csv.lines()
        .filter_map(|line| line.strip_prefix(&format!("{kind},")))
        .map(|rest| {
            let (name, n) = rest.rsplit_once(',').unwrap();
            (name.trim_matches('"').to_owned(), n.parse().unwrap())
        })
        .collect()
}

async fn the_dashboard_counts_what_readers_read(app: &TestApp, other: &TestApp) {
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Gempa Guncang Garut").with("author", json!("Rina")),
            ArticleBuilder::new("b", "Harga Cabai Naik")
                .in_section("ekonomi")
                .with("author", json!("Budi")),
        ])
        .await;
    app.refresh().await;
    let gempa = app.path_of(ids[0]).await;
    let cabai = app.path_of(ids[1]).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    // Five readers of the quake story on this node (two from Google, one
    // from WhatsApp, one from the home page, one with no referrer), two of
    // the price story on the other node (Facebook, and 100 KB of garbage),
    // and a bot, who does not count.
    read(app, &gempa, Some(b"https://www.google.co.id/")).await;
    read(app, &gempa, Some(b"https://www.google.com/search?q=gempa")).await;
    read(app, &gempa, Some(b"android-app://com.whatsapp/")).await;
    read(app, &gempa, Some(format!("http://{host}/").as_bytes())).await;
    read(app, &gempa, None).await;
    read(other, &cabai, Some(b"https://m.facebook.com/")).await;
    read(
        other,
        &cabai,
        Some(&b"\xc3(https://www.google.com/".repeat(4_000)),
    )
    .await;
    let bot = crate::util::http_client()
        .build()
        .unwrap()
        .get(format!("{}{gempa}", app.base))
        .header("user-agent", "Googlebot/2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(bot.status(), 200);
    app.refresh().await;
    other.refresh().await;

    let rina = app.staff("rina@redaksi.id", Role::Editor).await;
    let (status, page) = rina.get("/redaksi/dibaca").await;
    assert_eq!(status, 200);
    assert!(page.contains("<strong>7</strong> tayangan"), "{page}");
    assert!(page.contains("<svg class=\"chart\""));
    let response = rina.get_response("/redaksi/dibaca.csv").await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let minutes: i64 = rows(&csv, "menit").iter().map(|(_, n)| n).sum();
    assert_eq!(minutes, 7, "{csv}");
    assert_eq!(rows(&csv, "menit").len(), 60);
    let articles = rows(&csv, "artikel");
    assert_eq!(articles[0].1, 5);
    assert!(
        articles[0].0.starts_with("Gempa Guncang Garut"),
        "{articles:?}"
    );
    assert_eq!(articles[1].1, 2);
    let sections = rows(&csv, "kanal");
    assert_eq!(
        sections.iter().find(|(n, _)| n == "News").map(|(_, v)| *v),
        Some(5),
        "{sections:?}"
    );
    assert_eq!(
        sections
            .iter()
            .find(|(n, _)| n == "Ekonomi")
            .map(|(_, v)| *v),
        Some(2)
    );
    let authors = rows(&csv, "penulis");
    assert!(
        authors.contains(&("Rina".into(), 5)) && authors.contains(&("Budi".into(), 2)),
        "{authors:?}"
    );
    let mut sources = rows(&csv, "sumber");
    sources.sort();
    assert_eq!(
        sources,
        [
            ("Dari halaman situs ini".to_owned(), 1),
            ("Lainnya".to_owned(), 1),
            ("Langsung (tanpa rujukan)".to_owned(), 1),
            ("Media sosial".to_owned(), 1),
            ("Mesin pencari".to_owned(), 2),
            ("WhatsApp, Telegram, LINE".to_owned(), 1),
        ]
    );

    // One article: its hours and its readers' classes.
    let (status, stats) = rina
        .get(&format!("/redaksi/artikel/{}/statistik", ids[0].0))
        .await;
    assert_eq!(status, 200);
    assert!(stats.contains("<strong>5</strong> tayangan"), "{stats}");
    assert!(stats.contains("Mesin pencari"));

    // Authors and contributors do not see the whole site's readers.
    let ani = app.staff("ani@redaksi.id", Role::Author).await;
    assert_eq!(ani.get("/redaksi/dibaca").await.0, 403);
    assert_eq!(ani.get("/redaksi/dibaca.csv").await.0, 403);
    let (_, nav) = ani.get("/redaksi").await;
    assert!(!nav.contains("/redaksi/dibaca"));
    assert_eq!(
        ani.get(&format!("/redaksi/artikel/{}/statistik", ids[0].0))
            .await
            .0,
        403,
        "not their article"
    );
}

#[tokio::test]
async fn the_dashboard_counts_what_readers_read_on_one_node() {
    let app = TestApp::start().await;
    the_dashboard_counts_what_readers_read(&app, &app).await;
}

#[tokio::test]
async fn the_dashboard_adds_up_every_nodes_readers() {
    // Two servers on one database (one SQLite file, or PostgreSQL in the
    // test command's second pass), each counting its own readers.
    let app = TestApp::start().await;
    let other = app.second_node("").await;
    the_dashboard_counts_what_readers_read(&app, &other).await;
}
