//! An article as apps see it: the API's answers and the payload of
//! webhook events are this one shape.

use super::{BodyFormat, input_of};
use crate::app::App;
use chrono::{DateTime, Utc};
use serde::Serialize;
use warta_core::{Article, Status};

/// An article as the API returns it.
#[derive(Debug, Serialize)]
pub struct ArticleJson {
    id: i64,
    version: i64,
    status: Status,
    title: String,
    lede: String,
    /// The body as it was written: Markdown, or (for one written in the
    /// newsroom's visual editor, or imported) HTML; `body_format` says
    /// which. Send both back to change an article without losing anything.
    body: String,
    /// `markdown` or `html`.
    body_format: BodyFormat,
    /// Sanitised HTML as stored and shown.
    body_html: String,
    section: String,
    tags: Vec<String>,
    authors: Vec<String>,
    image_id: Option<i64>,
    image_url: Option<String>,
    image_caption: String,
    image_credit: String,
    dateline_place: String,
    outlet_prefix: String,
    read_also: Option<i64>,
    correction_note: String,
    slug: String,
    url: String,
    published_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    owner_id: Option<i64>,
}

/// The API's view of an article.
pub fn article_json(app: &App, article: &Article) -> ArticleJson {
    let input = input_of(article);
    ArticleJson {
        id: article.id.0,
        version: article.version,
        status: article.status,
        title: input.title,
        lede: input.lede,
        body: input.body,
        body_format: input.body_format,
        body_html: article.body.as_html().to_owned(),
        section: input.section,
        tags: input.tags,
        authors: input.authors,
        image_id: input.image_id,
        image_url: article.image.as_ref().map(|i| app.absolute(&i.url)),
        image_caption: input.image_caption,
        image_credit: input.image_credit,
        dateline_place: input.dateline_place,
        outlet_prefix: input.outlet_prefix,
        read_also: input.read_also,
        correction_note: input.correction_note,
        slug: article.slug.to_string(),
        url: app.absolute(&article.path(&app.config.time_zone)),
        published_at: article.published_at,
        unpublish_at: article.unpublish_at,
        updated_at: article.updated_at,
        created_at: article.created_at,
        owner_id: article.owner.map(|o| o.0),
    }
}
