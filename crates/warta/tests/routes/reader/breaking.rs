//! Breaking news: an editor marks a live article, and a banner with its
//! headline is on every reader page within the next refresh of the lists
//! (cached pages included), for a set time or until taken down; apps
//! subscribed to `breaking` are told.

use crate::util::receiver::Receiver;
use crate::util::{ArticleBuilder, TestApp, eventually};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use warta_core::Role;

const BANNER: &str = "<aside class=\"breaking\"";

/// The banner's headline on `path`, if it shows one.
async fn banner(app: &TestApp, path: &str) -> Option<String> {
    let (status, html) = app.page(path).await;
    assert!(status == 200 || status == 404, "{path}: {status}");
    let (_, rest) = html.split_once(BANNER)?;
    let link = rest.split("</aside>").next()?;
    let title = link.rsplit_once("\">")?.1.split('<').next()?;
    Some(title.to_owned())
}

/// Waits until every page in `pages` shows `expected` as its banner.
async fn every_page_shows(app: &TestApp, pages: &[String], expected: Option<&str>) {
    for path in pages {
        eventually(&format!("{path}: banner {expected:?}"), || async {
            banner(app, path).await.as_deref() == expected
        })
        .await;
    }
}

#[tokio::test]
async fn a_breaking_banner_is_on_every_page_and_goes_when_taken_down() {
    let app = TestApp::start_with("[webhooks]\nretry_seconds = 1\n").await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Gempa M6,1 Guncang Garut").tags(&["gempa"]),
            ArticleBuilder::new("b", "Harga Beras Turun").in_section("ekonomi"),
        ])
        .await;
    app.refresh().await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let (author, _) = app.add_user("rina@redaksi.id", "Rina", Role::Author).await;
    let (admin, _) = app.add_user("admin@redaksi.id", "Admin", Role::Admin).await;
    let (editor, author, admin) = (
        app.token_for(editor).await,
        app.token_for(author).await,
        app.token_for(admin).await,
    );
    let receiver = Receiver::start().await;
    let (_, webhook) = app
        .api(
            Method::POST,
            "/api/v1/webhooks",
            Some(&admin),
            Some(json!({"url": receiver.url(), "events": ["breaking"]})),
        )
        .await;
    receiver.set_secret(webhook["secret"].as_str().unwrap());

    // Every kind of reader page, cached before the news breaks.
    let article = app.path_of(ids[0]).await;
    let pages = [
        "/".to_owned(),
        article.clone(),
        app.path_of(ids[1]).await,
        "/ekonomi".to_owned(),
        "/tag/gempa".to_owned(),
        "/terkini".to_owned(),
        "/cari?q=beras".to_owned(),
        "/indeks".to_owned(),
        "/tidak-ada-halaman-ini".to_owned(),
    ];
    for path in &pages {
        assert_eq!(banner(&app, path).await, None, "{path}");
    }

    // Only editors mark, and only what readers can see.
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&author),
            Some(json!({"article_id": ids[0].0})),
        )
        .await;
    assert_eq!(status, 403);
    let draft = app.api_draft(&editor, "Draf Belum Terbit", "Isi.").await;
    let (status, refused) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&editor),
            Some(json!({"article_id": draft["id"]})),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["detail"].as_str().unwrap().contains("belum tayang"));
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&editor),
            Some(json!({"article_id": ids[0].0, "minutes": 5000})),
        )
        .await;
    assert_eq!(status, 422);

    let (status, marked) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&editor),
            Some(json!({"article_id": ids[0].0, "minutes": 60})),
        )
        .await;
    assert_eq!(status, 200, "{marked}");
    assert_eq!(marked["article_id"], ids[0].0);
    assert!(marked["until"].is_string());
    every_page_shows(&app, &pages, Some("Gempa M6,1 Guncang Garut")).await;
    let (_, html) = app.page("/").await;
    assert!(
        html.contains(&format!("href=\"{article}\">Gempa M6,1")),
        "it links to the story"
    );

    // Apps hear of it, signed.
    eventually("the breaking webhook", || async {
        !receiver.received().is_empty()
    })
    .await;
    let heard = &receiver.received()[0];
    assert_eq!(heard.event, "breaking");
    assert!(heard.signature_ok);
    assert_eq!(heard.body["article"]["title"], "Gempa M6,1 Guncang Garut");

    // Taken down: gone from every page at once.
    let (status, cleared) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&editor),
            Some(json!({"article_id": null})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(cleared["article_id"], serde_json::Value::Null);
    every_page_shows(&app, &pages, None).await;
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/breaking",
            Some(&editor),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 422, "the article is asked for, even to clear");

    // The same from the Pilihan page: the Breaking button of a story with
    // the time chosen beside it, and the button that takes it down.
    let desk = app.staff("redaktur@redaksi.id", Role::Editor).await;
    let id = ids[1].0.to_string();
    let response = desk
        .post(
            "/redaksi/pilihan",
            &[("aksi", "breaking"), ("durasi", "30"), ("artikel", &id)],
        )
        .await;
    assert_eq!(response.status(), 303);
    every_page_shows(&app, &pages[..2], Some("Harga Beras Turun")).await;
    let (_, page) = desk.get("/redaksi/pilihan").await;
    assert!(page.contains("Tampil di setiap halaman:"), "{page}");
    let response = desk
        .post(
            "/redaksi/pilihan",
            &[("aksi", "hapus_breaking"), ("artikel", &id)],
        )
        .await;
    assert_eq!(response.status(), 303);
    every_page_shows(&app, &pages[..2], None).await;
}

#[tokio::test]
async fn a_breaking_banner_goes_by_itself_when_its_time_is_up() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Bandang Terjang Sumbar")])
        .await;
    // A mark that ends in two seconds, as another node would have set it.
    let until = chrono::Utc::now() + chrono::Duration::seconds(2);
    app.app
        .store
        .set_breaking(Some((ids[0], Some(until))))
        .await
        .unwrap();
    eventually("the banner", || async { banner(&app, "/").await.is_some() }).await;
    let article = app.path_of(ids[0]).await;
    assert!(banner(&app, &article).await.is_some());
    tokio::time::sleep(Duration::from_secs(2)).await;
    // The jobs notice the end within a refresh; cached pages follow.
    eventually("the banner gone from the home page", || async {
        banner(&app, "/").await.is_none()
    })
    .await;
    assert!(banner(&app, &article).await.is_none());

    // A story taken down takes its banner with it.
    app.app
        .store
        .set_breaking(Some((ids[0], None)))
        .await
        .unwrap();
    eventually("the banner again", || async {
        banner(&app, "/").await.is_some()
    })
    .await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    let (_, now) = app
        .api(
            Method::GET,
            &format!("/api/v1/articles/{}", ids[0].0),
            Some(&token),
            None,
        )
        .await;
    app.api_unpublish(&token, &now).await;
    eventually("the banner gone with its story", || async {
        banner(&app, "/").await.is_none()
    })
    .await;
}
