//! `warta import`: JSON Lines files or WordPress exports into the site, with
//! a progress bar on a terminal and a summary at the end.

use super::CommonArgs;
use crate::import::{
    ImportSummary, Indexing, Options, Progress, Resume, Run, Uploads, import_file, import_wordpress,
};
use crate::media::MediaFiles;
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::Instant;
use warta_core::Restriction;
use warta_store::Store;

/// `warta import [--data DIR] [--wordpress [--uploads DIR]] FILE...`
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The files are WordPress exports (WXR, from Tools > Export), not JSON
    /// Lines: posts and pages, categories, tags, authors, dates, status,
    /// slugs; old addresses redirect.
    #[arg(long)]
    wordpress: bool,
    /// With --wordpress: a copy of the site's `wp-content/uploads` folder;
    /// featured images are then copied into the media library (else they
    /// keep their old URLs).
    #[arg(long, value_name = "DIR", requires = "wordpress")]
    uploads: Option<PathBuf>,
    /// With --wordpress: import every item even if an earlier run of the
    /// same file stopped before the end (by default it goes on from there).
    #[arg(long, requires = "wordpress")]
    from_start: bool,
    /// Say what the import would add, update, keep (changed in Warta since
    /// the last import) and take down (no longer public at the source),
    /// storing nothing.
    #[arg(long)]
    dry_run: bool,
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

    fn warned(&self, line: usize, message: &str) {
        self.bar
            .suspend(|| eprintln!("{}:{line}: {message}", self.name));
    }

    fn resumed(&self, after: usize) {
        self.bar.suspend(|| {
            eprintln!(
                "{}: an earlier import of this file stopped after item {after}: going on from item {} (--from-start imports every item again)",
                self.name,
                after + 1
            )
        });
    }
}

pub(super) async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    if config.database_url.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data folder {}", config.data_dir.display()))?;
    }
    let store = Store::connect_for_bulk_writes(config.database_url.expose())
        .await
        .context("cannot open the database")?;
    let media = match &args.uploads {
        Some(folder) => {
            anyhow::ensure!(
                folder.is_dir(),
                "--uploads {}: not a folder",
                folder.display()
            );
            let media = MediaFiles::open(&config.media)?;
            media.check().await?;
            Some(media)
        }
        None => None,
    };
    let run = if args.dry_run { Run::DryRun } else { Run::Save };
    // Into a new site on this machine, the search index is built as the
    // articles are saved (on PostgreSQL each node builds its own).
    let indexing = if run == Run::Save && config.database_url.is_sqlite() {
        let memory = if args.wordpress {
            crate::import::indexing::BOUNDED_MEMORY
        } else {
            warta_search::WRITER_MEMORY
        };
        Indexing::start(&store, &config.data_dir.join("search"), memory).await?
    } else {
        None
    };
    let options = Options {
        run,
        resume: if args.from_start {
            Resume::FromStart
        } else {
            Resume::WhereItStopped
        },
        index: indexing.as_ref(),
    };
    let mut total = ImportSummary::default();
    let started = Instant::now();
    let mut damaged = None;
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
            let uploads = args
                .uploads
                .as_deref()
                .zip(media.as_ref())
                .map(|(folder, media)| Uploads::new(folder, media, &config));
            import_wordpress(&store, path, uploads, &progress, options).await?
        } else {
            import_file(&store, path, &progress, options).await?
        };
        progress.bar.finish_and_clear();
        report(&name, &summary, file_started, run);
        if let Some(damage) = &summary.damaged {
            // What came before the damage is stored and was reported (and
            // goes into the index); the import as a whole did not succeed,
            // and says so by its exit.
            damaged = Some(format!("{name}: the file breaks off: {damage}"));
            break;
        }
        total.created += summary.created;
        total.created_restricted += summary.created_restricted;
        total.updated += summary.updated;
        total.kept.extend(summary.kept);
        total.taken_down.extend(summary.taken_down);
        total.not_imported += summary.not_imported;
        total.skipped += summary.skipped;
        total.images += summary.images;
        total.comments += summary.comments;
        total.pictures_missing += summary.pictures_missing;
        for (kind, n) in summary.not_articles {
            *total.not_articles.entry(kind).or_default() += n;
        }
    }
    if args.files.len() > 1 && damaged.is_none() {
        report("total", &total, started, run);
    }
    if let Some(indexing) = indexing {
        let indexed = Instant::now();
        eprintln!("Committing the search index built beside the import...");
        let held = indexing.finish(&store).await.context(
            "the search index was not built (the articles are saved; the server builds it when it starts)",
        )?;
        println!(
            "Search index: {held} articles, built beside the import ({:.1} s to commit it)",
            indexed.elapsed().as_secs_f64()
        );
    }
    if let Some(damaged) = damaged {
        anyhow::bail!(damaged);
    }
    store
        .analyze()
        .await
        .context("cannot update the database statistics")?;
    store.close().await;
    Ok(())
}

/// The summary: the articles kept and taken down, one line each, then
/// `NAME: N new, N updated, N kept, N taken down, N skipped[...] in S s`
/// (with --dry-run, what would be: nothing was stored).
fn report(name: &str, summary: &ImportSummary, started: Instant, run: Run) {
    let would = if run == Run::DryRun { "would be " } else { "" };
    for kept in &summary.kept {
        println!(
            "{name}: {}: {:?} changed in Warta since the last import: {would}kept as it is",
            kept.external_id, kept.title
        );
    }
    for down in &summary.taken_down {
        let why = match down.restriction {
            Some(Restriction::Private) => "private at the source",
            Some(Restriction::Password) => "behind a password at the source",
            Some(Restriction::Trashed) => "in the trash at the source",
            None => "not public at the source",
        };
        println!(
            "{name}: {}: {:?} {why}: {would}taken down",
            down.external_id, down.title
        );
    }
    let restricted = match summary.created_restricted {
        0 => String::new(),
        n => format!(" ({n} not public: private or behind a password at the source)"),
    };
    let not_imported = match summary.not_imported {
        0 => String::new(),
        n => format!(", {n} in the trash not imported"),
    };
    let not_articles: usize = summary.not_articles.values().sum();
    let not_articles = match not_articles {
        0 => String::new(),
        n => format!(
            ", {n} not articles not imported ({})",
            summary
                .not_articles
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let comments = match summary.comments {
        0 => String::new(),
        1 => ", 1 comment not imported".to_owned(),
        n => format!(", {n} comments not imported"),
    };
    let missing = match summary.pictures_missing {
        0 => String::new(),
        1 => ", 1 picture in a body not in the uploads folder (old address kept)".to_owned(),
        n => format!(", {n} pictures in bodies not in the uploads folder (old addresses kept)"),
    };
    let images = match summary.images {
        0 => String::new(),
        1 => ", 1 image into the library".to_owned(),
        n => format!(", {n} images into the library"),
    };
    let resumed = match summary.resumed_after {
        Some(after) => format!(" (going on after item {after}, where an earlier run stopped)"),
        None => String::new(),
    };
    let dry = if run == Run::DryRun {
        " (dry run: nothing stored)"
    } else {
        ""
    };
    println!(
        "{name}: {} new{restricted}, {} updated, {} kept, {} taken down, {} skipped\
         {not_imported}{not_articles}{comments}{images}{missing} in {:.1} s{resumed}{dry}",
        summary.created,
        summary.updated,
        summary.kept.len(),
        summary.taken_down.len(),
        summary.skipped,
        started.elapsed().as_secs_f64()
    );
}
