//! What every newsroom page shares: who is signed in ([`StaffView`]),
//! rendering (never cached), times as the newsroom shows and reads them,
//! and the Indonesian names of statuses and roles.

use crate::app::App;
use crate::error::AppError;
use crate::messages::{Message, status_id};
use crate::newsroom::auth::Staff;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use warta_core::{Locale, Restriction, Role, Status};

/// What every newsroom page knows of the person using it.
#[derive(Serialize)]
pub struct StaffView {
    name: String,
    email: String,
    role: &'static str,
    csrf: String,
    can_curate: bool,
    can_administer: bool,
    /// Reviews articles: sees the queue's count in the navigation.
    reviews: bool,
    /// Articles waiting for review.
    review_count: i64,
    /// Their own articles sent back to them.
    sent_back_count: i64,
    /// Sees the live dashboard.
    sees_readers: bool,
}

impl StaffView {
    /// The view of a signed-in staff member.
    pub fn of(staff: &Staff) -> StaffView {
        StaffView {
            name: staff.user.name.clone(),
            email: staff.user.email.clone(),
            role: role_label(staff.user.role),
            csrf: staff.csrf.clone(),
            can_curate: staff.user.role.can_curate(),
            can_administer: staff.user.role.can_administer(),
            reviews: staff.user.role.can_publish(false),
            review_count: staff.desk.review,
            sent_back_count: staff.desk.sent_back,
            sees_readers: staff.user.role.sees_all_articles(),
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

/// The newsroom's page for a refusal or a fault: what happened, in
/// Indonesian, and the way on (signing in again when the session ended,
/// coming back to `back` after).
pub fn error_page(app: &App, status: StatusCode, message: &str, back: &str) -> Response {
    #[derive(Serialize)]
    struct ErrorView<'a> {
        heading: &'a str,
        detail: &'a str,
        sign_in: Option<String>,
    }
    let heading = match status {
        StatusCode::NOT_FOUND => "Tidak ditemukan",
        StatusCode::UNAUTHORIZED => "Sesi berakhir",
        StatusCode::FORBIDDEN => "Tidak diizinkan",
        s if s.is_server_error() => "Terjadi kesalahan",
        _ => "Tidak bisa dilanjutkan",
    };
    let sign_in = (status == StatusCode::UNAUTHORIZED).then(|| {
        format!(
            "/redaksi/masuk?ke={}",
            form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
        )
    });
    let view = ErrorView {
        heading,
        detail: message,
        sign_in,
    };
    match render(app, "newsroom/error.html", status, &view) {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(error = %error.message(Locale::En), "newsroom error page failed");
            (status, message.to_owned()).into_response()
        }
    }
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
        .map_err(|_| AppError::Invalid(Message::UnreadableTime(text.to_owned())))?;
    app.config
        .time_zone
        .from_local(local)
        .map(Some)
        .ok_or_else(|| AppError::Invalid(Message::NonexistentTime(text.to_owned())))
}

/// The Indonesian name of a status.
pub fn status_label(status: Status) -> &'static str {
    status_id(status)
}

/// What the newsroom says of an article not public where it came from.
pub fn restriction_label(restriction: Restriction) -> &'static str {
    match restriction {
        Restriction::Private => "privat di WordPress",
        Restriction::Password => "berkata sandi di WordPress",
        Restriction::Trashed => "dibuang di WordPress",
    }
}

/// The Indonesian name of a role.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Contributor => "kontributor",
        Role::Author => "penulis",
        Role::Editor => "editor",
        Role::Admin => "admin",
    }
}
