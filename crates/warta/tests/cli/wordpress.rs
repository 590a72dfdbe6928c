//! `warta import --wordpress`: a WordPress export written for this test
//! (posts, a page, a draft, a scheduled post, an image, a menu item and
//! broken items) imports with the expected counts, old addresses redirect,
//! hostile markup is cleaned, a second run updates instead of doubling, and
//! a damaged export is reported without harm. Given the site's uploads
//! folder, featured images come into the media library.

use crate::util::TestApp;
use crate::util::newsroom::png;
use chrono::{Duration, Utc};

fn item(fields: &str) -> String {
    format!("<item>{fields}</item>\n")
}

fn export(items: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Kabar Lama</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[rina]]></wp:author_login><wp:author_display_name><![CDATA[Rina Wartawan]]></wp:author_display_name></wp:author>
{}
</channel>
</rss>
"#,
        items.concat()
    )
}

fn post(id: u32, kind: &str, status: &str, title: &str, name: &str, extra: &str) -> String {
    item(&format!(
        "<title>{title}</title><link>https://lama.example/{name}/</link>\
         <dc:creator><![CDATA[rina]]></dc:creator>\
         <wp:post_id>{id}</wp:post_id><wp:post_date_gmt><![CDATA[2019-09-25 03:00:00]]></wp:post_date_gmt>\
         <wp:post_name><![CDATA[{name}]]></wp:post_name><wp:status><![CDATA[{status}]]></wp:status>\
         <wp:post_type><![CDATA[{kind}]]></wp:post_type>{extra}"
    ))
}

fn items() -> Vec<String> {
    let future = (Utc::now() + Duration::days(2)).format("%Y-%m-%d %H:%M:%S");
    vec![
        item(
            "<title>banjir.jpg</title><wp:post_id>10</wp:post_id>\
             <wp:post_type><![CDATA[attachment]]></wp:post_type>\
             <wp:attachment_url><![CDATA[https://lama.example/wp-content/uploads/2019/09/banjir.jpg]]></wp:attachment_url>",
        ),
        post(
            11,
            "post",
            "publish",
            "Banjir Rendam Jakarta &amp; Bekasi",
            "2019/09/25/banjir-rendam-jakarta",
            "<content:encoded><![CDATA[Air setinggi lutut merendam permukiman.\n\nWarga mengungsi ke masjid.<script>alert(1)</script>]]></content:encoded>\
             <excerpt:encoded><![CDATA[<em>Ribuan</em> warga terdampak.]]></excerpt:encoded>\
             <category domain=\"category\" nicename=\"nasional\"><![CDATA[Nasional]]></category>\
             <category domain=\"post_tag\" nicename=\"banjir\"><![CDATA[Banjir]]></category>\
             <category domain=\"post_tag\" nicename=\"jakarta\"><![CDATA[Jakarta]]></category>\
             <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>10</wp:meta_value></wp:postmeta>\
             <wp:comment><wp:comment_content>Turut prihatin</wp:comment_content><wp:post_id>999</wp:post_id></wp:comment>",
        ),
        post(
            12,
            "page",
            "publish",
            "Tentang Kami",
            "tentang-kami",
            "<content:encoded><![CDATA[<p>Kami redaksi.</p>]]></content:encoded>",
        ),
        post(
            13,
            "post",
            "draft",
            "Naskah Belum Jadi",
            "naskah",
            "<content:encoded>Belum.</content:encoded>",
        ),
        item(&format!(
            "<title>Terbit Lusa</title><wp:post_id>14</wp:post_id><wp:status>future</wp:status>\
             <wp:post_type>post</wp:post_type><wp:post_date_gmt>{future}</wp:post_date_gmt>\
             <content:encoded>Nanti.</content:encoded>"
        )),
        post(15, "nav_menu_item", "publish", "Beranda", "beranda", ""),
        post(16, "post", "publish", "", "tanpa-judul", ""),
        post(17, "post", "private", "Rahasia", "rahasia", ""),
        post(18, "post", "publish", "Tanggal Rusak", "rusak", "")
            .replace("2019-09-25 03:00:00", "kemarin sore"),
    ]
}

async fn run(app: &TestApp, file: &std::path::Path) -> (bool, String, String) {
    run_with(app, &["import", "--wordpress", file.to_str().unwrap()]).await
}

async fn run_with(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let output = app.warta(args).await;
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_wordpress_export_imports_redirects_and_reports_what_it_skips() {
    let app = TestApp::start().await;
    let file = app.dir.path().join("export.xml");
    std::fs::write(&file, export(&items())).unwrap();
    let (ok, out, err) = run(&app, &file).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(": 6 new (1 not public: private or behind a password at the source), 0 updated, 0 kept, 0 taken down, 1 skipped, 2 not articles not imported (1 attachment, 1 nav_menu_item), 1 comment not imported"),
        "{out}{err}"
    );
    assert!(err.contains("is not a date"), "{err}");
    app.refresh().await;

    // The post: its section, tags, author, excerpt, paragraphs and image;
    // the script gone; its old address redirects here.
    let (status, head) = {
        let response = app.get("/2019/09/25/banjir-rendam-jakarta/").await;
        (response.status().as_u16(), response.headers().clone())
    };
    assert_eq!(status, 301);
    let path = head["location"].to_str().unwrap().to_owned();
    assert!(path.starts_with("/nasional/2019/09/25/"), "{path}");
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Banjir Rendam Jakarta &amp; Bekasi"));
    assert!(html.contains("/tag/banjir") && html.contains("/tag/jakarta"));
    assert!(html.contains("Rina Wartawan"));
    assert!(html.contains("Ribuan warga terdampak."));
    assert!(html.contains("Warga mengungsi ke masjid."));
    assert!(!html.contains("alert(1)"));
    assert!(
        !html.contains("Turut prihatin"),
        "comments are not the body"
    );
    assert!(html.contains("https://lama.example/wp-content/uploads/2019/09/banjir.jpg"));
    // The page, under Halaman; the draft neither shown nor redirected.
    let page = app.get("/tentang-kami").await;
    assert_eq!(page.status(), 301, "the old page address redirects");
    assert!(
        page.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/halaman/")
    );
    assert_eq!(app.get("/naskah/").await.status(), 404);
    let scheduled = app
        .app
        .store
        .article_id_for_external("wp-14")
        .await
        .unwrap();
    assert_eq!(
        app.app.store.article(scheduled).await.unwrap().status,
        warta_core::Status::Scheduled
    );

    // The private post arrived, not public, marked so.
    let private = app
        .app
        .store
        .article_id_for_external("wp-17")
        .await
        .unwrap();
    let private = app.app.store.article(private).await.unwrap();
    assert_eq!(private.status, warta_core::Status::Draft);
    assert_eq!(private.restriction, Some(warta_core::Restriction::Private));

    // Again: updated, not doubled.
    let (ok, out, _) = run(&app, &file).await;
    assert!(ok);
    assert!(
        out.contains(": 0 new, 6 updated, 0 kept, 0 taken down, 1 skipped"),
        "{out}"
    );
    assert_eq!(app.app.store.count_articles().await.unwrap(), 6);
    // The post without a title arrived, titled by what it says (nothing:
    // "Tanpa judul"), never dropped.
    let untitled = app
        .app
        .store
        .article_id_for_external("wp-16")
        .await
        .unwrap();
    assert_eq!(
        app.app.store.article(untitled).await.unwrap().title,
        "Tanpa judul"
    );
}

#[tokio::test]
async fn a_damaged_export_keeps_what_came_before_and_harms_nothing() {
    let app = TestApp::start().await;
    let whole = export(&items());
    // Cut in the middle of the page item.
    let cut = whole.find("Kami redaksi").unwrap();
    let file = app.dir.path().join("terpotong.xml");
    std::fs::write(&file, &whole[..cut]).unwrap();
    let (ok, out, err) = run(&app, &file).await;
    assert!(!ok, "a broken file is not a success: {out}{err}");
    assert!(err.contains("the file breaks off"), "{err}");
    assert!(
        err.contains("after item 2: what came before it was imported"),
        "{err}"
    );
    assert!(
        out.contains(": 1 new"),
        "the summary says how far it got: {out}"
    );
    assert_eq!(
        app.app.store.count_articles().await.unwrap(),
        1,
        "the post before the damage"
    );

    let junk = app.dir.path().join("bukan.xml");
    std::fs::write(
        &junk,
        "<rss><channel><item><title>x</titel></item></channel></rss>",
    )
    .unwrap();
    let (ok, _, err) = run(&app, &junk).await;
    assert!(!ok);
    assert!(err.contains("not a WordPress export"), "{err}");
    assert_eq!(app.app.store.count_articles().await.unwrap(), 1);
}

#[tokio::test]
async fn featured_images_come_into_the_library_from_the_uploads_folder() {
    let app = TestApp::start().await;
    // The old site's uploads: the first post's image, a second post whose
    // file is not an image, a third whose file is missing.
    let uploads = app.dir.path().join("lama-uploads");
    std::fs::create_dir_all(uploads.join("2019/09")).unwrap();
    std::fs::write(uploads.join("2019/09/banjir.jpg"), png(1600, 900)).unwrap();
    std::fs::write(uploads.join("2019/09/palsu.jpg"), "<?php system($_GET[0]);").unwrap();
    let attachment = |id: u32, file: &str, caption: &str| {
        item(&format!(
            "<title>{file}</title><wp:post_id>{id}</wp:post_id>\
             <wp:post_type>attachment</wp:post_type>\
             <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>\
             <wp:attachment_url>https://lama.example/wp-content/uploads/2019/09/{file}</wp:attachment_url>"
        ))
    };
    let with_image = |id: u32, title: &str, thumbnail: u32| {
        post(
            id,
            "post",
            "publish",
            title,
            &format!("berita-{id}"),
            &format!(
                "<content:encoded>Isi berita.</content:encoded>\
                 <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>\
                 <wp:meta_value>{thumbnail}</wp:meta_value></wp:postmeta>"
            ),
        )
    };
    let items = vec![
        attachment(10, "banjir.jpg", "Banjir di <b>Kampung Melayu</b>"),
        attachment(20, "palsu.jpg", ""),
        attachment(30, "hilang.jpg", ""),
        with_image(11, "Banjir Rendam Jakarta", 10),
        with_image(12, "Banjir Surut", 10),
        with_image(21, "Berkas Palsu", 20),
        with_image(31, "Berkas Hilang", 30),
    ];
    let file = app.dir.path().join("export.xml");
    std::fs::write(&file, export(&items)).unwrap();
    let args = [
        "import",
        "--wordpress",
        "--uploads",
        uploads.to_str().unwrap(),
        file.to_str().unwrap(),
    ];
    let (ok, out, err) = run_with(&app, &args).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(
            ": 4 new, 0 updated, 0 kept, 0 taken down, 0 skipped, 3 not articles not imported (3 attachment), 1 image into the library"
        ),
        "one image for two posts; the fake and the missing one are not images: {out}{err}"
    );
    assert!(
        err.contains("palsu.jpg") && err.contains("hilang.jpg"),
        "{err}"
    );
    app.refresh().await;

    // Both posts show the library's copy, at the variant's size, with the
    // attachment's caption.
    let library = app.app.store.media_library(10, 0).await.unwrap();
    assert_eq!(library.1, 1);
    let media = &library.0[0];
    assert_eq!(
        (media.width, media.height, media.format.as_str()),
        (1600, 900, "png")
    );
    assert_eq!(media.caption, "Banjir di Kampung Melayu");
    for external in ["wp-11", "wp-12"] {
        let id = app
            .app
            .store
            .article_id_for_external(external)
            .await
            .unwrap();
        let (status, html) = app.page(&app.path_of(id).await).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&format!("/media/{}/large.webp", media.id)),
            "{external}"
        );
        assert!(html.contains("Banjir di Kampung Melayu"));
        let image = app.app.store.article(id).await.unwrap().image.unwrap();
        assert_eq!(image.media, Some((media.id, 1600, 900)), "{external}");
    }
    let large = app.get(&format!("/media/{}/large.webp", media.id)).await;
    assert_eq!(large.status(), 200);
    assert_eq!(large.headers()["content-type"], "image/webp");
    // The post whose file was no image keeps its old URL.
    let id = app
        .app
        .store
        .article_id_for_external("wp-21")
        .await
        .unwrap();
    let (_, html) = app.page(&app.path_of(id).await).await;
    assert!(html.contains("https://lama.example/wp-content/uploads/2019/09/palsu.jpg"));

    // Again: the image is found by its content, not added twice.
    let (ok, out, err) = run_with(&app, &args).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(": 0 new, 4 updated, 0 kept, 0 taken down, 0 skipped, 3 not articles not imported (3 attachment) in"),
        "{out}"
    );
    assert_eq!(app.app.store.media_library(10, 0).await.unwrap().1, 1);

    // The flag is for WordPress exports only, and needs a folder.
    assert!(
        !run_with(&app, &["import", "--uploads", "/tmp", "x.jsonl"])
            .await
            .0
    );
    let (ok, _, err) = run_with(
        &app,
        &[
            "import",
            "--wordpress",
            "--uploads",
            "/tidak/ada",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(!ok && err.contains("not a folder"), "{err}");
}

#[tokio::test]
async fn what_is_not_public_in_wordpress_is_never_public_here() {
    // Found by trying the importer: a password-protected post was published
    // in full (page, search, RSS, sitemap).
    let app = TestApp::start().await;
    let protected = post(
        21,
        "post",
        "publish",
        "Laporan Khusus Berbayar",
        "laporan-khusus",
        "<wp:post_password><![CDATA[rahasia]]></wp:post_password>\
         <content:encoded><![CDATA[Isi eksklusif tentang tambang nikel ilegal.]]></content:encoded>",
    );
    let trashed = post(
        22,
        "post",
        "trash",
        "Berita Dibuang",
        "dibuang",
        "<content:encoded>x</content:encoded>",
    );
    let public = post(
        23,
        "post",
        "publish",
        "Berita Terbuka",
        "terbuka",
        "<content:encoded>Isi terbuka.</content:encoded>",
    );
    let file = app.dir.path().join("ekspor.xml");
    std::fs::write(&file, export(&[protected, trashed, public])).unwrap();
    let (ok, out, err) = run(&app, &file).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(": 2 new (1 not public: private or behind a password at the source), 0 updated, 0 kept, 0 taken down, 0 skipped, 1 in the trash not imported"),
        "{out}"
    );
    app.refresh().await;
    let id = app
        .app
        .store
        .article_id_for_external("wp-21")
        .await
        .unwrap();
    let article = app.app.store.article(id).await.unwrap();
    assert_eq!(article.restriction, Some(warta_core::Restriction::Password));
    assert_eq!(app.get(&app.path_of(id).await).await.status(), 404);
    for path in [
        "/rss",
        "/sitemap/artikel/1",
        "/",
        "/terkini",
        "/cari?q=tambang+nikel",
    ] {
        let (_, page) = app.page(path).await;
        assert!(
            !page.contains("Isi eksklusif") && !page.contains("Laporan Khusus"),
            "{path}"
        );
    }
    assert!(app.page("/rss").await.1.contains("Berita Terbuka"));
    assert_eq!(
        app.app.store.article_id_for_external("wp-22").await.ok(),
        None
    );
}

#[tokio::test]
async fn a_second_import_keeps_the_newsrooms_work_and_takes_down_what_wordpress_closed() {
    // Found by trying the importer: importing again published an article
    // the newsroom had taken down, overwrote a title edited in Warta, and
    // left public a post WordPress had made private.
    let app = TestApp::start().await;
    let first = [
        post(
            31,
            "post",
            "publish",
            "Judul dari WordPress",
            "satu",
            "<content:encoded>Isi satu.</content:encoded>",
        ),
        post(
            32,
            "post",
            "publish",
            "Berita Dua",
            "dua",
            "<content:encoded>Isi dua.</content:encoded>",
        ),
        post(
            33,
            "post",
            "publish",
            "Berita Tiga",
            "tiga",
            "<content:encoded>Isi tiga.</content:encoded>",
        ),
        post(
            34,
            "post",
            "publish",
            "Berita Empat",
            "empat",
            "<content:encoded>Isi empat.</content:encoded>",
        ),
    ];
    let file = app.dir.path().join("pertama.xml");
    std::fs::write(&file, export(&first)).unwrap();
    assert!(run(&app, &file).await.0);
    app.refresh().await;
    let id = |external: &'static str| {
        let store = app.app.store.clone();
        async move { store.article_id_for_external(external).await.unwrap() }
    };
    let (one, three) = (id("wp-31").await, id("wp-33").await);

    // The newsroom edits one headline and takes another article down.
    let (editor, _) = app
        .add_user("ed@redaksi.id", "Editor", warta_core::Role::Editor)
        .await;
    let api = app.token_for(editor).await;
    let api = app.api_client(&api);
    let (_, now) = api.get(&format!("/api/v1/articles/{}", one.0)).await;
    let (status, _) = api
        .put(
            &format!("/api/v1/articles/{}", one.0),
            serde_json::json!({"version": now["version"], "title": "Judul Disunting Redaksi", "section": now["section"], "body": now["body"]}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, now) = api.get(&format!("/api/v1/articles/{}", three.0)).await;
    let (status, _) = api
        .post(
            &format!("/api/v1/articles/{}/unpublish", three.0),
            serde_json::json!({"version": now["version"]}),
        )
        .await;
    assert_eq!(status, 200);

    // WordPress meanwhile: every title changed, two posts closed, one new.
    let second = [
        post(
            31,
            "post",
            "publish",
            "Judul Baru dari WordPress",
            "satu",
            "<content:encoded>Isi satu, diperbarui.</content:encoded>",
        ),
        post(
            32,
            "post",
            "private",
            "Berita Dua",
            "dua",
            "<content:encoded>Isi dua.</content:encoded>",
        ),
        post(
            33,
            "post",
            "publish",
            "Berita Tiga Lagi",
            "tiga",
            "<content:encoded>Isi tiga.</content:encoded>",
        ),
        post(
            34,
            "post",
            "publish",
            "Berita Empat",
            "empat",
            "<wp:post_password>kunci</wp:post_password><content:encoded>Isi empat.</content:encoded>",
        ),
        post(
            35,
            "post",
            "publish",
            "Berita Lima",
            "lima",
            "<content:encoded>Isi lima.</content:encoded>",
        ),
    ];
    let file = app.dir.path().join("kedua.xml");
    std::fs::write(&file, export(&second)).unwrap();

    // A dry run says what would happen and changes nothing.
    let (ok, out, err) = run_with(
        &app,
        &["import", "--wordpress", "--dry-run", file.to_str().unwrap()],
    )
    .await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("wp-31: \"Judul Disunting Redaksi\"")
            || out.contains("wp-31: \"Judul Baru dari WordPress\" changed in Warta"),
        "{out}"
    );
    assert!(
        out.contains("would be kept as it is") && out.contains("would be taken down"),
        "{out}"
    );
    assert!(
        out.contains(": 1 new, 0 updated, 2 kept, 2 taken down, 0 skipped")
            && out.contains("dry run: nothing stored"),
        "{out}"
    );
    assert_eq!(
        app.app.store.count_articles().await.unwrap(),
        4,
        "nothing stored"
    );
    let two = id("wp-32").await;
    assert_eq!(
        app.get(&app.path_of(two).await).await.status(),
        200,
        "still public"
    );

    // The import itself.
    let (ok, out, err) = run(&app, &file).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("wp-32: \"Berita Dua\" private at the source: taken down"),
        "{out}"
    );
    assert!(
        out.contains("wp-34: \"Berita Empat\" behind a password at the source: taken down"),
        "{out}"
    );
    assert!(
        out.contains(": 1 new, 0 updated, 2 kept, 2 taken down, 0 skipped"),
        "{out}"
    );
    app.refresh().await;
    let kept = app.app.store.article(one).await.unwrap();
    assert_eq!(
        kept.title, "Judul Disunting Redaksi",
        "the newsroom's headline stands"
    );
    assert_eq!(
        app.app.store.article(three).await.unwrap().status,
        warta_core::Status::Unpublished,
        "taken down in Warta stays down"
    );
    for external in ["wp-32", "wp-34"] {
        let article = app.app.store.article(id(external).await).await.unwrap();
        assert_eq!(
            article.status,
            warta_core::Status::Unpublished,
            "{external}"
        );
        assert_eq!(app.get(&app.path_of(article.id).await).await.status(), 404);
    }
    assert_eq!(
        app.app
            .store
            .article(id("wp-35").await)
            .await
            .unwrap()
            .title,
        "Berita Lima"
    );
}
