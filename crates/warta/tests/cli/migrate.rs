//! `warta migrate --to postgres://...`: a whole site moves up, nothing
//! lost, and running it again doubles nothing. Needs a PostgreSQL server
//! (`WARTA_TEST_POSTGRES_URL`, which the test command provides).

use crate::util::{ArticleBuilder, TestApp, warta_command};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn a_seeded_site_moves_to_postgres_whole_and_again_without_doubles() {
    let Some(server) = crate::util::postgres_server() else {
        return;
    };
    // A site with something in every table.
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Oposisi Suriah Kuasai Damaskus").tags(&["Suriah"]),
            ArticleBuilder::new("b", "Harga Cabai Naik").in_section("bisnis"),
        ])
        .await;
    let (editor, password) = app.add_user("ed@redaksi.id", "Rina", Role::Editor).await;
    let token = app.token_for(editor).await;
    let staff = app.signed_in(editor, "ed@redaksi.id", &password).await;
    assert_eq!(staff.get("/redaksi").await.0, 200, "a live session");
    let draft = app.api_draft(&token, "Gempa Guncang Jawa", "Terasa.").await;
    let live = app.api_publish(&token, &draft).await;
    let image = Form::new().part(
        "file",
        Part::bytes(crate::util::newsroom::png(64, 48)).file_name("foto.png"),
    );
    let uploaded = app
        .http
        .post(format!("{}/api/v1/media", app.base))
        .bearer_auth(&token)
        .multipart(image)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201);
    app.app.store.set_picks(&[ids[1], ids[0]]).await.unwrap();
    app.app.store.set_headline(Some(ids[0])).await.unwrap();
    for _ in 0..3 {
        app.get(&app.path_of(ids[0]).await).await;
    }
    let article_path = app.path_of(ids[0]).await;
    let new_id = warta_core::ArticleId(live["id"].as_i64().unwrap());
    let revisions = app.app.store.revisions(new_id).await.unwrap().len();
    let media = app.app.store.media_library(100, 0).await.unwrap().1;
    let page_before = app.page(&article_path).await.1;
    let articles = app.app.store.count_articles().await.unwrap();
    let dir = app.stop().await;

    let target = warta_store::Store::fresh_postgres_schema(&server)
        .await
        .unwrap();
    let output = warta_command(dir.path(), &["migrate", "--to", &target]);
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(printed.contains("articles"), "{printed}");
    // Vacuumed, with its statistics, before any server starts.
    let pool = sqlx::postgres::PgPool::connect(&target).await.unwrap();
    let settled = || async {
        sqlx::query_scalar::<_, bool>(
            "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL \
             FROM pg_stat_user_tables WHERE relid = 'articles'::regclass",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    crate::util::eventually("the copy vacuumed and analysed", settled).await;
    pool.close().await;
    // Again: the same counts, nothing doubled.
    let again = warta_command(dir.path(), &["migrate", "--to", &target]);
    assert!(again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).lines().count(),
        printed.lines().count()
    );
    for line in String::from_utf8_lossy(&again.stdout)
        .lines()
        .filter(|l| l.contains("rows"))
    {
        assert!(printed.contains(line), "{line} changed on the second run");
    }

    // A server on the new database: the same site.
    let moved_dir = tempfile::tempdir().unwrap();
    std::fs::write(moved_dir.path().join("test-database-url"), &target).unwrap();
    let moved = TestApp::start_in(moved_dir, "").await;
    let store = &moved.app.store;
    assert_eq!(store.count_articles().await.unwrap(), articles);
    assert_eq!(store.picks().await.unwrap(), [ids[1], ids[0]]);
    assert_eq!(store.headline().await.unwrap(), Some(ids[0]));
    // Three readers, and the page read above to compare with.
    assert_eq!(store.total_views(ids[0]).await.unwrap(), 4);
    assert_eq!(store.revisions(new_id).await.unwrap().len(), revisions);
    assert_eq!(store.media_library(100, 0).await.unwrap().1, media);
    let page_after = moved.page(&article_path).await.1;
    let headline = |page: &str| {
        page.split("<h1")
            .nth(1)
            .map(|h| h[..200.min(h.len())].to_owned())
    };
    assert_eq!(headline(&page_after), headline(&page_before));
    assert!(page_after.contains("/tag/suriah"));
    // The password, the token and the session still work.
    assert_eq!(
        moved.sign_in("ed@redaksi.id", &password).await.status(),
        303
    );
    let (status, _) = moved
        .api(Method::GET, "/api/v1/articles", Some(&token), None)
        .await;
    assert_eq!(status, 200);
    // New rows get new ids, never a copied one's.
    let (status, created) = moved
        .api(
            Method::POST,
            "/api/v1/articles",
            Some(&token),
            Some(json!({"title": "Berita Baru Sesudah Pindah", "section": "news"})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert!(created["id"].as_i64().unwrap() > new_id.0);
}
