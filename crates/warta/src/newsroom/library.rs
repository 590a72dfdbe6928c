//! The media library: uploading images, browsing and searching them,
//! changing what is said of them (caption, credit, alternative text, focal
//! point) and removing those no article uses; the same as JSON for the
//! editor's dialog.

use super::auth::{Staff, wants_json};
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::media::{NewImage, add_image, delete_unused_image, make_crops};
use crate::messages::Message;
use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::Locale;
use warta_core::{MediaId, Picture, Variant};
use warta_store::{Media, MediaDetails, User};

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
                    return Err(form.overflow(too_large()));
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
                    let text = field.text().await.map_err(|e| {
                        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            AppError::TooLarge(Message::FormTooLarge)
                        } else {
                            AppError::BadRequest(Message::BadForm(e.body_text()))
                        }
                    })?;
                    form.fields.insert(name, text);
                }
            }
        }
        Ok(form)
    }

    /// The refusal of a body cut off at the limit: the file's size when a
    /// file was being read, else the form's (a huge paste).
    fn overflow(&self, file_too_large: AppError) -> AppError {
        if self.file.is_some() {
            file_too_large
        } else {
            AppError::TooLarge(Message::FormTooLarge)
        }
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
    /// Alternative text.
    pub alt: String,
    /// The focal point every crop keeps, 0 to 1 across and down.
    pub focal: (f64, f64),
    /// The thumbnail variant.
    pub thumb: Picture,
    /// The square crop, as library tiles show it.
    pub square: Picture,
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
            alt: media.alt.clone(),
            focal: shown_focal(media.focal),
            thumb: Picture::of_media(media.id, Variant::Thumb, media.width, media.height),
            square: Picture::of_media(media.id, Variant::Square, media.width, media.height),
            large: Picture::of_media(media.id, Variant::Large, media.width, media.height),
            original_url: format!("/media/{}/original", media.id),
            uploaded: show_time(app, media.created_at),
        }
    }
}

/// A focal point as stored (thousandths), without the float's noise.
fn shown_focal((x, y): (f32, f32)) -> (f64, f64) {
    let round = |v: f32| (f64::from(v) * 1000.0).round() / 1000.0;
    (round(x), round(y))
}

/// An image as the editor's library dialog takes it.
#[derive(Debug, Serialize)]
pub struct EditorItem {
    id: MediaId,
    name: String,
    caption: String,
    credit: String,
    alt: String,
    width: u32,
    height: u32,
    focal: (f64, f64),
    /// The square crop's address, for tiles.
    thumb: String,
    /// The large variant's address, what the body shows.
    large: String,
}

impl EditorItem {
    /// The item of a stored image.
    pub fn of(media: &Media) -> EditorItem {
        EditorItem {
            id: media.id,
            name: media.original_name.clone(),
            caption: media.caption.clone(),
            credit: media.credit.clone(),
            alt: media.alt.clone(),
            width: media.width,
            height: media.height,
            focal: shown_focal(media.focal),
            thumb: warta_core::media_path(media.id, Variant::Square),
            large: warta_core::media_path(media.id, Variant::Large),
        }
    }
}

/// `?halaman=`, `?q=` (words of the caption, credit, alternative text
/// or file name) and `?pesan=`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    halaman: Option<String>,
    #[serde(default)]
    q: String,
    #[serde(default)]
    pesan: String,
}

/// Images per page of the editor's dialog.
const DIALOG_PAGE: i64 = 40;

/// `GET /redaksi/media.json?q=&halaman=`: the library for the editor's
/// dialog, newest first; `next` is the next page's number, if any.
pub async fn find_media(
    State(app): State<Arc<App>>,
    _staff: Staff,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = crate::reader::page::page_number(query.halaman.as_deref())?;
    let (items, total) = app
        .store
        .search_media(&query.q, DIALOG_PAGE, (page as i64 - 1) * DIALOG_PAGE)
        .await?;
    let next = ((page as i64) * DIALOG_PAGE < total).then(|| page + 1);
    let items: Vec<EditorItem> = items.iter().map(EditorItem::of).collect();
    Ok(Json(json!({ "items": items, "next": next, "total": total })).into_response())
}

/// What may change of a library image: JSON from the editor
/// (`caption`, `credit`, `alt`, `focal: [x, y]` from 0 to 1) or the
/// library page's form (`keterangan`, `kredit`, `alt`, `fokus_x` and
/// `fokus_y` in percent).
#[derive(Debug, Deserialize)]
struct DetailsJson {
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
    #[serde(default)]
    alt: String,
    focal: Option<(f32, f32)>,
}

/// Longest caption, credit or alternative text kept.
const MAX_DETAIL_CHARS: usize = 1000;

/// `POST /redaksi/media/{id}`: changes an image's caption, credit,
/// alternative text and focal point; a moved focal point makes its crops
/// again at once.
pub async fn update_media(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let details = if json {
        let sent: DetailsJson = serde_json::from_slice(&body)
            .map_err(|e| AppError::BadRequest(Message::BadForm(e.to_string())))?;
        sent
    } else {
        let field = |name: &str| {
            form_urlencoded::parse(&body)
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        DetailsJson {
            caption: field("keterangan"),
            credit: field("kredit"),
            alt: field("alt"),
            focal: match (field("fokus_x").trim(), field("fokus_y").trim()) {
                ("", "") => None,
                (x, y) => {
                    let percent = |text: &str| text.parse::<f32>().ok().map(|p| p / 100.0);
                    match (percent(x), percent(y)) {
                        (Some(x), Some(y)) => Some((x, y)),
                        _ => {
                            return Err(AppError::Invalid(Message::BadForm(format!(
                                "titik fokus {x}, {y} bukan angka 0 sampai 100"
                            ))));
                        }
                    }
                }
            },
        }
    };
    let media = app.store.media(MediaId(id)).await?;
    if [&details.caption, &details.credit, &details.alt]
        .iter()
        .any(|text| text.chars().count() > MAX_DETAIL_CHARS)
    {
        return Err(AppError::Invalid(Message::BadForm(format!(
            "keterangan, kredit dan teks alternatif paling panjang {MAX_DETAIL_CHARS} karakter"
        ))));
    }
    let focal = match details.focal {
        Some((x, y)) if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => (x, y),
        Some(_) => {
            return Err(AppError::Invalid(Message::BadForm(
                "titik fokus di luar gambar".into(),
            )));
        }
        None => media.focal,
    };
    app.store
        .update_media(
            media.id,
            &MediaDetails {
                caption: details.caption,
                credit: details.credit,
                alt: details.alt,
                focal,
            },
        )
        .await?;
    let updated = app.store.media(media.id).await?;
    if updated.focal != media.focal {
        make_crops(&app.media, &app.config, &updated).await?;
    }
    tracing::info!(
        media = id,
        user = staff.user.id.0,
        "library image details changed"
    );
    if json {
        Ok(Json(json!({ "item": EditorItem::of(&updated) })).into_response())
    } else {
        Ok(Redirect::to("/redaksi/media?pesan=diubah").into_response())
    }
}

/// `POST /redaksi/media/{id}/hapus`: removes an image no article uses;
/// one in use is refused, saying by how many.
pub async fn delete_media(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let result = delete_unused_image(&app.store, &app.media, MediaId(id)).await;
    match (result, wants_json(&headers)) {
        (Ok(media), true) => Ok(Json(json!({ "deleted": media.id })).into_response()),
        (Ok(media), false) => {
            tracing::info!(
                media = media.id.0,
                user = staff.user.id.0,
                "library image deleted"
            );
            Ok(Redirect::to("/redaksi/media?pesan=dihapus").into_response())
        }
        (Err(error), false) if error.status().is_client_error() => {
            let status = error.status();
            library_page(
                &app,
                &staff,
                1,
                "",
                Some(error.message(Locale::Id)),
                None,
                status,
            )
            .await
        }
        (Err(error), _) => Err(error),
    }
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
    q: String,
    error: Option<String>,
    message: Option<&'static str>,
}

/// `GET /redaksi/media`
pub async fn library(
    State(app): State<Arc<App>>,
    staff: Staff,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = crate::reader::page::page_number(query.halaman.as_deref())?;
    let message = match query.pesan.as_str() {
        "diubah" => Some("Data gambar disimpan."),
        "dihapus" => Some("Gambar dihapus dari pustaka."),
        _ => None,
    };
    library_page(&app, &staff, page, &query.q, None, message, StatusCode::OK).await
}

async fn library_page(
    app: &App,
    staff: &Staff,
    page: usize,
    words: &str,
    error: Option<String>,
    message: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (items, total) = app
        .store
        .search_media(words, PER_PAGE, (page as i64 - 1) * PER_PAGE)
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
            q: words.to_owned(),
            error,
            message,
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
    let wants_json = wants_json(&headers);
    let result = async {
        let form = FormFields::read(multipart, app.config.max_upload_bytes).await?;
        let (name, bytes) = form
            .file
            .clone()
            .ok_or(AppError::Invalid(Message::ChooseFile))?;
        let media = store_upload(
            &app,
            &staff.user,
            &name,
            bytes,
            form.get("keterangan"),
            form.get("kredit"),
        )
        .await?;
        let alt = form.get("alt").trim();
        if alt.is_empty() {
            return Ok(media);
        }
        let details = MediaDetails {
            caption: media.caption.clone(),
            credit: media.credit.clone(),
            alt: alt.chars().take(MAX_DETAIL_CHARS).collect(),
            focal: media.focal,
        };
        app.store.update_media(media.id, &details).await?;
        Ok(app.store.media(media.id).await?)
    }
    .await;
    match (result, wants_json) {
        (Ok(media), true) => Ok((
            StatusCode::CREATED,
            Json(json!({ "item": EditorItem::of(&media) })),
        )
            .into_response()),
        (Ok(_), false) => Ok(Redirect::to("/redaksi/media").into_response()),
        (Err(error), true) => Err(error),
        (Err(error @ AppError::Internal(_)), false) => Err(error),
        (Err(error), false) => {
            let status = error.status();
            library_page(
                &app,
                &staff,
                1,
                "",
                Some(error.message(Locale::Id)),
                None,
                status,
            )
            .await
        }
    }
}
