//! Articles and what they belong to: sections (kanal), tags and authors
//! (penulis).

use crate::{ArticleId, AuthorId, Body, SectionId, Slug, Status, TagId, TimeZone};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A section (kanal) of the portal, such as `news` or `bola`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its number.
    pub id: SectionId,
    /// Its URL name: `/{slug}`.
    pub slug: Slug,
    /// Its display name.
    pub name: String,
}

/// A tag: a keyword that groups articles across sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// Its number.
    pub id: TagId,
    /// Its URL name: `/tag/{slug}`.
    pub slug: Slug,
    /// Its display name.
    pub name: String,
}

/// A person who writes for the portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Author {
    /// Its number.
    pub id: AuthorId,
    /// Its URL name: `/penulis/{slug}`.
    pub slug: Slug,
    /// Display name, shown in the byline.
    pub name: String,
}

/// A featured image with what readers see under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Image {
    /// Where the image is served from.
    pub url: String,
    /// Caption under the image.
    pub caption: String,
    /// Who made it ("Antara/Fulan").
    pub credit: String,
}

/// A whole article, as the article page and the newsroom need it.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    /// Its number, part of its URL.
    pub id: ArticleId,
    /// The id it had in the system it was imported from, if any.
    pub external_id: Option<String>,
    /// Current slug; former slugs redirect here.
    pub slug: Slug,
    /// Where it stands in the workflow.
    pub status: Status,
    /// Headline.
    pub title: String,
    /// Short summary shown in lists, feeds and previews; may be empty.
    pub lede: String,
    /// Sanitised body.
    pub body: Body,
    /// The section it is filed in.
    pub section: Section,
    /// Tags, in the order the editor gave them.
    pub tags: Vec<Tag>,
    /// Authors, in byline order.
    pub authors: Vec<Author>,
    /// Featured image.
    pub image: Option<Image>,
    /// Outlet prefix that opens the body ("Suara.com"); empty means the
    /// portal's own name.
    pub outlet_prefix: String,
    /// Place named before the outlet prefix ("Jakarta"); may be empty.
    pub dateline_place: String,
    /// When it went (or goes) live.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// An article the editor pinned as "Baca Juga".
    pub read_also: Option<ArticleId>,
}

/// What lists (Terkini, Berita Terkait, section pages, feeds) show of an
/// article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    /// Its number.
    pub id: ArticleId,
    /// Current slug.
    pub slug: Slug,
    /// Headline.
    pub title: String,
    /// Short summary; may be empty.
    pub lede: String,
    /// Section slug, for the URL.
    pub section_slug: Slug,
    /// Section name, shown as a label.
    pub section_name: String,
    /// When it went live.
    pub published_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Featured image URL, for thumbnails.
    pub image_url: Option<String>,
}

/// What an import or the newsroom hands over to create or replace an
/// article; names (section, tags, authors) are resolved by the store.
#[derive(Clone, Debug)]
pub struct ArticleDraft {
    /// Id in the system it comes from; re-importing the same id updates.
    pub external_id: Option<String>,
    /// Slug to use; made from the title when absent.
    pub slug: Option<Slug>,
    /// Headline.
    pub title: String,
    /// Short summary.
    pub lede: String,
    /// Body.
    pub body: Body,
    /// Section slug and display name.
    pub section: (Slug, String),
    /// Tag display names.
    pub tags: Vec<String>,
    /// Author display names, in byline order.
    pub authors: Vec<String>,
    /// Featured image.
    pub image: Option<Image>,
    /// Outlet prefix ("Suara.com").
    pub outlet_prefix: String,
    /// Dateline place ("Jakarta").
    pub dateline_place: String,
    /// Workflow status.
    pub status: Option<Status>,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// External id of a pinned "Baca Juga" article.
    pub read_also_external_id: Option<String>,
}

/// The path of an article page: `/{section}/{yyyy}/{mm}/{dd}/{id}/{slug}`,
/// dated in the portal's time zone.
pub fn article_path(
    section: &Slug,
    published_at: DateTime<Utc>,
    id: ArticleId,
    slug: &Slug,
    tz: &TimeZone,
) -> String {
    let local = tz.local(published_at);
    format!("/{section}/{}/{id}/{slug}", local.format("%Y/%m/%d"))
}

impl Article {
    /// The article page path, dated by publication (or last change while
    /// unpublished).
    pub fn path(&self, tz: &TimeZone) -> String {
        article_path(
            &self.section.slug,
            self.published_at.unwrap_or(self.updated_at),
            self.id,
            &self.slug,
            tz,
        )
    }

    /// Whether readers may see it now.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.status == Status::Published && self.published_at.is_some_and(|t| t <= now)
    }
}

impl ArticleSummary {
    /// The article page path.
    pub fn path(&self, tz: &TimeZone) -> String {
        article_path(
            &self.section_slug,
            self.published_at,
            self.id,
            &self.slug,
            tz,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn path_uses_the_local_date() {
        // 18:00 UTC on the 7th is 01:00 WIB on the 8th.
        let t = Utc.with_ymd_and_hms(2024, 12, 7, 18, 0, 0).unwrap();
        let tz = TimeZone::parse("Asia/Jakarta").unwrap();
        let path = article_path(
            &Slug::parse("internasional").unwrap(),
            t,
            ArticleId(42),
            &Slug::parse("assad-jatuh").unwrap(),
            &tz,
        );
        assert_eq!(path, "/internasional/2024/12/08/42/assad-jatuh");
    }
}
