//! `POST /redaksi/artikel` (create) and `POST /redaksi/artikel/{id}`
//! (save): the content is saved first, then the button pressed is applied
//! (submit, publish, schedule, take down). Whatever is refused, the editor
//! comes back with everything the user typed, so nothing is lost: a save
//! based on an old version (someone saved meanwhile) included.

use super::autosave::body_of;
use super::diff::diff_field;
use super::editor::{ConflictView, Frame, render_editor};
use super::form::{Button, EditorForm};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::actions::{self, input_of};
use crate::newsroom::auth::Staff;
use crate::newsroom::library::store_upload;
use crate::newsroom::page::{parse_input_time, show_time};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use std::sync::Arc;
use warta_core::{Article, ArticleId, Locale, Status};

/// `POST /redaksi/artikel`
pub async fn create_article(
    State(app): State<Arc<App>>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let mut form = EditorForm::read(&app, multipart).await?;
    if form.button == Button::Autosave {
        return autosave_new(&app, &staff, &form).await;
    }
    if let Err(error) = store_new_image(&app, &staff, &mut form).await {
        return show_again(&app, &staff, None, 0, &form, error).await;
    }
    let id = match actions::create(&app, &staff.user, &form.input).await {
        Ok(id) => id,
        Err(error) => return show_again(&app, &staff, None, 0, &form, error).await,
    };
    let article = app.store.article(id).await?;
    apply_button(&app, &staff, &article, article.version, &form).await
}

/// The editor's first autosave of a new article: it becomes a draft (an
/// upload waits for the real save), and the editor gets its number and
/// address as JSON to save to from then on. A refusal is JSON too.
async fn autosave_new(app: &App, staff: &Staff, form: &EditorForm) -> Result<Response, AppError> {
    let id = actions::create(app, &staff.user, &form.input).await?;
    let article = app.store.article(id).await?;
    let body = json!({
        "id": id.0,
        "version": article.version,
        "edit_url": format!("/redaksi/artikel/{id}"),
        "saved_at": app.config.time_zone.local(article.updated_at).format("%H.%M").to_string(),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /redaksi/artikel/{id}`
pub async fn update_article(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    // The article first: a request for one the user may not open is
    // refused before its upload is read.
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let mut form = EditorForm::read(&app, multipart).await?;
    // The user saw the comparison after a refused save and chose to write
    // over the version stored now: that is the one this save is based on.
    let version = form
        .overwrite
        .or(form.version)
        .ok_or(AppError::BadRequest(Message::MissingField("versi")))?;
    if let Err(error) = store_new_image(&app, &staff, &mut form).await {
        return show_again(&app, &staff, Some(&article), version, &form, error).await;
    }
    match actions::save(&app, &staff.user, &article, version, &form.input).await {
        Ok(version) => {
            // Saved for real: the user's autosave is history now.
            app.store.delete_autosave(article.id, staff.user.id).await?;
            apply_button(&app, &staff, &article, version, &form).await
        }
        Err(AppError::Conflict(_)) => conflict(&app, &staff, article.id, &form).await,
        Err(error) => show_again(&app, &staff, Some(&article), version, &form, error).await,
    }
}

/// The editor again with the form as sent and why it was refused; a
/// server fault is answered as one.
async fn show_again(
    app: &App,
    staff: &Staff,
    article: Option<&Article>,
    version: i64,
    form: &EditorForm,
    error: AppError,
) -> Result<Response, AppError> {
    if !error.status().is_client_error() {
        return Err(error);
    }
    let frame = Frame {
        article,
        input: &form.input,
        version,
        schedule_at: form.schedule_at.clone(),
        error: Some(error.message(Locale::Id)),
        message: None,
        status: error.status(),
        autosave: None,
        conflict: None,
    };
    render_editor(app, staff, frame).await
}

/// Stores the featured image uploaded with the form, if any, and makes it
/// the article's.
async fn store_new_image(app: &App, staff: &Staff, form: &mut EditorForm) -> Result<(), AppError> {
    if let Some((name, bytes)) = form.upload.take() {
        let input = &mut form.input;
        let media = store_upload(
            app,
            &staff.user,
            &name,
            bytes,
            &input.image_caption,
            &input.image_credit,
        )
        .await?;
        input.image_id = Some(media.id.0);
    }
    Ok(())
}

/// Someone saved the article since the user opened it: the editor comes
/// back with the user's text, still based on the version they opened (so
/// a plain save is refused again), with what the colleague saved beside
/// it, field by field, and who and when. Nothing is overwritten unless the
/// user presses the button that says so.
async fn conflict(
    app: &App,
    staff: &Staff,
    id: ArticleId,
    form: &EditorForm,
) -> Result<Response, AppError> {
    let current = app.store.article(id).await?;
    let who = app
        .store
        .revisions(id)
        .await?
        .into_iter()
        .next()
        .and_then(|r| r.user_name)
        .unwrap_or_else(|| "sistem".into());
    let stored = input_of(&current);
    let mine = &form.input;
    let fields = vec![
        diff_field("Judul", &stored.title, &mine.title),
        diff_field("Ringkasan", &stored.lede, &mine.lede),
        diff_field(
            "Isi",
            &current.body.plain_text(),
            &body_of(mine).plain_text(),
        ),
        diff_field("Kanal", &stored.section, &mine.section),
        diff_field("Tag", &stored.tags.join(", "), &mine.tags.join(", ")),
        diff_field(
            "Penulis",
            &stored.authors.join(", "),
            &mine.authors.join(", "),
        ),
        diff_field("Koreksi", &stored.correction_note, &mine.correction_note),
    ];
    let error = format!(
        "Artikel ini sudah diubah oleh {who} pada {} (versi {}), setelah Anda mulai \
         menyunting. Perubahan Anda BELUM disimpan dan masih ada di formulir ini. \
         Bandingkan di bawah, lalu pilih: simpan versi Anda (menimpa versi {}), atau \
         pakai versi {who}.",
        show_time(app, current.updated_at),
        current.version,
        current.version
    );
    let frame = Frame {
        article: Some(&current),
        input: &form.input,
        version: form.version.unwrap_or(current.version),
        schedule_at: form.schedule_at.clone(),
        error: Some(error),
        message: None,
        status: StatusCode::CONFLICT,
        autosave: None,
        conflict: Some(ConflictView {
            who,
            when: show_time(app, current.updated_at),
            current_version: current.version,
            fields,
        }),
    };
    render_editor(app, staff, frame).await
}

/// After a save: applies the button pressed to `article` (as loaded before
/// the save, now at `version`), then shows the editor with what happened.
async fn apply_button(
    app: &App,
    staff: &Staff,
    article: &Article,
    version: i64,
    form: &EditorForm,
) -> Result<Response, AppError> {
    let id = article.id;
    let done = form.button.done();
    let Button::Move(to) = form.button else {
        if !form.note.trim().is_empty() {
            actions::add_note(app, &staff.user, article, &form.note).await?;
        }
        return Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan={done}")).into_response());
    };
    let moved = async {
        let at = match to {
            Status::Scheduled => Some(
                parse_input_time(app, &form.schedule_at)?
                    .ok_or(AppError::Invalid(Message::ScheduleNeedsTime))?,
            ),
            _ => None,
        };
        actions::transition(app, &staff.user, article, version, to, at, &form.note).await
    }
    .await;
    match moved {
        Ok(_) => Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan={done}")).into_response()),
        Err(error) if error.status().is_client_error() => {
            // The save stood; the article is where it was in the workflow.
            let saved = Message::SavedButNotMoved(Box::new(error.user_message()));
            let frame = Frame {
                article: Some(article),
                input: &form.input,
                version,
                schedule_at: form.schedule_at.clone(),
                error: Some(saved.text(Locale::Id)),
                message: None,
                status: error.status(),
                autosave: None,
                conflict: None,
            };
            render_editor(app, staff, frame).await
        }
        Err(error) => Err(error),
    }
}
