//! A WordPress post's content as WordPress shows it, before Warta's
//! sanitiser: paragraphs from blank lines (what `wpautop` does when a post
//! is displayed), the shortcodes newsrooms use (`[caption]` as a figure
//! with its caption, `[gallery]` as a gallery of its pictures,
//! `[embed]`/`[video]`/`[audio]` and a link alone on its line as the
//! editor's embeds or plain links), headings moved into the levels an
//! article has (h1 to h2, h5 and h6 to h4), `<del>` as strike-through.
//! HTML entities in titles are decoded once here too.

use crate::body::embeds::recognise;
use std::collections::HashMap;

/// Elements that stand as blocks: never wrapped in a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "iframe",
    "script",
    "style",
    "video",
    "audio",
    "object",
];

/// What a body's shortcodes refer to: attachment ids to their URLs and
/// captions.
pub trait Attachments {
    /// The URL and caption of attachment `id`.
    fn find(&self, id: &str) -> Option<(String, String)>;
    /// The attachments whose parent is post `id`, in order.
    fn children(&self, id: &str) -> Vec<(String, String)>;
}

/// The content of post `post_id` as HTML WordPress would show.
pub fn to_html(content: &str, post_id: &str, attachments: &dyn Attachments) -> String {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let content = shortcodes(&content, post_id, attachments);
    let content = embed_lines(&content);
    let content = autop(&content);
    levels(&content)
}

/// Paragraphs from blank lines, the way `wpautop` forms them: blocks stand
/// alone, text between them becomes `<p>`, a single line break `<br>`.
pub fn autop(html: &str) -> String {
    // Blank lines around every block, so blocks split from text.
    let mut spaced = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        spaced.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag[1..].starts_with('/');
        if BLOCKS.contains(&name.as_str()) {
            // Above an opening tag, below a closing one (and both sides of
            // one that stands alone): what a block holds stays with it.
            if !closing {
                spaced.push_str("\n\n");
            }
            spaced.push_str(&tag[..end]);
            if closing || name == "hr" || tag[..end].ends_with("/>") {
                spaced.push_str("\n\n");
            }
        } else {
            spaced.push_str(&tag[..end]);
        }
        rest = &tag[end..];
    }
    spaced.push_str(rest);
    let mut out = String::with_capacity(spaced.len() + 64);
    // Inside <pre>, text stays as it is.
    let mut in_pre = false;
    for chunk in spaced.split("\n\n") {
        let trimmed = chunk.trim_matches('\n');
        if trimmed.trim().is_empty() {
            if in_pre {
                out.push_str("\n\n");
            }
            continue;
        }
        let lower = trimmed.trim_start().to_ascii_lowercase();
        let is_block = lower.starts_with('<')
            && BLOCKS.iter().any(|b| {
                let name = lower[1..].trim_start_matches('/');
                name.starts_with(b) && name[b.len()..].starts_with(['>', ' ', '/'])
            });
        if lower.starts_with("<pre") {
            in_pre = true;
        }
        if is_block || in_pre {
            out.push_str(trimmed);
            out.push('\n');
        } else {
            out.push_str("<p>");
            out.push_str(&trimmed.trim().replace('\n', "<br>\n"));
            out.push_str("</p>\n");
        }
        if lower.starts_with("</pre") {
            in_pre = false;
        }
    }
    out
}

/// `[name attrs]inner[/name]` and `[name attrs]`: each newsroom shortcode
/// as the HTML it stands for; others stay as written.
fn shortcodes(content: &str, post_id: &str, attachments: &dyn Attachments) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match shortcode_at(tail) {
            Some((name, attrs, inner, used)) => {
                let html = match name.as_str() {
                    "caption" | "wp_caption" => caption(&attrs, inner.unwrap_or("")),
                    "gallery" => gallery(&attrs, post_id, attachments),
                    "embed" => embed(inner.unwrap_or("").trim()),
                    "video" | "audio" => media_link(&name, &attrs, inner.unwrap_or("")),
                    _ => tail[..used].to_owned(),
                };
                out.push_str(&html);
                rest = &tail[used..];
            }
            None => {
                out.push('[');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A shortcode as found: its name, attributes, what it encloses (if it is
/// closed) and how many bytes it spans.
type Shortcode<'a> = (String, HashMap<String, String>, Option<&'a str>, usize);

/// The shortcode at the start of `text`, if one is.
fn shortcode_at(text: &str) -> Option<Shortcode<'_>> {
    let name: String = text[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    if name.is_empty() {
        return None;
    }
    let open_end = text.find(']')?;
    let attrs = attributes(&text[1 + name.len()..open_end]);
    let close = format!("[/{name}]");
    let after = &text[open_end + 1..];
    match after.find(&close) {
        // A closing tag before any other opening of the same name.
        Some(end) if !after[..end].contains(&format!("[{name}")) => Some((
            name.to_ascii_lowercase(),
            attrs,
            Some(&after[..end]),
            open_end + 1 + end + close.len(),
        )),
        _ => Some((name.to_ascii_lowercase(), attrs, None, open_end + 1)),
    }
}

/// `key="value" key='value' key=value` pairs.
fn attributes(text: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().to_ascii_lowercase();
        let value_start = rest[eq + 1..].trim_start();
        let (value, used) = match value_start.chars().next() {
            Some(q @ ('"' | '\'')) => match value_start[1..].find(q) {
                Some(end) => (&value_start[1..1 + end], end + 2),
                None => (&value_start[1..], value_start.len()),
            },
            _ => {
                let end = value_start
                    .find(char::is_whitespace)
                    .unwrap_or(value_start.len());
                (&value_start[..end], end)
            }
        };
        found.insert(key, value.to_owned());
        rest = value_start[used..].trim_start();
    }
    found
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `[caption]<img …> Text[/caption]`: the picture (with its link, if any)
/// and the text as its caption.
fn caption(attrs: &HashMap<String, String>, inner: &str) -> String {
    // The picture is the leading markup up to the last `>` of its image
    // (or of the link around it); the rest is the caption.
    let split = inner
        .rfind("</a>")
        .map(|at| at + 4)
        .or_else(|| {
            inner
                .find("<img")
                .and_then(|at| inner[at..].find('>').map(|e| at + e + 1))
        })
        .unwrap_or(0);
    let (picture, text) = inner.split_at(split);
    let text = match text.trim() {
        "" => attrs.get("caption").map(|c| escape(c)).unwrap_or_default(),
        text => text.to_owned(),
    };
    format!(
        "\n\n<figure>{}<figcaption>{text}</figcaption></figure>\n\n",
        picture.trim()
    )
}

/// `[gallery ids="1,2,3"]`, or the post's own pictures without ids.
fn gallery(
    attrs: &HashMap<String, String>,
    post_id: &str,
    attachments: &dyn Attachments,
) -> String {
    let pictures: Vec<(String, String)> = match attrs.get("ids").or_else(|| attrs.get("include")) {
        Some(ids) => ids
            .split(',')
            .filter_map(|id| attachments.find(id.trim()))
            .collect(),
        None => attachments.children(post_id),
    };
    if pictures.is_empty() {
        return String::new();
    }
    let images: String = pictures
        .iter()
        .map(|(url, caption)| format!("<img src=\"{}\" alt=\"{}\">", escape(url), escape(caption)))
        .collect();
    format!("\n\n<figure class=\"gallery\">{images}</figure>\n\n")
}

/// A URL as the editor embeds it, else a link.
fn embed(url: &str) -> String {
    match recognise(url) {
        Some(embed) => format!(
            "\n\n<figure class=\"embed\" data-provider=\"{}\"><a href=\"{}\">{}</a></figure>\n\n",
            embed.provider.key(),
            escape(&embed.url),
            escape(&embed.url)
        ),
        None if url.starts_with("http://") || url.starts_with("https://") => {
            format!("<a href=\"{0}\">{0}</a>", escape(url))
        }
        None => escape(url),
    }
}

/// `[video src=…]`, `[audio mp3=…]`: a link to the file (Warta does not
/// play files of its own in bodies).
fn media_link(kind: &str, attrs: &HashMap<String, String>, inner: &str) -> String {
    let src = [
        "src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "m4a", "wav",
    ]
    .iter()
    .find_map(|key| attrs.get(*key))
    .cloned()
    .unwrap_or_else(|| inner.trim().to_owned());
    if let Some(found) = recognise(&src) {
        return embed(&found.url);
    }
    let label = if kind == "video" { "Video" } else { "Audio" };
    if src.starts_with("http://") || src.starts_with("https://") {
        format!("\n\n<p><a href=\"{}\">{label}</a></p>\n\n", escape(&src))
    } else {
        String::new()
    }
}

/// A line holding only a URL that is an embed becomes it (WordPress embeds
/// such lines when it shows the post).
fn embed_lines(content: &str) -> String {
    content
        .split('\n')
        .map(|line| {
            let trimmed = line.trim();
            match recognise(trimmed) {
                Some(_) if !trimmed.contains(char::is_whitespace) => embed(trimmed),
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Headings into an article's levels, `<del>` as `<s>`.
fn levels(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let closing = tag[1..].starts_with('/');
        let name_at = 1 + usize::from(closing);
        let name: String = tag[name_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let to = match name.as_str() {
            "h1" => Some("h2"),
            "h5" | "h6" => Some("h4"),
            "del" => Some("s"),
            _ => None,
        };
        match to {
            Some(to) => {
                out.push('<');
                if closing {
                    out.push('/');
                }
                out.push_str(to);
                rest = &tag[name_at + name.len()..];
            }
            None => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text with its HTML entities decoded once: WordPress keeps titles
/// encoded (`Jakarta &amp; Bekasi`), which shown as text would print
/// `&amp;`.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail[1..].find(';').map(|e| e + 1).filter(|e| *e <= 12);
        let decoded = end.and_then(|end| {
            let name = &tail[1..end];
            let c =
                if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(number, 16)
                        .ok()
                        .and_then(char::from_u32)
                } else if let Some(number) = name.strip_prefix('#') {
                    number.parse().ok().and_then(char::from_u32)
                } else {
                    named(name)
                };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "times" => '×',
        "eacute" => 'é',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Library;

    impl Attachments for Library {
        fn find(&self, id: &str) -> Option<(String, String)> {
            match id {
                "1" => Some((
                    "https://lama.example/wp-content/uploads/a.jpg".into(),
                    "Satu".into(),
                )),
                "2" => Some((
                    "https://lama.example/wp-content/uploads/b.jpg".into(),
                    "Dua".into(),
                )),
                _ => None,
            }
        }

        fn children(&self, id: &str) -> Vec<(String, String)> {
            if id == "9" {
                vec![(
                    "https://lama.example/wp-content/uploads/c.jpg".into(),
                    String::new(),
                )]
            } else {
                Vec::new()
            }
        }
    }

    #[test]
    fn blank_lines_make_paragraphs_around_blocks_too() {
        let html = to_html(
            "Suara.com - Pembuka tanpa tag.\nBaris kedua.\n\n<h2>Sub</h2>\nTeks setelah sub.\n\n<ul>\n<li>satu</li>\n</ul>\nPenutup.",
            "1",
            &Library,
        );
        assert!(
            html.contains("<p>Suara.com - Pembuka tanpa tag.<br>\nBaris kedua.</p>"),
            "{html}"
        );
        assert!(html.contains("<h2>Sub</h2>"));
        assert!(html.contains("<p>Teks setelah sub.</p>"), "{html}");
        assert!(
            html.contains("<li>satu</li>") && html.contains("<p>Penutup.</p>"),
            "{html}"
        );
        assert!(!html.contains("<p><h2>") && !html.contains("<p><ul>"));
    }

    #[test]
    fn shortcodes_become_figures_galleries_embeds_and_links() {
        let html = to_html(
            "[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]<a href=\"https://lama.example/a.jpg\"><img src=\"https://lama.example/a-300x200.jpg\" alt=\"\" /></a> Warga mengungsi.[/caption]\n\n\
             [gallery ids=\"1,2,404\"]\n\n[gallery]\n\n\
             [embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\n\
             https://x.com/kompascom/status/1865000000000000001\n\n\
             [video src=\"https://lama.example/v.mp4\"][/video]\n\n[audio mp3=\"https://lama.example/s.mp3\"]\n\n\
             [contact-form-7 id=\"3\"]",
            "9",
            &Library,
        );
        assert!(html.contains("<figure><a href=\"https://lama.example/a.jpg\"><img src=\"https://lama.example/a-300x200.jpg\" alt=\"\" /></a>"), "{html}");
        assert!(
            html.contains("<figcaption>Warga mengungsi.</figcaption>"),
            "{html}"
        );
        assert!(html.contains("<figure class=\"gallery\"><img src=\"https://lama.example/wp-content/uploads/a.jpg\" alt=\"Satu\"><img src=\"https://lama.example/wp-content/uploads/b.jpg\" alt=\"Dua\"></figure>"), "{html}");
        assert!(
            html.contains("uploads/c.jpg"),
            "the post's own pictures: {html}"
        );
        assert!(
            html.contains("<figure class=\"embed\" data-provider=\"youtube\">"),
            "{html}"
        );
        assert!(
            html.contains("<figure class=\"embed\" data-provider=\"x\">"),
            "{html}"
        );
        assert!(html.contains("<a href=\"https://lama.example/v.mp4\">Video</a>"));
        assert!(html.contains("<a href=\"https://lama.example/s.mp3\">Audio</a>"));
        assert!(
            html.contains("[contact-form-7 id=\"3\"]"),
            "unknown shortcodes stay as written"
        );
        assert!(!html.contains("[caption") && !html.contains("[gallery"));
    }

    #[test]
    fn headings_and_strike_through_fit_an_article() {
        let html = to_html(
            "<h1>Satu</h1><h5>Lima</h5><H6>Enam</H6><del>salah</del>",
            "1",
            &Library,
        );
        assert!(
            html.contains("<h2>Satu</h2>")
                && html.contains("<h4>Lima</h4>")
                && html.contains("<h4>Enam</h4>"),
            "{html}"
        );
        assert!(html.contains("<s>salah</s>"));
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(decode_entities("Jakarta &amp; Bekasi"), "Jakarta & Bekasi");
        assert_eq!(
            decode_entities("&amp;amp; &#8220;kutip&#8221; &#x2013; &hellip;"),
            "&amp; “kutip” – …"
        );
        assert_eq!(decode_entities("R&D & 50% &bukan;"), "R&D & 50% &bukan;");
    }
}
