//! `/cari`

use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn inflected_forms_find_the_article_with_marked_matches() {
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Oposisi Menguasai Damaskus")
            .body("Kelompok oposisi menguasai ibu kota.\n\nRezim runtuh.")
            .hours_ago(5),
        ArticleBuilder::new("b", "Harga Cabai Naik")
            .body("Pedagang di pasar mengeluh.\n\nCabai langka.")
            .hours_ago(1),
    ])
    .await;
    for query in ["kuasai", "dikuasai", "penguasaan"] {
        let (status, html) = app.page(&format!("/cari?q={query}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("<mark>Menguasai</mark> Damaskus"),
            "{query}: {html}"
        );
        assert!(
            !html.contains("Harga Cabai Naik</a>\n        <p class=\"snippet\">"),
            "{query}"
        );
        assert!(html.contains("1 hasil"));
    }
    let (_, phrase) = app.page("/cari?q=%22ibu+kota%22").await;
    assert!(
        phrase.contains("<mark>ibu</mark> <mark>kota</mark>"),
        "{phrase}"
    );
}

#[tokio::test]
async fn filters_pages_and_the_page_for_nothing_found() {
    let app = TestApp::start().await;
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let mut articles: Vec<_> = (1..=25)
        .map(|i| {
            ArticleBuilder::new(&format!("b{i}"), &format!("Timnas Bertanding Lagi {i}"))
                .in_section("bola")
                .hours_ago(i)
        })
        .collect();
    articles.push(
        ArticleBuilder::new("n", "Timnas Disambut Presiden").published(at("2024-12-07T05:00:00Z")),
    );
    app.add(&articles).await;
    let (_, all) = app.page("/cari?q=timnas").await;
    assert!(all.contains("26 hasil"));
    assert!(all.contains("href=\"/cari?q=timnas&amp;halaman=2\""));
    let (_, second) = app.page("/cari?q=timnas&halaman=2").await;
    assert_eq!(second.matches("class=\"snippet\"").count(), 6);
    let (_, news) = app.page("/cari?q=timnas&kanal=news").await;
    assert!(news.contains("1 hasil") && news.contains("Disambut Presiden"));
    let (_, day) = app
        .page("/cari?q=timnas&dari=2024-12-07&sampai=2024-12-07")
        .await;
    assert!(
        day.contains("1 hasil") && day.contains("Disambut Presiden"),
        "{day}"
    );
    assert_eq!(app.get("/cari?q=timnas&dari=kemarin").await.status(), 400);
    let (status, none) = app.page("/cari?q=zzzzqqq").await;
    assert_eq!(status, 200);
    assert!(none.contains("Tidak ada berita yang cocok") && none.contains("Periksa ejaan"));
    let (status, syntax) = app.page("/cari?q=title%3A%5Ba+TO+%28").await;
    assert_eq!(status, 200, "query syntax is never an error: {syntax}");
}

#[tokio::test]
async fn unpublished_articles_leave_the_results_and_hostile_text_stays_text() {
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Skandal <script>alert(1)</script> Korupsi")
            .body("Korupsi <b>besar</b> terungkap."),
        ArticleBuilder::new("d", "Korupsi Dalam Draf").with("status", json!("draft")),
    ])
    .await;
    let (_, html) = app.page("/cari?q=korupsi").await;
    assert!(html.contains("1 hasil"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("Korupsi Dalam Draf"));
    app.add(&[ArticleBuilder::new("a", "Skandal Korupsi").with("status", json!("unpublished"))])
        .await;
    let (_, after) = app.page("/cari?q=korupsi").await;
    assert!(after.contains("Tidak ada berita yang cocok"), "{after}");
}

#[tokio::test]
async fn the_index_catches_up_after_a_restart_and_rebuilds_when_damaged() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("a", "Gempa Guncang Sulawesi")])
        .await;
    let dir = app.stop().await;
    // Imported while no server ran.
    let file = dir.path().join("baru.jsonl");
    std::fs::write(
        &file,
        ArticleBuilder::new("b", "Gempa Susulan Terasa").line(),
    )
    .unwrap();
    let output = crate::util::warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(output.status.success());
    let app = TestApp::start_in(dir, "").await;
    app.refresh().await;
    let (_, html) = app.page("/cari?q=gempa").await;
    assert!(html.contains("2 hasil"), "{html}");
    let dir = app.stop().await;

    // A damaged index is rebuilt from the database at start.
    std::fs::write(dir.path().join("search/meta.json"), "{ rusak").unwrap();
    let app = TestApp::start_in(dir, "").await;
    app.refresh().await;
    assert!(app.page("/cari?q=gempa").await.1.contains("2 hasil"));
    let dir = app.stop().await;

    // `warta reindex` rebuilds it too.
    let output = crate::util::warta_command(dir.path(), &["reindex"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("Search index rebuilt: 2 articles"));
}

#[tokio::test]
async fn the_api_searches_as_the_page_does_and_errs_in_json() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Oposisi Menguasai Damaskus").in_section("internasional")])
        .await;
    let response = app.get("/api/v1/search?q=dikuasai").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["total"], 1);
    assert_eq!(body["results"][0]["id"], ids[0].0);
    assert_eq!(body["results"][0]["section"], "internasional");
    assert_eq!(
        body["results"][0]["url"],
        format!("{}{}", app.base, app.path_of(ids[0]).await)
    );
    assert!(
        body["results"][0]["title_html"]
            .as_str()
            .unwrap()
            .contains("<mark>Menguasai</mark>")
    );
    let bad = app.get("/api/v1/search?q=x&dari=kemarin").await;
    assert_eq!(bad.status(), 400);
    let error: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(error["error"]["code"], "bad_request");
    assert!(error["error"]["message"].as_str().unwrap().contains("dari"));
    let past = app.get("/api/v1/search?q=damaskus&halaman=9").await;
    assert_eq!(past.status(), 404);
    assert_eq!(
        past.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
}

#[tokio::test]
async fn a_pasted_paragraph_is_read_past_its_first_sentence() {
    let app = TestApp::start().await;
    // Two reports open with the same wire sentence; only the words that
    // follow it (past the first 200 characters) tell them apart.
    let shared = "Badan Meteorologi, Klimatologi, dan Geofisika mencatat gempa bermagnitudo \
                  5,6 mengguncang Kabupaten Cianjur pada Senin siang dan terasa hingga \
                  Sukabumi, Bogor, serta sebagian wilayah Jakarta.";
    let own = "Relawan mendirikan dapur umum di halaman masjid agung, sementara tim SAR \
               menyisir reruntuhan pesantren di Kecamatan Cugenang hingga larut malam.";
    let ids = app
        .add(&[
            ArticleBuilder::new("wire", "Gempa Guncang Cianjur")
                .body(shared)
                .hours_ago(1),
            ArticleBuilder::new("report", "Dapur Umum Berdiri di Cugenang")
                .body(&format!("{shared}\n\n{own}\n\nBantuan terus berdatangan."))
                .hours_ago(3),
        ])
        .await;
    let pasted = format!("{shared} {own}");
    assert!(pasted.chars().count() > 250 && pasted.chars().count() < 500);
    let search = |q: &str| {
        let url =
            reqwest::Url::parse_with_params(&format!("{}/api/v1/search", app.base), [("q", q)]);
        app.http.get(url.unwrap()).send()
    };
    let found: serde_json::Value = search(&pasted).await.unwrap().json().await.unwrap();
    assert_eq!(found["results"][0]["id"], ids[1].0, "{found}");
    assert_eq!(found["total"], 2);
    // A query longer than the bound is cut, not refused.
    let long = pasted.repeat(4);
    assert_eq!(search(&long).await.unwrap().status(), 200);
    // A passage quoting a remark is still a passage: the same article
    // first. On the page the heading echoes its start, not all of it.
    let quoted = format!("{shared} \"{own}\"");
    let found: serde_json::Value = search(&quoted).await.unwrap().json().await.unwrap();
    assert_eq!(found["results"][0]["id"], ids[1].0, "{found}");
    let url = reqwest::Url::parse_with_params(&format!("{}/cari", app.base), [("q", &quoted)]);
    let html = app.http.get(url.unwrap()).send().await.unwrap();
    let html = html.text().await.unwrap();
    let heading = html
        .split("<h1>")
        .nth(1)
        .and_then(|h| h.split("</h1>").next());
    let heading = heading.expect("a heading");
    assert!(heading.ends_with("…”"), "{heading}");
    assert!(heading.chars().count() < 120, "{heading}");
    let typed = html.split("name=\"q\" value=\"").nth(1);
    let typed = typed
        .and_then(|v| v.split('"').next())
        .expect("the search box");
    assert!(
        typed.ends_with("larut malam.&quot;"),
        "the box keeps it all: {typed}"
    );
}

#[tokio::test]
async fn a_mistyped_word_is_answered_with_what_the_reader_meant() {
    let app = TestApp::start().await;
    let mut builders: Vec<ArticleBuilder> = (0..6)
        .map(|n| {
            ArticleBuilder::new(
                &format!("j{n}"),
                &format!("Jokowi Tinjau Korban Gempa Bumi Hari Ke-{n}"),
            )
            .body("Presiden Jokowi meninjau lokasi gempa bumi.\n\nWarga mengungsi.")
            .hours_ago(n + 1)
        })
        .collect();
    builders.push(ArticleBuilder::new("x", "Harga Cabai Naik").body("Cabai langka di pasar."));
    app.add(&builders).await;

    // Nothing as typed: the results are for the correction, said so, with
    // a way back to the words as typed.
    let (status, html) = app.page("/cari?q=jokowy").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            "Menampilkan hasil untuk <a href=\"/cari?q=jokowi\"><strong>jokowi</strong></a>"
        ),
        "{html}"
    );
    assert!(html.contains("6 hasil"), "{html}");
    assert!(
        html.contains("href=\"/cari?q=jokowy&amp;persis=1\""),
        "{html}"
    );
    let (_, typed) = app.page("/cari?q=jokowy&persis=1").await;
    assert!(typed.contains("Tidak ada berita yang cocok"), "{typed}");
    assert!(typed.contains("Mungkin maksud Anda:"), "{typed}");

    // Results as typed, but a word looks mistyped: the suggestion only.
    let (_, html) = app.page("/cari?q=gempa+bumu").await;
    assert!(
        html.contains(
            "Mungkin maksud Anda: <a href=\"/cari?q=gempa+bumi\"><strong>gempa bumi</strong></a>"
        ),
        "{html}"
    );
    // Words the site uses: nothing to suggest.
    let (_, html) = app.page("/cari?q=gempa+bumi").await;
    assert!(!html.contains("class=\"suggestion\""), "{html}");

    // The API suggests, and answers for the words as given.
    let response = app.get("/api/v1/search?q=jokowy").await;
    let found: serde_json::Value = response.json().await.unwrap();
    assert_eq!(found["suggestion"], json!("jokowi"));
    assert_eq!(found["total"], json!(0));
    let found: serde_json::Value = app
        .get("/api/v1/search?q=jokowi")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["suggestion"], json!(null));
}

#[tokio::test]
async fn the_newsroom_s_abbreviations_find_the_other_form() {
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Satelit Pemantau Hutan Diluncurkan").body(
            "Badan Riset dan Inovasi Nasional meluncurkan satelit itu.\n\nSatelit memantau hutan.",
        ),
        ArticleBuilder::new("b", "Harga Cabai Naik").body("Cabai langka di pasar."),
    ])
    .await;
    let found = |html: &str| {
        html.split_once("<ul class=\"cards results\">")
            .is_some_and(|(_, results)| results.split("</ul>").next().unwrap().contains("Satelit"))
    };
    assert!(!found(&app.page("/cari?q=brin").await.1), "not known yet");

    let author = app.staff("penulis@redaksi.id", Role::Author).await;
    assert_eq!(author.get("/redaksi/singkatan").await.0, 403);
    let editor = app.staff("editor@redaksi.id", Role::Editor).await;
    let response = editor
        .post(
            "/redaksi/singkatan",
            &[
                ("aksi", "tambah"),
                ("singkatan", "BRIN"),
                ("kepanjangan", "Badan Riset dan Inovasi Nasional"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    app.refresh().await;
    let (_, page) = app.page("/cari?q=brin").await;
    assert!(found(&page), "{page}");
    assert!(
        editor
            .get("/redaksi/singkatan")
            .await
            .1
            .contains("Badan Riset dan Inovasi Nasional")
    );

    // Mistakes are answered in Indonesian and keep what was typed.
    let response = editor
        .post(
            "/redaksi/singkatan",
            &[
                ("aksi", "tambah"),
                ("singkatan", "B S"),
                ("kepanjangan", "Badan Sandi"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Singkatan ditulis satu kata") && page.contains("value=\"Badan Sandi\""));
    let response = editor
        .post(
            "/redaksi/singkatan",
            &[
                ("aksi", "tambah"),
                ("singkatan", "BS"),
                ("kepanjangan", "Badan"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);

    // Taken out: search forgets it.
    editor
        .post(
            "/redaksi/singkatan",
            &[("aksi", "hapus"), ("singkatan", "BRIN")],
        )
        .await;
    app.refresh().await;
    assert!(!found(&app.page("/cari?q=brin").await.1));
}

/// The headlines and topics `/cari/saran` offers for `typed`.
async fn offered(app: &TestApp, typed: &str) -> (Vec<String>, Vec<(String, String)>) {
    let encoded: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
    let (status, body) = app.page(&format!("/cari/saran?q={encoded}")).await;
    assert_eq!(status, 200, "{typed}: {body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let texts = |list: &str| -> Vec<(String, String)> {
        answer[list]
            .as_array()
            .expect("a list")
            .iter()
            .map(|s| {
                (
                    s["text"].as_str().unwrap().to_owned(),
                    s["url"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let headlines = texts("headlines")
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    (headlines, texts("topics"))
}

#[tokio::test]
async fn the_search_box_offers_topics_and_headlines_as_the_reader_types() {
    let app = TestApp::start().await;
    let ids = app
        .add(&crate::routes::reader::stories::quake_story())
        .await;

    // A word finished and one begun: the story's headlines, and the story.
    let (headlines, topics) = offered(&app, "gempa cian").await;
    assert_eq!(headlines.len(), 3, "{headlines:?}");
    assert!(
        headlines.iter().all(|h| h.starts_with("Gempa Cianjur")),
        "{headlines:?}"
    );
    assert_eq!(topics.len(), 1, "{topics:?}");
    assert!(topics[0].0.starts_with("Gempa Cianjur"), "{topics:?}");
    let (status, page) = app.page(&topics[0].1).await;
    assert_eq!(status, 200, "the topic's address leads to its page");
    assert!(page.contains("Presiden Tinjau Pengungsi"));

    // Each headline leads to its article.
    let (_, answer) = app.page("/cari/saran?q=presiden%20tin").await;
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        answer["headlines"][0]["url"].as_str(),
        Some(app.path_of(ids[2]).await.as_str())
    );

    // The unfinished word is the beginning of a headline's word, in any
    // of the finished words' forms; nothing of other stories.
    let (headlines, topics) = offered(&app, "tetapkan tersa").await;
    assert_eq!(
        headlines,
        ["KPK Tetapkan Bupati Sebagai Tersangka Suap Proyek Jalan"]
    );
    assert_eq!(topics.len(), 1, "the KPK story, named after it: {topics:?}");
    assert!(topics[0].0.starts_with("KPK Tetapkan"), "{topics:?}");
    let (headlines, _) = offered(&app, "harga ").await;
    assert_eq!(headlines, ["Harga Beras Medium Turun di Pasar Induk"]);

    // Too little, or nothing there: nothing offered, never an error.
    // "enang" is inside "Cugenang", at the beginning of no word.
    for typed in ["g", "", "   ", "zzzq", "enang", "gempa xyzw", "%_\\'\""] {
        let (headlines, topics) = offered(&app, typed).await;
        assert!(headlines.is_empty() && topics.is_empty(), "{typed:?}");
    }

    // An article taken down is offered no more.
    app.add(&[crate::routes::reader::stories::quake_story()[2]
        .clone()
        .with("status", json!("unpublished"))])
        .await;
    let (headlines, _) = offered(&app, "gempa cian").await;
    assert_eq!(headlines.len(), 2, "{headlines:?}");
}
