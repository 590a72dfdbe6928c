//! Previews: the article as readers will see it, and the body's live
//! preview beside the Markdown editor.

use crate::app::App;
use crate::error::AppError;
use crate::newsroom::actions;
use crate::newsroom::auth::Staff;
use crate::reader::loaded::LoadedArticle;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Form, Json};
use serde::Deserialize;
use std::sync::Arc;
use warta_core::ArticleId;
use warta_store::ArticleOnPage;

/// `GET /redaksi/artikel/{id}/pratinjau`: the article exactly as readers
/// will see it, whatever its status; never indexed, never counted.
pub async fn preview_article(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let page = ArticleOnPage {
        live_blog: app.store.live_blog(article.id).await?,
        story: app.store.story_of_counted(article.id, app.now()).await?,
        article,
    };
    let loaded = LoadedArticle::load(&app, page).await?;
    let mut response = crate::reader::article::article_page(&app, &loaded, true)?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// The live preview's request.
#[derive(Debug, Deserialize)]
pub struct MarkdownForm {
    isi: String,
}

/// `POST /redaksi/pratinjau-isi`: Markdown to the HTML that would be
/// stored, for the live preview beside the editor.
pub async fn preview_body(
    _staff: Staff,
    Form(form): Form<MarkdownForm>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({"html": crate::body::markdown::render(&form.isi).as_html()}))
}
