//! Serving HTTP: binds the router to a listener, runs the background jobs
//! beside it, and shuts both down gracefully, writing the last counted views.

use crate::app::App;
use crate::routes::router;
use axum::serve::ListenerExt;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Serves `app` on `listener` until `shutdown` completes, then finishes the
/// requests in flight, stops the jobs and writes every view counted.
pub async fn serve(
    app: Arc<App>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_jobs, jobs_stopped) = watch::channel(false);
    let jobs = tokio::spawn(crate::jobs::run(app.clone(), jobs_stopped));
    // Without TCP_NODELAY small responses wait on Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(error = %error, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, router(app.clone()))
        .with_graceful_shutdown(shutdown)
        .await?;
    let _ = stop_jobs.send(true);
    let _ = jobs.await;
    let written = app.flush_views().await?;
    tracing::info!(views.buckets = written, "final page views written");
    app.store.close().await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
