//! The public site: home, sections (kanal), articles, tags, authors,
//! Terkini, Terpopuler, the day archive (indeks), search and a story's
//! Kronologi (topik). Handlers are
//! thin: they read the store and the snapshots, build a page view from
//! [`page`]'s parts and render the theme's template.

pub mod archive;
pub mod article;
pub mod assets;
pub mod cache;
pub mod errors;
pub mod home;
pub mod legacy;
pub mod listing;
pub mod live;
pub mod loaded;
pub mod page;
pub mod search;
pub mod story;
