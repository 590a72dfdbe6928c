//! Theme files under `/static/`.

use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Serves a theme file; URLs carry a version, so browsers keep them a year.
pub async fn static_file(
    State(app): State<Arc<App>>,
    Path(path): Path<String>,
) -> Result<Response, AppError> {
    let (bytes, content_type) = match app.theme.static_file(&path) {
        Some(file) => (file.bytes.clone(), file.content_type),
        // The brand's pictures, unless the theme brings its own.
        None if path == "logo.png" => (crate::brand::logo_png().to_vec(), "image/png"),
        None if path == "kartu.png" => (crate::brand::card_png().to_vec(), "image/png"),
        None => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}
