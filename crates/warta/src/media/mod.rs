//! Uploaded images: checking what an upload really is, keeping the
//! original, making the resized WebP variants readers get, and serving
//! them.
//!
//! An upload is judged by its content, never its name or declared type:
//! only JPEG, PNG, WebP and GIF are accepted (SVG, which can carry script,
//! never is), the pixel count is checked from the header before decoding,
//! and decoding runs under memory limits. Files are named by the SHA-256 of
//! the original, in a folder or a bucket (see `files`), so the same image
//! uploaded twice is stored once. Variants are made at upload (and again on demand should
//! their files go missing), then served with a year-long immutable cache
//! lifetime: a variant's URL never changes meaning.

use crate::config::Config;
use crate::error::AppError;
use crate::messages::Message;
use chrono::{DateTime, Utc};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::time::Instant;
use tokio::sync::{Semaphore, SemaphorePermit};
use warta_core::{UserId, Variant};
use warta_store::{Media, NewMedia, Store};

mod files;
pub mod serve;

pub use files::MediaFiles;

/// What an upload turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspected {
    /// `jpeg`, `png`, `webp` or `gif`.
    pub format: &'static str,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
}

/// Why an upload is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    /// Not one of the accepted image formats (by content).
    #[error("not a JPEG, PNG, WebP or GIF image")]
    NotAnImage,
    /// Claims to be an image but cannot be read as one.
    #[error("a damaged image: {0}")]
    Broken(String),
    /// More pixels than allowed: width, height, megapixels allowed.
    #[error("{0}x{1} pixels, more than {2} megapixels")]
    TooManyPixels(u32, u32, u64),
}

impl From<MediaError> for AppError {
    fn from(error: MediaError) -> Self {
        match error {
            MediaError::NotAnImage => AppError::Unsupported(Message::NotAnImage),
            MediaError::TooManyPixels(width, height, max_megapixels) => {
                AppError::TooLarge(Message::TooManyPixels {
                    width,
                    height,
                    max_megapixels,
                })
            }
            MediaError::Broken(_) => AppError::Invalid(Message::BrokenImage),
        }
    }
}

/// Reads what `bytes` are from their content.
pub fn inspect(bytes: &[u8], max_pixels: u64) -> Result<Inspected, MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    let name = match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Gif => "gif",
        _ => return Err(MediaError::NotAnImage),
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| MediaError::Broken(e.to_string()))?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(MediaError::TooManyPixels(
            width,
            height,
            max_pixels / 1_000_000,
        ));
    }
    if width == 0 || height == 0 {
        return Err(MediaError::Broken("no pixels".into()));
    }
    Ok(Inspected {
        format: name,
        width,
        height,
    })
}

/// Megapixels decoded at once in the whole process. Decoding takes some
/// 2.7 bytes a pixel besides the file (a 7000x7000 PNG of 190 KB: 130 MB),
/// and the per-image cap (`max_image_megapixels`, 50 by default) bounds
/// one image, not several at once: four such uploads together took a
/// server from 424 to 1,039 MB. With this budget, images wait their turn
/// instead (about 270 MB at most).
const DECODING_MEGAPIXELS: u32 = 100;

static DECODING: Semaphore = Semaphore::const_new(DECODING_MEGAPIXELS as usize);

/// Waits until an image of this size may be decoded within the process's
/// budget; the decoding holds the permit until it is dropped.
pub async fn decoding_permit(inspected: &Inspected) -> SemaphorePermit<'static> {
    let megapixels = (u64::from(inspected.width) * u64::from(inspected.height))
        .div_ceil(1_000_000)
        .clamp(1, u64::from(DECODING_MEGAPIXELS)) as u32;
    DECODING
        .acquire_many(megapixels)
        .await
        .expect("the decoding budget is never closed")
}

/// Decodes the whole image (which proves it is one) under memory limits.
pub fn decode(bytes: &[u8], inspected: &Inspected) -> Result<DynamicImage, MediaError> {
    let format = ImageFormat::from_extension(inspected.format).ok_or(MediaError::NotAnImage)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(inspected.width);
    limits.max_image_height = Some(inspected.height);
    limits.max_alloc = Some(1024 * 1024 * 1024);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| MediaError::Broken(e.to_string()))
}

/// One variant as lossy WebP (quality 80): about a twentieth of the
/// lossless size for photographs.
/// A crop is cut around `focal` first.
pub fn make_variant(image: &DynamicImage, variant: Variant, focal: (f32, f32)) -> Vec<u8> {
    let (left, top, crop_width, crop_height) =
        variant.crop_of(image.width(), image.height(), focal);
    let cropped = if (crop_width, crop_height) == (image.width(), image.height()) {
        std::borrow::Cow::Borrowed(image)
    } else {
        std::borrow::Cow::Owned(image.crop_imm(left, top, crop_width, crop_height))
    };
    let (width, height) = variant.size_for(image.width(), image.height());
    let resized = if width == cropped.width() {
        cropped.into_owned()
    } else {
        cropped.resize_exact(width, height, image::imageops::FilterType::Triangle)
    };
    let rgba = DynamicImage::ImageRgba8(resized.to_rgba8());
    let encoder = webp::Encoder::from_image(&rgba).expect("RGBA is always encodable");
    encoder.encode(80.0).to_vec()
}

/// The SHA-256 of a file, in hex: its name in the media store.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a new image's crops are cut around until the newsroom says.
const CENTRE: (f32, f32) = (0.5, 0.5);

/// Makes the crops of a stored image around its focal point now, so the
/// first reader after a change does not wait for them.
pub async fn make_crops(
    files: &MediaFiles,
    config: &Config,
    media: &Media,
) -> Result<(), AppError> {
    let original = MediaFiles::original(&media.sha256, &media.format);
    let original = files.read(&original).await?.ok_or(AppError::NotFound)?;
    let inspected = inspect(&original, config.max_image_pixels)?;
    let decoding = decoding_permit(&inspected).await;
    let focal = media.focal;
    let crops = tokio::task::spawn_blocking(move || -> Result<Vec<_>, AppError> {
        let image = decode(&original, &inspected)?;
        Ok(Variant::ALL
            .into_iter()
            .filter(|v| v.aspect().is_some())
            .map(|v| (v, make_variant(&image, v, focal)))
            .collect())
    })
    .await
    .map_err(anyhow::Error::from)??;
    drop(decoding);
    for (variant, made) in crops {
        files
            .write(&MediaFiles::variant(&media.sha256, variant, focal), made)
            .await?;
    }
    Ok(())
}

/// Removes an image no article uses, and its files unless another upload
/// of the same file still needs them.
pub async fn delete_unused_image(
    store: &Store,
    files: &MediaFiles,
    id: warta_core::MediaId,
) -> Result<Media, AppError> {
    let media = store.delete_unused_media(id).await?;
    if store.media_with_sha256(&media.sha256).await?.is_none() {
        files.delete_all(&media.sha256).await?;
    }
    Ok(media)
}

/// An image to add to the library, as it came.
#[derive(Debug)]
pub struct NewImage<'a> {
    /// The file's name, kept for the library.
    pub file_name: &'a str,
    /// Its content.
    pub bytes: Vec<u8>,
    /// Default caption.
    pub caption: &'a str,
    /// Default credit.
    pub credit: &'a str,
}

/// Checks an image (size, content, pixels), keeps the original and its
/// variants in the media store, and records it; returns the record.
pub async fn add_image(
    store: &Store,
    files: &MediaFiles,
    config: &Config,
    image: NewImage<'_>,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Media, AppError> {
    let NewImage {
        file_name,
        bytes,
        caption,
        credit,
    } = image;
    if bytes.len() > config.max_upload_bytes {
        return Err(AppError::TooLarge(Message::FileTooLarge {
            max_mb: config.max_upload_bytes / 1024 / 1024,
        }));
    }
    let max_pixels = config.max_image_pixels;
    let started = Instant::now();
    // The header tells the size before anything is decoded.
    let inspected = inspect(&bytes, max_pixels)?;
    let decoding = decoding_permit(&inspected).await;
    let (inspected, sha256, bytes, variants) = tokio::task::spawn_blocking(move || {
        let image = decode(&bytes, &inspected)?;
        let sha256 = sha256_hex(&bytes);
        let variants = Variant::ALL.map(|variant| (variant, make_variant(&image, variant, CENTRE)));
        Ok::<_, AppError>((inspected, sha256, bytes, variants))
    })
    .await
    .map_err(anyhow::Error::from)??;
    drop(decoding);
    let size = bytes.len();
    // Variants first: the original is what says an image is whole.
    for (variant, made) in variants {
        files
            .write(&MediaFiles::variant(&sha256, variant, CENTRE), made)
            .await?;
    }
    files
        .write(&MediaFiles::original(&sha256, inspected.format), bytes)
        .await?;
    tracing::info!(
        width = inspected.width,
        height = inspected.height,
        bytes = size,
        duration_ms = started.elapsed().as_millis() as u64,
        "image stored with its variants"
    );
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let id = store
        .add_media(
            &NewMedia {
                sha256: &sha256,
                format: inspected.format,
                original_name: &name,
                width: inspected.width,
                height: inspected.height,
                bytes: size as i64,
                caption: &crate::text::one_line(caption),
                credit: &crate::text::one_line(credit),
            },
            by,
            now,
        )
        .await?;
    Ok(store.media(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn real_images_are_read_by_content() {
        let bytes = png(1600, 900);
        let inspected = inspect(&bytes, 50_000_000).unwrap();
        assert_eq!(
            (inspected.format, inspected.width, inspected.height),
            ("png", 1600, 900)
        );
        let image = decode(&bytes, &inspected).unwrap();
        let thumb = make_variant(&image, Variant::Thumb, CENTRE);
        assert_eq!(&thumb[..4], b"RIFF");
        let back = image::load_from_memory(&thumb).unwrap();
        assert_eq!((back.width(), back.height()), (400, 225));
    }

    #[test]
    fn fakes_and_other_formats_are_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(inspect(svg, 1_000_000), Err(MediaError::NotAnImage));
        assert!(inspect(b"GIF8", 1_000_000).map(|_| ()).is_err());
        let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
        fake.extend_from_slice(&[0u8; 100]);
        assert!(matches!(
            inspect(&fake, 1_000_000),
            Err(MediaError::Broken(_))
        ));
        let mut truncated = png(64, 64);
        truncated.truncate(truncated.len() / 2);
        let inspected = inspect(&truncated, 1_000_000).unwrap();
        assert!(matches!(
            decode(&truncated, &inspected),
            Err(MediaError::Broken(_))
        ));
    }

    #[test]
    fn too_many_pixels_are_refused_before_decoding() {
        let bytes = png(2000, 1000);
        assert_eq!(
            inspect(&bytes, 1_000_000),
            Err(MediaError::TooManyPixels(2000, 1000, 1))
        );
    }

    #[tokio::test]
    async fn big_images_wait_for_each_other_to_decode() {
        // Found by the security review: four 49-megapixel images decoded
        // at once took the server from 424 to 1,039 MB.
        let big = Inspected {
            format: "png",
            width: 7000,
            height: 7000,
        };
        let first = decoding_permit(&big).await;
        let second = decoding_permit(&big).await;
        let third = tokio::time::timeout(Duration::from_millis(50), decoding_permit(&big)).await;
        assert!(third.is_err(), "a third waits while two are decoding");
        drop(first);
        let third = tokio::time::timeout(Duration::from_millis(500), decoding_permit(&big)).await;
        assert!(third.is_ok(), "and goes when one is done");
        drop(second);
        // An image larger than the whole budget still gets it, alone.
        let huge = Inspected {
            format: "png",
            width: 20_000,
            height: 20_000,
        };
        drop(third);
        let alone = tokio::time::timeout(Duration::from_millis(500), decoding_permit(&huge)).await;
        assert!(alone.is_ok());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Real images of every accepted format, then damaged at random.
        fn samples() -> Vec<Vec<u8>> {
            let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(48, 32, |x, y| {
                image::Rgb([x as u8, y as u8, 99])
            }));
            [
                ImageFormat::Png,
                ImageFormat::Jpeg,
                ImageFormat::Gif,
                ImageFormat::WebP,
            ]
            .into_iter()
            .map(|format| {
                let mut bytes = Vec::new();
                image
                    .write_to(&mut Cursor::new(&mut bytes), format)
                    .unwrap();
                bytes
            })
            .collect()
        }

        proptest! {
            // Fewer cases than the default by default, as each is slow; a long
            // run sets PROPTEST_CASES.
            #![proptest_config(ProptestConfig {
                cases: if std::env::var_os("PROPTEST_CASES").is_some() {
                    ProptestConfig::default().cases
                } else {
                    64
                },
                ..ProptestConfig::default()
            })]

            #[test]
            fn damaged_images_are_refused_never_panicked_on(
                which in 0usize..4,
                damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
                cut in any::<prop::sample::Index>(),
            ) {
                let mut bytes = samples()[which].clone();
                for (at, byte) in damage {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
                bytes.truncate(cut.index(bytes.len()).max(8));
                if let Ok(inspected) = inspect(&bytes, 50_000_000)
                    && let Ok(image) = decode(&bytes, &inspected)
                {
                    prop_assert!(image.width() <= inspected.width.max(1) * 4);
                }
            }

            #[test]
            fn arbitrary_bytes_are_refused_never_panicked_on(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
                if let Ok(inspected) = inspect(&bytes, 1_000_000) {
                    let _ = decode(&bytes, &inspected);
                }
            }
        }
    }
}
