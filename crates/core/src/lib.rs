//! Warta's newsroom vocabulary and rules.
//!
//! Everything here is plain data and pure functions: no I/O, no async, no
//! database. The store, the search index and the web application all speak
//! in these types, so an [`ArticleId`] means the same thing everywhere.

// No `unsafe` here at all (the workspace only denies it, for the one
// audited file mapping in `warta::ranking::packed`).
#![forbid(unsafe_code)]

mod article;
mod body;
mod calendar;
mod ids;
mod media;
mod roles;
mod slug;
mod workflow;

pub use article::{
    Article, ArticleContent, ArticleSummary, Author, Correction, Image, Restriction, Section, Tag,
    article_path,
};
pub use body::{Body, escape_html};
pub use calendar::{
    Locale, TimeZone, format_clock, format_count, format_date, format_dateline, format_relative,
};
pub use ids::{ArticleId, AuthorId, MediaId, SectionId, TagId, UserId};
pub use media::{Picture, Variant, media_path};
pub use roles::{Role, UnknownRole};
pub use slug::{RESERVED_PATHS, Slug, SlugError};
pub use workflow::{Status, StatusError};
