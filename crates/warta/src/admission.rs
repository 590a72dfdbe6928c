//! Staying up under overload: a bound on the requests being worked on.
//!
//! Every request that needs work (a render, a search, a newsroom action;
//! not a page the cache answers) takes a permit first. When all are taken
//! it waits, briefly and in a bounded queue, for one to come free; beyond
//! that it is answered at once with 503 and `Retry-After`. So a load far
//! beyond what the machine sustains meets fast refusals instead of an
//! ever-growing queue whose every request times out, memory stays bounded
//! by the permits, and the requests admitted keep their latency.

use crate::config::AdmissionLimits;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a refused client is asked to wait, in seconds.
const RETRY_AFTER_SECONDS: u64 = 1;

/// The bound on work in flight, with its short queue.
#[derive(Debug)]
pub struct Admission {
    permits: Semaphore,
    in_flight_limit: usize,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
    refused: AtomicU64,
}

impl Admission {
    /// An admission bound with these limits.
    pub fn new(limits: AdmissionLimits) -> Admission {
        Admission {
            permits: Semaphore::new(limits.in_flight.max(1)),
            in_flight_limit: limits.in_flight.max(1),
            waiting: AtomicUsize::new(0),
            max_waiting: limits.waiting,
            max_wait: limits.max_wait,
            refused: AtomicU64::new(0),
        }
    }

    /// A permit to work, or `None` when the request should be refused.
    pub async fn admit(&self) -> Option<SemaphorePermit<'_>> {
        if let Ok(permit) = self.permits.try_acquire() {
            return Some(permit);
        }
        let permit = match Waiting::enter(self) {
            Some(_waiting) => tokio::time::timeout(self.max_wait, self.permits.acquire())
                .await
                .ok()
                .and_then(Result::ok),
            None => None,
        };
        if permit.is_none() {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        permit
    }

    /// Requests refused since start.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// Requests being worked on now.
    pub fn in_flight(&self) -> usize {
        self.in_flight_limit - self.permits.available_permits()
    }

    /// Requests waiting for a permit now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }
}

/// A place in the queue, given back when the wait ends however it ends
/// (the client may hang up while waiting).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(admission: &'a Admission) -> Option<Waiting<'a>> {
        let before = admission.waiting.fetch_add(1, Ordering::AcqRel);
        let waiting = Waiting(&admission.waiting);
        (before < admission.max_waiting).then_some(waiting)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Middleware: holds a permit while the request is worked on, or answers
/// 503 with `Retry-After` (JSON under `/api/`, a short page elsewhere; no
/// theme rendering, which would be work too).
pub async fn admit_work(
    State(admission): State<Arc<Admission>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Some(_permit) = admission.admit().await else {
        return overloaded(request.uri().path().starts_with("/api/"));
    };
    next.run(request).await
}

fn overloaded(api: bool) -> Response {
    let mut response = if api {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":{"code":"overloaded","message":"server busy, retry shortly"}}"#,
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><meta charset=utf-8><title>503</title>\
             <p>Server sedang sibuk. Muat ulang halaman sebentar lagi.</p>",
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(in_flight: usize, waiting: usize, wait_ms: u64) -> AdmissionLimits {
        AdmissionLimits {
            in_flight,
            waiting,
            max_wait: Duration::from_millis(wait_ms),
        }
    }

    #[tokio::test]
    async fn work_beyond_the_permits_waits_briefly_then_is_refused() {
        let admission = Admission::new(limits(2, 1, 50));
        let first = admission.admit().await.expect("a free permit");
        let _second = admission.admit().await.expect("a free permit");
        // The third waits, and gets the permit the first gives back.
        let (third, ()) = tokio::join!(admission.admit(), async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            drop(first);
        });
        assert!(
            third.is_some(),
            "a permit given back goes to the one waiting"
        );
        // Nothing comes free now: the wait ends in a refusal.
        let started = std::time::Instant::now();
        assert!(admission.admit().await.is_none());
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert_eq!(admission.refused(), 1);
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_a_hung_up_waiter_leaves_it() {
        let admission = Admission::new(limits(1, 1, 10_000));
        let _held = admission.admit().await.unwrap();
        // One waiter fills the queue; the next is refused without waiting.
        let mut waiter = Box::pin(admission.admit());
        assert!(
            tokio::time::timeout(Duration::from_millis(20), &mut waiter)
                .await
                .is_err(),
            "the waiter is still waiting"
        );
        let started = std::time::Instant::now();
        assert!(admission.admit().await.is_none());
        assert!(started.elapsed() < Duration::from_secs(1));
        // The waiter hangs up: its place is free again.
        drop(waiter);
        assert_eq!(admission.waiting.load(Ordering::Acquire), 0);
        let mut again = Box::pin(admission.admit());
        assert!(
            tokio::time::timeout(Duration::from_millis(20), &mut again)
                .await
                .is_err(),
            "a new waiter is queued, not refused"
        );
    }
}
