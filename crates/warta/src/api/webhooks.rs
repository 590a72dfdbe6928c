//! `/api/v1/webhooks`: subscriptions to article events, their delivery
//! log and a test delivery (admins). What is sent and how it is signed:
//! `newsroom::actions::webhooks`, and docs/API.md for receivers.

use super::{ApiError, ApiJson};
use crate::app::App;
use crate::newsroom::actions::webhooks as actions;
use crate::newsroom::auth::ApiAdmin;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_store::{Attempt, Delivery, Webhook};

/// Deliveries shown with a subscription.
const LOG_LENGTH: i64 = 50;

/// A subscription as the API returns it; the secret only when it is new.
#[derive(Debug, Serialize)]
pub struct WebhookJson {
    id: i64,
    url: String,
    events: Vec<String>,
    active: bool,
    created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl WebhookJson {
    fn of(webhook: Webhook, with_secret: bool) -> WebhookJson {
        WebhookJson {
            id: webhook.id,
            url: webhook.url,
            events: webhook.events,
            active: webhook.active,
            created_at: webhook.created_at,
            secret: with_secret.then_some(webhook.secret),
        }
    }
}

/// One delivery in the log, with its attempts.
#[derive(Debug, Serialize)]
pub struct DeliveryJson {
    id: i64,
    event: String,
    article_id: Option<i64>,
    state: &'static str,
    created_at: DateTime<Utc>,
    next_attempt_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    attempts: Vec<AttemptJson>,
}

/// One attempt at a delivery.
#[derive(Debug, Serialize)]
pub struct AttemptJson {
    at: DateTime<Utc>,
    status: Option<i64>,
    error: String,
    took_ms: i64,
}

impl DeliveryJson {
    fn of((delivery, attempts): (Delivery, Vec<Attempt>)) -> DeliveryJson {
        let pending = delivery.state == warta_store::DeliveryState::Pending;
        DeliveryJson {
            id: delivery.id,
            event: delivery.event,
            article_id: delivery.article_id.map(|a| a.0),
            state: delivery.state.as_str(),
            created_at: delivery.created_at,
            next_attempt_at: pending.then_some(delivery.next_attempt_at),
            finished_at: delivery.finished_at,
            attempts: attempts
                .into_iter()
                .map(|a| AttemptJson {
                    at: a.at,
                    status: a.status,
                    error: a.error,
                    took_ms: a.took_ms,
                })
                .collect(),
        }
    }
}

/// A subscription with its latest deliveries.
#[derive(Debug, Serialize)]
pub struct WebhookWithLog {
    #[serde(flatten)]
    webhook: WebhookJson,
    deliveries: Vec<DeliveryJson>,
}

/// `GET /api/v1/webhooks`
pub async fn list(
    State(app): State<Arc<App>>,
    ApiAdmin(_): ApiAdmin,
) -> Result<Json<Vec<WebhookJson>>, ApiError> {
    let webhooks = app
        .store
        .webhooks()
        .await
        .map_err(crate::error::AppError::from)?;
    Ok(Json(
        webhooks
            .into_iter()
            .map(|w| WebhookJson::of(w, false))
            .collect(),
    ))
}

/// `POST /api/v1/webhooks` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscribe {
    url: String,
    events: Vec<String>,
}

/// `POST /api/v1/webhooks`: 201 with the secret, shown this once.
pub async fn subscribe(
    State(app): State<Arc<App>>,
    ApiAdmin(user): ApiAdmin,
    ApiJson(body): ApiJson<Subscribe>,
) -> Result<(StatusCode, Json<WebhookJson>), ApiError> {
    let webhook = actions::subscribe(&app, &user, &body.url, &body.events).await?;
    Ok((StatusCode::CREATED, Json(WebhookJson::of(webhook, true))))
}

/// `GET /api/v1/webhooks/{id}`: with its latest deliveries, newest first.
pub async fn read(
    State(app): State<Arc<App>>,
    ApiAdmin(user): ApiAdmin,
    Path(id): Path<i64>,
) -> Result<Json<WebhookWithLog>, ApiError> {
    let webhook = actions::webhook(&app, &user, id).await?;
    let deliveries = app
        .store
        .deliveries(id, LOG_LENGTH)
        .await
        .map_err(crate::error::AppError::from)?;
    Ok(Json(WebhookWithLog {
        webhook: WebhookJson::of(webhook, false),
        deliveries: deliveries.into_iter().map(DeliveryJson::of).collect(),
    }))
}

/// `PATCH /api/v1/webhooks/{id}` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    active: bool,
}

/// `PATCH /api/v1/webhooks/{id}`: starts or stops deliveries.
pub async fn switch(
    State(app): State<Arc<App>>,
    ApiAdmin(user): ApiAdmin,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Switch>,
) -> Result<Json<WebhookJson>, ApiError> {
    actions::set_active(&app, &user, id, body.active).await?;
    let webhook = actions::webhook(&app, &user, id).await?;
    Ok(Json(WebhookJson::of(webhook, false)))
}

/// `DELETE /api/v1/webhooks/{id}`
pub async fn remove(
    State(app): State<Arc<App>>,
    ApiAdmin(user): ApiAdmin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    actions::remove(&app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/webhooks/{id}/test`: queues a `ping` delivery (202).
pub async fn test(
    State(app): State<Arc<App>>,
    ApiAdmin(user): ApiAdmin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    actions::test(&app, &user, id).await?;
    Ok(StatusCode::ACCEPTED)
}
