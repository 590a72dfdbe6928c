//! An article body: sanitised HTML made of block elements, which the article
//! page can split between paragraphs to place "Baca Juga" links.

use serde::Serialize;

/// Block elements that may hold other blocks; a split never falls inside one.
const CONTAINERS: [&str; 5] = ["blockquote", "ul", "ol", "figure", "table"];

/// Sanitised article body HTML. Construct it only from plain text or from
/// HTML that has already been through the sanitiser.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Body(String);

impl Body {
    /// Paragraphs of plain text (separated by blank lines) as `<p>` blocks,
    /// escaped; a single line break inside a paragraph becomes `<br>`.
    pub fn from_plain_text(text: &str) -> Body {
        let mut html = String::with_capacity(text.len() + text.len() / 8);
        let normalised = text.replace("\r\n", "\n");
        for paragraph in normalised.split("\n\n") {
            let paragraph = paragraph.trim();
            if paragraph.is_empty() {
                continue;
            }
            html.push_str("<p>");
            for (i, line) in paragraph.lines().enumerate() {
                if i > 0 {
                    html.push_str("<br>");
                }
                escape_into(line.trim(), &mut html);
            }
            html.push_str("</p>\n");
        }
        Body(html)
    }

    /// Wraps HTML that the sanitiser (or the store, which only ever holds
    /// sanitised bodies) vouches for.
    pub fn from_sanitised_html(html: String) -> Body {
        Body(html)
    }

    /// The HTML.
    pub fn as_html(&self) -> &str {
        &self.0
    }

    /// The top-level blocks in order, each a complete piece of HTML.
    pub fn blocks(&self) -> Vec<&str> {
        let html = self.0.as_str();
        let mut blocks = Vec::new();
        let mut depth = 0usize;
        let mut start = 0usize;
        let mut pos = 0usize;
        while let Some(offset) = html[pos..].find('<') {
            let tag_start = pos + offset;
            let Some(tag_len) = html[tag_start..].find('>') else {
                break;
            };
            let tag = &html[tag_start + 1..tag_start + tag_len];
            pos = tag_start + tag_len + 1;
            let (closing, name) = match tag.strip_prefix('/') {
                Some(rest) => (true, rest),
                None => (false, tag),
            };
            let name = name
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if CONTAINERS.contains(&name.as_str()) {
                if closing {
                    depth = depth.saturating_sub(1);
                } else {
                    depth += 1;
                }
            }
            let ends_block = closing
                && matches!(
                    name.as_str(),
                    "p" | "h2" | "h3" | "h4" | "blockquote" | "ul" | "ol" | "figure" | "table"
                );
            if ends_block && depth == 0 {
                let block = html[start..pos].trim();
                if !block.is_empty() {
                    blocks.push(block);
                }
                start = pos;
            }
        }
        let rest = html[start..].trim();
        if !rest.is_empty() {
            blocks.push(rest);
        }
        blocks
    }

    /// The text without markup, paragraphs separated by blank lines: for
    /// search, relatedness, feed descriptions and previews.
    pub fn plain_text(&self) -> String {
        self.plain_text_up_to(usize::MAX)
    }

    /// The first `chars` characters of [`Body::plain_text`], reading no
    /// further blocks than those take: for search passages, which look
    /// only at a body's opening.
    pub fn opening(&self, chars: usize) -> String {
        let mut text = self.plain_text_up_to(chars);
        if let Some((cut, _)) = text.char_indices().nth(chars) {
            text.truncate(cut);
        }
        text
    }

    /// The plain text of the blocks up to the first that brings it to
    /// `chars` characters or more.
    fn plain_text_up_to(&self, chars: usize) -> String {
        let mut text = String::with_capacity(self.0.len().min(chars.saturating_mul(2)));
        let mut count = 0;
        for block in self.blocks() {
            if count >= chars {
                break;
            }
            let before = text.len();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let mut tag: Option<String> = None;
            let mut raw = String::with_capacity(block.len());
            for c in block.chars() {
                match (c, tag.as_mut()) {
                    ('<', None) => tag = Some(String::new()),
                    ('>', Some(name)) => {
                        // A line break separates words; other tags do not.
                        if name.trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
                            raw.push(' ');
                        }
                        tag = None;
                    }
                    (c, Some(name)) => name.push(c),
                    (c, None) => raw.push(c),
                }
            }
            text.push_str(unescape(raw.trim()).as_str());
            count += text[before..].chars().count();
        }
        text
    }
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML text and attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_is_the_start_of_the_plain_text() {
        let body = Body::from_sanitised_html(
            "<p>Kota <b>Damaskus</b> &amp; sekitarnya.</p>\n<blockquote><p>Kutipan</p></blockquote>\n\
             <p>Ketiga dengan é dan ü.</p><p>Keempat.</p>"
                .to_owned(),
        );
        let whole = body.plain_text();
        for chars in 0..whole.chars().count() + 3 {
            let expected: String = whole.chars().take(chars).collect();
            assert_eq!(body.opening(chars), expected, "{chars} characters");
        }
        assert_eq!(body.opening(usize::MAX), whole);
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        let body = Body::from_plain_text("Satu <b>dua</b>.\n\nTiga & empat\nlima");
        assert_eq!(
            body.as_html(),
            "<p>Satu &lt;b&gt;dua&lt;/b&gt;.</p>\n<p>Tiga &amp; empat<br>lima</p>\n"
        );
        assert_eq!(body.plain_text(), "Satu <b>dua</b>.\n\nTiga & empat lima");
    }

    #[test]
    fn blocks_split_between_paragraphs_not_inside_quotes() {
        let body = Body::from_sanitised_html(
            "<p>a</p><blockquote><p>b</p><p>c</p></blockquote><h2>d</h2><p>e</p>".into(),
        );
        assert_eq!(
            body.blocks(),
            vec![
                "<p>a</p>",
                "<blockquote><p>b</p><p>c</p></blockquote>",
                "<h2>d</h2>",
                "<p>e</p>"
            ]
        );
    }

    #[test]
    fn empty_paragraphs_are_dropped() {
        let body = Body::from_plain_text("\n\n\nA\n\n\n\nB\n\n");
        assert_eq!(body.blocks(), vec!["<p>A</p>", "<p>B</p>"]);
    }
}
