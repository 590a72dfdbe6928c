//! `warta migrate --to postgres://...`: moving a site up from SQLite to
//! PostgreSQL. Copies every table (articles, revisions, users, sessions,
//! tokens, picks, views, media references), checks the counts, and may be
//! run again: rows already copied are replaced, never doubled. Uploaded
//! files stay in the data folder (or go to object storage by their own
//! means); the search and relatedness indexes are derived data that every
//! node builds from the new database.

use super::CommonArgs;
use crate::config::redact;
use anyhow::Context;
use clap::Args;
use std::time::Instant;
use warta_store::{CopyMode, Store};

/// `warta migrate --to URL [--data DIR | --database URL]`
#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The PostgreSQL database to copy the site into (postgres://...).
    #[arg(long, value_name = "URL")]
    to: String,
}

pub(super) async fn run(args: MigrateArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    if !args.to.starts_with("postgres://") && !args.to.starts_with("postgresql://") {
        anyhow::bail!("--to must be a PostgreSQL URL (postgres://...)");
    }
    let source = Store::connect(config.database_url.expose())
        .await
        .with_context(|| format!("cannot open {}", config.database_url))?;
    let target = Store::connect(&args.to)
        .await
        .with_context(|| format!("cannot open {}", redact(&args.to)))?;
    let started = Instant::now();
    let report = source
        .copy_to(&target, CopyMode::Merge)
        .await
        .context("the copy stopped; it is safe to run it again")?;
    for table in &report {
        println!(
            "{:<18} {:>9} rows in the source, {:>9} in the target",
            table.table, table.source_rows, table.target_rows
        );
    }
    target
        .settle_after_copy()
        .await
        .context("the copy is whole, but vacuuming it failed: run VACUUM (ANALYZE) on it")?;
    println!(
        "Copied into {} in {:.1} s. Start the servers with --database pointing there.",
        redact(&args.to),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
