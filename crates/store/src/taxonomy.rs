//! Sections (kanal), tags and authors (penulis): looked up by slug, created on
//! first use by imports and the newsroom.

use crate::rows::slug;
use crate::{Store, StoreError};
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
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
        let mut tx = self.pool.begin().await?;
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

/// Finds a section by slug or creates it with this name.
pub(crate) async fn ensure_section(
    tx: &mut Transaction<'_, Any>,
    slug: &Slug,
    name: &str,
) -> Result<i64, StoreError> {
    ensure_named(tx, "sections", slug, name).await
}

/// Finds a tag by the slug of its name or creates it.
pub(crate) async fn ensure_tag(
    tx: &mut Transaction<'_, Any>,
    name: &str,
) -> Result<i64, StoreError> {
    ensure_named(tx, "tags", &Slug::from_text(name, "tag"), name).await
}

/// Finds an author by the slug of their name or creates them.
pub(crate) async fn ensure_author(
    tx: &mut Transaction<'_, Any>,
    name: &str,
) -> Result<i64, StoreError> {
    ensure_named(tx, "authors", &Slug::from_text(name, "penulis"), name).await
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
