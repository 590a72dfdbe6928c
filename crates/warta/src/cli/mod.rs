//! The command line: one file per subcommand.

mod backup;
mod check;
mod import;
mod migrate;
mod picks;
mod reindex;
mod serve;
mod user;

use crate::config::{Config, Overrides};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Warta: a news portal and its newsroom in one program.
#[derive(Debug, Parser)]
#[command(name = "warta", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal.
    Serve(serve::ServeArgs),
    /// Import articles from JSON Lines files (.jsonl or .jsonl.gz).
    Import(import::ImportArgs),
    /// Show or set the editor's picks (Pilihan) and the home headline.
    Picks(picks::PicksArgs),
    /// Rebuild the search index from the database (with the server stopped).
    Reindex(reindex::ReindexArgs),
    /// Add, list and reset newsroom users.
    User(user::UserArgs),
    /// Make, list and revoke API tokens.
    Token(user::TokenArgs),
    /// Copy the whole site into a PostgreSQL database (safe to run again).
    Migrate(migrate::MigrateArgs),
    /// Write the whole site to one file, consistently, even while serving.
    Backup(backup::BackupArgs),
    /// Replace the whole site with a backup's content (servers stopped).
    Restore(backup::RestoreArgs),
    /// Check that the site is whole: the database, the search index, the media files.
    Check(check::CheckArgs),
}

/// Options every subcommand shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Data folder: the SQLite database and everything else Warta writes.
    #[arg(long = "data", env = "WARTA_DATA", value_name = "DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Configuration file (TOML).
    #[arg(long, env = "WARTA_CONFIG", value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://...); default: a SQLite file
    /// in the data folder.
    #[arg(
        long = "database",
        env = "WARTA_DATABASE_URL",
        value_name = "URL",
        global = true
    )]
    database_url: Option<String>,
}

impl CommonArgs {
    fn config(&self, listen: Option<SocketAddr>) -> anyhow::Result<Config> {
        Config::load(
            self.config.as_deref(),
            Overrides {
                data_dir: self.data_dir.clone(),
                listen,
                database_url: self.database_url.clone(),
            },
        )
    }
}

/// Threads for blocking work: searches, image decoding, index writes, all
/// bound by the CPU, so one more than the cores (while one waits on a
/// lock or a page fault another runs). Tokio allows 512; under search
/// load each new thread kept its own allocator pages, and at 100,000
/// articles on 2 cores 8 threads held 223 MB where the default's 30-odd
/// held 290 MB, serving as many searches. 3 threads then served more
/// than 8, with a shorter tail: uncached searches at 16 connections
/// 957-1,072/s at p99 29.8-31.4 ms against 835-1,140/s at p99
/// 36.1-44.5 ms (docs/BENCHMARKS.md).
fn blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    cores + 1
}

/// Parses the command line, runs the subcommand and prints any error with
/// its whole chain of causes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Import(args) => import::run(args).await,
            Command::Picks(args) => picks::run(args).await,
            Command::Reindex(args) => reindex::run(args).await,
            Command::User(args) => user::run_user(args).await,
            Command::Token(args) => user::run_token(args).await,
            Command::Migrate(args) => migrate::run(args).await,
            Command::Backup(args) => backup::run_backup(args).await,
            Command::Restore(args) => backup::run_restore(args).await,
            Command::Check(args) => check::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr, filtered by `WARTA_LOG` (e.g. `warta=debug`);
/// `WARTA_LOG_FORMAT=json` writes one JSON object per line, for a log
/// collector. tantivy's segment manager warns when a background merge
/// ends on segments a commit has just replaced, which a whole build does
/// as a matter of course (the merge is dropped; the build's count check
/// stands): not the operator's concern, so not shown by default.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WARTA_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(
            "warn,warta=info,tantivy::indexer::segment_manager=error",
        )
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("WARTA_LOG_FORMAT").as_deref() == Ok("json") {
        logs.json().flatten_event(true).try_init()
    } else {
        logs.try_init()
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_defaults_and_flags() {
        let cli = Cli::try_parse_from(["warta", "serve", "--demo", "--listen", "127.0.0.1:9999"])
            .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!()
        };
        assert!(args.demo);
        assert_eq!(args.listen.unwrap().port(), 9999);
        let cli = Cli::try_parse_from([
            "warta",
            "import",
            "--data",
            "/tmp/w",
            "a.jsonl",
            "b.jsonl.gz",
        ])
        .unwrap();
        let Command::Import(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.files.len(), 2);
        assert!(
            Cli::try_parse_from(["warta", "import"]).is_err(),
            "import needs a file"
        );
    }
}
