//! Serving HTTP: binds the router to a listener, runs the background jobs
//! beside it, and shuts both down gracefully, writing the last counted views.

use crate::jobs::Jobs;
use crate::routes::router;
use axum::serve::ListenerExt;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Serves the application of `jobs` on `listener` until `shutdown`
/// completes, then finishes the requests in flight, stops the jobs and
/// writes every view counted.
pub async fn serve(
    jobs: Arc<Jobs>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
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
    let service = router(app.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;
    let _ = stop_jobs.send(true);
    let _ = running.await;
    jobs.finish().await?;
    app.store.close().await;
    Ok(())
}

/// A future that completes on Ctrl-C or SIGTERM. The handlers are installed
/// when this is called, not when the future is first polled, so a signal
/// that arrives while the server is still starting is not lost (nor does it
/// kill the process before the last views are written).
pub fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        tracing::info!("shutting down");
    })
}
