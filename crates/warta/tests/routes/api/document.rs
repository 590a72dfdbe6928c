//! The API document matches the server.

use crate::util::TestApp;
use reqwest::Method;

#[tokio::test]
async fn every_documented_endpoint_exists_and_asks_for_a_token() {
    let app = TestApp::start().await;
    let (status, doc) = app
        .api(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let public = operation["security"]
                .as_array()
                .is_some_and(|s| s.is_empty());
            let url = path.replace("{id}", "1");
            let method: Method = method.to_uppercase().parse().unwrap();
            let (status, body) = app.api(method.clone(), &url, None, None).await;
            if public {
                assert_eq!(status, 200, "{method} {path}");
            } else {
                assert_eq!(status, 401, "{method} {path}: {body}");
                assert_eq!(body["error"]["code"], "unauthorized");
            }
        }
    }
    let (status, body) = app.api(Method::GET, "/api/v1/nope", None, None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
}
