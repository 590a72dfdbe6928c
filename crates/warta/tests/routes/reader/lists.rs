//! Home, sections, tags, authors, Terkini, Terpopuler, the day archive,
//! search and the error page.

use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;

fn titles_in_order(html: &str, titles: &[&str]) -> bool {
    let positions: Vec<usize> = titles.iter().filter_map(|t| html.find(t)).collect();
    positions.len() == titles.len() && positions.windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn section_pages_are_newest_first_and_paginated() {
    let app = TestApp::start().await;
    let articles: Vec<_> = (1..=25)
        .map(|i| {
            ArticleBuilder::new(&format!("b{i}"), &format!("Berita Bola Nomor {i:02}"))
                .in_section("bola")
                .hours_ago(i)
        })
        .chain([ArticleBuilder::new("n1", "Berita Nasional Saja")])
        .collect();
    app.add(&articles).await;
    let (status, first) = app.page("/bola").await;
    assert_eq!(status, 200);
    assert!(titles_in_order(
        &first,
        &[
            "Berita Bola Nomor 01",
            "Berita Bola Nomor 02",
            "Berita Bola Nomor 20"
        ]
    ));
    assert!(!first.contains("Berita Bola Nomor 21"));
    assert!(!first.contains("Berita Nasional Saja</a>\n      <p class=\"card-lede\">"));
    assert!(first.contains("href=\"/bola?halaman=2\""));
    let (_, second) = app.page("/bola?halaman=2").await;
    assert!(titles_in_order(
        &second,
        &["Berita Bola Nomor 21", "Berita Bola Nomor 25"]
    ));
    assert!(second.contains("rel=\"prev\" href=\"/bola\""));
    assert_eq!(app.get("/bola?halaman=3").await.status(), 404);
    assert_eq!(app.get("/bola?halaman=abc").await.status(), 400);
    assert_eq!(app.get("/tidak-ada-kanal").await.status(), 404);
}

#[tokio::test]
async fn tag_author_latest_and_popular_pages() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Banjir Jakarta Surut")
                .tags(&["Banjir"])
                .with("author", json!("Rina Wulandari"))
                .hours_ago(1),
            ArticleBuilder::new("b", "Banjir Bekasi Meluas")
                .tags(&["Banjir", "Bekasi"])
                .hours_ago(2),
            ArticleBuilder::new("c", "Harga Emas Naik")
                .with("author", json!("Rina Wulandari"))
                .hours_ago(3),
        ])
        .await;
    let (_, tag) = app.page("/tag/banjir").await;
    assert!(titles_in_order(
        &tag,
        &[
            "<h1>Banjir</h1>",
            "Banjir Jakarta Surut",
            "Banjir Bekasi Meluas"
        ]
    ));
    assert!(!tag.contains("Harga Emas Naik</a>\n      <p"));
    let (_, author) = app.page("/penulis/rina-wulandari").await;
    assert!(titles_in_order(
        &author,
        &[
            "<h1>Rina Wulandari</h1>",
            "Banjir Jakarta Surut",
            "Harga Emas Naik"
        ]
    ));
    assert_eq!(app.get("/tag/tidak-ada").await.status(), 404);
    assert_eq!(app.get("/penulis/tidak-ada").await.status(), 404);
    let (_, latest) = app.page("/terkini").await;
    assert!(titles_in_order(
        &latest,
        &[
            "<h1>Terkini</h1>",
            "Banjir Jakarta Surut",
            "Banjir Bekasi Meluas",
            "Harga Emas Naik"
        ]
    ));

    // Most read: views decide the order, not recency.
    for (id, views) in [(ids[2], 3), (ids[1], 2)] {
        let path = app.path_of(id).await;
        for _ in 0..views {
            app.get(&path).await;
        }
    }
    app.refresh().await;
    let (_, popular) = app.page("/terpopuler").await;
    let main = &popular[popular.find("<h1>").unwrap()..];
    assert!(titles_in_order(
        main,
        &["Harga Emas Naik", "Banjir Bekasi Meluas"]
    ));
}

#[tokio::test]
async fn the_day_archive_uses_the_portal_time_zone() {
    let app = TestApp::start().await;
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    app.add(&[
        // 23:30 WIB on the 7th and 00:30 WIB on the 8th.
        ArticleBuilder::new("a", "Malam Tanggal Tujuh").published(at("2024-12-07T16:30:00Z")),
        ArticleBuilder::new("b", "Dini Hari Tanggal Delapan").published(at("2024-12-07T17:30:00Z")),
    ])
    .await;
    let (status, day) = app.page("/indeks?tanggal=2024-12-07").await;
    assert_eq!(status, 200);
    assert!(day.contains("Indeks Berita 7 Desember 2024"));
    assert!(day.contains("Malam Tanggal Tujuh") && !day.contains("Dini Hari Tanggal Delapan"));
    assert!(day.contains("href=\"/indeks?tanggal=2024-12-08\""));
    let (_, next) = app.page("/indeks?tanggal=2024-12-08").await;
    assert!(next.contains("Dini Hari Tanggal Delapan"));
    assert_eq!(app.get("/indeks?tanggal=kemarin").await.status(), 400);
    assert_eq!(app.get("/indeks").await.status(), 200);
}

#[tokio::test]
async fn the_masthead_and_the_footer_list_the_sections_once_there_are_any() {
    let app = TestApp::start().await;
    let footer_menu = "aria-label=\"Kanal di kaki halaman\"";
    let (status, empty) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(empty.contains("<a href=\"/terkini\">Terkini</a>"));
    assert!(
        !empty.contains(footer_menu),
        "an empty menu is no landmark for a screen reader to announce"
    );
    app.add(&[ArticleBuilder::new("b1", "Berita Bola Pertama").in_section("bola")])
        .await;
    let (_, home) = app.page("/").await;
    let footer = &home[home.find("<footer").expect("a footer")..];
    assert!(footer.contains(footer_menu));
    assert!(footer.contains("<a href=\"/bola\">"));
    let masthead = &home[..home.find("</header>").expect("a masthead")];
    assert!(masthead.contains("<a href=\"/bola\">"));
}

#[tokio::test]
async fn unknown_urls_get_the_themed_404() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("a", "Berita Apa Saja")])
        .await;
    let (status, html) = app.page("/ini/tidak/ada").await;
    assert_eq!(status, 404);
    assert!(html.contains("Halaman tidak ditemukan"));
    assert!(html.contains("Kembali ke beranda"));
    assert!(
        html.contains("Berita Apa Saja"),
        "the 404 page offers the latest news"
    );
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
}

#[tokio::test]
async fn the_home_page_leads_with_the_headline_and_blocks_per_section() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Berita Nasional Terbaru").hours_ago(1),
            ArticleBuilder::new("b", "Kabar Bola Kemarin")
                .in_section("bola")
                .hours_ago(20),
            ArticleBuilder::new("c", "Pilihan Redaksi Hari Ini")
                .in_section("tekno")
                .hours_ago(30),
        ])
        .await;
    // Enough for each section to have a block below what Terkini shows
    // (a story appears once in the main column).
    let mut older = Vec::new();
    for n in 0..12 {
        older.push(
            ArticleBuilder::new(&format!("n{n}"), &format!("Arsip Nasional {n}")).hours_ago(40 + n),
        );
    }
    for (n, section) in ["bola", "tekno"].iter().enumerate() {
        older.push(
            ArticleBuilder::new(&format!("s{n}"), &format!("Arsip Kanal {section}"))
                .in_section(section)
                .hours_ago(100),
        );
    }
    app.add(&older).await;
    app.app.store.set_headline(Some(ids[1])).await.unwrap();
    app.app.store.set_picks(&[ids[2]]).await.unwrap();
    app.refresh().await;
    let (_, home) = app.page("/").await;
    assert!(titles_in_order(
        &home,
        &[
            "Berita Utama",
            "Kabar Bola Kemarin",
            "<h2><a href=\"/terkini\">Terkini</a></h2>",
            "Berita Nasional Terbaru"
        ]
    ));
    let picks = &home[home.find("<h2>Pilihan</h2>").unwrap()..];
    assert!(picks.contains("Pilihan Redaksi Hari Ini"));
    for section in [
        "<a href=\"/news\">News</a></h2>",
        "<a href=\"/bola\">Bola</a></h2>",
        "<a href=\"/tekno\">Tekno</a></h2>",
    ] {
        assert!(home.contains(section), "{section}");
    }
}

#[tokio::test]
async fn english_is_one_config_line_away() {
    let app = TestApp::start_with("[site]\nlocale = \"en\"\n[labels]\nlatest = \"Just in\"").await;
    let saturday = chrono::DateTime::parse_from_rfc3339("2024-12-07T07:30:00Z")
        .unwrap()
        .into();
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Banjir Rendam Jakarta Timur").published(saturday),
            ArticleBuilder::new("b", "Banjir Jakarta Timur Mulai Surut").hours_ago(1),
        ])
        .await;
    let (_, html) = app.page(&app.path_of(ids[0]).await).await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Saturday, 07 December 2024 | 14:30 WIB"));
    assert!(html.contains("<h2>Related news</h2>"));
    assert!(html.contains("Read also:</strong>"));
    assert!(html.contains("<h2>Just in</h2>"));
    assert!(!html.contains("Terpopuler"));
}

#[tokio::test]
async fn a_tag_or_byline_only_drafts_carry_is_not_there_for_readers() {
    // Found by the security review: /tag/NAME and /penulis/NAME of a
    // draft answered 200 with the stored name; an unknown one 404.
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("draf", "Rencana Liputan Rahasia")
            .tags(&["Operasi Senyap"])
            .with("author", json!("Wartawan Rahasia"))
            .with("status", json!("draft")),
        ArticleBuilder::new("terbit", "Berita Terbit")
            .tags(&["Banjir"])
            .with("author", json!("Rina Wartawan")),
    ])
    .await;
    for path in [
        "/tag/operasi-senyap",
        "/penulis/wartawan-rahasia",
        "/tag/tidak-ada",
        // Nor does a trailing slash tell, by a redirect, that it is there.
        "/tag/operasi-senyap/",
        "/penulis/wartawan-rahasia/",
    ] {
        let (status, page) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!page.contains("Operasi Senyap") && !page.contains("Wartawan Rahasia"));
    }
    for path in ["/tag/banjir", "/penulis/rina-wartawan"] {
        assert_eq!(app.page(path).await.0, 200, "{path}");
    }
}

#[tokio::test]
async fn a_date_the_archive_cannot_read_is_the_reader_s_mistake_with_the_picker_at_hand() {
    // Found by trying it: `/indeks?tanggal=kemarin` said the server had
    // failed.
    let app = TestApp::start().await;
    // Published today in Jakarta whatever the hour of the run (an hour
    // ago is yesterday there from midnight to one).
    let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&wib)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(wib)
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.add(&[ArticleBuilder::new("a", "Berita Hari Ini").published(today)])
        .await;
    let (status, page) = app.page("/indeks?tanggal=kemarin").await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Tanggal &quot;kemarin&quot; tidak bisa dibaca: pilih tanggal di bawah"),
        "{page}"
    );
    assert!(page.contains("<input type=\"date\" name=\"tanggal\""));
    assert!(page.contains("Berita Hari Ini"), "today's archive shown");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!page.contains("server"), "not the server's fault");
    // Any other request a reader gets wrong is not called the server's
    // fault either.
    let (status, page) = app.page("/cari?q=banjir&dari=kemarin").await;
    assert_eq!(status, 400);
    assert!(page.contains("Permintaan tidak bisa dipenuhi"), "{page}");
    assert!(!page.contains("kesalahan di server"));
}

#[tokio::test]
async fn the_home_page_shows_a_story_once_in_its_main_column() {
    // Found by reading the home page: one story five times (headline,
    // Terkini, Terpopuler, Pilihan, its section's block).
    let app = TestApp::start().await;
    let builders: Vec<ArticleBuilder> = (0..16)
        .map(|n| {
            ArticleBuilder::new(&format!("a{n}"), &format!("Berita Nomor {n}"))
                .in_section(if n % 2 == 0 { "news" } else { "bola" })
                .hours_ago(n + 1)
        })
        .collect();
    app.add(&builders).await;
    let (_, page) = app.page("/").await;
    let main = page
        .split("<aside class=\"sidebar\">")
        .next()
        .unwrap()
        .to_owned()
        + page.split("<div class=\"section-grid\">").nth(1).unwrap();
    let mut links: Vec<&str> = main
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .filter(|href| href.matches('/').count() == 6 && href.contains("/20"))
        .collect();
    let all = links.len();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), all, "a story twice in the main column");
    // Still a block per section, with what Terkini did not show.
    assert!(
        page.contains("Berita Nomor 15"),
        "the oldest, below Terkini"
    );
}

/// The site-wide blocks are made once for the pages of the same second
/// from the same lists: the time a card says still moves on.
#[tokio::test]
async fn terkini_says_how_long_ago_as_time_passes() {
    let app = TestApp::start_with("[lists]\nrefresh_ms = 60000\n[cache]\npages = 0\n").await;
    // Six seconds for the first reading to say "baru saja".
    let published =
        chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() - 54, 0).expect("a time");
    let ids = app
        .add(&[
            ArticleBuilder::new("baru", "Gempa Baru Saja Terjadi").published(published),
            ArticleBuilder::new("lama", "Harga Beras Turun").hours_ago(3),
        ])
        .await;
    let page = app.path_of(ids[1]).await;
    let said = |html: &str| -> String {
        let latest = &html[html.find("class=\"block latest\"").expect("Terkini")..];
        let card = &latest[latest
            .find("Gempa Baru Saja Terjadi")
            .expect("the new article")..];
        let time = &card[card.find("<time").unwrap()..card.find("</time>").unwrap()];
        time[time.find('>').unwrap() + 1..].to_owned()
    };
    let (status, before) = app.page(&page).await;
    assert_eq!(status, 200);
    assert_eq!(said(&before), "baru saja");
    let minute_on = published + chrono::Duration::seconds(61);
    if let Ok(wait) = (minute_on - chrono::Utc::now()).to_std() {
        tokio::time::sleep(wait).await;
    }
    let (_, after) = app.page(&page).await;
    assert_eq!(said(&after), "1 menit lalu");
}
