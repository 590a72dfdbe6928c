//! Revisions: `GET /redaksi/artikel/{id}/revisi` lists every saved state,
//! and the autosaves apart, `.../revisi/{version}` compares one with the
//! article as it is now, field by field (an autosave too), and
//! `.../pulihkan` brings it back as a new save.

use super::autosave::input_of_autosave;
use super::diff::{DiffView, diff_field};
use crate::app::App;
use crate::error::AppError;
use crate::newsroom::actions::{self, input_of};
use crate::newsroom::auth::Staff;
use crate::newsroom::page::{StaffView, render, show_time, status_label};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::ArticleId;

#[derive(Serialize)]
struct RevisionRow {
    version: i64,
    user: String,
    saved: String,
    status: &'static str,
    title: String,
    current: bool,
}

/// An autosave, listed apart from the saves.
#[derive(Serialize)]
struct AutosaveRow {
    user_id: i64,
    user: String,
    saved: String,
    base_version: i64,
    title: String,
    /// Whether it is the viewer's (which they may open in the editor).
    own: bool,
}

#[derive(Serialize)]
struct RevisionsView {
    staff: StaffView,
    id: i64,
    title: String,
    rows: Vec<RevisionRow>,
    autosaves: Vec<AutosaveRow>,
}

/// `GET /redaksi/artikel/{id}/revisi`
pub async fn list_revisions(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let revisions = app.store.revisions(article.id).await?;
    let autosaves = app.store.autosaves(article.id).await?;
    let view = RevisionsView {
        autosaves: autosaves
            .iter()
            .map(|a| AutosaveRow {
                user_id: a.user.0,
                user: a.user_name.clone(),
                saved: show_time(&app, a.saved_at),
                base_version: a.base_version,
                title: input_of_autosave(&app, a)
                    .map(|input| input.title)
                    .unwrap_or_default(),
                own: a.user == staff.user.id,
            })
            .collect(),
        staff: StaffView::of(&staff),
        id,
        title: article.title.clone(),
        rows: revisions
            .iter()
            .map(|r| RevisionRow {
                version: r.version,
                user: r.user_name.clone().unwrap_or_else(|| "sistem".into()),
                saved: show_time(&app, r.saved_at),
                status: status_label(r.status),
                title: r.content.title.clone(),
                current: r.version == article.version,
            })
            .collect(),
    };
    render(&app, "newsroom/revisions.html", StatusCode::OK, &view)
}

/// `GET /redaksi/artikel/{id}/revisi/{version}`: that revision against the
/// article as it is now, field by field.
pub async fn show_revision(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path((id, version)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let revision = app
        .store
        .revisions(article.id)
        .await?
        .into_iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let old = &revision.content;
    let now = input_of(&article);
    // Bodies are compared as their text, paragraph by paragraph, whatever
    // each was written in (Markdown, the editor's HTML, an import's).
    let fields = vec![
        diff_field("Judul", &old.title, &now.title),
        diff_field("Ringkasan", &old.lede, &now.lede),
        diff_field("Isi", &old.body.plain_text(), &article.body.plain_text()),
        diff_field("Kanal", old.section.0.as_str(), &now.section),
        diff_field("Tag", &old.tags.join(", "), &now.tags.join(", ")),
        diff_field("Penulis", &old.authors.join(", "), &now.authors.join(", ")),
        diff_field(
            "Gambar",
            old.image.as_ref().map_or("", |i| i.url.as_str()),
            article.image.as_ref().map_or("", |i| i.url.as_str()),
        ),
        diff_field("Koreksi", &old.correction_note, &now.correction_note),
    ];
    let view = DiffView {
        staff: StaffView::of(&staff),
        id,
        version,
        current_version: article.version,
        saved: show_time(&app, revision.saved_at),
        user: revision.user_name.unwrap_or_else(|| "sistem".into()),
        fields,
        can_restore: version != article.version
            && staff
                .user
                .role
                .can_edit(article.owner == Some(staff.user.id), article.status),
        autosave_user: None,
        can_open: false,
    };
    render(&app, "newsroom/diff.html", StatusCode::OK, &view)
}

/// The restore form.
#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    versi: i64,
}

/// `POST /redaksi/artikel/{id}/revisi/{version}/pulihkan`
pub async fn restore_revision(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path((id, version)): Path<(i64, i64)>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    actions::restore(&app, &staff.user, &article, form.versi, version).await?;
    Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan=dipulihkan")).into_response())
}
