//! Error pages: every reader or newsroom error answered with a page of its
//! own kind (`AppError` marks the response with `ErrorPage`; this
//! middleware, in front of the reader pages and the newsroom in
//! `routes.rs`, fills in the body): the theme's error page for readers (a
//! 404 of the fallback route looks like the site too), a newsroom page in
//! Indonesian for staff, and JSON for the newsroom's own scripts (which
//! ask for it), so a refusal never sends a reporter to the reader site.

use crate::app::App;
use crate::error::ErrorPage;
use crate::messages::Message;
use crate::newsroom::page::error_page;
use crate::reader::page::render_error_page;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use warta_core::Locale;

/// Middleware: gives marked error responses the theme's error page, with
/// the message in the site's language (the newsroom's: Indonesian).
pub async fn render_error_pages(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let newsroom = request.uri().path().starts_with("/redaksi");
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let back = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>() else {
        return response;
    };
    let status = response.status();
    // A wait the error asked for (429, 503) stays with its page.
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let mut answer = themed_error(&app, page, status, newsroom, wants_json, &back);
    if let Some(seconds) = retry_after {
        answer.headers_mut().insert(header::RETRY_AFTER, seconds);
    }
    answer
}

/// The error page (or, for the newsroom's scripts, JSON) for `page`.
fn themed_error(
    app: &App,
    page: &ErrorPage,
    status: StatusCode,
    newsroom: bool,
    wants_json: bool,
    back: &str,
) -> Response {
    if newsroom {
        let message = page
            .message
            .clone()
            .unwrap_or(match status {
                StatusCode::NOT_FOUND => Message::NotFound,
                StatusCode::UNAUTHORIZED => Message::SessionEnded,
                _ => Message::Internal,
            })
            .text(Locale::Id);
        if wants_json {
            let body = json!({"error": {"code": page.code, "message": message}});
            let mut answer = (status, Json(body)).into_response();
            answer
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return answer;
        }
        return error_page(app, status, &message, back);
    }
    let message = page.message.as_ref().map(|m| m.text(app.config.locale));
    render_error_page(app, status, message.as_deref())
}
