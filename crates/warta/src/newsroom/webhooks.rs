//! Webhooks in the newsroom (admins): the subscriptions, a new one with
//! its secret shown once, and each one's delivery log with a test button.

use super::actions::webhooks::{self as actions, EVENTS};
use super::auth::Staff;
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::sync::Arc;
use warta_core::Locale;
use warta_store::{DeliveryState, Webhook};

/// Deliveries shown on a subscription's page.
const LOG_LENGTH: i64 = 50;

#[derive(Serialize)]
struct WebhookRow {
    id: i64,
    url: String,
    events: Vec<String>,
    active: bool,
    created: String,
}

impl WebhookRow {
    fn of(app: &App, webhook: &Webhook) -> WebhookRow {
        WebhookRow {
            id: webhook.id,
            url: webhook.url.clone(),
            events: webhook.events.clone(),
            active: webhook.active,
            created: show_time(app, webhook.created_at),
        }
    }
}

#[derive(Serialize)]
struct ListView {
    staff: StaffView,
    webhooks: Vec<WebhookRow>,
    events: &'static [&'static str],
    error: Option<String>,
    /// A subscription just made: its address and secret.
    created: Option<(String, String)>,
    url: String,
}

async fn list_view(
    app: &App,
    staff: &Staff,
    error: Option<String>,
    created: Option<(String, String)>,
    url: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    super::actions::people::require_admin(&staff.user)?;
    let webhooks = app.store.webhooks().await?;
    let view = ListView {
        staff: StaffView::of(staff),
        webhooks: webhooks.iter().map(|w| WebhookRow::of(app, w)).collect(),
        events: EVENTS,
        error,
        created,
        url,
    };
    render(app, "newsroom/webhooks.html", status, &view)
}

/// `GET /redaksi/webhook`
pub async fn webhooks_page(
    State(app): State<Arc<App>>,
    staff: Staff,
) -> Result<Response, AppError> {
    list_view(&app, &staff, None, None, String::new(), StatusCode::OK).await
}

/// `POST /redaksi/webhook`: a new subscription (`alamat`, `peristiwa`
/// once per event chosen).
pub async fn webhooks_add(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let url = form
        .iter()
        .find(|(k, _)| k == "alamat")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let events: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "peristiwa")
        .map(|(_, v)| v.clone())
        .collect();
    match actions::subscribe(&app, &staff.user, &url, &events).await {
        Ok(webhook) => {
            let created = Some((webhook.url, webhook.secret));
            list_view(&app, &staff, None, created, String::new(), StatusCode::OK).await
        }
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let message = Some(error.message(Locale::Id));
            list_view(&app, &staff, message, None, url, status).await
        }
        Err(error) => Err(error),
    }
}

#[derive(Serialize)]
struct AttemptRow {
    at: String,
    status: Option<i64>,
    error: String,
    took_ms: i64,
}

#[derive(Serialize)]
struct DeliveryRow {
    id: i64,
    event: String,
    article: Option<i64>,
    /// The headline the event carried.
    title: Option<String>,
    state: &'static str,
    state_label: &'static str,
    created: String,
    next: Option<String>,
    attempts: Vec<AttemptRow>,
}

#[derive(Serialize)]
struct DetailView {
    staff: StaffView,
    webhook: WebhookRow,
    deliveries: Vec<DeliveryRow>,
    message: Option<&'static str>,
}

/// An attempt's time, to the second: retries come seconds apart.
fn show_seconds(app: &App, t: chrono::DateTime<chrono::Utc>) -> String {
    let tz = &app.config.time_zone;
    format!(
        "{} {}",
        tz.local(t).format("%d/%m/%Y %H.%M.%S"),
        tz.abbreviation(t)
    )
}

fn state_label(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Pending => "menunggu",
        DeliveryState::Delivered => "terkirim",
        DeliveryState::Failed => "gagal",
    }
}

/// `GET /redaksi/webhook/{id}`: the subscription and its latest
/// deliveries; `?uji=1` after a test was asked for.
pub async fn webhook_page(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let webhook = actions::webhook(&app, &staff.user, id).await?;
    let deliveries = app
        .store
        .deliveries(id, LOG_LENGTH)
        .await?
        .into_iter()
        .map(|(delivery, attempts)| DeliveryRow {
            id: delivery.id,
            event: delivery.event,
            article: delivery.article_id.map(|a| a.0),
            title: serde_json::from_str::<serde_json::Value>(&delivery.payload)
                .ok()
                .and_then(|p| p["article"]["title"].as_str().map(str::to_owned)),
            state: delivery.state.as_str(),
            state_label: state_label(delivery.state),
            created: show_time(&app, delivery.created_at),
            next: (delivery.state == DeliveryState::Pending)
                .then(|| show_time(&app, delivery.next_attempt_at)),
            attempts: attempts
                .into_iter()
                .map(|a| AttemptRow {
                    at: show_seconds(&app, a.at),
                    status: a.status,
                    error: a.error,
                    took_ms: a.took_ms,
                })
                .collect(),
        })
        .collect();
    let message = match query.get("selesai").map(String::as_str) {
        Some("uji") => {
            Some("Kiriman uji diantrekan; hasilnya tampil di bawah dalam beberapa detik.")
        }
        Some("aktif") => Some("Webhook aktif lagi: peristiwa berikutnya dikirim."),
        Some("nonaktif") => Some("Webhook dinonaktifkan: tidak ada lagi yang dikirim."),
        _ => None,
    };
    let view = DetailView {
        staff: StaffView::of(&staff),
        webhook: WebhookRow::of(&app, &webhook),
        deliveries,
        message,
    };
    render(&app, "newsroom/webhook.html", StatusCode::OK, &view)
}

/// `POST /redaksi/webhook/{id}`: `aksi` = `uji`, `aktifkan`,
/// `nonaktifkan` or `hapus`.
pub async fn webhook_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let user = &staff.user;
    let done = match form.get("aksi").map(String::as_str).unwrap_or("") {
        "uji" => {
            actions::test(&app, user, id).await?;
            "uji"
        }
        "aktifkan" => {
            actions::set_active(&app, user, id, true).await?;
            "aktif"
        }
        "nonaktifkan" => {
            actions::set_active(&app, user, id, false).await?;
            "nonaktif"
        }
        "hapus" => {
            actions::remove(&app, user, id).await?;
            return Ok(Redirect::to("/redaksi/webhook").into_response());
        }
        other => {
            return Err(AppError::BadRequest(Message::UnknownAction(
                other.to_owned(),
            )));
        }
    };
    Ok(Redirect::to(&format!("/redaksi/webhook/{id}?selesai={done}")).into_response())
}
