//! `warta check`: is the site whole? The database's own integrity check,
//! the search index against the live articles, the media files against
//! the library. Prints what it found, one part a paragraph, and exits
//! non-zero when anything needs the operator: safe to run while serving
//! (it only reads) and from cron.

use super::CommonArgs;
use crate::media::MediaFiles;
use anyhow::Context;
use chrono::Utc;
use clap::Args;
use std::collections::BTreeSet;
use warta_core::Variant;
use warta_search::SearchIndex;
use warta_store::{Integrity, Store};

/// `warta check [--data DIR]`
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
}

/// How many numbers or names a finding lists before "and N more".
const SHOWN: usize = 10;

pub(super) async fn run(args: CheckArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    let store = Store::connect(config.database_url.expose())
        .await
        .with_context(|| format!("cannot open the database {}", config.database_url))?;
    let mut problems = 0;

    match store.check_integrity(false).await? {
        Integrity::Whole => println!("Database: whole (integrity check ok)."),
        Integrity::NotChecked => println!(
            "Database: PostgreSQL checks its own pages (data checksums, its log); nothing to check here."
        ),
        // Only the check beside serving stops early.
        Integrity::Unfinished => {
            problems += 1;
            println!("Database: the check stopped before it read every page.");
        }
        Integrity::Damaged(lines) => {
            problems += 1;
            println!(
                "Database: DAMAGED. Restore the last backup (`warta restore`); what SQLite says:"
            );
            for line in lines.iter().take(SHOWN) {
                println!("  {line}");
            }
            if lines.len() > SHOWN {
                println!("  and {} more", lines.len() - SHOWN);
            }
        }
    }

    let live: BTreeSet<i64> = store
        .live_article_ids(Utc::now())
        .await?
        .into_iter()
        .collect();
    let dir = config.data_dir.join("search");
    let indexed = tokio::task::spawn_blocking(move || SearchIndex::ids_in(&dir))
        .await
        .context("reading the search index panicked")?;
    match indexed {
        Ok(None) => {
            problems += 1;
            println!(
                "Search index: none yet. `warta serve` builds it by itself, or run `warta reindex`."
            );
        }
        Err(error) => {
            problems += 1;
            println!(
                "Search index: DAMAGED ({error}). `warta serve` sets it aside and builds it anew by itself, or run `warta reindex`."
            );
        }
        Ok(Some(ids)) => {
            let held: BTreeSet<i64> = ids.into_iter().collect();
            let missing: Vec<i64> = live.difference(&held).copied().collect();
            let extra: Vec<i64> = held.difference(&live).copied().collect();
            if missing.is_empty() && extra.is_empty() {
                println!(
                    "Search index: holds the {} live articles, and nothing else.",
                    live.len()
                );
            } else {
                problems += 1;
                println!(
                    "Search index: {} live articles missing{}, {} no longer live still held{}. A running server catches up by itself within seconds; else run `warta reindex`.",
                    missing.len(),
                    listed(&missing),
                    extra.len(),
                    listed(&extra)
                );
            }
        }
    }

    let media = MediaFiles::open(&config.media)?;
    let files = media.keys().await?;
    let mut images = 0;
    let mut missing = Vec::new();
    let mut expected = BTreeSet::new();
    let mut offset = 0;
    loop {
        let (page, _) = store.media_library(500, offset).await?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        for image in page {
            images += 1;
            let mut keys = vec![MediaFiles::original(&image.sha256, &image.format).to_string()];
            keys.extend(
                Variant::ALL
                    .iter()
                    .map(|v| MediaFiles::variant(&image.sha256, *v, image.focal).to_string()),
            );
            for key in keys {
                if !files.contains(&key) {
                    missing.push(format!("{key} (image {})", image.id.0));
                }
                expected.insert(key);
            }
        }
    }
    // Crops around an earlier focal point are kept for pages cached
    // with them; only files of no image at all are strays.
    let originals: BTreeSet<&str> = expected.iter().map(|key| image_of(key)).collect();
    let strays = files
        .iter()
        .filter(|key| !originals.contains(image_of(key)))
        .count();
    if missing.is_empty() {
        println!(
            "Media: {images} images, every original and variant present in {}{}.",
            media.place(),
            if strays > 0 {
                format!(" ({strays} files belong to no image: left alone)")
            } else {
                String::new()
            }
        );
    } else {
        problems += 1;
        println!(
            "Media: {} files of {images} images MISSING from {}: {}{}",
            missing.len(),
            media.place(),
            missing
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() > SHOWN {
                format!(" and {} more", missing.len() - SHOWN)
            } else {
                String::new()
            }
        );
    }
    store.close().await;
    anyhow::ensure!(
        problems == 0,
        "{problems} of the checks above found something to mend"
    );
    Ok(())
}

/// ` (12, 15, …)`: the first numbers of a list, for a finding.
fn listed(ids: &[i64]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = ids.iter().take(SHOWN).map(i64::to_string).collect();
    let more = if ids.len() > SHOWN { ", …" } else { "" };
    format!(" ({}{more})", shown.join(", "))
}

/// The original a key is a file of (`ab/SHA….jpeg`,
/// `ab/SHA-card-500-500.webp`): its name up to the first `-` or `.`.
fn image_of(key: &str) -> &str {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.split(['-', '.']).next().unwrap_or(name)
}
