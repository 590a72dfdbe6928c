//! Kronologi in headless Chromium: on a phone, an article of a developing
//! story shows the story's articles in time order with the one being
//! read marked, and leads to the story's page, newest first; an editor
//! names the story in the newsroom and readers see the name.

use crate::routes::reader::stories::quake_story;
use crate::util::TestApp;
use crate::util::browser::{Browser, click_and_wait, js, until};
use fantoccini::Locator;
use warta_core::Role;

/// The `datetime` of each timeline item on the page, in the order shown.
const TIMES: &str = "return [...document.querySelectorAll('ol.timeline li time')].map(t => Date.parse(t.getAttribute('datetime')))";

#[tokio::test]
async fn a_reader_follows_a_story_through_its_kronologi() {
    let app = TestApp::start().await;
    let ids = app.add(&quake_story()).await;
    let reader = Browser::start(390, 844).await;
    let r = &reader.client;
    r.goto(&format!("{}{}", app.base, app.path_of(ids[1]).await))
        .await
        .unwrap();
    let times = js(r, TIMES).await;
    let times: Vec<f64> = serde_json::from_value(times).unwrap();
    assert_eq!(times.len(), 3);
    assert!(
        times.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {times:?}"
    );
    // The one being read is marked and not a link; the others are links.
    assert_eq!(
        js(r, "const c = document.querySelector('ol.timeline li[aria-current=page]'); return !!c && !c.querySelector('a') && c.textContent.includes('Korban Bertambah')").await,
        true
    );
    assert_eq!(
        js(
            r,
            "return document.querySelectorAll('ol.timeline li a.title').length"
        )
        .await,
        2
    );
    // Nothing wider than the phone.
    assert_eq!(
        js(
            r,
            "return document.documentElement.scrollWidth <= window.innerWidth"
        )
        .await,
        true
    );

    click_and_wait(r, ".block.story .story-all a").await;
    assert!(r.current_url().await.unwrap().path().starts_with("/topik/"));
    let times: Vec<f64> = serde_json::from_value(js(r, TIMES).await).unwrap();
    assert_eq!(times.len(), 3);
    assert!(
        times.windows(2).all(|w| w[0] > w[1]),
        "newest first: {times:?}"
    );
    let topic = r.current_url().await.unwrap().path().to_owned();

    // The editor names the story; the reader's next visit shows it.
    let (_, password) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let editor = Browser::start(1280, 900).await;
    let e = &editor.client;
    crate::util::browser::sign_in(
        e,
        &app.base,
        "ed@redaksi.id",
        &password,
        "/redaksi/topik",
        "return location.pathname === '/redaksi/topik' && document.readyState === 'complete'",
    )
    .await;
    click_and_wait(e, "table.list td a[href^='/redaksi/topik/']").await;
    let name = e.find(Locator::Css("input[name=nama]")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("Gempa Cianjur").await.unwrap();
    let address = e.find(Locator::Css("input[name=alamat]")).await.unwrap();
    address.clear().await.unwrap();
    click_and_wait(e, "form.stacked button.primary").await;
    until(
        e,
        "the change is confirmed",
        "return document.querySelector('.alert.ok')?.textContent.includes('disimpan') === true",
    )
    .await;
    r.goto(&format!("{}{}", app.base, topic)).await.unwrap();
    assert_eq!(
        js(
            r,
            "return location.pathname + ' ' + document.querySelector('h1').textContent"
        )
        .await,
        format!("{topic} Gempa Cianjur").replace(&topic, "/topik/gempa-cianjur")
    );
    editor.close().await;
    reader.close().await;
}
