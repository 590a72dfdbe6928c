//! `/robots.txt`: crawl everything readers see, not search results or the
//! newsroom, and find the sitemap index.

use super::render_feed;
use crate::app::App;
use crate::error::AppError;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct Robots {
    sitemap: String,
}

/// `/robots.txt`
pub async fn robots_txt(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let view = Robots {
        sitemap: app.absolute("/sitemap.xml"),
    };
    render_feed(&app, "feeds/robots.txt", "text/plain; charset=utf-8", &view)
}
