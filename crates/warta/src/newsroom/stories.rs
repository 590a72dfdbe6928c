//! Stories (Kronologi) in the newsroom, for editors: the list of stories
//! Warta formed, and each story's page where it is named, merged into
//! another, split, and corrected article by article.

use super::actions::stories::{self as actions, MAX_NAME};
use super::auth::Staff;
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::messages::{Message, status_id};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::{ArticleId, Locale};
use warta_store::{StoreError, StoryId};

/// Stories per page of the list.
const PER_PAGE: i64 = 50;

/// `?nama=&halaman=` of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    nama: String,
    #[serde(default)]
    halaman: Option<String>,
}

#[derive(Serialize)]
struct StoryRow {
    id: i64,
    name: String,
    slug: String,
    articles: i64,
    newest: String,
}

#[derive(Serialize)]
struct ListView {
    staff: StaffView,
    stories: Vec<StoryRow>,
    nama: String,
    page: i64,
    next: Option<String>,
    previous: Option<String>,
}

fn list_link(nama: &str, page: i64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if !nama.is_empty() {
        query.append_pair("nama", nama);
    }
    if page > 1 {
        query.append_pair("halaman", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        "/redaksi/topik".to_owned()
    } else {
        format!("/redaksi/topik?{query}")
    }
}

/// `GET /redaksi/topik`: the stories, newest news first; `?nama=` finds
/// one by its name.
pub async fn stories_page(
    State(app): State<Arc<App>>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    super::actions::curation::require_curator(&staff.user)?;
    let page = crate::reader::page::page_number(query.halaman.as_deref())? as i64;
    let nama = crate::text::one_line(&query.nama);
    let mut found = app
        .store
        .stories(&nama, PER_PAGE + 1, (page - 1) * PER_PAGE)
        .await?;
    let has_next = found.len() as i64 > PER_PAGE;
    found.truncate(PER_PAGE as usize);
    let view = ListView {
        staff: StaffView::of(&staff),
        stories: found
            .into_iter()
            .map(|listed| StoryRow {
                id: listed.story.id.0,
                name: listed.story.name,
                slug: listed.story.slug,
                articles: listed.articles,
                newest: listed
                    .newest
                    .map(|t| show_time(&app, t))
                    .unwrap_or_default(),
            })
            .collect(),
        next: has_next.then(|| list_link(&nama, page + 1)),
        previous: (page > 1).then(|| list_link(&nama, page - 1)),
        nama,
        page,
    };
    render(&app, "newsroom/stories.html", StatusCode::OK, &view)
}

#[derive(Serialize)]
struct MemberRow {
    id: i64,
    title: String,
    status: &'static str,
    live: bool,
    published: String,
    by_editor: bool,
}

#[derive(Serialize)]
struct StoryView {
    staff: StaffView,
    id: i64,
    name: String,
    slug: String,
    members: Vec<MemberRow>,
    max_name: usize,
    error: Option<String>,
    message: Option<&'static str>,
}

async fn story_view(
    app: &App,
    staff: &Staff,
    id: StoryId,
    error: Option<String>,
    done: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    super::actions::curation::require_curator(&staff.user)?;
    let story = match app.store.story(id).await {
        Ok(story) => story,
        Err(StoreError::NotFound(_)) => return Err(AppError::NotFound),
        Err(other) => return Err(other.into()),
    };
    if let Some(into) = story.merged_into {
        return Ok(Redirect::to(&format!("/redaksi/topik/{}", into.0)).into_response());
    }
    let now = app.now();
    let members = app
        .store
        .story_members(id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            id: m.id.0,
            title: m.title,
            status: status_id(m.status),
            live: m.status == warta_core::Status::Published
                && m.published_at.is_some_and(|t| t <= now),
            published: m
                .published_at
                .map(|t| show_time(app, t))
                .unwrap_or_default(),
            by_editor: m.by_editor,
        })
        .collect();
    let view = StoryView {
        staff: StaffView::of(staff),
        id: story.id.0,
        name: story.name,
        slug: story.slug,
        members,
        max_name: MAX_NAME,
        error,
        message: done,
    };
    render(app, "newsroom/story.html", status, &view)
}

/// `?selesai=` after a change: which one.
#[derive(Debug, Default, Deserialize)]
pub struct StoryQuery {
    #[serde(default)]
    selesai: String,
}

/// `GET /redaksi/topik/{id}`
pub async fn story_page(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<StoryQuery>,
) -> Result<Response, AppError> {
    let done = match query.selesai.as_str() {
        "nama" => Some("Nama dan alamat topik disimpan."),
        "tambah" => Some("Artikel dimasukkan ke topik ini."),
        "keluarkan" => Some("Artikel dikeluarkan dari topik ini."),
        "pisah" => Some("Artikel dipisahkan ke topik baru ini."),
        "gabung" => Some("Topik lain digabungkan ke topik ini."),
        _ => None,
    };
    story_view(&app, &staff, StoryId(id), None, done, StatusCode::OK).await
}

/// An article as an editor names it: its number, or its address on the
/// site (`/{kanal}/{yyyy}/{mm}/{dd}/{id}/...`, with or without the host).
fn article_named(text: &str) -> Option<ArticleId> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        return Some(ArticleId(id));
    }
    let path = match text.find("://") {
        Some(at) => &text[at + 3..][text[at + 3..].find('/')?..],
        None => text,
    };
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    (parts.len() >= 5).then(|| parts[4].parse().ok().map(ArticleId))?
}

/// A story as an editor names it: its number or its address.
async fn story_named(app: &App, text: &str) -> Result<StoryId, AppError> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        return Ok(StoryId(id));
    }
    let slug = text.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match app.store.story_by_slug(slug).await {
        Ok(story) => Ok(story.merged_into.unwrap_or(story.id)),
        Err(StoreError::NotFound(_)) => {
            Err(AppError::Invalid(Message::UnknownStory(text.to_owned())))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /redaksi/topik/{id}`: `aksi` = `nama` (nama, alamat), `tambah`
/// (artikel: number or address), `keluarkan` (artikel), `pisah` (nama,
/// artikel once per article chosen), `gabung` (ke: the story this one
/// goes into).
pub async fn story_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = StoryId(id);
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let not_an_article =
        |text: &str| AppError::Invalid(Message::NotAnArticle(text.trim().to_owned()));
    let result: Result<(StoryId, &'static str), AppError> = match get("aksi") {
        "nama" => actions::rename(&app, &staff.user, id, get("nama"), get("alamat"))
            .await
            .map(|_| (id, "nama")),
        "tambah" => match article_named(get("artikel")) {
            Some(article) => actions::set_article_story(&app, &staff.user, article, Some(id))
                .await
                .map(|()| (id, "tambah")),
            None => Err(not_an_article(get("artikel"))),
        },
        "keluarkan" => match article_named(get("artikel")) {
            Some(article) => actions::set_article_story(&app, &staff.user, article, None)
                .await
                .map(|()| (id, "keluarkan")),
            None => Err(not_an_article(get("artikel"))),
        },
        "pisah" => {
            let articles: Result<Vec<ArticleId>, AppError> = form
                .iter()
                .filter(|(k, _)| k == "artikel")
                .map(|(_, v)| article_named(v).ok_or_else(|| not_an_article(v)))
                .collect();
            match articles {
                Ok(articles) => actions::split(&app, &staff.user, get("nama"), &articles)
                    .await
                    .map(|new| (new, "pisah")),
                Err(error) => Err(error),
            }
        }
        "gabung" => match story_named(&app, get("ke")).await {
            Ok(into) => actions::merge(&app, &staff.user, id, into)
                .await
                .map(|()| (into, "gabung")),
            Err(error) => Err(error),
        },
        other => Err(AppError::BadRequest(Message::UnknownAction(
            other.to_owned(),
        ))),
    };
    match result {
        Ok((story, done)) => {
            Ok(Redirect::to(&format!("/redaksi/topik/{}?selesai={done}", story.0)).into_response())
        }
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            let message = Some(error.message(Locale::Id));
            story_view(&app, &staff, id, message, None, status).await
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_is_named_by_its_number_or_its_address() {
        assert_eq!(article_named(" 42 "), Some(ArticleId(42)));
        assert_eq!(
            article_named("https://warta.example/nasional/2019/09/17/42/kpk-baru"),
            Some(ArticleId(42))
        );
        assert_eq!(
            article_named("/nasional/2019/09/17/42/kpk-baru"),
            Some(ArticleId(42))
        );
        assert_eq!(article_named("/nasional/2019/09/17/x/kpk"), None);
        assert_eq!(article_named("kpk"), None);
        assert_eq!(article_named("https://warta.example"), None);
    }
}
