//! Suggestions under the search box in headless Chromium, on a phone: as
//! the reader types, the story and its headlines are offered under the
//! box; the arrow keys move through them, Enter opens the one chosen,
//! Escape closes the list, Enter without a choice still searches, and a
//! tap opens what was tapped.

use crate::routes::reader::stories::quake_story;
use crate::util::TestApp;
use crate::util::browser::{Browser, js, until};
use fantoccini::Locator;
use fantoccini::key::Key;

/// The texts of the options offered, in order.
const OFFERED: &str = "return [...document.querySelectorAll('.masthead .suggestions [role=option]')].map(o => o.querySelector('.text').textContent)";

#[tokio::test]
async fn a_reader_picks_a_headline_from_the_suggestions() {
    let app = TestApp::start().await;
    let ids = app.add(&quake_story()).await;
    let reader = Browser::start(390, 844).await;
    let r = &reader.client;
    r.goto(&format!("{}/", app.base)).await.unwrap();
    let input = r
        .find(Locator::Css(".masthead input[name=q]"))
        .await
        .unwrap();
    input.send_keys("gempa cian").await.unwrap();
    until(
        r,
        "the suggestions",
        "return document.querySelector('.masthead input[name=q]').getAttribute('aria-expanded') === 'true'",
    )
    .await;
    let offered: Vec<String> = serde_json::from_value(js(r, OFFERED).await).unwrap();
    assert_eq!(offered.len(), 4, "the story and its three: {offered:?}");
    assert!(
        offered.iter().all(|o| o.starts_with("Gempa Cianjur")),
        "{offered:?}"
    );
    // The list stays on the phone's screen, under the box.
    assert_eq!(
        js(r, "const l = document.querySelector('.masthead .suggestions').getBoundingClientRect(), i = document.querySelector('.masthead input[name=q]').getBoundingClientRect(); return l.left >= 0 && l.right <= window.innerWidth && l.top >= i.bottom").await,
        true
    );

    // Escape closes; typing on opens it again.
    input.send_keys(&Key::Escape.to_string()).await.unwrap();
    assert_eq!(
        js(
            r,
            "return document.querySelector('.masthead .suggestions').hidden"
        )
        .await,
        true
    );
    input.send_keys("j").await.unwrap();
    until(
        r,
        "the suggestions again",
        "return document.querySelector('.masthead input[name=q]').getAttribute('aria-expanded') === 'true'",
    )
    .await;

    // Down twice: the first headline (after the story), marked as chosen
    // for screen readers; Enter opens it.
    let down = Key::Down.to_string();
    input.send_keys(&format!("{down}{down}")).await.unwrap();
    let chosen = js(r, "const id = document.querySelector('.masthead input[name=q]').getAttribute('aria-activedescendant'); const o = document.getElementById(id); return o && o.getAttribute('aria-selected') === 'true' ? o.querySelector('.text').textContent : null").await;
    let chosen = chosen.as_str().expect("an option chosen").to_owned();
    assert!(chosen.starts_with("Gempa Cianjur"), "{chosen}");
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    until(
        r,
        "the article chosen",
        "return location.pathname.includes('/20') && document.readyState === 'complete'",
    )
    .await;
    let title = js(r, "return document.querySelector('h1').textContent").await;
    assert_eq!(title.as_str(), Some(chosen.as_str()));
    let paths = [
        app.path_of(ids[0]).await,
        app.path_of(ids[1]).await,
        app.path_of(ids[2]).await,
    ];
    let at = r.current_url().await.unwrap().path().to_owned();
    assert!(paths.contains(&at), "{at}");

    // Enter with nothing chosen searches, as without the script.
    let input = r
        .find(Locator::Css(".masthead input[name=q]"))
        .await
        .unwrap();
    input.send_keys("cugenang").await.unwrap();
    until(
        r,
        "the suggestions on the article page",
        "return document.querySelector('.masthead input[name=q]').getAttribute('aria-expanded') === 'true'",
    )
    .await;
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    until(
        r,
        "the search page",
        "return location.pathname === '/cari' && document.readyState === 'complete'",
    )
    .await;
    assert_eq!(
        js(
            r,
            "return document.querySelectorAll('ul.results li').length"
        )
        .await,
        3
    );

    // A tap on the topic opens the story's page.
    let input = r
        .find(Locator::Css(".masthead input[name=q]"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys("gempa cian").await.unwrap();
    until(
        r,
        "the suggestions on the search page",
        "return document.querySelector('.masthead input[name=q]').getAttribute('aria-expanded') === 'true'",
    )
    .await;
    r.find(Locator::Css(".masthead .suggestions .suggestion-topic"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        r,
        "the topic page",
        "return location.pathname.startsWith('/topik/') && document.readyState === 'complete'",
    )
    .await;
    // Ended by its session: killing chromedriver alone (the `Drop`) left
    // this Chromium running after every test run.
    reader.close().await;
}
