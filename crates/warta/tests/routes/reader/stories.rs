//! Kronologi: the articles of one developing story, placed by Warta as
//! they are published, on each article's page (in time order, the one
//! read marked) and on the story's own page, `/topik/{slug}`.

use crate::util::{ArticleBuilder, TestApp};
use chrono::{Duration, Utc};

/// The articles of an earthquake story over three days, of a KPK story,
/// and two that belong to neither.
pub fn quake_story() -> Vec<ArticleBuilder> {
    let start = Utc::now() - Duration::days(3);
    let quake = |id: &str, title: &str, hours: i64, body: &str| {
        ArticleBuilder::new(id, title)
            .in_section("nasional")
            .published(start + Duration::hours(hours))
            .body(body)
    };
    vec![
        quake(
            "gempa-1",
            "Gempa Cianjur: Magnitudo 5,6 Guncang Cugenang, Warga Berhamburan",
            0,
            "Gempa bumi bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, Senin siang. BMKG mencatat pusat gempa berada di darat dekat Cugenang pada kedalaman 10 kilometer.\n\nWarga Cianjur berhamburan keluar rumah. Rumah warga di Kecamatan Cugenang rusak berat akibat gempa, dan warga mengungsi.\n\nBPBD Cianjur dan BMKG meminta warga Cianjur mewaspadai gempa susulan.\n\nGempa bermagnitudo 5,6 mengguncang Kecamatan Cugenang, Kabupaten Cianjur, Jawa Barat, pada Senin siang. BPBD Cianjur mencatat ribuan rumah rusak berat dan ribuan warga mengungsi, sementara BMKG mencatat puluhan gempa susulan.",
        ),
        quake(
            "gempa-2",
            "Gempa Cianjur: Korban Bertambah, Ribuan Warga Cugenang Mengungsi",
            20,
            "Jumlah korban gempa magnitudo 5,6 di Kabupaten Cianjur bertambah. BPBD Cianjur mencatat ribuan warga mengungsi setelah gempa merusak rumah di Kecamatan Cugenang.\n\nTim SAR mencari warga yang tertimbun reruntuhan rumah akibat gempa Cianjur di Cugenang.\n\nBMKG mencatat puluhan gempa susulan mengguncang Cianjur sejak Senin.\n\nGempa bermagnitudo 5,6 mengguncang Kecamatan Cugenang, Kabupaten Cianjur, Jawa Barat, pada Senin siang. BPBD Cianjur mencatat ribuan rumah rusak berat dan ribuan warga mengungsi, sementara BMKG mencatat puluhan gempa susulan.",
        ),
        quake(
            "gempa-3",
            "Gempa Cianjur: Presiden Tinjau Pengungsi di Cugenang",
            44,
            "Presiden meninjau pengungsi korban gempa magnitudo 5,6 di Kecamatan Cugenang, Kabupaten Cianjur. Presiden meminta bantuan bagi warga yang rumahnya rusak akibat gempa segera disalurkan.\n\nBPBD Cianjur mencatat ribuan rumah warga di Cugenang rusak berat dan ribuan warga masih mengungsi karena gempa susulan.\n\nBMKG meminta warga Cianjur mewaspadai gempa susulan.\n\nGempa bermagnitudo 5,6 mengguncang Kecamatan Cugenang, Kabupaten Cianjur, Jawa Barat, pada Senin siang. BPBD Cianjur mencatat ribuan rumah rusak berat dan ribuan warga mengungsi, sementara BMKG mencatat puluhan gempa susulan.",
        ),
        ArticleBuilder::new("kpk-1", "KPK Tetapkan Bupati Sebagai Tersangka Suap Proyek Jalan")
            .in_section("nasional")
            .published(start + Duration::hours(10))
            .body("Komisi Pemberantasan Korupsi (KPK) menetapkan bupati sebagai tersangka kasus suap proyek jalan. KPK menyita uang suap ratusan juta rupiah dalam operasi tangkap tangan.\n\nJuru bicara KPK mengatakan bupati menerima suap dari kontraktor proyek jalan kabupaten.\n\nKPK menahan bupati dan kontraktor selama 20 hari pertama."),
        ArticleBuilder::new("kpk-2", "KPK Periksa Kontraktor Proyek Jalan dalam Kasus Suap Bupati")
            .in_section("nasional")
            .published(start + Duration::hours(30))
            .body("KPK memeriksa kontraktor proyek jalan sebagai saksi kasus suap bupati. Penyidik KPK mendalami aliran uang suap proyek jalan kabupaten.\n\nBupati ditetapkan KPK sebagai tersangka suap setelah operasi tangkap tangan.\n\nKPK juga menyita dokumen proyek jalan dari kantor dinas."),
        ArticleBuilder::new("beras", "Harga Beras Medium Turun di Pasar Induk")
            .in_section("bisnis")
            .published(start + Duration::hours(15))
            .body("Harga beras medium di pasar induk turun seiring panen raya. Pedagang beras menyebut pasokan gabah dari petani melimpah.\n\nHarga beras premium masih bertahan.\n\nPemerintah memantau harga beras di pasar."),
        ArticleBuilder::new("bola", "Timnas Menang 2-0 atas Vietnam di Kualifikasi")
            .in_section("bola")
            .published(start + Duration::hours(25))
            .body("Timnas Indonesia menang 2-0 atas Vietnam dalam laga kualifikasi. Dua gol timnas dicetak pada babak kedua.\n\nPelatih timnas memuji pemain muda.\n\nTimnas berikutnya menghadapi Filipina."),
    ]
}

/// The headlines of the page's Kronologi block in the order shown, and
/// the one marked as being read; `None` without a block.
pub fn kronologi(html: &str) -> Option<(Vec<String>, Option<String>)> {
    let block = html
        .split_once("<section class=\"block story\"")?
        .1
        .split("</section>")
        .next()?;
    let mut titles = Vec::new();
    let mut current = None;
    for item in block.split("<li").skip(1) {
        let title = item
            .split_once("class=\"title\"")
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(_, rest)| rest.split('<').next().unwrap_or("").trim().to_owned())
            .expect("an item has a headline");
        if item.contains("aria-current=\"page\"") {
            current = Some(title.clone());
        }
        titles.push(title);
    }
    Some((titles, current))
}

/// The story page's address, as the Kronologi block links it.
fn story_link(html: &str) -> String {
    let block = html.split_once("<section class=\"block story\"").unwrap().1;
    let href = block.split_once("href=\"/topik/").unwrap().1;
    format!("/topik/{}", href.split('"').next().unwrap())
}

#[tokio::test]
async fn a_developing_story_is_told_in_time_order_and_grows_as_it_unfolds() {
    let app = TestApp::start().await;
    let ids = app.add(&quake_story()).await;
    let quake = [
        "Gempa Cianjur: Magnitudo 5,6 Guncang Cugenang, Warga Berhamburan",
        "Gempa Cianjur: Korban Bertambah, Ribuan Warga Cugenang Mengungsi",
        "Gempa Cianjur: Presiden Tinjau Pengungsi di Cugenang",
    ];

    // The middle article: the story's three, oldest first, itself marked;
    // nothing of the KPK story or of the unrelated news.
    let (status, html) = app.page(&app.path_of(ids[1]).await).await;
    assert_eq!(status, 200);
    let (titles, current) = kronologi(&html).expect("a Kronologi block");
    assert_eq!(titles, quake, "{titles:?}");
    assert_eq!(current.as_deref(), Some(quake[1]));
    assert!(html.contains("3 artikel"), "the block says how many");
    let (_, html) = app.page(&app.path_of(ids[4]).await).await;
    let (titles, _) = kronologi(&html).expect("the KPK story has its own");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().all(|t| t.contains("KPK")), "{titles:?}");
    for alone in [ids[5], ids[6]] {
        let (_, html) = app.page(&app.path_of(alone).await).await;
        assert!(kronologi(&html).is_none(), "a story of one shows no block");
    }

    // A new article of the story, a day later, joins it: on its own page
    // and on the earlier ones (whose cached copies go stale).
    let (_, first) = app.page(&app.path_of(ids[0]).await).await;
    let topic = story_link(&first);
    let later = ArticleBuilder::new("gempa-4", "Gempa Cianjur: Gempa Susulan Guncang Cugenang, Pengungsi Bertahan di Tenda")
        .in_section("nasional")
        .published(Utc::now() - Duration::hours(2))
        .body("Gempa susulan kembali mengguncang Cianjur. BMKG mencatat gempa susulan bermagnitudo 4,2 berpusat di darat dekat Cugenang, Kabupaten Cianjur.\n\nRibuan warga Cianjur masih mengungsi di tenda karena rumah mereka di Kecamatan Cugenang rusak berat akibat gempa magnitudo 5,6.\n\nBPBD Cianjur meminta warga tetap waspada terhadap gempa susulan.\n\nGempa bermagnitudo 5,6 mengguncang Kecamatan Cugenang, Kabupaten Cianjur, Jawa Barat, pada Senin siang. BPBD Cianjur mencatat ribuan rumah rusak berat dan ribuan warga mengungsi, sementara BMKG mencatat puluhan gempa susulan.");
    let new = app.add(&[later]).await[0];
    let (_, html) = app.page(&app.path_of(new).await).await;
    let (titles, current) = kronologi(&html).expect("the newcomer is in the story");
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert_eq!(titles[..3], quake);
    assert_eq!(current.as_deref(), Some(titles[3].as_str()));
    let (_, html) = app.page(&app.path_of(ids[0]).await).await;
    assert_eq!(
        kronologi(&html).unwrap().0.len(),
        4,
        "the first article's block grew"
    );

    // The story's page: every article, newest first, with date and time.
    let (status, page) = app.page(&topic).await;
    assert_eq!(status, 200, "{topic}");
    let timeline = page
        .split_once("<ol class=\"timeline\">")
        .and_then(|(_, rest)| rest.split_once("</ol>"))
        .expect("a timeline")
        .0;
    let listed: Vec<usize> = titles
        .iter()
        .map(|t| {
            timeline
                .find(t.as_str())
                .unwrap_or_else(|| panic!("{t} on {topic}"))
        })
        .collect();
    assert!(
        listed.windows(2).all(|w| w[0] > w[1]),
        "newest first on {topic}"
    );
    assert_eq!(
        timeline.matches(" WIB</span>").count(),
        4,
        "each with its time"
    );
    assert!(
        page.contains("<h1>Gempa Cianjur: Magnitudo 5,6 Guncang Cugenang, Warga Berhamburan</h1>"),
        "named after the article that began it"
    );
    assert_eq!(app.page("/topik/tidak-ada").await.0, 404);
}

/// Makes the database refuse (or take again) every placement in a story,
/// as a failing disk or a lost connection would, on either backend.
async fn refuse_placements(app: &TestApp, refuse: bool) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let url = app.app.config.database_url.expose();
    let mut connection = sqlx::AnyConnection::connect(url).await.unwrap();
    let postgres = url.starts_with("postgres");
    let statements: &[&str] = match (postgres, refuse) {
        (false, true) => &[
            "CREATE TRIGGER refuse_placement BEFORE INSERT ON article_stories \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ],
        (false, false) => &["DROP TRIGGER refuse_placement"],
        (true, true) => &[
            "CREATE FUNCTION refuse_placement() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
            "CREATE TRIGGER refuse_placement BEFORE INSERT ON article_stories \
             FOR EACH ROW EXECUTE FUNCTION refuse_placement()",
        ],
        (true, false) => &["DROP TRIGGER refuse_placement ON article_stories"],
    };
    for statement in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(*statement))
            .execute(&mut connection)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_article_whose_placement_failed_is_placed_once_the_database_takes_it() {
    let story = quake_story();
    let app = TestApp::start().await;
    app.add(&story[..2]).await;
    refuse_placements(&app, true).await;
    let later = app
        .app
        .store
        .save_articles(&[story[2].draft()], Utc::now())
        .await
        .unwrap()[0]
        .id
        .expect("stored");
    app.jobs.refresh_related().await.unwrap();
    assert!(app.jobs.place_in_stories().await.is_err(), "refused");
    // Refused for longer than a round looks back (the rounds of a
    // serving process retry every second meanwhile).
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    assert!(app.jobs.place_in_stories().await.is_err(), "still refused");
    refuse_placements(&app, false).await;
    app.refresh().await;
    let unplaced = app
        .app
        .store
        .unplaced_articles(Utc::now(), None, 10)
        .await
        .unwrap();
    assert!(unplaced.is_empty(), "every article placed");
    let placed = app.app.store.story_of(later).await.unwrap();
    assert!(placed.is_some(), "the late article joined the quake story");
}
