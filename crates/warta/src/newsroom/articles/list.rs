//! `GET /redaksi`: the article list. Contributors and authors see their
//! own articles; editors and admins see all, filtered as they choose.

use super::{Choice, message};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::auth::Staff;
use crate::newsroom::page::{StaffView, render, restriction_label, show_time, status_label};
use crate::reader::search::{SearchParams, SearchRequest, run_search};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::{Status, UserId};
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
    /// Why it is not public at the site it was imported from.
    restriction: Option<&'static str>,
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

/// `GET /redaksi`
pub async fn list_articles(
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
                .map_err(|_| AppError::BadRequest(Message::UnknownAction(query.status.clone())))?,
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
        title: Some(crate::text::one_line(&query.q)).filter(|q| !q.is_empty()),
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
                restriction: a.restriction.map(restriction_label),
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

/// `?q=` of [`find_articles`].
#[derive(Debug, Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    q: String,
}

/// A published article the editor offers for Baca Juga.
#[derive(Serialize)]
struct Found {
    id: i64,
    title: String,
    /// Its publication day, as shown.
    published: String,
    url: String,
}

/// `GET /redaksi/artikel.json?q=`: published articles whose words match
/// (or the one of that number), best first, for the editor's Baca Juga
/// picker.
pub async fn find_articles(
    State(app): State<Arc<App>>,
    _staff: Staff,
    Query(query): Query<FindQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    let text = query.q.trim();
    let tz = &app.config.time_zone;
    let day = |t: chrono::DateTime<chrono::Utc>| tz.local(t).format("%d/%m/%Y").to_string();
    let mut items = Vec::new();
    if let Ok(number) = text.parse::<i64>() {
        match app.store.article(warta_core::ArticleId(number)).await {
            Ok(article) if article.is_live(app.now()) => items.push(Found {
                id: number,
                url: article.path(tz),
                published: article.published_at.map(day).unwrap_or_default(),
                title: article.title,
            }),
            _ => {}
        }
    } else if !text.is_empty() {
        let request = SearchRequest::new(SearchParams::words(text))?;
        let found = run_search(&app, &request, 12, false).await?;
        items.extend(found.results.into_iter().map(|(summary, _)| Found {
            id: summary.id.0,
            url: summary.path(tz),
            published: day(summary.published_at),
            title: summary.title,
        }));
    }
    Ok(Json(serde_json::json!({ "items": items })))
}
