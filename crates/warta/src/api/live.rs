//! `/api/v1/articles/{id}/live`: an article's live coverage and its
//! entries, with the newsroom's rules (`newsroom::actions::live`).

use super::{ApiError, ApiJson};
use crate::app::App;
use crate::error::AppError;
use crate::newsroom::actions::{self, live as live_actions};
use crate::newsroom::auth::ApiUser;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::ArticleId;
use warta_store::LiveEntry;

/// One entry as the API gives it.
#[derive(Debug, Serialize)]
pub struct EntryJson {
    id: i64,
    created_at: DateTime<Utc>,
    author: Option<String>,
    pinned: bool,
    /// Sanitised HTML, as stored.
    body_html: String,
}

impl From<LiveEntry> for EntryJson {
    fn from(entry: LiveEntry) -> EntryJson {
        EntryJson {
            id: entry.id,
            created_at: entry.created_at,
            author: entry.author,
            pinned: entry.pinned,
            body_html: entry.body_html,
        }
    }
}

/// An article's live coverage.
#[derive(Debug, Serialize)]
pub struct LiveJson {
    /// Whether entries are being added (false also when never live).
    running: bool,
    started_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    /// Newest first.
    entries: Vec<EntryJson>,
}

async fn live_json(app: &App, id: ArticleId) -> Result<LiveJson, AppError> {
    let blog = app.store.live_blog(id).await?;
    let entries = app.store.live_entries(id, 0).await?;
    Ok(LiveJson {
        running: blog.is_some_and(|b| b.running()),
        started_at: blog.map(|b| b.started_at),
        ended_at: blog.and_then(|b| b.ended_at),
        entries: entries.into_iter().rev().map(EntryJson::from).collect(),
    })
}

/// `GET /api/v1/articles/{id}/live`
pub async fn read(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<LiveJson>, ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    Ok(Json(live_json(&app, article.id).await?))
}

/// `PUT /api/v1/articles/{id}/live` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    running: bool,
}

/// `PUT /api/v1/articles/{id}/live`: starts or closes the coverage.
pub async fn switch(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Switch>,
) -> Result<Json<LiveJson>, ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    live_actions::set_live(&app, &user, &article, body.running).await?;
    Ok(Json(live_json(&app, article.id).await?))
}

/// `POST /api/v1/articles/{id}/live/entries` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    /// Markdown; a line that is only a post's address becomes its embed.
    body: String,
    #[serde(default)]
    pinned: bool,
}

/// `POST /api/v1/articles/{id}/live/entries`: 201 with the entry, which
/// readers with the page open receive within a second.
pub async fn add_entry(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewEntry>,
) -> Result<(StatusCode, Json<EntryJson>), ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    let entry = live_actions::add_entry(&app, &user, &article, &body.body, body.pinned).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// `DELETE /api/v1/articles/{id}/live/entries/{entry}`
pub async fn delete_entry(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    live_actions::delete_entry(&app, &user, &article, entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
