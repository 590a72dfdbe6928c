//! A whole site copied from one store into another: moving up to
//! PostgreSQL (`warta migrate --to postgres://...`), and backups, which are
//! a copy into a new SQLite file (`warta backup`) and back (`warta
//! restore`), whichever backend the site runs on.
//!
//! The source is read in one transaction (a snapshot: repeatable read on
//! PostgreSQL, one read transaction on SQLite), so a copy taken while the
//! site serves and the newsroom writes is consistent. Every table is copied
//! in batches, keeping ids, in an order where what a row refers to is
//! there before it; each batch is read from the primary key on, after the
//! last key of the batch before. A row already in the target (same primary key) is
//! replaced by the source's, so the copy can be run again after a failure
//! or to bring over what changed since; a restore first empties the
//! target. Afterwards PostgreSQL's id sequences are moved past the copied
//! ids, and the counts of both sides are compared.

use crate::{Backend, Store, StoreError};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row, ValueRef};

/// Tables in the order they can be filled: a table comes after every
/// table it refers to. `site_changes` is the target's own, and
/// Terpopuler's window sums (`views_window`, `views_in_window`) are made
/// anew from the views.
const TABLES: &[&str] = &[
    "sections",
    "authors",
    "tags",
    "users",
    "media",
    "articles",
    "article_tags",
    "article_authors",
    "former_slugs",
    "legacy_paths",
    "picks",
    "settings",
    "views",
    "sessions",
    "api_tokens",
    "sign_in_failures",
    "revisions",
    "autosaves",
    "article_notes",
    "presence",
    "view_minutes",
    "view_sources",
    "redirects",
    "webhooks",
    "webhook_deliveries",
    "webhook_attempts",
    "live_blogs",
    "live_entries",
    "stories",
    "article_stories",
    "abbreviations",
];

/// Rows inserted per statement (PostgreSQL takes at most 65,535 bound
/// values; the widest table has about 25 columns).
const BATCH_ROWS: usize = 500;

/// How one table's copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedTable {
    /// The table.
    pub table: &'static str,
    /// Rows in the source.
    pub source_rows: i64,
    /// Rows in the target after the copy.
    pub target_rows: i64,
}

/// A column of the target: its name and whether it holds text (else a
/// 64-bit integer, the only other type Warta's tables use).
struct Column {
    name: String,
    text: bool,
}

/// What happens to rows the target has already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyMode {
    /// Rows with the same key are replaced; others stay (a migration, run
    /// as often as needed).
    Merge,
    /// The target is emptied first: it ends as the source is (a restore).
    Replace,
}

impl Store {
    /// After a bulk copy into this database (`warta migrate`): on
    /// PostgreSQL every table vacuumed and its statistics taken before a
    /// server starts. Left to autovacuum, both came in the first minutes
    /// of serving a freshly copied million articles (no statistics, empty
    /// visibility maps), on the CPU the first readers needed. On SQLite,
    /// the statistics.
    pub async fn settle_after_copy(&self) -> Result<(), StoreError> {
        if self.backend != Backend::Postgres {
            return self.analyze().await;
        }
        // Outside a transaction, as VACUUM must be; the names are ours.
        let vacuum = format!("VACUUM (ANALYZE) {}", TABLES.join(", "));
        sqlx::raw_sql(sqlx::AssertSqlSafe(vacuum))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Copies every table of this store into `target` (migrated already)
    /// and returns the counts per table. Fails when a table of the target
    /// ends with fewer rows than the source has.
    pub async fn copy_to(
        &self,
        target: &Store,
        mode: CopyMode,
    ) -> Result<Vec<CopiedTable>, StoreError> {
        if mode == CopyMode::Replace {
            for table in TABLES.iter().rev() {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                    .execute(&target.pool)
                    .await?;
            }
        }
        let mut snapshot = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *snapshot)
                .await?;
        }
        let mut report = Vec::new();
        for table in TABLES {
            let columns = target_columns(target, table).await?;
            let keys = primary_key(target, table).await?;
            // An article may point at a later one ("Baca Juga"): those
            // pointers are set once every article is there.
            let deferred = (*table == "articles").then_some("read_also_id");
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            let order = keys.join(", ");
            // Each batch goes on after the last key of the one before
            // (an OFFSET steps again over every row copied so far: the
            // time grows with the square of the rows).
            let key_columns: Vec<(usize, bool)> = keys
                .iter()
                .map(|key| {
                    columns
                        .iter()
                        .position(|column| &column.name == key)
                        .map(|at| (at, columns[at].text))
                        .ok_or_else(|| StoreError::Invalid(format!("{table}: no key column {key}")))
                })
                .collect::<Result<_, _>>()?;
            let after = (1..=keys.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let first = format!(
                "SELECT {} FROM {table} ORDER BY {order} LIMIT {BATCH_ROWS}",
                names.join(", ")
            );
            let next = format!(
                "SELECT {} FROM {table} WHERE ({order}) > ({after}) ORDER BY {order} LIMIT {BATCH_ROWS}",
                names.join(", ")
            );
            let mut last: Option<AnyArguments> = None;
            loop {
                let rows = match last.take() {
                    None => sqlx::query(sqlx::AssertSqlSafe(first.clone())),
                    Some(key) => sqlx::query_with(sqlx::AssertSqlSafe(next.clone()), key),
                }
                .fetch_all(&mut *snapshot)
                .await?;
                let Some(row) = rows.last() else {
                    break;
                };
                let mut key = AnyArguments::default();
                for (at, text) in &key_columns {
                    let bound = if *text {
                        key.add(row.try_get::<String, _>(*at)?)
                    } else {
                        key.add(row.try_get::<i64, _>(*at)?)
                    };
                    bound.map_err(|e| StoreError::Invalid(format!("{table}: {e}")))?;
                }
                last = Some(key);
                upsert(target, table, &columns, &keys, deferred, &rows).await?;
            }
            if let Some(column) = deferred {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
                )))
                .fetch_all(&mut *snapshot)
                .await?;
                for row in rows {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE {table} SET {column} = $1 WHERE id = $2"
                    )))
                    .bind(row.try_get::<i64, _>(1)?)
                    .bind(row.try_get::<i64, _>(0)?)
                    .execute(&target.pool)
                    .await?;
                }
            }
            if keys == ["id"] && target.backend == Backend::Postgres {
                // New rows made on the target must not take copied ids.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                )))
                .execute(&target.pool)
                .await?;
            }
            let count = format!("SELECT COUNT(*) FROM {table}");
            let source_rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone()))
                .fetch_one(&mut *snapshot)
                .await?;
            let target_rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
                .fetch_one(&target.pool)
                .await?;
            let copied = CopiedTable {
                table,
                source_rows,
                target_rows,
            };
            if copied.target_rows < copied.source_rows {
                return Err(StoreError::Invalid(format!(
                    "{table}: {} rows in the source, only {} in the target",
                    copied.source_rows, copied.target_rows
                )));
            }
            report.push(copied);
        }
        snapshot.rollback().await?;
        // Terpopuler's window sums are not copied but made anew from the
        // copied views at the target's first reading: a copy run again
        // over an earlier one would keep sums the source has since let go.
        sqlx::query("DELETE FROM views_in_window")
            .execute(&target.pool)
            .await?;
        sqlx::query("UPDATE views_window SET first_hour = NULL")
            .execute(&target.pool)
            .await?;
        Ok(report)
    }
}

async fn target_columns(target: &Store, table: &str) -> Result<Vec<Column>, StoreError> {
    let sql = match target.backend {
        Backend::Postgres => {
            "SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
        Backend::Sqlite => "SELECT name, type AS kind FROM pragma_table_info($1) ORDER BY cid",
    };
    let rows = sqlx::query(sql).bind(table).fetch_all(&target.pool).await?;
    if rows.is_empty() {
        return Err(StoreError::Invalid(format!(
            "the target has no table {table}"
        )));
    }
    rows.iter()
        .map(|row| {
            Ok(Column {
                name: row.try_get("name")?,
                text: row
                    .try_get::<String, _>("kind")?
                    .eq_ignore_ascii_case("text"),
            })
        })
        .collect()
}

async fn primary_key(target: &Store, table: &str) -> Result<Vec<String>, StoreError> {
    let sql = match target.backend {
        Backend::Postgres => {
            "SELECT a.attname::text FROM pg_index i \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY a.attnum"
        }
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
    };
    let keys: Vec<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(&target.pool)
        .await?;
    if keys.is_empty() {
        return Err(StoreError::Invalid(format!("{table} has no primary key")));
    }
    Ok(keys)
}

/// Inserts `rows` into `table`, replacing rows with the same key.
async fn upsert(
    target: &Store,
    table: &str,
    columns: &[Column],
    keys: &[String],
    deferred: Option<&str>,
    rows: &[sqlx::any::AnyRow],
) -> Result<(), StoreError> {
    let mut arguments = AnyArguments::default();
    let mut tuples = Vec::with_capacity(rows.len());
    let mut next = 1;
    for row in rows {
        let mut placeholders = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let null = row.try_get_raw(i)?.is_null() || Some(column.name.as_str()) == deferred;
            let bound = match (column.text, null) {
                (true, true) => arguments.add(None::<String>),
                (true, false) => arguments.add(row.try_get::<String, _>(i)?),
                (false, true) => arguments.add(None::<i64>),
                (false, false) => arguments.add(row.try_get::<i64, _>(i)?),
            };
            bound.map_err(|e| StoreError::Invalid(format!("{table}.{}: {e}", column.name)))?;
            placeholders.push(format!("${next}"));
            next += 1;
        }
        tuples.push(format!("({})", placeholders.join(", ")));
    }
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let updates: Vec<String> = names
        .iter()
        .filter(|name| !keys.iter().any(|key| key == *name))
        .map(|name| format!("{name} = excluded.{name}"))
        .collect();
    let on_conflict = if updates.is_empty() {
        "DO NOTHING".to_owned()
    } else {
        format!("DO UPDATE SET {}", updates.join(", "))
    };
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT ({}) {on_conflict}",
        names.join(", "),
        tuples.join(", "),
        keys.join(", ")
    );
    sqlx::query_with(sqlx::AssertSqlSafe(sql), arguments)
        .execute(&target.pool)
        .await?;
    Ok(())
}
