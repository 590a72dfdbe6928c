//! The reader's HTML of a stored body block: a picture from the library
//! gets its variants (`srcset`, `sizes`, its width and height, lazy
//! loading below the first screen), a gallery likewise, and a post of
//! another platform becomes a placeholder that names the platform, links
//! to the post, and loads the platform's player only when the reader asks
//! (`static/embed.js`), so a page stays light and tells the platform
//! nothing before that. A picture whose image is gone from the library is
//! left out.

use super::embeds::recognise;
use lol_html::html_content::ContentType;
use lol_html::{HtmlRewriter, Settings, element};
use std::cell::{Cell, RefCell};
use warta_core::{Variant, escape_html};

/// What the reader's HTML needs of a library image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Picture {
    /// The original's width.
    pub width: u32,
    /// The original's height.
    pub height: u32,
}

/// The words the placeholders say, in the site's language.
#[derive(Clone, Copy, Debug)]
pub struct EmbedLabels<'a> {
    /// "Putar di sini".
    pub play: &'a str,
    /// "Buka di".
    pub open: &'a str,
    /// "... dimuat setelah Anda menekan Putar." before the platform's name.
    pub note: &'a str,
}

/// How a body is being rendered: which picture comes first (it loads at
/// once, the rest lazily), and whether the body shows embeds (the page then
/// loads `embed.js`).
#[derive(Debug, Default)]
pub struct Rendering {
    pictures_seen: Cell<usize>,
    embeds: Cell<bool>,
}

impl Rendering {
    /// Whether any block rendered so far showed an embed.
    pub fn has_embeds(&self) -> bool {
        self.embeds.get()
    }
}

/// Sizes a picture is shown at: the article column, or a gallery's cell.
const COLUMN_SIZES: &str = "(min-width: 50rem) 46rem, 100vw";
const GALLERY_SIZES: &str = "(min-width: 50rem) 23rem, 50vw";

fn variant_url(id: i64, variant: Variant) -> String {
    format!("/media/{id}/{}.webp", variant.as_str())
}

/// The reader's HTML of one block. Blocks without the editor's figures
/// pass through untouched (the common case, and cheap).
pub fn for_readers(
    block: &str,
    pictures: &super::Pictures,
    labels: EmbedLabels<'_>,
    rendering: &Rendering,
) -> String {
    if !block.starts_with("<figure class=") {
        return block.to_owned();
    }
    let current = Cell::new(None::<i64>);
    let mut output = Vec::with_capacity(block.len() + 512);
    let image = |el: &mut lol_html::html_content::Element, id: i64, sizes: &str| {
        let Some(picture) = pictures.get(&id) else {
            el.remove();
            return;
        };
        let (width, height) = Variant::Large.size_for(picture.width, picture.height);
        let thumb = variant_url(id, Variant::Thumb);
        let large = variant_url(id, Variant::Large);
        let _ = el.set_attribute("src", &large);
        let _ = el.set_attribute("srcset", &format!("{thumb} 400w, {large} 1200w"));
        let _ = el.set_attribute("sizes", sizes);
        let _ = el.set_attribute("width", &width.to_string());
        let _ = el.set_attribute("height", &height.to_string());
        el.remove_attribute("data-media");
        let seen = rendering.pictures_seen.get();
        rendering.pictures_seen.set(seen + 1);
        if seen > 0 {
            let _ = el.set_attribute("loading", "lazy");
        }
        let _ = el.set_attribute("decoding", "async");
    };
    let embed_failed = RefCell::new(false);
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!("figure.picture", |el| {
                    let id = el.get_attribute("data-media").and_then(|v| v.parse().ok());
                    if id.is_none_or(|id| !pictures.contains_key(&id)) {
                        el.remove();
                        return Ok(());
                    }
                    current.set(id);
                    el.remove_attribute("data-media");
                    el.remove_attribute("data-focal");
                    Ok(())
                }),
                element!("figure.picture > img", |el| {
                    if let Some(id) = current.get() {
                        image(el, id, COLUMN_SIZES);
                    }
                    Ok(())
                }),
                element!("figure.gallery > img", |el| {
                    // A picture of the library gets its variants; one from
                    // elsewhere (an imported gallery) shows as it is.
                    match el.get_attribute("data-media").and_then(|v| v.parse().ok()) {
                        Some(id) => image(el, id, GALLERY_SIZES),
                        None => {
                            let _ = el.set_attribute("loading", "lazy");
                        }
                    }
                    Ok(())
                }),
                element!("figure.embed", |el| {
                    el.remove_attribute("data-provider");
                    Ok(())
                }),
                element!("figure.embed > a[href]", |el| {
                    let href = el.get_attribute("href").unwrap_or_default();
                    let Some(embed) = recognise(&href) else {
                        // Not (or no longer) a post we show: a plain link.
                        *embed_failed.borrow_mut() = true;
                        return Ok(());
                    };
                    let name = embed.provider.name();
                    let key = embed.provider.key();
                    let url = escape_html(&embed.url);
                    let play = match embed.player() {
                        Some(player) => {
                            rendering.embeds.set(true);
                            format!(
                                " data-player=\"{}\"><p class=\"embed-play\" hidden>\
                                 <button type=\"button\">{}</button></p",
                                escape_html(player),
                                escape_html(labels.play)
                            )
                        }
                        None => String::new(),
                    };
                    let html = format!(
                        "<div class=\"embed-box embed-{key}\" data-title=\"{name}\"{play}>\
                         <p class=\"embed-name\">{name}</p>\
                         <p class=\"embed-note\">{note} {name}.</p>\
                         <p><a href=\"{url}\" rel=\"noopener noreferrer\">{open} {name}</a></p></div>",
                        note = escape_html(labels.note),
                        open = escape_html(labels.open),
                    );
                    el.replace(&html, ContentType::Html);
                    Ok(())
                }),
            ],
            ..Settings::new()
        },
        |chunk: &[u8]| output.extend_from_slice(chunk),
    );
    if rewriter.write(block.as_bytes()).is_err() || rewriter.end().is_err() {
        return block.to_owned();
    }
    let _ = embed_failed;
    String::from_utf8(output).unwrap_or_else(|_| block.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const LABELS: EmbedLabels<'static> = EmbedLabels {
        play: "Putar di sini",
        open: "Buka di",
        note: "Dimuat setelah Anda menekan Putar, dari",
    };

    fn pictures() -> super::super::Pictures {
        HashMap::from([
            (
                30,
                Picture {
                    width: 1600,
                    height: 900,
                },
            ),
            (
                31,
                Picture {
                    width: 800,
                    height: 800,
                },
            ),
        ])
    }

    #[test]
    fn pictures_get_their_variants_and_only_the_first_loads_at_once() {
        let rendering = Rendering::default();
        let first = for_readers(
            r#"<figure class="picture" data-media="30" data-focal="0.3,0.4"><img src="/media/30/large.webp" alt="Banjir"><figcaption>Banjir. <small class="credit">ANTARA</small></figcaption></figure>"#,
            &pictures(),
            LABELS,
            &rendering,
        );
        assert!(
            first.contains(r#"srcset="/media/30/thumb.webp 400w, /media/30/large.webp 1200w""#),
            "{first}"
        );
        assert!(first.contains(r#"width="1200" height="675""#), "{first}");
        assert!(
            !first.contains("loading=") && !first.contains("data-media"),
            "{first}"
        );
        let gallery = for_readers(
            r#"<figure class="gallery"><img src="/media/31/large.webp" alt="a" data-media="31"><img src="/media/99/large.webp" alt="hilang" data-media="99"><figcaption>Galeri</figcaption></figure>"#,
            &pictures(),
            LABELS,
            &rendering,
        );
        assert!(
            gallery.contains(r#"loading="lazy""#) && gallery.contains("/media/31/thumb.webp 400w"),
            "{gallery}"
        );
        assert!(
            !gallery.contains("hilang"),
            "a picture gone from the library is left out: {gallery}"
        );
        let gone = for_readers(
            r#"<figure class="picture" data-media="77"><img src="/media/77/large.webp" alt="x"></figure>"#,
            &pictures(),
            LABELS,
            &rendering,
        );
        assert_eq!(gone, "");
    }

    #[test]
    fn embeds_are_placeholders_that_load_nothing_until_asked() {
        let rendering = Rendering::default();
        let html = for_readers(
            r#"<figure class="embed" data-provider="youtube"><a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener noreferrer">https://youtu.be/dQw4w9WgXcQ</a></figure>"#,
            &pictures(),
            LABELS,
            &rendering,
        );
        assert!(rendering.has_embeds());
        assert!(
            html.contains(
                r#"data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1""#
            ),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"embed-name\">YouTube</p>"),
            "{html}"
        );
        assert!(
            !html.contains("<iframe") && !html.contains("<img"),
            "nothing loads: {html}"
        );
        assert!(
            html.contains(r#"<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#),
            "{html}"
        );
        // Not a post we show: the link stays a link.
        let rendering = Rendering::default();
        let html = for_readers(
            r#"<figure class="embed" data-provider="youtube"><a href="https://youtube.com.evil.example/watch?v=x">x</a></figure>"#,
            &pictures(),
            LABELS,
            &rendering,
        );
        assert!(
            !rendering.has_embeds()
                && html.contains("youtube.com.evil.example")
                && !html.contains("embed-box"),
            "{html}"
        );
    }
}
