//! Errors at the web edge.
//!
//! Policy: library crates return their own error enums; the CLI and jobs use
//! `anyhow` with context; handlers return [`AppError`], whose variants are
//! outcomes, each with a [`Message`] from the one catalogue. A server fault
//! is logged once, with its cause, and nobody is shown more than that it
//! happened. How an error is answered depends on who asked: reader pages
//! and the newsroom get a page (`reader::errors` fills it in for the
//! [`ErrorPage`] marker set here), the API gets JSON (`api::ApiError`).

use crate::messages::Message;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use warta_core::Locale;
use warta_store::StoreError;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: no such page.
    #[error("not found")]
    NotFound,
    /// 400: the request is malformed; the message says how.
    #[error("bad request: {0:?}")]
    BadRequest(Message),
    /// 401: no valid credentials came with the request.
    #[error("sign-in required")]
    Unauthorized,
    /// 401: the newsroom session ended (signed out elsewhere, expired).
    #[error("the session ended")]
    SessionEnded,
    /// 403: the user may not do this; the message says what.
    #[error("forbidden: {0:?}")]
    Forbidden(Message),
    /// 409: the thing changed since the request was based on it.
    #[error("conflict: {0:?}")]
    Conflict(Message),
    /// 412: `If-Match` named a version that is no longer the stored one.
    #[error("precondition failed: {0:?}")]
    PreconditionFailed(Message),
    /// 428: a change must say which version it is based on.
    #[error("precondition required")]
    PreconditionRequired,
    /// 413: the request body is larger than allowed.
    #[error("too large: {0:?}")]
    TooLarge(Message),
    /// 415: the content is not of a kind accepted here.
    #[error("unsupported: {0:?}")]
    Unsupported(Message),
    /// 422: the request is well formed but breaks a rule (a missing title,
    /// a step the workflow does not have).
    #[error("invalid: {0:?}")]
    Invalid(Message),
    /// 429: too many attempts; try again after this many seconds.
    #[error("too many requests: {message:?}")]
    TooManyRequests {
        /// What to tell the user.
        message: Message,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 507: the disk is full; nothing was written, and writing works again
    /// once there is room.
    #[error("the disk is full")]
    DiskFull,
    /// 503: the database cannot be reached just now; nothing was read or
    /// written, and asking again in a few seconds may work.
    #[error("the database is unavailable")]
    Unavailable,
    /// 500: our fault; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Conflict { current } => {
                AppError::Conflict(Message::EditConflict { current })
            }
            StoreError::Duplicate(what) if what.contains("email") => {
                AppError::Conflict(Message::UserExists)
            }
            StoreError::Duplicate(_) => AppError::Conflict(Message::SectionExists),
            error if error.is_disk_full() => {
                tracing::error!(%error, "a write was refused: the disk is full");
                AppError::DiskFull
            }
            error if error.is_unavailable() => {
                tracing::error!(
                    error = format!("{:#}", anyhow::Error::from(error)),
                    "the database cannot be reached"
                );
                AppError::Unavailable
            }
            StoreError::Refused(warta_store::Refusal::MediaInUse(uses)) => {
                AppError::Conflict(Message::MediaInUse(uses))
            }
            StoreError::Refused(refusal) => AppError::Invalid(match refusal {
                warta_store::Refusal::Step { from, to } => Message::NoSuchStep { from, to },
                warta_store::Refusal::ScheduleNeedsTime => Message::ScheduleNeedsTime,
                warta_store::Refusal::ScheduleInPast => Message::ScheduleInPast,
                warta_store::Refusal::UnknownReadAlso(id) => Message::UnknownReadAlso(id.0),
                warta_store::Refusal::MediaInUse(uses) => Message::MediaInUse(uses),
            }),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(error: minijinja::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl AppError {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::SessionEnded => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            AppError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable name of the outcome, for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::SessionEnded => "session_ended",
            AppError::Forbidden(_) => "forbidden",
            AppError::Conflict(_) => "conflict",
            AppError::PreconditionFailed(_) => "precondition_failed",
            AppError::PreconditionRequired => "precondition_required",
            AppError::TooLarge(_) => "too_large",
            AppError::Unsupported(_) => "unsupported_media_type",
            AppError::Invalid(_) => "invalid",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::DiskFull => "disk_full",
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// What the user is told; never the cause of an internal error.
    pub fn user_message(&self) -> Message {
        match self {
            AppError::NotFound => Message::NotFound,
            AppError::Unauthorized => Message::SignInRequired,
            AppError::SessionEnded => Message::SessionEnded,
            AppError::DiskFull => Message::DiskFull,
            AppError::Unavailable => Message::DatabaseUnavailable,
            AppError::PreconditionRequired => Message::VersionRequired,
            AppError::Internal(_) => Message::Internal,
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m)
            | AppError::PreconditionFailed(m)
            | AppError::TooLarge(m)
            | AppError::Unsupported(m)
            | AppError::Invalid(m)
            | AppError::TooManyRequests { message: m, .. } => m.clone(),
        }
    }

    /// [`AppError::user_message`] in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        self.user_message().text(locale)
    }
}

/// Seconds a client is asked to wait when the database is unavailable.
const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

/// Marks a response whose body the error page renderer should supply.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    /// Shown on the page; none for 404, 401 and 500.
    pub message: Option<Message>,
    /// The outcome's stable name ([`AppError::code`]), for a script that
    /// asked for JSON.
    pub code: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            AppError::NotFound | AppError::Unauthorized => None,
            AppError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "request failed");
                None
            }
            other => Some(other.user_message()),
        };
        let mut response = status.into_response();
        let retry_after = match &self {
            AppError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECONDS),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response.extensions_mut().insert(ErrorPage {
            message,
            code: self.code(),
        });
        response
    }
}
