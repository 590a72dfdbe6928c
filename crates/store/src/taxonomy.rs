//! Sections (kanal), tags and authors (penulis): looked up by slug, created on
//! first use by imports and the newsroom.

use crate::rows::slug;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::HashMap;
use warta_core::{Author, AuthorId, Section, SectionId, Slug, Tag, TagId};

impl Store {
    /// All sections, in menu order then by name.
    pub async fn sections(&self) -> Result<Vec<Section>, StoreError> {
        let rows = sqlx::query("SELECT id, slug, name FROM sections ORDER BY position, name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Section {
                    id: SectionId(row.try_get("id")?),
                    slug: slug(row, "slug")?,
                    name: row.try_get("name")?,
                })
            })
            .collect()
    }

    /// The section with this slug.
    pub async fn section(&self, slug_text: &str) -> Result<Section, StoreError> {
        let (id, slug, name) = self.named("sections", "section", slug_text).await?;
        Ok(Section {
            id: SectionId(id),
            slug,
            name,
        })
    }

    /// The tag with this slug.
    pub async fn tag(&self, slug_text: &str) -> Result<Tag, StoreError> {
        let (id, slug, name) = self.named("tags", "tag", slug_text).await?;
        Ok(Tag {
            id: TagId(id),
            slug,
            name,
        })
    }

    /// The author with this slug.
    pub async fn author(&self, slug_text: &str) -> Result<Author, StoreError> {
        let (id, slug, name) = self.named("authors", "author", slug_text).await?;
        Ok(Author {
            id: AuthorId(id),
            slug,
            name,
        })
    }

    /// Id, slug and name of a row of `table` (one of our constants, never
    /// input) by slug.
    async fn named(
        &self,
        table: &'static str,
        what: &'static str,
        slug_text: &str,
    ) -> Result<(i64, Slug, String), StoreError> {
        let sql = format!("SELECT id, slug, name FROM {table} WHERE slug = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(slug_text)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound(what))?;
        Ok((
            row.try_get("id")?,
            slug(&row, "slug")?,
            row.try_get("name")?,
        ))
    }

    /// Sets the order sections appear in menus; unnamed sections follow.
    pub async fn set_section_order(&self, slugs: &[Slug]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sections SET position = 1000")
            .execute(&mut *tx)
            .await?;
        for (position, slug) in slugs.iter().enumerate() {
            sqlx::query("UPDATE sections SET position = $1 WHERE slug = $2")
                .bind(position as i64)
                .bind(slug.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Adds a section at the end of the menu; fails with
    /// [`StoreError::Duplicate`] when the slug is taken.
    pub async fn add_section(&self, slug: &Slug, name: &str) -> Result<SectionId, StoreError> {
        let taken = sqlx::query("SELECT 1 AS found FROM sections WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate("a section with this address"));
        }
        let row = sqlx::query(
            "INSERT INTO sections (slug, name, position) \
             VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections)) RETURNING id",
        )
        .bind(slug.as_str())
        .bind(name.trim())
        .fetch_one(&self.pool)
        .await?;
        Ok(SectionId(row.try_get("id")?))
    }

    /// Renames a section (its address stays).
    pub async fn rename_section(&self, id: SectionId, name: &str) -> Result<(), StoreError> {
        self.rename("sections", "section", id.0, name).await
    }

    /// Tags with how many articles carry each, most used first.
    pub async fn tags_with_counts(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<(Tag, i64)>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT t.id, t.slug, t.name, COUNT(at.article_id) AS n FROM tags t \
             LEFT JOIN article_tags at ON at.tag_id = t.id GROUP BY t.id, t.slug, t.name \
             ORDER BY n DESC, t.name {} OFFSET $1",
            crate::rows::limit_to(limit)
        )))
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    Tag {
                        id: TagId(row.try_get("id")?),
                        slug: slug(row, "slug")?,
                        name: row.try_get("name")?,
                    },
                    row.try_get("n")?,
                ))
            })
            .collect()
    }

    /// Renames a tag (its address stays).
    pub async fn rename_tag(&self, id: TagId, name: &str) -> Result<(), StoreError> {
        self.rename("tags", "tag", id.0, name).await
    }

    /// Removes a tag from every article and deletes it; the articles are
    /// marked changed so feeds and indexes follow.
    pub async fn delete_tag(
        &self,
        id: TagId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE articles SET updated_at = $1 \
             WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = $2)",
        )
        .bind(now.timestamp())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM article_tags WHERE tag_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM tags WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("tag"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// `table` is one of our own constants, never input.
    async fn rename(
        &self,
        table: &'static str,
        what: &'static str,
        id: i64,
        name: &str,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE {table} SET name = $1 WHERE id = $2");
        let done = sqlx::query(AssertSqlSafe(sql))
            .bind(name.trim())
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(what));
        }
        Ok(())
    }
}

/// Finds a section by slug or creates it with this name.
pub(crate) async fn ensure_section(
    tx: &mut Transaction<'_, Any>,
    slug: &Slug,
    name: &str,
) -> Result<i64, StoreError> {
    ensure_named(tx, "sections", slug, name).await
}

/// The slug a tag is found by, from its name (its page is `/tag/SLUG`).
pub fn tag_slug(name: &str) -> Slug {
    Slug::from_text(name, "tag")
}

/// The slug an author is found by, from their name (their page is
/// `/penulis/SLUG`).
pub fn author_slug(name: &str) -> Slug {
    Slug::from_text(name, "penulis")
}

/// The tags and authors one transaction found or made, by table and
/// slug, so a batch of thousands of articles asks for each name once.
#[derive(Default)]
pub(crate) struct NamedIds(HashMap<(&'static str, String), i64>);

impl NamedIds {
    /// Finds a tag by the slug of its name or creates it.
    pub(crate) async fn tag(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        name: &str,
    ) -> Result<i64, StoreError> {
        self.ensure(tx, "tags", tag_slug(name), name).await
    }

    /// Finds an author by the slug of their name or creates them.
    pub(crate) async fn author(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        name: &str,
    ) -> Result<i64, StoreError> {
        self.ensure(tx, "authors", author_slug(name), name).await
    }

    /// Learns the ids of those of these tags and authors that exist, a
    /// statement per 500 names instead of two per name.
    pub(crate) async fn prefetch<'n>(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        tags: impl Iterator<Item = &'n str>,
        authors: impl Iterator<Item = &'n str>,
    ) -> Result<(), StoreError> {
        let tags: Vec<String> = tags
            .map(|name| tag_slug(name.trim()).as_str().to_owned())
            .collect();
        let authors: Vec<String> = authors
            .map(|name| author_slug(name.trim()).as_str().to_owned())
            .collect();
        for (table, slugs) in [("tags", tags), ("authors", authors)] {
            let mut slugs: Vec<String> = slugs
                .into_iter()
                .filter(|slug| !self.0.contains_key(&(table, slug.clone())))
                .collect();
            slugs.sort_unstable();
            slugs.dedup();
            for chunk in slugs.chunks(500) {
                let placeholders: Vec<String> =
                    (1..=chunk.len()).map(|i| format!("${i}")).collect();
                let mut query = sqlx::query(AssertSqlSafe(format!(
                    "SELECT id, slug FROM {table} WHERE slug IN ({})",
                    placeholders.join(", ")
                )));
                for slug in chunk {
                    query = query.bind(slug.as_str());
                }
                for row in query.fetch_all(&mut **tx).await? {
                    self.0
                        .insert((table, row.try_get("slug")?), row.try_get("id")?);
                }
            }
        }
        Ok(())
    }

    async fn ensure(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        table: &'static str,
        slug: Slug,
        name: &str,
    ) -> Result<i64, StoreError> {
        let key = (table, slug.as_str().to_owned());
        if let Some(id) = self.0.get(&key) {
            return Ok(*id);
        }
        let id = ensure_named(tx, table, &slug, name).await?;
        self.0.insert(key, id);
        Ok(id)
    }
}

/// `table` is one of our own constants, never input.
async fn ensure_named(
    tx: &mut Transaction<'_, Any>,
    table: &'static str,
    slug: &Slug,
    name: &str,
) -> Result<i64, StoreError> {
    let insert =
        format!("INSERT INTO {table} (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING");
    sqlx::query(AssertSqlSafe(insert))
        .bind(slug.as_str())
        .bind(name)
        .execute(&mut **tx)
        .await?;
    let select = format!("SELECT id FROM {table} WHERE slug = $1");
    let row = sqlx::query(AssertSqlSafe(select))
        .bind(slug.as_str())
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("id")?)
}

impl Store {
    /// The newsroom's own abbreviations: (abbreviation, long form), by
    /// abbreviation.
    pub async fn abbreviations(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT short, long_form FROM abbreviations ORDER BY short")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("short")?, row.try_get("long_form")?)))
            .collect()
    }

    /// Adds an abbreviation, or gives one another long form.
    pub async fn set_abbreviation(
        &self,
        short: &str,
        long_form: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO abbreviations (short, long_form, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (short) DO UPDATE SET long_form = excluded.long_form",
        )
        .bind(short)
        .bind(long_form)
        .bind(now.timestamp())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes one of the newsroom's abbreviations.
    pub async fn delete_abbreviation(&self, short: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM abbreviations WHERE short = $1")
            .bind(short)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("abbreviation"));
        }
        Ok(())
    }
}
