//! The reader site.

mod article;
mod cache;
mod lists;
mod search;
