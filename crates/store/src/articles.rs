//! Articles: saving drafts and imports, loading one article, and the lists
//! readers browse (latest, by section, tag, author and day).

use crate::newsroom::{
    Link, insert_links, positioned, record_revision, tag_and_author_ids, unlink_tags_and_authors,
};
use crate::rows::{
    Columns, LIVE, SUMMARY_AND_BODY_COLUMNS, SUMMARY_COLUMNS, limit_to, slug, summary_from_row,
    time,
};
use crate::taxonomy::NamedIds;
use crate::taxonomy::ensure_section;
use crate::{LiveBlog, Store, StoreError, Story, StoryId};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::{HashMap, HashSet};
use warta_core::{
    Article, ArticleContent, ArticleId, ArticleSummary, Author, AuthorId, Body, Correction, Image,
    Restriction, Section, SectionId, Slug, Status, Tag, TagId, UserId,
};

/// The outcome of saving one draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upserted {
    /// The article's number; `None` when nothing was stored (an article
    /// thrown away where it came from, never imported here).
    pub id: Option<ArticleId>,
    /// What the save did.
    pub outcome: Outcome,
}

/// Whether a save is kept or only tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SaveMode {
    Save,
    DryRun,
}

/// What saving imported content did to the article of its external id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new article.
    Created,
    /// The article was as the last import left it, and now holds the new
    /// content.
    Updated,
    /// The newsroom changed the article since the last import: it was left
    /// as the newsroom left it.
    Kept,
    /// The content is restricted where it came from (private, behind a
    /// password, thrown away) and the article was live: it was taken down.
    TakenDown,
    /// Thrown away where it came from, and never imported: nothing stored.
    NotStored,
}

/// The text of a live article, for relatedness and search indexing.
#[derive(Clone, Debug)]
pub struct ArticleText {
    /// Its number.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Summary.
    pub lede: String,
    /// Body without markup.
    pub body: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// Section slug.
    pub section: String,
    /// When it went live.
    pub published_at: DateTime<Utc>,
}

impl Store {
    /// Saves drafts in one transaction: a draft whose external id is already
    /// stored replaces that article (keeping its number, and its old slug as
    /// a former slug) if the article is as the last import left it; one the
    /// newsroom changed since is kept as it is ([`Outcome::Kept`]), and a
    /// draft restricted where it came from takes a live article down
    /// ([`Outcome::TakenDown`]). Others become new articles. Pinned "Baca
    /// Juga" references are resolved after all drafts are in, so they may
    /// point forward in the batch or at articles stored earlier. Either
    /// every draft is saved or none is.
    pub async fn save_articles(
        &self,
        drafts: &[ArticleContent],
        now: DateTime<Utc>,
    ) -> Result<Vec<Upserted>, StoreError> {
        self.save_articles_as(drafts, now, SaveMode::Save).await
    }

    /// What [`Store::save_articles`] would do with these drafts, worked out
    /// by doing it in a transaction that is then rolled back: nothing
    /// stored changes.
    pub async fn plan_articles(
        &self,
        drafts: &[ArticleContent],
        now: DateTime<Utc>,
    ) -> Result<Vec<Upserted>, StoreError> {
        self.save_articles_as(drafts, now, SaveMode::DryRun).await
    }

    async fn save_articles_as(
        &self,
        drafts: &[ArticleContent],
        now: DateTime<Utc>,
        mode: SaveMode,
    ) -> Result<Vec<Upserted>, StoreError> {
        let started = std::time::Instant::now();
        let mut tx = self.begin_write().await?;
        let mut sections: HashMap<Slug, i64> = HashMap::new();
        let mut batch = Batch::read(&mut tx, drafts).await?;
        let mut saved = Vec::with_capacity(drafts.len());
        for draft in drafts {
            let section_id = match sections.get(&draft.section.0) {
                Some(id) => *id,
                None => {
                    let id = ensure_section(&mut tx, &draft.section.0, &draft.section.1).await?;
                    sections.insert(draft.section.0.clone(), id);
                    id
                }
            };
            saved.push(save_one(&mut tx, draft, section_id, now, &mut batch).await?);
        }
        batch.links.insert(&mut tx).await?;
        for (draft, upserted) in drafts.iter().zip(&saved) {
            let written = matches!(upserted.outcome, Outcome::Created | Outcome::Updated);
            if let (Some(target), Some(id), true) =
                (&draft.read_also_external_id, upserted.id, written)
            {
                sqlx::query(
                    "UPDATE articles SET read_also_id = \
                     (SELECT id FROM articles WHERE external_id = $1) WHERE id = $2",
                )
                .bind(target.as_str())
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            }
        }
        // The rows this batch wrote carry the time it commits, not the time
        // it began: an index that asked what changed while this transaction
        // ran (and could not see it) looks again from a moment shortly
        // before its own time, which a slow batch may have begun long before.
        let done = now.timestamp() + started.elapsed().as_secs() as i64;
        let written: Vec<ArticleId> = saved.iter().filter_map(|u| u.id).collect();
        if done != now.timestamp() {
            for chunk in written.chunks(500) {
                let placeholders: Vec<String> =
                    (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
                let mut query = sqlx::query(AssertSqlSafe(format!(
                    "UPDATE articles SET updated_at = $1 WHERE updated_at = $2 AND id IN ({})",
                    placeholders.join(", ")
                )))
                .bind(done)
                .bind(now.timestamp());
                for id in chunk {
                    query = query.bind(id.0);
                }
                query.execute(&mut *tx).await?;
            }
        }
        match mode {
            SaveMode::Save => tx.commit().await?,
            SaveMode::DryRun => tx.rollback().await?,
        }
        Ok(saved)
    }

    /// Records addresses articles had on the site they came from; an
    /// address already known now leads to the article given here.
    pub async fn add_legacy_paths(&self, paths: &[(String, ArticleId)]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (path, id) in paths {
            sqlx::query(
                "INSERT INTO legacy_paths (path, article_id) VALUES ($1, $2) \
                 ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id",
            )
            .bind(path.as_str())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records old addresses that lead to a page (a section, a tag, a
    /// byline); an address already known now leads to the page given here.
    pub async fn add_redirects(&self, redirects: &[(String, String)]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (path, target) in redirects {
            sqlx::query(
                "INSERT INTO redirects (path, target) VALUES ($1, $2) \
                 ON CONFLICT (path) DO UPDATE SET target = excluded.target",
            )
            .bind(path.as_str())
            .bind(target.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The page an old address leads to, if it is one.
    pub async fn redirect(&self, path: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT target FROM redirects WHERE path = $1")
                .bind(path)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The article an old address (without trailing slash) leads to.
    pub async fn legacy_path(&self, path: &str) -> Result<Option<ArticleId>, StoreError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT article_id FROM legacy_paths WHERE path = $1")
                .bind(path)
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map(ArticleId))
    }

    /// One article with its section, tags and authors, whatever its status.
    pub async fn article(&self, id: ArticleId) -> Result<Article, StoreError> {
        let row = sqlx::query(
            "SELECT a.*, s.slug AS section_slug, s.name AS section_name \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("article"))?;
        article_from_row(id, &row, &self.bylines(id).await?)
    }

    /// The tags and bylines of article `id`, in their order.
    async fn bylines(&self, id: ArticleId) -> Result<Vec<Byline>, StoreError> {
        if let Some(reads) = &self.reads {
            return reads.rows(TAGS_AND_AUTHORS, &[id.0], |row| byline_from_row(row));
        }
        sqlx::query(TAGS_AND_AUTHORS)
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(byline_from_row)
            .collect()
    }

    /// [`Store::article`] with what its page shows beside it: its live
    /// blog, and its story with how many of the story's articles are live
    /// at `now`. Read with the article, in the same round trip: a page
    /// not in the cache reads this first of all.
    pub async fn article_on_page(
        &self,
        id: ArticleId,
        now: DateTime<Utc>,
    ) -> Result<ArticleOnPage, StoreError> {
        // The count's own `a` (in LIVE) is the story's articles; `t` is
        // the outer query's story.
        let sql = format!(
            "SELECT a.*, s.slug AS section_slug, s.name AS section_name, \
             lb.started_at AS live_started_at, lb.ended_at AS live_ended_at, \
             t.id AS story_id, t.slug AS story_slug, t.name AS story_name, \
             t.merged_into AS story_merged_into, t.updated_at AS story_updated_at, \
             (SELECT COUNT(*) FROM articles a JOIN article_stories st ON st.article_id = a.id \
              WHERE {LIVE} AND st.story_id = t.id) AS story_live_count \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             LEFT JOIN live_blogs lb ON lb.article_id = a.id \
             LEFT JOIN article_stories ast ON ast.article_id = a.id \
             LEFT JOIN stories t ON t.id = ast.story_id \
             WHERE a.id = $2"
        );
        let args = [now.timestamp(), id.0];
        if let Some(reads) = &self.reads {
            let bylines = self.bylines(id).await?;
            return reads
                .rows(&sql, &args, |row| {
                    article_on_page_from_row(id, row, &bylines)
                })?
                .pop()
                .ok_or(StoreError::NotFound("article"));
        }
        // Two round trips to a server, made at once.
        let article = sqlx::query(AssertSqlSafe(sql))
            .bind(args[0])
            .bind(args[1])
            .fetch_optional(&self.pool);
        let (bylines, row) = futures_util::future::try_join(self.bylines(id), async {
            article.await.map_err(StoreError::from)
        })
        .await?;
        let row = row.ok_or(StoreError::NotFound("article"))?;
        article_on_page_from_row(id, &row, &bylines)
    }

    /// The number of an article imported under `external_id`.
    pub async fn article_id_for_external(
        &self,
        external_id: &str,
    ) -> Result<ArticleId, StoreError> {
        let row = sqlx::query("SELECT id FROM articles WHERE external_id = $1")
            .bind(external_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("article"))?;
        Ok(ArticleId(row.try_get("id")?))
    }

    /// Whether `slug` is one the article had before its current one.
    pub async fn is_former_slug(&self, id: ArticleId, slug: &str) -> Result<bool, StoreError> {
        let row =
            sqlx::query("SELECT 1 AS found FROM former_slugs WHERE article_id = $1 AND slug = $2")
                .bind(id.0)
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// How many articles are stored, in any status.
    pub async fn count_articles(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM articles")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// How many articles readers can see at `now`.
    pub async fn count_live(&self, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) AS n FROM articles a WHERE {LIVE}");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// The most recently published live articles, newest first.
    pub async fn latest(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} WHERE {LIVE} ORDER BY a.published_at DESC, a.id DESC {} OFFSET $2",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[offset]).await
    }

    /// Live articles of one section, newest first.
    pub async fn latest_in_section(
        &self,
        section: SectionId,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} WHERE {LIVE} AND a.section_id = $2 \
             ORDER BY a.published_at DESC, a.id DESC {} OFFSET $3",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[section.0, offset]).await
    }

    /// Live articles with one tag, newest first.
    pub async fn latest_with_tag(
        &self,
        tag: TagId,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} JOIN article_tags at ON at.article_id = a.id \
             WHERE {LIVE} AND at.tag_id = $2 ORDER BY a.published_at DESC, a.id DESC {} OFFSET $3",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[tag.0, offset]).await
    }

    /// Live articles by one author, newest first.
    pub async fn latest_by_author(
        &self,
        author: AuthorId,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} JOIN article_authors aa ON aa.article_id = a.id \
             WHERE {LIVE} AND aa.author_id = $2 ORDER BY a.published_at DESC, a.id DESC {} OFFSET $3",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[author.0, offset]).await
    }

    /// Live articles published in `[from, to)`, newest first: a day's archive.
    pub async fn published_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} WHERE {LIVE} AND a.published_at >= $2 AND a.published_at < $3 \
             ORDER BY a.published_at DESC, a.id DESC {}",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[from.timestamp(), to.timestamp()])
            .await
    }

    /// Live articles in id order, for sitemaps.
    pub async fn live_by_id(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_COLUMNS} WHERE {LIVE} ORDER BY a.id {} OFFSET $2",
            limit_to(limit)
        );
        self.summaries_query(&sql, now, &[offset]).await
    }

    /// For each page of `per_page` live articles in id order (as
    /// [`Store::live_by_id`] pages them), when its newest content change
    /// was: what the sitemap index says of each article sitemap. One pass
    /// over the live articles.
    pub async fn sitemap_pages_changed(
        &self,
        now: DateTime<Utc>,
        per_page: i64,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let sql = format!(
            "SELECT (n - 1) / $2 AS page, MAX(changed) AS changed FROM \
             (SELECT ROW_NUMBER() OVER (ORDER BY a.id) AS n, \
                     CASE WHEN a.modified_at > a.published_at THEN a.modified_at \
                          ELSE a.published_at END AS changed \
              FROM articles a WHERE {LIVE}) numbered \
             GROUP BY (n - 1) / $2 ORDER BY page"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .bind(per_page)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(time(row.try_get::<i64, _>("changed")?)))
            .collect()
    }

    /// Summaries of the given articles that are live, in the order given.
    pub async fn summaries(
        &self,
        ids: &[ArticleId],
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = live_among(SUMMARY_COLUMNS, ids.len());
        let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
        let found = self.summaries_query(&sql, now, &raw).await?;
        Ok(in_order_of(ids, found.into_iter().map(|s| (s.id, s))))
    }

    /// Summaries of the given articles that are live, in the order given,
    /// each with the first `chars` characters of its body as plain text
    /// ([`Body::opening`]): search results, whose passages come from there.
    pub async fn summaries_with_openings(
        &self,
        ids: &[ArticleId],
        now: DateTime<Utc>,
        chars: usize,
    ) -> Result<Vec<(ArticleSummary, String)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = live_among(SUMMARY_AND_BODY_COLUMNS, ids.len());
        let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
        let found = match &self.reads {
            Some(reads) => reads.rows(&sql, &now_and(now, &raw), |row| {
                summary_and_opening(row, chars)
            })?,
            None => self
                .rows(&sql, now, &raw)
                .await?
                .iter()
                .map(|row| summary_and_opening(row, chars))
                .collect::<Result<_, _>>()?,
        };
        Ok(in_order_of(ids, found))
    }

    /// The text of every live article, for building the relatedness index.
    pub async fn live_texts(&self, now: DateTime<Utc>) -> Result<Vec<ArticleText>, StoreError> {
        self.texts(Numbers::All, now).await
    }

    /// The text of the live articles numbered after `after`, up to and
    /// including `until`: a whole index is built a range at a time, never
    /// holding every text at once (3.4 GB at a million articles).
    pub async fn live_texts_between(
        &self,
        now: DateTime<Utc>,
        after: ArticleId,
        until: ArticleId,
    ) -> Result<Vec<ArticleText>, StoreError> {
        self.texts(Numbers::Between(after.0, until.0), now).await
    }

    /// The highest article number, 0 with none.
    pub async fn last_article_id(&self) -> Result<ArticleId, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS last FROM articles")
            .fetch_one(&self.pool)
            .await?;
        Ok(ArticleId(row.try_get("last")?))
    }

    /// The text of one article if it is live.
    pub async fn live_text(
        &self,
        id: ArticleId,
        now: DateTime<Utc>,
    ) -> Result<Option<ArticleText>, StoreError> {
        Ok(self.texts(Numbers::In(&[id.0]), now).await?.pop())
    }

    /// The texts of those of `ids` that are live, in id order.
    pub async fn live_texts_of(
        &self,
        ids: &[ArticleId],
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleText>, StoreError> {
        let mut texts = Vec::with_capacity(ids.len());
        // Bounded lists keep every statement within both databases' limits
        // on bound parameters.
        for chunk in ids.chunks(500) {
            let raw: Vec<i64> = chunk.iter().map(|id| id.0).collect();
            texts.extend(self.texts(Numbers::In(&raw), now).await?);
        }
        Ok(texts)
    }

    /// Articles changed at or after `since` (Unix seconds), or whose
    /// publication time passed between `since` and `now`: what a derived
    /// index must look at again.
    pub async fn changed_since(
        &self,
        since: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        // Two indexed ranges joined by UNION: with OR, SQLite reads every
        // article in id order instead of using either index.
        let rows = sqlx::query(
            "SELECT id FROM articles WHERE updated_at >= $1 \
             UNION SELECT id FROM articles WHERE published_at >= $1 AND published_at <= $2",
        )
        .bind(since)
        .bind(now.timestamp())
        .fetch_all(&self.pool)
        .await?;
        let mut ids = rows
            .iter()
            .map(|row| Ok(ArticleId(row.try_get("id")?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    /// The texts of the articles `numbers` names that are live, in id
    /// order. The statements select by number alone and liveness is
    /// decided here: given "published before now" as well, SQLite without
    /// statistics (a new site being imported into) walks the whole live
    /// index for every batch, and an import of a million articles grew
    /// quadratic.
    async fn texts(
        &self,
        numbers: Numbers<'_>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleText>, StoreError> {
        let sql = format!(
            "SELECT a.id, a.title, a.lede, a.body_html, a.status, a.published_at, \
             s.slug AS section_slug \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE {} ORDER BY a.id",
            numbers.filter("a.id")
        );
        let rows = numbers
            .bind(sqlx::query(AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let tag_sql = format!(
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE {} ORDER BY at.article_id, at.position",
            numbers.filter("at.article_id")
        );
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for row in numbers
            .bind(sqlx::query(AssertSqlSafe(tag_sql)))
            .fetch_all(&self.pool)
            .await?
        {
            tags.entry(row.try_get("article_id")?)
                .or_default()
                .push(row.try_get("name")?);
        }
        let mut texts = Vec::with_capacity(rows.len());
        for row in &rows {
            let published_at: Option<i64> = row.try_get("published_at")?;
            let status: String = row.try_get("status")?;
            let live = status == Status::Published.as_str()
                && published_at.is_some_and(|at| at <= now.timestamp());
            if !live {
                continue;
            }
            let id: i64 = row.try_get("id")?;
            texts.push(ArticleText {
                id: ArticleId(id),
                title: row.try_get("title")?,
                lede: row.try_get("lede")?,
                body: Body::from_sanitised_html(row.try_get("body_html")?).plain_text(),
                tags: tags.remove(&id).unwrap_or_default(),
                section: row.try_get("section_slug")?,
                published_at: time(published_at.unwrap_or_default()),
            });
        }
        Ok(texts)
    }

    /// Runs a summary query whose `$1` is `now` and whose further
    /// placeholders take `args` in order.
    pub(crate) async fn summaries_query(
        &self,
        sql: &str,
        now: DateTime<Utc>,
        args: &[i64],
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        if let Some(reads) = &self.reads {
            return reads.rows(sql, &now_and(now, args), |row| summary_from_row(row));
        }
        let rows = self.rows(sql, now, args).await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// The rows of `sql` with `now` bound at `$1` and `args` after it.
    async fn rows(
        &self,
        sql: &str,
        now: DateTime<Utc>,
        args: &[i64],
    ) -> Result<Vec<AnyRow>, StoreError> {
        let mut query = sqlx::query(AssertSqlSafe(sql.to_owned())).bind(now.timestamp());
        for arg in args {
            query = query.bind(*arg);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }
}

/// The tags (kind 0) and bylines (kind 1) of article `$1`, in order: one
/// round trip for both.
const TAGS_AND_AUTHORS: &str = "SELECT CAST(0 AS BIGINT) AS kind, at.position, t.id, t.slug, t.name \
     FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = $1 \
     UNION ALL \
     SELECT CAST(1 AS BIGINT), aa.position, p.id, p.slug, p.name \
     FROM article_authors aa JOIN authors p ON p.id = aa.author_id \
     WHERE aa.article_id = $1 \
     ORDER BY 1, 2";

/// A row of [`TAGS_AND_AUTHORS`].
enum Byline {
    Tag(Tag),
    Author(Author),
}

fn byline_from_row(row: &(impl Columns + ?Sized)) -> Result<Byline, StoreError> {
    let (id, slug, name) = (row.value("id")?, slug(row, "slug")?, row.value("name")?);
    Ok(match row.value::<i64>("kind")? {
        0 => Byline::Tag(Tag {
            id: TagId(id),
            slug,
            name,
        }),
        _ => Byline::Author(Author {
            id: AuthorId(id),
            slug,
            name,
        }),
    })
}

/// The article of `row` (the article's columns, and its section's slug
/// and name), with the tags and authors of `bylines`.
fn article_from_row(
    id: ArticleId,
    row: &(impl Columns + ?Sized),
    bylines: &[Byline],
) -> Result<Article, StoreError> {
    let status: String = row.value("status")?;
    let image = crate::rows::image(row)?;
    let (mut tags, mut authors) = (Vec::new(), Vec::new());
    for byline in bylines {
        match byline {
            Byline::Tag(tag) => tags.push(tag.clone()),
            Byline::Author(author) => authors.push(author.clone()),
        }
    }
    Ok(Article {
        id,
        external_id: row.value("external_id")?,
        slug: slug(row, "slug")?,
        status: status
            .parse()
            .map_err(|e: warta_core::StatusError| StoreError::Corrupt(e.to_string()))?,
        title: row.value("title")?,
        lede: row.value("lede")?,
        body: Body::from_sanitised_html(row.value("body_html")?),
        section: Section {
            id: SectionId(row.value("section_id")?),
            slug: slug(row, "section_slug")?,
            name: row.value("section_name")?,
        },
        tags,
        authors,
        image: match image {
            Some(image) => Some(Image {
                caption: row.value("image_caption")?,
                credit: row.value("image_credit")?,
                ..image
            }),
            None => None,
        },
        outlet_prefix: row.value("outlet_prefix")?,
        dateline_place: row.value("dateline_place")?,
        published_at: row.value::<Option<i64>>("published_at")?.map(time),
        updated_at: time(row.value("updated_at")?),
        modified_at: crate::rows::modified_at(row)?,
        read_also: row.value::<Option<i64>>("read_also_id")?.map(ArticleId),
        body_source: row.value("body_source")?,
        correction: {
            let note: String = row.value("correction_note")?;
            match row.value::<Option<i64>>("correction_at")? {
                Some(at) if !note.is_empty() => Some(Correction { note, at: time(at) }),
                _ => None,
            }
        },
        unpublish_at: row.value::<Option<i64>>("unpublish_at")?.map(time),
        restriction: row
            .value::<Option<String>>("import_restriction")?
            .as_deref()
            .and_then(Restriction::parse),
        owner: row.value::<Option<i64>>("owner_id")?.map(UserId),
        version: row.value("version")?,
        created_at: time(row.value("created_at")?),
    })
}

/// The row of [`Store::article_on_page`]'s statement as what it holds.
fn article_on_page_from_row(
    id: ArticleId,
    row: &(impl Columns + ?Sized),
    bylines: &[Byline],
) -> Result<ArticleOnPage, StoreError> {
    let live_blog = match row.value::<Option<i64>>("live_started_at")? {
        Some(started) => Some(LiveBlog {
            started_at: time(started),
            ended_at: row.value::<Option<i64>>("live_ended_at")?.map(time),
        }),
        None => None,
    };
    let story = match row.value::<Option<i64>>("story_id")? {
        Some(story) => Some((
            Story {
                id: StoryId(story),
                slug: row.value("story_slug")?,
                name: row.value("story_name")?,
                merged_into: row.value::<Option<i64>>("story_merged_into")?.map(StoryId),
                updated_at: time(row.value("story_updated_at")?),
            },
            row.value("story_live_count")?,
        )),
        None => None,
    };
    Ok(ArticleOnPage {
        article: article_from_row(id, row, bylines)?,
        live_blog,
        story,
    })
}

/// A summary and the first `chars` characters of its body as plain text,
/// by its number.
fn summary_and_opening(
    row: &(impl Columns + ?Sized),
    chars: usize,
) -> Result<(ArticleId, (ArticleSummary, String)), StoreError> {
    let summary = summary_from_row(row)?;
    let opening = Body::from_sanitised_html(row.value("body_html")?).opening(chars);
    Ok((summary.id, (summary, opening)))
}

/// `now` (as `$1`) and `args` after it.
fn now_and(now: DateTime<Utc>, args: &[i64]) -> Vec<i64> {
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(now.timestamp());
    all.extend_from_slice(args);
    all
}

/// The `found` values in the order of `ids`, those not found left out.
fn in_order_of<T>(ids: &[ArticleId], found: impl IntoIterator<Item = (ArticleId, T)>) -> Vec<T> {
    let mut by_id: HashMap<ArticleId, T> = found.into_iter().collect();
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}

/// `columns` of the live articles (at `$1`) among `count` ids, `$2` on.
fn live_among(columns: &str, count: usize) -> String {
    let placeholders: Vec<String> = (0..count).map(|i| format!("${}", i + 2)).collect();
    format!(
        "{columns} WHERE {LIVE} AND a.id IN ({})",
        placeholders.join(", ")
    )
}

async fn save_one(
    tx: &mut Transaction<'_, Any>,
    draft: &ArticleContent,
    section_id: i64,
    now: DateTime<Utc>,
    batch: &mut Batch,
) -> Result<Upserted, StoreError> {
    let slug = draft
        .slug
        .clone()
        .unwrap_or_else(|| Slug::from_text(&draft.title, "artikel"));
    let status = draft.status.unwrap_or(Status::Published);
    let published_at = match (status, draft.published_at) {
        (_, Some(t)) => Some(t.timestamp()),
        (Status::Published, None) => Some(now.timestamp()),
        _ => None,
    };
    let (image_url, caption, credit) = match &draft.image {
        Some(image) => (
            Some(image.url.as_str()),
            image.caption.as_str(),
            image.credit.as_str(),
        ),
        None => (None, "", ""),
    };
    // An image from the media library (a WordPress import given its
    // uploads), with the original's size for the variants' dimensions.
    let media = draft.image.as_ref().and_then(|image| image.media);
    let (media_id, width, height) = (
        media.map(|(id, _, _)| id.0),
        media.map(|(_, width, _)| i64::from(width)),
        media.map(|(_, _, height)| i64::from(height)),
    );
    let existing = match &draft.external_id {
        Some(external_id) => batch.existing(tx, external_id).await?,
        None => None,
    };
    let restriction = draft.restriction.map(Restriction::as_str);
    if let Some(existing) = &existing {
        let changed_in_warta =
            draft.external_id.is_some() && existing.imported_version != Some(existing.version);
        let live = matches!(existing.status.as_str(), "published" | "scheduled");
        if draft.restriction.is_some() && live {
            // Not public where it came from: never public here, whatever
            // the newsroom did with it meanwhile.
            return take_down(tx, existing, restriction, changed_in_warta, now).await;
        }
        if changed_in_warta {
            return Ok(Upserted {
                id: Some(ArticleId(existing.id)),
                outcome: Outcome::Kept,
            });
        }
    } else if draft.restriction == Some(Restriction::Trashed) {
        return Ok(Upserted {
            id: None,
            outcome: Outcome::NotStored,
        });
    }
    let (id, outcome) = match existing {
        Some(Existing {
            id, slug: old_slug, ..
        }) => {
            sqlx::query(
                "UPDATE articles SET slug = $1, status = $2, title = $3, lede = $4, body_html = $5, \
                 section_id = $6, image_url = $7, image_caption = $8, image_credit = $9, \
                 outlet_prefix = $10, dateline_place = $11, published_at = $12, updated_at = $13, \
                 image_media_id = $15, image_width = $16, image_height = $17, \
                 import_restriction = $18, version = version + 1, \
                 imported_version = CASE WHEN $19 THEN version + 1 ELSE NULL END, \
                 modified_at = COALESCE($20, modified_at) \
                 WHERE id = $14",
            )
            .bind(slug.as_str())
            .bind(status.as_str())
            .bind(draft.title.as_str())
            .bind(draft.lede.as_str())
            .bind(draft.body.as_html())
            .bind(section_id)
            .bind(image_url)
            .bind(caption)
            .bind(credit)
            .bind(draft.outlet_prefix.as_str())
            .bind(draft.dateline_place.as_str())
            .bind(published_at)
            .bind(now.timestamp())
            .bind(id)
            .bind(media_id)
            .bind(width)
            .bind(height)
            .bind(restriction)
            .bind(draft.external_id.is_some())
            .bind(draft.modified_at.map(|t| t.timestamp()))
            .execute(&mut **tx)
            .await?;
            if old_slug != slug.as_str() {
                sqlx::query(
                    "INSERT INTO former_slugs (article_id, slug) VALUES ($1, $2) \
                     ON CONFLICT (article_id, slug) DO NOTHING",
                )
                .bind(id)
                .bind(old_slug)
                .execute(&mut **tx)
                .await?;
            }
            (id, Outcome::Updated)
        }
        None => {
            let row = sqlx::query(
                "INSERT INTO articles (external_id, slug, status, title, lede, body_html, section_id, \
                 image_url, image_caption, image_credit, outlet_prefix, dateline_place, published_at, \
                 created_at, updated_at, image_media_id, image_width, image_height, \
                 import_restriction, imported_version, modified_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, \
                 $17, $18, CASE WHEN $1 IS NULL THEN NULL ELSE 1 END, $19) RETURNING id",
            )
            .bind(draft.external_id.as_deref())
            .bind(slug.as_str())
            .bind(status.as_str())
            .bind(draft.title.as_str())
            .bind(draft.lede.as_str())
            .bind(draft.body.as_html())
            .bind(section_id)
            .bind(image_url)
            .bind(caption)
            .bind(credit)
            .bind(draft.outlet_prefix.as_str())
            .bind(draft.dateline_place.as_str())
            .bind(published_at)
            .bind(now.timestamp())
            .bind(media_id)
            .bind(width)
            .bind(height)
            .bind(restriction)
            .bind(draft.modified_at.map(|t| t.timestamp()))
            .fetch_one(&mut **tx)
            .await?;
            (row.try_get("id")?, Outcome::Created)
        }
    };
    if outcome != Outcome::Created {
        unlink_tags_and_authors(tx, id).await?;
    }
    let (tags, authors) =
        tag_and_author_ids(tx, &draft.tags, &draft.authors, &mut batch.names).await?;
    batch.links.set(id, tags, authors);
    Ok(Upserted {
        id: Some(ArticleId(id)),
        outcome,
    })
}

/// What a batch of imported articles reads once for all of them, and the
/// links it writes at its end: two statements per 500 articles, where
/// each article took about six of its own (its earlier self, each of its
/// tags and authors twice, its links).
struct Batch {
    /// The articles stored before under the batch's external ids.
    stored: HashMap<String, Existing>,
    /// External ids looked up so far: one met again was written by this
    /// batch since, and is read again.
    looked_up: HashSet<String>,
    /// Tags and authors found or made.
    names: NamedIds,
    links: BatchLinks,
}

impl Batch {
    async fn read(
        tx: &mut Transaction<'_, Any>,
        drafts: &[ArticleContent],
    ) -> Result<Batch, StoreError> {
        let mut names = NamedIds::default();
        names
            .prefetch(
                tx,
                drafts
                    .iter()
                    .flat_map(|d| d.tags.iter().map(String::as_str)),
                drafts
                    .iter()
                    .flat_map(|d| d.authors.iter().map(String::as_str)),
            )
            .await?;
        let external: Vec<&str> = drafts
            .iter()
            .filter_map(|d| d.external_id.as_deref())
            .collect();
        let mut stored = HashMap::new();
        for chunk in external.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "SELECT external_id, {EXISTING} FROM articles WHERE external_id IN ({})",
                placeholders.join(", ")
            )));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&mut **tx).await? {
                stored.insert(row.try_get("external_id")?, Existing::from_row(&row)?);
            }
        }
        Ok(Batch {
            stored,
            looked_up: HashSet::new(),
            names,
            links: BatchLinks::default(),
        })
    }

    /// The article stored under `external_id`, as it is now.
    async fn existing(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        external_id: &str,
    ) -> Result<Option<Existing>, StoreError> {
        if self.looked_up.insert(external_id.to_owned()) {
            return Ok(self.stored.remove(external_id));
        }
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {EXISTING} FROM articles WHERE external_id = $1"
        )))
        .bind(external_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| Existing::from_row(&row))
        .transpose()
    }
}

/// The tags and authors of a batch's articles, written at its end.
#[derive(Default)]
struct BatchLinks(HashMap<i64, (Vec<i64>, Vec<i64>)>);

impl BatchLinks {
    /// The article's tags and authors, instead of any given before in
    /// this batch (an article saved twice).
    fn set(&mut self, article: i64, tags: Vec<i64>, authors: Vec<i64>) {
        self.0.insert(article, (tags, authors));
    }

    async fn insert(self, tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
        let (mut tags, mut authors) = (Vec::new(), Vec::new());
        for (article, (tag_ids, author_ids)) in self.0 {
            tags.extend(positioned(article, &tag_ids));
            authors.extend(positioned(article, &author_ids));
        }
        insert_links(tx, Link::Tag, &tags).await?;
        insert_links(tx, Link::Author, &authors).await
    }
}

/// The columns of [`Existing`].
const EXISTING: &str = "id, slug, status, version, imported_version";

/// An article an import finds under its external id.
struct Existing {
    id: i64,
    slug: String,
    status: String,
    version: i64,
    imported_version: Option<i64>,
}

impl Existing {
    fn from_row(row: &AnyRow) -> Result<Existing, StoreError> {
        Ok(Existing {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            status: row.try_get("status")?,
            version: row.try_get("version")?,
            imported_version: row.try_get("imported_version")?,
        })
    }
}

/// Content restricted where it came from, of an article live here: it
/// comes down (its content stays as it is here). One the newsroom had not
/// changed stays "as the import left it".
async fn take_down(
    tx: &mut Transaction<'_, Any>,
    existing: &Existing,
    restriction: Option<&str>,
    changed_in_warta: bool,
    now: DateTime<Utc>,
) -> Result<Upserted, StoreError> {
    sqlx::query(
        "UPDATE articles SET status = 'unpublished', import_restriction = $1, updated_at = $2, \
         unpublish_at = NULL, version = version + 1, \
         imported_version = CASE WHEN $3 THEN imported_version ELSE version + 1 END \
         WHERE id = $4",
    )
    .bind(restriction)
    .bind(now.timestamp())
    .bind(changed_in_warta)
    .bind(existing.id)
    .execute(&mut **tx)
    .await?;
    record_revision(tx, existing.id, existing.version + 1, None, now).await?;
    Ok(Upserted {
        id: Some(ArticleId(existing.id)),
        outcome: Outcome::TakenDown,
    })
}

/// An article as its page shows it: see [`Store::article_on_page`].
#[derive(Debug)]
pub struct ArticleOnPage {
    /// The article, with its section, tags and authors.
    pub article: Article,
    /// Its live blog, if it was ever live.
    pub live_blog: Option<LiveBlog>,
    /// Its story, with how many of the story's articles are live.
    pub story: Option<(Story, i64)>,
}

impl Store {
    /// A cheap fingerprint of what readers can see: the publication time of
    /// the latest live article and the latest change to any article. Caches
    /// compare it to know when to rebuild. An article going live when its
    /// time comes moves the first (its time is after every article live
    /// before); any write moves the second. Both are read from an index in
    /// one step at any size (a count of the live articles, before, read
    /// all of them: 150 ms a second at a million on PostgreSQL).
    pub async fn content_version(&self, now: DateTime<Utc>) -> Result<(i64, i64), StoreError> {
        let sql = format!(
            "SELECT COALESCE((SELECT MAX(a.published_at) FROM articles a WHERE {LIVE}), 0) AS live, \
             COALESCE((SELECT MAX(updated_at) FROM articles), 0) AS changed"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now.timestamp())
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("live")?, row.try_get("changed")?))
    }
}

/// Which articles a read of texts takes, by number.
#[derive(Clone, Copy)]
enum Numbers<'a> {
    /// Every article.
    All,
    /// Numbered after the first, up to and including the second.
    Between(i64, i64),
    /// These (at most as many as a statement may bind).
    In(&'a [i64]),
}

impl Numbers<'_> {
    /// The condition on `column`, with placeholders from `$1`.
    fn filter(self, column: &str) -> String {
        match self {
            Numbers::All => "1 = 1".to_owned(),
            Numbers::Between(..) => format!("{column} > $1 AND {column} <= $2"),
            Numbers::In(ids) => {
                let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
                format!("{column} IN ({})", placeholders.join(", "))
            }
        }
    }

    /// Binds the numbers the filter's placeholders stand for.
    fn bind<'q>(
        self,
        mut query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
        match self {
            Numbers::All => {}
            Numbers::Between(after, until) => query = query.bind(after).bind(until),
            Numbers::In(ids) => {
                for id in ids {
                    query = query.bind(*id);
                }
            }
        }
        query
    }
}
