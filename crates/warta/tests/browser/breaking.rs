//! Breaking news in headless Chromium: an editor marks a story on the
//! Pilihan page, a reader's next page carries the banner (visible, above
//! the page's content, linking to the story) and loses it when the editor
//! takes it down; deleting a tag asks first, and nothing goes when the
//! editor says no.

use crate::util::browser::{Browser, click_and_wait, js, until};
use crate::util::{ArticleBuilder, TestApp};
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};
use warta_core::Role;

/// Opens `path` again and again (a reader coming back) until `script`
/// holds, for five seconds at most.
async fn reload_until(c: &Client, base: &str, path: &str, what: &str, script: &str) {
    let started = Instant::now();
    loop {
        c.goto(&format!("{base}{path}")).await.unwrap();
        if js(c, script).await == true {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: not within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_breaking_banner_appears_for_readers_and_goes() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Gempa M6,1 Guncang Garut").tags(&["gempa"]),
            ArticleBuilder::new("b", "Harga Beras Turun").in_section("ekonomi"),
        ])
        .await;
    app.refresh().await;
    let (_, password) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let editor = Browser::start(1280, 900).await;
    let reader = Browser::start(390, 844).await;
    crate::util::browser::sign_in(
        &editor.client,
        &app.base,
        "ed@redaksi.id",
        &password,
        "/redaksi/masuk",
        "return location.pathname === '/redaksi' && document.readyState === 'complete'",
    )
    .await;
    let r = &reader.client;
    r.goto(&format!("{}/ekonomi", app.base)).await.unwrap();
    assert_eq!(
        js(r, "return !!document.querySelector('aside.breaking')").await,
        false
    );

    // The editor picks the story, for 30 minutes.
    let e = &editor.client;
    e.goto(&format!("{}/redaksi/pilihan", app.base))
        .await
        .unwrap();
    e.find(Locator::Css(
        "#breaking-form select[name=durasi] option[value='30']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    click_and_wait(
        e,
        &format!(
            "#candidates li[data-id='{}'] button.breaking-button",
            ids[0].0
        ),
    )
    .await;
    let shown = e
        .find(Locator::Css("#breaking"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        shown.contains("Gempa M6,1 Guncang Garut") && shown.contains("sampai"),
        "{shown}"
    );

    // The reader's next page has it: seen, above the content, the story's link.
    reload_until(
        r,
        &app.base,
        "/ekonomi",
        "the banner",
        "return !!document.querySelector('aside.breaking a')",
    )
    .await;
    let banner = js(
        r,
        "const b = document.querySelector('aside.breaking'); const a = b.querySelector('a'); \
         const box = b.getBoundingClientRect(); \
         return {text: a.textContent, href: a.getAttribute('href'), height: box.height, \
                 top: box.top, main: document.querySelector('main').getBoundingClientRect().top, \
                 background: getComputedStyle(b).backgroundColor, color: getComputedStyle(a).color, \
                 wide: document.documentElement.scrollWidth <= window.innerWidth}",
    )
    .await;
    assert_eq!(banner["text"], "Gempa M6,1 Guncang Garut", "{banner}");
    assert_eq!(banner["href"], app.path_of(ids[0]).await.as_str());
    assert!(banner["height"].as_f64().unwrap() > 20.0, "{banner}");
    assert!(banner["top"].as_f64() < banner["main"].as_f64(), "{banner}");
    assert_eq!(banner["background"], "rgb(26, 26, 26)", "{banner}");
    assert_eq!(banner["color"], "rgb(255, 255, 255)", "{banner}");
    assert_eq!(banner["wide"], true, "no sideways scrolling at 390 px");

    // Taken down: the next page has none.
    click_and_wait(e, "#breaking button").await;
    reload_until(
        r,
        &app.base,
        "/ekonomi",
        "the banner gone",
        "return !document.querySelector('aside.breaking')",
    )
    .await;

    // Deleting a tag asks first; "no" keeps it.
    e.goto(&format!("{}/redaksi/tag", app.base)).await.unwrap();
    let delete = "form[data-confirm] button";
    e.find(Locator::Css(delete))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(e.get_alert_text().await.unwrap().contains("Hapus tag"));
    e.dismiss_alert().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.app.store.tag("gempa").await.is_ok(), "kept");
    e.find(Locator::Css(delete))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    e.accept_alert().await.unwrap();
    until(
        e,
        "the tag page again",
        "return !document.querySelector('form[data-confirm]')",
    )
    .await;
    assert!(app.app.store.tag("gempa").await.is_err(), "deleted");
    editor.close().await;
    reader.close().await;
}
