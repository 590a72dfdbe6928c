//! Structured data for search engines: schema.org `NewsArticle` JSON-LD.

use crate::app::App;
use serde_json::json;
use warta_core::Article;

/// The JSON-LD of an article page, safe to place inside `<script>`: the
/// characters that could end the element or open a comment are escaped.
pub fn news_article_json_ld(app: &App, article: &Article, canonical: &str) -> String {
    let published = article.published_at.unwrap_or(article.updated_at);
    let authors: Vec<_> = if article.authors.is_empty() {
        vec![
            json!({"@type": "Organization", "name": app.config.site_name, "url": app.absolute("/")}),
        ]
    } else {
        article
            .authors
            .iter()
            .map(|a| json!({"@type": "Person", "name": a.name, "url": app.absolute(&format!("/penulis/{}", a.slug))}))
            .collect()
    };
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": article.title,
        "datePublished": published.to_rfc3339(),
        "dateModified": article.modified_at.max(published).to_rfc3339(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": app.config.site_name,
            "logo": {"@type": "ImageObject", "url": app.absolute("/static/favicon.svg")}
        },
        "articleSection": article.section.name,
        "inLanguage": app.config.locale.code(),
        "isAccessibleForFree": true,
    });
    if !article.lede.is_empty() {
        data["description"] = json!(article.lede);
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
    if let Some(image) = &article.image {
        data["image"] = json!([app.absolute(&image.url)]);
    }
    if let Some(correction) = &article.correction {
        data["correction"] = json!({
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.at.to_rfc3339(),
        });
    }
    script_safe(&data.to_string())
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
