//! The editor's autosave: `POST /redaksi/artikel/{id}/autosimpan` keeps the
//! form as the user has it, a few seconds after typing stops, apart from
//! the article and its revisions (a published article does not change
//! because someone is typing in it). The editor page opens the user's
//! autosave when it was typed over the version stored now; the revisions
//! page lists autosaves apart from real saves and compares one with the
//! article; a real save makes the user's autosave history.
//! (A new article's first autosave creates it as a draft: see `save`.)

use super::diff::{DiffView, diff_field};
use super::form::EditorForm;
use crate::app::App;
use crate::error::AppError;
use crate::messages::{Action, Message};
use crate::newsroom::actions::{self, ArticleInput, BodyFormat, input_of};
use crate::newsroom::auth::Staff;
use crate::newsroom::library::FormFields;
use crate::newsroom::page::{StaffView, render, show_time};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use warta_core::{Article, ArticleId, Body, UserId};
use warta_store::Autosave;

/// The user's autosave of the article, as the editor page tells of it.
#[derive(Clone, Debug, Serialize)]
pub struct AutosaveNote {
    /// Whether the form holds it (else it is older than the stored
    /// version, and only offered).
    pub loaded: bool,
    /// When it was written, as shown.
    pub saved: String,
    /// The same, RFC 3339, for the editor's local copy.
    pub saved_at: String,
    /// The version it was typed over.
    pub base_version: i64,
    /// Whose (the address of its comparison page names them).
    pub user: i64,
}

/// The editor's fields an autosave keeps (the version, the button and the
/// token are the request's, not the article's).
const FIELDS: [&str; 17] = [
    "judul",
    "ringkasan",
    "isi",
    "format",
    "kanal",
    "tag",
    "penulis",
    "gambar",
    "keterangan",
    "kredit",
    "tempat",
    "prefiks",
    "baca_juga",
    "koreksi",
    "tarik_pada",
    "slug",
    "jadwal",
];

/// `POST /redaksi/artikel/{id}/autosimpan` (JSON: the form's fields and
/// `versi`, the version it was typed over). Answers the version and the
/// time saved; 409 when someone saved the article since.
pub async fn autosave_article(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let article = editable(&app, &staff, ArticleId(id)).await?;
    let sent: serde_json::Map<String, Value> = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(Message::BadForm(e.to_string())))?;
    let text = |value: &Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    let version: i64 = sent
        .get("versi")
        .and_then(text)
        .and_then(|v| v.trim().parse().ok())
        .ok_or(AppError::BadRequest(Message::MissingField("versi")))?;
    if version != article.version {
        return Err(AppError::Conflict(Message::EditConflict {
            current: article.version,
        }));
    }
    let fields: BTreeMap<String, String> = FIELDS
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), sent.get(*name).and_then(text)?)))
        .collect();
    // Kept only if it can be opened again as the form.
    form_of(&app, &fields)?;
    let now = app.now();
    let stored = serde_json::to_string(&fields).map_err(anyhow::Error::from)?;
    app.store
        .put_autosave(article.id, staff.user.id, article.version, &stored, now)
        .await?;
    Ok(Json(json!({
        "version": article.version,
        "saved_at": app.config.time_zone.local(now).format("%H.%M").to_string(),
    }))
    .into_response())
}

/// `POST /redaksi/artikel/{id}/autosimpan/buang`: the user drops their
/// autosave and gets the stored version back.
pub async fn discard_autosave(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    app.store.delete_autosave(article.id, staff.user.id).await?;
    Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan=dibuang")).into_response())
}

/// `GET /redaksi/artikel/{id}/autosimpan/{user}`: an autosave against the
/// article as stored, field by field.
pub async fn show_autosave(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path((id, user)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let autosave = app
        .store
        .autosaves(article.id)
        .await?
        .into_iter()
        .find(|a| a.user == UserId(user))
        .ok_or(AppError::NotFound)?;
    let input = input_of_autosave(&app, &autosave)?;
    compare_autosave(&app, &staff, &article, &autosave, &input)
}

/// An autosave against the article as stored, field by field.
fn compare_autosave(
    app: &App,
    staff: &Staff,
    article: &Article,
    autosave: &Autosave,
    input: &ArticleInput,
) -> Result<Response, AppError> {
    let now = input_of(article);
    let fields = vec![
        diff_field("Judul", &now.title, &input.title),
        diff_field("Ringkasan", &now.lede, &input.lede),
        diff_field(
            "Isi",
            &article.body.plain_text(),
            &body_of(input).plain_text(),
        ),
        diff_field("Kanal", &now.section, &input.section),
        diff_field("Tag", &now.tags.join(", "), &input.tags.join(", ")),
        diff_field(
            "Penulis",
            &now.authors.join(", "),
            &input.authors.join(", "),
        ),
        diff_field("Koreksi", &now.correction_note, &input.correction_note),
    ];
    let view = DiffView {
        staff: StaffView::of(staff),
        id: article.id.0,
        version: autosave.base_version,
        current_version: article.version,
        saved: show_time(app, autosave.saved_at),
        user: autosave.user_name.clone(),
        fields,
        can_restore: false,
        autosave_user: Some(autosave.user.0),
        can_open: autosave.user == staff.user.id,
    };
    render(app, "newsroom/diff.html", StatusCode::OK, &view)
}

/// The article, if the user may change it.
async fn editable(app: &App, staff: &Staff, id: ArticleId) -> Result<Article, AppError> {
    let article = actions::article_for(app, &staff.user, id).await?;
    let own = article.owner == Some(staff.user.id);
    if !staff.user.role.can_edit(own, article.status) {
        return Err(AppError::Forbidden(Message::RoleForbids(
            Action::EditArticle,
        )));
    }
    Ok(article)
}

fn form_of(app: &App, fields: &BTreeMap<String, String>) -> Result<EditorForm, AppError> {
    let form = FormFields {
        fields: fields.clone().into_iter().collect(),
        file: None,
    };
    EditorForm::from_fields(app, form)
}

/// What an autosave holds, as the form's content.
pub fn input_of_autosave(app: &App, autosave: &Autosave) -> Result<ArticleInput, AppError> {
    let fields: BTreeMap<String, String> = serde_json::from_str(&autosave.fields)
        .map_err(|e| anyhow::anyhow!("autosave of user {}: {e}", autosave.user.0))?;
    Ok(form_of(app, &fields)?.input)
}

/// The body an input would store, for comparing.
pub fn body_of(input: &ArticleInput) -> Body {
    match input.body_format {
        BodyFormat::Html => crate::body::sanitise_html(&input.body),
        BodyFormat::Markdown => crate::body::markdown::render(&input.body),
    }
}

/// The user's autosave of an article for the editor page: the content to
/// open (the autosave's, when it was typed over the stored version or the
/// user asked for it) and what the page says of it.
pub async fn for_editor(
    app: &App,
    staff: &Staff,
    article: &Article,
    asked: bool,
) -> Result<Option<(Option<ArticleInput>, AutosaveNote)>, AppError> {
    let Some(autosave) = app.store.autosave(article.id, staff.user.id).await? else {
        return Ok(None);
    };
    let current = autosave.base_version == article.version;
    let input = if current || asked {
        // One that cannot be read any more is offered, never forced.
        input_of_autosave(app, &autosave).ok()
    } else {
        None
    };
    let note = AutosaveNote {
        loaded: input.is_some(),
        saved: show_time(app, autosave.saved_at),
        saved_at: autosave.saved_at.to_rfc3339(),
        base_version: autosave.base_version,
        user: staff.user.id.0,
    };
    Ok(Some((input, note)))
}
