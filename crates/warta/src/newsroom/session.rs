//! Signing in and out.

use super::auth::{
    SESSION_COOKIE, SIGN_IN_COOKIE, Staff, client_address, cookie, open_session, reserve_sign_in,
    set_cookie, start_session, wants_json,
};
use super::page::render;
use super::secrets::{constant_time_eq, hash_password, random_secret, verify_password};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
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

/// Longest e-mail address accepted at sign-in (RFC 5321's limit).
const MAX_EMAIL_BYTES: usize = 254;

/// Only our own newsroom pages are followed after signing in, never
/// another site, and never anything that cannot be a header's value.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/redaksi")
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
    {
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

/// Whether a sign-in comes from the editor's own dialog (`fetch` with
/// `X-Requested-With`, asking for JSON) rather than the form. A page of
/// another site can send neither that header (it would need a CORS
/// preflight, which Warta never grants) nor a foreign `Origin`, so the
/// header stands in for the form's double-submit token.
fn signs_in_page(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_origin = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| Some(authority) == host),
    };
    headers.contains_key("x-requested-with") && wants_json(headers) && same_origin
}

/// A refused sign-in: the form again with the reason, or JSON for the
/// editor's dialog.
fn refused(
    app: &App,
    in_page: bool,
    csrf: &str,
    next: &str,
    email: &str,
    error: AppError,
    message: String,
) -> Result<Response, AppError> {
    let status = error.status();
    let mut response = if in_page {
        let code = match error {
            AppError::TooManyRequests { .. } => "too_many_attempts",
            _ => "wrong_credentials",
        };
        (
            status,
            Json(json!({"error": {"code": code, "message": message}})),
        )
            .into_response()
    } else {
        sign_in_form(app, csrf, next, email, Some(message), status)?
    };
    if let AppError::TooManyRequests { retry_after, .. } = error {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, retry_after.into());
    }
    Ok(response)
}

/// `POST /redaksi/masuk`: the form, or the editor's dialog (which gets
/// JSON: the new session's CSRF token, or why not).
pub async fn sign_in(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let next = safe_next(&form.ke).to_owned();
    let in_page = signs_in_page(&headers);
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or("");
    if !in_page && (expected.is_empty() || !constant_time_eq(expected, &form.csrf)) {
        return sign_in_form(
            &app,
            &random_secret(),
            &next,
            &form.email,
            Some("Formulir kedaluwarsa. Silakan coba lagi.".into()),
            StatusCode::FORBIDDEN,
        );
    }
    let wrong = |email: &str| {
        refused(
            &app,
            in_page,
            &form.csrf,
            &next,
            email,
            AppError::Unauthorized,
            Message::WrongCredentials.text(Locale::Id),
        )
    };
    let client = client_address(peer.ip(), &headers, &app.config.trusted_proxies).to_string();
    let email = form.email.trim();
    if email.len() > MAX_EMAIL_BYTES {
        // Not an address anyone has: refused before it is stored anywhere.
        return wrong("");
    }
    let attempt = match reserve_sign_in(&app, email, &client).await {
        Ok(attempt) => attempt,
        Err(error) => {
            let message = error.message(Locale::Id);
            return refused(&app, in_page, &form.csrf, &next, email, error, message);
        }
    };
    let credentials = app.store.credentials(email).await?;
    let (hash, user) = match credentials {
        Some(c) => (c.password_hash, Some(c.user)),
        None => (DUMMY_HASH.clone(), None),
    };
    let matches = verify_password(hash, form.password.clone()).await;
    match user {
        Some(user) if matches && user.active => {
            app.store.clear_sign_in_attempt(attempt).await?;
            if in_page {
                let (response, csrf) =
                    open_session(&app, &user, StatusCode::OK.into_response()).await?;
                let (parts, _) = response.into_parts();
                let body = Json(json!({"csrf": csrf, "name": user.name}));
                return Ok((parts, body).into_response());
            }
            start_session(&app, &user, &next).await
        }
        _ => {
            // The reserved attempt stays: it is the failure counted.
            tracing::warn!(client = %client, "failed sign-in");
            wrong(email)
        }
    }
}

/// `GET /redaksi/sesi`: the session lives (else the guard answers 401),
/// with its CSRF token, which the editor asks for before sending a form.
pub async fn session_status(staff: Staff) -> Response {
    Json(json!({"csrf": staff.csrf, "name": staff.user.name})).into_response()
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
        // CR/LF would split the Location header (it answered 500).
        assert_eq!(safe_next("/redaksi\r\nSet-Cookie: x=1"), "/redaksi");
    }
}
