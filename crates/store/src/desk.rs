//! The desk: notes between an article's people (kept with its history),
//! the review queue and what was sent back, and who has an article open
//! in the editor now (a heartbeat every node writes and reads).

use crate::rows::time;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};
use warta_core::{ArticleId, UserId};

/// What a note records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// Something said about the article.
    Note,
    /// The article was sent for review (the note may be empty).
    Submitted,
    /// An editor sent it back to its writer.
    SentBack,
}

impl NoteKind {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Submitted => "submitted",
            NoteKind::SentBack => "sent_back",
        }
    }

    fn parse(text: &str) -> Result<NoteKind, StoreError> {
        Ok(match text {
            "note" => NoteKind::Note,
            "submitted" => NoteKind::Submitted,
            "sent_back" => NoteKind::SentBack,
            other => return Err(StoreError::Corrupt(format!("note kind {other}"))),
        })
    }
}

/// A note on an article.
#[derive(Clone, Debug)]
pub struct Note {
    /// Who wrote it (`None`: a removed user).
    pub user_name: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// What it records.
    pub kind: NoteKind,
    /// The text, as written (shown as text).
    pub body: String,
}

/// What waits for a staff member: articles in review, and their own
/// articles sent back to them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeskCounts {
    /// Articles waiting for review.
    pub review: i64,
    /// The user's own articles sent back and not sent again.
    pub sent_back: i64,
}

/// An article in the review queue, or sent back.
#[derive(Clone, Debug)]
pub struct QueuedArticle {
    /// Its number.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Its section's name.
    pub section_name: String,
    /// Its writer.
    pub owner_name: Option<String>,
    /// When it was sent (for review, or back).
    pub since: DateTime<Utc>,
    /// Who sent it.
    pub by: Option<String>,
    /// What they wrote with it.
    pub note: String,
}

/// Someone with an article open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Present {
    /// Who.
    pub user: UserId,
    /// Their name.
    pub name: String,
}

/// The latest submission or sending back of an article, as SQL: whether an
/// article is in a reporter's court is what happened last.
const LAST_HANDOVER: &str = "(SELECT n.id FROM article_notes n WHERE n.article_id = a.id \
     AND n.kind IN ('submitted', 'sent_back') ORDER BY n.id DESC LIMIT 1)";

pub(crate) async fn insert_note(
    tx: &mut Transaction<'_, Any>,
    article: i64,
    user: Option<UserId>,
    kind: NoteKind,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO article_notes (article_id, user_id, created_at, kind, body) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(article)
    .bind(user.map(|u| u.0))
    .bind(now.timestamp())
    .bind(kind.as_str())
    .bind(body.trim())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn queued_from_row(row: &sqlx::any::AnyRow) -> Result<QueuedArticle, StoreError> {
    Ok(QueuedArticle {
        id: ArticleId(row.try_get("id")?),
        title: row.try_get("title")?,
        section_name: row.try_get("section_name")?,
        owner_name: row.try_get("owner_name")?,
        since: time(row.try_get("since")?),
        by: row.try_get("by_name")?,
        note: row.try_get("note")?,
    })
}

const QUEUED: &str = "SELECT a.id, a.title, s.name AS section_name, o.name AS owner_name, \
     n.created_at AS since, b.name AS by_name, n.body AS note \
     FROM articles a JOIN sections s ON s.id = a.section_id \
     LEFT JOIN users o ON o.id = a.owner_id \
     JOIN article_notes n ON n.id = (SELECT n2.id FROM article_notes n2 \
       WHERE n2.article_id = a.id AND n2.kind IN ('submitted', 'sent_back') \
       ORDER BY n2.id DESC LIMIT 1) \
     LEFT JOIN users b ON b.id = n.user_id";

impl Store {
    /// Adds a note to an article.
    pub async fn add_note(
        &self,
        article: ArticleId,
        user: UserId,
        kind: NoteKind,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        insert_note(&mut tx, article.0, Some(user), kind, body, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An article's notes, oldest first.
    pub async fn notes(&self, article: ArticleId) -> Result<Vec<Note>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.name AS user_name, n.created_at, n.kind, n.body FROM article_notes n \
             LEFT JOIN users u ON u.id = n.user_id WHERE n.article_id = $1 ORDER BY n.id",
        )
        .bind(article.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Note {
                    user_name: row.try_get("user_name")?,
                    at: time(row.try_get("created_at")?),
                    kind: NoteKind::parse(&row.try_get::<String, _>("kind")?)?,
                    body: row.try_get("body")?,
                })
            })
            .collect()
    }

    /// What waits for `user`: articles in review (everyone's), and their
    /// own drafts whose last handover was a sending back.
    pub async fn desk_counts(&self, user: UserId) -> Result<DeskCounts, StoreError> {
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM articles WHERE status = 'review') AS review, \
             (SELECT COUNT(*) FROM articles a WHERE a.owner_id = $1 AND a.status = 'draft' \
              AND (SELECT kind FROM article_notes WHERE id = {LAST_HANDOVER}) = 'sent_back') \
             AS sent_back"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(DeskCounts {
            review: row.try_get("review")?,
            sent_back: row.try_get("sent_back")?,
        })
    }

    /// Articles in review, the longest waiting first, with who sent each
    /// and what they wrote; `owner` narrows them to one writer's.
    pub async fn review_queue(
        &self,
        owner: Option<UserId>,
    ) -> Result<Vec<QueuedArticle>, StoreError> {
        let sql = format!(
            "{QUEUED} WHERE a.status = 'review' AND ($1 = 0 OR a.owner_id = $1) \
             ORDER BY n.created_at, a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.map_or(0, |o| o.0))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(queued_from_row).collect()
    }

    /// A writer's drafts sent back to them, newest first.
    pub async fn sent_back(&self, owner: UserId) -> Result<Vec<QueuedArticle>, StoreError> {
        let sql = format!(
            "{QUEUED} WHERE a.owner_id = $1 AND a.status = 'draft' AND n.kind = 'sent_back' \
             ORDER BY n.created_at DESC, a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(queued_from_row).collect()
    }

    /// `user` has the article open at `now` on `page` (one load of the
    /// editor); returns the others who had it open within `window` seconds.
    pub async fn heartbeat(
        &self,
        article: ArticleId,
        user: UserId,
        page: &str,
        now: DateTime<Utc>,
        window: i64,
    ) -> Result<Vec<Present>, StoreError> {
        sqlx::query(
            "INSERT INTO presence (article_id, user_id, seen_at, page) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (article_id, user_id) DO UPDATE \
             SET seen_at = excluded.seen_at, page = excluded.page",
        )
        .bind(article.0)
        .bind(user.0)
        .bind(now.timestamp())
        .bind(page)
        .execute(&self.pool)
        .await?;
        self.present(article, Some(user), now, window).await
    }

    /// Who had the article open within `window` seconds of `now`, but for
    /// `except`.
    pub async fn present(
        &self,
        article: ArticleId,
        except: Option<UserId>,
        now: DateTime<Utc>,
        window: i64,
    ) -> Result<Vec<Present>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.name FROM presence p JOIN users u ON u.id = p.user_id \
             WHERE p.article_id = $1 AND p.user_id <> $2 AND p.seen_at >= $3 ORDER BY u.name",
        )
        .bind(article.0)
        .bind(except.map_or(0, |u| u.0))
        .bind(now.timestamp() - window)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Present {
                    user: UserId(row.try_get("id")?),
                    name: row.try_get("name")?,
                })
            })
            .collect()
    }

    /// `user` closed the article on `page`. Only the page that beat last
    /// ends the presence: a goodbye from a page since replaced (a reload, a
    /// second tab) can reach the server after the new page's first beat.
    pub async fn leave(
        &self,
        article: ArticleId,
        user: UserId,
        page: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM presence WHERE article_id = $1 AND user_id = $2 AND page = $3")
            .bind(article.0)
            .bind(user.0)
            .bind(page)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
