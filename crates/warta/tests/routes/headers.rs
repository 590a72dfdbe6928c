//! What every response tells the browser to defend itself: the content
//! security policy, no sniffing, the referrer policy, and no framing of
//! the newsroom by another site.

use crate::util::{ArticleBuilder, TestApp};
use warta_core::Role;

#[tokio::test]
async fn every_page_carries_a_policy_and_the_newsroom_is_never_framed() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Gempa Guncang Cianjur")])
        .await;
    let article = app.path_of(ids[0]).await;
    let staff = app.staff("ed@redaksi.id", Role::Editor).await;
    // Twice each: the second answer of a reader page comes from the cache.
    for path in [
        article.as_str(),
        article.as_str(),
        "/",
        "/",
        "/rss",
        "/tidak-ada",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        assert!(policy.contains("object-src 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert!(
            !headers.contains_key("x-frame-options"),
            "an article may be embedded"
        );
    }
    // Found by the security review: the newsroom could be framed.
    for response in [
        app.get("/redaksi/masuk").await,
        staff.get_response("/redaksi").await,
    ] {
        let headers = response.headers();
        assert_eq!(headers["x-frame-options"], "DENY");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("script-src 'self'"), "{policy}");
    }
    let api = app.get("/api/v1/openapi.json").await;
    assert_eq!(
        api.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}
