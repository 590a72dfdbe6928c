//! Newsroom users, their sign-in sessions and API tokens, and the record of
//! failed sign-ins that rate limiting counts. Secrets are never stored: a
//! session or token is kept as the SHA-256 of its value, a password as its
//! Argon2id hash (made by the caller).

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use warta_core::{Role, UserId};

/// A newsroom user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// Their number.
    pub id: UserId,
    /// Sign-in name, lower case.
    pub email: String,
    /// Display name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// Whether they may sign in and their tokens work.
    pub active: bool,
}

/// A user with their password hash, for checking a sign-in.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The user.
    pub user: User,
    /// PHC string of their password hash.
    pub password_hash: String,
}

/// An API token as its owner sees it listed.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ApiToken {
    /// Its number.
    pub id: i64,
    /// What its owner called it.
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub hint: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last authorised a request.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

const USER_COLUMNS: &str = "id, email, name, role, disabled_at, password_hash";

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: UserId(row.try_get("id")?),
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: role
            .parse()
            .map_err(|e: warta_core::UnknownRole| StoreError::Corrupt(e.to_string()))?,
        active: row.try_get::<Option<i64>, _>("disabled_at")?.is_none(),
    })
}

/// A sign-in attempt reserved before its password is checked, with the
/// attempts not cleared within the window, this one included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInAttempt {
    /// Its record, cleared when it succeeds.
    pub id: i64,
    /// Attempts for this email from this client.
    pub by_account: i64,
    /// Attempts from this client, for any email.
    pub by_client: i64,
}

impl Store {
    /// Adds a user; fails with [`StoreError::Duplicate`] when the email is
    /// taken.
    pub async fn add_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<UserId, StoreError> {
        let email = email.trim().to_lowercase();
        let taken = sqlx::query("SELECT 1 AS found FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate("a user with this email"));
        }
        let row = sqlx::query(
            "INSERT INTO users (email, name, role, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(email.as_str())
        .bind(name.trim())
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(UserId(row.try_get("id")?))
    }

    /// How many users there are.
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// One user.
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("user"))?;
        user_from_row(&row)
    }

    /// A user and their password hash, by email (any case).
    pub async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Credentials {
                user: user_from_row(&row)?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// The password hash of a user.
    pub async fn password_hash(&self, id: UserId) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("user"))?;
        Ok(row.try_get("password_hash")?)
    }

    /// Replaces a user's password and ends every session of theirs except
    /// `keep` (the one that asked), so a stolen session dies with the old
    /// password.
    pub async fn set_password(
        &self,
        id: UserId,
        password_hash: &str,
        keep: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(now.timestamp())
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(id.0)
            .bind(keep.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a user's name, role and whether they may sign in. Disabling
    /// ends their sessions; their tokens stop working at once.
    pub async fn update_user(
        &self,
        id: UserId,
        name: &str,
        role: Role,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE users SET name = $1, role = $2, updated_at = $3, \
             disabled_at = CASE WHEN $4 = 1 THEN NULL ELSE COALESCE(disabled_at, $3) END \
             WHERE id = $5",
        )
        .bind(name.trim())
        .bind(role.as_str())
        .bind(now.timestamp())
        .bind(i64::from(active))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Starts a session.
    pub async fn add_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(csrf_token)
        .bind(now.timestamp())
        .bind(expires_at.timestamp())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The active user of an unexpired session, with its CSRF token.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.disabled_at, s.csrf_token \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now.timestamp())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((user_from_row(&row)?, row.try_get("csrf_token")?)))
            .transpose()
    }

    /// Ends a session.
    pub async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets expired sessions and old sign-in failures.
    pub async fn prune_sign_in_records(
        &self,
        now: DateTime<Utc>,
        failures_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.timestamp())
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(failures_before.timestamp())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Reserves a sign-in attempt before its password is checked: it is
    /// recorded at once, as failed until [`Store::clear_sign_in_attempt`],
    /// and the attempts since `since` are counted with it: for this email
    /// from this client, and from this client for any email. Recorded and
    /// counted in two statements, each committed: of attempts racing in
    /// parallel, each counts at least every one recorded before its own, so
    /// no more than a limit's worth ever see a count within it.
    pub async fn reserve_sign_in_attempt(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<SignInAttempt, StoreError> {
        let email = email.trim().to_lowercase();
        let id: i64 = sqlx::query(
            "INSERT INTO sign_in_failures (email, client, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&email)
        .bind(client)
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await?
        .try_get("id")?;
        let by_account = sqlx::query(
            "SELECT COUNT(*) AS n FROM sign_in_failures \
             WHERE email = $1 AND client = $2 AND at >= $3",
        )
        .bind(&email)
        .bind(client)
        .bind(since.timestamp())
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        let by_client = sqlx::query(
            "SELECT COUNT(*) AS n FROM sign_in_failures WHERE client = $1 AND at >= $2",
        )
        .bind(client)
        .bind(since.timestamp())
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        Ok(SignInAttempt {
            id,
            by_account,
            by_client,
        })
    }

    /// A reserved attempt that succeeded: it counts as no failure.
    pub async fn clear_sign_in_attempt(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Adds an API token for a user.
    pub async fn add_api_token(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        hint: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user.0)
        .bind(name.trim())
        .bind(token_hash)
        .bind(hint)
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// A user's tokens, newest first, revoked ones included.
    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, hint, created_at, last_used_at, revoked_at FROM api_tokens \
             WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ApiToken {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    hint: row.try_get("hint")?,
                    created_at: time(row.try_get("created_at")?),
                    last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(time),
                    revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(time),
                })
            })
            .collect()
    }

    /// Revokes one of a user's tokens; `NotFound` if it is not theirs.
    pub async fn revoke_api_token(
        &self,
        user: UserId,
        token: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
             WHERE id = $2 AND user_id = $3",
        )
        .bind(now.timestamp())
        .bind(token)
        .bind(user.0)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("token"));
        }
        Ok(())
    }

    /// The active user a live token belongs to, noting its use.
    pub async fn user_for_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.disabled_at, t.id AS token_id, t.last_used_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        // A write per request would make every API read a write; a minute's
        // precision is enough to tell a token in use from a forgotten one.
        let last_used: Option<i64> = row.try_get("last_used_at")?;
        if last_used.is_none_or(|t| now.timestamp() - t >= 60) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.timestamp())
                .bind(row.try_get::<i64, _>("token_id")?)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(user_from_row(&row)?))
    }
}
