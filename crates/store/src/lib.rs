//! The only SQL in Warta: one [`Store`] API over SQLite and PostgreSQL.
//!
//! [`Store::connect`] picks the backend from the URL scheme (`sqlite://` or
//! `postgres://`) and runs that backend's migrations. Both backends share
//! every SQL statement in this crate: statements use `$1` placeholders, keep
//! times as Unix seconds in 64-bit integers and avoid backend-specific
//! functions, so a question the application asks has exactly one answer
//! here, whichever database holds the data. The migrations differ only in
//! column types and live in `migrations/sqlite` and `migrations/postgres`.

// No `unsafe` here at all (the workspace only denies it, for the one
// audited file mapping in `warta::ranking::packed`).
#![forbid(unsafe_code)]

mod articles;
mod autosaves;
mod check;
mod copy;
mod desk;
mod imports;
mod live;
mod media;
mod newsroom;
mod picks;
mod reads;
mod rows;
mod stories;
mod taxonomy;
mod users;
mod views;
mod webhooks;

pub use articles::{ArticleOnPage, ArticleText, Outcome, Upserted};
pub use autosaves::Autosave;
pub use check::Integrity;
pub use copy::{CopiedTable, CopyMode};
pub use desk::{DeskCounts, Note, NoteKind, Present, QueuedArticle};
pub use live::{LiveBlog, LiveEntry};
pub use media::{Media, MediaDetails, NewMedia};
pub use newsroom::{ArticleFilter, NewsroomArticle, Revision};
pub use reads::yield_the_processor;
pub use stories::{Placed, Story, StoryId, StoryListed, StoryMember, StoryPlacing, Unplaced};
pub use taxonomy::{author_slug, tag_slug};
pub use users::{ApiToken, Credentials, SignInAttempt, User};
pub use views::{BUCKET_SECONDS, MINUTES_KEPT_SECONDS, ViewTally};
pub use webhooks::{Attempt, ClaimedDelivery, Delivery, DeliveryState, Webhook};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor};
use std::borrow::Cow;
use std::time::Duration;
use warta_core::{ArticleId, Status};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The URL names no backend we have.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    /// The schema could not be brought up to date.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database refused or failed a statement.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// The database failed a read on the calling thread (`reads`).
    #[error("database error")]
    Read(#[from] rusqlite::Error),
    /// Someone saved the article since the version the change was based on.
    #[error("the article was changed by someone else (now at version {current})")]
    Conflict {
        /// The version stored now.
        current: i64,
    },
    /// The thing to create exists already.
    #[error("{0} exists already")]
    Duplicate(&'static str),
    /// The change breaks a rule of the newsroom; callers tell the user.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// The data to copy or restore breaks a rule; the message says which.
    #[error("{0}")]
    Invalid(String),
    /// A stored value breaks an invariant (an unknown status, a bad slug).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database refused to write because its disk is full
    /// (SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full`): nothing was
    /// written, and writing works again once there is room.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(error)) => {
                matches!(error.code().as_deref(), Some("13") | Some("53100"))
            }
            StoreError::Database(sqlx::Error::Io(error)) => {
                error.kind() == std::io::ErrorKind::StorageFull
            }
            _ => false,
        }
    }

    /// Whether the database could not be reached (no connection within
    /// [`ACQUIRE_TIMEOUT`], a connection refused or cut, a server shutting
    /// down or starting): nothing was read or written, and asking again
    /// later may work.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_),
            ) => !self.is_disk_full(),
            // PostgreSQL's connection exceptions (08…) and operator
            // interventions (57P01 shutting down, 57P03 starting up).
            StoreError::Database(sqlx::Error::Database(error)) => error
                .code()
                .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
            // A read on the calling thread that waited out the busy
            // timeout, or could not open or read the file.
            StoreError::Read(rusqlite::Error::SqliteFailure(error, _)) => matches!(
                error.code,
                rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::SystemIoFailure
            ),
            _ => false,
        }
    }
}

/// The longest a query waits for a connection. Short, so that with the
/// database gone requests fail at once (a 503 the reader can retry)
/// instead of holding the admission slots that cached pages need; long
/// enough that a burst of writes on SQLite, one at a time, still gets
/// through.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Page cache of each SQLite connection of a command that writes a whole
/// archive ([`Store::connect_for_bulk_writes`]), in KiB: at most one per
/// connection the pool opens (twice the cores, at least 4).
pub const BULK_CACHE_KIB: i64 = 32 * 1024;

/// A newsroom change the store refuses, for the caller to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The workflow has no step from one status to the other.
    Step {
        /// Status now.
        from: Status,
        /// Status asked for.
        to: Status,
    },
    /// Scheduling without a time.
    ScheduleNeedsTime,
    /// Scheduling at a time already past.
    ScheduleInPast,
    /// The pinned Baca Juga article does not exist, or is the article.
    UnknownReadAlso(ArticleId),
    /// An image still used by this many articles cannot be removed.
    MediaInUse(i64),
}

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file, the default.
    Sqlite,
    /// A PostgreSQL server, for several nodes.
    Postgres,
}

/// A handle to Warta's database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The reads of reader pages on the calling thread, on SQLite when
    /// serving (see `reads`).
    reads: Option<std::sync::Arc<reads::Reads>>,
}

/// The schema's migrations in order: version, description, and the SQL for
/// SQLite and for PostgreSQL. They are handed to sqlx's migrator, which
/// records each exactly as `sqlx::migrate!` would (version and SHA-384 of
/// the SQL), without that proc macro, whose build compiles sqlx a second
/// time. A test checks this list against the files in `migrations/`.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "reader site",
        include_str!("../migrations/sqlite/0001_reader_site.sql"),
        include_str!("../migrations/postgres/0001_reader_site.sql"),
    ),
    (
        2,
        "change indexes",
        include_str!("../migrations/sqlite/0002_change_indexes.sql"),
        include_str!("../migrations/postgres/0002_change_indexes.sql"),
    ),
    (
        3,
        "newsroom",
        include_str!("../migrations/sqlite/0003_newsroom.sql"),
        include_str!("../migrations/postgres/0003_newsroom.sql"),
    ),
    (
        4,
        "change serial",
        include_str!("../migrations/sqlite/0004_change_serial.sql"),
        include_str!("../migrations/postgres/0004_change_serial.sql"),
    ),
    (
        5,
        "legacy paths",
        include_str!("../migrations/sqlite/0005_legacy_paths.sql"),
        include_str!("../migrations/postgres/0005_legacy_paths.sql"),
    ),
    (
        6,
        "media by content",
        include_str!("../migrations/sqlite/0006_media_by_content.sql"),
        include_str!("../migrations/postgres/0006_media_by_content.sql"),
    ),
    (
        7,
        "import sync",
        include_str!("../migrations/sqlite/0007_import_sync.sql"),
        include_str!("../migrations/postgres/0007_import_sync.sql"),
    ),
    (
        8,
        "editor",
        include_str!("../migrations/sqlite/0008_editor.sql"),
        include_str!("../migrations/postgres/0008_editor.sql"),
    ),
    (
        9,
        "desk",
        include_str!("../migrations/sqlite/0009_desk.sql"),
        include_str!("../migrations/postgres/0009_desk.sql"),
    ),
    (
        10,
        "modified",
        include_str!("../migrations/sqlite/0010_modified.sql"),
        include_str!("../migrations/postgres/0010_modified.sql"),
    ),
    (
        11,
        "webhooks",
        include_str!("../migrations/sqlite/0011_webhooks.sql"),
        include_str!("../migrations/postgres/0011_webhooks.sql"),
    ),
    (
        12,
        "live blog",
        include_str!("../migrations/sqlite/0012_live_blog.sql"),
        include_str!("../migrations/postgres/0012_live_blog.sql"),
    ),
    (
        13,
        "stories",
        include_str!("../migrations/sqlite/0013_stories.sql"),
        include_str!("../migrations/postgres/0013_stories.sql"),
    ),
    (
        14,
        "abbreviations",
        include_str!("../migrations/sqlite/0014_abbreviations.sql"),
        include_str!("../migrations/postgres/0014_abbreviations.sql"),
    ),
    (
        15,
        "presence page",
        include_str!("../migrations/sqlite/0015_presence_page.sql"),
        include_str!("../migrations/postgres/0015_presence_page.sql"),
    ),
    (
        16,
        "views in window",
        include_str!("../migrations/sqlite/0016_views_in_window.sql"),
        include_str!("../migrations/postgres/0016_views_in_window.sql"),
    ),
];

fn migrator(backend: Backend) -> Migrator {
    use sqlx::SqlSafeStr;
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sqlite, postgres)| {
                let sql = match backend {
                    Backend::Sqlite => *sqlite,
                    Backend::Postgres => *postgres,
                };
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

impl Store {
    /// A transaction that writes. On SQLite it takes the write lock at its
    /// start (`BEGIN IMMEDIATE`): a deferred one that read first fails at
    /// once with "database is locked" when it comes to write and another
    /// writer got there in between (two saves of one article at the same
    /// moment did, a 500 instead of the 409 the version check gives);
    /// waiting for the lock (the busy timeout) it then reads what the other
    /// committed. PostgreSQL's row locks need nothing of the kind.
    ///
    /// A connection whose last transaction never ended is closed rather
    /// than used: a commit a full disk refused leaves SQLite's transaction
    /// rolled back but sqlx counting it open, and every later `BEGIN` on
    /// that connection refused, long after space returned.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        if self.backend == Backend::Postgres {
            return Ok(self.pool.begin().await?);
        }
        for _ in 0..=self.pool.options().get_max_connections() {
            let mut connection = self.pool.acquire().await?;
            if sqlx::Connection::is_in_transaction(&*connection) {
                connection.close_on_drop();
                continue;
            }
            let begin = sqlx::SqlSafeStr::into_sql_str("BEGIN IMMEDIATE");
            return Ok(sqlx::Transaction::begin(connection, Some(begin)).await?);
        }
        Err(StoreError::Corrupt(
            "no database connection could begin a transaction".into(),
        ))
    }

    /// Opens the database at `url`, creating a SQLite file if needed, and
    /// migrates its schema to the current version.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, false).await
    }

    /// [`Store::connect`] for a command that writes a whole archive
    /// (an import, a restore): on SQLite each connection keeps statement
    /// journals in memory and a page cache of [`BULK_CACHE_KIB`] instead
    /// of 2 MB, so the pages of the
    /// indexes being filled stay in memory rather than being spilled into
    /// the WAL mid-transaction and read back (a 200,000-article import:
    /// 56 -> 48 s; docs/BENCHMARKS.md).
    pub async fn connect_for_bulk_writes(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, true).await
    }

    async fn connect_with(url: &str, bulk: bool) -> Result<Store, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let options = AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
        let pool = match backend {
            Backend::Sqlite => {
                // One writer at a time is SQLite's nature; WAL lets readers go on
                // meanwhile. `synchronous = NORMAL` is safe with WAL and spares an
                // fsync per transaction. Each connection runs its queries on a
                // thread of its own with a page cache of its own (2 MB): more
                // than twice the cores only wait for the CPU, and hold memory
                // (at 100,000 articles on 2 cores, 4 connections against 8:
                // 11 MB less resident, as many pages and searches served).
                let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
                options
                    .max_connections((2 * cores).max(4) as u32)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            if bulk {
                                // Statement journals in memory, not in
                                // temporary files: small (a statement's own
                                // changes), and many while an archive is
                                // written. Not for serving: measured to cost
                                // uncached pages CPU.
                                conn.execute("PRAGMA temp_store = MEMORY").await?;
                                conn.execute(sqlx::AssertSqlSafe(format!(
                                    "PRAGMA cache_size = -{BULK_CACHE_KIB}"
                                )))
                                .await?;
                                // The log copied into the database every
                                // 64 MB rather than every 4 MB: an index
                                // page every batch changes is copied once a
                                // checkpoint (which also syncs the file).
                                conn.execute("PRAGMA wal_autocheckpoint = 16384").await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(&with_create_mode(url))
                    .await?
            }
            Backend::Postgres => options.max_connections(16).connect(url).await?,
        };
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        let reads = match backend {
            Backend::Sqlite if !bulk => reads::Reads::for_url(url).map(std::sync::Arc::new),
            _ => None,
        };
        let store = Store {
            pool,
            backend,
            reads,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Brings the schema up to date; safe to run at every start.
    async fn migrate(&self) -> Result<(), StoreError> {
        migrator(self.backend).run(&self.pool).await?;
        Ok(())
    }

    /// Connects to a new, empty schema of the PostgreSQL server at `url` and
    /// migrates it: every test (and every trial run) gets a database of its
    /// own without creating databases.
    pub async fn connect_fresh_postgres_schema(url: &str) -> Result<Store, StoreError> {
        Store::connect(&Store::fresh_postgres_schema(url).await?).await
    }

    /// Creates a new, empty schema on the PostgreSQL server at `url` and
    /// returns the URL that works in it (for a server process a test starts).
    pub async fn fresh_postgres_schema(url: &str) -> Result<String, StoreError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        install_default_drivers();
        let schema = format!(
            "warta_{}_{}_{}",
            std::process::id(),
            chrono::Utc::now().timestamp_micros(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let admin = AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await?;
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .await?;
        admin.close().await;
        let separator = if url.contains('?') { '&' } else { '?' };
        Ok(format!(
            "{url}{separator}options=-c%20search_path%3D{schema}"
        ))
    }

    /// Refreshes the statistics (see [`Store::analyze`]) when they were
    /// never taken or are out of date; says whether it did.
    ///
    /// On SQLite they are out of date when the articles grew or shrank by
    /// more than a tenth since: `ANALYZE` reads every index holding the
    /// write lock, at a million articles 2 s, and 5 s beside a load, after
    /// which a write that waited (the view flush, placing articles in
    /// stories) failed with "database is locked". Done at each start, it
    /// held up the newsroom's first seconds for statistics that had not
    /// changed. The other tables (views, stories) wait for the articles or
    /// the next import: their statements are planned by their indexes, and
    /// a table that grows evenly keeps the proportions its statistics say.
    ///
    /// On PostgreSQL (1.2 s of the server's CPU at a million articles) they
    /// are out of date by autovacuum's default rule, on the rows written
    /// since as the server's statistics count them: `ANALYZE` runs when
    /// they were never taken or autovacuum is behind.
    pub async fn analyze_if_outdated(&self) -> Result<bool, StoreError> {
        if self.backend == Backend::Postgres {
            let fresh: Option<bool> = sqlx::query_scalar(
                "SELECT (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) \
                 AND n_mod_since_analyze <= 50 + n_live_tup / 10 \
                 FROM pg_stat_user_tables WHERE relid = 'articles'::regclass",
            )
            .fetch_optional(&self.pool)
            .await?;
            if fresh == Some(true) {
                return Ok(false);
            }
        } else {
            let taken: Option<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
            )
            .fetch_optional(&self.pool)
            .await?;
            // Every index of `articles` is whole (none partial), so each
            // one's statistics start with the table's rows.
            let counted: Option<String> = match taken {
                Some(_) => sqlx::query_scalar(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' AND idx IS NOT NULL LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await?,
                None => None,
            };
            let counted: Option<i64> = counted
                .as_deref()
                .and_then(|stat| stat.split(' ').next()?.parse().ok());
            let now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
                .fetch_one(&self.pool)
                .await?;
            if counted.is_some_and(|counted| (now - counted).abs() * 10 <= counted) {
                return Ok(false);
            }
        }
        self.analyze().await?;
        Ok(true)
    }

    /// Refreshes the statistics the query planner chooses indexes by. After a
    /// large import SQLite would otherwise scan the live-articles index for
    /// a lookup by id; it takes milliseconds for tens of thousands of rows.
    ///
    /// On SQLite only the per-index counts are kept: with the samples that
    /// SQLite's STAT4 adds, a statement is planned anew every time a bound
    /// value changes, which took a tenth of an uncached article page's time
    /// at 100,000 articles, and the counts alone give the same plans here.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            self.pool.execute("ANALYZE").await?;
            return Ok(());
        }
        // One transaction on one connection: ANALYZE loads the samples it
        // wrote into the connection that ran it, and any other connection
        // that read the statistics before they were deleted would keep
        // them (each reads them once, with the schema). Here no other
        // connection ever sees them, and this one reads the statistics
        // again without them.
        let mut tx = self.begin_write().await?;
        tx.execute("ANALYZE").await?;
        // A SQLite built without STAT4 has no such table.
        let samples: Option<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'",
        )
        .fetch_optional(&mut *tx)
        .await?;
        if samples.is_some() {
            tx.execute("DELETE FROM sqlite_stat4").await?;
            tx.execute("ANALYZE sqlite_schema").await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A number that moves whenever something readers see changes
    /// (articles, picks, the headline, sections, tags), whoever changed it:
    /// cheap enough to ask several times a second.
    pub async fn change_serial(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT serial FROM site_changes WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Whether the database answers a query now.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.pool.execute("SELECT 1").await?;
        Ok(())
    }

    /// Connections the pool holds open, and how many of them are idle.
    pub fn pool_connections(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for queries in flight and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A SQLite URL that creates the file when it does not exist yet.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_their_file() {
        assert_eq!(
            with_create_mode("sqlite:///d/w.db"),
            "sqlite:///d/w.db?mode=rwc"
        );
        assert_eq!(
            with_create_mode("sqlite:///d/w.db?mode=ro"),
            "sqlite:///d/w.db?mode=ro"
        );
    }

    #[test]
    fn every_migration_file_is_listed_once_per_backend() {
        for backend in ["sqlite", "postgres"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut files: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|f| f.unwrap().file_name().into_string().unwrap())
                .collect();
            files.sort();
            let listed: Vec<String> = MIGRATIONS
                .iter()
                .map(|(version, description, _, _)| {
                    format!("{version:04}_{}.sql", description.replace(' ', "_"))
                })
                .collect();
            assert_eq!(files, listed, "{backend}");
        }
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused() {
        let err = Store::connect("mysql://localhost/warta").await.unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedUrl(_)));
    }
}
