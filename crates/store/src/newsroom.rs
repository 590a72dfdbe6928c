//! The newsroom's article writes: creating and saving articles with a
//! version check, moving them through the workflow, the revisions every
//! write keeps, the jobs that publish and take down articles on time, and
//! the newsroom's article list.

use crate::desk::{NoteKind, insert_note};
use crate::rows::{slug, time};
use crate::taxonomy::{NamedIds, ensure_section};
use crate::{Refusal, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use warta_core::{
    ArticleContent, ArticleId, Body, Image, MediaId, Restriction, Slug, Status, UserId,
};

/// One saved state of an article, as the revision history shows it.
#[derive(Clone, Debug)]
pub struct Revision {
    /// The article version this revision recorded.
    pub version: i64,
    /// Who saved it (`None` for the system: the scheduler, a removed user).
    pub user_name: Option<String>,
    /// When.
    pub saved_at: DateTime<Utc>,
    /// The status after the save.
    pub status: Status,
    /// The content then.
    pub content: ArticleContent,
}

/// A row of the newsroom's article list.
#[derive(Clone, Debug, Serialize)]
pub struct NewsroomArticle {
    /// Its number.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Workflow status.
    pub status: Status,
    /// Section name.
    pub section_name: String,
    /// The user who created it, if made in the newsroom.
    pub owner_name: Option<String>,
    /// Its owner's number.
    pub owner: Option<UserId>,
    /// When it went or goes live.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Save counter.
    pub version: i64,
    /// Why it is not public on the site it was imported from, if it is not.
    pub restriction: Option<Restriction>,
}

/// What the newsroom's article list is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this section (slug).
    pub section: Option<String>,
    /// Only articles this user created.
    pub owner: Option<UserId>,
    /// Only titles containing this text (any case).
    pub title: Option<String>,
}

/// The content of a revision, as stored: plain values, so old revisions
/// stay readable however the article types evolve.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    slug: String,
    title: String,
    lede: String,
    body_html: String,
    body_source: Option<String>,
    section_slug: String,
    section_name: String,
    tags: Vec<String>,
    authors: Vec<String>,
    image: Option<SnapshotImage>,
    outlet_prefix: String,
    dateline_place: String,
    read_also: Option<i64>,
    correction_note: String,
    published_at: Option<i64>,
    unpublish_at: Option<i64>,
}

#[derive(Serialize, Deserialize)]
struct SnapshotImage {
    url: String,
    caption: String,
    credit: String,
    media: Option<(i64, u32, u32)>,
}

impl Snapshot {
    fn into_content(self) -> Result<ArticleContent, StoreError> {
        let parse = |text: &str| Slug::parse(text).map_err(|e| StoreError::Corrupt(e.to_string()));
        let mut draft =
            ArticleContent::new(self.title, parse(&self.section_slug)?, self.section_name);
        draft.slug = Some(parse(&self.slug)?);
        draft.lede = self.lede;
        draft.body = Body::from_sanitised_html(self.body_html);
        draft.body_source = self.body_source;
        draft.tags = self.tags;
        draft.authors = self.authors;
        draft.image = self.image.map(|i| Image {
            url: i.url,
            caption: i.caption,
            credit: i.credit,
            media: i.media.map(|(id, w, h)| (MediaId(id), w, h)),
        });
        draft.outlet_prefix = self.outlet_prefix;
        draft.dateline_place = self.dateline_place;
        draft.read_also = self.read_also.map(ArticleId);
        draft.correction_note = self.correction_note;
        draft.published_at = self.published_at.map(time);
        draft.unpublish_at = self.unpublish_at.map(time);
        Ok(draft)
    }
}

impl Store {
    /// Creates an article in the newsroom as a draft owned by `owner`;
    /// returns its number. Version 1 is its first revision.
    pub async fn create_article(
        &self,
        draft: &ArticleContent,
        owner: UserId,
        now: DateTime<Utc>,
    ) -> Result<ArticleId, StoreError> {
        let mut tx = self.begin_write().await?;
        let section_id = ensure_section(&mut tx, &draft.section.0, &draft.section.1).await?;
        let slug = draft
            .slug
            .clone()
            .unwrap_or_else(|| Slug::from_text(&draft.title, "artikel"));
        let row = sqlx::query(
            "INSERT INTO articles (slug, status, title, lede, body_html, section_id, outlet_prefix, \
             dateline_place, created_at, updated_at, owner_id, version) \
             VALUES ($1, 'draft', $2, '', '', $3, '', '', $4, $4, $5, 0) RETURNING id",
        )
        .bind(slug.as_str())
        .bind(draft.title.as_str())
        .bind(section_id)
        .bind(now.timestamp())
        .bind(owner.0)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        write_content(&mut tx, id, 0, draft, Some(owner), now).await?;
        tx.commit().await?;
        Ok(ArticleId(id))
    }

    /// Saves new content for an article that is at `expected_version`;
    /// returns the new version. If someone saved in between, nothing is
    /// written and the error is [`StoreError::Conflict`] with the version
    /// now stored. `draft.slug` of `None` keeps the current slug; a
    /// changed slug keeps the old one as a former slug.
    pub async fn update_article(
        &self,
        id: ArticleId,
        expected_version: i64,
        draft: &ArticleContent,
        by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let version = write_content(&mut tx, id.0, expected_version, draft, by, now).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Moves an article at `expected_version` to `to`, if the workflow
    /// allows the step. Going live sets the publication time to now unless
    /// it already went live earlier (a republished article keeps its date
    /// and URL); scheduling needs `at`, a time still to come. Returns the
    /// new version. A `note` (a submission's, a sending back's) is kept
    /// with the move, in the same transaction.
    #[expect(
        clippy::too_many_arguments,
        reason = "a move is its article, version, step, time, user, note and now"
    )]
    pub async fn move_article(
        &self,
        id: ArticleId,
        expected_version: i64,
        to: Status,
        at: Option<DateTime<Utc>>,
        by: Option<UserId>,
        note: Option<(NoteKind, &str)>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT status, published_at, version FROM articles WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("article"))?;
        let version: i64 = row.try_get("version")?;
        if version != expected_version {
            return Err(StoreError::Conflict { current: version });
        }
        let status: String = row.try_get("status")?;
        let from: Status = status
            .parse()
            .map_err(|e: warta_core::StatusError| StoreError::Corrupt(e.to_string()))?;
        if !from.can_become(to) {
            return Err(StoreError::Refused(Refusal::Step { from, to }));
        }
        let published_at: Option<i64> = row.try_get("published_at")?;
        let now_s = now.timestamp();
        let published_at = match to {
            Status::Published => Some(published_at.filter(|t| *t <= now_s).unwrap_or(now_s)),
            Status::Scheduled => match at {
                Some(at) if at > now => Some(at.timestamp()),
                Some(_) => return Err(StoreError::Refused(Refusal::ScheduleInPast)),
                None => return Err(StoreError::Refused(Refusal::ScheduleNeedsTime)),
            },
            // A date still to come belonged to the schedule being withdrawn.
            Status::Draft | Status::Review => published_at.filter(|t| *t <= now_s),
            Status::Unpublished => published_at,
        };
        // Taken down, an article has no take-down still to come (else a
        // republished article would go down again at once). A move by the
        // schedule (no user) is not the newsroom changing an imported
        // article: the next import still finds it as it left it.
        let done = sqlx::query(
            "UPDATE articles SET status = $1, published_at = $2, updated_at = $3, \
             unpublish_at = CASE WHEN $1 = 'unpublished' THEN NULL ELSE unpublish_at END, \
             imported_version = CASE WHEN $6 AND imported_version = version THEN version + 1 \
             ELSE imported_version END, \
             version = version + 1 WHERE id = $4 AND version = $5",
        )
        .bind(to.as_str())
        .bind(published_at)
        .bind(now_s)
        .bind(id.0)
        .bind(version)
        .bind(by.is_none())
        .execute(&mut *tx)
        .await?;
        // Another move committed between the read and this write (on
        // PostgreSQL the update then finds no row at that version): the
        // same conflict as a stale version read, not a duplicate revision.
        if done.rows_affected() == 0 {
            let current = sqlx::query("SELECT version FROM articles WHERE id = $1")
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?
                .try_get("version")?;
            return Err(StoreError::Conflict { current });
        }
        record_revision(&mut tx, id.0, version + 1, by, now).await?;
        if let Some((kind, body)) = note {
            insert_note(&mut tx, id.0, by, kind, body, now).await?;
        }
        tx.commit().await?;
        Ok(version + 1)
    }

    /// Publishes every scheduled article whose time has come; returns them.
    pub async fn publish_due(&self, now: DateTime<Utc>) -> Result<Vec<ArticleId>, StoreError> {
        self.run_due(
            "SELECT id, version FROM articles WHERE status = 'scheduled' AND published_at <= $1",
            Status::Published,
            now,
        )
        .await
    }

    /// Takes down every live article whose take-down time has come.
    pub async fn unpublish_due(&self, now: DateTime<Utc>) -> Result<Vec<ArticleId>, StoreError> {
        self.run_due(
            // Bounded on both sides, so the planner takes the take-down
            // index (a handful of rows) over the live one (every article).
            "SELECT id, version FROM articles \
             WHERE unpublish_at IS NOT NULL AND unpublish_at <= $1 AND status = 'published'",
            Status::Unpublished,
            now,
        )
        .await
    }

    async fn run_due(
        &self,
        due: &'static str,
        to: Status,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let rows = sqlx::query(due)
            .bind(now.timestamp())
            .fetch_all(&self.pool)
            .await?;
        let mut moved = Vec::new();
        for row in rows {
            let id = ArticleId(row.try_get("id")?);
            let version: i64 = row.try_get("version")?;
            match self
                .move_article(id, version, to, None, None, None, now)
                .await
            {
                Ok(_) => moved.push(id),
                // Someone (or another node) moved it meanwhile: their move stands.
                Err(StoreError::Conflict { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(moved)
    }

    /// Every revision of an article, newest first.
    pub async fn revisions(&self, id: ArticleId) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.version, r.saved_at, r.status, r.content, u.name AS user_name \
             FROM revisions r LEFT JOIN users u ON u.id = r.user_id \
             WHERE r.article_id = $1 ORDER BY r.version DESC",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let content: String = row.try_get("content")?;
                let snapshot: Snapshot = serde_json::from_str(&content)
                    .map_err(|e| StoreError::Corrupt(format!("revision: {e}")))?;
                let status: String = row.try_get("status")?;
                Ok(Revision {
                    version: row.try_get("version")?,
                    user_name: row.try_get("user_name")?,
                    saved_at: time(row.try_get("saved_at")?),
                    status: status
                        .parse()
                        .map_err(|e: warta_core::StatusError| StoreError::Corrupt(e.to_string()))?,
                    content: snapshot.into_content()?,
                })
            })
            .collect()
    }

    /// The newsroom's article list: newest change first.
    pub async fn newsroom_articles(
        &self,
        filter: &ArticleFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<NewsroomArticle>, i64), StoreError> {
        let mut conditions = vec!["1 = 1".to_owned()];
        let mut texts: Vec<String> = Vec::new();
        let mut numbers: Vec<i64> = Vec::new();
        // Text placeholders come first, numbers after them.
        if let Some(status) = filter.status {
            texts.push(status.as_str().into());
            conditions.push(format!("a.status = ${}", texts.len()));
        }
        if let Some(section) = &filter.section {
            texts.push(section.clone());
            conditions.push(format!("s.slug = ${}", texts.len()));
        }
        if let Some(title) = &filter.title {
            let escaped = title
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            texts.push(format!("%{escaped}%"));
            conditions.push(format!("LOWER(a.title) LIKE ${} ESCAPE '\\'", texts.len()));
        }
        if let Some(owner) = filter.owner {
            numbers.push(owner.0);
            conditions.push(format!("a.owner_id = ${}", texts.len() + numbers.len()));
        }
        let base = format!(
            "FROM articles a JOIN sections s ON s.id = a.section_id \
             LEFT JOIN users u ON u.id = a.owner_id WHERE {}",
            conditions.join(" AND ")
        );
        let bind_all = |sql: String| {
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for text in &texts {
                query = query.bind(text.clone());
            }
            for number in &numbers {
                query = query.bind(*number);
            }
            query
        };
        let total: i64 = bind_all(format!("SELECT COUNT(*) AS n {base}"))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let n = texts.len() + numbers.len();
        let rows = bind_all(format!(
            "SELECT a.id, a.title, a.status, s.name AS section_name, u.name AS owner_name, \
             a.owner_id, a.published_at, a.updated_at, a.version, a.import_restriction {base} \
             ORDER BY a.updated_at DESC, a.id DESC {} OFFSET ${}",
            crate::rows::limit_to(limit),
            n + 1
        ))
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let list = rows
            .iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(NewsroomArticle {
                    id: ArticleId(row.try_get("id")?),
                    title: row.try_get("title")?,
                    status: status
                        .parse()
                        .map_err(|e: warta_core::StatusError| StoreError::Corrupt(e.to_string()))?,
                    section_name: row.try_get("section_name")?,
                    owner_name: row.try_get("owner_name")?,
                    owner: row.try_get::<Option<i64>, _>("owner_id")?.map(UserId),
                    published_at: row.try_get::<Option<i64>, _>("published_at")?.map(time),
                    updated_at: time(row.try_get("updated_at")?),
                    version: row.try_get("version")?,
                    restriction: row
                        .try_get::<Option<String>, _>("import_restriction")?
                        .as_deref()
                        .and_then(Restriction::parse),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((list, total))
    }
}

/// Writes `draft` over article `id` if it is still at `expected`, records
/// the revision, and returns the new version.
async fn write_content(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    expected: i64,
    draft: &ArticleContent,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let current = sqlx::query("SELECT slug, version, correction_note FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("article"))?;
    let version: i64 = current.try_get("version")?;
    if version != expected {
        return Err(StoreError::Conflict { current: version });
    }
    let old_slug = slug(&current, "slug")?;
    let new_slug = draft.slug.clone().unwrap_or_else(|| old_slug.clone());
    let old_note: String = current.try_get("correction_note")?;
    let section_id = ensure_section(tx, &draft.section.0, &draft.section.1).await?;
    if let Some(target) = draft.read_also {
        let exists = sqlx::query("SELECT 1 AS found FROM articles WHERE id = $1")
            .bind(target.0)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_none() || target.0 == id {
            return Err(StoreError::Refused(Refusal::UnknownReadAlso(target)));
        }
    }
    let image = draft.image.as_ref();
    let media = image.and_then(|i| i.media);
    let note = draft.correction_note.trim();
    let done = sqlx::query(
        "UPDATE articles SET slug = $1, title = $2, lede = $3, body_html = $4, body_source = $5, \
         section_id = $6, image_url = $7, image_caption = $8, image_credit = $9, \
         image_media_id = $10, image_width = $11, image_height = $12, outlet_prefix = $13, \
         dateline_place = $14, read_also_id = $15, correction_note = $16, \
         correction_at = CASE WHEN $16 = '' THEN NULL WHEN $16 = $17 THEN correction_at ELSE $18 END, \
         unpublish_at = $19, updated_at = $18, version = version + 1 \
         WHERE id = $20 AND version = $21",
    )
    .bind(new_slug.as_str())
    .bind(draft.title.as_str())
    .bind(draft.lede.as_str())
    .bind(draft.body.as_html())
    .bind(draft.body_source.as_deref())
    .bind(section_id)
    .bind(image.map(|i| i.url.as_str()))
    .bind(image.map_or("", |i| i.caption.as_str()))
    .bind(image.map_or("", |i| i.credit.as_str()))
    .bind(media.map(|m| m.0.0))
    .bind(media.map(|m| i64::from(m.1)))
    .bind(media.map(|m| i64::from(m.2)))
    .bind(draft.outlet_prefix.as_str())
    .bind(draft.dateline_place.as_str())
    .bind(draft.read_also.map(|a| a.0))
    .bind(note)
    .bind(old_note.as_str())
    .bind(now.timestamp())
    .bind(draft.unpublish_at.map(|t| t.timestamp()))
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict { current: version });
    }
    if old_slug != new_slug {
        sqlx::query(
            "INSERT INTO former_slugs (article_id, slug) VALUES ($1, $2) \
             ON CONFLICT (article_id, slug) DO NOTHING",
        )
        .bind(id)
        .bind(old_slug.as_str())
        .execute(&mut **tx)
        .await?;
        // A slug given back to the article is current again, not former.
        sqlx::query("DELETE FROM former_slugs WHERE article_id = $1 AND slug = $2")
            .bind(id)
            .bind(new_slug.as_str())
            .execute(&mut **tx)
            .await?;
    }
    replace_tags_and_authors(tx, id, &draft.tags, &draft.authors).await?;
    record_revision(tx, id, version + 1, by, now).await?;
    Ok(version + 1)
}

/// Gives the article these tags and authors, in this order, instead of
/// those it had.
pub(crate) async fn replace_tags_and_authors(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    tags: &[String],
    authors: &[String],
) -> Result<(), StoreError> {
    unlink_tags_and_authors(tx, id).await?;
    link_tags_and_authors(tx, id, tags, authors, &mut NamedIds::default()).await
}

/// Takes the article's tags and authors away.
pub(crate) async fn unlink_tags_and_authors(
    tx: &mut Transaction<'_, Any>,
    id: i64,
) -> Result<(), StoreError> {
    for table in ["article_tags", "article_authors"] {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE article_id = $1"
        )))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Gives an article that has none these tags and authors, in this order
/// (a name given twice once), taking their ids from `names` when the
/// transaction met them before.
pub(crate) async fn link_tags_and_authors(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    tags: &[String],
    authors: &[String],
    names: &mut NamedIds,
) -> Result<(), StoreError> {
    let (tag_ids, author_ids) = tag_and_author_ids(tx, tags, authors, names).await?;
    insert_links(tx, Link::Tag, &positioned(id, &tag_ids)).await?;
    insert_links(tx, Link::Author, &positioned(id, &author_ids)).await
}

/// The ids of these tags and authors, in their order, each once; those
/// not known yet are made.
pub(crate) async fn tag_and_author_ids(
    tx: &mut Transaction<'_, Any>,
    tags: &[String],
    authors: &[String],
    names: &mut NamedIds,
) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
    let mut tag_ids = Vec::new();
    for name in tags.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let tag = names.tag(tx, name).await?;
        if !tag_ids.contains(&tag) {
            tag_ids.push(tag);
        }
    }
    let mut author_ids = Vec::new();
    for name in authors.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let author = names.author(tx, name).await?;
        if !author_ids.contains(&author) {
            author_ids.push(author);
        }
    }
    Ok((tag_ids, author_ids))
}

/// What an article is linked to: its tags or its authors.
#[derive(Clone, Copy)]
pub(crate) enum Link {
    Tag,
    Author,
}

/// Rows of a link table, (article, tag or author, position), for `targets`
/// in their order.
pub(crate) fn positioned(article: i64, targets: &[i64]) -> Vec<(i64, i64, i64)> {
    (0..)
        .zip(targets)
        .map(|(at, target)| (article, *target, at))
        .collect()
}

/// Rows of a link table, at most 200 a statement: SQLite finds a bound
/// parameter's name by walking the statement's list of them, so binding
/// costs the square of their number (with a thousand rows, 6.6 % of a
/// million-article import's samples).
pub(crate) async fn insert_links(
    tx: &mut Transaction<'_, Any>,
    link: Link,
    rows: &[(i64, i64, i64)],
) -> Result<(), StoreError> {
    let (table, column) = match link {
        Link::Tag => ("article_tags", "tag_id"),
        Link::Author => ("article_authors", "author_id"),
    };
    for chunk in rows.chunks(200) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let mut query = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO {table} (article_id, {column}, position) VALUES {}",
            values.join(", ")
        )));
        for (article, target, position) in chunk {
            query = query.bind(*article).bind(*target).bind(*position);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Stores the article as it now is (inside the same transaction) as
/// revision `version`.
pub(crate) async fn record_revision(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT a.*, s.slug AS section_slug, s.name AS section_name \
         FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let tags = names_of(
        tx,
        "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
         WHERE at.article_id = $1 ORDER BY at.position",
        id,
    )
    .await?;
    let authors = names_of(
        tx,
        "SELECT p.name FROM article_authors aa JOIN authors p ON p.id = aa.author_id \
         WHERE aa.article_id = $1 ORDER BY aa.position",
        id,
    )
    .await?;
    let image_url: Option<String> = row.try_get("image_url")?;
    let media_id: Option<i64> = row.try_get("image_media_id")?;
    let snapshot = Snapshot {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        lede: row.try_get("lede")?,
        body_html: row.try_get("body_html")?,
        body_source: row.try_get("body_source")?,
        section_slug: row.try_get("section_slug")?,
        section_name: row.try_get("section_name")?,
        tags,
        authors,
        image: match image_url {
            Some(url) => Some(SnapshotImage {
                url,
                caption: row.try_get("image_caption")?,
                credit: row.try_get("image_credit")?,
                media: match media_id {
                    Some(m) => Some((
                        m,
                        row.try_get::<Option<i64>, _>("image_width")?.unwrap_or(0) as u32,
                        row.try_get::<Option<i64>, _>("image_height")?.unwrap_or(0) as u32,
                    )),
                    None => None,
                },
            }),
            None => None,
        },
        outlet_prefix: row.try_get("outlet_prefix")?,
        dateline_place: row.try_get("dateline_place")?,
        read_also: row.try_get("read_also_id")?,
        correction_note: row.try_get("correction_note")?,
        published_at: row.try_get("published_at")?,
        unpublish_at: row.try_get("unpublish_at")?,
    };
    let status: String = row.try_get("status")?;
    let content = serde_json::to_string(&snapshot)
        .map_err(|e| StoreError::Corrupt(format!("revision: {e}")))?;
    sqlx::query(
        "INSERT INTO revisions (article_id, version, user_id, saved_at, status, content) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(version)
    .bind(by.map(|u| u.0))
    .bind(now.timestamp())
    .bind(status)
    .bind(content)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn names_of(
    tx: &mut Transaction<'_, Any>,
    sql: &'static str,
    id: i64,
) -> Result<Vec<String>, StoreError> {
    sqlx::query(sql)
        .bind(id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok(r.try_get::<String, _>("name")?))
        .collect()
}
