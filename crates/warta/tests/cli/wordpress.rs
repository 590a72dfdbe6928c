//! `warta import --wordpress`: a WordPress export written for this test
//! (posts, a page, a draft, a scheduled post, an image, a menu item and
//! broken items) imports with the expected counts, old addresses redirect,
//! hostile markup is cleaned, a second run updates instead of doubling, and
//! a damaged export is reported without harm.

use crate::util::TestApp;
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

fn run(app: &TestApp, file: &std::path::Path) -> (bool, String, String) {
    let output = app.warta(&["import", "--wordpress", file.to_str().unwrap()]);
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
    let (ok, out, err) = run(&app, &file);
    assert!(ok, "{out}{err}");
    assert!(out.contains(": 4 new, 0 updated, 3 skipped"), "{out}{err}");
    for reason in ["no title", "private", "is not a date"] {
        assert!(err.contains(reason), "{reason}: {err}");
    }
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

    // Again: updated, not doubled.
    let (ok, out, _) = run(&app, &file);
    assert!(ok);
    assert!(out.contains(": 0 new, 4 updated, 3 skipped"), "{out}");
    assert_eq!(app.app.store.count_articles().await.unwrap(), 4);
}

#[tokio::test]
async fn a_damaged_export_keeps_what_came_before_and_harms_nothing() {
    let app = TestApp::start().await;
    let whole = export(&items());
    // Cut in the middle of the page item.
    let cut = whole.find("Kami redaksi").unwrap();
    let file = app.dir.path().join("terpotong.xml");
    std::fs::write(&file, &whole[..cut]).unwrap();
    let (ok, out, err) = run(&app, &file);
    assert!(ok, "{out}{err}");
    assert!(
        err.contains("cut short") || err.contains("not a readable"),
        "{err}"
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
    let (_, _, err) = run(&app, &junk);
    assert!(err.contains("not a readable WordPress export"), "{err}");
    assert_eq!(app.app.store.count_articles().await.unwrap(), 1);
}
