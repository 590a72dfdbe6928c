//! Berita Terkait worked out ahead of the page.
//!
//! Working out an article's related articles when its page is made reads
//! some 32,500 postings at a million articles (about 0.65 ms, the larger
//! part of an uncached article page). So each article of the index's
//! build gets, once, its best candidates among the build's articles with
//! their scores: its neighbours. A page then adds the candidates among
//! the articles added since the build (few, in the recent postings),
//! orders the best again by cohesion and passes over near-duplicates, as
//! [`RelatedIndex`] does whole: the same answer, in microseconds.
//!
//! Why the same: an article of the build is only in the build's postings,
//! so its similarity to the article read comes whole from them, the same
//! sums in the same order whenever they are made; one added since is only
//! in the recent postings. The union of the build's best and all the
//! recent candidates therefore holds every candidate that ranks before
//! the list's last, in the same order as the whole work. A list that was
//! cut ([`LISTED`] kept of more) says nothing about what ranks after its
//! last: an answer that needs a candidate from there (removed articles
//! leave holes in a list, near-duplicates are passed over) is worked out
//! whole as before.
//!
//! The lists are worked out in the background at the lowest priority, on
//! an index of their own read from the saved file (the serving index's
//! lock is never held by a thread the scheduler may leave waiting), and
//! saved with the index; a save folds the articles added since the build
//! into them.

use super::neighbour_lists::{LISTED, Neighbours, Ranked, kept_byte};
use super::packed::Packed;
use super::related::{Among, COHESION_POOL, RelatedIndex, RelatedPolicy, Terms};
use std::cmp::Ordering;

impl Terms {
    /// The neighbours of the article in slot `own` of the build, among
    /// the build's articles: the best [`LISTED`] candidates in order, and
    /// whether they are all there were.
    pub(super) fn neighbours_among_built(
        &self,
        own: u32,
        policy: &RelatedPolicy,
    ) -> (Ranked, bool) {
        let order = |a: &(u32, f32), b: &(u32, f32)| self.order(a, b);
        let mut candidates = self.candidates(own, Among::Built, policy);
        let whole = candidates.len() <= LISTED;
        if !whole {
            candidates.select_nth_unstable_by(LISTED, order);
            candidates.truncate(LISTED);
        }
        candidates.sort_by(order);
        (candidates, whole)
    }

    /// The candidates of the article in slot `own` of the build, from its
    /// neighbours (the live ones) and among the articles added since, in
    /// order, and, when the list was cut, how many of the first are
    /// surely in their place (those that rank before its end); `None`
    /// without a list.
    pub(super) fn listed_candidates(
        &self,
        own: u32,
        policy: &RelatedPolicy,
    ) -> Option<(Ranked, Option<usize>)> {
        if own as usize >= self.built {
            return None;
        }
        let list = self.neighbours.of(own)?;
        let mut candidates: Vec<(u32, f32)> = list
            .slots
            .iter()
            .zip(list.scores)
            .filter(|(slot, _)| self.docs.get(**slot as usize).is_some_and(|doc| doc.live))
            .map(|(slot, score)| (*slot, *score))
            .collect();
        if !self.postings.none_recent() {
            candidates.extend(self.candidates(own, Among::Recent, policy));
        }
        candidates.sort_by(|a, b| self.order(a, b));
        let certain =
            match (list.whole, list.slots.last(), list.scores.last()) {
                (true, _, _) => None,
                (false, Some(slot), Some(score)) => {
                    let last = (*slot, *score);
                    Some(candidates.partition_point(|candidate| {
                        self.order(candidate, &last) != Ordering::Greater
                    }))
                }
                (false, _, _) => Some(0),
            };
        Some((candidates, certain))
    }

    /// The neighbours of the article in slot `own` of the build with the
    /// articles added since among them, as a save keeps them: `None` when
    /// it has none, or when removals left a cut list too short.
    pub(super) fn folded_neighbours(
        &self,
        own: u32,
        policy: &RelatedPolicy,
    ) -> Option<(Ranked, bool)> {
        let (mut candidates, certain) = self.listed_candidates(own, policy)?;
        let whole = certain.is_none() && candidates.len() <= LISTED;
        candidates.truncate(certain.unwrap_or(LISTED).min(LISTED));
        // A cut list that removals left too short for the pool cohesion
        // orders serves no page: it is worked out again.
        (whole || candidates.len() >= COHESION_POOL).then_some((candidates, whole))
    }
}

impl RelatedIndex {
    /// How many live articles of the build have no neighbours yet.
    pub fn missing_neighbours(&self) -> usize {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        (0..terms.built as u32)
            .filter(|slot| terms.docs[*slot as usize].live && terms.neighbours.of(*slot).is_none())
            .count()
    }

    /// Works out the neighbours of every live article of the build that
    /// has none, on `threads` threads, each at the lowest priority;
    /// `progress` hears how many are done now and then. Stops without
    /// them when `stop` says so, between pieces: whether it finished.
    pub fn work_out_neighbours(
        &self,
        threads: usize,
        progress: impl Fn(usize) + Sync,
        stop: impl Fn() -> bool + Sync,
    ) -> bool {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        let built = terms.built;
        let mut worked = Neighbours::missing(built);
        // A thousand articles a piece: under a second of work each.
        const PIECE: usize = 1_024;
        {
            let Packed::Owned(kept) = &mut worked.kept else {
                unreachable!("made in memory")
            };
            let Packed::Owned(slots) = &mut worked.slots else {
                unreachable!("made in memory")
            };
            let Packed::Owned(scores) = &mut worked.scores else {
                unreachable!("made in memory")
            };
            let pieces = std::sync::Mutex::new(
                kept.chunks_mut(PIECE)
                    .zip(slots.chunks_mut(PIECE * LISTED))
                    .zip(scores.chunks_mut(PIECE * LISTED))
                    .enumerate(),
            );
            let done = std::sync::atomic::AtomicUsize::new(0);
            std::thread::scope(|scope| {
                for _ in 0..threads.max(1) {
                    scope.spawn(|| {
                        warta_store::yield_the_processor();
                        while !stop() {
                            let next = pieces.lock().unwrap_or_else(|e| e.into_inner()).next();
                            let Some((piece, ((kept, slots), scores))) = next else {
                                break;
                            };
                            for (at, kept) in kept.iter_mut().enumerate() {
                                let own = (piece * PIECE + at) as u32;
                                if !terms.docs[own as usize].live {
                                    continue;
                                }
                                let (list, whole) = match terms.neighbours.of(own) {
                                    Some(list) => (
                                        list.slots
                                            .iter()
                                            .copied()
                                            .zip(list.scores.iter().copied())
                                            .collect(),
                                        list.whole,
                                    ),
                                    None => terms.neighbours_among_built(own, &self.policy),
                                };
                                *kept = kept_byte(&list, whole);
                                for (place, (slot, score)) in list.into_iter().enumerate() {
                                    slots[at * LISTED + place] = slot;
                                    scores[at * LISTED + place] = score;
                                }
                            }
                            let count =
                                done.fetch_add(kept.len(), std::sync::atomic::Ordering::Relaxed);
                            progress(count + kept.len());
                        }
                    });
                }
            });
        }
        drop(terms);
        if stop() {
            return false;
        }
        self.install_neighbours(worked);
        true
    }

    /// Whether it was read from a saved file (rather than built).
    pub fn read_from_file(&self) -> bool {
        self.origin.is_some()
    }

    /// Takes `neighbours` as the lists of the build's articles.
    pub(super) fn install_neighbours(&self, neighbours: Neighbours) {
        let mut terms = self.terms.write().unwrap_or_else(|e| e.into_inner());
        terms.neighbours = neighbours;
        self.unsaved
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Takes the neighbours `other` worked out, if it was read from the
    /// same file as this index (the same build, slot for slot): whether
    /// it took them.
    pub fn take_neighbours_of(&self, other: RelatedIndex) -> bool {
        let mut theirs = other.terms.write().unwrap_or_else(|e| e.into_inner());
        // The checksum names the file; the counts make sure of it, so
        // that no list can name a slot this index does not have.
        let same_build = {
            let ours = self.terms.read().unwrap_or_else(|e| e.into_inner());
            ours.built == theirs.built && ours.docs.len() >= theirs.docs.len()
        };
        if self.origin.is_none() || self.origin != other.origin || !same_build {
            return false;
        }
        self.install_neighbours(std::mem::take(&mut theirs.neighbours));
        true
    }

    /// Up to `limit` articles related to `id` from its neighbours, if it
    /// has them and they suffice.
    pub(super) fn listed(
        &self,
        id: warta_core::ArticleId,
        limit: usize,
    ) -> Option<Vec<warta_core::ArticleId>> {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        let own = terms.slot_of(id)?;
        let (mut candidates, certain) = terms.listed_candidates(own, &self.policy)?;
        terms.pick(own, &mut candidates, limit, certain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use warta_core::ArticleId;
    use warta_store::ArticleText;

    /// Made-up words of consonant-vowel syllables, no affix of the
    /// stemmer's among them: `word(n)` differs for every `n`.
    fn word(mut n: usize) -> String {
        const SYLLABLES: [&str; 12] = [
            "ta", "lo", "pu", "re", "so", "ga", "wu", "do", "ha", "ze", "bo", "fu",
        ];
        let mut word = String::from("ka");
        for _ in 0..3 {
            word.push_str(SYLLABLES[n % SYLLABLES.len()]);
            n /= SYLLABLES.len();
        }
        word
    }

    /// `count` articles over `topics` matters, a few a day, each of its
    /// matter's words and some of every matter's; every twentieth the
    /// wire text of one before it under another headline. Every word is
    /// in fewer than `NEAR_POSTINGS` articles, so a saved index that
    /// folds additions in answers as one built whole.
    fn archive(count: usize, topics: usize) -> Vec<ArticleText> {
        let mut seed = 7u64;
        let mut next = move |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        };
        let start = chrono::Utc.with_ymd_and_hms(2025, 1, 1, 6, 0, 0).unwrap();
        let mut texts: Vec<ArticleText> = Vec::with_capacity(count);
        for i in 0..count {
            let topic = next(topics);
            let of_topic = |n: usize| word(1_000 + topic * 12 + n % 12);
            let title: Vec<String> = (0..4).map(|_| of_topic(next(12))).collect();
            let mut body: Vec<String> = (0..24).map(|_| of_topic(next(12))).collect();
            body.extend((0..12).map(|_| word(next(300))));
            let published_at = start + chrono::Duration::minutes(97 * i as i64);
            let body = match i.checked_sub(13) {
                Some(earlier) if i % 20 == 0 => texts[earlier].body.clone(),
                _ => body.join(" "),
            };
            texts.push(ArticleText {
                id: ArticleId(i as i64 + 1),
                title: title.join(" "),
                lede: String::new(),
                body,
                tags: vec![word(5_000 + topic)],
                section: "news".into(),
                published_at,
            });
        }
        texts
    }

    /// Every article's answer from its neighbours, where they suffice,
    /// against the whole work; how many they gave.
    fn answers_agree(index: &RelatedIndex, ids: impl Iterator<Item = i64>) -> usize {
        let mut listed = 0;
        for id in ids {
            for limit in [1, 5, 12] {
                let whole = index.compute(ArticleId(id), limit);
                if let Some(answer) = index.listed(ArticleId(id), limit) {
                    assert_eq!(answer, whole, "article {id}, {limit} asked");
                    listed += 1;
                }
                assert_eq!(index.related(ArticleId(id), limit), whole, "article {id}");
            }
        }
        listed
    }

    #[test]
    fn cohesion_gains_are_the_pairs_cosines_to_the_bit() {
        let texts = archive(500, 8);
        let index = RelatedIndex::build(&texts[..450], RelatedPolicy::default());
        // Some vectors packed in the build, some added since.
        let added: Vec<ArticleId> = texts[450..].iter().map(|text| text.id).collect();
        index.update(&added, &texts[450..]);
        let terms = index.terms.read().unwrap();
        let slots = terms.docs.len();
        let mut seed = 11usize;
        let mut next = move |below: usize| {
            seed = seed
                .wrapping_mul(2_862_933_555_777_941_757)
                .wrapping_add(3_037_000_493);
            (seed >> 33) % below
        };
        let mut shared = 0;
        for _ in 0..300 {
            let size = 1 + next(COHESION_POOL);
            let pool: Vec<u32> = (0..size).map(|_| next(slots) as u32).collect();
            let evidence = 1 + next(6);
            let vectors: Vec<Vec<(u32, f32)>> = pool
                .iter()
                .map(|slot| terms.unit_vector(*slot).collect())
                .collect();
            // Each pair's cosine, the terms both have merged in order.
            let cosine = |a: &[(u32, f32)], b: &[(u32, f32)]| {
                let mut sum = 0.0f32;
                for (term, weight) in a {
                    if let Some((_, theirs)) = b.iter().find(|(other, _)| other == term) {
                        sum += weight * theirs;
                    }
                }
                sum
            };
            let first = evidence
                .min(size)
                .min(super::super::related::COHESION_EVIDENCE);
            let expected: Vec<f32> = (0..size)
                .map(|at| {
                    let others: Vec<f32> = (0..first)
                        .filter(|other| *other != at)
                        .map(|other| cosine(&vectors[at], &vectors[other]))
                        .collect();
                    shared += others.iter().filter(|c| **c > 0.0).count();
                    if others.is_empty() {
                        0.0
                    } else {
                        super::super::related::COHESION_WEIGHT * others.iter().sum::<f32>()
                            / others.len() as f32
                    }
                })
                .collect();
            let got = super::super::related::cohesion_gains(size, evidence, |at| {
                terms.unit_vector(pool[at])
            });
            assert_eq!(
                got.iter().map(|g| g.to_bits()).collect::<Vec<_>>(),
                expected.iter().map(|g| g.to_bits()).collect::<Vec<_>>(),
                "pool {pool:?}, evidence {evidence}"
            );
        }
        assert!(shared > 1_000, "the pools share terms: {shared}");
    }

    #[test]
    fn berita_terkait_worked_out_ahead_is_the_same_as_worked_out_whole() {
        let texts = archive(1_500, 25);
        let index = RelatedIndex::build(&texts[..1_400], RelatedPolicy::default());
        assert_eq!(index.missing_neighbours(), 1_400);
        assert!(index.work_out_neighbours(2, |_| {}, || false));
        assert_eq!(index.missing_neighbours(), 0);
        let cut = {
            let terms = index.terms.read().unwrap();
            (0..1_400)
                .filter(|slot| !terms.neighbours.of(*slot).unwrap().whole)
                .count()
        };
        assert!(
            cut > 1_000,
            "most lists hold a part of their candidates: {cut}"
        );
        let asked = 1_400 * 3;
        assert_eq!(
            answers_agree(&index, 1..=1_400),
            asked,
            "all from the lists"
        );

        // Articles published since, some of the build's taken down (the
        // best of some lists among them) and some edited.
        let mut taken_down: Vec<ArticleId> = (1..=1_400)
            .step_by(50)
            .map(|id| index.related(ArticleId(id), 1)[0])
            .collect();
        taken_down.sort();
        taken_down.dedup();
        index.update(&taken_down, &[]);
        let mut edited = texts[600].clone();
        edited.body = texts[700].body.clone();
        index.update(&[edited.id], std::slice::from_ref(&edited));
        let added: Vec<ArticleId> = texts[1_400..].iter().map(|text| text.id).collect();
        index.update(&added, &texts[1_400..]);
        let listed = answers_agree(&index, 1..=1_500);
        assert!(
            listed > asked * 3 / 4 && listed < asked,
            "most from the lists, some worked out whole: {listed}"
        );
        // Found again as they are (a sync looking back), they stay.
        let again: Vec<ArticleText> = texts[..200]
            .iter()
            .filter(|text| index.contains(text.id) && text.id != edited.id)
            .cloned()
            .collect();
        let ids: Vec<ArticleId> = again.iter().map(|text| text.id).collect();
        index.update(&ids, &again);
        assert_eq!(answers_agree(&index, 1..=1_500), listed);

        // Saved, the additions folded in; read again, the articles added
        // since have none until worked out, and the answers stay.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("related.bin");
        index.save(&path, 1).unwrap();
        let saved = RelatedIndex::load(&path, RelatedPolicy::default())
            .unwrap()
            .index;
        let live = 1_500 - taken_down.len();
        assert_eq!(saved.len(), live);
        // The added and the edited, and the lists removals cut too short.
        let missing = saved.missing_neighbours();
        assert!((101..=300).contains(&missing), "{missing}");
        for id in 1..=1_500 {
            assert_eq!(
                saved.related(ArticleId(id), 5),
                index.related(ArticleId(id), 5),
                "article {id}"
            );
        }
        answers_agree(&saved, 1..=1_500);
        // Worked out by an index of their own read from the same file.
        let own = RelatedIndex::load(&path, RelatedPolicy::default())
            .unwrap()
            .index;
        assert!(own.work_out_neighbours(1, |_| {}, || false));
        assert!(saved.take_neighbours_of(own));
        assert_eq!(saved.missing_neighbours(), 0);
        assert_eq!(answers_agree(&saved, 1..=1_500), live * 3);
        // Not those of another file.
        let built = RelatedIndex::build(&texts, RelatedPolicy::default());
        assert!(!saved.take_neighbours_of(built));
    }

    #[test]
    fn a_stopped_work_leaves_no_lists() {
        let index = RelatedIndex::build(&archive(300, 10), RelatedPolicy::default());
        assert!(!index.work_out_neighbours(1, |_| {}, || true));
        assert_eq!(index.missing_neighbours(), 300);
    }
}
