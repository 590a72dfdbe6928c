//! The API's limits and language: a body over the limit is 413 with a
//! JSON error, and errors speak the language the request asks for.

use crate::util::TestApp;
use reqwest::Method;
use serde_json::json;
use warta_core::Role;

#[tokio::test]
async fn json_over_the_limit_is_too_large_not_malformed() {
    // Found by the security review: it answered 400.
    let app = TestApp::start().await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    let body = json!({"title": "Besar", "section": "news", "body": "x".repeat(3 * 1024 * 1024)});
    let (status, answer) = app
        .api(Method::POST, "/api/v1/articles", Some(&token), Some(body))
        .await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"]["code"], "too_large");
}

#[tokio::test]
async fn errors_speak_the_language_asked_for() {
    let app = TestApp::start().await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    let ask = |language: Option<&'static str>| {
        let mut request = app
            .http
            .post(format!("{}/api/v1/articles", app.base))
            .bearer_auth(&token)
            .json(&json!({"title": "", "section": "news"}));
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        async move {
            let answer: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            answer["error"]["message"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(ask(Some("en-US,en;q=0.9")).await, "A headline is required.");
    assert_eq!(
        ask(Some("id-ID,id;q=0.9,en;q=0.5")).await,
        "Judul wajib diisi."
    );
    // Neither: the site's language (Indonesian by default).
    assert_eq!(ask(None).await, "Judul wajib diisi.");
}
