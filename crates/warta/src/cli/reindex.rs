//! `warta reindex`: rebuilds the search index from the database (it is
//! derived data), from nothing, whatever state the old one is in. Run it
//! with the server stopped: a serving process holds the index and keeps it
//! up to date by itself. The new index is built beside the old one
//! (`search.building`) and takes its place only when whole, so a reindex
//! killed midway leaves the old index as it was (and its partial files are
//! removed by the next one).

use super::CommonArgs;
use crate::import::indexing::build_whole;
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
    let dir = config.data_dir.join("search");
    let building = config.data_dir.join("search.building");
    let handle = tokio::runtime::Handle::current();
    let reading = store.clone();
    let count = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        anyhow::ensure!(
            !SearchIndex::in_use(&dir),
            "the search index {} is in use: stop `warta serve` first (a serving process \
             keeps its index up to date by itself)",
            dir.display()
        );
        if building.exists() {
            std::fs::remove_dir_all(&building)
                .with_context(|| format!("cannot remove {}", building.display()))?;
        }
        let (index, _) =
            SearchIndex::open(&building).context("cannot create the new search index")?;
        let count = build_whole(&index, &reading, &handle, now)?;
        drop(index);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove the old index {}", dir.display()))?;
        }
        std::fs::rename(&building, &dir)
            .with_context(|| format!("cannot move the new index to {}", dir.display()))?;
        Ok(count)
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
