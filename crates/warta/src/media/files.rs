//! Where the files of uploads live: a folder (`DATA/media/` by default) or
//! a bucket on S3-compatible object storage, which several nodes share.
//!
//! Both go through `object_store`, so the code above sees one thing: whole
//! files put and got by key. Keys are `ab/abcdef….jpeg` (the first two hex
//! digits of the original's SHA-256 spread a folder's entries), the same
//! layout in a folder and in a bucket, so a folder copied into a bucket
//! (`aws s3 sync DATA/media s3://…`) is ready to serve.

use crate::config::MediaPlace;
use anyhow::Context;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use warta_core::Variant;

/// The files of uploads, wherever they are kept.
#[derive(Clone)]
pub struct MediaFiles {
    files: Arc<dyn ObjectStore>,
    place: Arc<str>,
}

impl fmt::Debug for MediaFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaFiles")
            .field("place", &self.place)
            .finish()
    }
}

impl MediaFiles {
    /// Opens the place; a folder is made if missing. Nothing is fetched
    /// yet: [`MediaFiles::check`] does that.
    pub fn open(place: &MediaPlace) -> anyhow::Result<MediaFiles> {
        let files: Arc<dyn ObjectStore> = match place {
            MediaPlace::Folder(path) => {
                std::fs::create_dir_all(path)
                    .with_context(|| format!("cannot make the media folder {}", path.display()))?;
                Arc::new(LocalFileSystem::new_with_prefix(path)?)
            }
            MediaPlace::Bucket(settings) => {
                // TLS for HTTPS endpoints, by ring; an Err only says a
                // provider was installed already.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut builder = AmazonS3Builder::from_env()
                    .with_bucket_name(&settings.bucket)
                    .with_region(settings.region.as_deref().unwrap_or("us-east-1"))
                    // A reader waits for an image: a few quick retries, not
                    // the default three minutes of them.
                    .with_retry(RetryConfig {
                        max_retries: 2,
                        retry_timeout: Duration::from_secs(5),
                        ..RetryConfig::default()
                    })
                    .with_client_options(
                        ClientOptions::new()
                            .with_connect_timeout(Duration::from_secs(3))
                            .with_timeout(Duration::from_secs(30)),
                    );
                if let Some(endpoint) = &settings.endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                if let Some(key) = &settings.access_key_id {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &settings.secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose());
                }
                let bucket = builder
                    .build()
                    .with_context(|| format!("cannot use the media bucket {place}"))?;
                if settings.prefix.is_empty() {
                    Arc::new(bucket)
                } else {
                    Arc::new(PrefixStore::new(bucket, settings.prefix.as_str()))
                }
            }
        };
        Ok(MediaFiles {
            files,
            place: place.to_string().into(),
        })
    }

    /// Asks the place for a listing, so a wrong bucket, endpoint or key
    /// stops `warta serve` at start with the reason, not at the first upload.
    pub async fn check(&self) -> anyhow::Result<()> {
        self.files
            .list_with_delimiter(Some(&Key::from("warta-check")))
            .await
            .with_context(|| format!("cannot reach the media store {}", self.place))?;
        Ok(())
    }

    /// Where the files are, for messages.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// The key of an original.
    pub fn original(sha256: &str, format: &str) -> Key {
        Key::from(format!("{}/{sha256}.{format}", &sha256[..2]))
    }

    /// The key of a variant; a crop's names the focal point it was cut
    /// around (in thousandths), so each focal point has its own file and
    /// two uploads of one file may have different ones.
    pub fn variant(sha256: &str, variant: Variant, focal: (f32, f32)) -> Key {
        let name = match variant.aspect() {
            None => variant.as_str().to_owned(),
            Some(_) => format!(
                "{}-{}-{}",
                variant.as_str(),
                (focal.0.clamp(0.0, 1.0) * 1000.0).round() as u32,
                (focal.1.clamp(0.0, 1.0) * 1000.0).round() as u32
            ),
        };
        Key::from(format!("{}/{sha256}-{name}.webp", &sha256[..2]))
    }

    /// Removes every file of an original: it, its variants and its crops
    /// around any focal point. Returns how many went.
    pub async fn delete_all(&self, sha256: &str) -> anyhow::Result<usize> {
        let folder = Key::from(&sha256[..2]);
        let listed = self
            .files
            .list_with_delimiter(Some(&folder))
            .await
            .with_context(|| format!("cannot list {folder} in the media store {}", self.place))?;
        let mut removed = 0;
        for object in listed.objects {
            let named = object
                .location
                .filename()
                .is_some_and(|name| name.starts_with(sha256));
            if named {
                self.files.delete(&object.location).await.with_context(|| {
                    format!(
                        "cannot delete {} from the media store {}",
                        object.location, self.place
                    )
                })?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Every file's key, for `warta check` to match against the library
    /// (files live one folder deep, named by their hash's first two
    /// characters).
    pub async fn keys(&self) -> anyhow::Result<std::collections::HashSet<String>> {
        let cannot = || format!("cannot list the media store {}", self.place);
        let top = self
            .files
            .list_with_delimiter(None)
            .await
            .with_context(cannot)?;
        let mut keys: std::collections::HashSet<String> = top
            .objects
            .iter()
            .map(|object| object.location.to_string())
            .collect();
        for folder in top.common_prefixes {
            let listed = self
                .files
                .list_with_delimiter(Some(&folder))
                .await
                .with_context(cannot)?;
            keys.extend(
                listed
                    .objects
                    .into_iter()
                    .map(|object| object.location.to_string()),
            );
        }
        Ok(keys)
    }

    /// A file whole; `None` when there is none.
    pub async fn read(&self, key: &Key) -> anyhow::Result<Option<Bytes>> {
        match self.files.get(key).await {
            Ok(found) => Ok(Some(found.bytes().await.with_context(|| {
                format!("cannot read {key} from the media store {}", self.place)
            })?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(anyhow::Error::from(error).context(format!(
                "cannot read {key} from the media store {}",
                self.place
            ))),
        }
    }

    /// Puts a file whole: readers see all of it or nothing (a folder writes
    /// a temporary file and renames it; a bucket's PUT is atomic).
    pub async fn write(&self, key: &Key, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.files
            .put(key, bytes.into())
            .await
            .with_context(|| format!("cannot write {key} to the media store {}", self.place))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_keeps_whole_files_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let files = MediaFiles::open(&MediaPlace::Folder(dir.path().join("media"))).unwrap();
        files.check().await.unwrap();
        let key = MediaFiles::variant("ab12", Variant::Thumb, (0.5, 0.5));
        assert_eq!(files.read(&key).await.unwrap(), None);
        files.write(&key, b"webp".to_vec()).await.unwrap();
        assert_eq!(files.read(&key).await.unwrap().unwrap(), &b"webp"[..]);
        // The layout older versions wrote, so existing folders still serve.
        assert!(dir.path().join("media/ab/ab12-thumb.webp").exists());
        let crop = MediaFiles::variant("ab12", Variant::Square, (0.25, 1.0));
        files.write(&crop, b"crop".to_vec()).await.unwrap();
        assert!(
            dir.path()
                .join("media/ab/ab12-square-250-1000.webp")
                .exists()
        );
        let other = MediaFiles::variant("ab99", Variant::Thumb, (0.5, 0.5));
        files.write(&other, b"other".to_vec()).await.unwrap();
        assert_eq!(files.delete_all("ab12").await.unwrap(), 2);
        assert_eq!(files.read(&key).await.unwrap(), None);
        assert!(files.read(&other).await.unwrap().is_some());
    }
}
