//! Reading a WordPress export (WXR: RSS with WordPress's own elements),
//! one `<item>` at a time, so an export of any size streams.
//!
//! Posts become articles and pages become articles in the section
//! "Halaman"; the first category is the section, `post_tag` categories are
//! tags, `dc:creator` is the author (by display name when the export lists
//! authors), `wp:post_date_gmt` the publication time, `wp:post_name` the
//! slug, `wp:status` the workflow status. The old address (`<link>`) is
//! kept so it redirects. A featured image is the attachment named by the
//! post's `_thumbnail_id` (its URL, or with the uploads folder given, the
//! file itself, see `uploads`). Anything else (revisions, menu items, trash) is
//! skipped with a reason.

use super::attachments::{Attachment, Attachments, AttachmentsWriter};
use super::wp_body::{decode_entities, to_html};
use chrono::{NaiveDateTime, TimeZone, Utc};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::BufRead;
use warta_core::{ArticleContent, Image, Restriction, Slug, Status};

/// One `<item>` as read: element name to text, and its categories.
#[derive(Debug, Default)]
pub struct RawItem {
    fields: HashMap<String, String>,
    /// `(domain, nicename, name)` of each `<category>`.
    categories: Vec<(String, String, String)>,
    /// `wp:postmeta` key to value.
    meta: HashMap<String, String>,
    /// Its comments (not imported: counted).
    pub comments: usize,
    /// Whether some of its text was not valid in the export's encoding
    /// (those bytes became U+FFFD).
    pub replaced: bool,
}

impl RawItem {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(|s| s.trim()).unwrap_or("")
    }

    /// Its `wp:post_type`.
    pub fn kind(&self) -> &str {
        self.get("wp:post_type")
    }

    /// Its `wp:post_id`.
    pub fn id(&self) -> &str {
        self.get("wp:post_id")
    }
}

/// What the whole export says once, needed for every post: author display
/// names by login, and attachments by post id.
#[derive(Debug, Default)]
pub struct Channel {
    /// Login to display name.
    pub authors: HashMap<String, String>,
    /// The uploaded files, by post id (read in the first pass).
    pub attachments: Attachments,
    /// `wp:wxr_version`: what says the file is a WordPress export.
    pub wxr_version: Option<String>,
    /// Categories: `(term id, nicename, name)`.
    pub categories: Vec<(String, String, String)>,
    /// Tags: `(term id, slug, name)`.
    pub tags: Vec<(String, String, String)>,
    /// Authors: `(user id, login)`.
    pub author_ids: Vec<(String, String)>,
    /// Items read.
    pub items: usize,
}

impl super::wp_body::Attachments for Channel {
    fn find(&self, id: &str) -> Option<(String, String)> {
        let attachment = self.attachments.get(id.parse().ok()?)?;
        Some((attachment.url, attachment.caption))
    }

    fn children(&self, id: &str) -> Vec<(String, String)> {
        let Ok(id) = id.parse() else {
            return Vec::new();
        };
        self.attachments
            .children(id)
            .into_iter()
            .map(|a| (a.url, a.caption))
            .collect()
    }
}

/// A post read from the export, ready to save.
#[derive(Debug)]
pub struct WxrPost {
    /// The article.
    pub content: ArticleContent,
    /// Its old path on the WordPress site, to redirect from.
    pub old_path: Option<String>,
}

/// Reads items one by one and hands each to `each` with its number (1 for
/// the first `<item>`). An error in the XML itself ends the read: what came
/// before it was handed over already.
pub fn read_items<R: BufRead>(
    source: R,
    mut each: impl FnMut(usize, RawItem) -> anyhow::Result<()>,
    channel: &mut Channel,
) -> anyhow::Result<()> {
    let mut reader = Reader::from_reader(source);
    let mut buf = Vec::new();
    // Element names open inside the current item. A channel entry (an
    // author, a category, a tag) is read into `entry`.
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<RawItem> = None;
    let mut entry: Option<HashMap<String, String>> = None;
    let mut text = String::new();
    let mut category: Option<(String, String)> = None;
    let mut meta_key = String::new();
    let mut number = 0;
    // Bytes not valid in the export's encoding become U+FFFD, and the item
    // says so: a field is never emptied for one bad byte.
    let mut replaced = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            anyhow::anyhow!(
                "not a readable WordPress export at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                match name.as_str() {
                    "item" => {
                        number += 1;
                        item = Some(RawItem::default());
                        replaced = false;
                        stack.clear();
                    }
                    "wp:author" | "wp:category" | "wp:tag" if item.is_none() => {
                        entry = Some(HashMap::new());
                    }
                    "category" if item.is_some() => {
                        let attribute = |key: &str| {
                            start
                                .try_get_attribute(key)
                                .ok()
                                .flatten()
                                .and_then(|a| {
                                    a.decode_and_unescape_value(reader.decoder())
                                        .ok()
                                        .map(|v| v.into_owned())
                                })
                                .unwrap_or_default()
                        };
                        category = Some((attribute("domain"), attribute("nicename")));
                    }
                    _ => {}
                }
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => {
                let decoded = decode(&t, reader.decoder(), &mut replaced);
                // Line ends as XML reads them.
                text.push_str(&decoded.replace("\r\n", "\n").replace('\r', "\n"));
            }
            Event::CData(t) => text.push_str(&decode(&t, reader.decoder(), &mut replaced)),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = r
                    .decode()
                    .ok()
                    .and_then(|name| quick_xml::escape::resolve_xml_entity(&name))
                {
                    text.push_str(s);
                }
            }
            Event::End(end) => {
                let name = String::from_utf8_lossy(end.name().as_ref()).into_owned();
                stack.pop();
                let value = std::mem::take(&mut text);
                if name == "wp:wxr_version" && item.is_none() {
                    channel.wxr_version = Some(value.trim().to_owned());
                } else if name == "item" {
                    channel.items = number;
                    if let Some(mut done) = item.take() {
                        done.replaced = replaced;
                        each(number, done)?;
                    }
                } else if name == "wp:author" && item.is_none() {
                    if let Some(fields) = entry.take() {
                        let field = |key: &str| fields.get(key).map(|v| v.trim()).unwrap_or("");
                        let (login, display) =
                            (field("wp:author_login"), field("wp:author_display_name"));
                        if !login.is_empty() && !display.is_empty() {
                            channel.authors.insert(login.to_owned(), display.to_owned());
                        }
                        if !login.is_empty() && !field("wp:author_id").is_empty() {
                            channel
                                .author_ids
                                .push((field("wp:author_id").to_owned(), login.to_owned()));
                        }
                    }
                } else if matches!(name.as_str(), "wp:category" | "wp:tag") && item.is_none() {
                    // A term of the site: its old pages redirect to ours.
                    if let Some(fields) = entry.take() {
                        let field = |key: &str| {
                            fields
                                .get(key)
                                .map(|v| v.trim().to_owned())
                                .unwrap_or_default()
                        };
                        let term = if name == "wp:category" {
                            (
                                field("wp:term_id"),
                                field("wp:category_nicename"),
                                field("wp:cat_name"),
                            )
                        } else {
                            (
                                field("wp:term_id"),
                                field("wp:tag_slug"),
                                field("wp:tag_name"),
                            )
                        };
                        if !term.1.is_empty() && !term.2.is_empty() {
                            let list = if name == "wp:category" {
                                &mut channel.categories
                            } else {
                                &mut channel.tags
                            };
                            list.push(term);
                        }
                    }
                } else if let Some(fields) = entry.as_mut() {
                    fields.insert(name, value);
                } else if let Some(current) = item.as_mut() {
                    match name.as_str() {
                        "category" => {
                            if let Some((domain, nicename)) = category.take() {
                                current.categories.push((
                                    domain,
                                    nicename,
                                    value.trim().to_owned(),
                                ));
                            }
                        }
                        "wp:meta_key" => meta_key = value.trim().to_owned(),
                        "wp:comment" => current.comments += 1,
                        "wp:meta_value" => {
                            current
                                .meta
                                .insert(std::mem::take(&mut meta_key), value.trim().to_owned());
                        }
                        // Only the item's own children: a field of the same
                        // name deeper down (a comment's) is not the post's.
                        _ if stack.len() == 1 => {
                            current.fields.insert(name, value);
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if item.is_some() {
        anyhow::bail!("the export ends inside an <item>: it is cut short");
    }
    Ok(())
}

/// Text in the export's encoding; bytes not valid in it become U+FFFD and
/// set `replaced`.
fn decode(bytes: &[u8], decoder: quick_xml::encoding::Decoder, replaced: &mut bool) -> String {
    match decoder.decode(bytes) {
        Ok(text) => text.into_owned(),
        Err(_) => {
            *replaced = true;
            decoder
                .encoding()
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
    }
}

/// Turns an item into a post; `None` for what is not content (images,
/// menu items, revisions and other WordPress internals); an error says
/// why a post or page cannot be used.
pub fn post_of(item: &RawItem, channel: &Channel) -> Result<Option<WxrPost>, String> {
    let page = match item.get("wp:post_type") {
        "post" => false,
        "page" => true,
        "" => return Err("no wp:post_type".into()),
        _ => return Ok(None),
    };
    let (status, restriction) = match item.get("wp:status") {
        "publish" => (Status::Published, None),
        "future" => (Status::Scheduled, None),
        "draft" | "auto-draft" => (Status::Draft, None),
        "pending" => (Status::Review, None),
        "private" => (Status::Draft, Some(Restriction::Private)),
        "trash" => (Status::Draft, Some(Restriction::Trashed)),
        other => return Err(format!("unknown status {other:?}")),
    };
    // What is not public in WordPress is never public here: a private or
    // password-protected post arrives as a draft marked so; a post in the
    // trash is not imported, and takes down one imported before.
    let restriction = restriction
        .or_else(|| (!item.get("wp:post_password").is_empty()).then_some(Restriction::Password));
    let status = if restriction.is_some() {
        Status::Draft
    } else {
        status
    };
    let id = item.get("wp:post_id");
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err("no numeric wp:post_id".into());
    }
    let title = decode_entities(item.get("title"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // WordPress shows a post without a title as "(no title)"; here it is
    // titled by its first words, so it is not lost (the summary says so).
    let title = if title.is_empty() {
        untitled(item.get("content:encoded"))
    } else {
        title
    };
    if title.chars().count() > 500 {
        return Err("title longer than 500 characters".into());
    }
    let published_at = match item.get("wp:post_date_gmt") {
        "" | "0000-00-00 00:00:00" => None,
        text => Some(
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .map(|t| Utc.from_utc_datetime(&t))
                .map_err(|_| format!("wp:post_date_gmt {text:?} is not a date"))?,
        ),
    };
    // When WordPress last saw the post change: what sitemaps and JSON-LD
    // say, rather than the moment of the import.
    let modified_at = match item.get("wp:post_modified_gmt") {
        "" | "0000-00-00 00:00:00" => None,
        text => NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .ok()
            .map(|t| Utc.from_utc_datetime(&t)),
    };
    if status == Status::Scheduled && published_at.is_none() {
        return Err("scheduled without a date".into());
    }
    // The first category is the section; the others are kept as tags, with
    // the tags themselves (`post_tag`, and WXR 1.0's `tag`), none dropped.
    let mut categories = item
        .categories
        .iter()
        .filter(|(domain, _, name)| domain == "category" && !name.is_empty());
    let (section_slug, section_name) = if page {
        (Slug::from_text("halaman", "halaman"), "Halaman".to_owned())
    } else {
        categories
            .next()
            .map(|(_, nicename, name)| (Slug::for_section(nicename, "berita"), name.clone()))
            .unwrap_or_else(|| (Slug::from_text("berita", "berita"), "Berita".to_owned()))
    };
    let mut tags: Vec<String> = Vec::new();
    let named = item.categories.iter().filter(|(domain, _, name)| {
        matches!(domain.as_str(), "post_tag" | "tag") && !name.is_empty()
    });
    for (_, _, name) in categories.chain(named) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            tags.push(name);
        }
    }
    let creator = item.get("dc:creator");
    let author = channel
        .authors
        .get(creator)
        .cloned()
        .unwrap_or_else(|| creator.to_owned());
    // A slug in another script (Arabic, Chinese, …) does not fold to
    // Latin letters: the title is tried, then the post's number, so such
    // posts never all share one slug.
    let fallback = format!("artikel-{id}");
    let slug = match item.get("wp:post_name") {
        "" => None,
        name => {
            let from_title = Slug::from_text(&title, &fallback);
            Some(Slug::from_text(&percent_decode(name), from_title.as_str()))
        }
    };
    let image = item
        .meta
        .get("_thumbnail_id")
        .and_then(|id| channel.attachments.get(id.parse().ok()?))
        .map(|attachment| Image {
            url: attachment.url,
            caption: attachment.caption,
            credit: String::new(),
            media: None,
        });
    let old_path = old_path(item.get("link")).map(|path| percent_decode(&path));
    Ok(Some(WxrPost {
        content: ArticleContent {
            external_id: Some(format!("wp-{id}")),
            slug,
            title,
            lede: decode_entities(&strip_tags(item.get("excerpt:encoded"))),
            body: crate::body::sanitise_html(&to_html(item.get("content:encoded"), id, channel)),
            section: (section_slug, section_name),
            tags,
            authors: if author.is_empty() {
                Vec::new()
            } else {
                vec![author]
            },
            image,
            outlet_prefix: String::new(),
            dateline_place: String::new(),
            status: Some(status),
            published_at,
            modified_at,
            read_also_external_id: None,
            read_also: None,
            body_source: None,
            correction_note: String::new(),
            unpublish_at: None,
            restriction,
        },
        old_path,
    }))
}

/// A title for a post that has none: its first words, else "Tanpa judul".
fn untitled(body: &str) -> String {
    let text = strip_tags(body);
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => "Tanpa judul".to_owned(),
        n if n <= 10 => words.join(" "),
        _ => format!("{}…", words[..10].join(" ")),
    }
}

/// The path of an old address, without its trailing slash (`/2019/09/25/judul`).
fn old_path(link: &str) -> Option<String> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))?;
    let path = &rest[rest.find('/')?..];
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_owned())
}

/// Text without markup, on one line (an excerpt may carry tags).
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `%e2%80%93` and the like in WordPress slugs and addresses, as text
/// (in either case of hex digits: an old address is found however it is
/// written).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the export's item-independent parts (authors, attachments): a
/// first pass, since attachments may come after the posts that use them.
/// A damaged export gives what comes before the damage; the second pass,
/// which imports, reports the damage. Fails only when the attachments
/// cannot be written to their temporary file.
pub fn read_channel<R: BufRead>(source: R) -> std::io::Result<Channel> {
    let mut channel = Channel::default();
    let mut attachments = AttachmentsWriter::new()?;
    let mut written = Ok(());
    let _ = read_items(
        source,
        |_, item| {
            let url = item.get("wp:attachment_url");
            if item.kind() == "attachment"
                && !url.is_empty()
                && let Ok(id) = item.id().parse()
            {
                let attachment = Attachment {
                    url: url.to_owned(),
                    caption: strip_tags(item.get("excerpt:encoded")),
                    parent: item.get("wp:post_parent").parse().unwrap_or(0),
                };
                written = attachments.add(id, &attachment);
                written.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            Ok(())
        },
        &mut channel,
    );
    written?;
    channel.attachments = attachments.finish()?;
    Ok(channel)
}

#[cfg(test)]
mod tests {
    mod properties {
        use crate::import::wxr::*;
        use proptest::prelude::*;

        /// Export-shaped XML with items whose fields are pieces of
        /// hostile and broken markup.
        fn export() -> impl Strategy<Value = String> {
            let text = prop_oneof![
                any::<String>(),
                prop::sample::select(vec![
                    "<![CDATA[<p>isi</p>]]>",
                    "<![CDATA[",
                    "]]>",
                    "&amp;",
                    "&bogus;",
                    "&#0;",
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                    "&e;",
                    "publish",
                    "draft",
                    "private",
                    "trash",
                    "future",
                    "post",
                    "page",
                    "attachment",
                    "2019-09-25 10:00:00",
                    "0000-00-00 00:00:00",
                    "</item>",
                    "<item>",
                    "<wp:meta>",
                ])
                .prop_map(str::to_owned),
            ];
            let field = prop::sample::select(vec![
                "title",
                "link",
                "content:encoded",
                "excerpt:encoded",
                "wp:post_id",
                "wp:post_date_gmt",
                "wp:post_modified_gmt",
                "wp:status",
                "wp:post_type",
                "wp:post_name",
                "wp:post_password",
                "dc:creator",
                "category",
                "wp:postmeta",
                "wp:attachment_url",
            ]);
            prop::collection::vec(prop::collection::vec((field, text), 0..10), 0..4).prop_map(|items| {
                let mut xml = String::from(
                    "<?xml version=\"1.0\"?><rss xmlns:content=\"c\" xmlns:wp=\"w\" xmlns:dc=\"d\" xmlns:excerpt=\"e\"><channel>",
                );
                for fields in items {
                    xml.push_str("<item>");
                    for (name, value) in fields {
                        xml.push_str(&format!("<{name}>{value}</{name}>"));
                    }
                    xml.push_str("</item>");
                }
                xml.push_str("</channel></rss>");
                xml
            })
        }

        proptest! {
            #[test]
            fn any_export_is_read_or_refused_without_a_panic(xml in prop_oneof![export(), any::<String>()]) {
                let channel = read_channel(xml.as_bytes()).unwrap();
                let mut posts = 0;
                let _ = read_items(
                    xml.as_bytes(),
                    |_, item| {
                        if let Ok(Some(post)) = post_of(&item, &channel) {
                            posts += 1;
                            let html = post.content.body.as_html().to_ascii_lowercase();
                            assert!(!html.contains("<script"), "{html}");
                            assert!(!html.contains("/etc/passwd") || !html.contains("root:"));
                        }
                        Ok(())
                    },
                    &mut Channel::default(),
                );
                prop_assert!(posts <= xml.matches("<item>").count());
            }
        }
    }
}
