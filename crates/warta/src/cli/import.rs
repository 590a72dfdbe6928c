//! `warta import`: JSON Lines files into the site, with a progress bar on a
//! terminal and a summary at the end.

use super::CommonArgs;
use crate::import::{ImportSummary, Progress, import_file, import_wordpress};
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::Instant;
use warta_store::Store;

/// `warta import [--data DIR] [--wordpress] FILE...`
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The files are WordPress exports (WXR, from Tools > Export), not JSON
    /// Lines: posts and pages, categories, tags, authors, dates, status,
    /// slugs; old addresses redirect.
    #[arg(long)]
    wordpress: bool,
    /// JSON Lines files (.jsonl, or gzip-compressed .jsonl.gz), or with
    /// --wordpress, WordPress export files (.xml).
    #[arg(required = true, value_name = "FILE")]
    pub(super) files: Vec<PathBuf>,
}

struct Bar {
    bar: ProgressBar,
    name: String,
}

impl Progress for Bar {
    fn read(&self, bytes: u64) {
        self.bar.set_position(bytes);
    }

    fn skipped(&self, line: usize, reason: &str) {
        self.bar
            .suspend(|| eprintln!("{}:{line}: skipped: {reason}", self.name));
    }
}

pub(super) async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data folder {}", config.data_dir.display()))?;
    }
    let store = Store::connect(&config.database_url)
        .await
        .context("cannot open the database")?;
    let mut total = ImportSummary::default();
    let started = Instant::now();
    for path in &args.files {
        let size = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        // indicatif draws only when stderr is a terminal.
        let bar = ProgressBar::new(size);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        let name = path.display().to_string();
        bar.set_message(name.clone());
        let progress = Bar {
            bar,
            name: name.clone(),
        };
        let file_started = Instant::now();
        let summary = if args.wordpress {
            import_wordpress(&store, path, &progress).await?
        } else {
            import_file(&store, path, &progress).await?
        };
        progress.bar.finish_and_clear();
        report(&name, &summary, file_started);
        total.created += summary.created;
        total.updated += summary.updated;
        total.skipped.extend(summary.skipped);
    }
    if args.files.len() > 1 {
        report("total", &total, started);
    }
    store
        .analyze()
        .await
        .context("cannot update the database statistics")?;
    store.close().await;
    Ok(())
}

/// One summary line: `NAME: N new, N updated, N skipped in S s`.
fn report(name: &str, summary: &ImportSummary, started: Instant) {
    println!(
        "{name}: {} new, {} updated, {} skipped in {:.1} s",
        summary.created,
        summary.updated,
        summary.skipped.len(),
        started.elapsed().as_secs_f64()
    );
}
