//! `warta backup FILE` and `warta restore FILE`: a whole site to one SQLite
//! file and back, on either backend. The backup reads one consistent
//! snapshot, so it may run while the site serves and the newsroom writes.
//! A restore replaces everything in the database with the backup's
//! content; run it with the servers stopped. Uploaded files are not in the
//! backup: copy the `media/` folder (or the bucket) beside it.

use super::CommonArgs;
use anyhow::{Context, bail};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;
use warta_store::{CopiedTable, CopyMode, Store};

/// `warta backup FILE`
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The file to write (a SQLite database); it must not exist yet.
    file: PathBuf,
}

/// `warta restore FILE`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// A file written by `warta backup`.
    file: PathBuf,
}

fn sqlite_url(file: &std::path::Path) -> String {
    format!("sqlite://{}", file.display())
}

/// SQLite's file beside `file` (`-wal`, `-shm`).
fn sqlite_sidecar(file: &std::path::Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn print(report: &[CopiedTable]) {
    for table in report {
        println!("{:<18} {:>9} rows", table.table, table.target_rows);
    }
}

pub(super) async fn run_backup(args: BackupArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    if args.file.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            args.file.display()
        );
    }
    let source = Store::connect(config.database_url.expose())
        .await
        .with_context(|| format!("cannot open {}", config.database_url))?;
    let started = Instant::now();
    // Written beside, under another name, and renamed when whole: half a
    // backup is worse than none, as it could be mistaken for one, and a
    // process killed midway leaves only the `.part` (which the next backup
    // to this name replaces).
    let part = {
        let mut name = args.file.clone().into_os_string();
        name.push(".part");
        PathBuf::from(name)
    };
    for stale in [
        part.clone(),
        sqlite_sidecar(&part, "-wal"),
        sqlite_sidecar(&part, "-shm"),
    ] {
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove the unfinished {}", stale.display()))?;
        }
    }
    let target = Store::connect(&sqlite_url(&part))
        .await
        .with_context(|| format!("cannot create {}", part.display()))?;
    let copied = source.copy_to(&target, CopyMode::Merge).await;
    target.close().await;
    let report = match copied {
        Ok(report) => report,
        Err(error) => {
            let _ = std::fs::remove_file(&part);
            return Err(error).context("the backup failed and was removed");
        }
    };
    std::fs::rename(&part, &args.file)
        .with_context(|| format!("cannot name the finished backup {}", args.file.display()))?;
    print(&report);
    println!(
        "Backup written to {} in {:.1} s (uploaded files are in {}).",
        args.file.display(),
        started.elapsed().as_secs_f64(),
        config.media
    );
    Ok(())
}

pub(super) async fn run_restore(args: RestoreArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    if !args.file.is_file() {
        bail!("no backup at {}", args.file.display());
    }
    // A SQLite file opens with these 16 bytes; anything else is no backup
    // (and would only make the database driver retry until it times out).
    let mut header = [0u8; 16];
    let is_sqlite = std::fs::File::open(&args.file)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header))
        .is_ok()
        && &header == b"SQLite format 3\0";
    if !is_sqlite {
        bail!(
            "{} is not a Warta backup (not a SQLite file)",
            args.file.display()
        );
    }
    let backup = Store::connect(&format!("{}?mode=ro", sqlite_url(&args.file)))
        .await
        .with_context(|| format!("{} is not a Warta backup", args.file.display()))?;
    let target = Store::connect_for_bulk_writes(config.database_url.expose())
        .await
        .with_context(|| format!("cannot open {}", config.database_url))?;
    let started = Instant::now();
    let report = backup
        .copy_to(&target, CopyMode::Replace)
        .await
        .context("the restore stopped; run it again")?;
    print(&report);
    // The search and relatedness indexes describe the content before; the
    // next start builds them from the restored database.
    let search = config.data_dir.join("search");
    if search.exists() {
        std::fs::remove_dir_all(&search)
            .with_context(|| format!("cannot remove the old search index {}", search.display()))?;
    }
    let related = config.data_dir.join("related.bin");
    if related.exists() {
        std::fs::remove_file(&related)?;
    }
    println!(
        "Restored {} into {} in {:.1} s. Other nodes: remove their search/ \
         folder and related.bin before starting them.",
        args.file.display(),
        config.database_url,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
