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
