//! The reader site.

mod article;
mod cache;
mod crawlers;
mod lists;
mod search;
