//! The article editor in headless Chromium, as a reporter uses it: the
//! toolbar, a paste from Google Docs, embeds from pasted links and what
//! readers get of them, pictures and a gallery from the library with a
//! focal point, and work kept through an ended session and a closed tab.

use crate::util::TestApp;
use crate::util::browser::{Browser, js, until};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;
use warta_core::Role;

const CONTROL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";
const ENTER: &str = "\u{E007}";

/// Signs in on the way to `to` and waits for the editor there.
async fn sign_in(c: &Client, base: &str, email: &str, password: &str, to: &str) {
    crate::util::browser::sign_in(
        c,
        base,
        email,
        password,
        to,
        "return !!document.querySelector('.ProseMirror') && document.readyState === 'complete'",
    )
    .await;
}

/// Pastes into the editor as the browser would from a clipboard holding
/// `html` and `text`.
async fn paste(c: &Client, html: &str, text: &str) {
    c.execute(
        "const dt = new DataTransfer();
         if (arguments[0]) dt.setData('text/html', arguments[0]);
         dt.setData('text/plain', arguments[1]);
         const pm = document.querySelector('.ProseMirror');
         pm.focus();
         pm.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));",
        vec![json!(html), json!(text)],
    )
    .await
    .unwrap();
}

/// The body field the form sends.
async fn body_field(c: &Client) -> String {
    js(
        c,
        "return document.querySelector('textarea[name=isi]').value",
    )
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

/// Presses a form button by its `aksi` and waits for the page it leads to.
async fn press(c: &Client, action: &str) {
    c.execute("window.__left = true;", vec![]).await.unwrap();
    c.find(Locator::Css(&format!("button[name=aksi][value={action}]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the next page loads",
        "return window.__left !== true && document.readyState === 'complete'",
    )
    .await;
}

/// A Google Docs clipboard: styled spans in a `b` wrapper, headings with
/// inline styles, a link, an italic run; what a reporter copies.
const DOCS_CLIPBOARD: &str = r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5c1f"><h2 dir="ltr" style="line-height:1.38;margin-top:18pt"><span style="font-size:16pt;font-family:Arial;color:#000000;font-weight:400">Warga Mengungsi ke Masjid</span></h2><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700;color:#000000">Sebanyak 300 warga</span><span style="font-size:11pt;font-weight:400"> mengungsi, menurut </span><a href="https://bpbd.jakarta.go.id/laporan" style="text-decoration:none"><span style="font-size:11pt;color:#1155cc;text-decoration:underline">laporan BPBD</span></a><span style="font-size:11pt;font-style:italic"> pagi ini</span><span style="font-size:11pt">.</span></p><p dir="ltr"><span style="font-family:Comic Sans MS;color:#ff0000;background-color:#ffff00">Teks berwarna tetap teks.</span></p></b>"#;

#[tokio::test]
async fn a_reporter_writes_pastes_from_docs_and_embeds_posts_readers_load_on_request() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("x", "Ada kanal")])
        .await;
    let (_, password) = app
        .add_user("rina@redaksi.id", "Rina Wulandari", Role::Editor)
        .await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;
    sign_in(
        c,
        &app.base,
        "rina@redaksi.id",
        &password,
        "/redaksi/artikel/baru",
    )
    .await;
    c.find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .send_keys("Banjir Kampung Melayu Meluas")
        .await
        .unwrap();

    // The toolbar and its shortcuts.
    let editor = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    editor.click().await.unwrap();
    editor
        .send_keys(&format!(
            "Air naik {CONTROL}b{RELEASE}dua meter{CONTROL}b{RELEASE} sejak {CONTROL}i{RELEASE}subuh{CONTROL}i{RELEASE}.{ENTER}Kondisi Terkini"
        ))
        .await
        .unwrap();
    c.find(Locator::Css("button[aria-label=Subjudul]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    editor.send_keys(ENTER).await.unwrap();
    c.find(Locator::Css("button[aria-label='Daftar berbutir']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    editor
        .send_keys(&format!(
            "Jalan Jatinegara{ENTER}Kampung Pulo{ENTER}{ENTER}"
        ))
        .await
        .unwrap();
    let html = body_field(c).await;
    for expected in [
        "<p>Air naik <strong>dua meter</strong> sejak <em>subuh</em>.</p>",
        "<h2>Kondisi Terkini</h2>",
        "<ul><li><p>Jalan Jatinegara</p></li><li><p>Kampung Pulo</p></li></ul>",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }

    // A paste from Google Docs keeps its structure and nothing else.
    paste(c, DOCS_CLIPBOARD, "Warga Mengungsi ke Masjid").await;
    let html = body_field(c).await;
    for expected in [
        "<h2>Warga Mengungsi ke Masjid</h2>",
        "<strong>Sebanyak 300 warga</strong>",
        "<a href=\"https://bpbd.jakarta.go.id/laporan\">laporan BPBD</a>",
        "<em> pagi ini</em>",
        "<p>Teks berwarna tetap teks.</p>",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    for dropped in ["style=", "span", "docs-internal", "<b ", "dir="] {
        assert!(!html.contains(dropped), "{dropped} kept in {html}");
    }

    // Links on lines of their own become embeds; an iframe pasted as HTML
    // is never kept as markup, and the editor says what it did.
    let editor = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    editor.send_keys(ENTER).await.unwrap();
    paste(c, "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ").await;
    editor.send_keys(ENTER).await.unwrap();
    paste(c, "", "https://x.com/kompascom/status/1865000000000000001").await;
    editor.send_keys(ENTER).await.unwrap();
    paste(
        c,
        r#"<p>Sebelum</p><iframe src="https://evil.example/x"></iframe><script>alert(1)</script><p>Sesudah</p>"#,
        "Sebelum Sesudah",
    )
    .await;
    let html = body_field(c).await;
    assert!(
        html.contains(r#"<figure class="embed" data-provider="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">"#),
        "{html}"
    );
    assert!(html.contains(r#"data-provider="x""#), "{html}");
    assert!(
        !html.contains("<iframe") && !html.contains("<script") && !html.contains("evil.example")
    );
    let notice = js(c, "return document.querySelector('.we-notice').textContent").await;
    assert!(
        notice.as_str().unwrap().to_lowercase().contains("dibuang"),
        "{notice}"
    );

    // The counts follow the body.
    let counts = js(c, "return document.querySelector('.we-counts').textContent").await;
    assert!(counts.as_str().unwrap().contains("kata"), "{counts}");

    press(c, "simpan").await;
    assert!(c.source().await.unwrap().contains("Artikel tersimpan."));
    press(c, "terbitkan").await;
    assert!(c.source().await.unwrap().contains("Artikel terbit."));
    let public = js(c, "return [...document.querySelectorAll('a')].find(a => a.textContent === 'Lihat di situs').getAttribute('href')").await;

    // The reader page: placeholders that send nothing to anyone until
    // asked; the player only for the one asked.
    c.goto(&format!("{}{}", app.base, public.as_str().unwrap()))
        .await
        .unwrap();
    until(
        c,
        "the article page loads",
        "return document.readyState === 'complete'",
    )
    .await;
    let page = js(
        c,
        "return {
           figures: document.querySelectorAll('.body figure.embed').length,
           frames: document.querySelectorAll('iframe').length,
           foreign: performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)),
           h2: document.querySelector('.body h2') && document.querySelector('.body h2').textContent,
           link: document.querySelector('.body a[href=\"https://bpbd.jakarta.go.id/laporan\"]') !== null,
         }",
    )
    .await;
    assert_eq!(page["figures"], 2, "{page}");
    assert_eq!(page["frames"], 0, "{page}");
    // A box readers see as one, its Putar button in view, not bare text.
    let look = js(
        c,
        "const box = document.querySelector('.body .embed-box');
         const play = box.querySelector('.embed-play button').getBoundingClientRect();
         const style = getComputedStyle(box);
         return {boxed: style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.borderLeftWidth !== '0px',
                 button: play.width > 60 && play.height > 24 && getComputedStyle(box.querySelector('.embed-play button')).color !== getComputedStyle(document.body).color};",
    )
    .await;
    assert_eq!(
        look,
        json!({"boxed": true, "button": true}),
        "the placeholder unstyled"
    );
    // A link in the text looks like one: another colour, underlined.
    let link = js(
        c,
        "const a = getComputedStyle(document.querySelector('.body a[href=\"https://bpbd.jakarta.go.id/laporan\"]'));
         const p = getComputedStyle(document.querySelector('.body p'));
         return {coloured: a.color !== p.color, underlined: a.textDecorationLine.includes('underline')};",
    )
    .await;
    assert_eq!(
        link,
        json!({"coloured": true, "underlined": true}),
        "body links look like text"
    );
    assert_eq!(page["foreign"], json!([]), "nothing from elsewhere: {page}");
    assert_eq!(page["link"], true);
    c.find(Locator::Css(".body figure.embed button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the YouTube player is put in",
        "const f = document.querySelector('iframe'); return !!f && f.src.startsWith('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ')",
    )
    .await;
    let frames = js(c, "return document.querySelectorAll('iframe').length").await;
    assert_eq!(frames, 1, "the X post still waits");
    browser.close().await;
}

/// A 1600x900 PNG, red on the left half and blue on the right.
fn two_halves() -> Vec<u8> {
    let image = image::RgbImage::from_fn(1600, 900, |x, _| {
        if x < 800 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[tokio::test]
async fn pictures_and_a_gallery_from_the_library_keep_their_focal_point() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("x", "Ada kanal")])
        .await;
    let (_, password) = app
        .add_user("rina@redaksi.id", "Rina Wulandari", Role::Editor)
        .await;
    let files = tempfile::tempdir().unwrap();
    let halves = files.path().join("pantai.png");
    std::fs::write(&halves, two_halves()).unwrap();
    let mut gallery = Vec::new();
    for (i, name) in ["satu.png", "dua.png", "tiga.png"].iter().enumerate() {
        let path = files.path().join(name);
        std::fs::write(&path, crate::util::newsroom::png(800 + i as u32 * 10, 600)).unwrap();
        gallery.push(path);
    }
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;
    sign_in(
        c,
        &app.base,
        "rina@redaksi.id",
        &password,
        "/redaksi/artikel/baru",
    )
    .await;
    c.find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .send_keys("Pantai Kuta Kembali Ramai")
        .await
        .unwrap();
    let editor = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    editor.click().await.unwrap();
    editor.send_keys("Wisatawan kembali datang.").await.unwrap();

    // One picture, uploaded in the dialog: caption, alternative text, and
    // a focal point set by a click on the right of the picture.
    c.find(Locator::Css("button[aria-label='Gambar dari pustaka']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the library opens",
        "return !!document.querySelector('dialog.we-library[open]')",
    )
    .await;
    c.find(Locator::Css("dialog.we-library input[type=file]"))
        .await
        .unwrap()
        .send_keys(halves.to_str().unwrap())
        .await
        .unwrap();
    until(
        c,
        "the upload is chosen",
        "return document.querySelectorAll('.we-tile[aria-pressed=true]').length === 1",
    )
    .await;
    c.find(Locator::Css(
        "dialog.we-library .we-dialog-foot button.primary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until(
        c,
        "the details of the picture",
        "const d = document.querySelector('.we-step-details'); const img = d && d.querySelector('.we-focal img'); return !!img && !d.hidden && img.complete && img.getBoundingClientRect().width > 0",
    )
    .await;
    c.execute(
        "const img = document.querySelector('.we-focal img');
         const box = img.getBoundingClientRect();
         const at = {clientX: box.left + box.width * 0.95, clientY: box.top + box.height * 0.5, bubbles: true};
         document.querySelector('.we-focal').dispatchEvent(new MouseEvent('click', at));",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css(".we-step-details textarea"))
        .await
        .unwrap()
        .send_keys("Ombak di Pantai Kuta")
        .await
        .unwrap();
    c.find(Locator::Css(
        "dialog.we-library .we-dialog-foot button.primary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until(
        c,
        "the picture is in the body",
        "return document.querySelector('textarea[name=isi]').value.includes('figure class=\"picture\"')",
    )
    .await;

    // A gallery of three, uploaded together.
    editor.click().await.unwrap();
    c.find(Locator::Css("button[aria-label='Gambar dari pustaka']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the library opens again",
        "return !!document.querySelector('dialog.we-library[open]')",
    )
    .await;
    let paths: Vec<&str> = gallery.iter().map(|p| p.to_str().unwrap()).collect();
    c.find(Locator::Css("dialog.we-library input[type=file]"))
        .await
        .unwrap()
        .send_keys(&paths.join("\n"))
        .await
        .unwrap();
    until(
        c,
        "the three uploads are chosen",
        "return document.querySelectorAll('.we-tile[aria-pressed=true]').length === 3",
    )
    .await;
    c.find(Locator::Css(
        "dialog.we-library .we-dialog-foot button.primary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until(
        c,
        "the gallery's details",
        "const d = document.querySelector('.we-step-details'); return !!d && !d.hidden && d.querySelectorAll('.we-gal-row').length === 3",
    )
    .await;
    for (i, alt) in ["Pantai pagi", "Pantai siang", "Pantai senja"]
        .iter()
        .enumerate()
    {
        c.find(Locator::Css(&format!(
            ".we-gal-row:nth-child({}) input",
            i + 1
        )))
        .await
        .unwrap()
        .send_keys(alt)
        .await
        .unwrap();
    }
    c.find(Locator::Css(
        "dialog.we-library .we-dialog-foot button.primary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until(
        c,
        "the gallery is in the body",
        "return document.querySelector('textarea[name=isi]').value.includes('figure class=\"gallery\"')",
    )
    .await;
    press(c, "simpan").await;
    press(c, "terbitkan").await;
    let public = js(c, "return [...document.querySelectorAll('a')].find(a => a.textContent === 'Lihat di situs').getAttribute('href')").await;

    // Readers get WebP variants with sizes, lazily below the first screen.
    c.goto(&format!("{}{}", app.base, public.as_str().unwrap()))
        .await
        .unwrap();
    until(
        c,
        "the article page loads",
        "return document.readyState === 'complete'",
    )
    .await;
    let page = js(
        c,
        "const pic = document.querySelector('.body figure.picture img');
         return {
           srcset: pic.getAttribute('srcset'),
           width: pic.getAttribute('width'),
           height: pic.getAttribute('height'),
           caption: document.querySelector('.body figure.picture figcaption').textContent,
           alt: pic.getAttribute('alt'),
           gallery: [...document.querySelectorAll('.body figure.gallery img')].map(i => [i.getAttribute('alt'), i.getAttribute('loading')]),
         }",
    )
    .await;
    assert!(
        page["srcset"].as_str().unwrap().contains(".webp 400w"),
        "{page}"
    );
    assert_eq!(
        (page["width"].as_str(), page["height"].as_str()),
        (Some("1200"), Some("675")),
        "{page}"
    );
    assert!(
        page["caption"]
            .as_str()
            .unwrap()
            .contains("Ombak di Pantai Kuta")
    );
    assert_eq!(page["alt"], "Ombak di Pantai Kuta");
    assert_eq!(
        page["gallery"],
        json!([
            ["Pantai pagi", "lazy"],
            ["Pantai siang", "lazy"],
            ["Pantai senja", "lazy"]
        ])
    );
    // The picture takes the column; the gallery lays its pictures side by
    // side.
    let look = js(
        c,
        "const column = document.querySelector('.body').getBoundingClientRect().width;
         const pic = document.querySelector('.body figure.picture img').getBoundingClientRect();
         const tops = [...document.querySelectorAll('.body figure.gallery img')].map(i => Math.round(i.getBoundingClientRect().top));
         return {full: pic.width >= column - 1, side_by_side: tops[0] === tops[1]};",
    )
    .await;
    assert_eq!(
        look,
        json!({"full": true, "side_by_side": true}),
        "pictures unstyled"
    );

    // The square crop keeps the right side, where the focal point is.
    // The dialog sends the library its new focal point as it closes, on
    // a request of its own: wait for it rather than race it.
    let store = app.app.store.clone();
    crate::util::eventually("the focal point in the library", || {
        let store = store.clone();
        async move {
            store.search_media("pantai.png", 1, 0).await.unwrap().0[0]
                .focal
                .0
                > 0.9
        }
    })
    .await;
    let media = app
        .app
        .store
        .search_media("pantai.png", 1, 0)
        .await
        .unwrap()
        .0;
    let media = &media[0];
    assert!(media.focal.0 > 0.9, "{:?}", media.focal);
    let square = app.get(&format!("/media/{}/square.webp", media.id)).await;
    let square = image::load_from_memory(&square.bytes().await.unwrap())
        .unwrap()
        .to_rgb8();
    let blue = square.pixels().filter(|p| p[2] > p[0]).count();
    assert!(blue * 100 / (square.width() * square.height()) as usize > 85);
    browser.close().await;
}

#[tokio::test]
async fn no_word_is_lost_to_an_ended_session_or_a_closed_tab() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("x", "Ada kanal")])
        .await;
    let (user, password) = app
        .add_user("rina@redaksi.id", "Rina Wulandari", Role::Author)
        .await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;
    sign_in(
        c,
        &app.base,
        "rina@redaksi.id",
        &password,
        "/redaksi/artikel/baru",
    )
    .await;
    c.find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .send_keys("Sidang Kabinet Bahas Harga Beras")
        .await
        .unwrap();
    let editor = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    editor.click().await.unwrap();
    editor
        .send_keys("Presiden memimpin sidang kabinet paripurna.")
        .await
        .unwrap();
    // The first autosave makes it a draft and the page its editor.
    until(
        c,
        "the new article is autosaved",
        "return /\\/redaksi\\/artikel\\/\\d+$/.test(location.pathname)",
    )
    .await;
    let id: i64 = js(c, "return location.pathname.split('/').pop()")
        .await
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    // Signed out in another tab; the reporter goes on and presses Save.
    c.execute(
        "return fetch('/redaksi/keluar', {method: 'POST', body: new URLSearchParams({_csrf: document.querySelector('form#editor').dataset.csrf}), redirect: 'manual'}).then(() => true)",
        vec![],
    )
    .await
    .unwrap();
    editor
        .send_keys(&format!(
            "{ENTER}Menteri Perdagangan melaporkan stok beras aman."
        ))
        .await
        .unwrap();
    c.find(Locator::Css("button[name=aksi][value=simpan]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the sign-in dialog opens",
        "return !!document.querySelector('dialog.we-signin[open]')",
    )
    .await;
    c.find(Locator::Css("dialog.we-signin input[name=email]"))
        .await
        .unwrap()
        .send_keys("rina@redaksi.id")
        .await
        .unwrap();
    c.find(Locator::Css("dialog.we-signin input[name=password]"))
        .await
        .unwrap()
        .send_keys(&password)
        .await
        .unwrap();
    c.execute("window.__left = true;", vec![]).await.unwrap();
    c.find(Locator::Css("dialog.we-signin button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        "the form is sent after signing in",
        "return window.__left !== true && document.readyState === 'complete'",
    )
    .await;
    assert!(c.source().await.unwrap().contains("Artikel tersimpan."));
    // What was saved is not offered back as unsaved (its slug, empty in
    // the browser's copy, was made by the server).
    let offered = js(c, "return !!document.querySelector('.we-banner')").await;
    assert_eq!(offered, false, "the saved text offered back as unsaved");
    let stored = app
        .app
        .store
        .article(warta_core::ArticleId(id))
        .await
        .unwrap();
    let text = stored.body.plain_text();
    assert!(
        text.contains("Presiden memimpin sidang kabinet paripurna."),
        "{text}"
    );
    assert!(
        text.contains("Menteri Perdagangan melaporkan stok beras aman."),
        "{text}"
    );

    // More typing, then the tab is closed before anything is saved.
    let editor = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    editor.click().await.unwrap();
    c.execute("document.querySelector('.ProseMirror').focus(); const s = getSelection(); s.selectAllChildren(document.querySelector('.ProseMirror')); s.collapseToEnd();", vec![]).await.unwrap();
    editor
        .send_keys(&format!("{ENTER}Kalimat terakhir sebelum tab ditutup."))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    let first = c.window().await.unwrap();
    let second = c.new_window(true).await.unwrap();
    c.switch_to_window(first).await.unwrap();
    c.close_window().await.unwrap();
    c.switch_to_window(second.handle).await.unwrap();
    c.goto(&format!("{}/redaksi/artikel/{id}", app.base))
        .await
        .unwrap();
    until(
        c,
        "the editor opens",
        "return !!document.querySelector('.ProseMirror')",
    )
    .await;
    // Back from the browser's copy, or from the server's autosave if it
    // got there first; either way, every word.
    let restore = js(c, "const b = document.querySelector('.we-banner button.primary'); if (b) b.click(); return !!b").await;
    until(
        c,
        "the last sentence is back",
        "return document.querySelector('.ProseMirror').textContent.includes('Kalimat terakhir sebelum tab ditutup.')",
    )
    .await;
    if restore == false {
        assert!(c.source().await.unwrap().contains("simpanan otomatis"));
    }
    let _ = user;
    browser.close().await;
}
