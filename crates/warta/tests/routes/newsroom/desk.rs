//! The desk over HTTP: a submission shows in the editors' count and queue,
//! a sending back with a note reaches the writer, notes stay text and
//! stay with those who may edit the article, and presence is each
//! session's own.

use crate::util::newsroom::{StaffClient, article_form};
use crate::util::{ArticleBuilder, TestApp};
use reqwest::Method;
use warta_core::Role;

async fn new_article(staff: &StaffClient, title: &str) -> String {
    let response = staff
        .post_multipart(
            "/redaksi/artikel",
            article_form(&[
                ("versi", "0"),
                ("judul", title),
                ("kanal", "news"),
                ("isi", "Isi naskah."),
                ("aksi", "simpan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    location.split('?').next().unwrap().to_owned()
}

async fn press(staff: &StaffClient, edit: &str, title: &str, action: &str, note: &str) -> u16 {
    let version = staff.version_of(edit).await.to_string();
    staff
        .post_multipart(
            edit,
            article_form(&[
                ("versi", &version),
                ("judul", title),
                ("kanal", "news"),
                ("isi", "Isi naskah."),
                ("aksi", action),
                ("catatan", note),
            ]),
        )
        .await
        .status()
        .as_u16()
}

/// The count in the navigation's Tinjauan link, if it shows one.
fn review_count(page: &str) -> Option<u32> {
    let at = page.find("href=\"/redaksi/tinjauan\"")?;
    let link = &page[at..page[at..].find("</a>")? + at];
    let count = link.split("class=\"count\"").nth(1)?;
    count
        .split('>')
        .nth(1)?
        .split('<')
        .next()?
        .trim()
        .parse()
        .ok()
}

#[tokio::test]
async fn a_submission_reaches_the_editors_and_a_sending_back_reaches_the_writer() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let citra = app.staff("citra@redaksi.id", Role::Contributor).await;
    let rina = app.staff("rina@redaksi.id", Role::Editor).await;
    let (_, page) = rina.get("/redaksi").await;
    assert_eq!(review_count(&page), None, "nothing waits");

    let edit = new_article(&citra, "Warga Tolak Relokasi Pasar").await;
    let attack = "<script>alert(1)</script><b>tebal</b>";
    assert_eq!(
        press(
            &citra,
            &edit,
            "Warga Tolak Relokasi Pasar",
            "ajukan",
            &format!("Mohon dicek. {attack}")
        )
        .await,
        303
    );
    let (_, page) = rina.get("/redaksi").await;
    assert_eq!(review_count(&page), Some(1));
    let (_, queue) = rina.get("/redaksi/tinjauan").await;
    assert!(queue.contains("Warga Tolak Relokasi Pasar"));
    assert!(queue.contains("Mohon dicek."), "{queue}");
    assert!(
        queue.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "notes are text"
    );
    assert!(!queue.contains("<script>alert(1)") && !queue.contains("<b>tebal</b>"));
    // The contributor sees it waiting, not everyone's queue.
    let (_, own) = citra.get("/redaksi/tinjauan").await;
    assert!(
        own.contains("Artikel Anda yang menunggu tinjauan (1)"),
        "{own}"
    );
    assert!(!own.contains("Menunggu tinjauan ("));

    // The editor sends it back with a note; the writer's count and page
    // say so, and the note is on the article for both.
    let (_, editor_page) = rina.get(&edit).await;
    assert!(editor_page.contains("Kembalikan ke penulis"));
    assert_eq!(
        press(
            &rina,
            &edit,
            "Warga Tolak Relokasi Pasar",
            "draf",
            "Sumber kedua belum ada."
        )
        .await,
        303
    );
    let (_, page) = rina.get("/redaksi").await;
    assert_eq!(review_count(&page), None);
    let (_, page) = citra.get("/redaksi").await;
    assert!(page.contains("1 kembali"), "the writer's navigation");
    let (_, back) = citra.get("/redaksi/tinjauan").await;
    assert!(
        back.contains("Dikembalikan kepada Anda (1)") && back.contains("Sumber kedua belum ada.")
    );
    let (_, article) = citra.get(&edit).await;
    let notes = article.split("id=\"catatan\"").nth(1).unwrap();
    let first = notes.find("mengajukan untuk ditinjau").unwrap();
    let second = notes.find("mengembalikan ke penulis").unwrap();
    assert!(first < second, "in order");
    assert!(notes.contains("Sumber kedua belum ada."));

    // A note without a step; an empty one is refused in Indonesian.
    let response = citra
        .post(
            &format!("{edit}/catatan"),
            &[("catatan", "Sudah saya tambah.")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = citra
        .post(&format!("{edit}/catatan"), &[("catatan", "  ")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Catatan masih kosong.")
    );
    // Sent again, it is no longer "sent back".
    assert_eq!(
        press(&citra, &edit, "Warga Tolak Relokasi Pasar", "ajukan", "").await,
        303
    );
    let (_, page) = citra.get("/redaksi").await;
    assert!(!page.contains("kembali</span>"));
    let (_, page) = rina.get("/redaksi").await;
    assert_eq!(review_count(&page), Some(1));

    // Someone who may not edit it reads no notes and writes none.
    let dodi = app.staff("dodi@redaksi.id", Role::Author).await;
    let (status, _) = dodi.get(&edit).await;
    assert_eq!(status, 403);
    let response = dodi
        .post(&format!("{edit}/catatan"), &[("catatan", "x")])
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn presence_is_each_sessions_own_and_fades() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let sari = app.staff("sari@redaksi.id", Role::Editor).await;
    let budi = app.staff("budi@redaksi.id", Role::Editor).await;
    let edit = new_article(&sari, "Dua Penyunting").await;
    let beat = format!("{edit}/hadir");
    let (status, alone) = sari.json(Method::POST, &beat, None).await;
    assert_eq!(status, 200, "{alone}");
    assert_eq!(alone["others"], serde_json::json!([]));
    // Budi opens the page: he sees Sari, and Sari's next beat sees him.
    let (_, page) = budi.get(&edit).await;
    assert!(page.contains("SARI</strong> sedang menyunting"), "{page}");
    let (_, seen) = sari.json(Method::POST, &beat, None).await;
    assert_eq!(seen["others"], serde_json::json!(["BUDI"]));
    // He reloads the page; the first page's goodbye (its beacon can come
    // after the new page was drawn) ends nothing.
    let first = page_id(&page);
    let (_, page) = budi.get(&edit).await;
    let second = page_id(&page);
    assert_ne!(first, second, "each load of the page has its own name");
    let response = budi
        .post(&beat, &[("pergi", "1"), ("halaman", &first)])
        .await;
    assert_eq!(response.status(), 204);
    let (_, seen) = sari.json(Method::POST, &beat, None).await;
    assert_eq!(seen["others"], serde_json::json!(["BUDI"]));
    // Leaving the page that beat last ends it at once.
    let response = budi
        .post(&beat, &[("pergi", "1"), ("halaman", &second)])
        .await;
    assert_eq!(response.status(), 204);
    let (_, seen) = sari.json(Method::POST, &beat, None).await;
    assert_eq!(seen["others"], serde_json::json!([]));
    // A beat is the session's: without its token it is refused, and an
    // article the user may not open is refused too.
    let response = budi
        .http
        .post(format!("{}{beat}", app.base))
        .header("cookie", &budi.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let citra = app.staff("citra@redaksi.id", Role::Contributor).await;
    let (status, _) = citra.json(Method::POST, &beat, None).await;
    assert_eq!(status, 403);
}

/// The name the editor page was drawn with, which its beats carry.
fn page_id(page: &str) -> String {
    let at = page
        .find("data-page=\"")
        .expect("the editor names its page")
        + 11;
    page[at..at + page[at..].find('"').unwrap()].to_owned()
}
