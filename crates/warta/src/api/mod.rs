//! The JSON API under `/api/v1` (its routes are in `routes.rs`). Errors are
//! JSON with a stable code and a message in the request's language
//! (`Accept-Language`: Indonesian or English):
//! `{"error": {"code": "not_found", "message": "..."}}`. Requests
//! other than search and the OpenAPI document carry `Authorization: Bearer
//! TOKEN`; a token acts with its owner's role, through the same rules as the
//! newsroom UI (`newsroom::actions`). The document at
//! `/api/v1/openapi.json` describes every endpoint; a test checks it against
//! [`ENDPOINTS`] and the server.

pub mod articles;
pub mod catalog;
pub mod live;
pub mod media;
pub mod search;
pub mod webhooks;

use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::sync::Arc;
use warta_core::Locale;

/// Every endpoint: method and path as the OpenAPI document names them.
pub const ENDPOINTS: &[(&str, &str)] = &[
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/search"),
    ("get", "/api/v1/articles"),
    ("post", "/api/v1/articles"),
    ("get", "/api/v1/articles/{id}"),
    ("put", "/api/v1/articles/{id}"),
    ("post", "/api/v1/articles/{id}/submit"),
    ("post", "/api/v1/articles/{id}/publish"),
    ("post", "/api/v1/articles/{id}/schedule"),
    ("post", "/api/v1/articles/{id}/unpublish"),
    ("post", "/api/v1/articles/{id}/draft"),
    ("get", "/api/v1/articles/{id}/live"),
    ("put", "/api/v1/articles/{id}/live"),
    ("post", "/api/v1/articles/{id}/live/entries"),
    ("delete", "/api/v1/articles/{id}/live/entries/{entry}"),
    ("get", "/api/v1/picks"),
    ("put", "/api/v1/picks"),
    ("put", "/api/v1/headline"),
    ("get", "/api/v1/breaking"),
    ("put", "/api/v1/breaking"),
    ("get", "/api/v1/sections"),
    ("post", "/api/v1/sections"),
    ("get", "/api/v1/tags"),
    ("patch", "/api/v1/tags/{id}"),
    ("delete", "/api/v1/tags/{id}"),
    ("get", "/api/v1/media"),
    ("post", "/api/v1/media"),
    ("get", "/api/v1/webhooks"),
    ("post", "/api/v1/webhooks"),
    ("get", "/api/v1/webhooks/{id}"),
    ("patch", "/api/v1/webhooks/{id}"),
    ("delete", "/api/v1/webhooks/{id}"),
    ("post", "/api/v1/webhooks/{id}/test"),
];

/// The OpenAPI 3.1 document, written by hand next to the handlers.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/v1/openapi.json`: the document, with the site's own
/// sections as the values an article's `section` may take, so a client
/// generated from it (or a tool testing the API from it) can make an
/// article without reading the code. Sections are few and the document
/// small: it is made per request.
pub async fn openapi(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    let mut document = DOCUMENT
        .get_or_init(|| {
            serde_json::from_str(OPENAPI).expect("the document is JSON (a test reads it)")
        })
        .clone();
    let sections: Vec<String> = app
        .store
        .sections()
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|s| s.slug.to_string())
        .collect();
    if !sections.is_empty() {
        document["components"]["schemas"]["ArticleInput"]["properties"]["section"]["enum"] =
            json!(sections);
    }
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        document.to_string(),
    )
        .into_response())
}

/// A JSON body whose problems are answered as API errors (400 for
/// malformed JSON, 422 for a missing or mistyped field), not as text.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        if !json {
            return Err(ApiError(AppError::BadRequest(Message::MalformedJson(
                "Expected request with `Content-Type: application/json`".into(),
            ))));
        }
        let bytes = match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError(AppError::TooLarge(Message::BodyTooLarge)));
            }
            Err(rejection) => {
                return Err(ApiError(AppError::BadRequest(Message::MalformedJson(
                    rejection.body_text(),
                ))));
            }
        };
        // Every body of this API is an object: serde would also read a
        // struct from an array of its fields (`[null, null]`), which the
        // document does not allow.
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b == b'[') {
            return Err(ApiError(AppError::Invalid(Message::InvalidJson(
                "the body must be a JSON object, not an array".into(),
            ))));
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(match rejection {
                axum::extract::rejection::JsonRejection::JsonDataError(e) => {
                    AppError::Invalid(Message::InvalidJson(e.body_text()))
                }
                // Over the body limit: 413, as for any other body.
                other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::TooLarge(Message::BodyTooLarge)
                }
                other => AppError::BadRequest(Message::MalformedJson(other.body_text())),
            })),
        }
    }
}

tokio::task_local! {
    /// The language of the request being answered, set by [`language`].
    static LANGUAGE: Locale;
}

/// Middleware: answers the API's errors in the request's language: the
/// one of Indonesian and English `Accept-Language` prefers, else the
/// site's.
pub async fn language(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let asked = request.headers().get(header::ACCEPT_LANGUAGE);
    let locale = preferred_locale(asked).unwrap_or(app.config.locale);
    LANGUAGE.scope(locale, next.run(request)).await
}

/// The first of Indonesian and English an `Accept-Language` names (by
/// weight, then order), if it names either.
fn preferred_locale(header: Option<&HeaderValue>) -> Option<Locale> {
    let text = header.and_then(|v| v.to_str().ok())?;
    let mut best: Option<(f32, Locale)> = None;
    for part in text.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let locale = match tag.split('-').next() {
            Some("id") | Some("in") => Locale::Id,
            Some("en") => Locale::En,
            _ => continue,
        };
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, locale));
        }
    }
    best.map(|(_, locale)| locale)
}

/// An [`AppError`] answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = self.0;
        let locale = LANGUAGE.try_with(|l| *l).unwrap_or(Locale::Id);
        if let AppError::Internal(cause) = &error {
            tracing::error!(error = format!("{cause:#}"), "API request failed");
        }
        let mut response = problem(error.status(), error.code(), &error.message(locale));
        match &error {
            AppError::TooManyRequests { retry_after, .. } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            AppError::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// `value` of the query parameter `field`, or `default` when absent;
/// outside `min..=max` (what the document says) it is refused, not
/// quietly bent into range.
pub fn in_range(
    value: Option<i64>,
    field: &'static str,
    default: i64,
    min: i64,
    max: i64,
) -> Result<i64, AppError> {
    match value {
        None => Ok(default),
        Some(n) if (min..=max).contains(&n) => Ok(n),
        Some(_) => Err(AppError::Invalid(Message::OutOfRange { field, min, max })),
    }
}

/// An error as problem details (RFC 9457, `application/problem+json`): a
/// stable `type` (`urn:warta:problem:CODE`), the status's title, the
/// status, the message as `detail`, and, for clients written before,
/// the same `code` and `message` under `error`.
pub fn problem(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "type": format!("urn:warta:problem:{code}"),
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": message,
        "code": code,
        "error": {"code": code, "message": message},
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// Middleware: every error of the API is problem details, also those
/// answered before a handler ran (a path or query that does not parse, a
/// method the address does not take), which the framework words as text.
pub async fn problems(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ => "error",
    };
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = match axum::body::to_bytes(response.into_body(), 64 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let locale = LANGUAGE.try_with(|l| *l).unwrap_or(Locale::Id);
    let message = Message::RequestNotUnderstood(text).text(locale);
    let mut answer = problem(status, code, &message);
    if let Some(value) = retry_after {
        answer.headers_mut().insert(header::RETRY_AFTER, value);
    }
    if let Some(value) = allow {
        answer.headers_mut().insert(header::ALLOW, value);
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_speaks_the_language_asked_for() {
        let pick = |text: &str| preferred_locale(Some(&HeaderValue::from_str(text).unwrap()));
        assert_eq!(preferred_locale(None), None);
        assert_eq!(pick("id-ID,id;q=0.9,en-US;q=0.8"), Some(Locale::Id));
        assert_eq!(pick("en-US,en;q=0.9,id;q=0.8"), Some(Locale::En));
        assert_eq!(pick("fr-FR, id;q=0.5"), Some(Locale::Id));
        assert_eq!(pick("en;q=0.2, id;q=0.7"), Some(Locale::Id));
        assert_eq!(pick("de, fr"), None);
        assert_eq!(pick("id;q=0"), None);
    }

    #[test]
    fn the_document_lists_exactly_the_endpoints() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let mut documented: Vec<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (method.clone(), path.clone()))
            })
            .collect();
        documented.sort();
        let mut ours: Vec<(String, String)> = ENDPOINTS
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        ours.sort();
        assert_eq!(documented, ours);
    }

    /// The example a content gives, itself or through the schema it
    /// names (an array's items count).
    fn has_example(doc: &serde_json::Value, content: &serde_json::Value) -> bool {
        if content.get("example").is_some() {
            return true;
        }
        let mut schema = &content["schema"];
        if schema["type"] == "array" {
            schema = &schema["items"];
        }
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap();
                doc["components"]["schemas"][name].get("example").is_some()
            }
            None => schema.get("example").is_some(),
        }
    }

    #[test]
    fn every_operation_shows_an_example_of_what_it_takes_and_gives() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let mut missing = Vec::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let bodies = operation["requestBody"]["content"].as_object();
                for content in bodies.into_iter().flat_map(|c| c.values()) {
                    if !has_example(&doc, content) {
                        missing.push(format!("{method} {path}: request"));
                    }
                }
                for (status, response) in operation["responses"].as_object().unwrap() {
                    let contents = response["content"].as_object();
                    for content in contents.into_iter().flat_map(|c| c.values()) {
                        if status.starts_with('2') && !has_example(&doc, content) {
                            missing.push(format!("{method} {path}: {status}"));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no example: {missing:?}");
        let error = &doc["components"]["schemas"]["Error"]["properties"];
        assert!(error["detail"].get("example").is_some());
    }
}
