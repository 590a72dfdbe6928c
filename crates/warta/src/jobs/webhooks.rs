//! Sending webhook deliveries: every second, the due ones this node can
//! claim are POSTed at once, each attempt logged; a failure is tried again
//! later, each wait twice the one before, until the attempts run out.
//! Several nodes share the queue through their claims
//! (`Store::claim_deliveries`), so each delivery is sent by one of them.

use super::Jobs;
use crate::newsroom::actions::webhooks::signature;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use warta_store::{Attempt, ClaimedDelivery};

/// How often due deliveries are looked for.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Deliveries sent at once by one node.
const BATCH: i64 = 16;

/// The longest wait between two attempts.
const LONGEST_WAIT: Duration = Duration::from_secs(6 * 3600);

/// How long the log of a finished delivery is kept.
pub const KEPT_DAYS: i64 = 30;

/// The HTTP client deliveries are sent with: no redirects followed (a
/// receiver that moved says so with a failed attempt in the log), the
/// configured timeout.
pub fn client(timeout: Duration) -> reqwest::Client {
    // TLS by ring, as for the media bucket; an Err only says a provider
    // was installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent(concat!("Warta-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

impl Jobs {
    /// Sends the due deliveries this node claims; returns how many were
    /// attempted.
    pub async fn deliver_webhooks(&self) -> anyhow::Result<usize> {
        let app = &self.app;
        let settings = app.config.webhooks;
        let now = app.now();
        // The claim outlives the longest send, so no other node takes the
        // delivery while this one still waits for its answer.
        let hold = chrono::Duration::from_std(settings.timeout * 2 + Duration::from_secs(30))?;
        let claimed = app.store.claim_deliveries(now, now + hold, BATCH).await?;
        let count = claimed.len();
        let mut sends = tokio::task::JoinSet::new();
        for delivery in claimed {
            let client = self.webhook_client.clone();
            sends.spawn(async move {
                let attempt = send(&client, &delivery).await;
                (delivery, attempt)
            });
        }
        while let Some(sent) = sends.join_next().await {
            let (claimed, attempt) = sent?;
            let made = claimed.delivery.attempts + 1;
            let retry_at = (made < i64::from(settings.attempts)).then(|| {
                let wait = settings
                    .first_retry
                    .saturating_mul(2u32.saturating_pow((made - 1) as u32))
                    .min(LONGEST_WAIT);
                attempt.at + chrono::Duration::from_std(wait).unwrap_or_default()
            });
            // One delivery that cannot be recorded (its subscription
            // deleted while it was sent) leaves the others' to record.
            let state = match app
                .store
                .record_attempt(claimed.delivery.id, &attempt, retry_at)
                .await
            {
                Ok(state) => state,
                Err(warta_store::StoreError::NotFound(_)) => continue,
                Err(error) => {
                    tracing::error!(error = %error, delivery = claimed.delivery.id, "webhook attempt not recorded");
                    continue;
                }
            };
            tracing::info!(
                delivery = claimed.delivery.id,
                webhook = claimed.delivery.webhook_id,
                event = claimed.delivery.event,
                status = attempt.status,
                error = attempt.error,
                state = state.as_str(),
                "webhook delivery attempted"
            );
        }
        Ok(count)
    }

    pub(super) async fn webhooks_loop(
        self: std::sync::Arc<Self>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(error) = self.deliver_webhooks().await {
                        tracing::error!(error = format!("{error:#}"), "webhook deliveries failed");
                    }
                }
                _ = shutdown.changed() => break,
            }
        }
    }
}

/// One attempt: the POST and what came of it.
async fn send(client: &reqwest::Client, claimed: &ClaimedDelivery) -> Attempt {
    let delivery = &claimed.delivery;
    let at = chrono::Utc::now();
    let started = Instant::now();
    let answer = client
        .post(&claimed.url)
        .header("content-type", "application/json")
        .header("warta-event", &delivery.event)
        .header("warta-delivery", delivery.id.to_string())
        .header(
            "warta-signature",
            signature(&claimed.secret, at.timestamp(), &delivery.payload),
        )
        .body(delivery.payload.clone())
        .send()
        .await;
    let took_ms = started.elapsed().as_millis() as i64;
    match answer {
        Ok(response) => {
            let status = response.status();
            Attempt {
                at,
                status: Some(i64::from(status.as_u16())),
                // The reason phrase only: the log shows the code beside it.
                error: match status.canonical_reason() {
                    _ if status.is_success() => String::new(),
                    Some(reason) => reason.to_owned(),
                    None => format!("HTTP {}", status.as_u16()),
                },
                took_ms,
            }
        }
        Err(error) => Attempt {
            at,
            status: None,
            error: failure(&error),
            took_ms,
        },
    }
}

/// A failed request in a line an admin understands.
fn failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "no answer in time".into();
    }
    if error.is_connect() {
        let mut cause: Option<&dyn std::error::Error> = Some(error);
        while let Some(inner) = cause {
            if let Some(io) = inner.downcast_ref::<std::io::Error>() {
                return format!("cannot connect: {io}");
            }
            cause = inner.source();
        }
        return "cannot connect".into();
    }
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        text = format!("{text}: {inner}");
        cause = inner.source();
    }
    text.chars().take(300).collect()
}
