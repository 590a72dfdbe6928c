//! The editor page: `GET /redaksi/artikel/baru` and
//! `GET /redaksi/artikel/{id}`, and [`render_editor`], which every handler
//! that shows the form again (a refusal, a conflict) calls with what the
//! user typed.

use super::autosave::AutosaveNote;
use super::{Choice, message};
use crate::app::App;
use crate::error::AppError;
use crate::newsroom::actions::{self, ArticleInput, BodyFormat, MAX_NOTE, input_of};
use crate::newsroom::auth::Staff;
use crate::newsroom::desk::{NoteView, new_page_id, others_present};
use crate::newsroom::library::MediaView;
use crate::newsroom::page::{
    StaffView, input_time, render, restriction_label, show_time, status_label,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::{Article, ArticleId, Status};

/// A workflow button the editor offers.
#[derive(Serialize)]
struct Action {
    name: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct EditorView {
    staff: StaffView,
    /// `None` for a new article.
    id: Option<i64>,
    version: i64,
    status: &'static str,
    status_key: &'static str,
    input: InputView,
    sections: Vec<Choice>,
    media: Vec<MediaView>,
    actions: Vec<Action>,
    can_edit: bool,
    public_url: Option<String>,
    published: Option<String>,
    /// The publication day, `yyyy-mm-dd`, for the address preview.
    published_day: Option<String>,
    /// When the stored version was saved (RFC 3339), so the editor offers
    /// a local copy only when it is newer.
    saved_at: Option<String>,
    /// The headline of the pinned Baca Juga article.
    read_also_title: String,
    /// Why it is not public where it was imported from.
    restriction: Option<&'static str>,
    /// The user's autosave.
    autosave: Option<AutosaveNote>,
    /// The article's notes, for those who may edit it.
    notes: Option<Vec<NoteView>>,
    /// Longest note, in characters.
    note_limit: usize,
    /// Who else has it open now.
    others: Vec<String>,
    /// This load of the page's name, for its presence beats.
    page: String,
    /// A save refused because someone saved first: theirs against yours.
    conflict: Option<ConflictView>,
    error: Option<String>,
    message: Option<&'static str>,
    max_mb: usize,
}

/// The input as the form fields show it.
#[derive(Serialize)]
struct InputView {
    title: String,
    lede: String,
    body: String,
    tags: String,
    authors: String,
    image_id: String,
    image_caption: String,
    image_credit: String,
    dateline_place: String,
    outlet_prefix: String,
    read_also: String,
    correction_note: String,
    unpublish_at: String,
    schedule_at: String,
    slug: String,
    preview_html: String,
    /// `html` or `markdown`: what the body field holds.
    body_format: &'static str,
    /// Whether the visual editor shows the body (it holds nothing the
    /// editor cannot edit); else it is edited as Markdown or HTML.
    rich: bool,
}

fn input_view(app: &App, input: &ArticleInput, schedule_at: String) -> InputView {
    // The visual editor takes HTML: a Markdown body is shown as the HTML it
    // makes, and saved as HTML from then on.
    let html = match input.body_format {
        BodyFormat::Html => crate::body::sanitise_html(&input.body),
        BodyFormat::Markdown => crate::body::markdown::render(&input.body),
    };
    let rich = crate::body::fits_the_editor(html.as_html());
    let (body, body_format) = match (rich, input.body_format) {
        (true, _) | (false, BodyFormat::Html) => (html.as_html().to_owned(), "html"),
        (false, BodyFormat::Markdown) => (input.body.clone(), "markdown"),
    };
    InputView {
        title: input.title.clone(),
        lede: input.lede.clone(),
        preview_html: html.as_html().to_owned(),
        body,
        body_format,
        rich,
        tags: input.tags.join(", "),
        authors: input.authors.join(", "),
        image_id: input.image_id.map(|i| i.to_string()).unwrap_or_default(),
        image_caption: input.image_caption.clone(),
        image_credit: input.image_credit.clone(),
        dateline_place: input.dateline_place.clone(),
        outlet_prefix: input.outlet_prefix.clone(),
        read_also: input.read_also.map(|i| i.to_string()).unwrap_or_default(),
        correction_note: input.correction_note.clone(),
        unpublish_at: input
            .unpublish_at
            .map(|t| input_time(app, t))
            .unwrap_or_default(),
        schedule_at,
        slug: input.slug.clone().unwrap_or_default(),
    }
}

/// The workflow buttons this user has for an article in `status`.
fn actions_for(staff: &Staff, own: bool, status: Status) -> Vec<Action> {
    let role = staff.user.role;
    let mut list = Vec::new();
    let mut offer = |to: Status, name: &'static str, label: &'static str| {
        if status.can_become(to) && role.can_move(own, status, to) {
            list.push(Action { name, label });
        }
    };
    offer(Status::Review, "ajukan", "Ajukan untuk ditinjau");
    offer(Status::Published, "terbitkan", "Terbitkan sekarang");
    offer(Status::Scheduled, "jadwalkan", "Jadwalkan");
    offer(Status::Unpublished, "tarik", "Tarik dari situs");
    // From review, an editor's move back to draft is sending it back to
    // its writer, with the note in the form.
    let back = if status == Status::Review && !own {
        "Kembalikan ke penulis"
    } else {
        "Kembalikan ke draf"
    };
    offer(Status::Draft, "draf", back);
    list
}

/// A refused save, as the editor page shows it: who saved first, when, at
/// which version, and each field theirs against the user's.
#[derive(Serialize)]
pub struct ConflictView {
    /// Who saved.
    pub who: String,
    /// When.
    pub when: String,
    /// The version stored now.
    pub current_version: i64,
    /// Field by field, the stored text (`del`) against the user's (`ins`).
    pub fields: Vec<super::diff::FieldDiff>,
}

/// What the editor page shows besides the article's stored state.
pub(super) struct Frame<'a> {
    /// The article; `None` for a new one.
    pub article: Option<&'a Article>,
    /// The content in the form: stored, or as the user sent it.
    pub input: &'a ArticleInput,
    /// The version the next save is based on.
    pub version: i64,
    /// The schedule field's value.
    pub schedule_at: String,
    /// A refusal to show above the form.
    pub error: Option<String>,
    /// A confirmation to show above the form.
    pub message: Option<&'static str>,
    /// The page's status.
    pub status: StatusCode,
    /// The user's autosave, when there is one.
    pub autosave: Option<AutosaveNote>,
    /// Someone saved first: the comparison the user chooses from.
    pub conflict: Option<ConflictView>,
}

/// Renders the editor with `frame`.
pub(super) async fn render_editor(
    app: &App,
    staff: &Staff,
    frame: Frame<'_>,
) -> Result<Response, AppError> {
    let Frame {
        article,
        input,
        version,
        schedule_at,
        error,
        message,
        status: status_code,
        autosave,
        conflict,
    } = frame;
    let status = article.map_or(Status::Draft, |a| a.status);
    let own = article.is_none_or(|a| a.owner == Some(staff.user.id));
    let (media, _) = app.store.media_library(24, 0).await?;
    let can_edit = staff.user.role.can_edit(own, status);
    let notes = match article {
        Some(a) if can_edit => Some(
            app.store
                .notes(a.id)
                .await?
                .iter()
                .map(|n| NoteView::of(app, n))
                .collect(),
        ),
        _ => None,
    };
    let page = new_page_id();
    let others = match article {
        Some(a) => others_present(app, staff, a.id, &page).await?,
        None => Vec::new(),
    };
    let sections = app.store.sections().await?;
    let tz = &app.config.time_zone;
    let view = EditorView {
        staff: StaffView::of(staff),
        id: article.map(|a| a.id.0),
        version,
        status: status_label(status),
        status_key: status.as_str(),
        input: input_view(app, input, schedule_at),
        sections: sections
            .iter()
            .map(|s| Choice {
                value: s.slug.to_string(),
                label: s.name.clone(),
                selected: s.slug.as_str() == input.section,
            })
            .collect(),
        media: media.iter().map(|m| MediaView::of(app, m)).collect(),
        actions: actions_for(staff, own, status),
        can_edit,
        notes,
        note_limit: MAX_NOTE,
        others,
        page,
        conflict,
        public_url: article.filter(|a| a.is_live(app.now())).map(|a| a.path(tz)),
        restriction: article.and_then(|a| a.restriction).map(restriction_label),
        published: article
            .and_then(|a| a.published_at)
            .map(|t| show_time(app, t)),
        published_day: article
            .and_then(|a| a.published_at)
            .map(|t| tz.local(t).format("%Y-%m-%d").to_string()),
        saved_at: match &autosave {
            Some(note) if note.loaded => Some(note.saved_at.clone()),
            _ => article.map(|a| a.updated_at.to_rfc3339()),
        },
        autosave,
        read_also_title: match input.read_also {
            Some(id) => app
                .store
                .article(warta_core::ArticleId(id))
                .await
                .map(|a| a.title)
                .unwrap_or_default(),
            None => String::new(),
        },
        error,
        message,
        max_mb: app.config.max_upload_bytes / 1024 / 1024,
    };
    render(app, "newsroom/editor.html", status_code, &view)
}

/// `GET /redaksi/artikel/baru`
pub async fn new_article(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    let sections = app.store.sections().await?;
    let input = ArticleInput {
        section: sections
            .first()
            .map(|s| s.slug.to_string())
            .unwrap_or_default(),
        authors: vec![staff.user.name.clone()],
        ..ArticleInput::default()
    };
    render_editor(
        &app,
        &staff,
        Frame {
            article: None,
            input: &input,
            version: 0,
            schedule_at: String::new(),
            error: None,
            message: None,
            status: StatusCode::OK,
            autosave: None,
            conflict: None,
        },
    )
    .await
}

/// `?pesan=` after a redirect; `?simpanan=1` opens the user's autosave
/// even when the article was saved after it.
#[derive(Debug, Deserialize)]
pub struct MessageQuery {
    #[serde(default)]
    pesan: String,
    #[serde(default)]
    simpanan: String,
}

/// `GET /redaksi/artikel/{id}`
pub async fn edit_article(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<MessageQuery>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let schedule = match article.status {
        Status::Scheduled => article
            .published_at
            .map(|t| input_time(&app, t))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let autosave =
        super::autosave::for_editor(&app, &staff, &article, query.simpanan == "1").await?;
    let (input, autosave) = match autosave {
        Some((Some(input), note)) => (input, Some(note)),
        Some((None, note)) => (input_of(&article), Some(note)),
        None => (input_of(&article), None),
    };
    render_editor(
        &app,
        &staff,
        Frame {
            article: Some(&article),
            input: &input,
            version: article.version,
            schedule_at: schedule,
            error: None,
            message: message(&query.pesan),
            status: StatusCode::OK,
            autosave,
            conflict: None,
        },
    )
    .await
}
