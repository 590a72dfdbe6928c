//! Webhooks: what happened to an article, told to the addresses admins
//! subscribed, signed so that a receiver knows it came from here; and the
//! admins' actions on subscriptions.
//!
//! An event is queued in the database (`Store::queue_event`) right after
//! the write that makes it happen commits, so it outlives a restart (a
//! crash between the two loses it); the delivery job
//! (`jobs::webhooks`) sends what is due, from whichever node claims it.
//! Each request is a POST of JSON with these headers:
//!
//! - `Warta-Event`: the event's name;
//! - `Warta-Delivery`: the delivery's number (the same on a retry, for the
//!   receiver to drop a repeat);
//! - `Warta-Signature: t=UNIX_SECONDS,v1=HEX`: HMAC-SHA256, keyed with the
//!   subscription's secret, of the seconds, a dot and the body. A receiver
//!   checks the HMAC and refuses a `t` more than five minutes old, so a
//!   captured request cannot be replayed later.
//!
//! Imports (`warta import`) send no events: an archive of a million
//! articles moving in is not news.

use super::people::require_admin;
use super::view::article_json;
use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::secrets::random_secret;
use chrono::{DateTime, Utc};
use serde_json::json;
use warta_core::Article;
use warta_store::{StoreError, User, Webhook};

/// An article went live (published now, or its scheduled time came).
pub const PUBLISHED: &str = "article.published";
/// A live article's content changed.
pub const UPDATED: &str = "article.updated";
/// A live article was taken down (by hand or at its set time).
pub const UNPUBLISHED: &str = "article.unpublished";
/// A live article was marked as breaking news (the banner on every page).
pub const BREAKING: &str = "breaking";
/// A test delivery, asked for from the newsroom or the API.
pub const PING: &str = "ping";

/// The events a subscription can ask for.
pub const EVENTS: &[&str] = &[PUBLISHED, UPDATED, UNPUBLISHED, BREAKING];

/// Longest webhook address accepted.
const MAX_URL: usize = 2_000;

/// What a write did to an article, as readers see it: `None` when they
/// see no difference (a draft saved, a schedule set).
pub fn event_of(before: &Article, after: &Article, now: DateTime<Utc>) -> Option<&'static str> {
    match (before.is_live(now), after.is_live(now)) {
        (false, true) => Some(PUBLISHED),
        (true, false) => Some(UNPUBLISHED),
        (true, true) => Some(UPDATED),
        (false, false) => None,
    }
}

/// After a write to the article that was `before`: queues the event
/// readers would notice, if any.
pub async fn article_written(app: &App, before: &Article) {
    match app.store.article(before.id).await {
        Ok(after) => {
            if let Some(event) = event_of(before, &after, app.now()) {
                queue(app, event, &after).await;
            }
        }
        Err(error) => tracing::error!(
            error = %error,
            article = before.id.0,
            "cannot read the article for its webhook event"
        ),
    }
}

/// Queues `event` about `article` for every subscription that wants it.
/// A failure is logged, never the writer's: the write itself stands.
pub async fn queue(app: &App, event: &'static str, article: &Article) {
    let now = app.now();
    let payload = json!({
        "event": event,
        "occurred_at": now,
        "article": article_json(app, article),
    })
    .to_string();
    match app
        .store
        .queue_event(event, Some(article.id), &payload, None, now)
        .await
    {
        Ok(0) => {}
        Ok(queued) => {
            tracing::info!(
                event,
                article = article.id.0,
                queued,
                "webhook event queued"
            );
        }
        Err(error) => tracing::error!(
            error = %error,
            event,
            article = article.id.0,
            "webhook event not queued"
        ),
    }
}

/// The `Warta-Signature` header of `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let mut context = ring::hmac::Context::with_key(&key);
    context.update(timestamp.to_string().as_bytes());
    context.update(b".");
    context.update(body.as_bytes());
    let hex: String = context
        .sign()
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("t={timestamp},v1={hex}")
}

/// Checks an address and the events asked for.
fn checked(url: &str, events: &[String]) -> Result<(String, Vec<&'static str>), AppError> {
    let url = url.trim();
    let parsed = url::Url::parse(url).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host().is_some() && url.len() <= MAX_URL
    });
    if parsed.is_none() {
        return Err(AppError::Invalid(Message::WebhookUrl(
            url.chars().take(100).collect(),
        )));
    }
    let mut chosen = Vec::new();
    for event in events {
        let known = EVENTS
            .iter()
            .find(|known| **known == event.trim())
            .ok_or_else(|| {
                AppError::Invalid(Message::WebhookEvents(event.chars().take(100).collect()))
            })?;
        if !chosen.contains(known) {
            chosen.push(*known);
        }
    }
    if chosen.is_empty() {
        return Err(AppError::Invalid(Message::WebhookEvents(String::new())));
    }
    Ok((url.to_owned(), chosen))
}

/// Subscribes `url` to `events`; returns the new subscription, whose
/// secret is shown to the admin this once.
pub async fn subscribe(
    app: &App,
    user: &User,
    url: &str,
    events: &[String],
) -> Result<Webhook, AppError> {
    require_admin(user)?;
    let (url, events) = checked(url, events)?;
    let secret = format!("whsec_{}", random_secret());
    let id = app
        .store
        .add_webhook(&url, &secret, &events, app.now())
        .await?;
    tracing::info!(webhook = id, url, by = user.id.0, "webhook subscribed");
    Ok(app.store.webhook(id).await?)
}

/// One subscription, for an admin.
pub async fn webhook(app: &App, user: &User, id: i64) -> Result<Webhook, AppError> {
    require_admin(user)?;
    app.store.webhook(id).await.map_err(not_found)
}

/// Starts or stops deliveries to a subscription.
pub async fn set_active(app: &App, user: &User, id: i64, active: bool) -> Result<(), AppError> {
    require_admin(user)?;
    app.store
        .set_webhook_active(id, active, app.now())
        .await
        .map_err(not_found)?;
    tracing::info!(webhook = id, active, by = user.id.0, "webhook switched");
    Ok(())
}

/// Removes a subscription and its delivery log.
pub async fn remove(app: &App, user: &User, id: i64) -> Result<(), AppError> {
    require_admin(user)?;
    app.store.delete_webhook(id).await.map_err(not_found)?;
    tracing::info!(webhook = id, by = user.id.0, "webhook removed");
    Ok(())
}

/// Queues a test delivery (`ping`) to one subscription, active or not.
pub async fn test(app: &App, user: &User, id: i64) -> Result<(), AppError> {
    require_admin(user)?;
    let now = app.now();
    let payload = json!({ "event": PING, "occurred_at": now, "webhook_id": id }).to_string();
    app.store
        .queue_event(PING, None, &payload, Some(id), now)
        .await
        .map_err(not_found)?;
    Ok(())
}

fn not_found(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound(_) => AppError::NotFound,
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_of_key_time_or_body_changes_the_signature() {
        let base = signature("rahasia", 1_733_390_000, "{\"a\":1}");
        assert!(base.starts_with("t=1733390000,v1="));
        assert_eq!(base.len(), "t=1733390000,v1=".len() + 64);
        assert_eq!(base, signature("rahasia", 1_733_390_000, "{\"a\":1}"));
        assert_ne!(base, signature("rahasiA", 1_733_390_000, "{\"a\":1}"));
        assert_ne!(base, signature("rahasia", 1_733_390_001, "{\"a\":1}"));
        assert_ne!(base, signature("rahasia", 1_733_390_000, "{\"a\":2}"));
    }

    #[test]
    fn the_signature_matches_a_known_hmac() {
        // The message is "1.The quick brown fox...": the time, a dot, the
        // body. Its HMAC below was computed apart, with Python's `hmac`
        // module, as a receiver in Python would.
        let signed = signature("key", 1, "The quick brown fox jumps over the lazy dog");
        assert_eq!(
            signed,
            "t=1,v1=3ff4d3cc115b639a16dc5b217aa5c89be41d1e4b54efc356d63d0cd2a65b30f1"
        );
    }

    #[test]
    fn addresses_and_events_are_checked() {
        let events = |list: &[&str]| list.iter().map(|e| e.to_string()).collect::<Vec<_>>();
        let (url, chosen) = checked(
            " https://apps.example.net/hook ",
            &events(&[PUBLISHED, PUBLISHED, UPDATED]),
        )
        .unwrap();
        assert_eq!(url, "https://apps.example.net/hook");
        assert_eq!(chosen, [PUBLISHED, UPDATED]);
        for bad in [
            "",
            "apps.example.net/hook",
            "ftp://x.net/",
            "javascript:alert(1)",
        ] {
            assert!(checked(bad, &events(&[PUBLISHED])).is_err(), "{bad}");
        }
        assert!(checked("http://127.0.0.1:9/", &events(&[])).is_err());
        assert!(checked("http://127.0.0.1:9/", &events(&["article.deleted"])).is_err());
    }
}
