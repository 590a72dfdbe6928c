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
    /// 401: no valid credentials came with the request.
    #[error("sign-in required")]
    Unauthorized,
    /// 403: the user may not do this; the message says what.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 409: the thing changed since the request was based on it.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 413: the request body is larger than allowed.
    #[error("too large: {0}")]
    TooLarge(String),
    /// 415: the content is not of a kind accepted here.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// 422: the request is well formed but breaks a rule (a missing title,
    /// a step the workflow does not have).
    #[error("invalid: {0}")]
    Invalid(String),
    /// 429: too many attempts; try again after this many seconds.
    #[error("too many requests: {message}")]
    TooManyRequests {
        /// What to tell the user.
        message: String,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 500: our fault; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Conflict { current } => AppError::Conflict(format!(
                "Artikel sudah diubah orang lain (kini versi {current}). \
                 Perubahan Anda belum disimpan."
            )),
            StoreError::Duplicate(what) => AppError::Conflict(format!("{what} exists already")),
            StoreError::Invalid(message) => AppError::Invalid(message),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(error: minijinja::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl AppError {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable name of the outcome, for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge(_) => "too_large",
            AppError::Unsupported(_) => "unsupported_media_type",
            AppError::Invalid(_) => "invalid",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    /// What the user is told; never the cause of an internal error.
    pub fn message(&self) -> String {
        match self {
            AppError::NotFound => "no such resource".into(),
            AppError::Unauthorized => "a valid session or API token is required".into(),
            AppError::Internal(_) => "internal error".into(),
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m)
            | AppError::TooLarge(m)
            | AppError::Unsupported(m)
            | AppError::Invalid(m)
            | AppError::TooManyRequests { message: m, .. } => m.clone(),
        }
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
        let status = self.status();
        let message = match &self {
            AppError::NotFound | AppError::Unauthorized => None,
            AppError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "request failed");
                None
            }
            other => Some(other.message()),
        };
        let mut response = status.into_response();
        if let AppError::TooManyRequests { retry_after, .. } = &self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after),
            );
        }
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
    let path =
        (request.method() == axum::http::Method::GET).then(|| request.uri().path().to_owned());
    let response = next.run(request).await;
    // An address the article had on the site it was imported from.
    if response.status() == StatusCode::NOT_FOUND
        && let Some(path) = path
        && let Some(target) = legacy_redirect(&app, &path).await
    {
        return target;
    }
    match response.extensions().get::<ErrorPage>() {
        Some(page) => render_error_page(&app, response.status(), page.message.as_deref()),
        None => response,
    }
}

/// A permanent redirect from an imported article's old address to where
/// it lives now, if the address is one and the article is live.
async fn legacy_redirect(app: &App, path: &str) -> Option<Response> {
    let old = path.trim_end_matches('/');
    let id = app.store.legacy_path(old).await.ok()??;
    let article = app.store.article(id).await.ok()?;
    article.is_live(app.now()).then(|| {
        (
            StatusCode::MOVED_PERMANENTLY,
            [(
                axum::http::header::LOCATION,
                article.path(&app.config.time_zone),
            )],
        )
            .into_response()
    })
}

/// The fallback for every URL no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
