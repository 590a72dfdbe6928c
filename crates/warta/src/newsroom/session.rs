//! Signing in and out.

use super::auth::{
    SESSION_COOKIE, SIGN_IN_COOKIE, Staff, check_sign_in_allowed, cookie, set_cookie, start_session,
};
use super::page::render;
use super::secrets::{constant_time_eq, hash_password, random_secret, verify_password};
use crate::app::App;
use crate::error::AppError;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use warta_core::Locale;

/// `?ke=` on the sign-in page: where to go after.
#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    ke: String,
}

#[derive(Serialize)]
struct SignInView<'a> {
    csrf: &'a str,
    next: &'a str,
    email: &'a str,
    error: Option<String>,
    site_name: &'a str,
}

/// Only our own newsroom pages are followed after signing in, never
/// another site.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/redaksi") && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/redaksi"
    }
}

/// `GET /redaksi/masuk`
pub async fn sign_in_page(
    State(app): State<Arc<App>>,
    Query(next): Query<Next>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let csrf = match cookie(&headers, SIGN_IN_COOKIE) {
        Some(value) if value.len() == 64 => value.to_owned(),
        _ => random_secret(),
    };
    sign_in_form(&app, &csrf, safe_next(&next.ke), "", None, StatusCode::OK)
}

fn sign_in_form(
    app: &App,
    csrf: &str,
    next: &str,
    email: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut response = render(
        app,
        "newsroom/sign-in.html",
        status,
        &SignInView {
            csrf,
            next,
            email,
            error,
            site_name: &app.config.site_name,
        },
    )?;
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, SIGN_IN_COOKIE, csrf, 3600),
    );
    Ok(response)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    ke: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// A hash to check passwords of unknown emails against, so a wrong email
/// takes as long as a wrong password and does not reveal who has an
/// account.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&[7u8; 16]).expect("16 bytes make a salt");
    argon2::Argon2::default()
        .hash_password(b"tidak-ada-pengguna-ini", &salt)
        .expect("hashing a constant works")
        .to_string()
});

/// `POST /redaksi/masuk`
pub async fn sign_in(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let next = safe_next(&form.ke).to_owned();
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected, &form.csrf) {
        return sign_in_form(
            &app,
            &random_secret(),
            &next,
            &form.email,
            Some("Formulir kedaluwarsa. Silakan coba lagi.".into()),
            StatusCode::FORBIDDEN,
        );
    }
    let client = peer.ip().to_string();
    if let Err(error) = check_sign_in_allowed(&app, &form.email, &client).await {
        let status = error.status();
        let mut response = sign_in_form(
            &app,
            &form.csrf,
            &next,
            &form.email,
            Some(error.message(Locale::Id)),
            status,
        )?;
        if let AppError::TooManyRequests { retry_after, .. } = error {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after.into());
        }
        return Ok(response);
    }
    let credentials = app.store.credentials(&form.email).await?;
    let (hash, user) = match credentials {
        Some(c) => (c.password_hash, Some(c.user)),
        None => (DUMMY_HASH.clone(), None),
    };
    let matches = verify_password(hash, form.password.clone()).await;
    match user {
        Some(user) if matches && user.active => start_session(&app, &user, &next).await,
        _ => {
            app.store
                .add_sign_in_failure(&form.email, &client, app.now())
                .await?;
            tracing::warn!(client = %client, "failed sign-in");
            sign_in_form(
                &app,
                &form.csrf,
                &next,
                &form.email,
                Some("Email atau kata sandi salah.".into()),
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

/// `POST /redaksi/keluar`
pub async fn sign_out(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    app.store.end_session(&staff.session).await?;
    let mut response = Redirect::to("/redaksi/masuk").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
    Ok(response)
}

/// Makes the first admin when there are no users yet; returns the email and
/// the generated password to show once.
pub async fn ensure_first_admin(app: &App) -> anyhow::Result<Option<(String, String)>> {
    if app.store.count_users().await? > 0 {
        return Ok(None);
    }
    let email = "admin@localhost".to_owned();
    let password = random_secret()[..20].to_owned();
    let hash = hash_password(password.clone()).await?;
    app.store
        .add_user(&email, "Admin", warta_core::Role::Admin, &hash, app.now())
        .await?;
    Ok(Some((email, password)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_never_sends_anyone_elsewhere() {
        assert_eq!(safe_next("/redaksi/artikel/5"), "/redaksi/artikel/5");
        assert_eq!(safe_next("https://jahat.example"), "/redaksi");
        assert_eq!(safe_next("//jahat.example"), "/redaksi");
        assert_eq!(safe_next("/redaksi\\@jahat"), "/redaksi");
        assert_eq!(safe_next(""), "/redaksi");
    }
}
