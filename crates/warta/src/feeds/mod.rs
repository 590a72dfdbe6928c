//! Feeds and discovery: RSS 2.0, sitemaps (an index, sections, articles by
//! pages of ids, and a Google News sitemap of the last 48 hours),
//! robots.txt, and the structured data (JSON-LD) of article pages. Each
//! computes its entries first, as data, and then renders a theme template.

pub mod robots;
pub mod rss;
pub mod seo;
pub mod sitemap;

use crate::app::App;
use crate::error::AppError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

/// Renders an XML (or text) template with the given content type.
fn render_feed<T: Serialize>(
    app: &App,
    template: &str,
    content_type: &'static str,
    view: &T,
) -> Result<Response, AppError> {
    let body = app.theme.render(template, Value::from(Serde(view)))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=60, s-maxage=60"),
        ],
        body,
    )
        .into_response())
}
