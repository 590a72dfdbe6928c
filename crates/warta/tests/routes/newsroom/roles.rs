//! Every role rule, enforced on the server: over the API (as a token acts
//! with its owner's role) and in the UI.

use crate::util::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use warta_core::Role;

/// A user of `role` and their token.
async fn member(app: &TestApp, email: &str, role: Role) -> (warta_core::UserId, String) {
    let (id, _) = app.add_user(email, &email.to_uppercase(), role).await;
    (id, app.token_for(id).await)
}

async fn create(app: &TestApp, token: &str, title: &str) -> Value {
    let (status, article) = app
        .api(
            Method::POST,
            "/api/v1/articles",
            Some(token),
            Some(json!({"title": title, "section": "news", "body": "Isi berita."})),
        )
        .await;
    assert_eq!(status, 201, "{article}");
    article
}

async fn step(app: &TestApp, token: &str, article: &Value, name: &str) -> (u16, Value) {
    app.api(
        Method::POST,
        &format!("/api/v1/articles/{}/{name}", article["id"]),
        Some(token),
        Some(json!({"version": article["version"]})),
    )
    .await
}

#[tokio::test]
async fn contributors_write_and_submit_but_never_publish() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("x", "Ada kanal news")])
        .await;
    let (_, contributor) = member(&app, "kon@redaksi.id", Role::Contributor).await;
    let article = create(&app, &contributor, "Tulisan Kontributor").await;
    assert_eq!(article["status"], "draft");
    assert_eq!(
        article["authors"],
        json!(["KON@REDAKSI.ID"]),
        "the writer is the byline by default"
    );
    for refused in ["publish", "unpublish"] {
        let (status, body) = step(&app, &contributor, &article, refused).await;
        assert_eq!(status, 403, "{refused}: {body}");
        assert_eq!(body["error"]["code"], "forbidden");
    }
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/articles/{}/schedule", article["id"]),
            Some(&contributor),
            Some(json!({"version": article["version"], "publish_at": "2099-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, submitted) = step(&app, &contributor, &article, "submit").await;
    assert_eq!(status, 200);
    assert_eq!(submitted["status"], "review");
    // Still theirs to edit while in review...
    let (status, _) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{}", article["id"]),
            Some(&contributor),
            Some(json!({"version": submitted["version"], "title": "Judul Diperbaiki", "section": "news", "body": "Isi berita."})),
        )
        .await;
    assert_eq!(status, 200);
    // ...but not once an editor has published it.
    let (_, editor) = member(&app, "ed@redaksi.id", Role::Editor).await;
    let (_, current) = app
        .api(
            Method::GET,
            &format!("/api/v1/articles/{}", article["id"]),
            Some(&editor),
            None,
        )
        .await;
    let (status, published) = step(&app, &editor, &current, "publish").await;
    assert_eq!(status, 200, "editors publish anyone's");
    assert_eq!(published["status"], "published");
    let (status, _) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{}", article["id"]),
            Some(&contributor),
            Some(json!({"version": published["version"], "title": "Diam-diam Diubah", "section": "news"})),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.app
            .store
            .article(warta_core::ArticleId(article["id"].as_i64().unwrap()))
            .await
            .unwrap()
            .title,
        "Judul Diperbaiki"
    );
    // A contributor cannot curate or manage anything either.
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/picks",
            Some(&contributor),
            Some(json!({"picks": [article["id"]]})),
        )
        .await;
    assert_eq!(status, 403);
    assert!(app.app.store.picks().await.unwrap().is_empty());
}

#[tokio::test]
async fn authors_publish_their_own_and_never_touch_others() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("x", "Ada kanal news")])
        .await;
    let (_, ani) = member(&app, "ani@redaksi.id", Role::Author).await;
    let (_, budi) = member(&app, "budi@redaksi.id", Role::Author).await;
    let mine = create(&app, &ani, "Milik Ani").await;
    let (status, published) = step(&app, &ani, &mine, "publish").await;
    assert_eq!(status, 200);
    assert_eq!(published["status"], "published");
    let theirs = create(&app, &budi, "Milik Budi").await;
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/api/v1/articles/{}", theirs["id"]),
            Some(&ani),
            None,
        )
        .await;
    assert_eq!(status, 403, "another author's draft stays private");
    let (status, _) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{}", theirs["id"]),
            Some(&ani),
            Some(json!({"version": theirs["version"], "title": "Dibajak", "section": "news"})),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(step(&app, &ani, &theirs, "publish").await.0, 403);
    // Lists show an author their own articles only, whatever they ask for.
    let (_, list) = app
        .api(Method::GET, "/api/v1/articles?owner=0", Some(&ani), None)
        .await;
    let titles: Vec<&str> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Milik Ani"]);
    // Authors do not curate.
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/headline",
            Some(&ani),
            Some(json!({"headline": mine["id"]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/sections",
            Some(&ani),
            Some(json!({"name": "Hiburan"})),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn editors_curate_and_only_admins_manage_users() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            crate::util::ArticleBuilder::new("a", "Satu"),
            crate::util::ArticleBuilder::new("b", "Dua"),
        ])
        .await;
    let editor = app.staff("ed@redaksi.id", Role::Editor).await;
    let token = app.token_for(editor.id).await;
    let (status, picks) = app
        .api(
            Method::PUT,
            "/api/v1/picks",
            Some(&token),
            Some(json!({"picks": [ids[1].0, ids[0].0]})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(picks["picks"], json!([ids[1].0, ids[0].0]));
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/picks",
            Some(&token),
            Some(json!({"picks": [999_999]})),
        )
        .await;
    assert_eq!(status, 422, "a pick must exist");
    assert_eq!(
        app.app.store.picks().await.unwrap(),
        [ids[1], ids[0]],
        "nothing changed"
    );
    let (status, section) = app
        .api(
            Method::POST,
            "/api/v1/sections",
            Some(&token),
            Some(json!({"name": "Hiburan"})),
        )
        .await;
    assert_eq!((status, section["slug"].as_str()), (201, Some("hiburan")));
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/sections",
            Some(&token),
            Some(json!({"name": "Cari"})),
        )
        .await;
    assert_eq!(status, 422, "a section cannot take another page's address");
    // The users page is for admins.
    assert_eq!(editor.get("/redaksi/pengguna").await.0, 403);
    let response = editor
        .post(
            "/redaksi/pengguna",
            &[
                ("aksi", "tambah"),
                ("email", "x@redaksi.id"),
                ("nama", "X"),
                ("peran", "admin"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.app.store.count_users().await.unwrap(), 1);
    let admin = app.staff("adm@redaksi.id", Role::Admin).await;
    let response = admin
        .post(
            "/redaksi/pengguna",
            &[
                ("aksi", "tambah"),
                ("email", "Baru@Redaksi.id"),
                ("nama", "Baru"),
                ("peran", "contributor"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let at = page.find("<code>").unwrap() + 6;
    let password = &page[at..page[at..].find("</code>").unwrap() + at];
    assert_eq!(
        app.sign_in("baru@redaksi.id", password).await.status(),
        303,
        "the shown password works"
    );
}

#[tokio::test]
async fn tokens_die_with_a_revoke_or_a_disabled_owner() {
    let app = TestApp::start().await;
    let editor = app.staff("ed@redaksi.id", Role::Editor).await;
    // Made in the UI, shown once.
    let response = editor
        .post(
            "/redaksi/akun",
            &[("aksi", "token_baru"), ("nama", "Aplikasi")],
        )
        .await;
    let page = response.text().await.unwrap();
    let at = page.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    let token = page[at..at + 67].to_owned();
    assert!(token.starts_with("wt_"));
    assert_eq!(
        app.api(Method::GET, "/api/v1/articles", Some(&token), None)
            .await
            .0,
        200
    );
    assert!(
        !editor.get("/redaksi/akun").await.1.contains(&token),
        "never shown again"
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/articles", None, None).await.0,
        401
    );
    let (status, body) = app
        .api(Method::GET, "/api/v1/articles", Some("wt_palsu"), None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    // Revoked in the UI.
    let tokens = app.app.store.api_tokens(editor.id).await.unwrap();
    let id = tokens[0].id.to_string();
    editor
        .post("/redaksi/akun", &[("aksi", "cabut"), ("id", &id)])
        .await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/articles", Some(&token), None)
            .await
            .0,
        401
    );
    // A disabled user's other tokens stop too.
    let second = app.token_for(editor.id).await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/articles", Some(&second), None)
            .await
            .0,
        200
    );
    app.app
        .store
        .update_user(editor.id, "ED", Role::Editor, false, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        app.api(Method::GET, "/api/v1/articles", Some(&second), None)
            .await
            .0,
        401
    );
    // And a demoted user's token acts with the new role at once.
    app.app
        .store
        .update_user(editor.id, "ED", Role::Contributor, true, chrono::Utc::now())
        .await
        .unwrap();
    let (status, _) = app
        .api(
            Method::PUT,
            "/api/v1/picks",
            Some(&second),
            Some(json!({"picks": []})),
        )
        .await;
    assert_eq!(status, 403);
}
