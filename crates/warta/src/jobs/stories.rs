//! Placing newly published articles in their stories (Kronologi), once
//! the relatedness index holds them: oldest first, in rounds of a bounded
//! size, so the first start on a large archive places its backlog over a
//! few minutes in the background instead of delaying the start.

use super::{Jobs, SYNC_OVERLAP_SECONDS};
use crate::ranking::{Placement, StoryPolicy};
use anyhow::Context;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use warta_core::ArticleId;

/// Articles placed per round.
const ROUND: i64 = 500;
/// Articles placed per transaction.
const PER_TRANSACTION: usize = 50;
/// Similarity below which an article counts as unlike a story's article
/// (the relatedness minimum).
const UNLIKE: f32 = 0.05;

/// Where placement stands. At a first start on an imported archive, the
/// backlog is walked in rounds in order of publication, each going on
/// after the last (`after`); once a round from the beginning finds
/// nothing left, the time it ran is `settled`, and later rounds read only
/// the articles changed, or gone live by their time, since then: a
/// publication does not make a round read the whole archive. The store
/// keeps `settled` (brought forward at most hourly), so a start goes on
/// from there too.
#[derive(Default)]
pub(super) struct Walk {
    after: Option<(chrono::DateTime<chrono::Utc>, ArticleId)>,
    settled: Option<chrono::DateTime<chrono::Utc>>,
    /// `settled` as the store has it.
    recorded: Option<chrono::DateTime<chrono::Utc>>,
}

impl Walk {
    /// Where a start goes on: after the time the store says placement
    /// last found nothing left, or from the beginning.
    pub(super) fn settled_at(settled: Option<chrono::DateTime<chrono::Utc>>) -> Walk {
        Walk {
            after: None,
            settled,
            recorded: settled,
        }
    }
}

impl Jobs {
    /// Places the articles published since the last round, if anything
    /// may have been. Returns how many were placed.
    pub async fn place_in_stories(&self) -> anyhow::Result<usize> {
        // The lock first: a round that waited for another must still see
        // the flag that round set.
        let mut walk = self.stories_running.lock().await;
        if !self.stories_behind.swap(false, Ordering::SeqCst) {
            return Ok(0);
        }
        let placed = self.place_round(&mut walk).await;
        if placed.is_err() {
            // What waited still waits: the next round tries again.
            self.stories_behind.store(true, Ordering::SeqCst);
        }
        placed
    }

    async fn place_round(&self, walk: &mut Walk) -> anyhow::Result<usize> {
        let app = &self.app;
        let policy = StoryPolicy::default();
        let now = app.now();
        let index = app.related();
        let waiting = match (walk.after, walk.settled) {
            (None, Some(settled)) => {
                let since = settled - chrono::Duration::seconds(SYNC_OVERLAP_SECONDS);
                app.store.unplaced_changed_since(now, since, ROUND).await?
            }
            (after, _) => app.store.unplaced_articles(now, after, ROUND).await?,
        };
        // An article the index does not hold yet (published after its
        // last update) waits for the next round, unplaced.
        let (ready, not_yet): (Vec<_>, Vec<_>) = waiting
            .iter()
            .partition(|article| index.contains(article.id));
        let round_was_full = waiting.len() as i64 == ROUND;
        let from_the_beginning = walk.after.is_none() && walk.settled.is_none();
        // Everything is placed up to now once this round's articles are:
        // the walk moves on only then, so a round that fails is read again.
        let mut settled_now = false;
        match waiting.last() {
            // A full round: the backlog goes on after its last article.
            Some(last) if round_was_full => {
                walk.after = Some((last.published_at, last.id));
                walk.settled = None;
            }
            // A walk that went on from an earlier round looks from the
            // beginning once more, for articles published meanwhile with
            // an earlier time.
            _ if walk.after.is_some() => walk.after = None,
            // Everything before this round is placed (or waits for the
            // index): later rounds look at what changed since.
            _ if not_yet.is_empty() => settled_now = true,
            _ => {}
        }
        if round_was_full
            || !from_the_beginning && walk.settled.is_none() && !settled_now
            || !not_yet.is_empty()
        {
            self.stories_behind.store(true, Ordering::SeqCst);
        }
        if ready.is_empty() {
            self.record_settled(walk, settled_now.then_some(now))
                .await?;
            return Ok(0);
        }
        let ids: Vec<ArticleId> = ready.iter().map(|article| article.id).collect();
        let window = chrono::Duration::days(policy.window_days);
        let similar = tokio::task::spawn_blocking(move || {
            ids.into_iter()
                .map(|id| (id, index.similar_within(id, window, UNLIKE)))
                .collect::<Vec<_>>()
        })
        .await
        .context("finding similar articles panicked")?;
        let titles: HashMap<ArticleId, &str> = ready
            .iter()
            .map(|article| (article.id, article.title.as_str()))
            .collect();
        let mut placed_here = 0;
        // A transaction per few articles: the change serial's row stays
        // locked from the first story written until the commit, and every
        // other write of the site waits for it meanwhile.
        for chunk in similar.chunks(PER_TRANSACTION) {
            placed_here += self.place_chunk(chunk, &titles).await?;
        }
        tracing::debug!(articles = placed_here, "articles placed in stories");
        // Only now: a start goes on from the time recorded, so recorded
        // before this round's articles were placed, a stop in between
        // (a restart, a deploy) left them unplaced for good.
        self.record_settled(walk, settled_now.then_some(now))
            .await?;
        Ok(placed_here)
    }

    /// Moves the walk on to `settled` (the time up to which every article
    /// is placed) if given, and records it in the store, at most hourly.
    async fn record_settled(
        &self,
        walk: &mut Walk,
        settled: Option<chrono::DateTime<chrono::Utc>>,
    ) -> anyhow::Result<()> {
        if settled.is_some() {
            walk.settled = settled;
        }
        if let Some(settled) = walk.settled
            && walk
                .recorded
                .is_none_or(|recorded| settled - recorded > chrono::Duration::hours(1))
        {
            self.app.store.set_stories_settled_at(settled).await?;
            walk.recorded = Some(settled);
        }
        Ok(())
    }

    /// Places each article of `chunk` (with the articles it is similar
    /// to) in one transaction.
    async fn place_chunk(
        &self,
        chunk: &[(ArticleId, Vec<(ArticleId, f32)>)],
        titles: &HashMap<ArticleId, &str>,
    ) -> anyhow::Result<usize> {
        let app = &self.app;
        let policy = StoryPolicy::default();
        let now = app.now();
        let mut placing = app.store.begin_placing_stories().await?;
        let mut placed_here = 0;
        for (article, similar) in chunk {
            let (article, similar) = (*article, similar.as_slice());
            let mut asked: Vec<ArticleId> = policy.links(similar).collect();
            asked.push(article);
            let placed = placing.placed(&asked).await?;
            if placed.contains_key(&article) {
                continue; // by another node meanwhile
            }
            let mut members = HashMap::new();
            for story in asked.iter().filter_map(|id| placed.get(id)?.story) {
                if let std::collections::hash_map::Entry::Vacant(entry) = members.entry(story) {
                    entry.insert(placing.members(story, policy.compared as i64).await?);
                }
            }
            match policy.place(similar, &placed, &members) {
                Placement::Join(story) => placing.place(article, Some(story), now).await?,
                Placement::Alone => placing.place(article, None, now).await?,
                Placement::Start(linked) => {
                    // Named after the article that began it, until an
                    // editor names it.
                    let mut articles = linked;
                    articles.push(article);
                    let name = match placing.first_headline(&articles).await? {
                        Some(first) => first,
                        None => titles[&article].to_owned(),
                    };
                    placing.start(&name, &articles, now).await?;
                }
            }
            placed_here += 1;
        }
        placing.commit().await?;
        Ok(placed_here)
    }
}
