//! Turning database rows into domain values, shared by every query module.

use crate::StoreError;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Row};
use warta_core::{ArticleId, ArticleSummary, Image, MediaId, Slug, Variant};

/// The summary columns, in the order [`summary_from_row`] reads them.
macro_rules! summary_fields {
    () => {
        "SELECT a.id, a.slug, a.title, a.lede, s.slug AS section_slug, \
         s.name AS section_name, a.published_at, a.updated_at, a.modified_at, a.image_url, \
         a.image_media_id, a.image_width, a.image_height"
    };
}

/// The columns every summary query selects; queries add joins and filters.
pub(crate) const SUMMARY_COLUMNS: &str = concat!(
    summary_fields!(),
    " FROM articles a JOIN sections s ON s.id = a.section_id"
);

/// [`SUMMARY_COLUMNS`] and the body.
pub(crate) const SUMMARY_AND_BODY_COLUMNS: &str = concat!(
    summary_fields!(),
    ", a.body_html FROM articles a JOIN sections s ON s.id = a.section_id"
);

/// The condition that makes an article visible to readers at time `$1`.
pub(crate) const LIVE: &str = "a.status = 'published' AND a.published_at <= $1";

/// `LIMIT n`, written into the statement instead of bound to it. SQLite
/// plans with the value of a bound LIMIT, so it marks the statement to be
/// prepared again whenever that parameter is bound anew: every time it
/// runs. Bound, the limits of the article page's queries had SQLite
/// parsing and planning on every page, a tenth of its CPU. A limit takes
/// few values, so each value's statement stays in the statement cache.
pub(crate) fn limit_to(n: i64) -> String {
    format!("LIMIT {n}")
}

/// A row's columns by name, whichever driver read it: sqlx's for every
/// query, rusqlite's for the reads of reader pages on SQLite
/// (`crate::reads`). The domain values are made from either by the same
/// code.
pub(crate) trait Columns {
    /// The value of column `name`.
    fn value<T: Column>(&self, name: &str) -> Result<T, StoreError>;
}

/// A column type both drivers decode.
pub(crate) trait Column:
    for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + rusqlite::types::FromSql
{
}

impl Column for i64 {}
impl Column for Option<i64> {}
impl Column for String {}
impl Column for Option<String> {}

impl Columns for AnyRow {
    fn value<T: Column>(&self, name: &str) -> Result<T, StoreError> {
        Ok(self.try_get(name)?)
    }
}

pub(crate) fn summary_from_row(
    row: &(impl Columns + ?Sized),
) -> Result<ArticleSummary, StoreError> {
    Ok(ArticleSummary {
        id: ArticleId(row.value("id")?),
        slug: slug(row, "slug")?,
        title: row.value("title")?,
        lede: row.value("lede")?,
        section_slug: slug(row, "section_slug")?,
        section_name: row.value("section_name")?,
        published_at: time(
            row.value::<Option<i64>>("published_at")?
                .unwrap_or_default(),
        ),
        updated_at: time(row.value("updated_at")?),
        modified_at: modified_at(row)?,
        thumbnail: image(row)?.map(|i| i.picture(Variant::Card)),
        picture: image(row)?.map(|i| i.picture(Variant::Large)),
        image_url: row.value("image_url")?,
    })
}

/// The featured image columns of an article row (without caption and
/// credit unless selected).
pub(crate) fn image(row: &(impl Columns + ?Sized)) -> Result<Option<Image>, StoreError> {
    let Some(url) = row.value::<Option<String>>("image_url")? else {
        return Ok(None);
    };
    let media = match row.value::<Option<i64>>("image_media_id")? {
        Some(id) => Some((
            MediaId(id),
            row.value::<Option<i64>>("image_width")?.unwrap_or(0) as u32,
            row.value::<Option<i64>>("image_height")?.unwrap_or(0) as u32,
        )),
        None => None,
    };
    Ok(Some(Image {
        url,
        caption: String::new(),
        credit: String::new(),
        media,
    }))
}

pub(crate) fn slug(row: &(impl Columns + ?Sized), column: &str) -> Result<Slug, StoreError> {
    let text: String = row.value(column)?;
    Slug::parse(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn time(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// When the content of the article in `row` last changed as readers see
/// it: its `modified_at`, never before its publication; the publication
/// (else the last write) when it never changed.
pub(crate) fn modified_at(row: &(impl Columns + ?Sized)) -> Result<DateTime<Utc>, StoreError> {
    let published = row.value::<Option<i64>>("published_at")?;
    let modified = row.value::<Option<i64>>("modified_at")?;
    let updated: i64 = row.value("updated_at")?;
    Ok(time(match (published, modified) {
        (Some(published), Some(modified)) => published.max(modified),
        (Some(published), None) => published,
        (None, Some(modified)) => modified,
        (None, None) => updated,
    }))
}

#[cfg(test)]
mod tests {
    /// No statement binds its LIMIT (see [`super::limit_to`]): a bound one
    /// is parsed and planned again on every run, unseen by any other test.
    #[test]
    fn no_statement_binds_its_limit() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        // Spelled in two parts, so as not to find itself.
        let needle = ["LIMIT", " $"].concat();
        let mut bound = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for (at, _) in flat.match_indices(&needle) {
                bound.push(format!("{}: {}", path.display(), &flat[at..at + 12]));
            }
        }
        assert!(bound.is_empty(), "bound limits: {bound:?}");
    }
}
