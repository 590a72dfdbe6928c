//! The newsroom in a real browser: sign in, write an article with an
//! uploaded image, schedule it, see it appear on the site at its time, and
//! curate Pilihan.

use crate::util::browser::Browser;
use crate::util::newsroom::png;
use crate::util::{ArticleBuilder, TestApp};
use fantoccini::Locator;
use std::time::{Duration, Instant};
use warta_core::Role;

/// Waits (at most ten seconds) for a navigation to land where `done` says:
/// a click returns before the next page has loaded.
async fn wait_for_path(c: &fantoccini::Client, done: impl Fn(&str) -> bool) {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap();
        let ready = c
            .execute("return document.readyState", vec![])
            .await
            .unwrap();
        if done(url.path()) && ready == "complete" {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still at {url} after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_editor_writes_schedules_and_curates_in_the_browser() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("lama", "Berita Lama di Kanal News")])
        .await;
    let (_, password) = app
        .add_user("rina@redaksi.id", "Rina Wulandari", Role::Editor)
        .await;
    let image_dir = tempfile::tempdir().unwrap();
    let image_path = image_dir.path().join("banjir.png");
    std::fs::write(&image_path, png(1280, 720)).unwrap();

    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;
    // Signing in: the newsroom sends a stranger to the form and back.
    c.goto(&format!("{}/redaksi/artikel/baru", app.base))
        .await
        .unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/redaksi/masuk")
    );
    c.find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys("rina@redaksi.id")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(&password)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit].primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, |path| path == "/redaksi/artikel/baru").await;

    // Writing.
    let title = "Warga Bantaran Ciliwung Mulai Mengungsi";
    c.find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .send_keys(title)
        .await
        .unwrap();
    c.find(Locator::Css("textarea[name=ringkasan]"))
        .await
        .unwrap()
        .send_keys("Debit air di Bendung Katulampa naik sejak sore.")
        .await
        .unwrap();
    // The body in the visual editor, bold by its shortcut; the hidden body
    // field follows as HTML.
    let body = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys("Ratusan warga \u{E009}b\u{E000}Kampung Melayu\u{E009}b\u{E000} mulai mengungsi.\u{E007}Petugas menyiapkan perahu karet.")
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let html = browser
            .eval("return document.querySelector('textarea[name=isi]').value")
            .await;
        let html = html.as_str().unwrap_or_default();
        if html.contains("<strong>Kampung Melayu</strong>")
            && html.contains("<p>Petugas menyiapkan perahu karet.</p>")
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the body field never followed the editor: {html}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.find(Locator::Css("input[name=tag]"))
        .await
        .unwrap()
        .send_keys("Banjir, Ciliwung")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=tempat]"))
        .await
        .unwrap()
        .send_keys("Jakarta")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=gambar_baru]"))
        .await
        .unwrap()
        .send_keys(image_path.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("input[name=keterangan]"))
        .await
        .unwrap()
        .send_keys("Warga menyeberang dengan perahu.")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=kredit]"))
        .await
        .unwrap()
        .send_keys("Warta/Rina")
        .await
        .unwrap();

    // Scheduling a few seconds ahead, in the portal's time zone. The form
    // carries whole seconds, so the time it names has none either.
    let at =
        chrono::SubsecRound::trunc_subsecs(chrono::Utc::now() + chrono::Duration::seconds(6), 0);
    let local = app
        .app
        .config
        .time_zone
        .local(at)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    c.execute(
        "document.querySelector('input[name=jadwal]').value = arguments[0];",
        vec![serde_json::json!(local)],
    )
    .await
    .unwrap();
    c.find(Locator::Css("button[name=aksi][value=jadwalkan]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, |path| path != "/redaksi/artikel/baru").await;
    let status = c
        .find(Locator::Id("status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let alerts = match c.find(Locator::Css(".alert")).await {
        Ok(alert) => alert.text().await.unwrap(),
        Err(_) => String::new(),
    };
    assert_eq!(status, "terjadwal", "{alerts}");
    assert!(c.source().await.unwrap().contains("Artikel dijadwalkan."));

    // Nobody touches anything: at its time it is on the home page.
    c.goto(&format!("{}/", app.base)).await.unwrap();
    assert!(
        !c.source().await.unwrap().contains(title),
        "not before its time"
    );
    let started = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.refresh().await.unwrap();
        if c.source().await.unwrap().contains(title) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the scheduled article never appeared"
        );
    }
    assert!(
        chrono::Utc::now() >= at,
        "it appeared at its time, not before"
    );
    c.find(Locator::LinkText(title))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, |path| path != "/").await;
    let body = c
        .find(Locator::Css(".body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.starts_with("Jakarta, Warta - Ratusan warga Kampung Melayu mulai mengungsi."),
        "{body}"
    );
    let image = browser
        .eval(
            "const i = document.querySelector('.hero img');
             return [i.currentSrc, i.complete && i.naturalWidth > 0, i.getAttribute('width'), i.getAttribute('height')]",
        )
        .await;
    assert!(image[0].as_str().unwrap().contains("/media/"), "{image}");
    assert!(image[0].as_str().unwrap().ends_with(".webp"));
    assert_eq!(image[1], true, "the variant loads");
    assert_eq!(
        (image[2].as_str(), image[3].as_str()),
        (Some("1200"), Some("675"))
    );
    let article_url = c.current_url().await.unwrap().path().to_owned();

    // Curating Pilihan: add it from the latest articles, see it on the site.
    c.goto(&format!("{}/redaksi/pilihan", app.base))
        .await
        .unwrap();
    let row = c
        .find(Locator::XPath(&format!(
            "//ul[@id='candidates']/li[.//a[text()='{title}']]"
        )))
        .await
        .unwrap();
    row.find(Locator::XPath(".//button[text()='+ Pilihan']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The form posts and comes back to the same page: wait for the list.
    let started = Instant::now();
    loop {
        let picks = match c.find(Locator::Id("picks")).await {
            Ok(list) => list.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if picks.contains(title) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "Pilihan never listed it: {picks}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.goto(&format!("{}/", app.base)).await.unwrap();
    let started = Instant::now();
    loop {
        let in_picks = browser
            .eval(&format!(
                "return [...document.querySelectorAll('.picks a')].some(a => a.getAttribute('href') === '{article_url}')"
            ))
            .await;
        if in_picks == true {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "Pilihan on the home page never showed it"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.refresh().await.unwrap();
    }
    browser.close().await;
}
