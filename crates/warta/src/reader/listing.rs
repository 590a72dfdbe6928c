//! Paginated lists of articles: a section (kanal), a tag, an author
//! (penulis), Terkini and Terpopuler. One template shows them all.

use super::page::{Card, Chrome, Meta, Pagination, page_number, render};
use crate::app::App;
use crate::error::AppError;
use crate::reader::legacy::redirect_old_address;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::ArticleSummary;

/// `?halaman=N`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    halaman: Option<String>,
}

impl PageQuery {
    /// The page number as given.
    pub fn halaman(&self) -> Option<&str> {
        self.halaman.as_deref()
    }
}

#[derive(Serialize)]
struct ListingPage {
    meta: Meta,
    chrome: Chrome,
    heading: String,
    kind: &'static str,
    /// A section's pinned lead story, above the list on its first page.
    lead: Option<Card>,
    cards: Vec<Card>,
    pagination: Pagination,
    feed: Option<String>,
}

/// How a listing fetches one page: `(limit, offset)` to summaries.
struct Listing {
    kind: &'static str,
    /// A pinned lead story (sections).
    lead: Option<ArticleSummary>,
    heading: String,
    description: String,
    path: String,
    feed: Option<String>,
}

impl Listing {
    async fn respond<F, Fut>(
        self,
        app: &App,
        query: PageQuery,
        fetch: F,
    ) -> Result<Response, AppError>
    where
        F: FnOnce(i64, i64) -> Fut,
        Fut: Future<Output = Result<Vec<ArticleSummary>, warta_store::StoreError>>,
    {
        let page = page_number(query.halaman.as_deref())?;
        let per_page = app.config.lists.per_page;
        let mut found = fetch(per_page as i64 + 1, ((page - 1) * per_page) as i64).await?;
        // A tag or a byline is public only through a live article: one
        // carried by drafts alone is not there for readers (nor its name).
        let exists_only_with_articles = matches!(self.kind, "tag" | "author");
        if found.is_empty() && (page > 1 || exists_only_with_articles) {
            return Err(AppError::NotFound);
        }
        let lead = self.lead.filter(|_| page == 1);
        if let Some(lead) = &lead {
            found.retain(|s| s.id != lead.id);
        }
        let has_next = found.len() > per_page;
        found.truncate(per_page);
        let now = app.now();
        let mut meta = Meta::page(app, self.heading.clone(), self.description, &self.path);
        if page > 1 {
            meta.canonical = app.absolute(&format!("{}?halaman={page}", self.path));
        }
        meta.feed = self.feed.as_deref().map(|f| app.absolute(f));
        let view = ListingPage {
            meta,
            chrome: Chrome::new(app, now),
            heading: self.heading,
            kind: self.kind,
            lead: lead.and_then(|l| Card::all(app, [&l], now).pop()),
            cards: Card::all(app, &found, now),
            pagination: Pagination::new(&self.path, page, has_next),
            feed: self.feed,
        };
        render(app, "reader/listing.html", &view)
    }
}

/// A section, tag or byline Warta does not have under this name: an
/// imported site's old address if it is one, else the name in lower case
/// (`/BOLA`, as typed or shouted in a message) if that differs, else 404.
async fn old_address_or_lower_case(app: &App, uri: &Uri) -> Result<Response, AppError> {
    match redirect_old_address(app, uri.path()).await {
        Err(AppError::NotFound) => {
            let lower = crate::reader::legacy::lower_case_listing(uri.path());
            if lower == uri.path() {
                return Err(AppError::NotFound);
            }
            let target = match uri.query() {
                Some(query) => format!("{lower}?{query}"),
                None => lower,
            };
            Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, target)]).into_response())
        }
        other => other,
    }
}

/// `/{section}`
pub async fn show_section(
    State(app): State<Arc<App>>,
    Path(section): Path<String>,
    Query(query): Query<PageQuery>,
    uri: Uri,
) -> Result<Response, AppError> {
    let section = match app.store.section(&section).await {
        Ok(section) => section,
        // `/{name}` is also the shape of many old permalinks.
        Err(warta_store::StoreError::NotFound(_)) => {
            return old_address_or_lower_case(&app, &uri).await;
        }
        Err(other) => return Err(other.into()),
    };
    let now = app.now();
    let lead = match app.store.section_lead(section.id).await? {
        Some(id) => app
            .store
            .summaries(&[id], now)
            .await?
            .pop()
            .filter(|s| s.section_slug == section.slug),
        None => None,
    };
    let listing = Listing {
        lead,
        kind: "section",
        description: format!(
            "{} {} — {}",
            app.config.labels.get("latest"),
            section.name,
            app.config.site_name
        ),
        heading: section.name.clone(),
        path: format!("/{}", section.slug),
        feed: Some(format!("/{}/rss", section.slug)),
    };
    let store = &app.store;
    listing
        .respond(&app, query, |limit, offset| {
            store.latest_in_section(section.id, now, limit, offset)
        })
        .await
}

/// `/tag/{tag}`
pub async fn show_tag(
    State(app): State<Arc<App>>,
    Path(tag): Path<String>,
    Query(query): Query<PageQuery>,
    uri: Uri,
) -> Result<Response, AppError> {
    let tag = match app.store.tag(&tag).await {
        Ok(tag) => tag,
        // An imported site's tag page under another slug.
        Err(warta_store::StoreError::NotFound(_)) => {
            return old_address_or_lower_case(&app, &uri).await;
        }
        Err(other) => return Err(other.into()),
    };
    let now = app.now();
    let listing = Listing {
        lead: None,
        kind: "tag",
        description: format!(
            "{}: {} — {}",
            app.config.labels.get("tag"),
            tag.name,
            app.config.site_name
        ),
        heading: tag.name.clone(),
        path: format!("/tag/{}", tag.slug),
        feed: Some(format!("/tag/{}/rss", tag.slug)),
    };
    let store = &app.store;
    listing
        .respond(&app, query, |limit, offset| {
            store.latest_with_tag(tag.id, now, limit, offset)
        })
        .await
}

/// `/penulis/{author}`
pub async fn show_author(
    State(app): State<Arc<App>>,
    Path(author): Path<String>,
    Query(query): Query<PageQuery>,
    uri: Uri,
) -> Result<Response, AppError> {
    let author = match app.store.author(&author).await {
        Ok(author) => author,
        Err(warta_store::StoreError::NotFound(_)) => {
            return old_address_or_lower_case(&app, &uri).await;
        }
        Err(other) => return Err(other.into()),
    };
    let now = app.now();
    let listing = Listing {
        lead: None,
        kind: "author",
        description: format!(
            "{}: {} — {}",
            app.config.labels.get("author"),
            author.name,
            app.config.site_name
        ),
        heading: author.name.clone(),
        path: format!("/penulis/{}", author.slug),
        feed: Some(format!("/penulis/{}/rss", author.slug)),
    };
    let store = &app.store;
    listing
        .respond(&app, query, |limit, offset| {
            store.latest_by_author(author.id, now, limit, offset)
        })
        .await
}

/// `/terkini`
pub async fn show_latest(
    State(app): State<Arc<App>>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let now = app.now();
    let heading = app.config.labels.get("latest").to_owned();
    let listing = Listing {
        lead: None,
        kind: "latest",
        description: format!("{heading} — {}", app.config.site_name),
        heading,
        path: "/terkini".into(),
        feed: Some("/rss".into()),
    };
    let store = &app.store;
    listing
        .respond(&app, query, |limit, offset| {
            store.latest(now, limit, offset)
        })
        .await
}

/// `/terpopuler`: the most read in the window, from the snapshot.
pub async fn show_popular(State(app): State<Arc<App>>) -> Result<Response, AppError> {
    let now = app.now();
    let lists = app.lists();
    let heading = app.config.labels.get("popular").to_owned();
    let view = ListingPage {
        meta: Meta::page(
            &app,
            heading.clone(),
            format!("{heading} — {}", app.config.site_name),
            "/terpopuler",
        ),
        chrome: Chrome::new(&app, now),
        heading,
        kind: "popular",
        lead: None,
        cards: Card::all(&app, lists.popular.iter().map(|(s, _)| s), now),
        pagination: Pagination::new("/terpopuler", 1, false),
        feed: None,
    };
    render(&app, "reader/listing.html", &view)
}
