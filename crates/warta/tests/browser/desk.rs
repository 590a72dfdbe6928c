//! The desk in headless Chromium: a submission counted for the editor and
//! sent back with a note the writer reads; two browsers on one article
//! see each other, and the second save shows both versions until a
//! choice; Pilihan reordered by dragging and by keys, live on the home
//! page; every newsroom page at 390 px without sideways scrolling.

use crate::util::browser::{Browser, click_and_wait, until};
use crate::util::{ArticleBuilder, TestApp};
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::time::{Duration, Instant};
use warta_core::Role;

/// Signs in and waits for the newsroom's first page.
async fn sign_in(c: &Client, base: &str, email: &str, password: &str) {
    crate::util::browser::sign_in(
        c,
        base,
        email,
        password,
        "/redaksi/masuk",
        "return location.pathname === '/redaksi' && document.readyState === 'complete'",
    )
    .await;
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_review_round_trip_and_two_editors_on_one_article() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let (_, citra_pw) = app
        .add_user("citra@redaksi.id", "Citra", Role::Contributor)
        .await;
    let (_, rina_pw) = app.add_user("rina@redaksi.id", "Rina", Role::Editor).await;
    let (_, sari_pw) = app.add_user("sari@redaksi.id", "Sari", Role::Editor).await;
    let citra = Browser::start(390, 844).await;
    let rina = Browser::start(1280, 900).await;
    sign_in(&citra.client, &app.base, "citra@redaksi.id", &citra_pw).await;
    sign_in(&rina.client, &app.base, "rina@redaksi.id", &rina_pw).await;
    assert!(
        !text(&rina.client, "header.bar")
            .await
            .contains("Tinjauan 1")
    );

    // The contributor writes on a phone and submits with a note.
    let c = &citra.client;
    c.goto(&format!("{}/redaksi/artikel/baru", app.base))
        .await
        .unwrap();
    until(
        c,
        "the editor",
        "return !!document.querySelector('.ProseMirror')",
    )
    .await;
    c.find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .send_keys("Pasar Terapung Dibuka Lagi")
        .await
        .unwrap();
    let body = c.find(Locator::Css(".ProseMirror")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys("Pedagang kembali berjualan di atas perahu.")
        .await
        .unwrap();
    c.find(Locator::Css("textarea[name=catatan]"))
        .await
        .unwrap()
        .send_keys("Foto menyusul.")
        .await
        .unwrap();
    click_and_wait(c, "button[name=aksi][value=ajukan]").await;
    assert!(
        c.source()
            .await
            .unwrap()
            .contains("Artikel diajukan untuk ditinjau.")
    );
    let edit = c.current_url().await.unwrap().path().to_owned();

    // The editor sees the count, the queue, and sends it back.
    let r = &rina.client;
    r.refresh().await.unwrap();
    assert!(
        text(r, "header.bar").await.contains("Tinjauan 1"),
        "the count went up"
    );
    r.goto(&format!("{}/redaksi/tinjauan", app.base))
        .await
        .unwrap();
    assert!(text(r, "main").await.contains("Foto menyusul."));
    click_and_wait(r, ".queue a.title").await;
    r.find(Locator::Css("textarea[name=catatan]"))
        .await
        .unwrap()
        .send_keys("Judul terlalu umum; tambah lokasi.")
        .await
        .unwrap();
    assert_eq!(
        text(r, "button[name=aksi][value=draf]").await,
        "Kembalikan ke penulis"
    );
    click_and_wait(r, "button[name=aksi][value=draf]").await;
    r.refresh().await.unwrap();
    assert!(!text(r, "header.bar").await.contains("Tinjauan 1"));

    // The writer sees it come back, with the note.
    c.goto(&format!("{}/redaksi", app.base)).await.unwrap();
    assert!(text(c, "header.bar").await.contains("1 kembali"));
    c.goto(&format!("{}{edit}", app.base)).await.unwrap();
    let notes = text(c, "#catatan").await;
    assert!(
        notes.contains("Rina mengembalikan ke penulis")
            && notes.contains("Judul terlalu umum; tambah lokasi."),
        "{notes}"
    );
    citra.close().await;

    // Two editors on one article: each sees the other.
    let sari = Browser::start(1280, 900).await;
    let s = &sari.client;
    sign_in(s, &app.base, "sari@redaksi.id", &sari_pw).await;
    r.goto(&format!("{}{edit}", app.base)).await.unwrap();
    until(
        r,
        "Rina's editor",
        "return !!document.querySelector('.ProseMirror')",
    )
    .await;
    s.goto(&format!("{}{edit}", app.base)).await.unwrap();
    until(
        s,
        "Sari's editor",
        "return !!document.querySelector('.ProseMirror')",
    )
    .await;
    // Each page learns at its next beat (forced here, not waited for).
    s.execute(
        "document.dispatchEvent(new Event('visibilitychange'));",
        vec![],
    )
    .await
    .unwrap();
    until(
        s,
        "Sari sees Rina",
        "const p = document.getElementById('hadir'); return !p.hidden && p.textContent.includes('Rina sedang menyunting')",
    )
    .await;
    r.execute(
        "document.dispatchEvent(new Event('visibilitychange'));",
        vec![],
    )
    .await
    .unwrap();
    until(r, "Rina sees Sari", "const p = document.getElementById('hadir'); return !p.hidden && p.textContent.includes('Sari sedang menyunting')").await;

    // Both change the title; Sari saves first; Rina's save shows both.
    for (client, title) in [
        (s, "Pasar Terapung Lok Baintan Dibuka"),
        (r, "Pasar Terapung Banjarmasin Dibuka"),
    ] {
        let field = client
            .find(Locator::Css("input[name=judul]"))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(title).await.unwrap();
    }
    click_and_wait(s, "button[name=aksi][value=simpan]").await;
    click_and_wait(r, "button[name=aksi][value=simpan]").await;
    let conflict = text(r, ".conflict").await;
    assert!(
        conflict.contains("− Pasar Terapung Lok Baintan Dibuka"),
        "{conflict}"
    );
    assert!(conflict.contains("+ Pasar Terapung Banjarmasin Dibuka"));
    let mine = r
        .find(Locator::Css("input[name=judul]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        mine.as_deref(),
        Some("Pasar Terapung Banjarmasin Dibuka"),
        "Rina's text is kept"
    );
    let stored = app
        .app
        .store
        .article(warta_core::ArticleId(
            edit.rsplit('/').next().unwrap().parse().unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(
        stored.title, "Pasar Terapung Lok Baintan Dibuka",
        "nothing overwritten yet"
    );
    // Saving again as before is refused again; the overwrite is a choice.
    click_and_wait(r, "button[name=aksi][value=simpan]").await;
    assert!(r.source().await.unwrap().contains("class=\"conflict\""));
    click_and_wait(r, "button[name=timpa]").await;
    assert!(r.source().await.unwrap().contains("Artikel tersimpan."));
    let stored = app.app.store.article(stored.id).await.unwrap();
    assert_eq!(stored.title, "Pasar Terapung Banjarmasin Dibuka");
    sari.close().await;
    rina.close().await;
}

#[tokio::test]
async fn pilihan_reordered_by_dragging_and_by_keys_shows_on_the_home_page() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Satu Berita Pertama").hours_ago(1),
            ArticleBuilder::new("b", "Dua Berita Kedua").hours_ago(2),
            ArticleBuilder::new("c", "Tiga Berita Ketiga").hours_ago(3),
        ])
        .await;
    app.app.store.set_picks(&ids).await.unwrap();
    app.refresh().await;
    let (_, pw) = app.add_user("rina@redaksi.id", "Rina", Role::Editor).await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;
    sign_in(c, &app.base, "rina@redaksi.id", &pw).await;
    c.goto(&format!("{}/redaksi/pilihan", app.base))
        .await
        .unwrap();
    let order = "return [...document.querySelectorAll('#picks li[data-id]')].map(li => li.querySelector('a').textContent)";
    let stored = || async {
        app.app
            .store
            .picks()
            .await
            .unwrap()
            .iter()
            .map(|id| id.0)
            .collect::<Vec<_>>()
    };

    // Drag the third above the first.
    c.execute(
        "const rows = document.querySelectorAll('#picks li[data-id]');
         const from = rows[2], to = rows[0];
         const dt = new DataTransfer();
         const at = to.getBoundingClientRect();
         from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
         to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt, clientY: at.top + 2}));
         to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
         from.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));",
        vec![],
    )
    .await
    .unwrap();
    until(
        c,
        "saved after the drag",
        "return document.getElementById('picks-status').textContent.startsWith('Tersimpan')",
    )
    .await;
    assert_eq!(stored().await, [ids[2].0, ids[0].0, ids[1].0]);
    assert_eq!(
        c.execute(order, vec![]).await.unwrap(),
        serde_json::json!([
            "Tiga Berita Ketiga",
            "Satu Berita Pertama",
            "Dua Berita Kedua"
        ])
    );

    // Keys: the focused second row goes down with Alt+Down, no reload.
    c.execute(
        "window.__same = true; document.querySelectorAll('#picks li[data-id]')[1].focus();",
        vec![],
    )
    .await
    .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E00A}\u{E015}\u{E000}")
        .await
        .unwrap();
    let expected = [ids[2].0, ids[1].0, ids[0].0];
    let started = Instant::now();
    while stored().await != expected {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the key move was not saved"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        c.execute("return window.__same === true", vec![])
            .await
            .unwrap(),
        true,
        "no reload"
    );

    // On the home page, in that order (within a refresh of the lists).
    let started = Instant::now();
    loop {
        c.goto(&format!("{}/", app.base)).await.unwrap();
        let home = c
            .execute(
                "return [...document.querySelectorAll('.picks a.title')].map(a => a.textContent)",
                vec![],
            )
            .await
            .unwrap();
        let want = [
            "Tiga Berita Ketiga",
            "Dua Berita Kedua",
            "Satu Berita Pertama",
        ];
        if home == serde_json::json!(want) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the home page shows {home}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await;
}

#[tokio::test]
async fn every_newsroom_page_fits_a_phone_and_a_laptop() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new(
            "a",
            "Judul yang Cukup Panjang untuk Menguji Lebar Tabel Daftar Artikel di Ponsel",
        )
        .tags(&["Banjir"])])
        .await;
    app.refresh().await;
    let (_, pw) = app
        .add_user("admin@redaksi.id", "Admin Redaksi", Role::Admin)
        .await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    sign_in(c, &app.base, "admin@redaksi.id", &pw).await;
    for page in [
        "/redaksi".to_owned(),
        "/redaksi/artikel/baru".to_owned(),
        format!("/redaksi/artikel/{}", ids[0].0),
        format!("/redaksi/artikel/{}/revisi", ids[0].0),
        format!("/redaksi/artikel/{}/statistik", ids[0].0),
        format!("/redaksi/artikel/{}/langsung", ids[0].0),
        "/redaksi/webhook".to_owned(),
        "/redaksi/tinjauan".to_owned(),
        "/redaksi/dibaca".to_owned(),
        "/redaksi/media".to_owned(),
        "/redaksi/pilihan".to_owned(),
        "/redaksi/kanal".to_owned(),
        "/redaksi/tag".to_owned(),
        "/redaksi/pengguna".to_owned(),
        "/redaksi/akun".to_owned(),
    ] {
        for width in [1280, 390] {
            c.set_window_size(width, 844).await.unwrap();
            c.goto(&format!("{}{page}", app.base)).await.unwrap();
            until(c, &page, "return document.readyState === 'complete'").await;
            let overflow = c
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
                .await
                .unwrap();
            assert!(
                overflow.as_i64().unwrap() <= 0,
                "{page} scrolls sideways by {overflow} px at {width} px"
            );
        }
    }
    // On the editor, the sticky buttons cover no field.
    c.goto(&format!("{}/redaksi/artikel/{}", app.base, ids[0].0))
        .await
        .unwrap();
    let covered = c
        .execute(
            "const bar = document.querySelector('.actions').getBoundingClientRect();
             for (const f of document.querySelectorAll('#editor input:not([type=hidden]), #editor textarea, #editor select')) {
               f.scrollIntoView({block: 'center'});
               const r = f.getBoundingClientRect();
               const b = document.querySelector('.actions').getBoundingClientRect();
               if (r.height && r.bottom > b.top && r.top < b.bottom && getComputedStyle(document.querySelector('.actions')).position === 'sticky' && f.closest('.actions') === null) return f.name;
             }
             return null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(covered, Value::Null, "a field under the sticky buttons");
    browser.close().await;
}
