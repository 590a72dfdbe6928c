//! The reader site.

mod article;
mod breaking;
mod cache;
mod crawlers;
mod lists;
mod live;
mod search;
pub mod stories;
