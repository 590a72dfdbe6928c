//! `/indeks?tanggal=YYYY-MM-DD`: every article published on one day, in the
//! portal's time zone; today when no date is given.

use super::page::{Card, Chrome, Meta, render};
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use warta_core::format_date;

/// Most articles listed for one day.
const DAY_LIMIT: i64 = 500;

/// `?tanggal=`.
#[derive(Debug, Deserialize)]
pub struct ArchiveQuery {
    tanggal: Option<String>,
}

#[derive(Serialize)]
struct ArchivePage {
    meta: Meta,
    chrome: Chrome,
    heading: String,
    date: String,
    previous: String,
    next: Option<String>,
    cards: Vec<Card>,
    /// What was wrong with the date asked for, shown above the picker.
    notice: Option<String>,
}

/// `/indeks`
pub async fn show_archive(
    State(app): State<Arc<App>>,
    Query(query): Query<ArchiveQuery>,
) -> Result<Response, AppError> {
    let now = app.now();
    let tz = &app.config.time_zone;
    let today = tz.local(now).date_naive();
    // A date that cannot be read is the reader's mistake: today's archive
    // with the picker and a word on it (400, not indexed).
    let asked = query.tanggal.as_deref().filter(|t| !t.is_empty());
    let (date, notice) = match asked.map(|text| (text, NaiveDate::parse_from_str(text, "%Y-%m-%d")))
    {
        Some((_, Ok(date))) => (date, None),
        Some((text, Err(_))) => (
            today,
            Some(Message::ArchiveDate(text.to_owned()).text(app.config.locale)),
        ),
        None => (today, None),
    };
    let from = tz.day_start(date);
    let next_day = date.succ_opt().ok_or(AppError::NotFound)?;
    let previous_day = date.pred_opt().ok_or(AppError::NotFound)?;
    let found = app
        .store
        .published_between(from, tz.day_start(next_day), now, DAY_LIMIT)
        .await?;
    let label = format_date(from + chrono::Duration::hours(12), tz, app.config.locale);
    let heading = format!("{} {label}", app.config.labels.get("archive"));
    let path = format!("/indeks?tanggal={date}");
    let mut meta = Meta::page(&app, heading.clone(), heading.clone(), &path);
    meta.noindex = notice.is_some();
    let refused = notice.is_some();
    let view = ArchivePage {
        meta,
        chrome: Chrome::new(&app, now),
        heading,
        date: date.to_string(),
        previous: format!("/indeks?tanggal={previous_day}"),
        next: (next_day <= today).then(|| format!("/indeks?tanggal={next_day}")),
        cards: Card::all(&app, &found, now),
        notice,
    };
    let mut response = render(&app, "reader/archive.html", &view)?;
    if refused {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(response)
}
