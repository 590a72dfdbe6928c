//! Article bodies: what may be stored, and how readers get it.
//!
//! Whatever arrives (the newsroom's visual editor, Markdown from the API,
//! a WordPress export) goes through one allow-list before it is stored
//! ([`sanitise_html`]): headings (levels 2 to 4), paragraphs, line breaks,
//! emphasis, strike-through, links (http, https, mailto; marked `noopener
//! noreferrer`), quotes, lists, tables, code, figures with their captions,
//! and the editor's own blocks: a picture from the media library
//! (`figure.picture[data-media][data-focal]`), a gallery of several
//! (`figure.gallery` of `img[data-media]`), a post of another platform
//! (`figure.embed[data-provider]` holding a link). Scripts, styles, frames,
//! event handlers, `javascript:` URLs and anything else are removed; the
//! editor's attributes are kept only with well-formed values.
//!
//! Stored bodies stay in that form; [`render`] makes the reader's HTML of
//! them (picture variants with `srcset`, embeds as placeholders that load
//! nothing until asked), and feeds and the API carry the stored form, in
//! which an embed is a plain link.

pub mod embeds;
pub mod markdown;
pub mod render;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use warta_core::Body;

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "em",
        "b",
        "i",
        "s",
        "a",
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "img",
        "small",
        "code",
        "pre",
        "hr",
        "sup",
        "sub",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [
                ("a", ["href"].into_iter().collect()),
                (
                    "img",
                    ["src", "alt", "width", "height", "data-media"]
                        .into_iter()
                        .collect(),
                ),
                (
                    "figure",
                    ["data-media", "data-focal", "data-provider"]
                        .into_iter()
                        .collect(),
                ),
                ("th", ["colspan", "rowspan"].into_iter().collect()),
                ("td", ["colspan", "rowspan"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .allowed_classes(
            [
                (
                    "figure",
                    ["picture", "gallery", "embed"].into_iter().collect(),
                ),
                ("small", ["credit"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .attribute_filter(|_, attribute, value| match attribute {
            "data-media" => is_media_id(value).then_some(Cow::Borrowed(value)),
            "data-focal" => focal(value).map(|(x, y)| Cow::Owned(format!("{x},{y}"))),
            "data-provider" => embeds::Provider::from_key(value).map(|p| Cow::Borrowed(p.key())),
            _ => Some(Cow::Borrowed(value)),
        })
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// Any HTML through the allow-list.
pub fn sanitise_html(html: &str) -> Body {
    Body::from_sanitised_html(SANITISER.clean(html).to_string())
}

fn is_media_id(value: &str) -> bool {
    !value.is_empty() && value.len() <= 18 && value.bytes().all(|b| b.is_ascii_digit())
}

/// A focal point `x,y`, each from 0 to 1 (the picture's left or top edge
/// to its right or bottom), kept to three decimals.
pub fn focal(value: &str) -> Option<(f32, f32)> {
    let (x, y) = value.split_once(',')?;
    let read = |text: &str| {
        let v: f32 = text.trim().parse().ok()?;
        (0.0..=1.0)
            .contains(&v)
            .then_some((v * 1000.0).round() / 1000.0)
    };
    Some((read(x)?, read(y)?))
}

/// The media library's images a body shows (pictures and galleries), in
/// order, each once.
pub fn media_ids(html: &str) -> Vec<i64> {
    let mut seen = Vec::new();
    for (at, _) in html.match_indices("data-media=\"") {
        let rest = &html[at + 12..];
        if let Some(end) = rest.find('"')
            && let Ok(id) = rest[..end].parse::<i64>()
            && !seen.contains(&id)
        {
            seen.push(id);
        }
    }
    seen
}

/// Whether the visual editor can show `html` whole: only the elements it
/// edits (paragraphs, subheadings, emphasis, links, quotes, lists, and its
/// own pictures, galleries and embeds). A body with anything else (a table,
/// code, a picture from another site, an `h4`) is edited as HTML instead,
/// so that saving it in the editor loses nothing.
pub fn fits_the_editor(html: &str) -> bool {
    const EDITED: [&str; 20] = [
        "p",
        "br",
        "h2",
        "h3",
        "strong",
        "em",
        "b",
        "i",
        "s",
        "a",
        "blockquote",
        "ul",
        "ol",
        "li",
        "figure",
        "figcaption",
        "img",
        "small",
        "u",
        "span",
    ];
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found + 1;
        let name: String = html[start..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !EDITED.contains(&name.as_str()) {
            return false;
        }
        let end = html[start..].find('>').map_or(html.len(), |e| start + e);
        let tag = &html[start..end];
        let opening = !tag.starts_with('/');
        if opening && name == "img" && !tag.contains("src=\"/media/") {
            return false;
        }
        if opening
            && name == "figure"
            && !["picture", "gallery", "embed"]
                .iter()
                .any(|class| tag.contains(&format!("class=\"{class}\"")))
        {
            return false;
        }
        at = end;
    }
    true
}

/// What the reader's HTML of a body needs to know of its pictures: size,
/// caption defaults and focal point of each library image, by number.
pub type Pictures = HashMap<i64, render::Picture>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editors_blocks_keep_only_well_formed_attributes() {
        let html = sanitise_html(
            "<figure class=\"picture evil\" data-media=\"30\" data-focal=\"0.2999,0.4\" onclick=\"x()\">\
             <img src=\"/media/30/large.webp\" alt=\"Banjir\"><figcaption>Banjir. \
             <small class=\"credit\">ANTARA</small></figcaption></figure>\
             <figure class=\"gallery\"><img src=\"/media/1/large.webp\" data-media=\"1\" alt=\"a\">\
             <img src=\"/media/2/large.webp\" data-media=\"2 or 1=1\" alt=\"b\"></figure>\
             <figure class=\"embed\" data-provider=\"youtube\"><a href=\"https://youtu.be/abc\">x</a></figure>\
             <figure class=\"embed\" data-provider=\"evil\"><a href=\"javascript:alert(1)\">y</a></figure>\
             <figure data-focal=\"2,3\" class=\"picture\"></figure>",
        );
        let html = html.as_html();
        assert!(
            html.contains(r#"<figure class="picture" data-media="30" data-focal="0.3,0.4">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<small class="credit">ANTARA</small>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"data-media="1""#) && !html.contains("or 1=1"),
            "{html}"
        );
        assert!(
            html.contains(r#"<figure class="embed" data-provider="youtube">"#),
            "{html}"
        );
        assert!(
            !html.contains("evil") && !html.contains("javascript") && !html.contains("onclick"),
            "{html}"
        );
        assert!(!html.contains("data-focal=\"2"), "{html}");
        assert_eq!(media_ids(html), [30, 1]);
    }

    #[test]
    fn only_what_the_editor_edits_fits_it() {
        assert!(fits_the_editor(
            "<p>Teks <strong>tebal</strong> <a href=\"https://x.id\">t</a></p><h2>S</h2>\
             <figure class=\"picture\" data-media=\"3\"><img src=\"/media/3/large.webp\" data-media=\"3\" alt=\"\"></figure>\
             <ul><li><p>a</p></li></ul>"
        ));
        for html in [
            "<table><tr><td>x</td></tr></table>",
            "<p><img src=\"https://lama.example/a.jpg\"></p>",
            "<h4>Kecil</h4>",
            "<pre><code>x</code></pre>",
            "<figure><img src=\"/media/1/large.webp\" data-media=\"1\"></figure>",
            "<p><img src=\"https://lama.example/media/1/x.jpg\"></p>",
        ] {
            assert!(!fits_the_editor(html), "{html}");
        }
    }
}
