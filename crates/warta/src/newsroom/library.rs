//! The media library: uploading images and browsing them.

use super::auth::Staff;
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::media::{NewImage, add_image};
use crate::messages::Message;
use axum::Json;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::Locale;
use warta_core::{MediaId, Picture, Variant};
use warta_store::{Media, User};

/// A multipart form read whole: its text fields and at most one file.
#[derive(Debug, Default)]
pub struct FormFields {
    /// Text fields by name (the last value of a repeated name wins).
    pub fields: HashMap<String, String>,
    /// The file field, if one was sent with content: its file name and bytes.
    pub file: Option<(String, Vec<u8>)>,
}

impl FormFields {
    /// Reads every part; a body over the size limit is a 413.
    pub async fn read(mut multipart: Multipart, max_bytes: usize) -> Result<FormFields, AppError> {
        let too_large = || {
            AppError::TooLarge(Message::FileTooLarge {
                max_mb: max_bytes / 1024 / 1024,
            })
        };
        let mut form = FormFields::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large());
                }
                Err(error) => {
                    return Err(AppError::BadRequest(Message::BadForm(error.body_text())));
                }
            };
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(|e| {
                        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            too_large()
                        } else {
                            AppError::BadRequest(Message::BadForm(e.body_text()))
                        }
                    })?;
                    if bytes.len() > max_bytes {
                        return Err(too_large());
                    }
                    if !bytes.is_empty() {
                        form.file = Some((file_name, bytes.to_vec()));
                    }
                }
                None => {
                    let text = field
                        .text()
                        .await
                        .map_err(|e| AppError::BadRequest(Message::BadForm(e.body_text())))?;
                    form.fields.insert(name, text);
                }
            }
        }
        Ok(form)
    }

    /// A text field, empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Checks, stores and resizes an uploaded image; returns its record.
pub async fn store_upload(
    app: &App,
    user: &User,
    file_name: &str,
    bytes: Vec<u8>,
    caption: &str,
    credit: &str,
) -> Result<Media, AppError> {
    let image = NewImage {
        file_name,
        bytes,
        caption,
        credit,
    };
    add_image(
        &app.store,
        &app.media,
        &app.config,
        image,
        Some(user.id),
        app.now(),
    )
    .await
}

/// An image as the library and the API show it.
#[derive(Debug, Serialize)]
pub struct MediaView {
    /// Its number.
    pub id: MediaId,
    /// Original file name.
    pub name: String,
    /// Detected format.
    pub format: String,
    /// Original width.
    pub width: u32,
    /// Original height.
    pub height: u32,
    /// Size of the original.
    pub bytes: i64,
    /// Default caption.
    pub caption: String,
    /// Default credit.
    pub credit: String,
    /// The thumbnail variant.
    pub thumb: Picture,
    /// The large variant.
    pub large: Picture,
    /// The original.
    pub original_url: String,
    /// When it was uploaded, as shown.
    pub uploaded: String,
}

impl MediaView {
    /// The view of a stored image.
    pub fn of(app: &App, media: &Media) -> MediaView {
        MediaView {
            id: media.id,
            name: media.original_name.clone(),
            format: media.format.clone(),
            width: media.width,
            height: media.height,
            bytes: media.bytes,
            caption: media.caption.clone(),
            credit: media.credit.clone(),
            thumb: Picture::of_media(media.id, Variant::Thumb, media.width, media.height),
            large: Picture::of_media(media.id, Variant::Large, media.width, media.height),
            original_url: format!("/media/{}/original", media.id),
            uploaded: show_time(app, media.created_at),
        }
    }
}

/// `?halaman=`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    halaman: Option<String>,
}

const PER_PAGE: i64 = 48;

#[derive(Serialize)]
struct LibraryView {
    staff: StaffView,
    items: Vec<MediaView>,
    total: i64,
    page: usize,
    previous: Option<usize>,
    next: Option<usize>,
    max_mb: usize,
    error: Option<String>,
}

/// `GET /redaksi/media`
pub async fn library(
    State(app): State<Arc<App>>,
    staff: Staff,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = crate::reader::page::page_number(query.halaman.as_deref())?;
    library_page(&app, &staff, page, None, StatusCode::OK).await
}

async fn library_page(
    app: &App,
    staff: &Staff,
    page: usize,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (items, total) = app
        .store
        .media_library(PER_PAGE, (page as i64 - 1) * PER_PAGE)
        .await?;
    render(
        app,
        "newsroom/media.html",
        status,
        &LibraryView {
            staff: StaffView::of(staff),
            items: items.iter().map(|m| MediaView::of(app, m)).collect(),
            total,
            page,
            previous: (page > 1).then(|| page - 1),
            next: ((page as i64) * PER_PAGE < total).then(|| page + 1),
            max_mb: app.config.max_upload_bytes / 1024 / 1024,
            error,
        },
    )
}

/// `POST /redaksi/media` (multipart: `berkas`, `keterangan`, `kredit`).
/// Answers JSON to a script that asks for it, else goes back to the
/// library.
pub async fn upload(
    State(app): State<Arc<App>>,
    staff: Staff,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let result = async {
        let form = FormFields::read(multipart, app.config.max_upload_bytes).await?;
        let (name, bytes) = form
            .file
            .clone()
            .ok_or(AppError::Invalid(Message::ChooseFile))?;
        store_upload(
            &app,
            &staff.user,
            &name,
            bytes,
            form.get("keterangan"),
            form.get("kredit"),
        )
        .await
    }
    .await;
    match (result, wants_json) {
        (Ok(media), true) => {
            Ok((StatusCode::CREATED, Json(MediaView::of(&app, &media))).into_response())
        }
        (Ok(_), false) => Ok(Redirect::to("/redaksi/media").into_response()),
        (Err(error), true) => Err(error),
        (Err(error @ AppError::Internal(_)), false) => Err(error),
        (Err(error), false) => {
            let status = error.status();
            library_page(&app, &staff, 1, Some(error.message(Locale::Id)), status).await
        }
    }
}
