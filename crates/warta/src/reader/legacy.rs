//! Addresses an imported site used: an article imported from WordPress
//! keeps its old permalink, which answers 301 to where it lives now while
//! it is live. `routes.rs` sends every address no route matches here, and
//! the pages whose patterns can catch an old address (a section's
//! `/{name}`, an article's six parts) ask here before answering 404.

use crate::app::App;
use crate::error::AppError;
use crate::import::percent_decode;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The fallback route: an old address redirects, anything else is 404.
pub async fn old_address_or_not_found(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
) -> Result<Response, AppError> {
    if method != Method::GET && method != Method::HEAD {
        return Err(AppError::NotFound);
    }
    match redirect_old_address(&app, uri.path()).await {
        // `/bola/`, `/TAG/Banjir/`: the address without its slash, in the
        // case Warta writes it, in one hop.
        Err(AppError::NotFound) if uri.path().len() > 1 && uri.path().ends_with('/') => {
            let Some(mut target) = page_without_slash(&app, uri.path()).await? else {
                return Err(AppError::NotFound);
            };
            if let Some(query) = uri.query() {
                target.push('?');
                target.push_str(query);
            }
            Ok(moved(&target))
        }
        other => other,
    }
}

/// The page `path` names but for its trailing slash (and the case of a
/// listing's name), if there is one: an article by its number, a fixed
/// page, a section, its feed, a tag or a byline. Only pages that are
/// there are redirected to, so nothing is learnt from the answer.
async fn page_without_slash(app: &App, path: &str) -> Result<Option<String>, AppError> {
    let trimmed = path.trim_end_matches('/');
    if let Some(canonical) = live_article_at(app, trimmed).await? {
        return Ok(Some(canonical));
    }
    let target = lower_case_listing(trimmed);
    let parts: Vec<&str> = target.trim_start_matches('/').split('/').collect();
    let there = match parts.as_slice() {
        ["terkini" | "terpopuler" | "indeks" | "cari" | "rss" | "redaksi"] => true,
        [section] | [section, "rss"] => found(app.store.section(section).await)?,
        // A tag or a byline is a page only through a live article (one
        // that drafts alone carry is not there for readers, nor its name).
        ["tag", tag] => match app.store.tag(tag).await {
            Ok(tag) => !app
                .store
                .latest_with_tag(tag.id, app.now(), 1, 0)
                .await?
                .is_empty(),
            other => found(other)?,
        },
        ["penulis", author] => match app.store.author(author).await {
            Ok(author) => !app
                .store
                .latest_by_author(author.id, app.now(), 1, 0)
                .await?
                .is_empty(),
            other => found(other)?,
        },
        _ => false,
    };
    Ok(there.then_some(target))
}

/// The address of the live article `path` names by its number
/// (`/section/yyyy/mm/dd/ID` with or without a slug), if it is one.
async fn live_article_at(app: &App, path: &str) -> Result<Option<String>, AppError> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if !(5..=6).contains(&parts.len()) {
        return Ok(None);
    }
    let Ok(id) = parts[4].parse::<i64>() else {
        return Ok(None);
    };
    match app.store.article(warta_core::ArticleId(id)).await {
        Ok(article) if article.is_live(app.now()) => Ok(Some(article.path(&app.config.time_zone))),
        Ok(_) | Err(warta_store::StoreError::NotFound(_)) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// Whether a lookup found its thing.
fn found<T>(result: Result<T, warta_store::StoreError>) -> Result<bool, AppError> {
    match result {
        Ok(_) => Ok(true),
        Err(warta_store::StoreError::NotFound(_)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// `path` with a section, tag or byline name in lower case, as Warta
/// writes them (`/BOLA` → `/bola`, `/Tag/Banjir` → `/tag/banjir`); any
/// other address as it is.
pub fn lower_case_listing(path: &str) -> String {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let listing = match parts.as_slice() {
        [_] => true,
        [kind, _] => kind.eq_ignore_ascii_case("tag") || kind.eq_ignore_ascii_case("penulis"),
        _ => false,
    };
    if listing {
        path.to_lowercase()
    } else {
        path.to_owned()
    }
}

/// A permanent redirect from an imported article's old address to where it
/// lives now, if `path` is one and the article is live; else 404.
pub async fn redirect_old_address(app: &App, path: &str) -> Result<Response, AppError> {
    let old = path.trim_end_matches('/');
    // Stored decoded (`%E2%80%93` and `%e2%80%93` are one address); an
    // address stored as written by an older import is found too.
    let decoded = percent_decode(old);
    let found = match app.store.legacy_path(&decoded).await? {
        Some(id) => Some(id),
        None => app.store.legacy_path(old).await?,
    };
    let Some(id) = found else {
        return redirect_old_page(app, &decoded).await;
    };
    let article = app.store.article(id).await?;
    if !article.is_live(app.now()) {
        return Err(AppError::NotFound);
    }
    Ok((
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, article.path(&app.config.time_zone))],
    )
        .into_response())
}

/// An old page that is not an article: a feed, a category, tag or author
/// page recorded at import (`redirects`), else 404.
async fn redirect_old_page(app: &App, path: &str) -> Result<Response, AppError> {
    let target = match path {
        "/feed" | "/rss" | "/rss2" | "/feed/rss2" | "/feed/atom" => Some("/rss".to_owned()),
        _ => match path.strip_suffix("/feed") {
            // A category's feed: its section's.
            Some(page) => app
                .store
                .redirect(page)
                .await?
                .filter(|t| !t.starts_with("/tag/") && !t.starts_with("/penulis/"))
                .map(|t| format!("{t}/rss")),
            None => match app.store.redirect(path).await? {
                Some(target) => Some(target),
                // A child category's address names its parents too.
                None => match path
                    .strip_prefix("/category/")
                    .and_then(|p| p.rsplit_once('/'))
                {
                    Some((_, last)) => app.store.redirect(&format!("/category/{last}")).await?,
                    None => None,
                },
            },
        },
    };
    match target {
        Some(target) => Ok(moved(&target)),
        None => Err(AppError::NotFound),
    }
}

fn moved(target: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, target.to_owned())],
    )
        .into_response()
}

/// WordPress's plain addresses on the home page (`/?p=12`, `/?page_id=3`,
/// `/?cat=5`, `/?tag=banjir`, `/?author=2`, `/?s=kata`, `/?feed=rss2`):
/// the page they lead to now, if any.
pub async fn redirect_old_query(app: &App, query: &str) -> Result<Option<Response>, AppError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
    if let Some(id) = get("p")
        .or_else(|| get("page_id"))
        .filter(|id| id.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty())
    {
        let found = app.store.article_id_for_external(&format!("wp-{id}")).await;
        return match found {
            Ok(article) => {
                let article = app.store.article(article).await?;
                if article.is_live(app.now()) {
                    Ok(Some(moved(&article.path(&app.config.time_zone))))
                } else {
                    Err(AppError::NotFound)
                }
            }
            Err(warta_store::StoreError::NotFound(_)) => Err(AppError::NotFound),
            Err(other) => Err(other.into()),
        };
    }
    for key in ["cat", "tag", "author"] {
        if let Some(value) = get(key) {
            return match app.store.redirect(&format!("/?{key}={value}")).await? {
                Some(target) => Ok(Some(moved(&target))),
                None => Err(AppError::NotFound),
            };
        }
    }
    if let Some(words) = get("s") {
        let q: String = form_urlencoded::byte_serialize(words.as_bytes()).collect();
        return Ok(Some(moved(&format!("/cari?q={q}"))));
    }
    if get("feed").is_some() {
        return Ok(Some(moved("/rss")));
    }
    Ok(None)
}
