//! A WordPress site's pictures into the media library, from a copy of its
//! uploads folder (`wp-content/uploads`) given to the import: featured
//! images, and the pictures in bodies (their addresses rewritten to the
//! library's).
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
use warta_core::{Body, Image, Locale, MediaId, Picture, Variant, media_path};
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
        let url = image.url.clone();
        let (caption, credit) = (image.caption.clone(), image.credit.clone());
        match self.media_for(store, &url, &caption, &credit).await? {
            Ok(media) => {
                image.url = Picture::of_media(media.0, Variant::Large, 0, 0).url;
                image.media = Some(media);
                Ok(None)
            }
            Err(why) => Ok(Some(format!("featured image {why}: its URL is kept"))),
        }
    }

    /// Brings the pictures of a body into the library and points the body
    /// at them (an image's `src` at its large variant, a link to the file
    /// at the original). Returns why a picture kept its old address, one
    /// line each.
    pub async fn attach_body(
        &mut self,
        store: &Store,
        body: &mut Body,
    ) -> anyhow::Result<Vec<String>> {
        let html = body.as_html().to_owned();
        let urls = std::cell::RefCell::new(Vec::<String>::new());
        {
            let mut collect = lol_html::HtmlRewriter::new(
                lol_html::Settings {
                    element_content_handlers: vec![
                        lol_html::element!("img[src]", |el| {
                            urls.borrow_mut().extend(el.get_attribute("src"));
                            Ok(())
                        }),
                        lol_html::element!("a[href]", |el| {
                            urls.borrow_mut()
                                .extend(el.get_attribute("href").filter(|h| is_picture(h)));
                            Ok(())
                        }),
                    ],
                    ..lol_html::Settings::new()
                },
                |_: &[u8]| {},
            );
            collect.write(html.as_bytes())?;
            collect.end()?;
        }
        let mut urls = urls.into_inner();
        urls.retain(|url| file_for(&self.folder, url).is_some());
        urls.sort();
        urls.dedup();
        if urls.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = HashMap::new();
        let mut warnings = Vec::new();
        for url in urls {
            match self.media_for(store, &url, "", "").await? {
                Ok(media) => {
                    found.insert(url, media);
                }
                Err(why) => warnings.push(format!("picture in the body {why}: its URL is kept")),
            }
        }
        let mut rewritten = Vec::with_capacity(html.len());
        {
            let mut rewrite = lol_html::HtmlRewriter::new(
                lol_html::Settings {
                    element_content_handlers: vec![
                        lol_html::element!("img[src]", |el| {
                            let src = el.get_attribute("src").unwrap_or_default();
                            if let Some((id, width, height)) = found.get(&src) {
                                let (w, h) = Variant::Large.size_for(*width, *height);
                                el.set_attribute("src", &media_path(*id, Variant::Large))?;
                                el.set_attribute("data-media", &id.0.to_string())?;
                                el.set_attribute("width", &w.to_string())?;
                                el.set_attribute("height", &h.to_string())?;
                            }
                            Ok(())
                        }),
                        lol_html::element!("a[href]", |el| {
                            let href = el.get_attribute("href").unwrap_or_default();
                            if let Some((id, _, _)) = found.get(&href) {
                                el.set_attribute("href", &format!("/media/{id}/original"))?;
                            }
                            Ok(())
                        }),
                    ],
                    ..lol_html::Settings::new()
                },
                |chunk: &[u8]| rewritten.extend_from_slice(chunk),
            );
            rewrite.write(html.as_bytes())?;
            rewrite.end()?;
        }
        *body = crate::body::sanitise_html(&String::from_utf8_lossy(&rewritten));
        Ok(warnings)
    }

    /// The library's image of the file an uploads URL names (added if
    /// new); `Ok(Err(why))` when it stays at its old address.
    async fn media_for(
        &mut self,
        store: &Store,
        url: &str,
        caption: &str,
        credit: &str,
    ) -> anyhow::Result<Result<(MediaId, u32, u32), String>> {
        if let Some(media) = self.done.get(url) {
            return Ok(Ok(*media));
        }
        // A body shows a size WordPress made (`foto-300x200.jpg`): the
        // original (`foto.jpg`) is the one the library wants, when it is there.
        let mut found = None;
        for candidate in [full_size(url), Some(url.to_owned())].into_iter().flatten() {
            if let Some(path) = file_for(&self.folder, &candidate) {
                found = inside_folder(&self.folder, &path).await;
                if found.is_some() {
                    break;
                }
            }
        }
        // One message for "not an uploads URL", "not there" and "outside
        // the folder": the import does not tell what exists elsewhere on
        // the machine.
        let Some(path) = found else {
            return Ok(Err(format!("{url} is not in the uploads folder")));
        };
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(error) => return Ok(Err(format!("{}: {error}", path.display()))),
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
                    caption,
                    credit,
                };
                match add_image(store, self.files, self.config, new, None, Utc::now()).await {
                    Ok(media) => {
                        self.added += 1;
                        media
                    }
                    Err(error) => {
                        return Ok(Err(format!(
                            "{}: {}",
                            path.display(),
                            error.message(Locale::En)
                        )));
                    }
                }
            }
        };
        let media = (media.id, media.width, media.height);
        // A cache, not a record (the library finds a file again by its
        // checksum): emptied now and then so a site of millions of
        // pictures is imported in bounded memory.
        if self.done.len() >= 100_000 {
            self.done.clear();
        }
        self.done.insert(url.to_owned(), media);
        Ok(Ok(media))
    }
}

/// Whether a link points at a picture file (a body's "click to enlarge").
fn is_picture(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// `…/foto-300x200.jpg` as `…/foto.jpg`: the size WordPress made, as its
/// original; `None` for a name without a size.
fn full_size(url: &str) -> Option<String> {
    let (stem, ext) = url.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{ext}"))
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
    fn a_size_wordpress_made_leads_to_its_original() {
        assert_eq!(
            full_size("https://x.example/wp-content/uploads/2019/09/banjir-besar-300x200.jpg")
                .as_deref(),
            Some("https://x.example/wp-content/uploads/2019/09/banjir-besar.jpg")
        );
        assert_eq!(
            full_size("https://x.example/uploads/banjir-besar.jpg"),
            None
        );
        assert_eq!(full_size("https://x.example/uploads/2019-x.jpg"), None);
        assert!(
            is_picture("https://x.example/a/B.JPG?v=1") && !is_picture("https://x.example/a.pdf")
        );
    }

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
