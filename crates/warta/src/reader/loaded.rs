//! What an article page read from the store, kept by the page cache so
//! the page can be made again without the store when only the site-wide
//! lists changed (see `reader::cache`). Reading it is
//! `LoadedArticle::load`, beside the article page.

use crate::body::Pictures;
use std::time::Instant;
use warta_core::{Article, ArticleSummary};
use warta_store::{LiveBlog, LiveEntry, Story};

/// What an article's page shows besides the site-wide lists: the article
/// and the articles it links to (Baca Juga and Berita Terkait), as read
/// from the store.
#[derive(Debug)]
pub struct LoadedArticle {
    /// The article.
    pub article: Article,
    /// Its related articles, most related first.
    pub related: Vec<ArticleSummary>,
    /// The Baca Juga article the newsroom chose, if any and live.
    pub pinned: Option<ArticleSummary>,
    /// The library images its body shows.
    pub pictures: Pictures,
    /// Its live blog, with every entry oldest first, if it was ever live.
    pub live: Option<(LiveBlog, Vec<LiveEntry>)>,
    /// Its story (Kronologi), when the story has other live articles.
    pub story: Option<StoryAround>,
    /// When it was read.
    pub read_at: Instant,
}

/// An article's story and the story's live articles around it.
#[derive(Debug)]
pub struct StoryAround {
    /// The story.
    pub story: Story,
    /// Its live articles before and after the article, oldest first, the
    /// article itself among them.
    pub around: Vec<ArticleSummary>,
    /// How many live articles the story has in all.
    pub count: i64,
}

impl LoadedArticle {
    /// About how many bytes this holds, for the page cache's bound.
    pub fn size(&self) -> usize {
        let summary = |s: &ArticleSummary| s.title.len() + s.lede.len() + 256;
        let article = &self.article;
        article.body.as_html().len()
            + article.title.len()
            + article.lede.len()
            + 1024
            + self
                .related
                .iter()
                .chain(&self.pinned)
                .chain(self.story.iter().flat_map(|s| &s.around))
                .map(summary)
                .sum::<usize>()
            + self
                .live
                .iter()
                .flat_map(|(_, entries)| entries)
                .map(|e| e.body_html.len() + 256)
                .sum::<usize>()
    }
}
