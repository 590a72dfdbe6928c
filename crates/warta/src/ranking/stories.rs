//! Kronologi: which developing story a newly published article belongs to.
//!
//! Coverage of one story over days (an earthquake and its aftermath, a KPK
//! case from the arrest to the trial) shares its names and its words far
//! more than two articles that merely share a subject. An article whose
//! similarity to another (the relatedness index's cosine, without the
//! nearness in time) reaches [`StoryPolicy::link`], within
//! [`StoryPolicy::window_days`], is linked to it. It joins the story of its
//! links whose recent articles it is, on average, most alike, if that
//! average reaches [`StoryPolicy::join`]: a story grows by what resembles
//! the story as it is now, not by a chain of look-alikes that drifts from
//! one subject to the next. Without such a story, it starts one with the
//! linked articles that are in none. Editors' decisions are never undone.

use std::collections::HashMap;
use warta_core::ArticleId;
use warta_store::{Placed, StoryId};

/// The thresholds of placement.
#[derive(Clone, Copy, Debug)]
pub struct StoryPolicy {
    /// Similarity from which two articles are linked.
    pub link: f32,
    /// Mean similarity to a story's recent articles from which an article
    /// joins it.
    pub join: f32,
    /// Days apart within which articles can be linked.
    pub window_days: i64,
    /// A story's recent articles compared with a newcomer.
    pub compared: usize,
}

impl Default for StoryPolicy {
    fn default() -> Self {
        StoryPolicy {
            link: 0.40,
            join: 0.25,
            window_days: 10,
            compared: 8,
        }
    }
}

/// Where an article goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Placement {
    /// Into this story.
    Join(StoryId),
    /// Into a new story with these articles (which are in none).
    Start(Vec<ArticleId>),
    /// In no story (yet: a later article may start one with it).
    Alone,
}

impl StoryPolicy {
    /// The articles `similar` lists (with their similarity) that are
    /// close enough to be linked.
    pub fn links<'a>(
        &self,
        similar: &'a [(ArticleId, f32)],
    ) -> impl Iterator<Item = ArticleId> + 'a {
        let link = self.link;
        similar
            .iter()
            .filter(move |(_, s)| *s >= link)
            .map(|(id, _)| *id)
    }

    /// Where an article goes, given the articles it is `similar` to (those
    /// within the window), where they were `placed`, and the recent
    /// `members` of the stories its links are in.
    pub fn place(
        &self,
        similar: &[(ArticleId, f32)],
        placed: &HashMap<ArticleId, Placed>,
        members: &HashMap<StoryId, Vec<ArticleId>>,
    ) -> Placement {
        let similarity: HashMap<ArticleId, f32> = similar.iter().copied().collect();
        let mut best: Option<(StoryId, f32)> = None;
        let mut stories: Vec<StoryId> = self
            .links(similar)
            .filter_map(|id| placed.get(&id).and_then(|p| p.story))
            .collect();
        stories.sort();
        stories.dedup();
        for story in stories {
            let Some(recent) = members.get(&story).filter(|m| !m.is_empty()) else {
                continue;
            };
            let mean = recent
                .iter()
                .map(|m| similarity.get(m).copied().unwrap_or(0.0))
                .sum::<f32>()
                / recent.len() as f32;
            if mean >= self.join && best.is_none_or(|(_, b)| mean > b) {
                best = Some((story, mean));
            }
        }
        if let Some((story, _)) = best {
            return Placement::Join(story);
        }
        let free: Vec<ArticleId> = self
            .links(similar)
            .filter(|id| match placed.get(id) {
                None => true,
                Some(p) => p.story.is_none() && !p.by_editor,
            })
            .collect();
        if free.is_empty() {
            Placement::Alone
        } else {
            Placement::Start(free)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(story: Option<i64>, by_editor: bool) -> Placed {
        Placed {
            story: story.map(StoryId),
            by_editor,
        }
    }

    #[test]
    fn a_newcomer_joins_the_story_it_resembles_as_a_whole() {
        let policy = StoryPolicy::default();
        // Linked to article 1 (story 10) and 4 (story 20); alike to all of
        // story 10's recent articles, to one of story 20's.
        let similar = [
            (ArticleId(1), 0.5),
            (ArticleId(2), 0.25),
            (ArticleId(3), 0.2),
            (ArticleId(4), 0.6),
        ];
        let placed = HashMap::from([
            (ArticleId(1), placed(Some(10), false)),
            (ArticleId(4), placed(Some(20), false)),
        ]);
        let members = HashMap::from([
            (StoryId(10), vec![ArticleId(1), ArticleId(2), ArticleId(3)]),
            (
                StoryId(20),
                vec![ArticleId(4), ArticleId(5), ArticleId(6), ArticleId(7)],
            ),
        ]);
        assert_eq!(
            policy.place(&similar, &placed, &members),
            Placement::Join(StoryId(10))
        );
    }

    #[test]
    fn a_look_alike_of_one_article_does_not_drag_a_story_along() {
        let policy = StoryPolicy::default();
        // Linked to one article of a large story, unlike the rest of it.
        let similar = [(ArticleId(1), 0.4)];
        let placed = HashMap::from([(ArticleId(1), placed(Some(10), false))]);
        let members = HashMap::from([(
            StoryId(10),
            vec![ArticleId(1), ArticleId(2), ArticleId(3), ArticleId(4)],
        )]);
        assert_eq!(policy.place(&similar, &placed, &members), Placement::Alone);
    }

    #[test]
    fn linked_articles_in_no_story_start_one_but_an_editors_choice_stays() {
        let policy = StoryPolicy::default();
        let similar = [
            (ArticleId(1), 0.5),
            (ArticleId(2), 0.45),
            (ArticleId(3), 0.4),
            (ArticleId(4), 0.1),
        ];
        let placed = HashMap::from([
            (ArticleId(2), placed(None, false)),
            // An editor took it out of every story.
            (ArticleId(3), placed(None, true)),
        ]);
        assert_eq!(
            policy.place(&similar, &placed, &HashMap::new()),
            Placement::Start(vec![ArticleId(1), ArticleId(2)])
        );
        assert_eq!(
            policy.place(&[(ArticleId(4), 0.29)], &HashMap::new(), &HashMap::new()),
            Placement::Alone
        );
    }
}
