//! Stories (Kronologi): which articles belong to one developing story, as
//! Warta placed them and editors corrected them.
//!
//! Warta's placement runs in a [`StoryPlacing`] transaction: it reads where
//! an article's neighbours are and writes its decision in one go, and on
//! PostgreSQL holds an advisory lock so that two nodes placing at once do
//! not both start a story for the same articles. An editor's decision
//! (`by_editor`) is never moved by the placement again.

use crate::rows::{LIVE, SUMMARY_COLUMNS, limit_to, summary_from_row, time};
use crate::{Backend, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::HashMap;
use warta_core::{ArticleId, ArticleSummary, Slug, Status};

/// A story's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub i64);

/// A story as readers and editors know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// Its number.
    pub id: StoryId,
    /// Its address: `/topik/{slug}`.
    pub slug: String,
    /// Its name, as the topic page heads it.
    pub name: String,
    /// The story it was merged into, whose page its address leads to.
    pub merged_into: Option<StoryId>,
    /// When it last changed (its name or its articles).
    pub updated_at: DateTime<Utc>,
}

/// A story in the newsroom's list: how many articles it has and when the
/// newest came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryListed {
    /// The story.
    pub story: Story,
    /// Its articles, in any status.
    pub articles: i64,
    /// Publication time of its newest article.
    pub newest: Option<DateTime<Utc>>,
}

/// An article of a story as the newsroom lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryMember {
    /// The article.
    pub id: ArticleId,
    /// Its headline.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// When it was (or will be) published.
    pub published_at: Option<DateTime<Utc>>,
    /// An editor put it here (else Warta did).
    pub by_editor: bool,
}

/// Where an article was placed, if it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Its story (`None`: in no story).
    pub story: Option<StoryId>,
    /// An editor decided it.
    pub by_editor: bool,
}

const STORY_COLUMNS: &str = "SELECT id, slug, name, merged_into, updated_at FROM stories";
/// Settings key of the time placement last found nothing left to place.
const STORIES_SETTLED_KEY: &str = "stories-settled";

/// `text` lower-cased, to be matched literally inside a `LIKE` pattern
/// that escapes with a backslash.
fn escape_like(text: &str) -> String {
    text.to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn story_from_row(row: &AnyRow) -> Result<Story, StoreError> {
    Ok(Story {
        id: StoryId(row.try_get("id")?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        merged_into: row.try_get::<Option<i64>, _>("merged_into")?.map(StoryId),
        updated_at: time(row.try_get("updated_at")?),
    })
}

/// The first of `slug`, `slug-2`, `slug-3`... no story has.
async fn free_slug(
    tx: &mut Transaction<'static, Any>,
    slug: &str,
    except: Option<StoryId>,
) -> Result<String, StoreError> {
    for n in 1.. {
        let candidate = if n == 1 {
            slug.to_owned()
        } else {
            format!("{slug}-{n}")
        };
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM stories WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() || taken == except.map(|s| s.0) {
            return Ok(candidate);
        }
    }
    unreachable!("some numbered slug is free")
}

async fn insert_story(
    tx: &mut Transaction<'static, Any>,
    name: &str,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<StoryId, StoreError> {
    let slug = free_slug(tx, slug, None).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stories (slug, name, merged_into, created_at, updated_at) \
         VALUES ($1, $2, NULL, $3, $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(now.timestamp())
    .fetch_one(&mut **tx)
    .await?;
    Ok(StoryId(id))
}

async fn touch(
    tx: &mut Transaction<'static, Any>,
    story: StoryId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE stories SET updated_at = $2 WHERE id = $1")
        .bind(story.0)
        .bind(now.timestamp())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Puts `article` in `story` (or in none) as an editor's decision.
async fn place_by_editor(
    tx: &mut Transaction<'static, Any>,
    article: ArticleId,
    story: Option<StoryId>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO article_stories (article_id, story_id, by_editor) VALUES ($1, $2, 1) \
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, by_editor = 1",
    )
    .bind(article.0)
    .bind(story.map(|s| s.0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Warta's placement of newly published articles, in one transaction.
pub struct StoryPlacing {
    tx: Transaction<'static, Any>,
}

impl StoryPlacing {
    /// Where each of `ids` was placed; those not placed yet are missing.
    pub async fn placed(
        &mut self,
        ids: &[ArticleId],
    ) -> Result<HashMap<ArticleId, Placed>, StoreError> {
        let mut placed = HashMap::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT article_id, story_id, by_editor FROM article_stories \
                 WHERE article_id IN ({})",
                marks.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.0);
            }
            for row in query.fetch_all(&mut *self.tx).await? {
                placed.insert(
                    ArticleId(row.try_get("article_id")?),
                    Placed {
                        story: row.try_get::<Option<i64>, _>("story_id")?.map(StoryId),
                        by_editor: row.try_get::<i64, _>("by_editor")? != 0,
                    },
                );
            }
        }
        Ok(placed)
    }

    /// The newest `limit` articles of `story` by publication time.
    pub async fn members(
        &mut self,
        story: StoryId,
        limit: i64,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT s.article_id FROM article_stories s JOIN articles a ON a.id = s.article_id \
             WHERE s.story_id = $1 AND a.status = 'published' AND a.published_at IS NOT NULL \
             ORDER BY a.published_at DESC, a.id DESC {}",
            limit_to(limit)
        )))
        .bind(story.0)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    /// Places `article` in `story` (or in none), unless it was placed
    /// already.
    pub async fn place(
        &mut self,
        article: ArticleId,
        story: Option<StoryId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO article_stories (article_id, story_id, by_editor) VALUES ($1, $2, 0) \
             ON CONFLICT (article_id) DO NOTHING",
        )
        .bind(article.0)
        .bind(story.map(|s| s.0))
        .execute(&mut *self.tx)
        .await?;
        if let Some(story) = story {
            touch(&mut self.tx, story, now).await?;
        }
        Ok(())
    }

    /// Starts a story named `name` with `articles`: each not placed yet,
    /// or placed by Warta in no story, goes in.
    pub async fn start(
        &mut self,
        name: &str,
        articles: &[ArticleId],
        now: DateTime<Utc>,
    ) -> Result<StoryId, StoreError> {
        let slug = Slug::from_text(name, "topik");
        let story = insert_story(&mut self.tx, name, slug.as_str(), now).await?;
        for article in articles {
            sqlx::query(
                "INSERT INTO article_stories (article_id, story_id, by_editor) VALUES ($1, $2, 0) \
                 ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id \
                 WHERE article_stories.story_id IS NULL AND article_stories.by_editor = 0",
            )
            .bind(article.0)
            .bind(story.0)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(story)
    }

    /// The headline of the earliest published of `articles`.
    pub async fn first_headline(
        &mut self,
        articles: &[ArticleId],
    ) -> Result<Option<String>, StoreError> {
        let marks: Vec<String> = (1..=articles.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT title FROM articles WHERE id IN ({}) \
             ORDER BY published_at IS NULL, published_at, id LIMIT 1",
            marks.join(", ")
        );
        let mut query = sqlx::query_scalar(AssertSqlSafe(sql));
        for id in articles {
            query = query.bind(id.0);
        }
        Ok(query.fetch_optional(&mut *self.tx).await?)
    }

    /// Makes the placements lasting.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// A lock number of PostgreSQL's advisory locks, held by every
/// transaction that changes stories (Warta's placement and editors'
/// changes alike): on SQLite the write lock does the same.
const STORIES_LOCK: i64 = 0x5741_5254_4153_5459; // "WARTASTY"

fn unplaced_from_row(row: &AnyRow) -> Result<Unplaced, StoreError> {
    Ok(Unplaced {
        id: ArticleId(row.try_get("id")?),
        title: row.try_get("title")?,
        published_at: time(row.try_get("published_at")?),
    })
}

/// A live article in no story yet.
#[derive(Clone, Debug)]
pub struct Unplaced {
    /// Its number.
    pub id: ArticleId,
    /// Its headline, a new story's first name.
    pub title: String,
    /// When it went live.
    pub published_at: DateTime<Utc>,
}

impl Store {
    /// A write transaction that alone changes stories now: what it reads
    /// of them stays true until it commits (two editors merging two
    /// stories into each other at once would otherwise make a loop).
    async fn begin_stories_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(STORIES_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// Begins placing articles in stories (see [`StoryPlacing`]).
    pub async fn begin_placing_stories(&self) -> Result<StoryPlacing, StoreError> {
        Ok(StoryPlacing {
            tx: self.begin_stories_write().await?,
        })
    }

    /// Live articles in no story yet, oldest first, at most `limit`,
    /// those published after `after` (a time and number, where the last
    /// round ended) when given: a backlog of a million is then read a
    /// round at a time instead of from its beginning each round.
    pub async fn unplaced_articles(
        &self,
        now: DateTime<Utc>,
        after: Option<(DateTime<Utc>, ArticleId)>,
        limit: i64,
    ) -> Result<Vec<Unplaced>, StoreError> {
        let (from, from_id) = after.map_or((i64::MIN, i64::MIN), |(at, id)| (at.timestamp(), id.0));
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT a.id, a.title, a.published_at FROM articles a \
             WHERE {LIVE} AND a.published_at >= $2 AND (a.published_at > $2 OR a.id > $3) \
             AND NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id) \
             ORDER BY a.published_at, a.id {}",
            limit_to(limit)
        )))
        .bind(now.timestamp())
        .bind(from)
        .bind(from_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(unplaced_from_row).collect()
    }

    /// When placement last found every live article in a story (on any
    /// node), if it ever did: a start goes on from there instead of
    /// looking through the whole archive again (10 s of PostgreSQL at a
    /// million articles, on every start of every node).
    pub async fn stories_settled_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.setting(STORIES_SETTLED_KEY)
            .await?
            .map(|value| {
                value
                    .parse::<i64>()
                    .ok()
                    .and_then(|at| DateTime::from_timestamp(at, 0))
                    .ok_or_else(|| StoreError::Corrupt(format!("stories settled at {value:?}")))
            })
            .transpose()
    }

    /// Records that at `at` every live article was in a story.
    pub async fn set_stories_settled_at(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.set_setting(STORIES_SETTLED_KEY, Some(at.timestamp().to_string()))
            .await
    }

    /// Live articles in no story yet that changed, or went live by their
    /// time, at or after `since`, oldest first, at most `limit`: what a
    /// placement looks at once the backlog is placed, without reading
    /// the whole archive.
    pub async fn unplaced_changed_since(
        &self,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Unplaced>, StoreError> {
        // Each half of the union reads its own index.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT a.id, a.title, a.published_at FROM articles a \
             WHERE a.id IN (SELECT id FROM articles WHERE updated_at >= $2 \
             UNION SELECT id FROM articles WHERE published_at >= $2 AND published_at <= $1) \
             AND {LIVE} AND NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id) \
             ORDER BY a.published_at, a.id {}",
            limit_to(limit)
        )))
        .bind(now.timestamp())
        .bind(since.timestamp())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(unplaced_from_row).collect()
    }

    /// The story an article is in, if any.
    pub async fn story_of(&self, article: ArticleId) -> Result<Option<Story>, StoreError> {
        let row = sqlx::query(
            "SELECT t.id, t.slug, t.name, t.merged_into, t.updated_at FROM stories t \
             JOIN article_stories s ON s.story_id = t.id WHERE s.article_id = $1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(story_from_row).transpose()
    }

    /// The story with an address.
    pub async fn story_by_slug(&self, slug: &str) -> Result<Story, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!("{STORY_COLUMNS} WHERE slug = $1")))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(story_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("story"))
    }

    /// The story with a number.
    pub async fn story(&self, id: StoryId) -> Result<Story, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!("{STORY_COLUMNS} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(story_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("story"))
    }

    /// Live articles of a story, newest first.
    pub async fn story_articles(
        &self,
        story: StoryId,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} JOIN article_stories st ON st.article_id = a.id \
             WHERE {LIVE} AND st.story_id = $2 \
             ORDER BY a.published_at DESC, a.id DESC {} OFFSET $3",
            limit_to(limit)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(story.0)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// Stories a reader may be typing the name of: every word of `words`
    /// beginning a word of the name, in that order, the last perhaps
    /// unfinished ("gempa amb" names "Gempa Ambon", "ga" not "Tangani"); those with two live articles or more,
    /// the largest first.
    pub async fn stories_named(
        &self,
        words: &[String],
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Story>, StoreError> {
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // Each word at the beginning of one of the name's words (the name
        // is matched with a space before it): "ga" is not in "Tangani".
        let escaped: Vec<String> = words.iter().map(|w| escape_like(w)).collect();
        let pattern = format!("% {}%", escaped.join("% "));
        let sql = format!(
            "SELECT id, slug, name, merged_into, updated_at FROM (\
             SELECT t.id, t.slug, t.name, t.merged_into, t.updated_at, \
             (SELECT COUNT(*) FROM article_stories st JOIN articles a ON a.id = st.article_id \
             WHERE st.story_id = t.id AND {LIVE}) AS live \
             FROM stories t WHERE t.merged_into IS NULL AND ' ' || LOWER(t.name) LIKE $2 ESCAPE '\\') named \
             WHERE live >= 2 ORDER BY live DESC, updated_at DESC, id DESC {}",
            limit_to(limit)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(pattern)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(story_from_row).collect()
    }

    /// The story `article` is in, with how many of its articles are live
    /// at `now` (one round trip, for the article page).
    pub async fn story_of_counted(
        &self,
        article: ArticleId,
        now: DateTime<Utc>,
    ) -> Result<Option<(Story, i64)>, StoreError> {
        let sql = format!(
            "SELECT t.id, t.slug, t.name, t.merged_into, t.updated_at, \
             (SELECT COUNT(*) FROM articles a JOIN article_stories st ON st.article_id = a.id \
              WHERE {LIVE} AND st.story_id = t.id) AS live_count \
             FROM stories t JOIN article_stories s ON s.story_id = t.id WHERE s.article_id = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(article.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((story_from_row(&row)?, row.try_get("live_count")?)))
            .transpose()
    }

    /// How many live articles a story has.
    pub async fn count_story_articles(
        &self,
        story: StoryId,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM articles a JOIN article_stories st ON st.article_id = a.id \
             WHERE {LIVE} AND st.story_id = $2"
        );
        Ok(sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(story.0)
            .fetch_one(&self.pool)
            .await?)
    }

    /// The live articles of `story` around the one published at `at`
    /// (`article`): up to `each_side` before it and after it, all oldest
    /// first, the article itself among them.
    pub async fn story_around(
        &self,
        story: StoryId,
        article: ArticleId,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        each_side: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        // One round trip: the side before, the article, the side after.
        let side = |before: bool| {
            let (compare, order) = if before { ("<", "DESC") } else { (">", "ASC") };
            format!(
                "SELECT * FROM ({SUMMARY_COLUMNS} JOIN article_stories st ON st.article_id = a.id \
                 WHERE {LIVE} AND st.story_id = $2 \
                 AND (a.published_at {compare} $3 OR (a.published_at = $3 AND a.id {compare} $4)) \
                 ORDER BY a.published_at {order}, a.id {order} {}) AS {}",
                limit_to(each_side),
                if before { "before_it" } else { "after_it" }
            )
        };
        let sql = format!(
            "{} UNION ALL SELECT * FROM ({SUMMARY_COLUMNS} WHERE {LIVE} AND a.id = $4) AS it \
             UNION ALL {}",
            side(true),
            side(false)
        );
        let mut found = self
            .summaries_query(&sql, now, &[story.0, at.timestamp(), article.0])
            .await?;
        found.sort_by_key(|a| (a.published_at, a.id));
        Ok(found)
    }

    /// Stories for the newsroom, the most recently changed first; with a
    /// `name`, those whose name holds it.
    pub async fn stories(
        &self,
        name: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<StoryListed>, StoreError> {
        let pattern = format!("%{}%", escape_like(name));
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT t.id, t.slug, t.name, t.merged_into, t.updated_at, \
             COUNT(s.article_id) AS articles, MAX(a.published_at) AS newest \
             FROM stories t LEFT JOIN article_stories s ON s.story_id = t.id \
             LEFT JOIN articles a ON a.id = s.article_id \
             WHERE t.merged_into IS NULL AND LOWER(t.name) LIKE $1 ESCAPE '\\' \
             GROUP BY t.id, t.slug, t.name, t.merged_into, t.updated_at \
             HAVING COUNT(s.article_id) > 0 \
             ORDER BY MAX(a.published_at) IS NULL, MAX(a.published_at) DESC, t.id DESC \
             {} OFFSET $2",
            limit_to(limit)
        )))
        .bind(pattern)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoryListed {
                    story: story_from_row(row)?,
                    articles: row.try_get("articles")?,
                    newest: row.try_get::<Option<i64>, _>("newest")?.map(time),
                })
            })
            .collect()
    }

    /// Every article of a story, in any status, oldest first.
    pub async fn story_members(&self, story: StoryId) -> Result<Vec<StoryMember>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.title, a.status, a.published_at, s.by_editor \
             FROM article_stories s JOIN articles a ON a.id = s.article_id \
             WHERE s.story_id = $1 ORDER BY a.published_at IS NULL, a.published_at, a.id",
        )
        .bind(story.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(StoryMember {
                    id: ArticleId(row.try_get("id")?),
                    title: row.try_get("title")?,
                    status: status.parse().map_err(|_| {
                        StoreError::Corrupt(format!("unknown article status {status:?}"))
                    })?,
                    published_at: row.try_get::<Option<i64>, _>("published_at")?.map(time),
                    by_editor: row.try_get::<i64, _>("by_editor")? != 0,
                })
            })
            .collect()
    }

    /// Renames a story and gives it the address `slug` (the next free
    /// one after it, if another story has it); the old address leads to
    /// the new one.
    pub async fn rename_story(
        &self,
        story: StoryId,
        name: &str,
        slug: &Slug,
        now: DateTime<Utc>,
    ) -> Result<Story, StoreError> {
        let mut tx = self.begin_stories_write().await?;
        let old: Option<String> =
            sqlx::query_scalar("SELECT slug FROM stories WHERE id = $1 AND merged_into IS NULL")
                .bind(story.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(old) = old else {
            return Err(StoreError::NotFound("story"));
        };
        // Its own former address, kept to lead readers on, may be its
        // address again.
        sqlx::query("DELETE FROM stories WHERE slug = $1 AND merged_into = $2")
            .bind(slug.as_str())
            .bind(story.0)
            .execute(&mut *tx)
            .await?;
        let slug = free_slug(&mut tx, slug.as_str(), Some(story)).await?;
        let changed = sqlx::query(
            "UPDATE stories SET name = $2, slug = $3, updated_at = $4 \
             WHERE id = $1 AND merged_into IS NULL",
        )
        .bind(story.0)
        .bind(name)
        .bind(&slug)
        .bind(now.timestamp())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound("story"));
        }
        // The old address keeps leading readers (and links shared in
        // messages) to the story: a row of its own, merged into it.
        if old != slug {
            sqlx::query(
                "INSERT INTO stories (slug, name, merged_into, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(old)
            .bind(name)
            .bind(story.0)
            .bind(now.timestamp())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.story(story).await
    }

    /// Moves every article of `from` into `into`; `from`'s address then
    /// leads to `into`, as do those of stories merged into `from` before.
    pub async fn merge_stories(
        &self,
        from: StoryId,
        into: StoryId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if from == into {
            return Err(StoreError::Invalid(
                "a story cannot be merged into itself".into(),
            ));
        }
        let mut tx = self.begin_stories_write().await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stories WHERE id IN ($1, $2) AND merged_into IS NULL",
        )
        .bind(from.0)
        .bind(into.0)
        .fetch_one(&mut *tx)
        .await?;
        if open != 2 {
            return Err(StoreError::NotFound("story"));
        }
        sqlx::query("UPDATE article_stories SET story_id = $2, by_editor = 1 WHERE story_id = $1")
            .bind(from.0)
            .bind(into.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE stories SET merged_into = $2, updated_at = $3 \
             WHERE (id = $1 OR merged_into = $1) AND id <> $2",
        )
        .bind(from.0)
        .bind(into.0)
        .bind(now.timestamp())
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, into, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a story named `name` with `articles` taken out of theirs.
    pub async fn split_story(
        &self,
        name: &str,
        slug: &Slug,
        articles: &[ArticleId],
        now: DateTime<Utc>,
    ) -> Result<StoryId, StoreError> {
        let mut tx = self.begin_stories_write().await?;
        let story = insert_story(&mut tx, name, slug.as_str(), now).await?;
        for article in articles {
            let old: Option<Option<i64>> =
                sqlx::query_scalar("SELECT story_id FROM article_stories WHERE article_id = $1")
                    .bind(article.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(Some(old)) = old {
                touch(&mut tx, StoryId(old), now).await?;
            }
            place_by_editor(&mut tx, *article, Some(story)).await?;
        }
        tx.commit().await?;
        Ok(story)
    }

    /// An editor's decision: `article` belongs to `story`, or (`None`) to
    /// no story. Either way Warta will not move it again.
    pub async fn set_article_story(
        &self,
        article: ArticleId,
        story: Option<StoryId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_stories_write().await?;
        let old: Option<Option<i64>> =
            sqlx::query_scalar("SELECT story_id FROM article_stories WHERE article_id = $1")
                .bind(article.0)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(story) = story {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM stories WHERE id = $1 AND merged_into IS NULL",
            )
            .bind(story.0)
            .fetch_one(&mut *tx)
            .await?;
            if open == 0 {
                return Err(StoreError::NotFound("story"));
            }
        }
        for touched in old.flatten().map(StoryId).into_iter().chain(story) {
            touch(&mut tx, touched, now).await?;
        }
        place_by_editor(&mut tx, article, story).await?;
        tx.commit().await?;
        Ok(())
    }
}
