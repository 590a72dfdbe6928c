//! Articles and what they belong to: sections (kanal), tags and authors
//! (penulis).

use crate::media::{Picture, Variant};
use crate::{ArticleId, AuthorId, Body, MediaId, SectionId, Slug, Status, TagId, TimeZone, UserId};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

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
    /// The uploaded image it is, with the original's width and height;
    /// `None` for an image elsewhere (imports).
    pub media: Option<(MediaId, u32, u32)>,
}

impl Image {
    /// The image at a given size: a resized variant of an upload, else the
    /// URL as given.
    pub fn picture(&self, variant: Variant) -> Picture {
        match self.media {
            Some((id, width, height)) => Picture::of_media(id, variant, width, height),
            None => Picture {
                url: self.url.clone(),
                width: None,
                height: None,
            },
        }
    }
}

/// A note telling readers what changed in a published article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// What was corrected or updated.
    pub note: String,
    /// When the note was last changed.
    pub at: DateTime<Utc>,
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
    /// Last write of any kind (what derived indexes follow).
    pub updated_at: DateTime<Utc>,
    /// When its content last changed as readers see it: an edit after
    /// publication, or the source's time for an import; the publication
    /// time when it never changed (what sitemaps, JSON-LD, feeds and
    /// `Last-Modified` say).
    pub modified_at: DateTime<Utc>,
    /// An article the editor pinned as "Baca Juga".
    pub read_also: Option<ArticleId>,
    /// Markdown the body was written in, when written in the newsroom.
    pub body_source: Option<String>,
    /// Update or correction note shown to readers.
    pub correction: Option<Correction>,
    /// When a live article is to be taken down by itself.
    pub unpublish_at: Option<DateTime<Utc>>,
    /// The user who created it in the newsroom (none for imports).
    pub owner: Option<UserId>,
    /// Why it is not public on the site it was imported from, if it is not.
    pub restriction: Option<Restriction>,
    /// Counts saves; a save based on an older version is refused, so two
    /// editors never silently overwrite each other.
    pub version: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
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
    /// Last write of any kind.
    pub updated_at: DateTime<Utc>,
    /// When its content last changed as readers see it (see
    /// [`Article::modified_at`]).
    pub modified_at: DateTime<Utc>,
    /// Featured image URL, for thumbnails.
    pub image_url: Option<String>,
    /// The featured image at list size, with its size when known.
    pub thumbnail: Option<Picture>,
    /// The featured image at article size, with its size when known.
    pub picture: Option<Picture>,
}

/// An article's content as an import or the newsroom hands it over to
/// create or replace an article, whatever its status (not to be confused
/// with [`Status::Draft`]); names (section, tags, authors) are resolved by
/// the store.
#[derive(Clone, Debug)]
pub struct ArticleContent {
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
    /// When the source last changed it (imports); none for the newsroom,
    /// whose edits of a published article the store dates itself.
    pub modified_at: Option<DateTime<Utc>>,
    /// External id of a pinned "Baca Juga" article (imports).
    pub read_also_external_id: Option<String>,
    /// A pinned "Baca Juga" article by number (the newsroom).
    pub read_also: Option<ArticleId>,
    /// Markdown the body was written in (the newsroom).
    pub body_source: Option<String>,
    /// Update or correction note; empty for none.
    pub correction_note: String,
    /// When to take the article down by itself.
    pub unpublish_at: Option<DateTime<Utc>>,
    /// Why an imported article is not public where it came from; it is
    /// then never public here either until the newsroom decides.
    pub restriction: Option<Restriction>,
}

/// Why an article coming from another site is not public there (a
/// WordPress post that is private, behind a password, or in the trash).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Restriction {
    /// Only its site's staff could read it.
    Private,
    /// Readers needed a password.
    Password,
    /// Thrown away.
    Trashed,
}

impl Restriction {
    /// Its name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Restriction::Private => "private",
            Restriction::Password => "password",
            Restriction::Trashed => "trashed",
        }
    }

    /// The restriction of a stored name.
    pub fn parse(name: &str) -> Option<Restriction> {
        match name {
            "private" => Some(Restriction::Private),
            "password" => Some(Restriction::Password),
            "trashed" => Some(Restriction::Trashed),
            _ => None,
        }
    }
}

impl ArticleContent {
    /// Empty content in a section, to fill in.
    pub fn new(title: impl Into<String>, section: Slug, section_name: impl Into<String>) -> Self {
        ArticleContent {
            external_id: None,
            slug: None,
            title: title.into(),
            lede: String::new(),
            body: Body::default(),
            section: (section, section_name.into()),
            tags: Vec::new(),
            authors: Vec::new(),
            image: None,
            outlet_prefix: String::new(),
            dateline_place: String::new(),
            status: None,
            published_at: None,
            modified_at: None,
            read_also_external_id: None,
            read_also: None,
            body_source: None,
            correction_note: String::new(),
            unpublish_at: None,
            restriction: None,
        }
    }
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
    // Fields, not `format("%Y/%m/%d")`: every card of a page makes one,
    // and a format string is parsed anew each time.
    format!(
        "/{section}/{:04}/{:02}/{:02}/{id}/{slug}",
        local.year(),
        local.month(),
        local.day()
    )
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
