//! The article page's rough edges, checked as a browser renders them:
//! links in the body look like links (and show a ring when reached by
//! keyboard), the share links carry the page's canonical address, Baca
//! Juga never sits between a subheading and its paragraph nor first,
//! Berita Terkait lists five, and the home page's main column shows a
//! story once.

use crate::util::browser::{Browser, js};
use crate::util::{ArticleBuilder, TestApp};
use warta_core::{ArticleId, Role};

#[tokio::test]
async fn the_article_page_reads_right_in_a_browser() {
    let app = TestApp::start().await;
    let body = "Paragraf pembuka tentang banjir di Jakarta Timur.\n\n## Pengungsi\n\nRatusan warga mengungsi, kata [BPBD](https://bpbd.example.go.id/banjir).\n\nParagraf ketiga tentang pompa air.\n\n## Cuaca\n\nHujan masih turun hingga akhir pekan.\n\nParagraf penutup.";
    // Five other live articles, only one of them alike: the block still
    // lists five.
    let builders: Vec<ArticleBuilder> = [
        "Banjir Jakarta Timur Mulai Surut",
        "Harga Cabai Naik di Pasar Induk",
        "Timnas Menang Tipis",
        "Festival Kopi Aceh Dibuka",
        "Kereta Cepat Tambah Jadwal",
    ]
    .iter()
    .enumerate()
    .map(|(n, title)| ArticleBuilder::new(&format!("lain-{n}"), title).hours_ago(n as i64 + 2))
    .collect();
    app.add(&builders).await;
    // The article itself as a reporter writes it, in Markdown.
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    let draft = app
        .api_draft(&token, "Banjir Rendam Jakarta Timur", body)
        .await;
    app.api_publish(&token, &draft).await;
    app.refresh().await;
    let path = app.path_of(ArticleId(draft["id"].as_i64().unwrap())).await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    c.goto(&format!("{}{path}", app.base)).await.unwrap();

    // A link in the text: another colour than the text, underlined.
    let style = js(
        c,
        "const a = document.querySelector('.body p a[href*=bpbd]'); const p = a.closest('p'); \
         const sa = getComputedStyle(a), sp = getComputedStyle(p); \
         return [sa.color !== sp.color, sa.textDecorationLine.includes('underline')]",
    )
    .await;
    assert_eq!(style, serde_json::json!([true, true]));
    // Reached by keyboard, it shows a ring.
    let ring = js(
        c,
        "const a = document.querySelector('.body p a[href*=bpbd]'); a.focus(); \
         const s = getComputedStyle(a); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0",
    )
    .await;
    assert_eq!(ring, true);

    // Share links carry the canonical address.
    let canonical = js(
        c,
        "return document.querySelector('link[rel=canonical]').href",
    )
    .await;
    let canonical = canonical.as_str().unwrap().to_owned();
    let hrefs = js(
        c,
        "return [...document.querySelectorAll('ul.share a')].map(a => a.href)",
    )
    .await;
    let hrefs: Vec<String> = serde_json::from_value(hrefs).unwrap();
    assert_eq!(hrefs.len(), 4, "{hrefs:?}");
    for href in &hrefs {
        let carries = url::Url::parse(href)
            .unwrap()
            .query_pairs()
            .any(|(_, value)| value.contains(&canonical));
        assert!(carries, "{href} lacks {canonical}");
    }
    assert!(
        hrefs[0].starts_with("https://wa.me/"),
        "WhatsApp first: {hrefs:?}"
    );

    // Baca Juga: not first, not right after a subheading.
    let placement = js(
        c,
        "return [...document.querySelectorAll('.body .read-also')].map(r => { \
           const before = r.previousElementSibling; \
           return before ? before.tagName : 'NONE'; })",
    )
    .await;
    let placement: Vec<String> = serde_json::from_value(placement).unwrap();
    assert!(!placement.is_empty(), "a Baca Juga");
    for before in &placement {
        assert!(before == "P", "Baca Juga after {before}: {placement:?}");
    }

    // Berita Terkait: five.
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('.block.related li').length"
        )
        .await,
        5
    );

    // The home page's main column: each story once.
    c.goto(&format!("{}/", app.base)).await.unwrap();
    // A card (or the lead) stands for one story; in the main column and
    // the section blocks below it no two cards are the same story.
    let stories = js(
        c,
        "return [...document.querySelectorAll('.main-column .card, .main-column .lead, .section-grid .card')] \
           .map(card => new URL(card.querySelector('a.title, h2 a').href).pathname)",
    )
    .await;
    let mut stories: Vec<String> = serde_json::from_value(stories).unwrap();
    let shown = stories.len();
    assert!(shown >= 6, "{stories:?}");
    stories.sort();
    stories.dedup();
    assert_eq!(stories.len(), shown, "a story twice in the main column");
    browser.close().await;
}
