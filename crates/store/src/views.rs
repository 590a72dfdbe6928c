//! Page views in hourly buckets, with Terpopuler's window kept summed
//! from them (each article's views from the window's first hour on), and
//! for the newsroom's live dashboard per minute (kept two days) and per
//! hour by where readers came from (a class of referrer). The application counts
//! views in memory and hands them over in batches; the store only ever
//! adds them up, so every node's counts add up in one place.

use crate::rows::{LIVE, limit_to};
use crate::{Backend, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;
use warta_core::ArticleId;

/// Views counted in memory: of one article, in one minute (its first
/// second, Unix time), from one class of referrer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ViewTally {
    /// The article.
    pub article: ArticleId,
    /// The minute.
    pub minute: i64,
    /// Where the readers came from (`pencarian`, `sosial`, ...).
    pub source: String,
    /// How many views.
    pub count: i64,
}

/// How long views per minute are kept, in seconds: the dashboard shows
/// the last hour; a day more covers a night shift's look back.
pub const MINUTES_KEPT_SECONDS: i64 = 2 * 86_400;

/// Rows written per statement: many enough to spare PostgreSQL round
/// trips, few enough to keep a statement's text and its bound values
/// small.
const ROWS_PER_STATEMENT: usize = 200;

/// A value of a view row: a number or a referrer class.
#[derive(Clone, Copy)]
enum Value<'a> {
    Number(i64),
    Text(&'a str),
}

impl Value<'_> {
    /// What rows are ordered by.
    fn key(&self) -> (i64, &str) {
        match *self {
            Value::Number(n) => (n, ""),
            Value::Text(t) => (0, t),
        }
    }
}

/// Adds `rows` (each the key's values, then the count) to `table` in as
/// few statements as the bound values allow: one statement per row, on
/// PostgreSQL a round trip each, took seconds for the views of an
/// archive's long tail, every few seconds. A row of a deleted article
/// (the first value) is dropped. The keys of `rows` are distinct.
///
/// The rows are written in the order of their keys: two nodes writing
/// the same articles' views at once then take the rows' locks in the same
/// order, where in any order each could wait for the other (PostgreSQL
/// would end one of them as deadlocked).
///
/// On SQLite the values are bound to `?`, in order: binding a numbered
/// `$N` looks its name up in a walk of the statement's list of names, so
/// a statement's binding cost the square of its values' number (200 rows
/// of three took 2.4 % of the CPU of uncached pages at a million
/// articles, measured). PostgreSQL knows only `$N`.
async fn add_up(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    table: &str,
    keys: &str,
    count: &str,
    rows: &mut [Vec<Value<'_>>],
) -> Result<(), StoreError> {
    rows.sort_unstable_by(|a, b| a.iter().map(Value::key).cmp(b.iter().map(Value::key)));
    for batch in rows.chunks(ROWS_PER_STATEMENT) {
        let width = batch[0].len();
        let tuples: Vec<String> = (0..batch.len())
            .map(|row| {
                let values: Vec<String> = (1..=width)
                    .map(|column| match backend {
                        Backend::Sqlite => "?".to_owned(),
                        Backend::Postgres => format!("${}", row * width + column),
                    })
                    .collect();
                format!("({})", values.join(", "))
            })
            .collect();
        // VALUES names its columns column1, column2... on both databases.
        let columns: Vec<String> = (1..=width).map(|c| format!("column{c}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({keys}, {count}) SELECT {} FROM (VALUES {}) AS added \
             WHERE EXISTS (SELECT 1 FROM articles WHERE id = added.column1) \
             ON CONFLICT ({keys}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
            columns.join(", "),
            tuples.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in batch.iter().flatten() {
            query = match *value {
                Value::Number(n) => query.bind(n),
                Value::Text(t) => query.bind(t.to_owned()),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The first hour of the window's sums, when they are kept; on
/// PostgreSQL with its row locked by `lock` (SQLite's write transaction
/// holds the whole database).
async fn window_first_hour(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    lock: &str,
) -> Result<Option<i64>, StoreError> {
    let lock = if backend == Backend::Postgres {
        lock
    } else {
        ""
    };
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT first_hour FROM views_window{lock}"
    )))
    .fetch_optional(&mut **tx)
    .await?;
    let first_hour: Option<Option<i64>> = row.map(|row| row.try_get("first_hour")).transpose()?;
    Ok(first_hour.flatten())
}

/// Seconds in a view bucket.
pub const BUCKET_SECONDS: i64 = 3_600;

impl Store {
    /// Adds counted views, each `(article, bucket start, count)`, in one
    /// transaction. Views of articles deleted meanwhile are dropped.
    pub async fn add_views(&self, views: &[(ArticleId, i64, i64)]) -> Result<(), StoreError> {
        if views.is_empty() {
            return Ok(());
        }
        let mut summed: HashMap<(i64, i64), i64> = HashMap::new();
        for (article, bucket, count) in views {
            *summed.entry((article.0, *bucket)).or_default() += count;
        }
        let mut tx = self.begin_write().await?;
        self.add_to_hours(&mut tx, &summed).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds views counted per minute and referrer class: to the hourly
    /// buckets, the minutes and the hourly classes, in one transaction.
    pub async fn add_view_tallies(&self, tallies: &[ViewTally]) -> Result<(), StoreError> {
        if tallies.is_empty() {
            return Ok(());
        }
        let mut hours: HashMap<(i64, i64), i64> = HashMap::new();
        let mut minutes: HashMap<(i64, i64), i64> = HashMap::new();
        let mut sources: HashMap<(i64, i64, &str), i64> = HashMap::new();
        for t in tallies {
            let hour = t.minute.div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
            *hours.entry((t.article.0, hour)).or_default() += t.count;
            *minutes.entry((t.article.0, t.minute)).or_default() += t.count;
            *sources.entry((t.article.0, hour, &t.source)).or_default() += t.count;
        }
        let number = Value::Number;
        let mut minutes: Vec<Vec<Value>> = minutes
            .into_iter()
            .map(|((article, minute), n)| vec![number(article), number(minute), number(n)])
            .collect();
        let mut sources: Vec<Vec<Value>> = sources
            .into_iter()
            .map(|((article, hour, source), n)| {
                vec![
                    number(article),
                    number(hour),
                    Value::Text(source),
                    number(n),
                ]
            })
            .collect();
        let mut tx = self.begin_write().await?;
        self.add_to_hours(&mut tx, &hours).await?;
        add_up(
            &mut tx,
            self.backend,
            "view_minutes",
            "article_id, minute",
            "views",
            &mut minutes,
        )
        .await?;
        add_up(
            &mut tx,
            self.backend,
            "view_sources",
            "article_id, hour, source",
            "views",
            &mut sources,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets views per minute older than `before`.
    pub async fn prune_view_minutes(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM view_minutes WHERE minute < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Views of every article per minute from `since` on: `(minute, views)`
    /// for the minutes that had any.
    pub async fn views_per_minute(&self, since: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT minute, CAST(SUM(views) AS BIGINT) AS n FROM view_minutes \
             WHERE minute >= $1 GROUP BY minute ORDER BY minute",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("minute")?, row.try_get("n")?)))
            .collect()
    }

    /// The articles read most since minute `since`, with their views.
    pub async fn most_read_since_minute(
        &self,
        since: i64,
        limit: i64,
    ) -> Result<Vec<(ArticleId, i64)>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT article_id, CAST(SUM(views) AS BIGINT) AS n FROM view_minutes \
             WHERE minute >= $1 GROUP BY article_id ORDER BY n DESC, article_id DESC {}",
            limit_to(limit)
        )))
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((ArticleId(row.try_get("article_id")?), row.try_get("n")?)))
            .collect()
    }

    /// Views per minute from `since` on of these articles: `(article,
    /// minute, views)`.
    pub async fn minutes_of(
        &self,
        ids: &[ArticleId],
        since: i64,
    ) -> Result<Vec<(ArticleId, i64, i64)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT article_id, minute, views FROM view_minutes WHERE minute >= $1 \
             AND article_id IN ({}) ORDER BY minute",
            list.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(since);
        for id in ids {
            query = query.bind(id.0);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok((
                    ArticleId(row.try_get("article_id")?),
                    row.try_get("minute")?,
                    row.try_get("views")?,
                ))
            })
            .collect()
    }

    /// Views since hour bucket `since`, per section name, most first.
    pub async fn views_by_section(&self, since: i64) -> Result<Vec<(String, i64)>, StoreError> {
        self.views_grouped(
            "SELECT s.name AS name, CAST(SUM(v.count) AS BIGINT) AS n FROM views v \
             JOIN articles a ON a.id = v.article_id JOIN sections s ON s.id = a.section_id \
             WHERE v.hour >= $1 GROUP BY s.name ORDER BY n DESC, s.name",
            since,
        )
        .await
    }

    /// Views since hour bucket `since`, per byline name, most first (an
    /// article of two writers counts for each).
    pub async fn views_by_author(&self, since: i64) -> Result<Vec<(String, i64)>, StoreError> {
        self.views_grouped(
            "SELECT au.name AS name, CAST(SUM(v.count) AS BIGINT) AS n FROM views v \
             JOIN article_authors aa ON aa.article_id = v.article_id \
             JOIN authors au ON au.id = aa.author_id \
             WHERE v.hour >= $1 GROUP BY au.name ORDER BY n DESC, au.name",
            since,
        )
        .await
    }

    /// Views since hour bucket `since`, per referrer class, most first.
    pub async fn views_by_source(&self, since: i64) -> Result<Vec<(String, i64)>, StoreError> {
        self.views_grouped(
            "SELECT source AS name, CAST(SUM(views) AS BIGINT) AS n FROM view_sources \
             WHERE hour >= $1 GROUP BY source ORDER BY n DESC, source",
            since,
        )
        .await
    }

    /// One article's views per referrer class, most first.
    pub async fn article_sources(&self, id: ArticleId) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT source AS name, CAST(SUM(views) AS BIGINT) AS n FROM view_sources \
             WHERE article_id = $1 GROUP BY source ORDER BY n DESC, source",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("name")?, row.try_get("n")?)))
            .collect()
    }

    /// One article's views per hour bucket, oldest first.
    pub async fn hourly_views(&self, id: ArticleId) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query("SELECT hour, count FROM views WHERE article_id = $1 ORDER BY hour")
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("hour")?, row.try_get("count")?)))
            .collect()
    }

    async fn views_grouped(
        &self,
        sql: &'static str,
        since: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(sql).bind(since).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("name")?, row.try_get("n")?)))
            .collect()
    }

    /// Live articles with the most views in buckets starting at or after
    /// `since`, most viewed first, with their totals.
    ///
    /// Read from the window's sums (`views_in_window`), first moved to
    /// start at `since`'s hour: summing every view of a day at every
    /// reading took 0.66 s on SQLite and 150 to 250 ms on PostgreSQL at a
    /// million articles, growing with the articles read in the day. The
    /// nodes of a site share one window, as they share their
    /// configuration; a node asking for another moves it for all.
    pub async fn most_viewed_since(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(ArticleId, i64)>, StoreError> {
        let first_hour = since.timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
        self.keep_window_from(first_hour).await?;
        // The most viewed first, then which of them are live: joining every
        // article viewed in the window to see whether it is live cost 200
        // to 400 ms a refresh on PostgreSQL with tens of thousands of them.
        // The few most viewed and not live (taken down, say) are passed
        // over among a margin; only when the margin runs out is the whole
        // window joined.
        let margin = limit * 4 + 20;
        let sql = format!(
            "SELECT t.article_id, t.views FROM (\
               SELECT article_id, views FROM views_in_window \
               ORDER BY views DESC, article_id DESC {}) t \
             JOIN articles a ON a.id = t.article_id WHERE {LIVE} \
             ORDER BY t.views DESC, t.article_id DESC {}",
            limit_to(margin),
            limit_to(limit)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .fetch_all(&self.pool)
            .await?;
        let rows = if (rows.len() as i64) < limit {
            let sql = format!(
                "SELECT w.article_id, w.views FROM views_in_window w \
                 JOIN articles a ON a.id = w.article_id WHERE {LIVE} \
                 ORDER BY w.views DESC, w.article_id DESC {}",
                limit_to(limit)
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(now.timestamp())
                .fetch_all(&self.pool)
                .await?
        } else {
            rows
        };
        rows.iter()
            .map(|row| Ok((ArticleId(row.try_get("article_id")?), row.try_get("views")?)))
            .collect()
    }

    /// Adds views, each article's in an hour, to the hourly buckets and
    /// to Terpopuler's window sums, in `tx`.
    async fn add_to_hours(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        hours: &HashMap<(i64, i64), i64>,
    ) -> Result<(), StoreError> {
        let mut rows: Vec<Vec<Value>> = hours
            .iter()
            .map(|(&(article, hour), &n)| {
                vec![
                    Value::Number(article),
                    Value::Number(hour),
                    Value::Number(n),
                ]
            })
            .collect();
        add_up(
            tx,
            self.backend,
            "views",
            "article_id, hour",
            "count",
            &mut rows,
        )
        .await?;
        self.add_to_window(tx, hours).await
    }

    /// Adds `hours` (views per article and hour, just added to `views`)
    /// to the window's sums, in the same transaction: those of hours in
    /// the window, as summing `views` would count them. A view of an hour
    /// the window has left (a batch written late) is in `views` only.
    ///
    /// The window's row is read shared: its move (which sums anew, from
    /// `views`, the articles read in the hours it leaves) waits for this
    /// transaction, and this for the move, so no view is counted twice or
    /// left out.
    async fn add_to_window(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        hours: &HashMap<(i64, i64), i64>,
    ) -> Result<(), StoreError> {
        let Some(first_hour) = window_first_hour(tx, self.backend, " FOR SHARE").await? else {
            return Ok(());
        };
        let mut in_window: HashMap<i64, i64> = HashMap::new();
        for (&(article, hour), &n) in hours {
            if hour >= first_hour {
                *in_window.entry(article).or_default() += n;
            }
        }
        let mut rows: Vec<Vec<Value>> = in_window
            .into_iter()
            .map(|(article, n)| vec![Value::Number(article), Value::Number(n)])
            .collect();
        add_up(
            tx,
            self.backend,
            "views_in_window",
            "article_id",
            "views",
            &mut rows,
        )
        .await
    }

    /// Moves the window's sums to start at `first_hour`: forward, by
    /// summing anew the articles read in the hours it leaves (one hour's
    /// articles, once an hour); back, or when none was kept, by summing
    /// the whole window anew. Forward sums are made, not taken off, so a
    /// view that reached `views` without the sums (a node of an earlier
    /// version during an upgrade) is counted once its hour leaves, not
    /// missed for good.
    ///
    /// A window kept an hour later than asked is read as it is: a node
    /// that took `now` just before the hour turned, or whose clock is a
    /// little behind another's, would otherwise sum the whole window anew
    /// at every turn of the hour (4.2 s on PostgreSQL with 260,000
    /// articles read).
    async fn keep_window_from(&self, first_hour: i64) -> Result<(), StoreError> {
        let near = |kept: i64| (0..=BUCKET_SECONDS).contains(&(kept - first_hour));
        let kept: Option<Option<i64>> = sqlx::query("SELECT first_hour FROM views_window")
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.try_get("first_hour"))
            .transpose()?;
        if kept.flatten().is_some_and(near) {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        // Read again under the lock: another node may have moved it.
        match window_first_hour(&mut tx, self.backend, " FOR UPDATE").await? {
            Some(kept) if near(kept) => return Ok(()),
            Some(kept) if kept < first_hour => {
                sqlx::query(
                    "UPDATE views_in_window SET views = COALESCE((\
                       SELECT SUM(v.count) FROM views v \
                       WHERE v.article_id = views_in_window.article_id AND v.hour >= $2), 0) \
                     WHERE article_id IN (SELECT article_id FROM views WHERE hour >= $1 AND hour < $2)",
                )
                .bind(kept)
                .bind(first_hour)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM views_in_window WHERE views <= 0")
                    .execute(&mut *tx)
                    .await?;
            }
            _ => {
                sqlx::query("DELETE FROM views_in_window")
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO views_in_window (article_id, views) \
                     SELECT article_id, SUM(count) FROM views WHERE hour >= $1 GROUP BY article_id",
                )
                .bind(first_hour)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "INSERT INTO views_window (id, first_hour) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET first_hour = excluded.first_hour",
        )
        .bind(first_hour)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Total views ever counted for one article.
    pub async fn total_views(&self, id: ArticleId) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS total FROM views WHERE article_id = $1",
        )
        .bind(id.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("total")?)
    }
}
