//! A WordPress site's featured images into the media library, from a copy
//! of its uploads folder (`wp-content/uploads`) given to the import.
//!
//! An attachment's URL names its file under that folder
//! (`…/wp-content/uploads/2019/09/banjir.jpg` is `2019/09/banjir.jpg`).
//! The file goes through the same checks and variants as an upload in the
//! newsroom; an image already in the library (by content) is reused, so a
//! second run adds nothing. A missing or broken file leaves the post with
//! the old URL and a warning: the post itself is never lost over its image.

use crate::config::Config;
use crate::media::{MediaFiles, NewImage, add_image, sha256_hex};
use chrono::Utc;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use warta_core::{Image, Locale, MediaId, Picture, Variant};
use warta_store::Store;

/// The uploads folder of the site being imported, and where images go.
#[derive(Debug)]
pub struct Uploads<'a> {
    folder: PathBuf,
    files: &'a MediaFiles,
    config: &'a Config,
    /// Old URL to the library's image, so a file shared by posts is read once.
    done: HashMap<String, (MediaId, u32, u32)>,
    /// Images added to the library in this run.
    pub added: usize,
}

impl<'a> Uploads<'a> {
    /// The uploads folder at `folder`; images go to `files`.
    pub fn new(folder: &Path, files: &'a MediaFiles, config: &'a Config) -> Uploads<'a> {
        Uploads {
            folder: folder.to_owned(),
            files,
            config,
            done: HashMap::new(),
            added: 0,
        }
    }

    /// Makes a featured image the library's copy of its file. `Ok(Some(…))`
    /// says why the old URL was kept; `Err` is the database failing.
    pub async fn attach(
        &mut self,
        store: &Store,
        image: &mut Image,
    ) -> anyhow::Result<Option<String>> {
        if image.media.is_some() {
            return Ok(None);
        }
        let media = match self.done.get(&image.url) {
            Some(media) => *media,
            None => {
                let found = match file_for(&self.folder, &image.url) {
                    Some(path) => inside_folder(&self.folder, &path).await,
                    None => None,
                };
                // One message for "not an uploads URL", "not there" and
                // "outside the folder": the import does not tell what
                // exists elsewhere on the machine.
                let Some(path) = found else {
                    return Ok(Some(format!(
                        "featured image {} is not in the uploads folder: its URL is kept",
                        image.url
                    )));
                };
                let bytes = match tokio::fs::read(&path).await {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        return Ok(Some(format!(
                            "featured image {}: {error}: its URL is kept",
                            path.display()
                        )));
                    }
                };
                let media = match store.media_with_sha256(&sha256_hex(&bytes)).await? {
                    Some(media) => media,
                    None => {
                        let file_name = path
                            .file_name()
                            .map(|name| name.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let new = NewImage {
                            file_name: &file_name,
                            bytes,
                            caption: &image.caption,
                            credit: &image.credit,
                        };
                        match add_image(store, self.files, self.config, new, None, Utc::now()).await
                        {
                            Ok(media) => {
                                self.added += 1;
                                media
                            }
                            Err(error) => {
                                return Ok(Some(format!(
                                    "featured image {}: {}: its URL is kept",
                                    path.display(),
                                    error.message(Locale::En)
                                )));
                            }
                        }
                    }
                };
                let media = (media.id, media.width, media.height);
                self.done.insert(image.url.clone(), media);
                media
            }
        };
        image.url = Picture::of_media(media.0, Variant::Large, 0, 0).url;
        image.media = Some(media);
        Ok(None)
    }
}

/// The file an attachment URL names under the uploads folder; `None` when
/// the URL is not an uploads URL or would lead out of the folder.
fn file_for(folder: &Path, url: &str) -> Option<PathBuf> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let (_, inside) = url
        .split_once("/wp-content/uploads/")
        .or_else(|| url.rsplit_once("/uploads/"))?;
    let mut path = folder.to_owned();
    for part in inside.split('/') {
        // Decoded after the split: a decoded part holding a separator
        // (`%2F`, `..%2F`) would otherwise lead anywhere (`%2Fetc` pushed
        // onto a path replaces it).
        let part = super::wxr::percent_decode(part);
        if part.is_empty() || part == "." || part == ".." || part.contains(['/', '\\', '\0']) {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// The file at `path` if it really is inside `folder`, symbolic links
/// resolved: a link in the uploads folder does not lead out of it either.
/// `None` when it is not, or is not there.
async fn inside_folder(folder: &Path, path: &Path) -> Option<PathBuf> {
    let folder = tokio::fs::canonicalize(folder).await.ok()?;
    let real = tokio::fs::canonicalize(path).await.ok()?;
    real.starts_with(&folder).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attachment_url_names_a_file_inside_the_folder_only() {
        let folder = Path::new("/srv/lama/uploads");
        assert_eq!(
            file_for(
                folder,
                "https://lama.example/wp-content/uploads/2019/09/banjir%20besar.jpg?v=2"
            ),
            Some(PathBuf::from("/srv/lama/uploads/2019/09/banjir besar.jpg"))
        );
        assert_eq!(
            file_for(folder, "https://cdn.lama.example/uploads/sites/2/a.png"),
            Some(PathBuf::from("/srv/lama/uploads/sites/2/a.png"))
        );
        for hostile in [
            "https://lama.example/wp-content/uploads/../../etc/passwd",
            "https://lama.example/wp-content/uploads/2019/%2e%2e/%2e%2e/x.jpg",
            "https://lama.example/wp-content/uploads//etc/passwd",
            // Found by the security review: read outside the folder.
            "https://lama.example/wp-content/uploads/%2Fetc%2Fpasswd.png",
            "https://lama.example/wp-content/uploads/2019/..%2F..%2F..%2Fetc%2Fx.png",
            "https://lama.example/wp-content/uploads/%2e%2e%2f%2e%2e%2fx.png",
            "https://lama.example/wp-content/uploads/a%5c..%5c..%5cx.png",
            "https://lama.example/gambar/banjir.jpg",
        ] {
            assert_eq!(file_for(folder, hostile), None, "{hostile}");
        }
    }

    #[tokio::test]
    async fn a_link_in_the_folder_does_not_lead_out_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = dir.path().join("uploads");
        std::fs::create_dir_all(uploads.join("2019")).unwrap();
        std::fs::write(dir.path().join("rahasia.png"), b"x").unwrap();
        std::fs::write(uploads.join("2019/foto.png"), b"x").unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("rahasia.png"),
            uploads.join("2019/tautan.png"),
        )
        .unwrap();
        let inside = |name: &str| {
            let path = file_for(
                &uploads,
                &format!("https://x.example/wp-content/uploads/2019/{name}"),
            )
            .unwrap();
            let uploads = uploads.clone();
            async move { inside_folder(&uploads, &path).await }
        };
        assert!(inside("foto.png").await.is_some());
        assert_eq!(inside("tautan.png").await, None);
        assert_eq!(inside("tidak-ada.png").await, None);
    }
}
