//! Addresses an imported site used: an article imported from WordPress
//! keeps its old permalink, which answers 301 to where it lives now while
//! it is live. `routes.rs` sends every address no route matches here, and
//! the pages whose patterns can catch an old address (a section's
//! `/{name}`, an article's six parts) ask here before answering 404.

use crate::app::App;
use crate::error::AppError;
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
    let Some(id) = app.store.legacy_path(old).await? else {
        return Err(AppError::NotFound);
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
