//! Error pages: every reader or newsroom error answered with the theme's
//! error page (`AppError` marks the response with `ErrorPage`; this
//! middleware, in front of the reader pages and the newsroom in
//! `routes.rs`, fills in the body), so a 404 of the fallback route looks
//! like the site too.

use crate::app::App;
use crate::error::ErrorPage;
use crate::reader::page::render_error_page;
use axum::extract::State;
use axum::response::Response;
use std::sync::Arc;
use warta_core::Locale;

/// Middleware: gives marked error responses the theme's error page, with
/// the message in the site's language (the newsroom's: Indonesian).
pub async fn render_error_pages(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let newsroom = request.uri().path().starts_with("/redaksi");
    let response = next.run(request).await;
    match response.extensions().get::<ErrorPage>() {
        Some(page) => {
            let locale = if newsroom {
                Locale::Id
            } else {
                app.config.locale
            };
            let message = page.message.as_ref().map(|m| m.text(locale));
            render_error_page(&app, response.status(), message.as_deref())
        }
        None => response,
    }
}
