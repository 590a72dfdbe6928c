//! Curation at speed over HTTP: Pilihan set in one request in any order,
//! a duplicate refused with a message, the slots readers see marked,
//! candidates found by their title, and a section's pinned lead story on
//! its page; each live on the site at once.

use crate::util::{ArticleBuilder, TestApp};
use reqwest::Method;
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn pilihan_and_section_leads_are_set_at_breaking_news_speed() {
    let app = TestApp::start().await;
    let titles = [
        "Gempa Guncang Garut",
        "Harga Cabai Naik",
        "Timnas Menang Tipis",
        "Banjir Rob di Pesisir",
        "Sidang Kabinet Paripurna",
        "Festival Kopi Aceh",
        "Kereta Cepat Bertambah",
    ];
    let builders: Vec<ArticleBuilder> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| ArticleBuilder::new(&format!("a{i}"), t).hours_ago(i as i64 + 1))
        .collect();
    let ids = app.add(&builders).await;
    app.refresh().await;
    let rina = app.staff("rina@redaksi.id", Role::Editor).await;

    // The whole order in one request, as a drag ends.
    let order: Vec<i64> = ids.iter().rev().map(|id| id.0).collect();
    let (status, stored) = rina
        .json(
            Method::POST,
            "/redaksi/pilihan/urutan",
            Some(&json!({"picks": order})),
        )
        .await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["picks"], json!(order));
    let picks_on_home = || async {
        let (_, home) = app.page("/").await;
        home.split("class=\"block picks\"")
            .nth(1)
            .map(|p| p.split("</section>").next().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    crate::util::eventually("the new order on the home page", || async {
        let picks = picks_on_home().await;
        matches!((picks.find(titles[6]), picks.find(titles[5])), (Some(a), Some(b)) if a < b)
    })
    .await;
    assert!(
        !picks_on_home().await.contains(titles[0]),
        "readers see the first five only"
    );

    // The page marks what readers see.
    let (_, page) = rina.get("/redaksi/pilihan").await;
    assert_eq!(page.matches(">tampil di situs<").count(), 5, "{page}");
    assert_eq!(page.matches(">tidak tampil<").count(), 2);

    // Twice the same article: refused, with a word, and nothing changes.
    let twice = json!({"picks": [order[0], order[0]]});
    let (status, refused) = rina
        .json(Method::POST, "/redaksi/pilihan/urutan", Some(&twice))
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("sudah ada di Pilihan")
    );
    let response = rina
        .post(
            "/redaksi/pilihan",
            &[("aksi", "tambah"), ("artikel", &order[0].to_string())],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("sudah ada di Pilihan")
    );
    assert_eq!(app.app.store.picks().await.unwrap().len(), 7);

    // Candidates are found by their words.
    let (_, found) = rina.get("/redaksi/pilihan?q=cabai").await;
    let candidates = found.split("id=\"candidates\"").nth(1).unwrap();
    assert!(
        candidates.is_empty() || !candidates.contains("Harga Cabai Naik"),
        "picked already"
    );
    rina.json(
        Method::POST,
        "/redaksi/pilihan/urutan",
        Some(&json!({"picks": []})),
    )
    .await;
    let (_, found) = rina.get("/redaksi/pilihan?q=cabai").await;
    let candidates = found.split("id=\"candidates\"").nth(1).unwrap();
    assert!(candidates.contains("Harga Cabai Naik") && !candidates.contains("Timnas"));

    // A section's lead: pinned above the newest, then unpinned.
    let oldest = ids[6].0.to_string();
    let response = rina
        .post(
            "/redaksi/pilihan",
            &[("aksi", "utama_kanal"), ("artikel", &oldest)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let section = || async { app.page("/news").await.1 };
    crate::util::eventually("the lead on the section page", || async {
        section().await.contains("<article class=\"lead")
    })
    .await;
    let page = section().await;
    let lead = page
        .split("<article class=\"lead")
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    assert!(lead.contains(titles[6]), "{lead}");
    let list = page
        .split("class=\"cards\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(!list.contains(titles[6]), "not twice");
    assert!(list.contains(titles[0]));
    let (_, kanal) = rina.get("/redaksi/kanal").await;
    assert!(kanal.contains(titles[6]));
    let response = rina
        .post(
            "/redaksi/pilihan",
            &[("aksi", "lepas_utama_kanal"), ("artikel", &oldest)],
        )
        .await;
    assert_eq!(response.status(), 303);
    crate::util::eventually("the lead unpinned", || async {
        !section().await.contains("<article class=\"lead")
    })
    .await;

    // Authors do not curate.
    let ani = app.staff("ani@redaksi.id", Role::Author).await;
    let (status, _) = ani
        .json(
            Method::POST,
            "/redaksi/pilihan/urutan",
            Some(&json!({"picks": []})),
        )
        .await;
    assert_eq!(status, 403);
}
