//! A live blog in headless Chromium: a reader keeps the page open on a
//! phone, the newsroom adds entries through the API, and each appears on
//! top of the list without a reload, the pinned one above the rest.

use crate::util::browser::{Browser, js, until};
use crate::util::{ArticleBuilder, TestApp};
use reqwest::Method;
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn an_open_page_shows_new_entries_without_reloading() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new(
            "banjir",
            "Banjir Bandang Terjang Sumbar",
        )])
        .await;
    let id = ids[0].0;
    let (editor, _) = app.add_user("ed@redaksi.id", "Rina", Role::Editor).await;
    let token = app.token_for(editor).await;
    let api = |method, path: String, body| {
        let (app, token) = (&app, &token);
        async move { app.api(method, &path, Some(token), Some(body)).await }
    };
    let (status, _) = api(
        Method::PUT,
        format!("/api/v1/articles/{id}/live"),
        json!({"running": true}),
    )
    .await;
    assert_eq!(status, 200);
    api(
        Method::POST,
        format!("/api/v1/articles/{id}/live/entries"),
        json!({"body": "08.00 WIB: Sungai meluap."}),
    )
    .await;

    let reader = Browser::start(390, 844).await;
    let c = &reader.client;
    c.goto(&format!("{}{}", app.base, app.path_of(ids[0]).await))
        .await
        .unwrap();
    until(c, "the page", "return document.readyState === 'complete'").await;
    // The page is marked so the test can tell a reload from an update.
    js(c, "window.__same_page = true; return true;").await;
    assert_eq!(
        js(c, "return document.querySelectorAll('.live-entry').length").await,
        1
    );

    let (status, _) = api(
        Method::POST,
        format!("/api/v1/articles/{id}/live/entries"),
        json!({"body": "08.30 WIB: **Jembatan Lembah Anai putus.**"}),
    )
    .await;
    assert_eq!(status, 201);
    until(
        c,
        "the new entry on the open page",
        "return document.querySelectorAll('.live-entry').length === 2",
    )
    .await;
    let top = js(
        c,
        "return {same: window.__same_page === true, \
                 first: document.querySelector('.live-entries .live-entry').textContent, \
                 wide: document.documentElement.scrollWidth <= window.innerWidth}",
    )
    .await;
    assert_eq!(top["same"], true, "no reload");
    assert!(
        top["first"]
            .as_str()
            .unwrap()
            .contains("Jembatan Lembah Anai putus"),
        "newest on top: {top}"
    );
    assert_eq!(top["wide"], true);

    // A pinned one goes above them all.
    api(
        Method::POST,
        format!("/api/v1/articles/{id}/live/entries"),
        json!({"body": "Posko pengungsian: Masjid Raya Padang.", "pinned": true}),
    )
    .await;
    until(
        c,
        "the pinned entry",
        "const e = document.querySelector('section.live .live-entry'); \
         return !!e && e.classList.contains('pinned') && e.textContent.includes('Posko pengungsian')",
    )
    .await;
    reader.close().await;
}
