//! Users (for admins) and one's own account: password and API tokens.

use super::actions::{require_admin, role_label};
use super::auth::{
    Staff, check_new_password, digest, hash_password, random_secret, verify_password,
};
use super::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::{Role, UserId};

#[derive(Serialize)]
struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    role_key: &'static str,
    active: bool,
    me: bool,
}

#[derive(Serialize)]
struct RoleChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct UsersView {
    staff: StaffView,
    users: Vec<UserRow>,
    roles: Vec<RoleChoice>,
    error: Option<String>,
    created: Option<(String, String)>,
}

async fn users_view(
    app: &App,
    staff: &Staff,
    error: Option<String>,
    created: Option<(String, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    require_admin(&staff.user)?;
    let users = app
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id.0,
            me: u.id == staff.user.id,
            name: u.name,
            email: u.email,
            role: role_label(u.role),
            role_key: u.role.as_str(),
            active: u.active,
        })
        .collect();
    let view = UsersView {
        staff: StaffView::of(staff),
        users,
        roles: Role::ALL
            .iter()
            .map(|r| RoleChoice {
                value: r.as_str(),
                label: role_label(*r),
            })
            .collect(),
        error,
        created,
    };
    render(app, "newsroom/users.html", status, &view)
}

/// `GET /redaksi/pengguna`
pub async fn users_page(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    users_view(&app, &staff, None, None, StatusCode::OK).await
}

/// Checks an email address enough to catch typing mistakes.
pub fn check_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.starts_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(email)
    } else {
        Err(AppError::Invalid(format!("{email:?} bukan alamat email.")))
    }
}

/// Adds a user with a generated password; returns it to show once.
pub async fn add_user(
    app: &App,
    email: &str,
    name: &str,
    role: Role,
    password: Option<String>,
) -> Result<(UserId, String), AppError> {
    let email = check_email(email)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Invalid(
            "Nama wajib diisi (paling panjang 100 karakter).".into(),
        ));
    }
    let password = match password {
        Some(password) => {
            check_new_password(&password)?;
            password
        }
        None => random_secret()[..20].to_owned(),
    };
    let hash = hash_password(password.clone()).await?;
    let id = app
        .store
        .add_user(&email, name, role, &hash, app.now())
        .await?;
    Ok((id, password))
}

/// `POST /redaksi/pengguna`: `aksi` = `tambah` (email, nama, peran) or
/// `ubah` (id, nama, peran, aktif) or `sandi_baru` (id).
pub async fn users_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    require_admin(&staff.user)?;
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let role = || -> Result<Role, AppError> {
        get("peran")
            .parse::<Role>()
            .map_err(|e| AppError::Invalid(e.to_string()))
    };
    let id = || -> Result<UserId, AppError> {
        get("id")
            .parse()
            .map(UserId)
            .map_err(|_| AppError::BadRequest("id".into()))
    };
    let result: Result<Option<(String, String)>, AppError> = async {
        match get("aksi") {
            "tambah" => {
                let (_, password) =
                    add_user(&app, get("email"), get("nama"), role()?, None).await?;
                Ok(Some((get("email").to_lowercase(), password)))
            }
            "ubah" => {
                let id = id()?;
                let active = get("aktif") == "ya";
                if id == staff.user.id && (!active || role()? != Role::Admin) {
                    return Err(AppError::Invalid(
                        "Anda tidak bisa menonaktifkan atau menurunkan peran akun Anda sendiri."
                            .into(),
                    ));
                }
                app.store
                    .update_user(id, get("nama"), role()?, active, app.now())
                    .await?;
                Ok(None)
            }
            "sandi_baru" => {
                let id = id()?;
                let user = app.store.user(id).await?;
                let password = random_secret()[..20].to_owned();
                let hash = hash_password(password.clone()).await?;
                app.store.set_password(id, &hash, None, app.now()).await?;
                Ok(Some((user.email, password)))
            }
            other => Err(AppError::BadRequest(format!("unknown action {other:?}"))),
        }
    }
    .await;
    match result {
        Ok(None) => Ok(Redirect::to("/redaksi/pengguna").into_response()),
        Ok(Some(created)) => users_view(&app, &staff, None, Some(created), StatusCode::OK).await,
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            users_view(&app, &staff, Some(error.message()), None, status).await
        }
        Err(error) => Err(error),
    }
}

#[derive(Serialize)]
struct TokenRow {
    id: i64,
    name: String,
    hint: String,
    created: String,
    last_used: String,
    revoked: bool,
}

#[derive(Serialize)]
struct AccountView {
    staff: StaffView,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn account_view(
    app: &App,
    staff: &Staff,
    new_token: Option<String>,
    message: Option<&'static str>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tokens = app
        .store
        .api_tokens(staff.user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            hint: t.hint,
            created: show_time(app, t.created_at),
            last_used: t
                .last_used_at
                .map(|t| show_time(app, t))
                .unwrap_or_else(|| "belum".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let view = AccountView {
        staff: StaffView::of(staff),
        tokens,
        new_token,
        message,
        error,
    };
    render(app, "newsroom/account.html", status, &view)
}

/// `GET /redaksi/akun`
pub async fn account_page(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    account_view(&app, &staff, None, None, None, StatusCode::OK).await
}

/// Makes an API token for a user; returns the token to show once.
pub async fn create_token(app: &App, user: UserId, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Invalid(
            "Beri nama token (paling panjang 100 karakter).".into(),
        ));
    }
    let token = format!("wt_{}", random_secret());
    app.store
        .add_api_token(user, name, &digest(&token), &token[..9], app.now())
        .await?;
    Ok(token)
}

/// `POST /redaksi/akun`: `aksi` = `sandi` (lama, baru, ulang), `token_baru`
/// (nama), `cabut` (id).
pub async fn account_update(
    State(app): State<Arc<App>>,
    staff: Staff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let result: Result<(Option<String>, Option<&'static str>), AppError> = async {
        match get("aksi") {
            "sandi" => {
                let hash = app.store.password_hash(staff.user.id).await?;
                if !verify_password(hash, get("lama").to_owned()).await {
                    return Err(AppError::Forbidden("Kata sandi lama salah.".into()));
                }
                if get("baru") != get("ulang") {
                    return Err(AppError::Invalid(
                        "Kata sandi baru dan ulangannya tidak sama.".into(),
                    ));
                }
                check_new_password(get("baru"))?;
                let hash = hash_password(get("baru").to_owned()).await?;
                app.store
                    .set_password(staff.user.id, &hash, Some(&staff.session), app.now())
                    .await?;
                Ok((None, Some("Kata sandi diganti. Sesi lain telah diakhiri.")))
            }
            "token_baru" => Ok((
                Some(create_token(&app, staff.user.id, get("nama")).await?),
                None,
            )),
            "cabut" => {
                let id = get("id")
                    .parse()
                    .map_err(|_| AppError::BadRequest("id".into()))?;
                app.store
                    .revoke_api_token(staff.user.id, id, app.now())
                    .await?;
                Ok((None, Some("Token dicabut.")))
            }
            other => Err(AppError::BadRequest(format!("unknown action {other:?}"))),
        }
    }
    .await;
    match result {
        Ok((token, message)) => {
            account_view(&app, &staff, token, message, None, StatusCode::OK).await
        }
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            account_view(&app, &staff, None, None, Some(error.message()), status).await
        }
        Err(error) => Err(error),
    }
}
