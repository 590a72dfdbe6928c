//! Moving up: a whole site copied from one store into a PostgreSQL one
//! (`warta migrate --to postgres://...`).
//!
//! Every table is copied row by row in batches, keeping ids, in an order
//! where what a row refers to is there before it. A row already in the
//! target (same primary key) is replaced by the source's, so the copy can
//! be run again after a failure or to bring over what changed since (rows
//! deleted from the source meanwhile stay). Afterwards the id sequences are
//! moved past the copied ids and the counts of both sides are compared.

use crate::{Backend, Store, StoreError};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row, ValueRef};

/// Tables in the order they can be filled: a table comes after every
/// table it refers to. `site_changes` is the target's own.
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
    "picks",
    "settings",
    "views",
    "sessions",
    "api_tokens",
    "sign_in_failures",
    "revisions",
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

impl Store {
    /// Copies every table of this store into `target`, a PostgreSQL store
    /// (migrated already), and returns the counts per table. Fails when a
    /// table of the target ends with fewer rows than the source has.
    pub async fn copy_to(&self, target: &Store) -> Result<Vec<CopiedTable>, StoreError> {
        if target.backend != Backend::Postgres {
            return Err(StoreError::Invalid(
                "the copy goes into a PostgreSQL database (postgres://...)".into(),
            ));
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
            let mut offset = 0i64;
            loop {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {} FROM {table} ORDER BY {order} LIMIT {BATCH_ROWS} OFFSET {offset}",
                    names.join(", ")
                )))
                .fetch_all(&self.pool)
                .await?;
                if rows.is_empty() {
                    break;
                }
                offset += rows.len() as i64;
                upsert(target, table, &columns, &keys, deferred, &rows).await?;
            }
            if let Some(column) = deferred {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
                )))
                .fetch_all(&self.pool)
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
            if keys == ["id"] {
                // New rows made on the target must not take copied ids.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                )))
                .execute(&target.pool)
                .await?;
            }
            let count = |store: &Store| {
                let pool = store.pool.clone();
                async move {
                    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                        "SELECT COUNT(*) FROM {table}"
                    )))
                    .fetch_one(&pool)
                    .await
                }
            };
            let copied = CopiedTable {
                table,
                source_rows: count(self).await?,
                target_rows: count(target).await?,
            };
            if copied.target_rows < copied.source_rows {
                return Err(StoreError::Invalid(format!(
                    "{table}: {} rows in the source, only {} in the target",
                    copied.source_rows, copied.target_rows
                )));
            }
            report.push(copied);
        }
        Ok(report)
    }
}

async fn target_columns(target: &Store, table: &str) -> Result<Vec<Column>, StoreError> {
    let rows = sqlx::query(
        "SELECT column_name::text AS column_name, data_type::text AS data_type FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&target.pool)
    .await?;
    if rows.is_empty() {
        return Err(StoreError::Invalid(format!(
            "the target has no table {table}"
        )));
    }
    rows.iter()
        .map(|row| {
            Ok(Column {
                name: row.try_get("column_name")?,
                text: row.try_get::<String, _>("data_type")? == "text",
            })
        })
        .collect()
}

async fn primary_key(target: &Store, table: &str) -> Result<Vec<String>, StoreError> {
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT a.attname::text FROM pg_index i \
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
         WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY a.attnum",
    )
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
