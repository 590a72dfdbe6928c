//! `warta serve --demo`: fills an empty site with demo content written for
//! Warta (`articles.toml`), so a newcomer sees a living portal at once.
//! Publication times are relative to now, and the demo brings its own
//! picks, headline and page views, so every block on every page has
//! content. A site that already has articles is never touched.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use warta_core::{ArticleContent, ArticleId, Body, Image, Slug, Status};
use warta_store::{BUCKET_SECONDS, Store};

const CONTENT: &str = include_str!("articles.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    section: Vec<DemoSection>,
    article: Vec<DemoArticle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSection {
    slug: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoArticle {
    section: String,
    title: String,
    lede: String,
    tags: Vec<String>,
    author: String,
    #[serde(default)]
    place: String,
    hours_ago: f64,
    image: Option<String>,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    views: i64,
    pick: Option<usize>,
    #[serde(default)]
    headline: bool,
    body: String,
}

/// Adds the demo content if the site has no article yet; returns whether
/// it did.
pub async fn fill_if_empty(store: &Store, now: DateTime<Utc>) -> anyhow::Result<bool> {
    if store.count_articles().await? > 0 {
        return Ok(false);
    }
    let demo: DemoFile =
        toml::from_str(CONTENT).context("the built-in demo content is malformed")?;
    let drafts = drafts(&demo, now)?;
    let saved: Vec<ArticleId> = store
        .save_articles(&drafts, now)
        .await?
        .into_iter()
        .map(|s| s.id.context("a demo article was not stored"))
        .collect::<anyhow::Result<_>>()?;
    let order: Vec<Slug> = demo
        .section
        .iter()
        .map(|s| Slug::parse(&s.slug))
        .collect::<Result<_, _>>()?;
    store.set_section_order(&order).await?;

    let mut picks: Vec<(usize, _)> = demo
        .article
        .iter()
        .zip(&saved)
        .filter_map(|(a, id)| a.pick.map(|p| (p, *id)))
        .collect();
    picks.sort();
    store
        .set_picks(&picks.into_iter().map(|(_, id)| id).collect::<Vec<_>>())
        .await?;
    if let Some((_, id)) = demo.article.iter().zip(&saved).find(|(a, _)| a.headline) {
        store.set_headline(Some(*id)).await?;
    }
    let bucket = now.timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
    let views: Vec<_> = demo
        .article
        .iter()
        .zip(&saved)
        .filter(|(a, _)| a.views > 0)
        .map(|(a, id)| (*id, bucket, a.views))
        .collect();
    store.add_views(&views).await?;
    Ok(true)
}

fn drafts(demo: &DemoFile, now: DateTime<Utc>) -> anyhow::Result<Vec<ArticleContent>> {
    demo.article
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let section = demo
                .section
                .iter()
                .find(|s| s.slug == a.section)
                .with_context(|| {
                    format!(
                        "demo article {:?} names unknown section {:?}",
                        a.title, a.section
                    )
                })?;
            Ok(ArticleContent {
                external_id: Some(format!("demo-{}", i + 1)),
                slug: None,
                title: a.title.clone(),
                lede: a.lede.clone(),
                body: Body::from_plain_text(&a.body),
                section: (Slug::parse(&section.slug)?, section.name.clone()),
                tags: a.tags.clone(),
                authors: vec![a.author.clone()],
                image: a.image.as_ref().map(|name| Image {
                    url: format!("/static/demo/{name}.svg"),
                    caption: a.caption.clone(),
                    credit: "Ilustrasi Warta".into(),
                    media: None,
                }),
                outlet_prefix: String::new(),
                dateline_place: a.place.clone(),
                status: Some(Status::Published),
                published_at: Some(now - Duration::minutes((a.hours_ago * 60.0) as i64)),
                modified_at: None,
                read_also_external_id: None,
                read_also: None,
                body_source: None,
                correction_note: String::new(),
                unpublish_at: None,
                restriction: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_content_is_rich_enough_for_every_block() {
        let demo: DemoFile = toml::from_str(CONTENT).unwrap();
        let drafts = drafts(&demo, Utc::now()).unwrap();
        assert!(drafts.len() >= 40, "{} articles", drafts.len());
        let sections: HashSet<_> = demo.article.iter().map(|a| a.section.as_str()).collect();
        assert!(sections.len() >= 6);
        assert!(demo.article.iter().filter(|a| a.pick.is_some()).count() >= 5);
        assert!(demo.article.iter().filter(|a| a.views > 0).count() >= 5);
        assert_eq!(demo.article.iter().filter(|a| a.headline).count(), 1);
        assert!(
            drafts.iter().all(|d| d.body.blocks().len() >= 3),
            "every body has paragraphs to place Baca Juga between"
        );
        let images: HashSet<_> = demo
            .article
            .iter()
            .filter_map(|a| a.image.as_deref())
            .collect();
        for image in images {
            assert!(
                crate::theme::Theme::load(None, vec![])
                    .unwrap()
                    .static_file(&format!("demo/{image}.svg"))
                    .is_some(),
                "{image}"
            );
        }
    }
}
