//! `/api/v1/media`: uploading images and listing the library.

use super::ApiError;
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::auth::ApiUser;
use crate::newsroom::library::{FormFields, MediaView, store_upload};
use axum::Json;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `POST /api/v1/media` (multipart: `file`, optional `caption`, `credit`).
pub async fn upload(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<MediaView>), ApiError> {
    let form = FormFields::read(multipart, app.config.max_upload_bytes).await?;
    let (name, bytes) = form
        .file
        .clone()
        .ok_or(AppError::Invalid(Message::ChooseFile))?;
    let media = store_upload(
        &app,
        &user,
        &name,
        bytes,
        form.get("caption"),
        form.get("credit"),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(MediaView::of(&app, &media))))
}

/// `GET /api/v1/media` paging.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    page: Option<i64>,
    per_page: Option<i64>,
}

/// A page of the library.
#[derive(Debug, Serialize)]
pub struct Library {
    total: i64,
    page: i64,
    per_page: i64,
    media: Vec<MediaView>,
}

/// `GET /api/v1/media`: newest first.
pub async fn list(
    State(app): State<Arc<App>>,
    ApiUser(_): ApiUser,
    Query(paging): Query<Paging>,
) -> Result<Json<Library>, ApiError> {
    let page = super::in_range(paging.page, "page", 1, 1, i64::from(i32::MAX))?;
    let per_page = super::in_range(paging.per_page, "per_page", 50, 1, 200)?;
    let (items, total) = app
        .store
        .media_library(per_page, (page - 1) * per_page)
        .await
        .map_err(AppError::from)?;
    Ok(Json(Library {
        total,
        page,
        per_page,
        media: items.iter().map(|m| MediaView::of(&app, m)).collect(),
    }))
}
