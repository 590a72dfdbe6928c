//! The JSON API under `/api/v1`. Errors are JSON with a stable code and a
//! message: `{"error": {"code": "not_found", "message": "..."}}`. Requests
//! other than search and the OpenAPI document carry `Authorization: Bearer
//! TOKEN`; a token acts with its owner's role, through the same rules as the
//! newsroom UI (`newsroom::actions`). The document at
//! `/api/v1/openapi.json` describes every endpoint; a test checks it against
//! [`ENDPOINTS`] and the server.

pub mod articles;
pub mod catalog;
pub mod media;
pub mod search;

use crate::app::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::routing::{get, patch, post, put};
use serde::de::DeserializeOwned;
use std::sync::Arc;

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
    ("get", "/api/v1/picks"),
    ("put", "/api/v1/picks"),
    ("put", "/api/v1/headline"),
    ("get", "/api/v1/sections"),
    ("post", "/api/v1/sections"),
    ("get", "/api/v1/tags"),
    ("patch", "/api/v1/tags/{id}"),
    ("delete", "/api/v1/tags/{id}"),
    ("get", "/api/v1/media"),
    ("post", "/api/v1/media"),
];

/// The OpenAPI 3.1 document, written by hand next to the handlers.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The API's routes.
pub fn router(app: Arc<App>) -> Router<Arc<App>> {
    let upload_limit = app.config.max_upload_bytes + 64 * 1024;
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/search", get(search::search_articles))
        .route(
            "/api/v1/articles",
            get(articles::list).post(articles::create),
        )
        .route(
            "/api/v1/articles/{id}",
            get(articles::read).put(articles::update),
        )
        .route("/api/v1/articles/{id}/submit", post(articles::submit))
        .route("/api/v1/articles/{id}/publish", post(articles::publish))
        .route("/api/v1/articles/{id}/schedule", post(articles::schedule))
        .route("/api/v1/articles/{id}/unpublish", post(articles::unpublish))
        .route("/api/v1/articles/{id}/draft", post(articles::to_draft))
        .route("/api/v1/picks", get(catalog::picks).put(catalog::set_picks))
        .route("/api/v1/headline", put(catalog::set_headline))
        .route(
            "/api/v1/sections",
            get(catalog::sections).post(catalog::add_section),
        )
        .route("/api/v1/tags", get(catalog::tags))
        .route(
            "/api/v1/tags/{id}",
            patch(catalog::rename_tag).delete(catalog::delete_tag),
        )
        .route(
            "/api/v1/media",
            get(media::list)
                .post(media::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { ApiError(AppError::NotFound) }),
        )
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// A JSON body whose problems are answered as API errors (400 for
/// malformed JSON, 422 for a missing or mistyped field), not as text.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(match rejection {
                axum::extract::rejection::JsonRejection::JsonDataError(e) => {
                    AppError::Invalid(e.body_text())
                }
                other => AppError::BadRequest(other.body_text()),
            })),
        }
    }
}

use crate::error::AppError;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

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
        if let AppError::Internal(cause) = &error {
            tracing::error!(error = format!("{cause:#}"), "API request failed");
        }
        let mut response = (
            error.status(),
            Json(json!({"error": {"code": error.code(), "message": error.message()}})),
        )
            .into_response();
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
