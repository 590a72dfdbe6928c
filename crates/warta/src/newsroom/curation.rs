//! What editors curate: Pilihan and the home headline, sections and tags.

use super::actions::curation::{self as actions, require_curator};
use super::auth::Staff;
use super::page::{StaffView, render, show_time, status_label};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::reader::search::{SearchParams, SearchRequest, run_search};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::{ArticleId, Locale, SectionId, Slug, TagId};

#[derive(Serialize)]
struct PickRow {
    id: i64,
    title: String,
    url: String,
    published: String,
    /// Its section's name.
    section: String,
}

#[derive(Serialize)]
struct PicksView {
    staff: StaffView,
    picks: Vec<PickRow>,
    /// How many of them readers see (the list's size on the site).
    shown: usize,
    headline: Option<PickRow>,
    /// The breaking-news story, and until when ("" for until taken down),
    /// while its mark lasts.
    breaking: Option<(PickRow, String)>,
    candidates: Vec<PickRow>,
    /// The words searched for candidates, if any.
    q: String,
    error: Option<String>,
    message: Option<&'static str>,
}

async fn rows_of(app: &App, ids: &[ArticleId]) -> Result<Vec<PickRow>, AppError> {
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        // A pick that is no longer live still shows, so it can be removed.
        if let Ok(article) = app.store.article(*id).await {
            rows.push(PickRow {
                id: id.0,
                title: article.title.clone(),
                url: article.path(&app.config.time_zone),
                published: article
                    .published_at
                    .map(|t| show_time(app, t))
                    .unwrap_or_else(|| status_label(article.status).into()),
                section: article.section.name.clone(),
            });
        }
    }
    Ok(rows)
}

/// What the Pilihan page shows besides the lists: candidates found by
/// these words (else the latest), a refusal or a confirmation.
#[derive(Default)]
struct PicksFrame {
    words: String,
    error: Option<String>,
    message: Option<&'static str>,
}

async fn picks_view(
    app: &Arc<App>,
    staff: &Staff,
    frame: PicksFrame,
    status: StatusCode,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let picks = app.store.picks().await?;
    let headline = match app.store.headline().await? {
        Some(id) => rows_of(app, &[id]).await?.pop(),
        None => None,
    };
    let now = app.now();
    let breaking = match app.store.breaking().await? {
        Some((id, until)) if until.is_none_or(|until| until > now) => rows_of(app, &[id])
            .await?
            .pop()
            .map(|row| (row, until.map(|t| show_time(app, t)).unwrap_or_default())),
        _ => None,
    };
    let tz = &app.config.time_zone;
    let found = if frame.words.trim().is_empty() {
        app.store.latest(app.now(), 30, 0).await?
    } else {
        let request = SearchRequest::new(SearchParams::words(&frame.words))?;
        run_search(app, &request, 30, false)
            .await?
            .results
            .into_iter()
            .map(|(summary, _)| summary)
            .collect()
    };
    let candidates = found
        .iter()
        .filter(|s| !picks.contains(&s.id))
        .map(|s| PickRow {
            id: s.id.0,
            title: s.title.clone(),
            url: s.path(tz),
            published: show_time(app, s.published_at),
            section: s.section_name.clone(),
        })
        .collect();
    let view = PicksView {
        staff: StaffView::of(staff),
        picks: rows_of(app, &picks).await?,
        shown: app.config.lists.picks,
        headline,
        breaking,
        candidates,
        q: frame.words,
        error: frame.error,
        message: frame.message,
    };
    render(app, "newsroom/picks.html", status, &view)
}

/// `?q=`: words to find candidates by.
#[derive(Debug, Default, Deserialize)]
pub struct PicksQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    pesan: String,
}

/// `GET /redaksi/pilihan`
pub async fn picks_page(
    State(app): State<Arc<App>>,
    staff: Staff,
    Query(query): Query<PicksQuery>,
) -> Result<Response, AppError> {
    let message = match query.pesan.as_str() {
        "tersimpan" => Some("Pilihan diperbarui; situs menampilkannya dalam sedetik."),
        "breaking" => Some("Breaking news tampil di setiap halaman situs dalam sedetik."),
        "breaking_turun" => Some("Breaking news diturunkan dari situs."),
        _ => None,
    };
    let frame = PicksFrame {
        words: query.q,
        error: None,
        message,
    };
    picks_view(&app, &staff, frame, StatusCode::OK).await
}

/// The whole order, as the page's script sends it after a drag or a key.
#[derive(Debug, Deserialize)]
pub struct PicksOrder {
    picks: Vec<i64>,
}

/// `POST /redaksi/pilihan/urutan` (JSON `{"picks": [ids]}`): sets Pilihan
/// in this order; answers the order stored. The same article twice is
/// refused.
pub async fn picks_order(
    State(app): State<Arc<App>>,
    staff: Staff,
    axum::Json(order): axum::Json<PicksOrder>,
) -> Result<Response, AppError> {
    let ids: Vec<ArticleId> = order.picks.iter().copied().map(ArticleId).collect();
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|id| !seen.insert(*id)) {
        return Err(AppError::Invalid(Message::AlreadyPicked));
    }
    actions::set_picks(&app, &staff.user, &ids).await?;
    let stored: Vec<i64> = app.store.picks().await?.iter().map(|id| id.0).collect();
    Ok(axum::Json(serde_json::json!({ "picks": stored })).into_response())
}

/// One button of the Pilihan page.
#[derive(Debug, Deserialize)]
pub struct PicksForm {
    /// `tambah`, `hapus`, `naik`, `turun`, `headline`, `hapus_headline`,
    /// `utama_kanal`, `lepas_utama_kanal`, `breaking`, `hapus_breaking`.
    aksi: String,
    #[serde(default)]
    artikel: String,
    /// Breaking news: minutes it lasts; empty for until taken down.
    #[serde(default)]
    durasi: String,
}

/// `POST /redaksi/pilihan`: add, remove or move one pick, or set the
/// headline.
pub async fn picks_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<PicksForm>,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let id = form.artikel.trim().parse::<i64>().ok().map(ArticleId);
    let mut picks = app.store.picks().await?;
    let position = id.and_then(|id| picks.iter().position(|p| *p == id));
    let result = match (form.aksi.as_str(), id) {
        ("tambah", Some(id)) if picks.contains(&id) => {
            Err(AppError::Invalid(Message::AlreadyPicked))
        }
        ("tambah", Some(id)) => {
            picks.insert(0, id);
            actions::set_picks(&app, &staff.user, &picks).await
        }
        ("hapus", Some(_)) => {
            if let Some(at) = position {
                picks.remove(at);
            }
            actions::set_picks(&app, &staff.user, &picks).await
        }
        ("naik", Some(_)) => {
            if let Some(at) = position.filter(|at| *at > 0) {
                picks.swap(at, at - 1);
            }
            actions::set_picks(&app, &staff.user, &picks).await
        }
        ("turun", Some(_)) => {
            if let Some(at) = position.filter(|at| at + 1 < picks.len()) {
                picks.swap(at, at + 1);
            }
            actions::set_picks(&app, &staff.user, &picks).await
        }
        ("headline", Some(id)) => actions::set_headline(&app, &staff.user, Some(id)).await,
        ("utama_kanal", Some(id)) => actions::set_section_lead(&app, &staff.user, id, true).await,
        ("lepas_utama_kanal", Some(id)) => {
            actions::set_section_lead(&app, &staff.user, id, false).await
        }
        ("hapus_headline", _) => actions::set_headline(&app, &staff.user, None).await,
        ("breaking", Some(id)) => {
            let minutes = match form.durasi.trim() {
                "" => None,
                text => Some(text.parse::<i64>().map_err(|_| {
                    AppError::Invalid(Message::BreakingTooLong(actions::BREAKING_HOURS))
                })?),
            };
            actions::set_breaking(&app, &staff.user, Some((id, minutes))).await
        }
        ("hapus_breaking", _) => actions::set_breaking(&app, &staff.user, None).await,
        _ => Err(AppError::Invalid(Message::ChooseArticle)),
    };
    let done = match form.aksi.as_str() {
        "breaking" => "breaking",
        "hapus_breaking" => "breaking_turun",
        _ => "tersimpan",
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/redaksi/pilihan?pesan={done}")).into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let frame = PicksFrame {
                error: Some(error.message(Locale::Id)),
                ..PicksFrame::default()
            };
            picks_view(&app, &staff, frame, status).await
        }
        Err(error) => Err(error),
    }
}

#[derive(Serialize)]
struct NamedRow {
    id: i64,
    slug: String,
    name: String,
    count: i64,
    /// A section's pinned lead story.
    lead: Option<PickRow>,
}

#[derive(Serialize)]
struct TaxonomyView {
    staff: StaffView,
    rows: Vec<NamedRow>,
    error: Option<String>,
}

async fn sections_view(
    app: &App,
    staff: &Staff,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let mut rows = Vec::new();
    for s in app.store.sections().await? {
        let lead = match app.store.section_lead(s.id).await? {
            Some(id) => rows_of(app, &[id]).await?.pop(),
            None => None,
        };
        rows.push(NamedRow {
            id: s.id.0,
            slug: s.slug.to_string(),
            name: s.name,
            count: 0,
            lead,
        });
    }
    render(
        app,
        "newsroom/sections.html",
        status,
        &TaxonomyView {
            staff: StaffView::of(staff),
            rows,
            error,
        },
    )
}

/// `GET /redaksi/kanal`
pub async fn sections_page(
    State(app): State<Arc<App>>,
    staff: Staff,
) -> Result<Response, AppError> {
    sections_view(&app, &staff, None, StatusCode::OK).await
}

/// `POST /redaksi/kanal`: `aksi` = `tambah` (slug, nama), `ubah` (id,
/// nama), `urutan` (slug list, comma-separated).
pub async fn sections_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let result = match get("aksi") {
        "tambah" => {
            let slug = Some(get("slug")).filter(|s| !s.is_empty());
            actions::add_section(&app, &staff.user, get("nama"), slug)
                .await
                .map(drop)
        }
        "ubah" => match get("id").parse() {
            Ok(id) => actions::rename_section(&app, &staff.user, SectionId(id), get("nama")).await,
            Err(_) => Err(AppError::BadRequest(Message::MissingField("id"))),
        },
        "urutan" => {
            let slugs = get("urutan")
                .split(',')
                .filter_map(|s| Slug::parse(s.trim()).ok())
                .collect::<Vec<_>>();
            actions::order_sections(&app, &staff.user, &slugs).await
        }
        other => Err(AppError::BadRequest(Message::UnknownAction(
            other.to_owned(),
        ))),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/redaksi/kanal").into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            sections_view(&app, &staff, Some(error.message(Locale::Id)), status).await
        }
        Err(error) => Err(error),
    }
}

async fn tags_view(
    app: &App,
    staff: &Staff,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let rows = app
        .store
        .tags_with_counts(200, 0)
        .await?
        .into_iter()
        .map(|(t, count)| NamedRow {
            id: t.id.0,
            slug: t.slug.to_string(),
            name: t.name,
            count,
            lead: None,
        })
        .collect();
    render(
        app,
        "newsroom/tags.html",
        status,
        &TaxonomyView {
            staff: StaffView::of(staff),
            rows,
            error,
        },
    )
}

/// `GET /redaksi/tag`
pub async fn tags_page(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    tags_view(&app, &staff, None, StatusCode::OK).await
}

/// `POST /redaksi/tag`: `aksi` = `ubah` (id, nama) or `hapus` (id).
pub async fn tags_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let id = TagId(
        get("id")
            .parse()
            .map_err(|_| AppError::BadRequest(Message::MissingField("id")))?,
    );
    let result = match get("aksi") {
        "ubah" => actions::rename_tag(&app, &staff.user, id, get("nama")).await,
        "hapus" => actions::delete_tag(&app, &staff.user, id).await,
        other => Err(AppError::BadRequest(Message::UnknownAction(
            other.to_owned(),
        ))),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/redaksi/tag").into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            tags_view(&app, &staff, Some(error.message(Locale::Id)), status).await
        }
        Err(error) => Err(error),
    }
}

#[derive(Serialize)]
struct AbbreviationsView {
    staff: StaffView,
    rows: Vec<(String, String)>,
    built_in: usize,
    error: Option<String>,
    short: String,
    long_form: String,
}

async fn abbreviations_view(
    app: &App,
    staff: &Staff,
    error: Option<String>,
    typed: (String, String),
    status: StatusCode,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let view = AbbreviationsView {
        staff: StaffView::of(staff),
        rows: app.store.abbreviations().await?,
        built_in: warta_search::Abbreviations::built_in().len(),
        error,
        short: typed.0,
        long_form: typed.1,
    };
    render(app, "newsroom/abbreviations.html", status, &view)
}

/// `GET /redaksi/singkatan`
pub async fn abbreviations_page(
    State(app): State<Arc<App>>,
    staff: Staff,
) -> Result<Response, AppError> {
    abbreviations_view(&app, &staff, None, Default::default(), StatusCode::OK).await
}

/// `POST /redaksi/singkatan`: `aksi` = `tambah` (singkatan, kepanjangan)
/// or `hapus` (singkatan).
pub async fn abbreviations_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    require_curator(&staff.user)?;
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let result = match get("aksi") {
        "tambah" => {
            actions::set_abbreviation(&app, &staff.user, get("singkatan"), get("kepanjangan")).await
        }
        "hapus" => actions::delete_abbreviation(&app, &staff.user, get("singkatan")).await,
        other => Err(AppError::BadRequest(Message::UnknownAction(
            other.to_owned(),
        ))),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/redaksi/singkatan").into_response()),
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let typed = (get("singkatan").to_owned(), get("kepanjangan").to_owned());
            abbreviations_view(&app, &staff, Some(error.message(Locale::Id)), typed, status).await
        }
        Err(error) => Err(error),
    }
}
