//! `warta serve`: the portal on one machine.

use super::CommonArgs;
use crate::app::App;
use crate::jobs::Jobs;
use crate::server::{serve, shutdown_signal};
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;

/// `warta serve [--data DIR] [--listen ADDR] [--config FILE] [--demo]`
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
}

pub(super) async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let shutdown = shutdown_signal().context("cannot install signal handlers")?;
    let config = args.common.config(args.listen)?;
    let listen = config.listen;
    let app = App::new(config).await?;
    let jobs = Jobs::start(app.clone()).await?;
    if args.demo && crate::demo::fill_if_empty(&app.store, app.now()).await? {
        println!("Demo content added.");
        jobs.refresh_related().await?;
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
