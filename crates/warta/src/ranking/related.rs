//! Berita Terkait and the automatic Baca Juga: which articles are about the
//! same thing as this one.
//!
//! Each live article becomes a weighted term vector of stemmed Indonesian
//! terms (`warta_search::terms`; title and tags count
//! more than the body; tf-idf; the strongest terms kept; unit length), and
//! an inverted index over those vectors finds the candidates that share
//! terms with an article. Candidates are ranked by cosine similarity, then
//! grouped in bands: the same story (similarity at or above
//! [`RelatedPolicy::same_story`]) first, closely related next, loosely
//! related last. Within a band the most recent article comes first, so a
//! weak match never outranks a strong one just by being newer. The article
//! itself is never a candidate.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use warta_core::ArticleId;
use warta_search::Analyzer;
use warta_store::ArticleText;

/// How terms are weighed and candidates grouped.
#[derive(Clone, Copy, Debug)]
pub struct RelatedPolicy {
    /// Weight of a term occurrence in the headline.
    pub title_weight: f32,
    /// Weight of a tag's terms.
    pub tag_weight: f32,
    /// Weight of a term occurrence in the lede.
    pub lede_weight: f32,
    /// Terms kept per article.
    pub terms_per_article: usize,
    /// Similarity from which a candidate counts as the same story.
    pub same_story: f32,
    /// Similarity from which a candidate is closely related; below it, only
    /// loosely.
    pub close: f32,
    /// Similarity below which a candidate is not related at all.
    pub minimum: f32,
    /// Best candidates (by similarity) that the grouping considers.
    pub shortlist: usize,
}

impl Default for RelatedPolicy {
    fn default() -> Self {
        RelatedPolicy {
            title_weight: 3.0,
            tag_weight: 2.0,
            lede_weight: 1.5,
            terms_per_article: 48,
            same_story: 0.30,
            close: 0.12,
            minimum: 0.05,
            shortlist: 30,
        }
    }
}

struct Doc {
    id: ArticleId,
    published_at: DateTime<Utc>,
    terms: Vec<(u32, f32)>,
}

/// Term vectors of every live article and the postings that connect them.
pub struct RelatedIndex {
    policy: RelatedPolicy,
    docs: Vec<Doc>,
    by_id: HashMap<ArticleId, u32>,
    postings: Vec<Vec<(u32, f32)>>,
    cache: Mutex<HashMap<ArticleId, Vec<ArticleId>>>,
}

/// Cached answers kept at most; the cache starts over when full.
const CACHE_LIMIT: usize = 100_000;
/// Related articles computed and cached per article; larger asks bypass the cache.
const CACHED_PER_ARTICLE: usize = 20;

impl RelatedIndex {
    /// Builds the index over `texts`.
    pub fn build(texts: &[ArticleText], policy: RelatedPolicy) -> RelatedIndex {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut frequencies: Vec<Vec<(u32, f32)>> = Vec::with_capacity(texts.len());
        let mut document_frequency: Vec<u32> = Vec::new();
        let mut analyzer = Analyzer::default();
        for text in texts {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            let mut add = |word: String, weight: f32| {
                let next = vocabulary.len() as u32;
                let term = *vocabulary.entry(word).or_insert(next);
                *tf.entry(term).or_default() += weight;
            };
            for word in analyzer.terms(&text.title) {
                add(word, policy.title_weight);
            }
            for tag in &text.tags {
                for word in analyzer.terms(tag) {
                    add(word, policy.tag_weight);
                }
            }
            for word in analyzer.terms(&text.lede) {
                add(word, policy.lede_weight);
            }
            for word in analyzer.terms(&text.body) {
                add(word, 1.0);
            }
            document_frequency.resize(vocabulary.len(), 0);
            for term in tf.keys() {
                document_frequency[*term as usize] += 1;
            }
            frequencies.push(tf.into_iter().collect());
        }
        let n = texts.len() as f32;
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocabulary.len()];
        let mut docs = Vec::with_capacity(texts.len());
        for (index, (text, tf)) in texts.iter().zip(frequencies).enumerate() {
            // A term found in one article only cannot relate it to another.
            let mut weighted: Vec<(u32, f32)> = tf
                .into_iter()
                .filter(|(term, _)| document_frequency[*term as usize] > 1)
                .map(|(term, f)| {
                    let df = document_frequency[term as usize] as f32;
                    (term, (1.0 + f.ln()) * (1.0 + n / df).ln())
                })
                .collect();
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            weighted.truncate(policy.terms_per_article);
            let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (term, weight) in &mut weighted {
                    *weight /= norm;
                    postings[*term as usize].push((index as u32, *weight));
                }
            }
            docs.push(Doc {
                id: text.id,
                published_at: text.published_at,
                terms: weighted,
            });
        }
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i as u32))
            .collect();
        RelatedIndex {
            policy,
            docs,
            by_id,
            postings,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Up to `limit` articles related to `id`, best first; empty for an
    /// article the index does not hold.
    pub fn related(&self, id: ArticleId, limit: usize) -> Vec<ArticleId> {
        if limit > CACHED_PER_ARTICLE {
            return self.compute(id, limit);
        }
        if let Some(found) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
        {
            return found.iter().take(limit).copied().collect();
        }
        let found = self.compute(id, CACHED_PER_ARTICLE);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(id, found.clone());
        found.into_iter().take(limit).collect()
    }

    fn compute(&self, id: ArticleId, limit: usize) -> Vec<ArticleId> {
        let Some(&own) = self.by_id.get(&id) else {
            return Vec::new();
        };
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for (term, weight) in &self.docs[own as usize].terms {
            for (doc, other) in &self.postings[*term as usize] {
                if *doc != own {
                    *scores.entry(*doc).or_default() += weight * other;
                }
            }
        }
        let mut candidates: Vec<(u32, f32)> = scores
            .into_iter()
            .filter(|(_, score)| *score >= self.policy.minimum)
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(self.policy.shortlist);
        let band = |score: f32| {
            if score >= self.policy.same_story {
                0
            } else if score >= self.policy.close {
                1
            } else {
                2
            }
        };
        candidates.sort_by(|a, b| {
            band(a.1).cmp(&band(b.1)).then_with(|| {
                let da = &self.docs[a.0 as usize];
                let db = &self.docs[b.0 as usize];
                db.published_at
                    .cmp(&da.published_at)
                    .then(db.id.cmp(&da.id))
            })
        });
        candidates
            .into_iter()
            .take(limit)
            .map(|(doc, _)| self.docs[doc as usize].id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn text(id: i64, title: &str, body: &str, day: u32) -> ArticleText {
        ArticleText {
            id: ArticleId(id),
            title: title.into(),
            lede: String::new(),
            body: body.into(),
            tags: Vec::new(),
            section: "news".into(),
            published_at: Utc.with_ymd_and_hms(2024, 12, day, 8, 0, 0).unwrap(),
        }
    }

    fn corpus() -> Vec<ArticleText> {
        vec![
            text(
                1,
                "Oposisi Suriah masuki Damaskus",
                "Pasukan oposisi Suriah memasuki Damaskus, rezim Assad runtuh.",
                8,
            ),
            text(
                2,
                "Assad tinggalkan Damaskus",
                "Rezim Assad runtuh setelah oposisi Suriah menguasai Damaskus.",
                7,
            ),
            text(
                3,
                "Rezim Assad runtuh, oposisi kuasai Damaskus",
                "Oposisi Suriah menguasai Damaskus dan rezim Assad runtuh.",
                6,
            ),
            text(
                4,
                "Harga cabai naik di pasar",
                "Harga cabai rawit di pasar tradisional naik tajam menjelang Natal.",
                8,
            ),
            text(
                5,
                "Harga beras stabil",
                "Harga beras di pasar tradisional stabil menurut pedagang.",
                5,
            ),
            text(
                6,
                "Irak buka perbatasan untuk tentara Suriah",
                "Irak menerima tentara Suriah di perbatasan Al-Qaim.",
                4,
            ),
        ]
    }

    #[test]
    fn never_itself_and_never_the_unrelated() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        let related = index.related(ArticleId(1), 5);
        assert!(!related.contains(&ArticleId(1)));
        assert!(!related.contains(&ArticleId(4)), "{related:?}");
        assert!(!related.contains(&ArticleId(5)), "{related:?}");
    }

    #[test]
    fn the_same_story_comes_first_newest_first() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        let related = index.related(ArticleId(3), 5);
        assert_eq!(related[..2], [ArticleId(1), ArticleId(2)], "{related:?}");
        assert_eq!(index.related(ArticleId(4), 5), [ArticleId(5)]);
    }

    #[test]
    fn unknown_articles_have_nothing_related() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        assert!(index.related(ArticleId(99), 5).is_empty());
        assert_eq!(index.len(), 6);
    }
}
