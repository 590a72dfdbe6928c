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
    if method == Method::GET || method == Method::HEAD {
        redirect_old_address(&app, uri.path()).await
    } else {
        Err(AppError::NotFound)
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
