//! Users (admins only) and one's own account: password and API tokens.

use crate::app::App;
use crate::error::AppError;
use crate::messages::{Action, Message};
use crate::newsroom::secrets::{
    check_new_password, digest, hash_password, random_secret, verify_password,
};
use warta_core::{Role, UserId};
use warta_store::User;

/// Requires the admin role.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role.can_administer() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::RoleForbids(
            Action::Administer,
        )))
    }
}

/// Checks an email address enough to catch typing mistakes; returns it
/// trimmed and in lower case.
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
        Err(AppError::Invalid(Message::NotAnEmail(email)))
    }
}

fn check_name(name: &str) -> Result<String, AppError> {
    let name = crate::text::one_line(name);
    if name.is_empty() || name.chars().count() > 100 {
        Err(AppError::Invalid(Message::NameRequired))
    } else {
        Ok(name)
    }
}

/// A generated password, shown once.
fn generated_password() -> String {
    random_secret()[..20].to_owned()
}

/// Adds a user with `password`, or a generated one; returns the new
/// user's id and the password to show once.
pub async fn add_user(
    app: &App,
    admin: &User,
    email: &str,
    name: &str,
    role: Role,
    password: Option<String>,
) -> Result<(UserId, String), AppError> {
    require_admin(admin)?;
    let email = check_email(email)?;
    let name = check_name(name)?;
    let password = match password {
        Some(password) => {
            check_new_password(&password)?;
            password
        }
        None => generated_password(),
    };
    let hash = hash_password(password.clone()).await?;
    let id = app
        .store
        .add_user(&email, &name, role, &hash, app.now())
        .await?;
    Ok((id, password))
}

/// Changes a user's name, role and whether they may sign in. An admin
/// cannot disable or demote themselves (the newsroom would lose its last
/// way in).
pub async fn update_user(
    app: &App,
    admin: &User,
    id: UserId,
    name: &str,
    role: Role,
    active: bool,
) -> Result<(), AppError> {
    require_admin(admin)?;
    if id == admin.id && (!active || role != Role::Admin) {
        return Err(AppError::Invalid(Message::CannotDemoteSelf));
    }
    let name = check_name(name)?;
    app.store
        .update_user(id, &name, role, active, app.now())
        .await?;
    Ok(())
}

/// Gives a user a new generated password (ending their sessions); returns
/// their email and the password to show once.
pub async fn reset_password(
    app: &App,
    admin: &User,
    id: UserId,
) -> Result<(String, String), AppError> {
    require_admin(admin)?;
    let user = app.store.user(id).await?;
    let password = generated_password();
    let hash = hash_password(password.clone()).await?;
    app.store.set_password(id, &hash, None, app.now()).await?;
    Ok((user.email, password))
}

/// Changes one's own password, ending one's other sessions (`session` is
/// the SHA-256 of the one kept).
pub async fn change_password(
    app: &App,
    user: &User,
    session: &str,
    old: &str,
    new: &str,
    repeated: &str,
) -> Result<(), AppError> {
    let hash = app.store.password_hash(user.id).await?;
    if !verify_password(hash, old.to_owned()).await {
        return Err(AppError::Forbidden(Message::WrongOldPassword));
    }
    if new != repeated {
        return Err(AppError::Invalid(Message::PasswordsDiffer));
    }
    check_new_password(new)?;
    let hash = hash_password(new.to_owned()).await?;
    app.store
        .set_password(user.id, &hash, Some(session), app.now())
        .await?;
    Ok(())
}

/// Makes an API token for oneself; returns the token to show once.
pub async fn create_token(app: &App, user: &User, name: &str) -> Result<String, AppError> {
    let name = crate::text::one_line(name);
    let name = name.as_str();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Invalid(Message::TokenNameRequired));
    }
    let token = format!("wt_{}", random_secret());
    app.store
        .add_api_token(user.id, name, &digest(&token), &token[..9], app.now())
        .await?;
    Ok(token)
}

/// Revokes one of one's own API tokens.
pub async fn revoke_token(app: &App, user: &User, id: i64) -> Result<(), AppError> {
    app.store.revoke_api_token(user.id, id, app.now()).await?;
    Ok(())
}
