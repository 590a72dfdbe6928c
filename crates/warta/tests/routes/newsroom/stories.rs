//! Stories (Kronologi) in the newsroom: editors name a story Warta
//! formed, take an article out and put another in, split articles off
//! into a new story and merge two; readers see each change at once, and
//! Warta's own placement never undoes it.

use crate::routes::reader::stories::{kronologi, quake_story};
use crate::util::{ArticleBuilder, TestApp};
use chrono::{Duration, Utc};
use warta_core::Role;

#[tokio::test]
async fn editors_name_correct_split_and_merge_what_warta_grouped() {
    let app = TestApp::start().await;
    let ids = app.add(&quake_story()).await;
    let store = &app.app.store;
    let quake = store
        .story_of(ids[0])
        .await
        .unwrap()
        .expect("a quake story");
    let kpk = store.story_of(ids[3]).await.unwrap().expect("a KPK story");
    assert_ne!(quake.id, kpk.id);
    let kpk_address = format!("/topik/{}", kpk.slug);

    // Authors do not curate stories.
    let author = app.staff("penulis@redaksi.id", Role::Author).await;
    assert_eq!(author.get("/redaksi/topik").await.0, 403);
    let editor = app.staff("editor@redaksi.id", Role::Editor).await;
    let (status, list) = editor.get("/redaksi/topik").await;
    assert_eq!(status, 200);
    assert!(
        list.contains(&quake.name) && list.contains(&kpk.name),
        "{list}"
    );
    let (_, found) = editor.get("/redaksi/topik?nama=kpk").await;
    assert!(found.contains(&kpk.name) && !found.contains(&quake.name));

    // A name and an address.
    let page = format!("/redaksi/topik/{}", quake.id.0);
    let response = editor
        .post(
            &page,
            &[
                ("aksi", "nama"),
                ("nama", "Gempa Cianjur"),
                ("alamat", "gempa-cianjur"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (status, topic) = app.page("/topik/gempa-cianjur").await;
    assert_eq!(status, 200);
    assert!(topic.contains("<h1>Gempa Cianjur</h1>"));
    let (_, article) = app.page(&app.path_of(ids[1]).await).await;
    assert!(article.contains(">Gempa Cianjur</a>"), "the block names it");

    // An article taken out stays out, also when Warta places the next one.
    editor
        .post(
            &page,
            &[("aksi", "keluarkan"), ("artikel", &ids[2].0.to_string())],
        )
        .await;
    let (_, article) = app.page(&app.path_of(ids[2]).await).await;
    assert!(kronologi(&article).is_none(), "out of the story");
    app.add(&[ArticleBuilder::new("gempa-4", "Gempa Cianjur: Gempa Susulan Guncang Cugenang")
        .in_section("nasional")
        .published(Utc::now() - Duration::hours(1))
        .body("Gempa susulan kembali mengguncang Cianjur. BMKG mencatat gempa susulan berpusat di darat dekat Cugenang.\n\nRibuan warga Cianjur masih mengungsi karena rumah mereka rusak akibat gempa.\n\nBPBD Cianjur meminta warga mewaspadai gempa susulan.\n\nGempa bermagnitudo 5,6 mengguncang Kecamatan Cugenang, Kabupaten Cianjur, Jawa Barat, pada Senin siang. BPBD Cianjur mencatat ribuan rumah rusak berat dan ribuan warga mengungsi, sementara BMKG mencatat puluhan gempa susulan.")])
        .await;
    let members: Vec<_> = store.story_members(quake.id).await.unwrap();
    assert_eq!(members.len(), 3, "{members:?}");
    assert!(members.iter().all(|m| m.id != ids[2]), "{members:?}");

    // An article put in by its address; then split off into a story of
    // its own, which readers' pages follow.
    let beras = app.path_of(ids[5]).await;
    let response = editor
        .post(
            &page,
            &[
                ("aksi", "tambah"),
                ("artikel", &format!("https://warta.example{beras}")),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (_, article) = app.page(&beras).await;
    assert!(
        kronologi(&article)
            .unwrap()
            .0
            .contains(&"Harga Beras Medium Turun di Pasar Induk".to_owned())
    );
    let response = editor
        .post(
            &page,
            &[
                ("aksi", "pisah"),
                ("nama", "Harga Beras"),
                ("artikel", &ids[5].0.to_string()),
            ],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/redaksi/topik/") && location.ends_with("?selesai=pisah"),
        "{location}"
    );
    let beras_story = store.story_of(ids[5]).await.unwrap().unwrap();
    assert_eq!(beras_story.name, "Harga Beras");
    assert_eq!(store.story_members(quake.id).await.unwrap().len(), 3);

    // Merged: the KPK story's articles go into the quake story (named by
    // its address), and the KPK story's address leads there.
    let kpk_page = format!("/redaksi/topik/{}", kpk.id.0);
    let response = editor
        .post(
            &kpk_page,
            &[("aksi", "gabung"), ("ke", "/topik/gempa-cianjur")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let moved = app.get(&kpk_address).await;
    assert_eq!(moved.status().as_u16(), 301);
    assert_eq!(moved.headers()["location"], "/topik/gempa-cianjur");
    assert_eq!(store.story_members(quake.id).await.unwrap().len(), 5);
    assert_eq!(editor.get_response(&kpk_page).await.status().as_u16(), 303);

    // Mistakes get a clear answer in Indonesian and change nothing.
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[("aksi", "nama"), ("nama", "  ")],
            "Nama topik wajib diisi.",
        ),
        (
            &[("aksi", "gabung"), ("ke", &quake.id.0.to_string())],
            "tidak bisa digabungkan dengan dirinya sendiri",
        ),
        (
            &[("aksi", "tambah"), ("artikel", "gempa kemarin")],
            "bukan nomor atau alamat artikel",
        ),
        (
            &[("aksi", "pisah"), ("nama", "Kosong")],
            "Pilih artikel yang akan dipisahkan",
        ),
    ];
    for (fields, message) in cases {
        let response = editor.post(&page, fields).await;
        assert_eq!(response.status().as_u16(), 422, "{fields:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{fields:?}: {message}");
    }
    assert_eq!(store.story(quake.id).await.unwrap().name, "Gempa Cianjur");
    assert_eq!(store.story_members(quake.id).await.unwrap().len(), 5);
}
