//! The desk: the review queue (`GET /redaksi/tinjauan`), notes on an
//! article (`POST /redaksi/artikel/{id}/catatan`), and who has an article
//! open (`POST /redaksi/artikel/{id}/hadir`, the editor's heartbeat).

use super::actions;
use super::auth::Staff;
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use warta_core::ArticleId;
use warta_store::{Note, NoteKind, Present, QueuedArticle};

/// How long a heartbeat keeps someone present, in seconds: the editor
/// beats every 20 s, so two missed beats and a slow network still count.
pub const PRESENCE_SECONDS: i64 = 60;

#[derive(Serialize)]
struct QueueRow {
    url: String,
    title: String,
    section: String,
    writer: String,
    since: String,
    by: String,
    note: String,
}

impl QueueRow {
    fn of(app: &App, queued: &QueuedArticle) -> QueueRow {
        QueueRow {
            url: format!("/redaksi/artikel/{}", queued.id),
            title: queued.title.clone(),
            section: queued.section_name.clone(),
            writer: queued.owner_name.clone().unwrap_or_default(),
            since: show_time(app, queued.since),
            by: queued.by.clone().unwrap_or_else(|| "sistem".into()),
            note: queued.note.clone(),
        }
    }
}

#[derive(Serialize)]
struct QueueView {
    staff: StaffView,
    /// Everyone's articles in review, for those who review.
    queue: Option<Vec<QueueRow>>,
    /// The user's own articles in review.
    waiting: Vec<QueueRow>,
    /// The user's own articles sent back.
    sent_back: Vec<QueueRow>,
}

/// `GET /redaksi/tinjauan`: what waits for review, longest first, and what
/// was sent back to the user.
pub async fn review_queue(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    let reviews = staff.user.role.can_publish(false);
    let queue = if reviews {
        Some(app.store.review_queue(None).await?)
    } else {
        None
    };
    let waiting = app.store.review_queue(Some(staff.user.id)).await?;
    let sent_back = app.store.sent_back(staff.user.id).await?;
    let rows = |list: &[QueuedArticle]| list.iter().map(|q| QueueRow::of(&app, q)).collect();
    let view = QueueView {
        staff: StaffView::of(&staff),
        queue: queue.as_deref().map(rows),
        waiting: rows(&waiting),
        sent_back: rows(&sent_back),
    };
    render(&app, "newsroom/review.html", StatusCode::OK, &view)
}

/// A note as the editor page shows it.
#[derive(Serialize)]
pub struct NoteView {
    who: String,
    at: String,
    /// `note`, `submitted` or `sent_back`.
    kind: &'static str,
    label: &'static str,
    body: String,
}

impl NoteView {
    /// The view of a stored note.
    pub fn of(app: &App, note: &Note) -> NoteView {
        NoteView {
            who: note.user_name.clone().unwrap_or_else(|| "sistem".into()),
            at: show_time(app, note.at),
            kind: note.kind.as_str(),
            label: match note.kind {
                NoteKind::Note => "catatan",
                NoteKind::Submitted => "mengajukan untuk ditinjau",
                NoteKind::SentBack => "mengembalikan ke penulis",
            },
            body: note.body.clone(),
        }
    }
}

/// The note form.
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    catatan: String,
}

/// `POST /redaksi/artikel/{id}/catatan`: a note on an article the user may
/// edit; back to its editor, at the notes.
pub async fn add_note(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    actions::add_note(&app, &staff.user, &article, &form.catatan).await?;
    Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan=catatan#catatan")).into_response())
}

/// `POST /redaksi/artikel/{id}/hadir`: the user has the article open (the
/// session says who: nobody can beat for someone else); answers who else
/// has. The body names the page (`halaman`, drawn with the editor) so that
/// a goodbye (`pergi=1`, a beacon as the page closes) from a page since
/// replaced ends nothing.
pub async fn heartbeat(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let mut leaving = false;
    let mut page = String::new();
    for (key, value) in form_urlencoded::parse(&body) {
        match &*key {
            "pergi" => leaving = value == "1",
            "halaman" => page = value.chars().take(PAGE_ID_CHARS).collect(),
            _ => {}
        }
    }
    if leaving {
        app.store.leave(article.id, staff.user.id, &page).await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let others = app
        .store
        .heartbeat(
            article.id,
            staff.user.id,
            &page,
            app.now(),
            PRESENCE_SECONDS,
        )
        .await?;
    Ok(Json(json!({
        "others": others.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        "version": article.version,
    }))
    .into_response())
}

/// Length of a page's name: random, so one page's goodbye names no other.
const PAGE_ID_CHARS: usize = 16;

/// A name for one load of the editor page.
pub fn new_page_id() -> String {
    crate::newsroom::secrets::random_secret()[..PAGE_ID_CHARS].to_owned()
}

/// Who else has the article open, for the editor page's first render,
/// which counts as `page`'s first beat.
pub async fn others_present(
    app: &App,
    staff: &Staff,
    article: ArticleId,
    page: &str,
) -> Result<Vec<String>, AppError> {
    let present: Vec<Present> = app
        .store
        .heartbeat(article, staff.user.id, page, app.now(), PRESENCE_SECONDS)
        .await?;
    Ok(present.into_iter().map(|p| p.name).collect())
}
