//! `/langsung/{id}`: the stream of a live blog's new entries, as
//! server-sent events, for the pages readers have open. The page itself
//! stays in the page cache; this is the one request per reader that is
//! not. Each event is an entry rendered as the page shows it.

use crate::app::App;
use crate::error::AppError;
use crate::live::RenderedEntry;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use warta_core::ArticleId;

/// How often an idle stream says it is alive (proxies close silent ones).
const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// `?setelah=N`: the newest entry the page already shows.
#[derive(Debug, Default, Deserialize)]
pub struct After {
    #[serde(default)]
    setelah: i64,
}

/// Entries sent to a page that reconnects; one further behind reloads.
const CATCH_UP_LIMIT: i64 = 100;

/// The answer for a blog that ended (or an article taken down): one
/// `selesai` event, after which the page stops listening. A 204 would
/// stop a browser's own reconnecting too, but looks to the page's script
/// like a refusal, which it retries.
fn ended() -> Response {
    let done = Event::default().event("selesai").data("1");
    let mut response = Sse::new(stream::iter([Ok::<Event, Infallible>(done)])).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Tells the page to load itself again (and the stream ends).
fn reload() -> Event {
    Event::default().event("muat-ulang").data("1")
}

fn event(entry: &RenderedEntry) -> Event {
    Event::default()
        .event("entri")
        .id(entry.id.to_string())
        .data(json!({"id": entry.id, "html": entry.html, "embeds": entry.embeds}).to_string())
}

/// `GET /langsung/{id}`: entries after `setelah` (or the browser's
/// `Last-Event-ID` on a reconnect), then each new one as it is added.
/// A live blog that has ended answers one `selesai` event, after which
/// the page stops listening; a node at its limit answers 503.
pub async fn stream(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(after): Query<After>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let article = ArticleId(id);
    let live = app.store.article(article).await?.is_live(app.now());
    let running = app
        .store
        .live_blog(article)
        .await?
        .is_some_and(|blog| blog.running());
    if !live || !running {
        return Ok(ended());
    }
    let Some(subscription) = app
        .live
        .subscribe(&app.store, article, app.config.live_streams)
        .await?
    else {
        return Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, HeaderValue::from_static("30"))],
        )
            .into_response());
    };
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    let last = after.setelah.max(resumed);
    // Subscribed first, then read: an entry added in between comes twice
    // at most, and the second is skipped by its number. A page far behind
    // (opened hours ago, a phone asleep) is told to reload instead of
    // being sent the whole blog here.
    let missed = app
        .store
        .live_entries_up_to(article, last, CATCH_UP_LIMIT + 1)
        .await?;
    let (first, seen): (Vec<Event>, HashSet<i64>) = if missed.len() as i64 > CATCH_UP_LIMIT {
        (vec![reload()], HashSet::new())
    } else {
        let events = missed
            .iter()
            .map(|entry| event(&crate::live::entry_html(&app.config, entry)))
            .collect();
        (events, missed.iter().map(|e| e.id).collect())
    };
    let behind = missed.len() as i64 > CATCH_UP_LIMIT;
    // The subscription travels with the stream's state, so it is counted
    // open exactly as long as the reader is connected; without it (after
    // a reload was asked for) the stream ends.
    let new = stream::unfold(
        (Some(subscription).filter(|_| !behind), seen),
        |(subscription, seen)| async move {
            let mut subscription = subscription?;
            loop {
                match subscription.entries.recv().await {
                    Ok(entry) if seen.contains(&entry.id) => continue,
                    Ok(entry) => return Some((event(&entry), (Some(subscription), seen))),
                    // Too far behind: the page reloads its entries.
                    Err(RecvError::Lagged(_)) => return Some((reload(), (None, seen))),
                    // A node stopping ends its streams without a word (the
                    // browser reconnects, to another node); a blog that
                    // ended says so, and the page stops listening.
                    Err(RecvError::Closed) if subscription.node_stopping() => return None,
                    Err(RecvError::Closed) => {
                        let done = Event::default().event("selesai").data("1");
                        return Some((done, (None, seen)));
                    }
                }
            }
        },
    );
    let events = stream::iter(first).chain(new).map(Ok::<Event, Infallible>);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx in front would otherwise hold events in its buffer.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}
