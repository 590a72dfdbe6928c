//! Serving HTTP: binds the router to a listener, runs the background jobs
//! beside it, and shuts both down gracefully: a drain while load balancers
//! learn the node is going, the requests already received answered, the
//! last counted views written, all within one deadline.

use crate::jobs::Jobs;
use crate::reader::cache::CachedFirst;
use crate::routes::router;
use axum::ServiceExt;
use axum::serve::ListenerExt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::time::{Instant, sleep, timeout_at};

/// How long the background jobs get to end the round they are in.
const JOBS_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// How a stop asked to be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM, from a service manager or an orchestrator: drain first,
    /// for the load balancer in front.
    Drain,
    /// Ctrl-C, from someone at a terminal: no load balancer waits on it.
    Now,
}

/// Serves the application of `jobs` on `listener` until `shutdown`
/// completes. Then `/readyz` answers 503 at once while the node serves on
/// for the configured drain; then it stops accepting, answers the requests
/// already received, stops the jobs and writes every view counted (to the
/// data folder if the database cannot take them), all within the
/// configured deadline.
pub async fn serve(
    jobs: Arc<Jobs>,
    listener: TcpListener,
    shutdown: impl Future<Output = Stop> + Send + 'static,
) -> anyhow::Result<()> {
    let app = jobs.app().clone();
    let (stop_jobs, jobs_stopped) = watch::channel(false);
    let running = tokio::spawn(jobs.clone().run(jobs_stopped));
    // Without TCP_NODELAY small responses wait on Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(error = %error, "cannot set TCP_NODELAY");
        }
    });
    let (closed, door_closed) = oneshot::channel::<Instant>();
    let door = {
        let app = app.clone();
        async move {
            let stop = shutdown.await;
            app.health.start_draining();
            let drain = match stop {
                Stop::Drain => app.config.drain,
                Stop::Now => std::time::Duration::ZERO,
            };
            if !drain.is_zero() {
                tracing::info!(
                    drain_seconds = drain.as_secs_f64(),
                    "draining: /readyz answers 503, requests are still served"
                );
                sleep(drain).await;
            }
            tracing::info!("no longer accepting connections; answering those received");
            // Live readers' streams would hold the shutdown to its
            // deadline: they end now, and their browsers reconnect to
            // another node.
            app.live.close();
            let _ = closed.send(Instant::now() + app.config.shutdown_deadline);
        }
    };
    let service = CachedFirst::new(app.clone(), router(app.clone()))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, service)
        .with_graceful_shutdown(door)
        .into_future();
    tokio::pin!(server);
    // Requests that outlast the deadline are cut; the views still get
    // their own try below.
    let deadline = tokio::select! {
        served = &mut server => {
            served?;
            None
        }
        Ok(deadline) = door_closed => match timeout_at(deadline, &mut server).await {
            Ok(served) => {
                served?;
                Some(deadline)
            }
            Err(_) => {
                tracing::warn!("requests still open at the shutdown deadline were cut");
                Some(deadline)
            }
        },
    };
    let deadline = deadline.unwrap_or_else(|| Instant::now() + app.config.shutdown_deadline);
    let _ = stop_jobs.send(true);
    // A round of the jobs waits on the database; with the database gone
    // each query waits out the pool's timeout. They are idempotent and run
    // again at the next start, so a round still at work is cut short.
    let mut running = running;
    let jobs_deadline = deadline.min(Instant::now() + JOBS_GRACE);
    if timeout_at(jobs_deadline, &mut running).await.is_err() {
        running.abort();
        tracing::warn!(
            "background jobs still at work were stopped; they run again at the next start"
        );
    }
    // The views get a few seconds even when the jobs took the deadline:
    // a database that answers takes them in milliseconds, and one that
    // does not fails fast and they go to the data folder.
    let views_deadline = deadline.max(Instant::now() + std::time::Duration::from_secs(5));
    match timeout_at(views_deadline, jobs.finish()).await {
        Ok(finished) => finished?,
        Err(_) => anyhow::bail!("the last views could be neither written nor kept in time"),
    }
    app.store.close().await;
    Ok(())
}

/// A future that completes on SIGTERM (a drain) or Ctrl-C (at once). The
/// handlers are installed when this is called, not when the future is
/// first polled, so a signal that arrives while the server is still
/// starting is not lost (nor does it kill the process before the last
/// views are written).
pub fn shutdown_signal() -> anyhow::Result<impl Future<Output = Stop> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        let stop = tokio::select! {
            _ = terminate.recv() => Stop::Drain,
            _ = interrupt.recv() => Stop::Now,
        };
        tracing::info!(?stop, "shutting down");
        stop
    })
}
