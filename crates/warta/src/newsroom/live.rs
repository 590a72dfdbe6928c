//! A live blog in the newsroom: start or close the live coverage of an
//! article, add entries (Markdown; a line that is only a post's address
//! becomes its embed; "penting" pins one on top), remove one.

use super::actions::live as actions;
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
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::{ArticleId, Locale};

#[derive(Serialize)]
struct EntryRow {
    id: i64,
    time: String,
    author: String,
    pinned: bool,
    html: String,
}

#[derive(Serialize)]
struct LiveView {
    staff: StaffView,
    id: i64,
    title: String,
    public_url: Option<String>,
    /// `None`: never live; else whether it runs.
    running: Option<bool>,
    entries: Vec<EntryRow>,
    /// The entry typed, kept when it was refused.
    text: String,
    error: Option<String>,
    message: Option<&'static str>,
}

async fn live_view(
    app: &App,
    staff: &Staff,
    id: ArticleId,
    text: String,
    error: Option<String>,
    message: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let article = super::actions::article_for(app, &staff.user, id).await?;
    let blog = app.store.live_blog(id).await?;
    let entries = app
        .store
        .live_entries(id, 0)
        .await?
        .into_iter()
        .rev()
        .map(|e| EntryRow {
            id: e.id,
            time: show_time(app, e.created_at),
            author: e.author.unwrap_or_default(),
            pinned: e.pinned,
            html: e.body_html,
        })
        .collect();
    let view = LiveView {
        staff: StaffView::of(staff),
        id: id.0,
        public_url: article
            .is_live(app.now())
            .then(|| article.path(&app.config.time_zone)),
        title: article.title,
        running: blog.map(|b| b.running()),
        entries,
        text,
        error,
        message,
    };
    render(app, "newsroom/live.html", status, &view)
}

/// `GET /redaksi/artikel/{id}/langsung`
pub async fn live_page(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let message = match query.get("selesai").map(String::as_str) {
        Some("mulai") => Some("Liputan langsung dimulai: tambahkan pembaruan di bawah."),
        Some("tutup") => Some("Liputan langsung ditutup; pembaruannya tetap tampil."),
        Some("tambah") => {
            Some("Pembaruan tampil di halaman pembaca yang sedang terbuka dalam sedetik.")
        }
        Some("hapus") => Some("Pembaruan dihapus."),
        _ => None,
    };
    live_view(
        &app,
        &staff,
        ArticleId(id),
        String::new(),
        None,
        message,
        StatusCode::OK,
    )
    .await
}

/// `POST /redaksi/artikel/{id}/langsung`: `aksi` = `mulai`, `tutup`,
/// `tambah` (with `isi` and `penting`) or `hapus` (with `entri`).
pub async fn live_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = ArticleId(id);
    let article = super::actions::article_for(&app, &staff.user, id).await?;
    let user = &staff.user;
    let text = form.get("isi").cloned().unwrap_or_default();
    let aksi = form.get("aksi").map(String::as_str).unwrap_or("");
    let result = match aksi {
        "mulai" => actions::set_live(&app, user, &article, true).await,
        "tutup" => actions::set_live(&app, user, &article, false).await,
        "tambah" => {
            let pinned = form.get("penting").is_some_and(|v| v == "ya");
            actions::add_entry(&app, user, &article, &text, pinned)
                .await
                .map(|_| ())
        }
        "hapus" => match form.get("entri").and_then(|v| v.parse().ok()) {
            Some(entry) => actions::delete_entry(&app, user, &article, entry).await,
            None => Err(AppError::BadRequest(Message::MissingField("entri"))),
        },
        other => Err(AppError::BadRequest(Message::UnknownAction(
            other.to_owned(),
        ))),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/redaksi/artikel/{}/langsung?selesai={aksi}",
            id.0
        ))
        .into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let message = Some(error.message(Locale::Id));
            live_view(&app, &staff, id, text, message, None, status).await
        }
        Err(error) => Err(error),
    }
}
