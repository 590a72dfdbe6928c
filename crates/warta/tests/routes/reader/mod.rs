//! The reader site.

mod article;
mod lists;
mod search;
