//! `/api/v1/articles`: the newsroom's articles for apps and scripts, with
//! the same rules as the UI (see `newsroom::actions`).

use super::{ApiError, ApiJson};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::actions::view::{ArticleJson, article_json};
use crate::newsroom::actions::{self, ArticleInput};
use crate::newsroom::auth::ApiUser;
use axum::Json;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::{ArticleId, Status};
use warta_store::ArticleFilter;

/// `GET /api/v1/articles` filters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    status: Option<Status>,
    section: Option<String>,
    owner: Option<i64>,
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// A page of the article list.
#[derive(Debug, Serialize)]
pub struct ArticleList {
    total: i64,
    page: i64,
    per_page: i64,
    articles: Vec<warta_store::NewsroomArticle>,
}

/// `GET /api/v1/articles`: contributors and authors see their own.
pub async fn list(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Query(params): Query<ListParams>,
    RawQuery(raw_query): RawQuery,
) -> Result<Response, ApiError> {
    let page = super::in_range(params.page, "page", 1, 1, i64::from(i32::MAX))?;
    let per_page = super::in_range(params.per_page, "per_page", 20, 1, 100)?;
    let owner = if user.role.sees_all_articles() {
        params.owner.map(warta_core::UserId)
    } else {
        Some(user.id)
    };
    let filter = ArticleFilter {
        status: params.status,
        section: params.section,
        owner,
        title: params
            .q
            .map(|q| crate::text::one_line(&q))
            .filter(|q| !q.is_empty()),
    };
    let (articles, total) = app
        .store
        .newsroom_articles(&filter, per_page, (page - 1) * per_page)
        .await
        .map_err(AppError::from)?;
    let last = ((total + per_page - 1) / per_page).max(1);
    let link = pages_link(&app, &params_query(&raw_query), page, last, per_page);
    let list = Json(ArticleList {
        total,
        page,
        per_page,
        articles,
    });
    Ok(([(header::LINK, link)], list).into_response())
}

/// The query of a list request without its `page`.
fn params_query(raw: &Option<String>) -> String {
    raw.as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k != "page" && k != "per_page")
                .fold(
                    form_urlencoded::Serializer::new(String::new()),
                    |mut out, (k, v)| {
                        out.append_pair(&k, &v);
                        out
                    },
                )
                .finish()
        })
        .unwrap_or_default()
}

/// `Link` (RFC 8288) to the first, previous, next and last pages.
fn pages_link(app: &App, query: &str, page: i64, last: i64, per_page: i64) -> String {
    let url = |n: i64| {
        let extra = if query.is_empty() {
            String::new()
        } else {
            format!("&{query}")
        };
        app.absolute(&format!(
            "/api/v1/articles?page={n}&per_page={per_page}{extra}"
        ))
    };
    let mut links = vec![format!("<{}>; rel=\"first\"", url(1))];
    if page > 1 {
        links.push(format!("<{}>; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        links.push(format!("<{}>; rel=\"next\"", url(page + 1)));
    }
    links.push(format!("<{}>; rel=\"last\"", url(last)));
    links.join(", ")
}

/// `POST /api/v1/articles`: creates a draft.
pub async fn create(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<ArticleInput>,
) -> Result<(StatusCode, Json<ArticleJson>), ApiError> {
    let id = actions::create(&app, &user, &input).await?;
    let article = app.store.article(id).await.map_err(AppError::from)?;
    Ok((StatusCode::CREATED, Json(article_json(&app, &article))))
}

/// `GET /api/v1/articles/{id}`
pub async fn read(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    let tag = version_tag(article.version);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag)
        });
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    Ok(([(header::ETAG, tag)], Json(article_json(&app, &article))).into_response())
}

/// The `ETag` of an article's version: what `If-Match` names to change it
/// safely, and `If-None-Match` to ask whether it changed.
fn version_tag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The version a change is based on: `If-Match` (`"v12"`) or the body's
/// `version`; both, when given, must agree. `If-Match` naming a version
/// that is no longer stored is 412, as HTTP has it; the body's stale
/// version stays the 409 the editor knows.
fn based_on(headers: &HeaderMap, body: Option<i64>, stored: i64) -> Result<i64, AppError> {
    let matched = match headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tag) => {
            let named = tag
                .trim()
                .trim_matches('"')
                .strip_prefix('v')
                .and_then(|v| v.parse::<i64>().ok());
            match named {
                Some(version) if version == stored => Some(version),
                _ => {
                    return Err(AppError::PreconditionFailed(Message::StaleVersion {
                        current: stored,
                    }));
                }
            }
        }
        None => None,
    };
    match (matched, body) {
        (Some(matched), Some(body)) if matched != body => {
            Err(AppError::PreconditionFailed(Message::StaleVersion {
                current: stored,
            }))
        }
        (Some(version), _) | (None, Some(version)) => Ok(version),
        (None, None) => Err(AppError::PreconditionRequired),
    }
}

/// `PUT /api/v1/articles/{id}` body: the content and the version it is
/// based on.
#[derive(Debug, Deserialize)]
pub struct UpdateBody {
    /// The version the change is based on, unless `If-Match` says it.
    #[serde(default)]
    version: Option<i64>,
    #[serde(flatten)]
    input: ArticleInput,
}

/// `PUT /api/v1/articles/{id}`: replaces the content; 409 if someone saved
/// since `version`.
pub async fn update(
    State(app): State<Arc<App>>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Response, ApiError> {
    let article = actions::article_for(&app, &user, ArticleId(id)).await?;
    let version = based_on(&headers, body.version, article.version)?;
    actions::save(&app, &user, &article, version, &body.input).await?;
    let article = app
        .store
        .article(article.id)
        .await
        .map_err(AppError::from)?;
    Ok((
        [(header::ETAG, version_tag(article.version))],
        Json(article_json(&app, &article)),
    )
        .into_response())
}

/// The body of a workflow step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    version: i64,
    /// For `schedule`: when to go live.
    #[serde(default)]
    publish_at: Option<DateTime<Utc>>,
    /// A note kept with the step (what a submission or a sending back
    /// says to the other side).
    #[serde(default)]
    note: String,
}

async fn move_to(
    app: &App,
    user: &warta_store::User,
    id: i64,
    body: MoveBody,
    to: Status,
) -> Result<Json<ArticleJson>, ApiError> {
    if to == Status::Scheduled && body.publish_at.is_none() {
        return Err(AppError::Invalid(Message::ScheduleNeedsTime).into());
    }
    let article = actions::article_for(app, user, ArticleId(id)).await?;
    actions::transition(
        app,
        user,
        &article,
        body.version,
        to,
        body.publish_at,
        &body.note,
    )
    .await?;
    let article = app
        .store
        .article(article.id)
        .await
        .map_err(AppError::from)?;
    Ok(Json(article_json(app, &article)))
}

macro_rules! workflow_step {
    ($(#[$doc:meta])* $name:ident, $status:expr) => {
        $(#[$doc])*
        pub async fn $name(
            State(app): State<Arc<App>>,
            ApiUser(user): ApiUser,
            Path(id): Path<i64>,
            ApiJson(body): ApiJson<MoveBody>,
        ) -> Result<Json<ArticleJson>, ApiError> {
            move_to(&app, &user, id, body, $status).await
        }
    };
}

workflow_step!(
    /// `POST /api/v1/articles/{id}/submit`: to review.
    submit,
    Status::Review
);
workflow_step!(
    /// `POST /api/v1/articles/{id}/publish`: live now.
    publish,
    Status::Published
);
workflow_step!(
    /// `POST /api/v1/articles/{id}/schedule`: live at `publish_at`.
    schedule,
    Status::Scheduled
);
workflow_step!(
    /// `POST /api/v1/articles/{id}/unpublish`: off the site.
    unpublish,
    Status::Unpublished
);
workflow_step!(
    /// `POST /api/v1/articles/{id}/draft`: back to draft.
    to_draft,
    Status::Draft
);
