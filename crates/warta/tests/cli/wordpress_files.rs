//! `warta import --wordpress` on files as newsrooms have them: every public
//! test export of the WordPress importer (read from `../shared/wordpress`),
//! exports in windows-1252 and with bytes that are not UTF-8, a gzipped
//! export, and files that are not exports at all. Broken files end with a
//! one-line error and a non-zero exit; nothing is dropped without a word.

use crate::util::TestApp;
use std::io::Write;
use std::path::{Path, PathBuf};

fn shared(name: &str) -> PathBuf {
    crate::util::corpus_dir()
        .parent()
        .unwrap()
        .join("wordpress")
        .join(name)
}

async fn import(app: &TestApp, file: &Path) -> (bool, String, String) {
    let output = app
        .warta(&["import", "--wordpress", file.to_str().unwrap()])
        .await;
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The last line of standard error that is not a log line.
fn last_error(err: &str) -> String {
    err.lines()
        .rfind(|l| l.starts_with("Error") || l.starts_with("error"))
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn every_public_test_export_imports_or_is_refused_in_one_line() {
    let app = TestApp::start().await;
    let folder = shared("");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the shared exports are there: {names:?}");
    let refused = [
        ("malformed-simple.xml", "breaks off"),
        ("malformed.xml", "version \"abc\""),
        ("invalid-version-tag.xml", "version \"abc\""),
        ("missing-version-tag.xml", "not a WordPress export"),
    ];
    for name in &names {
        let (ok, out, err) = import(&app, &folder.join(name)).await;
        match refused.iter().find(|(file, _)| file == name) {
            Some((_, why)) => {
                assert!(!ok, "{name} is broken: {out}{err}");
                let line = last_error(&err);
                assert!(line.contains(why), "{name}: {line:?} in {err}");
            }
            None => assert!(ok, "{name}: {out}{err}"),
        }
    }
}

#[tokio::test]
async fn the_theme_unit_test_data_arrives_whole_and_nothing_private_is_public() {
    let app = TestApp::start().await;
    let (ok, out, err) = import(&app, &shared("theme-unit-test-data.xml")).await;
    assert!(ok, "{out}{err}");
    // Every post and page arrives (none dropped for a missing title); the
    // rest is named by kind, and the comments are counted.
    assert!(out.contains("0 skipped"), "{out}{err}");
    assert!(out.contains("comments not imported"), "{out}");
    assert!(out.contains("attachment"), "{out}");
    // A password-protected post is never public.
    let protected = std::fs::read_to_string(shared("theme-unit-test-data.xml")).unwrap();
    let protected_ids: Vec<&str> = protected
        .split("<item>")
        .filter(|item| {
            item.split("<wp:post_password>")
                .nth(1)
                .and_then(|rest| rest.split("</wp:post_password>").next())
                .is_some_and(|password| !password.is_empty() && password != "<![CDATA[]]>")
        })
        .filter_map(|item| item.split("<wp:post_id>").nth(1)?.split('<').next())
        .collect();
    assert!(!protected_ids.is_empty());
    for id in protected_ids {
        let article = app
            .app
            .store
            .article_id_for_external(&format!("wp-{id}"))
            .await
            .unwrap();
        let article = app.app.store.article(article).await.unwrap();
        assert_eq!(
            article.restriction,
            Some(warta_core::Restriction::Password),
            "wp-{id}"
        );
        assert!(!article.is_live(chrono::Utc::now()));
    }
}

fn export(encoding: &str, items: &[u8]) -> Vec<u8> {
    let mut file = format!(
        "<?xml version=\"1.0\" encoding=\"{encoding}\" ?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Kabar</title><wp:wxr_version>1.2</wp:wxr_version>\n"
    )
    .into_bytes();
    file.extend_from_slice(items);
    file.extend_from_slice(b"</channel></rss>\n");
    file
}

fn post(id: u32, title: &[u8], body: &[u8], extra: &str) -> Vec<u8> {
    let mut item = format!("<item><wp:post_id>{id}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>{extra}<title>").into_bytes();
    item.extend_from_slice(title);
    item.extend_from_slice(b"</title><content:encoded><![CDATA[");
    item.extend_from_slice(body);
    item.extend_from_slice(b"]]></content:encoded></item>\n");
    item
}

#[tokio::test]
async fn the_declared_encoding_is_read_and_bad_bytes_are_replaced_with_a_warning() {
    let app = TestApp::start().await;
    // windows-1252: é is one byte, 0xE9; “ ” are 0x93 0x94.
    let file = app.dir.path().join("cp1252.xml");
    std::fs::write(
        &file,
        export(
            "windows-1252",
            &post(
                1,
                b"Kaf\xe9 di Jalan Braga",
                b"\x93Enak,\x94 kata warga caf\xe9.",
                "",
            ),
        ),
    )
    .unwrap();
    let (ok, out, err) = import(&app, &file).await;
    assert!(ok, "{out}{err}");
    let id = app.app.store.article_id_for_external("wp-1").await.unwrap();
    let article = app.app.store.article(id).await.unwrap();
    assert_eq!(article.title, "Kafé di Jalan Braga");
    assert!(
        article
            .body
            .plain_text()
            .contains("“Enak,” kata warga café.")
    );

    // UTF-8 declared, one byte that is not: that byte is U+FFFD, the rest
    // of the field stays, and the post is named in a warning.
    let file = app.dir.path().join("rusak.xml");
    std::fs::write(
        &file,
        export(
            "UTF-8",
            &post(2, b"Judul Utuh", b"Awal \xff tengah akhir.", ""),
        ),
    )
    .unwrap();
    let (ok, out, err) = import(&app, &file).await;
    assert!(ok, "{out}{err}");
    assert!(err.contains("post 2: bytes not valid"), "{err}");
    let id = app.app.store.article_id_for_external("wp-2").await.unwrap();
    let body = app.app.store.article(id).await.unwrap().body.plain_text();
    assert!(body.contains("Awal \u{fffd} tengah akhir."), "{body}");
}

#[tokio::test]
async fn categories_and_tags_are_all_kept_and_a_gzipped_export_is_read() {
    let app = TestApp::start().await;
    let mut extra = String::from(
        "<category domain=\"category\" nicename=\"nasional\"><![CDATA[Nasional]]></category>\
         <category domain=\"category\" nicename=\"jakarta\"><![CDATA[Jakarta]]></category>\
         <category domain=\"category\" nicename=\"hukum\"><![CDATA[Hukum]]></category>\
         <category domain=\"tag\"><![CDATA[Lama]]></category>",
    );
    for i in 0..25 {
        extra.push_str(&format!(
            "<category domain=\"post_tag\" nicename=\"t{i}\"><![CDATA[Topik {i}]]></category>"
        ));
    }
    let xml = export("UTF-8", &post(3, b"Banyak Kategori", b"Isi.", &extra));
    let file = app.dir.path().join("ekspor.xml.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&xml).unwrap();
    std::fs::write(&file, gz.finish().unwrap()).unwrap();
    let (ok, out, err) = import(&app, &file).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains(": 1 new"), "{out}");
    let id = app.app.store.article_id_for_external("wp-3").await.unwrap();
    let article = app.app.store.article(id).await.unwrap();
    assert_eq!(article.section.name, "Nasional");
    let tags: Vec<&str> = article.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags.len(), 2 + 1 + 25, "{tags:?}");
    assert!(tags.contains(&"Jakarta") && tags.contains(&"Hukum") && tags.contains(&"Lama"));
    assert!(tags.contains(&"Topik 24"));

    // WXR 1.0's tags, from the importer's own test file.
    let (ok, out, err) = import(&app, &shared("valid-wxr-1.0.xml")).await;
    assert!(ok, "{out}{err}");
}

#[tokio::test]
async fn files_that_are_not_exports_are_refused_in_one_line() {
    let app = TestApp::start().await;
    let empty = app.dir.path().join("kosong.xml");
    std::fs::write(&empty, "").unwrap();
    let (ok, _, err) = import(&app, &empty).await;
    assert!(!ok);
    assert!(
        last_error(&err).contains("is empty: not a WordPress export"),
        "{err}"
    );
    let feed = app.dir.path().join("rss.xml");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar</title>\
         <item><title>Berita</title><link>https://x.example/a</link><description>Isi</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let (ok, _, err) = import(&app, &feed).await;
    assert!(!ok);
    assert!(
        last_error(&err).contains("not a WordPress export (no wp:wxr_version): an RSS feed"),
        "{err}"
    );
    assert_eq!(
        app.app.store.count_articles().await.unwrap(),
        0,
        "nothing was made of it"
    );
}

#[tokio::test]
async fn bodies_read_as_wordpress_shows_them_with_their_pictures_in_the_library() {
    let app = TestApp::start().await;
    let uploads = app.dir.path().join("uploads");
    std::fs::create_dir_all(uploads.join("2024/01")).unwrap();
    std::fs::write(
        uploads.join("2024/01/pasar.png"),
        crate::util::newsroom::png(1600, 900),
    )
    .unwrap();
    std::fs::write(
        uploads.join("2024/01/perahu.png"),
        crate::util::newsroom::png(800, 600),
    )
    .unwrap();
    let old = "https://lama.example/wp-content/uploads/2024/01";
    let attachments = format!(
        "<item><wp:post_id>40</wp:post_id><wp:post_type>attachment</wp:post_type><wp:post_parent>41</wp:post_parent>\
         <wp:attachment_url>{old}/perahu.png</wp:attachment_url><excerpt:encoded><![CDATA[Perahu dagang]]></excerpt:encoded></item>\n"
    );
    let body = format!(
        "Banjarmasin, Kabar - Pasar terapung ramai lagi.\nPedagang datang sejak subuh.\n\n\
         <h1>Suasana Pagi</h1>\n\
         [caption id=\"attachment_39\" width=\"300\"]<a href=\"{old}/pasar.png\"><img src=\"{old}/pasar-300x169.png\" alt=\"Pasar\" /></a> Pasar terapung Lok Baintan.[/caption]\n\n\
         Harga <del>naik</del> turun.\n\n\
         https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n\
         [gallery ids=\"40\"]\n\n\
         <img src=\"{old}/hilang.jpg\" alt=\"Hilang\" />\n\n\
         <h6>Catatan</h6>"
    );
    let mut items = attachments.into_bytes();
    items.extend(post(
        41,
        b"Pasar Terapung &amp;amp; Perahu",
        body.as_bytes(),
        "<wp:post_modified_gmt>2024-01-05 09:30:00</wp:post_modified_gmt>",
    ));
    let xml = export("UTF-8", &items);
    let xml = String::from_utf8(xml).unwrap().replace(
        "xmlns:wp=",
        "xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:wp=",
    );
    let file = app.dir.path().join("pasar.xml");
    std::fs::write(&file, xml).unwrap();
    let output = app
        .warta(&[
            "import",
            "--wordpress",
            "--uploads",
            uploads.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
        .await;
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "{out}{err}");
    assert!(out.contains("2 images into the library"), "{out}");
    assert!(
        out.contains("1 picture in a body not in the uploads folder"),
        "{out}"
    );
    assert!(
        err.contains("hilang.jpg is not in the uploads folder"),
        "{err}"
    );
    app.refresh().await;
    let id = app
        .app
        .store
        .article_id_for_external("wp-41")
        .await
        .unwrap();
    let article = app.app.store.article(id).await.unwrap();
    assert_eq!(
        article.title, "Pasar Terapung & Perahu",
        "entities decoded once"
    );
    // Changed when WordPress last changed it, not at the import.
    assert_eq!(
        article.modified_at.to_rfc3339(),
        "2024-01-05T09:30:00+00:00"
    );
    let (status, page) = app.page(&app.path_of(id).await).await;
    assert_eq!(status, 200);
    let html = article.body.as_html();
    assert!(
        html.contains("<p>Banjarmasin, Kabar - Pasar terapung ramai lagi.<br>"),
        "{html}"
    );
    assert!(
        html.contains("<h2>Suasana Pagi</h2>") && html.contains("<h4>Catatan</h4>"),
        "{html}"
    );
    assert!(html.contains("<s>naik</s>"));
    assert!(
        html.contains("<figcaption>Pasar terapung Lok Baintan.</figcaption>"),
        "{html}"
    );
    assert!(!html.contains("[caption") && !html.contains("[gallery"));
    // The pictures are the library's now; the missing one keeps its address.
    assert!(!html.contains(&format!("{old}/pasar")), "{html}");
    assert!(!html.contains(&format!("{old}/perahu")), "{html}");
    assert!(html.contains(&format!("{old}/hilang.jpg")));
    let library = app.app.store.search_media("", 10, 0).await.unwrap().0;
    let pasar = library
        .iter()
        .find(|m| m.original_name == "pasar.png")
        .expect("the original, not the 300 px copy");
    assert!(
        html.contains(&format!("src=\"/media/{}/large.webp\"", pasar.id)),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"/media/{}/original\"", pasar.id)));
    // The embed is the editor's: readers get the placeholder.
    assert!(
        page.contains("data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        "{page}"
    );
    assert!(page.contains("Pasar terapung ramai lagi."));
}

#[tokio::test]
async fn every_kind_of_old_address_leads_to_its_page() {
    let app = TestApp::start().await;
    let arabic = "%d8%a8%d9%86%d8%ac%d8%a7%d8%b1";
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Kabar</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>rina</wp:author_login><wp:author_display_name>Rina Wartawan</wp:author_display_name></wp:author>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>nasional</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Nasional</wp:cat_name></wp:category>
<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>jakarta-raya</wp:category_nicename><wp:category_parent>nasional</wp:category_parent><wp:cat_name>Jakarta Raya</wp:cat_name></wp:category>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>api</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>API</wp:cat_name></wp:category>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>banjir-jakarta-2</wp:tag_slug><wp:tag_name>Banjir Jakarta</wp:tag_name></wp:tag>
<item><title>Banjir Rendam Jakarta</title><link>https://lama.example/2019/09/25/banjir%e2%80%93jakarta/</link><dc:creator>rina</dc:creator>
<wp:post_id>11</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt><wp:post_name>banjir-jakarta</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<content:encoded>Isi.</content:encoded>
<category domain="category" nicename="nasional"><![CDATA[Nasional]]></category>
<category domain="category" nicename="jakarta-raya"><![CDATA[Jakarta Raya]]></category>
<category domain="post_tag" nicename="banjir-jakarta-2"><![CDATA[Banjir Jakarta]]></category></item>
<item><title>Tentang Kami</title><link>https://lama.example/tentang/</link><wp:post_id>12</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>page</wp:post_type><content:encoded>Kami.</content:encoded></item>
<item><title>Naskah</title><wp:post_id>13</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type><content:encoded>Belum.</content:encoded></item>
<item><title>مرحبا</title><link>https://lama.example/{arabic}/</link><wp:post_id>14</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt><wp:post_name>{arabic}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded>Satu.</content:encoded></item>
<item><title>سلام</title><wp:post_id>15</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt><wp:post_name>%d8%b3%d9%84%d8%a7%d9%85</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded>Dua.</content:encoded></item>
<item><title>Peluncuran Layanan Data Terbuka</title><wp:post_id>16</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt><wp:post_name>data-terbuka</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded>Tiga.</content:encoded>
<category domain="category" nicename="api"><![CDATA[API]]></category></item>
</channel></rss>
"#
    );
    let file = app.dir.path().join("alamat.xml");
    std::fs::write(&file, xml).unwrap();
    let (ok, out, err) = import(&app, &file).await;
    assert!(ok, "{out}{err}");
    app.refresh().await;
    let article = |external: &str| {
        let app = &app;
        let external = external.to_owned();
        async move {
            let id = app
                .app
                .store
                .article_id_for_external(&external)
                .await
                .unwrap();
            app.path_of(id).await
        }
    };
    let post = article("wp-11").await;
    let page = article("wp-12").await;
    let moved = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get(path).await;
            let status = response.status().as_u16();
            let to = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (status, to)
        }
    };
    for (old, to) in [
        ("/?p=11", post.clone()),
        ("/?page_id=12", page.clone()),
        ("/2019/09/25/banjir%E2%80%93jakarta/", post.clone()),
        ("/2019/09/25/banjir%e2%80%93jakarta", post.clone()),
        ("/category/nasional/", "/nasional".to_owned()),
        ("/?cat=5", "/nasional".to_owned()),
        (
            "/category/nasional/jakarta-raya/",
            "/tag/jakarta-raya".to_owned(),
        ),
        ("/?cat=6", "/tag/jakarta-raya".to_owned()),
        ("/tag/banjir-jakarta-2/", "/tag/banjir-jakarta".to_owned()),
        ("/?tag=banjir-jakarta-2", "/tag/banjir-jakarta".to_owned()),
        ("/author/rina/", "/penulis/rina-wartawan".to_owned()),
        ("/?author=2", "/penulis/rina-wartawan".to_owned()),
        ("/feed/", "/rss".to_owned()),
        ("/?feed=rss2", "/rss".to_owned()),
        ("/category/nasional/feed/", "/nasional/rss".to_owned()),
        ("/?s=banjir+jakarta", "/cari?q=banjir+jakarta".to_owned()),
    ] {
        assert_eq!(moved(old).await, (301, to.clone()), "{old}");
        assert_eq!(app.get(&to).await.status(), 200, "{old} leads to {to}");
    }
    for missing in [
        "/?p=13",
        "/?p=999",
        "/?cat=77",
        "/category/tidak-ada/",
        "/author/siapa/",
    ] {
        assert_eq!(moved(missing).await.0, 404, "{missing}");
    }
    // Slugs in another script are never collapsed into one.
    let first = article("wp-14").await;
    let second = article("wp-15").await;
    assert_ne!(
        first.rsplit('/').next(),
        second.rsplit('/').next(),
        "{first} {second}"
    );
    assert_eq!(
        moved(Box::leak(format!("/{arabic}/").into_boxed_str())).await,
        (301, first)
    );
    // A category named like one of Warta's own paths gets a section of
    // its own address, and its articles are pages readers can open.
    let in_api = article("wp-16").await;
    assert!(in_api.starts_with("/api-kanal/"), "{in_api}");
    assert_eq!(app.get(&in_api).await.status(), 200, "{in_api}");
    for old in ["/category/api/", "/?cat=7"] {
        assert_eq!(moved(old).await, (301, "/api-kanal".to_owned()), "{old}");
    }
    assert_eq!(app.get("/api-kanal").await.status(), 200);
}
