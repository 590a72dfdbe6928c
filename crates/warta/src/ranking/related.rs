//! Berita Terkait and the automatic Baca Juga: which articles are about the
//! same thing as this one.
//!
//! Each live article becomes a weighted term vector of stemmed Indonesian
//! terms (`warta_search::terms`; title and tags count
//! more than the body; tf-idf; the strongest terms kept; unit length), and
//! an inverted index over those vectors finds the candidates that share
//! terms with an article. Candidates are ranked by cosine similarity
//! weighed by nearness in time to the article: coverage of the same story
//! is published within days, so of two equally similar articles the one
//! from the same week comes first, and an old piece that merely shares
//! words loses to the follow-up (the recency prior, seen from the article
//! being read). The article itself is never a candidate, and
//! near-duplicates (the same wire text under another headline, found by
//! SimHash over the body) are listed once, and never when they duplicate
//! the article itself.

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
    /// Share of a candidate's similarity that depends on its nearness in
    /// time: at 0.5, a candidate from far away keeps half its similarity.
    pub time_weight: f32,
    /// Days apart at which the time-dependent share has halved.
    pub time_half_life_days: f32,
    /// Similarity below which a candidate is not related at all.
    pub minimum: f32,
}

impl Default for RelatedPolicy {
    fn default() -> Self {
        RelatedPolicy {
            title_weight: 3.0,
            tag_weight: 2.0,
            lede_weight: 1.5,
            terms_per_article: 48,
            time_weight: 0.5,
            time_half_life_days: 7.0,
            minimum: 0.05,
        }
    }
}

struct Doc {
    id: ArticleId,
    published_at: DateTime<Utc>,
    terms: Vec<(u32, f32)>,
    /// SimHash of the body, `None` for bodies too short to compare.
    fingerprint: Option<u64>,
}

/// Bodies whose fingerprints differ in at most this many of 64 bits are the
/// same text (a wire story under another headline, a light re-edit). The
/// expected difference is 64 * arccos(s) / pi bits for shingle similarity s:
/// about 9 bits at s = 0.9, 32 bits for unrelated texts.
const NEAR_DUPLICATE_BITS: u32 = 10;

/// SimHash over overlapping three-term shingles of a body's terms.
fn fingerprint(terms: &[String]) -> Option<u64> {
    if terms.len() < 3 {
        return None;
    }
    let mut votes = [0i32; 64];
    for shingle in terms.windows(3) {
        let hash = shingle.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, term| {
            term.bytes().chain(std::iter::once(0)).fold(hash, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        });
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    Some(
        votes
            .iter()
            .enumerate()
            .filter(|(_, vote)| **vote > 0)
            .fold(0u64, |print, (bit, _)| print | 1 << bit),
    )
}

fn near_duplicates(a: Option<u64>, b: Option<u64>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS)
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
        let mut fingerprints = Vec::with_capacity(texts.len());
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
            let body_terms = analyzer.terms(&text.body);
            for word in &body_terms {
                add(word.clone(), 1.0);
            }
            fingerprints.push(fingerprint(&body_terms));
            document_frequency.resize(vocabulary.len(), 0);
            for term in tf.keys() {
                document_frequency[*term as usize] += 1;
            }
            frequencies.push(tf.into_iter().collect());
        }
        let n = texts.len() as f32;
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocabulary.len()];
        let mut docs = Vec::with_capacity(texts.len());
        for (index, ((text, tf), fingerprint)) in
            texts.iter().zip(frequencies).zip(fingerprints).enumerate()
        {
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
                fingerprint,
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
        let published = self.docs[own as usize].published_at;
        let policy = &self.policy;
        let mut candidates: Vec<(u32, f32)> = scores
            .into_iter()
            .filter(|(_, similarity)| *similarity >= policy.minimum)
            .map(|(doc, similarity)| {
                let apart = (self.docs[doc as usize].published_at - published)
                    .num_seconds()
                    .unsigned_abs() as f32
                    / 86_400.0;
                let nearness = 0.5f32.powf(apart / policy.time_half_life_days);
                (
                    doc,
                    similarity * (1.0 - policy.time_weight + policy.time_weight * nearness),
                )
            })
            .collect();
        // Equal scores: the newer article first.
        candidates.sort_by(|a, b| {
            b.1.total_cmp(&a.1).then_with(|| {
                let da = &self.docs[a.0 as usize];
                let db = &self.docs[b.0 as usize];
                db.published_at
                    .cmp(&da.published_at)
                    .then(db.id.cmp(&da.id))
            })
        });
        // The same text twice (or the article's own text again) is listed
        // at most once.
        let mut chosen: Vec<Option<u64>> = vec![self.docs[own as usize].fingerprint];
        let mut related = Vec::with_capacity(limit);
        for (doc, _) in candidates {
            let candidate = &self.docs[doc as usize];
            if chosen
                .iter()
                .any(|print| near_duplicates(*print, candidate.fingerprint))
            {
                continue;
            }
            chosen.push(candidate.fingerprint);
            related.push(candidate.id);
            if related.len() == limit {
                break;
            }
        }
        related
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
    fn the_same_story_comes_first() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        let related = index.related(ArticleId(3), 5);
        let mut first = related[..2].to_vec();
        first.sort();
        assert_eq!(first, [ArticleId(1), ArticleId(2)], "{related:?}");
        assert_eq!(index.related(ArticleId(4), 5), [ArticleId(5)]);
    }

    #[test]
    fn of_equal_matches_the_one_from_the_same_days_comes_first() {
        let mut texts = corpus();
        texts.push(text(
            20,
            "Tanggul Citarum jebol",
            "Tanggul Sungai Citarum jebol, ratusan rumah terendam.",
            8,
        ));
        // Two follow-ups with the same words in another order: as like the
        // first report as each other, but not the same text.
        texts.push(text(
            21,
            "Gubernur tinjau tanggul Citarum",
            "Gubernur meninjau tanggul Sungai Citarum yang jebol dan menjanjikan perbaikan.",
            10,
        ));
        texts.push(text(
            22,
            "Tanggul Citarum, gubernur tinjau",
            "Perbaikan dijanjikan gubernur, meninjau Sungai Citarum dan tanggul yang jebol.",
            30,
        ));
        let index = RelatedIndex::build(&texts, RelatedPolicy::default());
        assert_eq!(
            index.related(ArticleId(20), 2),
            [ArticleId(21), ArticleId(22)],
            "the follow-up two days later before the newer one three weeks later"
        );
    }

    #[test]
    fn the_same_wire_text_is_listed_once() {
        let wire = "Badan meteorologi memperingatkan hujan lebat disertai angin kencang di Jakarta, Bogor, Depok, Tangerang dan Bekasi hingga Jumat malam. Warga diminta waspada banjir dan pohon tumbang.\n\nPrakirawan cuaca menjelaskan bahwa pertemuan massa udara basah dari Samudra Hindia dengan angin baratan memicu awan hujan yang tebal di wilayah barat Jawa. Intensitas hujan diperkirakan mencapai puncak pada sore hingga malam hari.\n\nPemerintah daerah menyiagakan pompa air, perahu karet dan petugas pemadam kebakaran di titik rawan genangan. Sekolah di bantaran sungai diminta menyiapkan jalur evakuasi bagi murid.\n\nMasyarakat dapat memantau peringatan dini melalui aplikasi resmi badan meteorologi dan kanal media sosial pemerintah provinsi.";
        let mut texts = corpus();
        texts.push(text(10, "Hujan lebat mengancam Jabodetabek", wire, 5));
        texts.push(text(
            11,
            "BMKG: waspada hujan lebat dan angin kencang",
            wire,
            6,
        ));
        let mut edited = wire.replace("Jumat malam", "Jumat malam nanti");
        edited.push_str(" Petugas siaga.");
        texts.push(text(12, "Jabodetabek diguyur hujan lebat", &edited, 7));
        texts.push(text(
            13,
            "Hujan lebat dan banjir di Bogor",
            "Hujan lebat membuat Bogor banjir; warga waspada pohon tumbang dan angin kencang.",
            4,
        ));
        let index = RelatedIndex::build(&texts, RelatedPolicy::default());
        let related = index.related(ArticleId(10), 5);
        assert!(
            !related.contains(&ArticleId(11)) && !related.contains(&ArticleId(12)),
            "{related:?}"
        );
        assert!(related.contains(&ArticleId(13)), "{related:?}");
        let from_other = index.related(ArticleId(13), 5);
        let copies = from_other
            .iter()
            .filter(|id| [10, 11, 12].contains(&id.0))
            .count();
        assert_eq!(copies, 1, "{from_other:?}");
        assert!(
            fingerprint(&["a".into(), "b".into()]).is_none(),
            "too short to compare"
        );
    }

    #[test]
    fn unknown_articles_have_nothing_related() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        assert!(index.related(ArticleId(99), 5).is_empty());
        assert_eq!(index.len(), 6);
    }
}
