//! Users (for admins) and one's own account: password and API tokens.

use super::actions::people::{self as actions, require_admin};
use super::auth::Staff;
use super::page::{StaffView, render, role_label, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use warta_core::{Locale, Role, UserId};

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
            .map_err(|_| AppError::Invalid(Message::UnknownRole(get("peran").to_owned())))
    };
    let id = || -> Result<UserId, AppError> {
        get("id")
            .parse()
            .map(UserId)
            .map_err(|_| AppError::BadRequest(Message::MissingField("id")))
    };
    let result: Result<Option<(String, String)>, AppError> = async {
        match get("aksi") {
            "tambah" => {
                let email = actions::check_email(get("email"))?;
                let (_, password) =
                    actions::add_user(&app, &staff.user, &email, get("nama"), role()?, None)
                        .await?;
                Ok(Some((email, password)))
            }
            "ubah" => {
                let active = get("aktif") == "ya";
                actions::update_user(&app, &staff.user, id()?, get("nama"), role()?, active)
                    .await?;
                Ok(None)
            }
            "sandi_baru" => Ok(Some(
                actions::reset_password(&app, &staff.user, id()?).await?,
            )),
            other => Err(AppError::BadRequest(Message::UnknownAction(
                other.to_owned(),
            ))),
        }
    }
    .await;
    match result {
        Ok(None) => Ok(Redirect::to("/redaksi/pengguna").into_response()),
        Ok(Some(created)) => users_view(&app, &staff, None, Some(created), StatusCode::OK).await,
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            users_view(&app, &staff, Some(error.message(Locale::Id)), None, status).await
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
                actions::change_password(
                    &app,
                    &staff.user,
                    &staff.session,
                    get("lama"),
                    get("baru"),
                    get("ulang"),
                )
                .await?;
                Ok((None, Some("Kata sandi diganti. Sesi lain telah diakhiri.")))
            }
            "token_baru" => Ok((
                Some(actions::create_token(&app, &staff.user, get("nama")).await?),
                None,
            )),
            "cabut" => {
                let id = get("id")
                    .parse()
                    .map_err(|_| AppError::BadRequest(Message::MissingField("id")))?;
                actions::revoke_token(&app, &staff.user, id).await?;
                Ok((None, Some("Token dicabut.")))
            }
            other => Err(AppError::BadRequest(Message::UnknownAction(
                other.to_owned(),
            ))),
        }
    }
    .await;
    match result {
        Ok((token, message)) => {
            account_view(&app, &staff, token, message, None, StatusCode::OK).await
        }
        Err(error) if error.status().is_client_error() => {
            let status = error.status();
            account_view(
                &app,
                &staff,
                None,
                None,
                Some(error.message(Locale::Id)),
                status,
            )
            .await
        }
        Err(error) => Err(error),
    }
}
