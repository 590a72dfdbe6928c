//! The reads of reader pages on SQLite, run on the calling thread.
//!
//! sqlx runs each SQLite statement on a thread of its connection's own and
//! sends the rows back over a channel: every statement wakes two threads
//! and puts one to sleep. On an article page not in the cache, with the
//! statements themselves taking tens of microseconds, that handing over
//! was the largest cost measured (the scheduler's thread switches about a
//! fifth of all the server's CPU time). The statements here run where
//! they are asked, on one of a few connections of their own that keep
//! their statements prepared, and hold the thread as long as SQLite reads
//! (pages the operating system has cached: microseconds).
//!
//! Only reads with integer arguments go here, with the same SQL text as
//! sqlx's path, and their rows are made into values by the same code
//! ([`crate::rows::Columns`]). Writes, transactions and PostgreSQL stay
//! with sqlx. In WAL mode a read sees every transaction committed before
//! it began, on any connection, as sqlx's reads do.

use crate::StoreError;
use rusqlite::{Connection, OpenFlags, Row};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

/// Connections kept open between reads: one per thread that reads at
/// once is enough (the runtime's threads, two on two cores); more opened
/// when needed are closed after.
const KEPT_OPEN: usize = 8;
/// Statements each connection keeps prepared: the reader pages' reads,
/// and one for each number of ids a summaries read has asked for.
const PREPARED_KEPT: usize = 128;

/// Read connections to one SQLite file.
pub(crate) struct Reads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Reads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reads").field("path", &self.path).finish()
    }
}

impl Reads {
    /// Reads of the SQLite file that `url` (`sqlite://PATH`) names; none
    /// for a database in memory, which no other connection can open.
    pub(crate) fn for_url(url: &str) -> Option<Reads> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() || path.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        Some(Reads {
            path: PathBuf::from(path),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// The rows of `sql`, its parameters `$1`, `$2`... bound to `args`,
    /// each made into a value by `each`.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        args: &[i64],
        mut each: impl FnMut(&ReadRow<'_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let connection = self.take()?;
        let found = (|| {
            let mut statement = connection.prepare_cached(sql)?;
            bind(&mut statement, sql, args)?;
            // Each column's name read once, not once a value is asked
            // for by name (a scan of the statement's columns each time).
            let names: Vec<String> = statement
                .column_names()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let mut rows = statement.raw_query();
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(each(&ReadRow { row, names: &names })?);
            }
            Ok(found)
        })();
        self.put_back(connection);
        found
    }

    /// SQLite's `quick_check` of the file, on a connection opened for it
    /// (a long read would hold one of those kept), stopped once it has
    /// taken `longest`: a check holds one snapshot of the file, and while
    /// it does the write-ahead log cannot start over, so it grows with
    /// every write. A connection that cannot be opened is an error; a
    /// check that fails is the database's answer.
    pub(crate) fn quick_check(&self, longest: Duration) -> Result<Checked, StoreError> {
        let connection = self.open()?;
        // A watch that interrupts the check from `longest` on (again every
        // 10 ms: an interrupt before the statement runs is lost), woken and
        // gone as soon as the check ends (its sender dropped).
        let interrupt = connection.get_interrupt_handle();
        let (ended, watched) = std::sync::mpsc::channel::<()>();
        let watch = std::thread::Builder::new()
            .name("warta-check-watch".to_owned())
            .spawn(move || {
                let mut wait = longest;
                while watched.recv_timeout(wait) == Err(RecvTimeoutError::Timeout) {
                    interrupt.interrupt();
                    wait = Duration::from_millis(10);
                }
            })
            .map_err(|error| StoreError::Corrupt(format!("cannot watch the check: {error}")))?;
        let lines = connection
            .prepare("PRAGMA quick_check(100)")
            .and_then(|mut statement| {
                let lines = statement.query_map([], |row| row.get(0))?;
                lines.collect::<Result<Vec<String>, _>>()
            });
        drop(ended);
        let _ = watch.join();
        Ok(match lines {
            Ok(lines) => Checked::Lines(lines),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                Checked::GaveUp
            }
            Err(rusqlite::Error::SqliteFailure(error, message)) => {
                Checked::Failed(message.unwrap_or_else(|| error.to_string()))
            }
            Err(error) => return Err(error.into()),
        })
    }

    fn take(&self) -> Result<Connection, StoreError> {
        if let Some(connection) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(connection);
        }
        self.open()
    }

    fn open(&self) -> Result<Connection, StoreError> {
        // Opened to write so that it shares the WAL index as the writing
        // connections do, and kept from writing by `query_only`.
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(3))?;
        connection.pragma_update(None, "query_only", true)?;
        connection.set_prepared_statement_cache_capacity(PREPARED_KEPT);
        Ok(connection)
    }

    fn put_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < KEPT_OPEN {
            idle.push(connection);
        }
    }
}

/// What [`Reads::quick_check`] came to.
pub(crate) enum Checked {
    /// What SQLite's check printed.
    Lines(Vec<String>),
    /// The check itself failed, with SQLite's message: the file is too
    /// damaged to be read through.
    Failed(String),
    /// It took longer than it may, and stopped.
    GaveUp,
}

/// Puts the calling thread at the lowest CPU priority (nice 19; on Linux
/// a thread's own, not its process's): the scheduler then gives it what
/// the other threads leave, about 1.5 % of a core beside a busy one. A
/// system that refuses leaves it where it was, only less polite.
pub fn yield_the_processor() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// Binds `args` to the parameters of `statement`, each named `$N` for
/// `args[N - 1]`: by position, in one pass. Looked up by name instead,
/// each a scan of the statement's parameters, binding the ids of a page's
/// Berita Terkait took a few percent of an uncached article page.
fn bind(
    statement: &mut rusqlite::Statement<'_>,
    sql: &str,
    args: &[i64],
) -> Result<(), StoreError> {
    let count = statement.parameter_count();
    if count != args.len() {
        return Err(StoreError::Corrupt(format!(
            "{} arguments for {count} parameters in {sql}",
            args.len()
        )));
    }
    for index in 1..=count {
        let arg = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$')?.parse::<usize>().ok())
            .and_then(|number| args.get(number.checked_sub(1)?))
            .ok_or_else(|| {
                StoreError::Corrupt(format!("parameter {index} of {sql} is no $1..${count}"))
            })?;
        statement.raw_bind_parameter(index, arg)?;
    }
    Ok(())
}

/// A row of a read, its columns named as the statement names them.
pub(crate) struct ReadRow<'r> {
    row: &'r Row<'r>,
    names: &'r [String],
}

impl crate::rows::Columns for ReadRow<'_> {
    fn value<T: crate::rows::Column>(&self, name: &str) -> Result<T, StoreError> {
        // SQLite matches names regardless of ASCII case, as rusqlite does.
        let index = self
            .names
            .iter()
            .position(|column| column.eq_ignore_ascii_case(name))
            .ok_or_else(|| StoreError::Corrupt(format!("no column {name}")))?;
        Ok(self.row.get(index)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::Columns;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_thread_that_yields_the_processor_runs_last_and_alone() {
        let own = || rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let before = own();
        let yielded = std::thread::spawn(move || {
            yield_the_processor();
            own()
        })
        .join()
        .unwrap();
        assert_eq!(yielded, 19);
        assert_eq!(own(), before, "the other threads keep theirs");
    }

    #[test]
    fn a_check_that_takes_too_long_gives_up_and_one_in_time_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE t (b BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                 INSERT INTO t SELECT randomblob(3000) FROM n;",
            )
            .unwrap();
        let reads = Reads::for_url(&format!("sqlite://{}", path.display())).unwrap();
        assert!(matches!(
            reads.quick_check(Duration::ZERO).unwrap(),
            Checked::GaveUp
        ));
        match reads.quick_check(Duration::from_secs(60)).unwrap() {
            Checked::Lines(lines) => assert_eq!(lines, ["ok"]),
            _ => panic!("no answer in time"),
        }
    }

    #[test]
    fn a_file_is_read_and_memory_is_not() {
        assert!(Reads::for_url("sqlite::memory:").is_none());
        assert!(Reads::for_url("sqlite://x.db?mode=memory").is_none());
        assert!(Reads::for_url("postgres://db/warta").is_none());
        let reads = Reads::for_url("sqlite:///d/w.db?mode=rwc").unwrap();
        assert_eq!(reads.path, PathBuf::from("/d/w.db"));
    }

    #[test]
    fn parameters_are_bound_by_number_and_a_missing_file_is_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        Connection::open(&path).unwrap();
        let reads = Reads::for_url(&format!("sqlite://{}", path.display())).unwrap();
        // `$2` before `$1` in the text, `$1` twice: bound by number, not
        // by the order they appear in; a column named in any case.
        let found = reads
            .rows("SELECT $2 - $1 AS d, $1 AS One", &[1, 10], |row| {
                Ok((row.value::<i64>("d")?, row.value::<i64>("one")?))
            })
            .unwrap();
        assert_eq!(found, [(9, 1)]);
        // Arguments that do not fit the statement's parameters are refused.
        for (sql, args) in [
            ("SELECT $1 + $2", &[1][..]),
            ("SELECT $1", &[1, 2]),
            ("SELECT $3", &[1]),
        ] {
            let error = reads.rows(sql, args, |_| Ok(())).unwrap_err();
            assert!(matches!(error, StoreError::Corrupt(_)), "{sql}: {error:?}");
        }

        let gone = Reads::for_url("sqlite:///no/such/folder/w.db").unwrap();
        let error = gone.rows("SELECT 1", &[], |_| Ok(())).unwrap_err();
        assert!(error.is_unavailable(), "{error:?}");
    }
}
