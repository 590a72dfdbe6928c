//! Structured data for search engines: schema.org `NewsArticle` JSON-LD.

use crate::app::App;
use crate::reader::page::PreviewImage;
use serde_json::json;
use warta_core::Article;

/// The lede, or the start of the body: what search engines, previews and
/// feed readers show of an article.
pub fn description(article: &Article) -> String {
    if !article.lede.is_empty() {
        return article.lede.clone();
    }
    let text = article.body.plain_text();
    let first = text.split("\n\n").next().unwrap_or("");
    match first.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", first[..cut].trim_end()),
        None => first.to_owned(),
    }
}

/// The publisher's logo: the built-in one with its size and version
/// (its address is cached for a year), or the configured one.
fn logo(app: &App) -> serde_json::Value {
    if app.config.site_logo == "/static/logo.png" {
        let url = format!("/static/logo.png?v={}", app.theme.style_version);
        json!({"@type": "ImageObject", "url": app.absolute(&url), "width": 512, "height": 512})
    } else {
        json!({"@type": "ImageObject", "url": app.absolute(&app.config.site_logo)})
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
    let authors: Vec<_> = if article.authors.is_empty() {
        vec![json!({"@type": "Organization", "name": newsroom_name(app), "url": app.absolute("/")})]
    } else {
        article
            .authors
            .iter()
            .map(|a| json!({"@type": "Person", "name": a.name, "url": app.absolute(&format!("/penulis/{}", a.slug))}))
            .collect()
    };
    let mut picture = json!({"@type": "ImageObject", "url": image.url});
    if let (Some(width), Some(height)) = (image.width, image.height) {
        picture["width"] = json!(width);
        picture["height"] = json!(height);
    }
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": article.title,
        "image": [picture],
        "datePublished": published.to_rfc3339(),
        "dateModified": article.modified_at.max(published).to_rfc3339(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": app.config.site_name,
            "url": app.absolute("/"),
            "logo": logo(app)
        },
        "articleSection": article.section.name,
        "inLanguage": app.config.locale.code(),
        "isAccessibleForFree": true,
    });
    if !summary.is_empty() {
        data["description"] = json!(summary);
    }
    if !article.tags.is_empty() {
        data["keywords"] = json!(
            article
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
        );
    }
    if let Some(correction) = &article.correction {
        data["correction"] = json!({
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.at.to_rfc3339(),
        });
    }
    let crumbs = json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": app.config.labels.get("home"), "item": app.absolute("/")},
            {"@type": "ListItem", "position": 2, "name": article.section.name, "item": app.absolute(&format!("/{}", article.section.slug))},
            {"@type": "ListItem", "position": 3, "name": article.title, "item": canonical},
        ]
    });
    script_safe(&json!([data, crumbs]).to_string())
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
