//! Bodies through the API: Markdown (the default, what older clients send)
//! and the visual editor's HTML, each given back in the form it was
//! written, with the same allow-list on both, and embeds as plain links.

use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn markdown_and_html_bodies_come_back_as_written() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let (id, _) = app.add_user("ed@redaksi.id", "Editor", Role::Editor).await;
    let token = app.token_for(id).await;
    let api = app.api_client(&token);

    let (status, markdown) = api
        .post(
            "/api/v1/articles",
            json!({"title": "Tulisan Markdown", "section": "news",
                   "body": "Paragraf **tebal**.\n\n<script>alert(1)</script>"}),
        )
        .await;
    assert_eq!(status, 201, "{markdown}");
    assert_eq!(markdown["body_format"], "markdown");
    assert!(
        markdown["body"]
            .as_str()
            .unwrap()
            .starts_with("Paragraf **tebal**.")
    );
    assert!(
        markdown["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>tebal</strong>")
    );
    assert!(!markdown["body_html"].as_str().unwrap().contains("<script"));

    let html = "<p>Gol di menit <strong>90</strong>.</p>\
                <figure class=\"embed\" data-provider=\"youtube\"><a href=\"https://youtu.be/dQw4w9WgXcQ\">https://youtu.be/dQw4w9WgXcQ</a></figure>\
                <p onclick=\"x()\">Aman.</p>";
    let (status, written) = api
        .post(
            "/api/v1/articles",
            json!({"title": "Tulisan HTML", "section": "news", "body": html, "body_format": "html"}),
        )
        .await;
    assert_eq!(status, 201, "{written}");
    assert_eq!(written["body_format"], "html");
    let body = written["body"].as_str().unwrap();
    assert!(
        body.contains("<strong>90</strong>") && !body.contains("onclick"),
        "{body}"
    );
    assert!(body.contains("<figure class=\"embed\" data-provider=\"youtube\">"));

    // Sent back as given, it does not change.
    let (status, again) = api
        .put(
            &format!("/api/v1/articles/{}", written["id"]),
            json!({"version": written["version"], "title": "Tulisan HTML", "section": "news",
                   "body": body, "body_format": "html"}),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    let (_, read) = api
        .get(&format!("/api/v1/articles/{}", written["id"]))
        .await;
    assert_eq!(read["body"], written["body"]);

    // The API carries the embed as the link it is, never a player.
    let stored = read["body_html"].as_str().unwrap();
    assert!(
        stored.contains("<a href=\"https://youtu.be/dQw4w9WgXcQ\""),
        "{stored}"
    );
    assert!(!stored.contains("data-player") && !stored.contains("iframe"));

    let (status, refused) = api
        .post(
            "/api/v1/articles",
            json!({"title": "x", "section": "news", "body": "x", "body_format": "rtf"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
}

#[tokio::test]
async fn control_characters_are_dropped_not_a_server_error() {
    // Found by schemathesis on PostgreSQL, which cannot store NUL: a tag
    // renamed to a name holding one answered 500. Every text field is
    // stored without control characters, on both backends.
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal").tags(&["gempa"])])
        .await;
    let (id, _) = app.add_user("ed@redaksi.id", "Editor", Role::Editor).await;
    let token = app.token_for(id).await;
    let api = app.api_client(&token);
    let (status, made) = api
        .post(
            "/api/v1/articles",
            json!({"title": "Gempa\u{0}Cianjur\u{7}", "section": "news",
                   "lede": "Terasa\u{0} hingga Jakarta", "tags": ["gem\u{0}pa"],
                   "body": "Baris\u{0} satu.\n\nBaris dua.", "image_caption": "Foto\u{1b}"}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["title"], "Gempa Cianjur");
    assert_eq!(made["lede"], "Terasa hingga Jakarta");
    assert_eq!(made["tags"], json!(["gem pa"]));
    assert_eq!(made["body"], "Baris satu.\n\nBaris dua.");
    let (_, tags) = api.get("/api/v1/tags").await;
    let tag = tags.as_array().unwrap()[0]["id"].clone();
    let (status, renamed) = app
        .api(
            reqwest::Method::PATCH,
            &format!("/api/v1/tags/{tag}"),
            Some(&token),
            Some(json!({"name": "Gempa\u{0} Bumi"})),
        )
        .await;
    assert_eq!(status, 204, "{renamed}");
    let (status, listed) = api.get("/api/v1/articles?q=Gempa%00Cianjur").await;
    assert_eq!(status, 200, "{listed}");
}
