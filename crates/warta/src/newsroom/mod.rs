//! The newsroom under `/redaksi`: signing in, the article list and editor,
//! the workflow buttons, revisions, media, curation, users and tokens.
//! Every page is server-rendered HTML in Indonesian; the little script
//! there is (the live Markdown preview) only improves what works without it.
//!
//! Rules live in [`actions`] (shared with the API); [`auth::guard`] makes
//! sure every request here is signed in and every form post carries the
//! session's CSRF token.

pub mod actions;
pub mod articles;
pub mod auth;
pub mod curation;
pub mod library;
pub mod markdown;
pub mod people;
pub mod session;

use crate::app::App;
use crate::error::AppError;
use auth::Staff;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use std::sync::Arc;

/// The newsroom's routes, all behind [`auth::guard`].
pub fn router(app: Arc<App>) -> Router<Arc<App>> {
    let upload_limit = app.config.max_upload_bytes + 64 * 1024;
    Router::new()
        .route("/redaksi", get(articles::list))
        .route(
            "/redaksi/masuk",
            get(session::sign_in_page).post(session::sign_in),
        )
        .route("/redaksi/keluar", post(session::sign_out))
        .route("/redaksi/artikel/baru", get(articles::new_page))
        .route("/redaksi/artikel", post(articles::create))
        .route(
            "/redaksi/artikel/{id}",
            get(articles::edit_page).post(articles::update),
        )
        .route("/redaksi/artikel/{id}/pratinjau", get(articles::preview))
        .route("/redaksi/artikel/{id}/revisi", get(articles::revisions))
        .route(
            "/redaksi/artikel/{id}/revisi/{version}",
            get(articles::revision_diff),
        )
        .route(
            "/redaksi/artikel/{id}/revisi/{version}/pulihkan",
            post(articles::restore),
        )
        .route("/redaksi/pratinjau-isi", post(articles::render_markdown))
        .route(
            "/redaksi/media",
            get(library::library).post(library::upload),
        )
        .route(
            "/redaksi/pilihan",
            get(curation::picks_page).post(curation::picks_update),
        )
        .route(
            "/redaksi/kanal",
            get(curation::sections_page).post(curation::sections_update),
        )
        .route(
            "/redaksi/tag",
            get(curation::tags_page).post(curation::tags_update),
        )
        .route(
            "/redaksi/pengguna",
            get(people::users_page).post(people::users_update),
        )
        .route(
            "/redaksi/akun",
            get(people::account_page).post(people::account_update),
        )
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::from_fn_with_state(app, auth::guard))
}

/// What every newsroom page knows of the person using it.
#[derive(Serialize)]
pub struct StaffView {
    name: String,
    email: String,
    role: &'static str,
    csrf: String,
    can_curate: bool,
    can_administer: bool,
}

impl StaffView {
    /// The view of a signed-in staff member.
    pub fn of(staff: &Staff) -> StaffView {
        StaffView {
            name: staff.user.name.clone(),
            email: staff.user.email.clone(),
            role: actions::role_label(staff.user.role),
            csrf: staff.csrf.clone(),
            can_curate: staff.user.role.can_curate(),
            can_administer: staff.user.role.can_administer(),
        }
    }
}

/// Renders a newsroom page; never cached anywhere.
pub fn render<T: Serialize>(
    app: &App,
    template: &str,
    status: StatusCode,
    view: &T,
) -> Result<Response, AppError> {
    let html = app.theme.render(template, Value::from(Serde(view)))?;
    let mut response = (status, Html(html)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A time as the newsroom shows it: "25/11/2026 18.30 WIB".
pub fn show_time(app: &App, t: chrono::DateTime<chrono::Utc>) -> String {
    let tz = &app.config.time_zone;
    format!(
        "{} {}",
        tz.local(t).format("%d/%m/%Y %H.%M"),
        tz.abbreviation(t)
    )
}

/// A time as a `datetime-local` input holds it, in the portal's zone.
pub fn input_time(app: &App, t: chrono::DateTime<chrono::Utc>) -> String {
    app.config
        .time_zone
        .local(t)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A `datetime-local` input's value as a time; empty is none.
pub fn parse_input_time(
    app: &App,
    text: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| AppError::Invalid(format!("Waktu {text:?} tidak bisa dibaca.")))?;
    app.config
        .time_zone
        .from_local(local)
        .map(Some)
        .ok_or_else(|| AppError::Invalid(format!("Waktu {text:?} tidak ada di zona ini.")))
}
