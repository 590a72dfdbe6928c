//! Ranking in plain Rust: which articles are related to which, which
//! story an article belongs to, and which views count. Pure functions and in-memory structures with their unit
//! tests; the jobs and handlers feed them from the store.

mod neighbour_lists;
mod neighbours;
mod packed;
mod related;
mod snapshot;
mod stories;
mod views;

pub use related::{RelatedAnswers, RelatedIndex, RelatedPolicy};
pub use snapshot::Saved;
pub use stories::{Placement, StoryPolicy};
pub use views::{Source, ViewCounter, counts_as_reader, is_bot};
