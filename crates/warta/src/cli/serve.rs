//! `warta serve`: the portal on one machine.

use super::CommonArgs;
use crate::app::App;
use crate::config::Config;
use crate::jobs::Jobs;
use crate::server::{serve, shutdown_signal};
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// `warta serve [--data DIR] [--listen ADDR] [--config FILE] [--demo] [--drain SECONDS]`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "WARTA_LISTEN", value_name = "ADDR")]
    pub(super) listen: Option<SocketAddr>,
    /// Fill an empty site with demo content first (never touches a site that
    /// has articles).
    #[arg(long)]
    pub(super) demo: bool,
    /// After SIGTERM, serve on this long while /readyz answers 503, so the
    /// load balancer stops sending first; 0 for a node alone [default: 5,
    /// or `[server] drain_seconds`].
    #[arg(long, env = "WARTA_DRAIN_SECONDS", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=300))]
    pub(super) drain: Option<u64>,
}

/// The longest wait between two tries to reach a database at start.
const LONGEST_WAIT: Duration = Duration::from_secs(30);

pub(super) async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let shutdown = shutdown_signal().context("cannot install signal handlers")?;
    let mut config = args.common.config(args.listen)?;
    if let Some(seconds) = args.drain {
        config.drain = Duration::from_secs(seconds);
    }
    let listen = config.listen;
    let app = open_waiting_for_the_database(config).await?;
    let jobs = Jobs::start(app.clone()).await?;
    tokio::spawn(check_the_database(app.clone()));
    if args.demo && crate::demo::fill_if_empty(&app.store, app.now()).await? {
        println!("Demo content added.");
        jobs.refresh_related().await?;
        jobs.place_in_stories().await?;
        jobs.refresh_lists().await?;
    }
    if let Some((email, password)) = crate::newsroom::session::ensure_first_admin(&app).await? {
        println!("Newsroom login (shown once; change it under Akun): {email} / {password}");
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener.local_addr()?;
    // One write: whoever reads this line may stop reading after it.
    println!(
        "Newsroom: http://{address}/redaksi\nWarta is serving {} at http://{address} (data: {})",
        app.config.site_name,
        app.config.data_dir.display()
    );
    serve(jobs, listener, shutdown).await
}

/// Opens the application; a PostgreSQL server that cannot be reached yet
/// (starting, restarting, the network not up) is waited for, with the
/// reason logged and the wait doubling up to 30 s. Whatever waiting
/// cannot mend (a wrong password, a bad URL, a data folder that cannot be
/// written) ends the start at once with its cause.
async fn open_waiting_for_the_database(config: Config) -> anyhow::Result<Arc<App>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut wait = Duration::from_secs(1);
    loop {
        match App::new(config.clone()).await {
            Ok(app) => return Ok(app),
            Err(error) if !config.database_url.is_sqlite() && unreachable(&error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    retry_in_seconds = wait.as_secs(),
                    "the database cannot be reached; trying again"
                );
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = terminate.recv() => anyhow::bail!("stopped while waiting for the database"),
                    _ = interrupt.recv() => anyhow::bail!("stopped while waiting for the database"),
                }
                wait = (wait * 2).min(LONGEST_WAIT);
            }
            Err(error) => return Err(error),
        }
    }
}

/// Whether `error` says the database could not be reached (as opposed to
/// refusing us, or being wrong).
fn unreachable(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<warta_store::StoreError>())
        .any(warta_store::StoreError::is_unavailable)
}

/// Beside serving, once started: the statistics the query planner
/// chooses indexes by are refreshed if they are out of date (see
/// `Store::analyze_if_outdated`: an import leaves them fresh, a newsroom's
/// database grows; seconds at a million articles, so not before serving;
/// a full disk must not keep the site from serving either), then the
/// quick integrity check, at the lowest priority (it reads every page:
/// seconds of a core on a large file): damage goes to the log as an
/// error, to `/readyz` and to `/metrics`, for the operator to run `warta
/// check` and restore.
async fn check_the_database(app: Arc<App>) {
    if let Err(error) = app.store.analyze_if_outdated().await {
        tracing::warn!(
            error = format!("{error:#}"),
            "the database statistics were not updated"
        );
    }
    match app.store.check_integrity_beside_serving().await {
        Ok(warta_store::Integrity::Damaged(lines)) => {
            let finding = lines.join("; ");
            tracing::error!(damage = %finding, "the database is damaged: run `warta check`, then restore the last backup");
            app.health.database_damaged(finding);
        }
        Ok(warta_store::Integrity::Unfinished) => tracing::warn!(
            "the database integrity check stopped unfinished, the site busy for ten minutes: run `warta check` at a quiet hour"
        ),
        Ok(_) => {}
        Err(error) => {
            tracing::error!(
                error = format!("{error:#}"),
                "the database integrity check could not run"
            );
            app.health
                .database_damaged(format!("the integrity check could not run: {error}"));
        }
    }
}
