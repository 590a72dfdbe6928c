//! `/api/v1/picks`, `/api/v1/headline`, `/api/v1/breaking`,
//! `/api/v1/sections`, `/api/v1/tags`: what editors curate.

use super::{ApiError, ApiJson};
use crate::app::App;
use crate::error::AppError;
use crate::newsroom::actions::curation as actions;
use crate::newsroom::auth::{ApiCurator, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::ArticleId;

/// Pilihan and the home headline.
#[derive(Debug, Serialize)]
pub struct Picks {
    picks: Vec<i64>,
    headline: Option<i64>,
}

/// `GET /api/v1/picks`
pub async fn picks(
    State(app): State<Arc<App>>,
    ApiUser(_): ApiUser,
) -> Result<Json<Picks>, ApiError> {
    Ok(Json(Picks {
        picks: app
            .store
            .picks()
            .await
            .map_err(AppError::from)?
            .iter()
            .map(|a| a.0)
            .collect(),
        headline: app
            .store
            .headline()
            .await
            .map_err(AppError::from)?
            .map(|a| a.0),
    }))
}

/// `PUT /api/v1/picks` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPicks {
    picks: Vec<i64>,
}

/// `PUT /api/v1/picks`: replaces Pilihan, in order.
pub async fn set_picks(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    ApiJson(body): ApiJson<SetPicks>,
) -> Result<Json<Picks>, ApiError> {
    let ids: Vec<ArticleId> = body.picks.iter().copied().map(ArticleId).collect();
    actions::set_picks(&app, &user, &ids).await?;
    picks(State(app), ApiUser(user)).await
}

/// `PUT /api/v1/headline` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetHeadline {
    /// Required, and null to clear: `{}` is a mistake, not a wish to
    /// clear the headline (serde would read a missing `Option` as null).
    #[serde(deserialize_with = "Option::deserialize")]
    headline: Option<i64>,
}

/// `PUT /api/v1/headline`: sets or (with null) clears the home headline.
pub async fn set_headline(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    ApiJson(body): ApiJson<SetHeadline>,
) -> Result<Json<Picks>, ApiError> {
    actions::set_headline(&app, &user, body.headline.map(ArticleId)).await?;
    picks(State(app), ApiUser(user)).await
}

/// A section or tag.
#[derive(Debug, Serialize)]
pub struct Named {
    id: i64,
    slug: String,
    name: String,
}

/// `GET /api/v1/sections`
pub async fn sections(
    State(app): State<Arc<App>>,
    ApiUser(_): ApiUser,
) -> Result<Json<Vec<Named>>, ApiError> {
    let sections = app.store.sections().await.map_err(AppError::from)?;
    Ok(Json(
        sections
            .into_iter()
            .map(|s| Named {
                id: s.id.0,
                slug: s.slug.to_string(),
                name: s.name,
            })
            .collect(),
    ))
}

/// `POST /api/v1/sections` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSection {
    name: String,
    #[serde(default)]
    slug: Option<String>,
}

/// `POST /api/v1/sections`: adds a section (editors).
pub async fn add_section(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    ApiJson(body): ApiJson<NewSection>,
) -> Result<(StatusCode, Json<Named>), ApiError> {
    let (id, slug) = actions::add_section(&app, &user, &body.name, body.slug.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(Named {
            id: id.0,
            slug: slug.to_string(),
            name: body.name.trim().to_owned(),
        }),
    ))
}

/// A tag with how many articles carry it.
#[derive(Debug, Serialize)]
pub struct TagJson {
    id: i64,
    slug: String,
    name: String,
    articles: i64,
}

/// `GET /api/v1/tags`: the 500 most used.
pub async fn tags(
    State(app): State<Arc<App>>,
    ApiUser(_): ApiUser,
) -> Result<Json<Vec<TagJson>>, ApiError> {
    let tags = app
        .store
        .tags_with_counts(500, 0)
        .await
        .map_err(AppError::from)?;
    Ok(Json(
        tags.into_iter()
            .map(|(t, n)| TagJson {
                id: t.id.0,
                slug: t.slug.to_string(),
                name: t.name,
                articles: n,
            })
            .collect(),
    ))
}

/// `PATCH /api/v1/tags/{id}` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameTag {
    name: String,
}

/// `PATCH /api/v1/tags/{id}`: renames a tag (editors).
pub async fn rename_tag(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    axum::extract::Path(id): axum::extract::Path<i64>,
    ApiJson(body): ApiJson<RenameTag>,
) -> Result<StatusCode, ApiError> {
    actions::rename_tag(&app, &user, warta_core::TagId(id), &body.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/tags/{id}`: removes a tag from every article (editors).
pub async fn delete_tag(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<StatusCode, ApiError> {
    actions::delete_tag(&app, &user, warta_core::TagId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The breaking-news banner: its article and until when.
#[derive(Debug, Serialize)]
pub struct Breaking {
    article_id: Option<i64>,
    /// Null: until taken down (or no banner).
    until: Option<chrono::DateTime<chrono::Utc>>,
}

/// `GET /api/v1/breaking`: the banner readers see now, if any.
pub async fn breaking(
    State(app): State<Arc<App>>,
    ApiUser(_): ApiUser,
) -> Result<Json<Breaking>, ApiError> {
    let now = app.now();
    let marked = app
        .store
        .breaking()
        .await
        .map_err(AppError::from)?
        .filter(|(_, until)| until.is_none_or(|until| until > now));
    Ok(Json(Breaking {
        article_id: marked.map(|(id, _)| id.0),
        until: marked.and_then(|(_, until)| until),
    }))
}

/// `PUT /api/v1/breaking` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetBreaking {
    /// Required, and null to take the banner down.
    #[serde(deserialize_with = "Option::deserialize")]
    article_id: Option<i64>,
    /// How long the banner shows; absent or null: until taken down.
    #[serde(default)]
    minutes: Option<i64>,
}

/// `PUT /api/v1/breaking`: marks a live article as breaking news, or
/// (with null) takes the banner down (editors).
pub async fn set_breaking(
    State(app): State<Arc<App>>,
    ApiCurator(user): ApiCurator,
    ApiJson(body): ApiJson<SetBreaking>,
) -> Result<Json<Breaking>, ApiError> {
    // The time is checked even when the banner is taken down: a request
    // the document refuses is refused whatever else it asks.
    if let Some(minutes) = body.minutes
        && !(1..=actions::BREAKING_HOURS * 60).contains(&minutes)
    {
        return Err(AppError::Invalid(crate::messages::Message::BreakingTooLong(
            actions::BREAKING_HOURS,
        ))
        .into());
    }
    let marked = body.article_id.map(|id| (ArticleId(id), body.minutes));
    actions::set_breaking(&app, &user, marked).await?;
    breaking(State(app), ApiUser(user)).await
}
