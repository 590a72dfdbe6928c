//! Errors at the web edge.
//!
//! Policy: library crates return their own error enums; the CLI and jobs use
//! `anyhow` with context; handlers return [`AppError`], whose variants are
//! outcomes. A server fault is logged once here, with its cause, and readers
//! see only a themed error page: [`AppError`] marks the response and
//! [`render_error_pages`] fills in the page, so every reader error (404 of
//! the fallback route included) looks like the site.

use crate::app::App;
use crate::reader::page::render_error_page;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use warta_store::StoreError;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: no such page.
    #[error("not found")]
    NotFound,
    /// 400: the request is malformed; the message says how.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 500: our fault; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(error: minijinja::Error) -> Self {
        AppError::Internal(error.into())
    }
}

/// Marks a response whose body the error page renderer should supply.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    /// Shown on 400 pages.
    pub message: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, None),
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, Some(message.clone())),
            AppError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage { message });
        response
    }
}

/// Middleware: gives marked error responses the theme's error page.
pub async fn render_error_pages(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    match response.extensions().get::<ErrorPage>() {
        Some(page) => render_error_page(&app, response.status(), page.message.as_deref()),
        None => response,
    }
}

/// The fallback for every URL no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
