//! The site-wide lists every reader page shows: Terkini, Terpopuler,
//! Pilihan, the home headline, breaking news and a block per section. They are loaded as
//! one snapshot that a job refreshes on a short interval, so a page never
//! waits on these queries and a traffic spike never multiplies them.

use crate::config::Config;
use chrono::{DateTime, Utc};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use warta_core::{ArticleSummary, Section};
use warta_store::{Store, StoreError};

/// Latest articles kept in the snapshot: enough for the home page.
const LATEST_KEPT: i64 = 30;
/// Articles per section block on the home page.
pub const SECTION_BLOCK: usize = 4;
/// Articles kept per section: the block's, and as many again as the home
/// page's Terkini may take (what it shows above is not repeated below).
const SECTION_KEPT: i64 = SECTION_BLOCK as i64 + LATEST_KEPT;

/// The blocks every reader page shows, as last rendered from a snapshot
/// at a second (`reader::page::Chrome` renders them): the same for every
/// page of that second.
#[derive(Default)]
pub struct RenderedLists(Mutex<Option<(Arc<Lists>, i64, minijinja::Value)>>);

impl RenderedLists {
    /// The blocks rendered from `lists` at `second`, if they were.
    pub fn of(&self, lists: &Arc<Lists>, second: i64) -> Option<minijinja::Value> {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.as_ref()
            .filter(|(of, at, _)| Arc::ptr_eq(of, lists) && *at == second)
            .map(|(_, _, blocks)| blocks.clone())
    }

    /// Keeps the blocks rendered from `lists` at `second`. Holding the
    /// snapshot keeps its address from being another's.
    pub fn keep(&self, lists: Arc<Lists>, second: i64, blocks: minijinja::Value) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((lists, second, blocks));
    }
}

/// One consistent view of the lists.
#[derive(Debug, Default)]
pub struct Lists {
    /// Most recently published first.
    pub latest: Vec<ArticleSummary>,
    /// Most read in the window, with their view counts.
    pub popular: Vec<(ArticleSummary, i64)>,
    /// Editor's picks in their order.
    pub picks: Vec<ArticleSummary>,
    /// The home page's top story.
    pub headline: Option<ArticleSummary>,
    /// The story every page announces as breaking news, while its mark
    /// lasts and it is live.
    pub breaking: Option<ArticleSummary>,
    /// Sections that have live articles, each with its newest ones
    /// (more than a block shows: the home page leaves out what it showed
    /// above).
    pub sections: Vec<(Section, Vec<ArticleSummary>)>,
}

impl Lists {
    /// A number that changes when anything the lists show on every page
    /// changes: which articles, in which order, under which headlines (not
    /// view counts, which no page shows), of Terpopuler only the first
    /// `popular_shown` (the Terpopuler page, which shows them all, follows
    /// [`Lists::popular_fingerprint`]).
    pub fn fingerprint(&self, popular_shown: usize) -> u64 {
        let mut hasher = DefaultHasher::new();
        let shown = self
            .latest
            .iter()
            .chain(self.popular.iter().take(popular_shown).map(|(s, _)| s))
            .chain(&self.picks)
            .chain(&self.headline)
            .chain(&self.breaking)
            .chain(self.sections.iter().flat_map(|(_, newest)| newest));
        for summary in shown {
            (summary.id.0, &summary.title, &summary.image_url).hash(&mut hasher);
        }
        for (section, _) in &self.sections {
            (&section.slug, &section.name).hash(&mut hasher);
        }
        hasher.finish()
    }

    /// A number that changes when the whole Terpopuler list changes.
    pub fn popular_fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        for (summary, _) in &self.popular {
            summary.id.0.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Loads the lists as they stand at `now`, Terpopuler from the views
    /// in its window.
    pub async fn load(
        store: &Store,
        config: &Config,
        now: DateTime<Utc>,
    ) -> Result<Lists, StoreError> {
        let latest = store
            .latest(now, LATEST_KEPT.max(config.lists.latest as i64), 0)
            .await?;
        let since = now - chrono::Duration::from_std(config.popular_window).unwrap_or_default();
        let viewed = store
            .most_viewed_since(since, now, config.lists.popular.max(20) as i64)
            .await?;
        let ids: Vec<_> = viewed.iter().map(|(id, _)| *id).collect();
        // By article: one no longer live is left out of the summaries,
        // and the others keep their own counts.
        let views_of = |id| {
            viewed
                .iter()
                .find(|(other, _)| *other == id)
                .map_or(0, |(_, n)| *n)
        };
        let popular = store
            .summaries(&ids, now)
            .await?
            .into_iter()
            .map(|summary| {
                let views = views_of(summary.id);
                (summary, views)
            })
            .collect();
        let picks = store.summaries(&store.picks().await?, now).await?;
        let headline = match store.headline().await? {
            Some(id) => store.summaries(&[id], now).await?.pop(),
            None => None,
        }
        .or_else(|| {
            // Without an editor's choice, the newest story with a picture leads.
            latest
                .iter()
                .find(|s| s.image_url.is_some())
                .or(latest.first())
                .cloned()
        });
        let breaking = match store.breaking().await? {
            Some((id, until)) if until.is_none_or(|until| until > now) => {
                store.summaries(&[id], now).await?.pop()
            }
            _ => None,
        };
        let mut sections = Vec::new();
        for section in store.sections().await? {
            let newest = store
                .latest_in_section(section.id, now, SECTION_KEPT, 0)
                .await?;
            if !newest.is_empty() {
                sections.push((section, newest));
            }
        }
        Ok(Lists {
            latest,
            popular,
            picks,
            headline,
            breaking,
            sections,
        })
    }
}
