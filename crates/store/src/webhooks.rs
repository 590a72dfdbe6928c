//! Webhooks: subscriptions, and the durable queue of their deliveries.
//!
//! An event is stored as one delivery per subscription that wants it, in
//! the database every node shares. A node takes due deliveries by claiming
//! them for a while (`claimed_until`) in one statement that checks the
//! claim is still free, so of several nodes one sends each delivery; a node
//! that dies mid-send leaves the claim to run out, and another sends again
//! (at least once, as receivers of webhooks expect: the delivery's id is
//! in its headers for them to drop a repeat).

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use warta_core::ArticleId;

/// An address subscribed to events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    /// Its number.
    pub id: i64,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The key deliveries are signed with.
    pub secret: String,
    /// The events it wants, by name.
    pub events: Vec<String>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Whether deliveries are made to it now.
    pub active: bool,
}

impl Webhook {
    /// Whether it wants `event`.
    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event)
    }
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; no more are made.
    Failed,
}

impl DeliveryState {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<DeliveryState, StoreError> {
        Ok(match text {
            "pending" => DeliveryState::Pending,
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            other => return Err(StoreError::Corrupt(format!("delivery state {other}"))),
        })
    }
}

/// One event for one subscription.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// Its number (sent with it, for the receiver to drop a repeat).
    pub id: i64,
    /// The subscription.
    pub webhook_id: i64,
    /// The event's name.
    pub event: String,
    /// The article it is about, if any.
    pub article_id: Option<ArticleId>,
    /// The body sent.
    pub payload: String,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt is due (pending ones).
    pub next_attempt_at: DateTime<Utc>,
    /// When it was delivered or given up.
    pub finished_at: Option<DateTime<Utc>>,
}

/// One attempt at a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; `None` when it never answered.
    pub status: Option<i64>,
    /// What went wrong, in a line; empty on success.
    pub error: String,
    /// How long it took, in milliseconds.
    pub took_ms: i64,
}

/// A delivery a node claimed, with where and how to send it.
#[derive(Clone, Debug)]
pub struct ClaimedDelivery {
    /// The delivery.
    pub delivery: Delivery,
    /// The subscription's address.
    pub url: String,
    /// The subscription's secret.
    pub secret: String,
}

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.event, d.article_id, d.payload, \
     d.created_at, d.state, d.attempts, d.next_attempt_at, d.finished_at";

fn webhook_from_row(row: &AnyRow) -> Result<Webhook, StoreError> {
    let events: String = row.try_get("events")?;
    Ok(Webhook {
        id: row.try_get("id")?,
        url: row.try_get("url")?,
        secret: row.try_get("secret")?,
        events: events.split_whitespace().map(str::to_owned).collect(),
        created_at: time(row.try_get("created_at")?),
        active: row.try_get::<Option<i64>, _>("disabled_at")?.is_none(),
    })
}

fn delivery_from_row(row: &AnyRow) -> Result<Delivery, StoreError> {
    Ok(Delivery {
        id: row.try_get("id")?,
        webhook_id: row.try_get("webhook_id")?,
        event: row.try_get("event")?,
        article_id: row.try_get::<Option<i64>, _>("article_id")?.map(ArticleId),
        payload: row.try_get("payload")?,
        created_at: time(row.try_get("created_at")?),
        state: DeliveryState::parse(&row.try_get::<String, _>("state")?)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: time(row.try_get("next_attempt_at")?),
        finished_at: row.try_get::<Option<i64>, _>("finished_at")?.map(time),
    })
}

impl Store {
    /// Every subscription, oldest first.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows = sqlx::query("SELECT * FROM webhooks ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(webhook_from_row).collect()
    }

    /// One subscription.
    pub async fn webhook(&self, id: i64) -> Result<Webhook, StoreError> {
        let row = sqlx::query("SELECT * FROM webhooks WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("webhook"))?;
        webhook_from_row(&row)
    }

    /// Subscribes `url` to `events`; returns its number.
    pub async fn add_webhook(
        &self,
        url: &str,
        secret: &str,
        events: &[&str],
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO webhooks (url, secret, events, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(url)
        .bind(secret)
        .bind(events.join(" "))
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Starts or stops deliveries to a subscription. Stopping it fails
    /// what waits for it; starting it again sends only later events.
    pub async fn set_webhook_active(
        &self,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE webhooks SET disabled_at = CASE WHEN $1 = 1 THEN NULL \
             ELSE COALESCE(disabled_at, $2) END WHERE id = $3",
        )
        .bind(i64::from(active))
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound("webhook"));
        }
        if !active {
            sqlx::query(
                "UPDATE webhook_deliveries SET state = 'failed', finished_at = $1 \
                 WHERE webhook_id = $2 AND state = 'pending'",
            )
            .bind(now.timestamp())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Removes a subscription with its deliveries and their log.
    pub async fn delete_webhook(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        // Not left to ON DELETE CASCADE: SQLite applies it only with
        // foreign keys switched on, which a copied database may not be.
        sqlx::query(
            "DELETE FROM webhook_attempts WHERE delivery_id IN \
             (SELECT id FROM webhook_deliveries WHERE webhook_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let gone = sqlx::query("DELETE FROM webhooks WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone == 0 {
            return Err(StoreError::NotFound("webhook"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Queues `event` for every active subscription that wants it (or for
    /// subscription `only`, active or not: a test delivery). Returns how
    /// many deliveries were queued.
    pub async fn queue_event(
        &self,
        event: &str,
        article: Option<ArticleId>,
        payload: &str,
        only: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let targets: Vec<i64> = match only {
            Some(id) => vec![self.webhook(id).await?.id],
            None => self
                .webhooks()
                .await?
                .into_iter()
                .filter(|w| w.active && w.wants(event))
                .map(|w| w.id)
                .collect(),
        };
        if targets.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        for webhook in &targets {
            sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, event, article_id, payload, \
                 created_at, state, attempts, next_attempt_at, claimed_until) \
                 VALUES ($1, $2, $3, $4, $5, 'pending', 0, $5, 0)",
            )
            .bind(webhook)
            .bind(event)
            .bind(article.map(|a| a.0))
            .bind(payload)
            .bind(now.timestamp())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(targets.len())
    }

    /// Claims up to `limit` due deliveries for this node until `until`,
    /// oldest first. A delivery another node claimed and has not let go
    /// of is not taken: the claim is checked again in the statement that
    /// makes it.
    pub async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        let now = now.timestamp();
        // Every node asks every second: a read finds that nothing is due
        // (the usual answer) without taking SQLite's write lock.
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM webhook_deliveries WHERE state = 'pending' \
             AND next_attempt_at <= $1 AND claimed_until <= $1 LIMIT 1",
        )
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        // On PostgreSQL two nodes claiming at once would pick the same
        // rows and the second, re-checking them, take none: each skips
        // what the other has locked. SQLite runs one writer at a time.
        let skip_locked = match self.backend {
            crate::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            crate::Backend::Sqlite => "",
        };
        let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "UPDATE webhook_deliveries SET claimed_until = $1 \
             WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' \
                 AND next_attempt_at <= $2 AND claimed_until <= $2 ORDER BY id {}{skip_locked}) \
             AND state = 'pending' AND claimed_until <= $2 RETURNING id",
            crate::rows::limit_to(limit)
        )))
        .bind(until.timestamp())
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {DELIVERY_COLUMNS}, w.url, w.secret FROM webhook_deliveries d \
                 JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1"
            )))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = row {
                claimed.push(ClaimedDelivery {
                    delivery: delivery_from_row(&row)?,
                    url: row.try_get("url")?,
                    secret: row.try_get("secret")?,
                });
            }
        }
        claimed.sort_by_key(|c| c.delivery.id);
        Ok(claimed)
    }

    /// Records an attempt at a claimed delivery and lets the claim go:
    /// delivered when `attempt.status` is 2xx, else due again at `retry_at`,
    /// or failed for good when that is `None`.
    pub async fn record_attempt(
        &self,
        delivery: i64,
        attempt: &Attempt,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<DeliveryState, StoreError> {
        let delivered = attempt.status.is_some_and(|s| (200..300).contains(&s));
        let state = match (delivered, retry_at) {
            (true, _) => DeliveryState::Delivered,
            (false, Some(_)) => DeliveryState::Pending,
            (false, None) => DeliveryState::Failed,
        };
        let at = attempt.at.timestamp();
        let mut tx = self.begin_write().await?;
        // Only a delivery still waiting takes the attempt: one whose
        // subscription was deleted meanwhile is gone, and one finished
        // (by a node whose claim had run out) stays as it ended.
        let updated = sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, state = $1, \
             next_attempt_at = $2, claimed_until = 0, \
             finished_at = CASE WHEN $1 = 'pending' THEN NULL ELSE $3 END \
             WHERE id = $4 AND state = 'pending'",
        )
        .bind(state.as_str())
        .bind(retry_at.map_or(at, |r| r.timestamp()))
        .bind(at)
        .bind(delivery)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("pending webhook delivery"));
        }
        sqlx::query(
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, took_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(delivery)
        .bind(at)
        .bind(attempt.status)
        .bind(&attempt.error)
        .bind(attempt.took_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(state)
    }

    /// A subscription's latest deliveries, newest first, each with its
    /// attempts in order.
    pub async fn deliveries(
        &self,
        webhook: i64,
        limit: i64,
    ) -> Result<Vec<(Delivery, Vec<Attempt>)>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d \
             WHERE d.webhook_id = $1 ORDER BY d.id DESC {}",
            crate::rows::limit_to(limit)
        )))
        .bind(webhook)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let delivery = delivery_from_row(row)?;
            let attempts = sqlx::query(
                "SELECT attempted_at, status, error, took_ms FROM webhook_attempts \
                 WHERE delivery_id = $1 ORDER BY id",
            )
            .bind(delivery.id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Attempt {
                    at: time(row.try_get("attempted_at")?),
                    status: row.try_get("status")?,
                    error: row.try_get("error")?,
                    took_ms: row.try_get("took_ms")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
            out.push((delivery, attempts));
        }
        Ok(out)
    }

    /// Forgets finished deliveries (and their attempts) older than
    /// `before`; returns how many.
    pub async fn prune_deliveries(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = before.timestamp();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM \
             webhook_deliveries WHERE state <> 'pending' AND finished_at < $1)",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?;
        let gone = sqlx::query(
            "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND finished_at < $1",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(gone)
    }
}
