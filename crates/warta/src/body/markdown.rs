//! Article bodies written in Markdown (the API's, and the newsroom's
//! before the visual editor), rendered to HTML and then sanitised against
//! the allow-list ([`super::sanitise_html`]). A `#` heading becomes level 2,
//! the headline being the page's only level 1.

use super::sanitise_html;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use warta_core::Body;

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
        // An element whose content is raw text to an HTML parser (style,
        // script, textarea...) would, left unclosed, take every paragraph
        // after it with it when sanitised, and so would SVG or MathML,
        // whose content the sanitiser drops whole: such markup stays text.
        // Inside a paragraph only the phrasing markup the allow-list keeps
        // passes (an unclosed `<table>` there restructures what follows).
        Event::Html(html) if swallows_what_follows(&html) => Event::Text(html),
        Event::InlineHtml(html) if !is_allowed_inline(&html) => Event::Text(html),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitise_html(&html)
}

/// Whether one tag of inline HTML is phrasing markup the allow-list keeps.
fn is_allowed_inline(html: &str) -> bool {
    const PHRASING: [&str; 11] = [
        "strong", "em", "b", "i", "s", "a", "br", "code", "sup", "sub", "img",
    ];
    let name: String = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    PHRASING.contains(&name.as_str())
}

/// Whether a piece of HTML opens an element an HTML parser reads as raw
/// text up to its end tag, or foreign content (SVG, MathML).
fn swallows_what_follows(html: &str) -> bool {
    const SWALLOWING: [&str; 12] = [
        "svg",
        "math",
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    ];
    let lower = html.to_ascii_lowercase();
    lower.match_indices('<').any(|(at, _)| {
        let name: String = lower[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        SWALLOWING.contains(&name.as_str())
    })
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
    fn an_unclosed_style_takes_no_paragraph_with_it() {
        // Found by the security review: everything after it was gone.
        for opener in [
            "<math><mtext><table><mglyph><style>",
            "<style>",
            "Teks <textarea> sebaris",
            "<noscript>",
            "<plaintext>",
        ] {
            let body = render(&format!(
                "Paragraf pertama.\n\n{opener}\n\nParagraf sesudahnya.\n\nParagraf terakhir."
            ));
            let html = body.as_html();
            assert!(html.contains("Paragraf sesudahnya."), "{opener}: {html}");
            assert!(html.contains("Paragraf terakhir."), "{opener}: {html}");
            assert!(!html.to_lowercase().contains("<style"), "{html}");
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const TAGS: [&str; 30] = [
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
        ];

        fn attribute_allowed(tag: &str, name: &str) -> bool {
            matches!(
                (tag, name),
                ("a", "href" | "rel")
                    | ("img", "src" | "alt" | "width" | "height" | "data-media")
                    | (
                        "figure",
                        "class" | "data-media" | "data-focal" | "data-provider"
                    )
                    | ("small", "class")
                    | ("th" | "td", "colspan" | "rowspan")
            )
        }

        /// The values the editor's own attributes may take: a class names
        /// one of its blocks, a media id is a number, a focal point two
        /// fractions, a provider one the reader page knows.
        fn value_allowed(attribute: &str, value: &str) -> bool {
            match attribute {
                "class" => value
                    .split_whitespace()
                    .all(|c| matches!(c, "picture" | "gallery" | "embed" | "credit")),
                "data-media" => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
                "data-focal" => value.split_once(',').is_some_and(|(x, y)| {
                    [x, y]
                        .iter()
                        .all(|n| n.parse::<f32>().is_ok_and(|n| (0.0..=1.0).contains(&n)))
                }),
                "data-provider" => crate::body::embeds::Provider::from_key(value).is_some(),
                _ => true,
            }
        }

        /// Every element and attribute of sanitised HTML (as html5ever
        /// serialises it: names in lower case, values in double quotes
        /// with `"` escaped), checked against the allow-list; an error
        /// names what broke it.
        fn check(html: &str) -> Result<(), String> {
            let bytes = html.as_bytes();
            let mut at = 0;
            while let Some(found) = html[at..].find('<') {
                let start = at + found + 1;
                let closing = bytes.get(start) == Some(&b'/');
                let name_start = start + usize::from(closing);
                let name: String = html[name_start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name.is_empty() {
                    return Err(format!("a bare '<' in markup at {start}: {html}"));
                }
                if !TAGS.contains(&name.as_str()) {
                    return Err(format!("element {name} in {html}"));
                }
                let end = html[start..].find('>').ok_or("unclosed tag")? + start;
                let mut rest = &html[name_start + name.len()..end];
                while let Some(eq) = rest.find("=\"") {
                    let attribute = rest[..eq].trim();
                    if !attribute_allowed(&name, attribute) {
                        return Err(format!("attribute {attribute} on {name} in {html}"));
                    }
                    let value_end = rest[eq + 2..].find('"').ok_or("unclosed value")? + eq + 2;
                    let value = rest[eq + 2..value_end].trim().to_ascii_lowercase();
                    if !value_allowed(attribute, &value) {
                        return Err(format!("{attribute}={value} on {name} in {html}"));
                    }
                    if matches!(attribute, "href" | "src") {
                        // A scheme as URLs have them (a letter, then letters,
                        // digits, `+`, `-`, `.`, before the first `:`); without
                        // one the address is relative (`:x` and `a/b:c` too).
                        // Browsers drop tabs and line breaks from addresses first.
                        let value = value.replace(['\t', '\n', '\r'], "");
                        let scheme = value.split_once(':').map(|(s, _)| s).filter(|s| {
                            s.starts_with(|c: char| c.is_ascii_alphabetic())
                                && s.chars().all(|c| {
                                    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
                                })
                        });
                        if !matches!(scheme, None | Some("http" | "https" | "mailto")) {
                            return Err(format!("{attribute}={value} in {html}"));
                        }
                    }
                    rest = &rest[value_end + 1..];
                }
                at = end + 1;
            }
            Ok(())
        }

        /// Pieces of hostile and ordinary markup, put together at random.
        fn markup() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "<script>alert(1)</script>",
                "<script",
                "</script>",
                "<style>",
                "</style>",
                "<svg onload=alert(1)>",
                "<math><mtext><table><mglyph><style>",
                "<img src=x onerror=alert(1)>",
                "<img src=\"javascript:alert(1)\">",
                "<a href=\"javascript:alert(1)\">",
                "<a href=\"JaVaScRiPt:x\">",
                "<a href=\" &#106;avascript:x\">",
                "<a href=\"data:text/html,x\">",
                "<a href=\"https://x.id\">",
                "<a href=\"java\tscript:alert(1)\">",
                "<a href=\"java&#x09;script:alert(1)\">",
                "[x](java\tscript:x)",
                "[](:)",
                "</a>",
                "<iframe src=//x>",
                "<figure class=\"picture\" data-media=\"12\" data-focal=\"0.5,0.5\">",
                "<figure class=\"embed\" data-provider=\"javascript:x\">",
                "<figure class=\"gallery x\" data-focal=\"-1,2\" onmouseover=x>",
                "</figure>",
                "<figcaption>",
                "<small class=\"credit\" style=x>",
                "<img data-media=\"7 onload=x\" src=\"/media/a.jpg\" srcset=\"x 1w\">",
                "<a href=\"https://www.youtube.com/watch?v=abc\">",
                "<object>",
                "<embed>",
                "<form action=x>",
                "<input autofocus onfocus=x>",
                "<p style=\"x:expression(1)\">",
                "<div onclick=x>",
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "<?php",
                "<base href=//x>",
                "<meta http-equiv=refresh>",
                "<link rel=import>",
                "<textarea>",
                "<noscript>",
                "<plaintext>",
                "<template>",
                "<details open ontoggle=x>",
                "<b>",
                "</b>",
                "<em>",
                "<table><tr><td>",
                "[x](javascript:alert(1))",
                "[x](data:x)",
                "![x](javascript:x)",
                "**tebal**",
                "# Judul",
                "\n\n",
                "\n",
                "> kutipan",
                "- daftar",
                "1. satu",
                "`kode`",
                "```\n",
                "&lt;",
                "&amp;",
                "&#x3C;",
                "\u{0}",
                "\u{feff}",
                "teks biasa",
                "\"",
                "'",
                "<",
                ">",
                "=",
            ]);
            prop::collection::vec(
                prop_oneof![piece.prop_map(str::to_owned), any::<String>()],
                0..24,
            )
            .prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #[test]
            fn markdown_never_yields_markup_outside_the_allow_list(source in markup()) {
                let html = render(&source);
                if let Err(why) = check(html.as_html()) {
                    return Err(TestCaseError::fail(why));
                }
            }

            #[test]
            fn html_never_yields_markup_outside_the_allow_list(source in markup()) {
                let html = sanitise_html(&source);
                if let Err(why) = check(html.as_html()) {
                    return Err(TestCaseError::fail(why));
                }
            }
        }

        #[test]
        fn the_checker_catches_what_it_must() {
            assert!(check("<p>ya</p><a href=\"https://x.id\" rel=\"noopener\">t</a>").is_ok());
            assert!(check("<p onclick=\"x\">t</p>").is_err());
            assert!(check("<script>x</script>").is_err());
            assert!(check("<a href=\"javascript:x\">t</a>").is_err());
            assert!(check("<img src=\"data:x\">").is_err());
            assert!(check("<a href=\"/relatif:titik\">t</a>").is_ok());
            // Found by the long run: `[](:)` links to ":", a relative address.
            assert!(check("<a href=\":\">t</a>").is_ok());
            assert!(
                check("<a href=\"java\tscript:x\">t</a>").is_err(),
                "a browser reads javascript:"
            );
            assert!(check("<a href=\"vbscript:x\">t</a>").is_err());
        }
    }
}
