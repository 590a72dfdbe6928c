//! Serving uploaded images: `/media/{id}/{variant}.webp` and
//! `/media/{id}/original`, remaking a variant whose file went missing.

use super::{MediaFiles, decode, decoding_permit, inspect, make_variant};
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use warta_core::{MediaId, Variant};

/// `/media/{id}/{variant}.webp`: a resized variant; `/media/{id}/original`:
/// the upload as it came.
pub async fn serve_media(
    State(app): State<Arc<App>>,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let media = app.store.media(MediaId(id)).await?;
    let (key, content_type, variant) = if file == "original" {
        (
            MediaFiles::original(&media.sha256, &media.format),
            format!("image/{}", media.format),
            None,
        )
    } else {
        let variant = file
            .strip_suffix(".webp")
            .and_then(Variant::parse)
            .ok_or(AppError::NotFound)?;
        (
            MediaFiles::variant(&media.sha256, variant, media.focal),
            "image/webp".to_owned(),
            Some(variant),
        )
    };
    let bytes = match (app.media.read(&key).await?, variant) {
        (Some(bytes), _) => bytes,
        // Lost or never made (an upload interrupted): make it again.
        (None, Some(variant)) => {
            let original = MediaFiles::original(&media.sha256, &media.format);
            let original = app.media.read(&original).await?.ok_or(AppError::NotFound)?;
            let inspected = inspect(&original, app.config.max_image_pixels)?;
            let focal = media.focal;
            let decoding = decoding_permit(&inspected).await;
            let made = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
                let image = decode(&original, &inspected)?;
                Ok(make_variant(&image, variant, focal))
            })
            .await
            .map_err(anyhow::Error::from)??;
            drop(decoding);
            app.media.write(&key, made.clone()).await?;
            made.into()
        }
        (None, None) => return Err(AppError::NotFound),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).map_err(anyhow::Error::from)?,
    );
    // A crop's address stays when its focal point moves: it is kept an
    // hour, so a moved focal point reaches every reader within one.
    let lifetime = match variant.and_then(Variant::aspect) {
        Some(_) => "public, max-age=3600",
        None => "public, max-age=31536000, immutable",
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
