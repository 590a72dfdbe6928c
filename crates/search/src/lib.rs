//! Indonesian text analysis: the words of a news text as comparable terms.
//!
//! [`stem`] reduces an inflected or derived Indonesian word to its root
//! ("menguasai", "dikuasai" and "kuasai" all become "kuasa"); [`terms`]
//! tokenises, lower-cases, drops stop words and numbers, folds
//! reduplication ("anak-anak") and stems. Search and relatedness both use
//! [`terms`], so a query and an article are analysed the same way.
//!
//! [`SearchIndex`] is the full-text index (tantivy) over the same analysis:
//! derived data, rebuilt from the database whenever it is missing or
//! damaged.

// No `unsafe` here at all (the workspace only denies it, for the one
// audited file mapping in `warta::ranking::packed`).
#![forbid(unsafe_code)]

mod abbreviations;
mod analyzer;
mod bonus;
mod fnv;
mod index;
mod stem;
mod stop_words;
mod tokens;

pub use abbreviations::{Abbreviation, Abbreviations, Expansion};
pub use index::{
    Hit, IndexBuild, IndexedArticle, Marks, Opened, PASSAGE_SOURCE_CHARS, SearchError, SearchIndex,
    SearchQuery, SearchResults, WRITER_MEMORY,
};
pub use stem::stem;
pub use stop_words::is_stop_word;
pub use tokens::{Analyzer, terms};
