//! The article list, the editor with its workflow buttons, the preview,
//! and revisions (compare and restore).

use super::actions::{self, ArticleInput, input_of, status_label};
use super::auth::Staff;
use super::library::{FormFields, MediaView, store_upload};
use super::{StaffView, input_time, parse_input_time, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::reader::article::LoadedArticle;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::UserId;
use warta_core::{Article, ArticleId, Status};
use warta_store::ArticleFilter;

const PER_PAGE: i64 = 30;

/// The list's filters, as the query string carries them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    kanal: String,
    #[serde(default)]
    penulis: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    halaman: Option<String>,
    #[serde(default)]
    pesan: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    status: &'static str,
    status_key: &'static str,
    section: String,
    owner: String,
    updated: String,
    published: String,
    url: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct ListView {
    staff: StaffView,
    rows: Vec<Row>,
    total: i64,
    statuses: Vec<Choice>,
    sections: Vec<Choice>,
    owners: Vec<Choice>,
    q: String,
    previous: Option<String>,
    next: Option<String>,
    message: Option<&'static str>,
}

/// What a redirect's `?pesan=` means.
fn message(key: &str) -> Option<&'static str> {
    Some(match key {
        "tersimpan" => "Artikel tersimpan.",
        "diajukan" => "Artikel diajukan untuk ditinjau.",
        "terbit" => "Artikel terbit.",
        "terjadwal" => "Artikel dijadwalkan.",
        "ditarik" => "Artikel ditarik dari situs.",
        "draf" => "Artikel kembali menjadi draf.",
        "dipulihkan" => "Revisi dipulihkan.",
        _ => return None,
    })
}

/// `GET /redaksi`: the article list. Contributors and authors see their
/// own articles; editors and admins see all, filtered as they choose.
pub async fn list(
    State(app): State<Arc<App>>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = crate::reader::page::page_number(query.halaman.as_deref())?;
    let status = if query.status.is_empty() {
        None
    } else {
        Some(
            query
                .status
                .parse::<Status>()
                .map_err(|e| AppError::BadRequest(e.to_string()))?,
        )
    };
    let owner = if !staff.user.role.sees_all_articles() {
        Some(staff.user.id)
    } else {
        query.penulis.parse::<i64>().ok().map(UserId)
    };
    let filter = ArticleFilter {
        status,
        section: (!query.kanal.is_empty()).then(|| query.kanal.clone()),
        owner,
        title: (!query.q.trim().is_empty()).then(|| query.q.trim().to_owned()),
    };
    let (articles, total) = app
        .store
        .newsroom_articles(&filter, PER_PAGE, (page as i64 - 1) * PER_PAGE)
        .await?;
    let sections = app.store.sections().await?;
    let users = if staff.user.role.sees_all_articles() {
        app.store.users().await?
    } else {
        Vec::new()
    };
    let link = |n: usize| {
        let mut query_string = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("status", &query.status),
            ("kanal", &query.kanal),
            ("penulis", &query.penulis),
            ("q", &query.q),
        ] {
            if !value.is_empty() {
                query_string.append_pair(key, value);
            }
        }
        query_string.append_pair("halaman", &n.to_string());
        format!("/redaksi?{}", query_string.finish())
    };
    let view = ListView {
        rows: articles
            .iter()
            .map(|a| Row {
                id: a.id.0,
                title: a.title.clone(),
                status: status_label(a.status),
                status_key: a.status.as_str(),
                section: a.section_name.clone(),
                owner: a.owner_name.clone().unwrap_or_else(|| "—".into()),
                updated: show_time(&app, a.updated_at),
                published: a
                    .published_at
                    .map(|t| show_time(&app, t))
                    .unwrap_or_default(),
                url: format!("/redaksi/artikel/{}", a.id),
            })
            .collect(),
        total,
        statuses: Status::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: status_label(*s).into(),
                selected: Some(*s) == status,
            })
            .collect(),
        sections: sections
            .iter()
            .map(|s| Choice {
                value: s.slug.to_string(),
                label: s.name.clone(),
                selected: s.slug.as_str() == query.kanal,
            })
            .collect(),
        owners: users
            .iter()
            .map(|u| Choice {
                value: u.id.0.to_string(),
                label: u.name.clone(),
                selected: Some(u.id) == owner,
            })
            .collect(),
        q: query.q.clone(),
        previous: (page > 1).then(|| link(page - 1)),
        next: ((page as i64) * PER_PAGE < total).then(|| link(page + 1)),
        message: message(&query.pesan),
        staff: StaffView::of(&staff),
    };
    render(&app, "newsroom/articles.html", StatusCode::OK, &view)
}

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
}

fn input_view(app: &App, input: &ArticleInput, schedule_at: String) -> InputView {
    InputView {
        title: input.title.clone(),
        lede: input.lede.clone(),
        preview_html: super::markdown::render(&input.body).as_html().to_owned(),
        body: input.body.clone(),
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
    offer(Status::Draft, "draf", "Kembalikan ke draf");
    list
}

/// What the editor page shows besides the article's stored state.
struct Frame<'a> {
    /// The article; `None` for a new one.
    article: Option<&'a Article>,
    /// The content in the form: stored, or as the user sent it.
    input: &'a ArticleInput,
    /// The version the next save is based on.
    version: i64,
    /// The schedule field's value.
    schedule_at: String,
    error: Option<String>,
    message: Option<&'static str>,
    status: StatusCode,
}

async fn editor(app: &App, staff: &Staff, frame: Frame<'_>) -> Result<Response, AppError> {
    let Frame {
        article,
        input,
        version,
        schedule_at,
        error,
        message,
        status: status_code,
    } = frame;
    let status = article.map_or(Status::Draft, |a| a.status);
    let own = article.is_none_or(|a| a.owner == Some(staff.user.id));
    let (media, _) = app.store.media_library(24, 0).await?;
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
        can_edit: staff.user.role.can_edit(own, status),
        public_url: article.filter(|a| a.is_live(app.now())).map(|a| a.path(tz)),
        published: article
            .and_then(|a| a.published_at)
            .map(|t| show_time(app, t)),
        error,
        message,
        max_mb: app.config.max_upload_bytes / 1024 / 1024,
    };
    render(app, "newsroom/editor.html", status_code, &view)
}

/// `GET /redaksi/artikel/baru`
pub async fn new_page(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    let sections = app.store.sections().await?;
    let input = ArticleInput {
        section: sections
            .first()
            .map(|s| s.slug.to_string())
            .unwrap_or_default(),
        authors: vec![staff.user.name.clone()],
        ..ArticleInput::default()
    };
    editor(
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
        },
    )
    .await
}

/// `?pesan=` after a redirect.
#[derive(Debug, Deserialize)]
pub struct MessageQuery {
    #[serde(default)]
    pesan: String,
}

/// `GET /redaksi/artikel/{id}`
pub async fn edit_page(
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
    editor(
        &app,
        &staff,
        Frame {
            article: Some(&article),
            input: &input_of(&article),
            version: article.version,
            schedule_at: schedule,
            error: None,
            message: message(&query.pesan),
            status: StatusCode::OK,
        },
    )
    .await
}

/// The editor form's fields as input, with a new image stored first.
async fn read_form(
    app: &App,
    staff: &Staff,
    multipart: Multipart,
) -> Result<(ArticleInput, FormFields), AppError> {
    let form = FormFields::read(multipart, app.config.max_upload_bytes).await?;
    let list = |name: &str| -> Vec<String> {
        form.get(name)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let number = |name: &str| -> Result<Option<i64>, AppError> {
        let text = form.get(name).trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| AppError::Invalid(format!("{text:?} bukan nomor.")))
    };
    let mut input = ArticleInput {
        title: form.get("judul").to_owned(),
        lede: form.get("ringkasan").to_owned(),
        body: form.get("isi").to_owned(),
        section: form.get("kanal").to_owned(),
        tags: list("tag"),
        authors: list("penulis"),
        image_id: number("gambar")?,
        image_caption: form.get("keterangan").to_owned(),
        image_credit: form.get("kredit").to_owned(),
        dateline_place: form.get("tempat").to_owned(),
        outlet_prefix: form.get("prefiks").to_owned(),
        read_also: number("baca_juga")?,
        correction_note: form.get("koreksi").to_owned(),
        unpublish_at: parse_input_time(app, form.get("tarik_pada"))?,
        slug: Some(form.get("slug").to_owned()).filter(|s| !s.trim().is_empty()),
    };
    if let Some((name, bytes)) = form.file.clone() {
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
    Ok((input, form))
}

/// What the pressed button asks for after saving.
fn requested_move(action: &str) -> Result<Option<(Status, &'static str)>, AppError> {
    Ok(match action {
        "" | "simpan" => None,
        "ajukan" => Some((Status::Review, "diajukan")),
        "terbitkan" => Some((Status::Published, "terbit")),
        "jadwalkan" => Some((Status::Scheduled, "terjadwal")),
        "tarik" => Some((Status::Unpublished, "ditarik")),
        "draf" => Some((Status::Draft, "draf")),
        other => return Err(AppError::BadRequest(format!("unknown action {other:?}"))),
    })
}

/// `POST /redaksi/artikel`: creates the article, then applies the button
/// pressed.
pub async fn create(
    State(app): State<Arc<App>>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (input, form) = read_form(&app, &staff, multipart).await?;
    let schedule_at = form.get("jadwal").to_owned();
    let id = match actions::create(&app, &staff.user, &input).await {
        Ok(id) => id,
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            return editor(
                &app,
                &staff,
                Frame {
                    article: None,
                    input: &input,
                    version: 0,
                    schedule_at,
                    error: Some(error.message()),
                    message: None,
                    status,
                },
            )
            .await;
        }
        Err(error) => return Err(error),
    };
    after_save(&app, &staff, id, 1, &input, &form).await
}

/// `POST /redaksi/artikel/{id}`: saves, then applies the button pressed.
/// A save based on an old version is refused and the form comes back with
/// everything the user typed, so nothing is lost.
pub async fn update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let id = ArticleId(id);
    let article = actions::article_for(&app, &staff.user, id).await?;
    let (input, form) = read_form(&app, &staff, multipart).await?;
    let version: i64 = form
        .get("versi")
        .parse()
        .map_err(|_| AppError::BadRequest("versi is missing".into()))?;
    let schedule_at = form.get("jadwal").to_owned();
    let saved = actions::save(&app, &staff.user, id, version, &input).await;
    match saved {
        Ok(version) => after_save(&app, &staff, id, version, &input, &form).await,
        Err(AppError::Conflict(_)) => {
            let current = app.store.article(id).await?;
            let who = app
                .store
                .revisions(id)
                .await?
                .into_iter()
                .next()
                .and_then(|r| r.user_name)
                .unwrap_or_else(|| "sistem".into());
            let error = format!(
                "Artikel ini sudah diubah oleh {who} pada {} (versi {}), setelah Anda mulai \
                 menyunting. Perubahan Anda BELUM disimpan dan masih ada di formulir ini. \
                 Bandingkan di Revisi; menyimpan lagi akan menimpa versi {}.",
                show_time(&app, current.updated_at),
                current.version,
                current.version
            );
            editor(
                &app,
                &staff,
                Frame {
                    article: Some(&current),
                    input: &input,
                    version: current.version,
                    schedule_at,
                    error: Some(error),
                    message: None,
                    status: StatusCode::CONFLICT,
                },
            )
            .await
        }
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            editor(
                &app,
                &staff,
                Frame {
                    article: Some(&article),
                    input: &input,
                    version,
                    schedule_at,
                    error: Some(error.message()),
                    message: None,
                    status,
                },
            )
            .await
        }
        Err(error) => Err(error),
    }
}

async fn after_save(
    app: &App,
    staff: &Staff,
    id: ArticleId,
    version: i64,
    input: &ArticleInput,
    form: &FormFields,
) -> Result<Response, AppError> {
    let Some((to, done)) = requested_move(form.get("aksi"))? else {
        return Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan=tersimpan")).into_response());
    };
    let schedule_at = form.get("jadwal").to_owned();
    let at = if to == Status::Scheduled {
        match parse_input_time(app, &schedule_at)? {
            Some(at) => Some(at),
            None => {
                let article = app.store.article(id).await?;
                return editor(
                    app,
                    staff,
                    Frame {
                        article: Some(&article),
                        input,
                        version,
                        schedule_at,
                        error: Some(
                            "Isi waktu terbit untuk menjadwalkan. Isi artikel sudah tersimpan."
                                .into(),
                        ),
                        message: None,
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                    },
                )
                .await;
            }
        }
    } else {
        None
    };
    match actions::transition(app, &staff.user, id, version, to, at).await {
        Ok(_) => Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan={done}")).into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let article = app.store.article(id).await?;
            editor(
                app,
                staff,
                Frame {
                    article: Some(&article),
                    input,
                    version: article.version,
                    schedule_at,
                    error: Some(format!("{} Isi artikel sudah tersimpan.", error.message())),
                    message: None,
                    status,
                },
            )
            .await
        }
        Err(error) => Err(error),
    }
}

/// `GET /redaksi/artikel/{id}/pratinjau`: the article exactly as readers
/// will see it, whatever its status; never indexed, never counted.
pub async fn preview(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let loaded = LoadedArticle::load(&app, article).await?;
    let mut response = crate::reader::article::article_page(&app, &loaded, true)?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// The live preview's request.
#[derive(Debug, Deserialize)]
pub struct MarkdownForm {
    isi: String,
}

/// `POST /redaksi/pratinjau-isi`: Markdown to the HTML that would be
/// stored, for the live preview beside the editor.
pub async fn render_markdown(
    _staff: Staff,
    Form(form): Form<MarkdownForm>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({"html": super::markdown::render(&form.isi).as_html()}))
}

#[derive(Serialize)]
struct RevisionRow {
    version: i64,
    user: String,
    saved: String,
    status: &'static str,
    title: String,
    current: bool,
}

#[derive(Serialize)]
struct RevisionsView {
    staff: StaffView,
    id: i64,
    title: String,
    rows: Vec<RevisionRow>,
}

/// `GET /redaksi/artikel/{id}/revisi`
pub async fn revisions(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let revisions = app.store.revisions(article.id).await?;
    let view = RevisionsView {
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
                title: r.draft.title.clone(),
                current: r.version == article.version,
            })
            .collect(),
    };
    render(&app, "newsroom/revisions.html", StatusCode::OK, &view)
}

/// One field's comparison.
#[derive(Serialize)]
struct FieldDiff {
    label: &'static str,
    changed: bool,
    lines: Vec<DiffLine>,
}

#[derive(Serialize)]
struct DiffLine {
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct DiffView {
    staff: StaffView,
    id: i64,
    version: i64,
    current_version: i64,
    saved: String,
    user: String,
    fields: Vec<FieldDiff>,
    can_restore: bool,
}

fn diff_field(label: &'static str, old: &str, new: &str) -> FieldDiff {
    let diff = similar::TextDiff::from_lines(old, new);
    let lines = diff
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                similar::ChangeTag::Delete => "del",
                similar::ChangeTag::Insert => "ins",
                similar::ChangeTag::Equal => "same",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect();
    FieldDiff {
        label,
        changed: old != new,
        lines,
    }
}

/// `GET /redaksi/artikel/{id}/revisi/{version}`: that revision against the
/// article as it is now, field by field.
pub async fn revision_diff(
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
    let old = &revision.draft;
    let now = input_of(&article);
    let old_body = old
        .body_source
        .clone()
        .unwrap_or_else(|| super::markdown::from_body(&old.body));
    let fields = vec![
        diff_field("Judul", &old.title, &now.title),
        diff_field("Ringkasan", &old.lede, &now.lede),
        diff_field("Isi", &old_body, &now.body),
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
    };
    render(&app, "newsroom/diff.html", StatusCode::OK, &view)
}

/// The restore form.
#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    versi: i64,
}

/// `POST /redaksi/artikel/{id}/revisi/{version}/pulihkan`
pub async fn restore(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path((id, version)): Path<(i64, i64)>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    actions::restore(&app, &staff.user, ArticleId(id), form.versi, version).await?;
    Ok(Redirect::to(&format!("/redaksi/artikel/{id}?pesan=dipulihkan")).into_response())
}
