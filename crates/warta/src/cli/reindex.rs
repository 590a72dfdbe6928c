//! `warta reindex`: rebuilds the search index from the database (it is
//! derived data). Run it with the server stopped: a serving process holds
//! the index and keeps it up to date by itself.

use super::CommonArgs;
use crate::jobs::search::write_to_index;
use anyhow::Context;
use chrono::Utc;
use clap::Args;
use std::time::Instant;
use warta_search::SearchIndex;
use warta_store::Store;

/// `warta reindex [--data DIR]`
#[derive(Debug, Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    common: CommonArgs,
}

pub(super) async fn run(args: ReindexArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    let store = Store::connect(config.database_url.expose())
        .await
        .context("cannot open the database")?;
    let started = Instant::now();
    let now = Utc::now();
    let texts = store.live_texts(now).await?;
    let dir = config.data_dir.join("search");
    let count = texts.len();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let (index, _) = SearchIndex::open(&dir).context("cannot open the search index")?;
        write_to_index(&index, true, &texts, &[], now.timestamp())
    })
    .await
    .context("reindexing panicked")??;
    println!(
        "Search index rebuilt: {count} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(())
}
