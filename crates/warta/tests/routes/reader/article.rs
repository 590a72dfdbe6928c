//! `/{section}/{yyyy}/{mm}/{dd}/{id}/{slug}`

use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;

/// Positions of `needles` in `haystack`, panicking if one is missing.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} not on the page"))
        })
        .collect()
}

#[tokio::test]
async fn the_article_page_carries_every_block_in_order() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Oposisi Suriah Kuasai Damaskus")
                .in_section("internasional")
                .body("Suara.com - Oposisi Suriah menguasai Damaskus.\n\nRezim Assad runtuh.\n\nWarga Damaskus turun ke jalan.\n\nParagraf penutup.")
                .with("source", json!("Suara.com"))
                .with("author", json!("Fulan Wartawan"))
                .tags(&["Suriah"]),
            ArticleBuilder::new("b", "Rezim Assad Runtuh di Damaskus").in_section("internasional").hours_ago(2),
            ArticleBuilder::new("c", "Harga Cabai Naik").in_section("bisnis").hours_ago(3),
        ])
        .await;
    app.app.store.set_picks(&[ids[2]]).await.unwrap();
    app.get(&app.path_of(ids[2]).await).await;
    app.refresh().await;

    let (status, html) = app.page(&app.path_of(ids[0]).await).await;
    assert_eq!(status, 200);
    let order = positions(
        &html,
        &[
            "<h1 class=\"headline\">Oposisi Suriah Kuasai Damaskus</h1>",
            "Oleh <a href=\"/penulis/fulan-wartawan\"",
            " WIB</time>",
            "<strong class=\"outlet\">Suara.com</strong> - Oposisi Suriah menguasai Damaskus.",
            "Baca Juga:</strong> <a href=\"/internasional/",
            "<h2>Berita Terkait</h2>",
            "<h2>Terpopuler</h2>",
            "<h2>Pilihan</h2>",
            "<h2>Terkini</h2>",
        ],
    );
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "blocks out of order");
    // The body text no longer repeats the prefix it was imported with.
    assert!(!html.contains("Suara.com - Oposisi"));
    // The related block never lists the article itself.
    let related = &html
        [html.find("<h2>Berita Terkait</h2>").unwrap()..html.find("<h2>Terpopuler</h2>").unwrap()];
    assert!(related.contains("Rezim Assad Runtuh di Damaskus"));
    assert!(!related.contains("Oposisi Suriah Kuasai Damaskus"));
}

#[tokio::test]
async fn search_engines_get_canonical_opengraph_and_news_article() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir </script> Jakarta")
            .with("lede", json!("Air setinggi 80 cm."))
            .with(
                "image",
                json!({"url": "/static/demo/kota.svg", "caption": "Banjir", "credit": "Warta"}),
            )])
        .await;
    let path = app.path_of(ids[0]).await;
    let (_, html) = app.page(&path).await;
    let canonical = format!("{}{path}", app.base);
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")));
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"{canonical}\">"
    )));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(html.contains(&format!(
        "<meta property=\"og:image\" content=\"{}/static/demo/kota.svg\">",
        app.base
    )));
    assert!(html.contains("<meta property=\"og:image:alt\" content=\"Banjir\">"));
    let graph = json_ld(&html);
    let data = &graph[0];
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["headline"], "Banjir </script> Jakarta");
    assert_eq!(data["mainEntityOfPage"]["@id"], canonical);
    assert_eq!(data["description"], "Air setinggi 80 cm.");
}

/// The JSON-LD of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[tokio::test]
async fn every_preview_has_a_large_picture_a_logo_a_trail_and_one_author() {
    // Before: no picture at all for an article without one, no
    // max-image-preview, no size or alt on og:image, a 64 px SVG as the
    // publisher's logo, no breadcrumbs, and JSON-LD naming "Warta" where
    // the page said "Redaksi".
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Tanpa Gambar dan Penulis")])
        .await;
    let path = app.path_of(ids[0]).await;
    let (_, html) = app.page(&path).await;
    assert!(html.contains("<meta name=\"robots\" content=\"max-image-preview:large\">"));
    let image = html
        .split("<meta property=\"og:image\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an og:image")
        .to_owned();
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(html.contains("<meta property=\"og:image:height\" content=\"630\">"));
    assert!(html.contains("<meta property=\"og:image:alt\" content=\"Warta\">"));
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let served = |url: String| {
        let app = &app;
        async move {
            let response = app.get(url.trim_start_matches(&app.base)).await;
            assert_eq!(response.status(), 200, "{url}");
            assert_eq!(response.headers()["content-type"], "image/png");
            let bytes = response.bytes().await.unwrap();
            let picture = image::load_from_memory(&bytes).unwrap();
            (picture.width(), picture.height())
        }
    };
    assert_eq!(served(image.clone()).await, (1200, 630));
    let graph = json_ld(&html);
    let article = &graph[0];
    assert_eq!(article["image"][0]["url"], image.as_str());
    assert_eq!(article["image"][0]["width"], 1200);
    let logo = article["publisher"]["logo"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let (width, height) = served(logo).await;
    assert!(width >= 112 && height >= 112, "{width}x{height}");
    // One name for the byline everywhere.
    assert!(html.contains("Oleh Redaksi Warta</p>"), "the byline");
    assert_eq!(article["author"][0]["name"], "Redaksi Warta");
    // Home › section › article.
    let trail = &graph[1];
    assert_eq!(trail["@type"], "BreadcrumbList");
    let names: Vec<&str> = trail["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Beranda", "News", "Tanpa Gambar dan Penulis"]);
    assert_eq!(
        trail["itemListElement"][2]["item"],
        format!("{}{path}", app.base)
    );
    // Pages other than articles show the site's picture too.
    let (_, home) = app.page("/").await;
    assert!(home.contains(&format!("<meta property=\"og:image\" content=\"{image}\">")));
}

#[tokio::test]
async fn addresses_readers_mangle_lead_to_the_page_in_one_hop() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Judul Lama")
            .tags(&["Banjir Jakarta"])
            .with("author", json!("Rina Wulandari"))])
        .await;
    let old_path = app.path_of(ids[0]).await;
    app.add(&[ArticleBuilder::new("a", "Judul Baru")
        .tags(&["Banjir Jakarta"])
        .with("author", json!("Rina Wulandari"))])
        .await;
    let path = app.path_of(ids[0]).await;
    assert!(path.ends_with("/judul-baru"));
    assert_eq!(app.page(&path).await.0, 200);
    let (_, page) = app.page(&path).await;
    let byline = page
        .split("href=\"/penulis/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a byline link")
        .to_owned();
    let cut = &path[..path.len() - 5];
    let number = path.rsplit_once('/').unwrap().0;
    // Each leads to the canonical address in one hop: a former slug, a
    // right slug under a wrong section, a slug cut short by a chat app, a
    // mistyped one, none at all, a trailing slash; a section, a tag or a
    // byline in capitals or with a slash (the page number kept).
    for (mangled, to) in [
        (old_path.clone(), path.clone()),
        (path.replacen("/news/", "/bola/", 1), path.clone()),
        (cut.to_owned(), path.clone()),
        (path.replace("judul-baru", "judul-bartu"), path.clone()),
        (number.to_owned(), path.clone()),
        (format!("{number}/"), path.clone()),
        (format!("{path}/"), path.clone()),
        ("/NEWS".to_owned(), "/news".to_owned()),
        ("/news/".to_owned(), "/news".to_owned()),
        ("/News/?halaman=1".to_owned(), "/news?halaman=1".to_owned()),
        (
            "/tag/Banjir-Jakarta".to_owned(),
            "/tag/banjir-jakarta".to_owned(),
        ),
        (
            "/tag/banjir-jakarta/".to_owned(),
            "/tag/banjir-jakarta".to_owned(),
        ),
        (
            format!("/penulis/{}", byline.to_uppercase()),
            format!("/penulis/{byline}"),
        ),
        ("/terkini/".to_owned(), "/terkini".to_owned()),
    ] {
        let response = app.get(&mangled).await;
        assert_eq!(response.status(), 301, "{mangled}");
        assert_eq!(response.headers()["location"], to.as_str(), "{mangled}");
        assert_eq!(app.get(&to).await.status(), 200, "{mangled} leads to {to}");
    }
    // What was never a page stays 404, and a page past every end is one.
    for missing in [
        "/news/2024/01/01/999999/apa-saja",
        "/news/2024/01/01/999999",
        "/news/2024/01/01/bukan-angka/apa-saja",
        "/kanal-tidak-ada",
        "/news?halaman=999999",
        "/news?halaman=0",
        "/terkini?halaman=50",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
    assert_eq!(app.get("/news?halaman=dua").await.status(), 400);
    // An error page names no address of its own and is not indexed.
    let (_, error) = app.page("/kanal-tidak-ada").await;
    assert!(!error.contains("rel=\"canonical\"") && !error.contains("og:url"));
    assert!(error.contains("<meta name=\"robots\" content=\"noindex\">"));
}

#[tokio::test]
async fn unpublished_and_future_articles_stay_hidden() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("draft", "Masih Draf").with("status", json!("draft")),
            ArticleBuilder::new("later", "Terbit Besok")
                .published(chrono::Utc::now() + chrono::Duration::days(1)),
            ArticleBuilder::new("live", "Sudah Terbit"),
        ])
        .await;
    for id in &ids[..2] {
        assert_eq!(app.get(&app.path_of(*id).await).await.status(), 404);
    }
    let (_, home) = app.page("/").await;
    assert!(home.contains("Sudah Terbit"));
    assert!(!home.contains("Masih Draf") && !home.contains("Terbit Besok"));
}

#[tokio::test]
async fn an_unpublished_article_leaves_berita_terkait() {
    let app = TestApp::start().await;
    let story = "Banjir merendam ratusan rumah di bantaran Sungai Ciliwung, Jakarta Timur. Warga mengungsi ke masjid dan sekolah.";
    let articles = |status: &str| {
        vec![
            ArticleBuilder::new("a", "Banjir Rendam Bantaran Ciliwung").body(story),
            ArticleBuilder::new("b", "Warga Ciliwung Mengungsi ke Masjid").body(
                "Ratusan warga bantaran Sungai Ciliwung mengungsi ke masjid setelah banjir merendam rumah mereka di Jakarta Timur.",
            ),
            ArticleBuilder::new("c", "Banjir Ciliwung Belum Surut")
                .body("Banjir di bantaran Sungai Ciliwung, Jakarta Timur, belum surut; warga masih mengungsi di sekolah.")
                .with("status", json!(status)),
        ]
    };
    let ids = app.add(&articles("published")).await;
    let path = app.path_of(ids[0]).await;
    let (_, before) = app.page(&path).await;
    let related = |html: &str| {
        let block = html.split("block related").nth(1).unwrap_or("");
        block.split("</section>").next().unwrap_or("").to_owned()
    };
    assert!(
        related(&before).contains("Warga Ciliwung Mengungsi"),
        "{before}"
    );
    assert!(
        related(&before).contains("Banjir Ciliwung Belum Surut"),
        "{before}"
    );
    assert!(
        !related(&before).contains("Banjir Rendam Bantaran"),
        "never itself"
    );

    // Taken down (the import updates by the source's id).
    app.add(&articles("unpublished")[2..]).await;
    let (_, after) = app.page(&path).await;
    assert!(
        related(&after).contains("Warga Ciliwung Mengungsi"),
        "{after}"
    );
    assert!(!after.contains("Banjir Ciliwung Belum Surut"), "{after}");
}

#[tokio::test]
async fn hostile_markup_never_reaches_the_page_as_markup() {
    let app = TestApp::start().await;
    let ids = app
        .add(
            &[ArticleBuilder::new("x", "<script>alert('judul')</script>")
                .body("<img src=x onerror=alert(1)>\n\n<script>alert(2)</script>")
                .with("lede", json!("<b onmouseover=alert(3)>lede</b>"))
                .tags(&["<i>tag</i>"])],
        )
        .await;
    let (status, html) = app.page(&app.path_of(ids[0]).await).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"), "script tag in page");
    assert!(!html.contains("<img src=x"), "img injected");
    assert!(!html.contains("<b onmouseover"), "lede injected");
    assert!(html.contains("&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt;"));
}

#[tokio::test]
async fn readers_are_counted_bots_are_not_and_nothing_is_lost_on_shutdown() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Dibaca Banyak Orang")])
        .await;
    let url = format!("{}{}", app.base, app.path_of(ids[0]).await);
    for _ in 0..3 {
        app.get(&app.path_of(ids[0]).await).await;
    }
    for agent in [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "",
    ] {
        let bot = crate::util::http_client()
            .build()
            .unwrap()
            .get(&url)
            .header("user-agent", agent)
            .send()
            .await
            .unwrap();
        assert_eq!(bot.status(), 200);
    }
    let prefetch = app
        .http
        .get(&url)
        .header("sec-purpose", "prefetch")
        .send()
        .await
        .unwrap();
    assert_eq!(prefetch.status(), 200);
    // Counted in memory; the batch written every few seconds may have run
    // meanwhile on a slow machine, so both places are added up.
    let stored = app.app.store.total_views(ids[0]).await.unwrap();
    assert_eq!(
        app.app.views.pending() as i64 + stored,
        3,
        "only the three readers count"
    );

    // A graceful shutdown writes what was counted; a restart sees it.
    let store = app.app.store.clone();
    let dir = app.stop().await;
    drop(store);
    let again = TestApp::start_in(dir, "").await;
    assert_eq!(again.app.store.total_views(ids[0]).await.unwrap(), 3);
    let (_, popular) = again.page("/terpopuler").await;
    assert!(popular.contains("Dibaca Banyak Orang"));
}

#[tokio::test]
async fn berita_terkait_survives_a_restart_and_catches_up_on_what_changed_meanwhile() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Oposisi Suriah Kuasai Damaskus")
                .body("Pasukan oposisi Suriah menguasai Damaskus. Rezim Assad runtuh."),
            ArticleBuilder::new("b", "Rezim Assad Runtuh di Damaskus")
                .body("Rezim Assad runtuh setelah oposisi Suriah menguasai Damaskus."),
            ArticleBuilder::new("c", "Harga Cabai Naik").body("Harga cabai rawit naik tajam."),
        ])
        .await;
    let path = app.path_of(ids[0]).await;
    let dir = app.stop().await;
    assert!(
        dir.path().join("related.bin").is_file(),
        "saved at shutdown"
    );

    // While the server is down, another story's follow-up is imported.
    let file = dir.path().join("more.jsonl");
    let follow_up = ArticleBuilder::new("d", "Assad Mengungsi ke Moskow")
        .body("Assad mengungsi ke Moskow setelah oposisi Suriah menguasai Damaskus.");
    std::fs::write(&file, follow_up.line()).unwrap();
    let import = crate::util::warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(import.status.success());

    let again = TestApp::start_in(dir, "").await;
    let (status, html) = again.page(&path).await;
    assert_eq!(status, 200);
    let related = html.split("<h2>Berita Terkait</h2>").nth(1).unwrap();
    let related = related.split("<h2>").next().unwrap();
    assert!(
        related.contains("Rezim Assad Runtuh di Damaskus"),
        "{related}"
    );
    assert!(related.contains("Assad Mengungsi ke Moskow"), "{related}");
    // (The unrelated one may fill the rest of the block: the site has too
    // few articles for five of the story.)
}

/// The value of `series` in a scrape of `/metrics`.
async fn metric(app: &TestApp, series: &str) -> f64 {
    let scraped = app
        .scrape("pemantau-rahasia-sekali")
        .await
        .text()
        .await
        .unwrap();
    crate::util::metric_value(&scraped, series)
        .unwrap_or_else(|| panic!("{series} not in {scraped}"))
}

#[tokio::test]
async fn berita_terkait_is_worked_out_ahead_and_still_takes_in_what_is_new() {
    let config = "[server]\nmetrics_token = \"pemantau-rahasia-sekali\"";
    // An archive imported before the first start, which builds the
    // relatedness index over it and works its lists out in the background.
    let dir = tempfile::tempdir().unwrap();
    // (On PostgreSQL, its schema made first, for the import to find.)
    crate::util::database_for(dir.path()).await;
    let file = dir.path().join("arsip.jsonl");
    let archive = [
        ArticleBuilder::new("a", "Oposisi Suriah Kuasai Damaskus")
            .body("Pasukan oposisi Suriah menguasai Damaskus. Rezim Assad runtuh.")
            // Alone in its section: nothing fills its block but the
            // related articles.
            .in_section("dunia"),
        ArticleBuilder::new("b", "Rezim Assad Runtuh di Damaskus")
            .body("Rezim Assad runtuh setelah oposisi Suriah menguasai Damaskus."),
        ArticleBuilder::new("c", "Harga Cabai Naik").body("Harga cabai rawit naik tajam."),
    ];
    let lines: Vec<String> = archive.iter().map(ArticleBuilder::line).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let import = crate::util::warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(import.status.success());
    let app = TestApp::start_in(dir, config).await;
    crate::util::eventually("Berita Terkait worked out ahead", || async {
        metric(&app, "warta_related_articles_without_lists").await == 0.0
    })
    .await;
    let id = app.app.store.article_id_for_external("a").await.unwrap();
    let path = app.path_of(id).await;
    let related_on = |html: String| {
        let block = html.split("<h2>Berita Terkait</h2>").nth(1).unwrap();
        block.split("<h2>").next().unwrap().to_owned()
    };

    // Published since the build: a page adds it to the list.
    app.add(&[ArticleBuilder::new("d", "Assad Mengungsi ke Moskow")
        .body("Assad mengungsi ke Moskow setelah oposisi Suriah menguasai Damaskus.")])
        .await;
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    let related = related_on(html);
    assert!(
        related.contains("Rezim Assad Runtuh di Damaskus"),
        "{related}"
    );
    assert!(related.contains("Assad Mengungsi ke Moskow"), "{related}");
    assert!(!related.contains("Harga Cabai Naik"), "{related}");
    assert_eq!(metric(&app, "warta_related_answers_ahead_total").await, 1.0);
    assert_eq!(metric(&app, "warta_related_answers_whole_total").await, 0.0);

    // Saved at shutdown with the newcomer folded into the lists; the next
    // start works out the newcomer's own, and takes in the next one.
    let dir = app.stop().await;
    let again = TestApp::start_in(dir, config).await;
    crate::util::eventually("the newcomer's list worked out", || async {
        metric(&again, "warta_related_articles_without_lists").await == 0.0
    })
    .await;
    again
        .add(&[ArticleBuilder::new("e", "Assad Tiba di Moskow")
            .body("Assad tiba di Moskow setelah oposisi Suriah menguasai Damaskus.")])
        .await;
    let related = related_on(again.page(&path).await.1);
    for title in [
        "Rezim Assad Runtuh di Damaskus",
        "Assad Mengungsi ke Moskow",
        "Assad Tiba di Moskow",
    ] {
        assert!(related.contains(title), "{title}: {related}");
    }
    assert_eq!(
        metric(&again, "warta_related_answers_ahead_total").await,
        1.0
    );
    assert_eq!(
        metric(&again, "warta_related_answers_whole_total").await,
        0.0
    );
}

#[tokio::test]
async fn share_links_carry_the_canonical_address_and_no_script_of_others() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Gempa Guncang Garut")])
        .await;
    let path = app.path_of(ids[0]).await;
    let (_, html) = app.page(&path).await;
    let canonical = format!("{}{path}", app.base);
    let encoded: String = form_urlencoded::byte_serialize(canonical.as_bytes()).collect();
    let shares: Vec<&str> = html
        .split("<ul class=\"share\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap()
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(shares.len(), 4, "{shares:?}");
    for (share, host) in shares.iter().zip([
        "https://wa.me/",
        "https://www.facebook.com/",
        "https://x.com/",
        "https://t.me/",
    ]) {
        assert!(share.starts_with(host), "{share}");
        let decoded: String = share
            .split_once('?')
            .unwrap()
            .1
            .replace("&amp;", "&")
            .split('&')
            .flat_map(|pair| form_urlencoded::parse(pair.as_bytes()).map(|(_, v)| v.into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(decoded.contains(&canonical), "{share} ({encoded})");
    }
    // Nothing is loaded from those platforms: the page's scripts are ours.
    for script in html.split("<script src=\"").skip(1) {
        assert!(script.starts_with("/static/"), "{script}");
    }
}

#[tokio::test]
async fn berita_terkait_shows_five_while_the_site_has_five_others() {
    // Found by reading a page: four shown, the fifth under the similarity
    // minimum. Related ones first, then the same tags, then the section.
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Banjir Rendam Kampung Melayu")
                .body("Banjir merendam Kampung Melayu setinggi dua meter.")
                .tags(&["Banjir"])
                .hours_ago(1),
            ArticleBuilder::new("b", "Warga Kampung Melayu Mengungsi karena Banjir")
                .body("Warga Kampung Melayu mengungsi karena banjir dua meter.")
                .tags(&["Banjir"])
                .hours_ago(2),
            ArticleBuilder::new("c", "Harga Cabai Naik")
                .body("Harga cabai rawit naik di pasar induk.")
                .tags(&["Banjir"])
                .hours_ago(3),
            ArticleBuilder::new("d", "Timnas Menang Tipis")
                .body("Timnas menang satu kosong.")
                .hours_ago(4),
            ArticleBuilder::new("e", "Ponsel Lipat Makin Murah")
                .body("Ponsel lipat kini lebih murah.")
                .hours_ago(5),
            ArticleBuilder::new("f", "Kereta Cepat Tambah Jadwal")
                .body("Kereta cepat menambah jadwal akhir pekan.")
                .hours_ago(6),
        ])
        .await;
    let (_, html) = app.page(&app.path_of(ids[0]).await).await;
    let block = html
        .split("<h2>Berita Terkait</h2>")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let titles: Vec<&str> = block
        .split("class=\"title\" href=\"")
        .skip(1)
        .map(|rest| rest.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert!(!titles.contains(&"Banjir Rendam Kampung Melayu"));
    // The same story, and the same tag, are among them.
    assert!(titles.contains(&"Warga Kampung Melayu Mengungsi karena Banjir"));
    assert!(titles.contains(&"Harga Cabai Naik"), "{titles:?}");
}
