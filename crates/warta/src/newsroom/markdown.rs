//! Article bodies as editors write them: Markdown, rendered to HTML and
//! then sanitised against an allow-list, so whatever a browser or an API
//! client sends, only these elements and attributes are stored: headings
//! (levels 2 to 4; a `#` heading becomes level 2, the headline being the
//! page's only level 1), paragraphs, line breaks, emphasis, links (http,
//! https, mailto; marked `noopener noreferrer`), quotes, lists, tables,
//! images and figures. Scripts, styles, event handlers, `javascript:` URLs
//! and anything else are removed.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
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
                    ["src", "alt", "width", "height"].into_iter().collect(),
                ),
                ("th", ["colspan", "rowspan"].into_iter().collect()),
                ("td", ["colspan", "rowspan"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// Markdown to sanitised body HTML.
pub fn render(markdown: &str) -> Body {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitise_html(&html)
}

/// Any HTML through the allow-list.
pub fn sanitise_html(html: &str) -> Body {
    Body::from_sanitised_html(SANITISER.clean(html).to_string())
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        _ => HeadingLevel::H4,
    }
}

/// Markdown for a body that has none (an imported article): its blocks as
/// paragraphs of plain text, with the characters Markdown would read as
/// markup escaped.
pub fn from_body(body: &Body) -> String {
    body.plain_text()
        .split("\n\n")
        .map(escape)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        let at_start = i == 0;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    // "1. " at the start would be a list.
    if let Some(dot) = out.find(". ")
        && dot > 0
        && out[..dot].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(dot, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_article_html() {
        let body = render(
            "# Judul\n\nParagraf **tebal** dan [tautan](https://contoh.id).\n\n> kutipan\n\n- satu\n- dua",
        );
        let html = body.as_html();
        assert!(html.contains("<h2>Judul</h2>"), "{html}");
        assert!(html.contains("<strong>tebal</strong>"));
        assert!(
            html.contains(r#"<a href="https://contoh.id" rel="noopener noreferrer">tautan</a>"#)
        );
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<li>dua</li>"));
        assert_eq!(body.blocks().len(), 4);
    }

    #[test]
    fn hostile_markup_never_survives() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[klik](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://jahat.example\"></iframe>",
            "<p style=\"background:url(javascript:x)\" onclick=\"x()\">teks</p>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ] {
            let html = render(hostile).as_html().to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "onclick",
                "style=",
                "<svg",
                "<style",
            ] {
                assert!(!html.contains(bad), "{hostile:?} left {bad:?} in {html:?}");
            }
        }
    }

    #[test]
    fn imported_bodies_round_trip_through_markdown() {
        let body = Body::from_plain_text(
            "Harga *naik* 5% [lagi].\n\n# bukan judul\n\n1. bukan daftar\n\n<b>teks</b> & lain",
        );
        let markdown = from_body(&body);
        let again = render(&markdown);
        assert_eq!(again.plain_text(), body.plain_text());
        assert_eq!(again.blocks().len(), 4);
    }
}
