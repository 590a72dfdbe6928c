//! Structured data for search engines: schema.org `NewsArticle` JSON-LD.

use crate::app::App;
use crate::reader::page::PreviewImage;
use serde::Serialize;
use serde_json::json;
use warta_core::Article;

/// Characters of a body a description takes at most (an ellipsis after).
const DESCRIPTION_CHARS: usize = 200;

/// The lede, or the start of the body: what search engines, previews and
/// feed readers show of an article.
pub fn description(article: &Article) -> String {
    if !article.lede.is_empty() {
        return article.lede.clone();
    }
    first_paragraph(&article.body)
}

/// A body's first paragraph, cut after [`DESCRIPTION_CHARS`] characters.
/// Only the body's opening is made into text: two characters more than
/// that, so that a blank line just after them is seen as its end.
fn first_paragraph(body: &warta_core::Body) -> String {
    let text = body.opening(DESCRIPTION_CHARS + 2);
    let first = text.split("\n\n").next().unwrap_or("");
    match first.char_indices().nth(DESCRIPTION_CHARS) {
        Some((cut, _)) => format!("{}…", first[..cut].trim_end()),
        None => first.to_owned(),
    }
}

/// The publisher's logo: the built-in one with its size and version
/// (its address is cached for a year), or the configured one.
fn logo(app: &App) -> ImageObject {
    if app.config.site_logo == "/static/logo.png" {
        let url = format!("/static/logo.png?v={}", app.theme.style_version);
        ImageObject::new(app.absolute(&url), Some(512), Some(512))
    } else {
        ImageObject::new(app.absolute(&app.config.site_logo), None, None)
    }
}

/// The name the byline gives an article without authors ("Redaksi
/// Warta"): the page and the JSON-LD say the same.
pub fn newsroom_name(app: &App) -> String {
    format!(
        "{} {}",
        app.config.labels.get("staff"),
        app.config.site_name
    )
}

/// The JSON-LD of an article page, safe to place inside `<script>`: the
/// characters that could end the element or open a comment are escaped.
/// A `NewsArticle` (with a picture always: its own at 1200 px, else the
/// site's) and the `BreadcrumbList` home › section › article. `summary`
/// is the article's [`description`], which the page has made already.
pub fn news_article_json_ld(
    app: &App,
    article: &Article,
    canonical: &str,
    summary: &str,
    image: &PreviewImage,
) -> String {
    let published = article.published_at.unwrap_or(article.updated_at);
    let home = app.absolute("/");
    let author = if article.authors.is_empty() {
        vec![Agent {
            kind: "Organization",
            name: newsroom_name(app),
            url: home.clone(),
        }]
    } else {
        article
            .authors
            .iter()
            .map(|a| Agent {
                kind: "Person",
                name: a.name.clone(),
                url: app.absolute(&format!("/penulis/{}", a.slug)),
            })
            .collect()
    };
    let data = NewsArticle {
        context: SCHEMA,
        kind: "NewsArticle",
        article_section: &article.section.name,
        author,
        correction: article.correction.as_ref().map(|c| CorrectionComment {
            kind: "CorrectionComment",
            date_published: c.at.to_rfc3339(),
            text: &c.note,
        }),
        date_modified: article.modified_at.max(published).to_rfc3339(),
        date_published: published.to_rfc3339(),
        description: Some(summary).filter(|s| !s.is_empty()),
        headline: &article.title,
        image: [
            ImageObject::new(image.url.clone(), image.width, image.height).with_size_only_whole(),
        ],
        in_language: app.config.locale.code(),
        is_accessible_for_free: true,
        keywords: (!article.tags.is_empty())
            .then(|| article.tags.iter().map(|t| t.name.as_str()).collect()),
        main_entity_of_page: WebPage {
            id: canonical,
            kind: "WebPage",
        },
        publisher: Publisher {
            kind: "Organization",
            logo: logo(app),
            name: &app.config.site_name,
            url: home.clone(),
        },
        url: canonical,
    };
    let item = |position: u8, name: &'_ str, item: String| ListItem {
        kind: "ListItem",
        item,
        name: name.to_owned(),
        position,
    };
    let crumbs = BreadcrumbList {
        context: SCHEMA,
        kind: "BreadcrumbList",
        item_list_element: [
            item(1, app.config.labels.get("home"), home),
            item(
                2,
                &article.section.name,
                app.absolute(&format!("/{}", article.section.slug)),
            ),
            item(3, &article.title, canonical.to_owned()),
        ],
    };
    match serde_json::to_string(&(data, crumbs)) {
        Ok(json) => script_safe(&json),
        Err(error) => {
            tracing::error!(%error, "an article's JSON-LD failed");
            String::new()
        }
    }
}

// The JSON-LD's shapes, written straight from these rather than built as
// a tree of values first (which took 5 % of an uncached article page).
// Their fields are in the order of their names, as a tree's map writes
// them: the page reads the same as it did.

const SCHEMA: &str = "https://schema.org";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    article_section: &'a str,
    author: Vec<Agent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correction: Option<CorrectionComment<'a>>,
    date_modified: String,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    image: [ImageObject; 1],
    in_language: &'a str,
    is_accessible_for_free: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<Vec<&'a str>>,
    main_entity_of_page: WebPage<'a>,
    publisher: Publisher<'a>,
    url: &'a str,
}

#[derive(Serialize)]
struct Agent {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    date_published: String,
    text: &'a str,
}

#[derive(Serialize)]
struct ImageObject {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
}

impl ImageObject {
    fn new(url: String, width: Option<u32>, height: Option<u32>) -> ImageObject {
        ImageObject {
            kind: "ImageObject",
            height,
            url,
            width,
        }
    }

    /// Its size said only when both are known.
    fn with_size_only_whole(self) -> ImageObject {
        match (self.width, self.height) {
            (Some(_), Some(_)) => self,
            _ => ImageObject {
                width: None,
                height: None,
                ..self
            },
        }
    }
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    logo: ImageObject,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: [ListItem; 3],
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: String,
    position: u8,
}

/// The page's JSON-LD (as [`news_article_json_ld`] made it) for an
/// article followed live: the article is also a `LiveBlogPosting`, with
/// its coverage times and each entry as a `liveBlogUpdate`, newest first.
pub fn as_live_blog(
    json_ld: &str,
    blog: &warta_store::LiveBlog,
    entries: &[warta_store::LiveEntry],
) -> String {
    // The JSON-LD is ours and script-safe escaped, which JSON reads back.
    let Ok(mut graph) = serde_json::from_str::<serde_json::Value>(json_ld) else {
        return json_ld.to_owned();
    };
    if let Some(article) = graph.get_mut(0) {
        article["@type"] = json!(["NewsArticle", "LiveBlogPosting"]);
        article["coverageStartTime"] = json!(blog.started_at.to_rfc3339());
        if let Some(ended) = blog.ended_at {
            article["coverageEndTime"] = json!(ended.to_rfc3339());
        }
        let updates: Vec<_> = entries
            .iter()
            .rev()
            .map(|entry| {
                let text = warta_core::Body::from_sanitised_html(entry.body_html.clone()).plain_text();
                let headline: String = text.chars().take(110).collect();
                json!({
                    "@type": "BlogPosting",
                    "headline": headline,
                    "articleBody": text,
                    "datePublished": entry.created_at.to_rfc3339(),
                    "url": format!("{}#entri-{}", article["url"].as_str().unwrap_or_default(), entry.id),
                })
            })
            .collect();
        article["liveBlogUpdate"] = json!(updates);
    }
    script_safe(&graph.to_string())
}

/// JSON that cannot close a `<script>` element or open an HTML comment.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_the_first_paragraph_as_the_whole_text_gives_it() {
        // What the description was made of before: the whole body as text.
        let from_whole = |body: &warta_core::Body| {
            let text = body.plain_text();
            let first = text.split("\n\n").next().unwrap_or("").to_owned();
            match first.char_indices().nth(DESCRIPTION_CHARS) {
                Some((cut, _)) => format!("{}…", first[..cut].trim_end()),
                None => first,
            }
        };
        for length in [0, 1, 150, 198, 199, 200, 201, 202, 203, 450] {
            for (letter, second) in [("a", ""), ("a", "<p>Kedua.</p>"), ("é", "<p>Kedua.</p>")] {
                let html = format!("<p>{}</p>{second}<p>Ketiga.</p>", letter.repeat(length));
                let body = warta_core::Body::from_sanitised_html(html);
                assert_eq!(
                    first_paragraph(&body),
                    from_whole(&body),
                    "{length} {second}"
                );
            }
        }
    }

    #[test]
    fn script_cannot_be_closed_from_inside() {
        let json = serde_json::json!({"headline": "</script><script>alert(1)</script> & <!--"})
            .to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> & <!--"
        );
    }
}
