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
    let file = app.theme.static_file(&path).ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        file.bytes.clone(),
    )
        .into_response())
}
