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

#[tokio::test]
async fn a_headline_is_cleared_only_when_asked_and_roles_come_before_bodies() {
    // Found by trying the API with schemathesis: `{}` cleared the
    // headline though the field is required, and a contributor learnt how
    // a body was malformed (422) before being told the call is not theirs.
    let app = TestApp::start().await;
    let ids = app
        .add(&[crate::util::ArticleBuilder::new("a", "Berita Utama")])
        .await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let editor = app.token_for(editor).await;
    let (contributor, _) = app
        .add_user("kontri@redaksi.id", "Kontri", Role::Contributor)
        .await;
    let contributor = app.token_for(contributor).await;
    let put = |token: &str, body: Option<serde_json::Value>| {
        let request = app
            .http
            .put(format!("{}/api/v1/headline", app.base))
            .bearer_auth(token)
            .header("content-type", "application/json");
        let request = match body {
            Some(body) => request.body(body.to_string()),
            None => request.body("{ ini bukan JSON"),
        };
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response
                    .json::<serde_json::Value>()
                    .await
                    .unwrap_or_default(),
            )
        }
    };
    let (status, picks) = put(&editor, Some(json!({"headline": ids[0].0}))).await;
    assert_eq!(status, 200, "{picks}");
    let (status, answer) = put(&editor, Some(json!({}))).await;
    assert_eq!(status, 422, "{answer}");
    let (_, picks) = app
        .api(Method::GET, "/api/v1/picks", Some(&editor), None)
        .await;
    assert_eq!(picks["headline"], ids[0].0, "{picks}");
    let (status, picks) = put(&editor, Some(json!({"headline": null}))).await;
    assert_eq!(status, 200);
    assert!(picks["headline"].is_null(), "{picks}");
    for body in [None, Some(json!({"headline": ids[0].0}))] {
        let (status, answer) = put(&contributor, body).await;
        assert_eq!(status, 403, "{answer}");
        assert_eq!(answer["error"]["code"], "forbidden");
    }
}

#[tokio::test]
async fn clients_change_articles_safely_by_etag_and_page_by_link() {
    let app = TestApp::start().await;
    app.add(&[crate::util::ArticleBuilder::new("k", "Ada Kanal")])
        .await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    let draft = app.api_draft(&token, "Versi Pertama", "Isi.").await;
    let url = format!("{}/api/v1/articles/{}", app.base, draft["id"]);
    let get = |if_none_match: Option<&str>| {
        let mut request = app.http.get(&url).bearer_auth(&token);
        if let Some(tag) = if_none_match {
            request = request.header("if-none-match", tag);
        }
        request.send()
    };
    let first = get(None).await.unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(tag, format!("\"v{}\"", draft["version"]));
    assert_eq!(get(Some(&tag)).await.unwrap().status(), 304);
    let put = |if_match: Option<&str>, body: serde_json::Value| {
        let mut request = app.http.put(&url).bearer_auth(&token).json(&body);
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let tag = response
                .headers()
                .get("etag")
                .map(|t| t.to_str().unwrap().to_owned());
            (
                status,
                tag,
                response.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let content = json!({"title": "Versi Kedua", "section": "news", "body": "Isi."});
    // By If-Match alone, no version in the body.
    let (status, new_tag, saved) = put(Some(&tag), content.clone()).await;
    assert_eq!(status, 200, "{saved}");
    assert_ne!(new_tag.as_deref(), Some(tag.as_str()));
    // The old tag no longer changes anything: 412, and nothing changed.
    let (status, _, refused) = put(
        Some(&tag),
        json!({"title": "Basi", "section": "news", "body": "Isi."}),
    )
    .await;
    assert_eq!(status, 412, "{refused}");
    assert_eq!(refused["error"]["code"], "precondition_failed");
    let (_, _, now) = put(new_tag.as_deref(), content.clone()).await;
    assert_eq!(now["title"], "Versi Kedua");
    // Neither If-Match nor a version: 428, saying what to send.
    let (status, _, refused) = put(None, content).await;
    assert_eq!(status, 428, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("If-Match")
    );

    // Pages by Link.
    for n in 0..4 {
        app.api_draft(&token, &format!("Naskah {n}"), "Isi.").await;
    }
    let response = app
        .http
        .get(format!(
            "{}/api/v1/articles?per_page=2&page=2&status=draft",
            app.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    for rel in ["first", "prev", "next", "last"] {
        assert!(link.contains(&format!("rel=\"{rel}\"")), "{link}");
    }
    assert!(
        link.contains("page=3&per_page=2&status=draft>; rel=\"next\""),
        "{link}"
    );
}

#[tokio::test]
async fn every_error_is_problem_details_in_the_language_asked_for() {
    // Found by schemathesis: errors answered before a handler ran (an id
    // past 64 bits, a query that does not parse, a method the address
    // does not take) came as text/plain where the document promises JSON.
    let app = TestApp::start().await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let token = app.token_for(editor).await;
    for (method, path, status, code) in [
        (
            Method::GET,
            "/api/v1/articles/99999999999999999999999",
            400,
            "bad_request",
        ),
        (Method::GET, "/api/v1/articles?page=dua", 400, "bad_request"),
        (
            Method::DELETE,
            "/api/v1/articles",
            405,
            "method_not_allowed",
        ),
        (Method::GET, "/api/v1/articles/424242", 404, "not_found"),
        (Method::GET, "/api/v1/tidak-ada", 404, "not_found"),
        // Limits the document states are kept, not bent into range.
        (Method::GET, "/api/v1/articles?per_page=101", 422, "invalid"),
        (Method::GET, "/api/v1/articles?page=0", 422, "invalid"),
        (Method::GET, "/api/v1/media?per_page=201", 422, "invalid"),
    ] {
        let response = app
            .http
            .request(method.clone(), format!("{}{path}", app.base))
            .bearer_auth(&token)
            .header("accept-language", "id")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            problem["type"],
            format!("urn:warta:problem:{code}"),
            "{problem}"
        );
        assert_eq!(problem["status"], status);
        assert_eq!(problem["code"], code);
        assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(problem["error"]["code"], code, "the older shape stays");
    }
}
