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
use std::sync::{Mutex, RwLock};
use warta_core::ArticleId;
use warta_search::Analyzer;
use warta_store::ArticleText;

use super::neighbour_lists::Neighbours;
use super::packed::{BlockList, BlockLists, Packed, Weighted, encode_weighted};

/// The terms of one article's vector, ascending, each with its weight in
/// 16 bits ([`Terms::vector_of`]).
#[derive(Clone)]
pub(super) enum Vector<'a> {
    Built(Weighted<'a>),
    Added(std::slice::Iter<'a, (u32, u16)>),
}

impl Iterator for Vector<'_> {
    type Item = (u32, u16);

    fn next(&mut self) -> Option<(u32, u16)> {
        match self {
            Vector::Built(terms) => terms.next(),
            Vector::Added(terms) => terms.next().copied(),
        }
    }
}

/// `vector` by term, ascending, its weights in 16 bits as the postings
/// keep them.
fn ascending(vector: &[(u32, f32)]) -> Vec<(u32, u16)> {
    let mut terms: Vec<(u32, u16)> = vector
        .iter()
        .map(|(term, weight)| (*term, to_16_bits(*weight)))
        .collect();
    terms.sort_unstable_by_key(|(term, _)| *term);
    terms
}

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

/// An article in its slot; its terms are kept apart ([`Terms::vector_of`]).
/// One per article of the archive, so kept to 32 bytes (an
/// `Option<u64>` of the fingerprint made it 40).
pub(super) struct Doc {
    pub(super) id: ArticleId,
    pub(super) published_at: DateTime<Utc>,
    /// SimHash of the body, if it has one ([`Doc::fingerprint`]).
    simhash: u64,
    has_fingerprint: bool,
    /// Whether it is still in the index (a removed article keeps its
    /// slot, and its postings stay until the next build).
    pub(super) live: bool,
}

impl Doc {
    pub(super) fn new(id: ArticleId, published_at: DateTime<Utc>, fingerprint: Option<u64>) -> Doc {
        Doc {
            id,
            published_at,
            simhash: fingerprint.unwrap_or(0),
            has_fingerprint: fingerprint.is_some(),
            live: true,
        }
    }

    /// SimHash of the body, `None` for bodies too short to compare.
    pub(super) fn fingerprint(&self) -> Option<u64> {
        self.has_fingerprint.then_some(self.simhash)
    }
}

const _: () = assert!(
    std::mem::size_of::<Doc>() == 32,
    "a Doc an article: keep it small"
);

/// Candidates ordered again by [`by_cohesion`], and the best of them
/// whose resemblance to one another counts, with its weight. Measured on
/// the story clusters (docs/QUALITY.md): P@5 0.8224 -> 0.8302 over
/// stories at 0.5 (0.8264 at 0.25, 0.8284 at 1; pools of 15 and 25, and
/// eight best instead of five, did no better).
pub(super) const COHESION_POOL: usize = 15;
pub(super) const COHESION_EVIDENCE: usize = 5;
pub(super) const COHESION_WEIGHT: f32 = 0.5;

/// Postings of a word read around an article, at most, in each of the
/// build's and the recent lists (see [`Reach::Nearest`]): it bounds the
/// cost of Berita Terkait however large the archive. Measured: P@5 on
/// the story clusters (docs/QUALITY.md) is 0.8302 over stories and
/// 0.8386 over articles at 1,500, 4,000 and without a bound, 0.8300 and
/// 0.8385 at 750, 0.8291 and 0.8367 at 500. At a million articles,
/// 370 first views in a row cost 3.75 and 4.35 ms (median) at 1,500,
/// 1.92 and 2.00 ms at 750 (docs/BENCHMARKS.md).
const NEAR_POSTINGS: usize = 750;

/// Which postings of a word a similarity reads. The build's slots are in
/// order of publication (articles added later come after them, and are
/// newer), so a window of slots is a span of time.
enum Reach {
    /// At most this many of the build's and as many of the recent ones,
    /// those nearest the article: a word in thousands of articles joins
    /// it to those of its own weeks, while a rarer one (a name) joins it
    /// to every article that has it, whenever written.
    Nearest(usize),
    /// The build's slots in this range, and every recent one.
    Slots(std::ops::Range<u32>),
}

/// Whose postings a similarity reads: an article of the build is only in
/// the build's postings, one added since only in the recent ones, so its
/// similarity to another comes whole from one or the other.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Among {
    Built,
    Recent,
    Both,
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
///
/// Built whole at start; afterwards [`RelatedIndex::update`] replaces the
/// vectors of the articles that changed, in place, so a publication costs
/// milliseconds however large the archive. Vectors made since the build
/// weigh terms by the document frequencies of their own time, which drift
/// as articles come and go; [`RelatedIndex::needs_rebuild`] says when
/// enough has changed to build anew.
pub struct RelatedIndex {
    pub(super) policy: RelatedPolicy,
    pub(super) terms: RwLock<Terms>,
    cache: Mutex<HashMap<ArticleId, Box<[ArticleId]>>>,
    /// Whether it changed since it was built, loaded or saved.
    pub(super) unsaved: std::sync::atomic::AtomicBool,
    /// The checksum of the file it was read from; `None` when built.
    pub(super) origin: Option<u32>,
    /// How its answers were found.
    answers: RelatedAnswers,
    /// Which index this is, of those made by this process.
    made: u64,
}

/// How many answers [`RelatedIndex::related`] found each way: for the
/// operator's metrics, which show whether Berita Terkait is worked out
/// ahead.
#[derive(Default)]
pub struct RelatedAnswers {
    /// From the neighbours worked out ahead.
    pub ahead: std::sync::atomic::AtomicU64,
    /// Worked out whole, then kept in the cache of answers.
    pub whole: std::sync::atomic::AtomicU64,
}

/// The vectors and what is needed to make more of them.
#[derive(Default)]
pub(super) struct Terms {
    /// By slot; a removed article keeps its slot, no longer live.
    pub(super) docs: Vec<Doc>,
    /// By slot, the [`text_hash`] of each article's text.
    pub(super) text_hashes: Vec<u64>,
    /// The strongest terms of the build's slots with their weights (the
    /// same as in the postings), ascending, each vector encoded by
    /// [`encode_weighted`]: that of slot `s` is the bytes
    /// `vectors[vector_starts[s]..vector_starts[s + 1]]`.
    pub(super) vector_starts: Vec<u32>,
    pub(super) vectors: Packed<u8>,
    /// The vectors of the slots added since the build, from `built` on,
    /// ascending.
    pub(super) added: Vec<Box<[(u32, u16)]>>,
    /// The build's slots ordered by their articles, where
    /// [`Terms::slot_of`] finds a built article: 4 bytes an article
    /// (a map took 36 at a million articles, 36 MB).
    pub(super) built_by_id: Vec<u32>,
    /// The slots of the articles added since the build.
    pub(super) added_by_id: HashMap<ArticleId, u32>,
    /// How many articles are live.
    pub(super) live_count: usize,
    pub(super) postings: Postings,
    pub(super) vocabulary: HashMap<String, u32>,
    pub(super) document_frequency: Vec<u32>,
    /// Articles added or removed since the build.
    pub(super) changes: usize,
    /// The slots of the build (before those added since), in order of
    /// publication.
    pub(super) built: usize,
    /// The best candidates of the build's articles among the build's,
    /// worked out ahead.
    pub(super) neighbours: Neighbours,
}

/// Cached answers kept at most; the cache starts over when full. Pages
/// in the page cache need no answer, so this covers the articles read
/// since the lists last moved, not the archive: 20,000 take about 4 MB.
const CACHE_LIMIT: usize = 20_000;
/// Related articles computed and cached per article; larger asks bypass the cache.
const CACHED_PER_ARTICLE: usize = 20;
/// Changes after which the index is built anew: this share of its articles...
const REBUILD_SHARE: usize = 10;
/// ...but never fewer than this many.
const REBUILD_AT_LEAST: usize = 1_000;

/// Which articles have each term, and its weight in each, by term and
/// then by slot. The postings of a build are packed: their slots in
/// [`BlockLists`] (gaps, a byte or two each), their weights in one array
/// beside them, in the same order; those of articles added later go to
/// `recent`, which stays small since enough changes bring a new build.
/// A removed article's postings stay until then, its slot empty.
///
/// Weights are kept to 16 bits (bfloat16: an f32's sign, exponent and
/// top 7 bits of mantissa, rounded), a relative error of at most 0.2 %:
/// with the slots' gaps, about 3.6 bytes a posting instead of 6 (whole
/// slots beside the weights).
#[derive(Default)]
pub(super) struct Postings {
    /// The slots of term `t` are list `t`; their weights are at
    /// `weights[slots.start(t)..]`.
    slots: BlockLists,
    weights: Packed<u16>,
    recent: HashMap<u32, Vec<(u32, u16)>>,
}

/// A weight in 16 bits, rounded to the nearest.
pub(super) fn to_16_bits(weight: f32) -> u16 {
    let bits = weight.to_bits();
    // Round half to even on the 16 bits dropped.
    let rounding = 0x7fff + ((bits >> 16) & 1);
    (bits.saturating_add(rounding) >> 16) as u16
}

/// The weight a [`to_16_bits`] value stands for.
pub(super) fn from_16_bits(weight: u16) -> f32 {
    f32::from_bits(u32::from(weight) << 16)
}

/// The `limit` positions of a list of `len` nearest position `at`, all
/// of them in a shorter list.
fn nearest(len: usize, at: usize, limit: usize) -> std::ops::Range<usize> {
    if len <= limit {
        return 0..len;
    }
    let start = at.saturating_sub(limit / 2).min(len - limit);
    start..start + limit
}

impl Postings {
    /// The postings of the `entries` (slot, term, weight) of the vectors,
    /// in slot order, over a vocabulary of `terms`; the entries are read
    /// twice, once to count and once to place, so none are held twice.
    fn packed<I>(terms: usize, entries: impl Fn() -> I) -> Postings
    where
        I: Iterator<Item = (u32, u32, f32)>,
    {
        let mut starts = vec![0u32; terms + 1];
        for (_, term, _) in entries() {
            starts[term as usize + 1] += 1;
        }
        for term in 0..terms {
            starts[term + 1] += starts[term];
        }
        let mut next: Vec<u32> = starts[..terms].to_vec();
        let mut slots = vec![0; starts[terms] as usize];
        let mut weights = vec![0; starts[terms] as usize];
        for (slot, term, weight) in entries() {
            let at = &mut next[term as usize];
            slots[*at as usize] = slot;
            weights[*at as usize] = to_16_bits(weight);
            *at += 1;
        }
        Postings::from_packed(BlockLists::build(starts, &slots), Packed::Owned(weights))
    }

    /// Postings packed elsewhere (a saved index): the slots of term `t`
    /// are list `t` of `slots`, their weights (16 bits, see
    /// [`to_16_bits`]) in `weights` in the same order.
    pub(super) fn from_packed(slots: BlockLists, weights: Packed<u16>) -> Postings {
        Postings {
            slots,
            weights,
            recent: HashMap::new(),
        }
    }

    /// Adds the vector of a slot after every slot here.
    fn add(&mut self, slot: u32, vector: &[(u32, f32)]) {
        for (term, weight) in vector {
            let posting = (slot, to_16_bits(*weight));
            self.recent.entry(*term).or_default().push(posting);
        }
    }

    /// The packed slots and weights of `term`.
    pub(super) fn packed_of(&self, term: u32) -> (BlockList<'_>, &[u16]) {
        let slots = self.slots.list(term);
        let start = self.slots.start(term);
        let weights = self
            .weights
            .get(start..start + slots.len())
            .unwrap_or_default();
        (slots, weights)
    }

    pub(super) fn recent_of(&self, term: u32) -> &[(u32, u16)] {
        self.recent.get(&term).map_or(&[], Vec::as_slice)
    }

    /// Where in a term's packed `slots` `reach` reads, seen from the
    /// article in `slot`.
    fn packed_range(slots: BlockList<'_>, slot: u32, reach: &Reach) -> std::ops::Range<usize> {
        match reach {
            Reach::Nearest(limit) => nearest(slots.len(), slots.below(slot), *limit),
            Reach::Slots(range) => slots.below(range.start)..slots.below(range.end),
        }
    }

    /// Where in a term's `recent` postings `reach` reads, seen from the
    /// article in `slot`.
    fn recent_range(recent: &[(u32, u16)], slot: u32, reach: &Reach) -> std::ops::Range<usize> {
        match reach {
            Reach::Nearest(limit) => nearest(
                recent.len(),
                recent.partition_point(|(s, _)| *s < slot),
                *limit,
            ),
            Reach::Slots(_) => 0..recent.len(),
        }
    }

    /// Hands `each` the (slot, weight) pairs of `term` that `reach` asks
    /// for among the postings `among`, seen from the article in `slot`,
    /// in one plain loop a block at a time: Berita Terkait's reading of
    /// postings took 5 % less than through a chain of iterators (at a
    /// million articles, 4,000 articles' similarities alternately). Only
    /// the recent ones asked for, the packed ones are not touched.
    fn each_in_reach(
        &self,
        term: u32,
        slot: u32,
        reach: &Reach,
        among: Among,
        mut each: impl FnMut(u32, f32),
    ) {
        if among != Among::Recent {
            let (slots, weights) = self.packed_of(term);
            let packed = Self::packed_range(slots, slot, reach);
            slots.each(packed, |at, slot| each(slot, from_16_bits(weights[at])));
        }
        if among != Among::Built {
            let recent = self.recent_of(term);
            for (slot, weight) in &recent[Self::recent_range(recent, slot, reach)] {
                each(*slot, from_16_bits(*weight));
            }
        }
    }

    /// Whether no article was added since the build.
    pub(super) fn none_recent(&self) -> bool {
        self.recent.is_empty()
    }
}

/// Weighted term frequencies of one article and the fingerprint of its body.
fn analyse(
    analyzer: &mut Analyzer,
    text: &ArticleText,
    policy: &RelatedPolicy,
    vocabulary: &mut HashMap<String, u32>,
) -> (HashMap<u32, f32>, Option<u64>) {
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
    (tf, fingerprint(&body_terms))
}

impl Terms {
    /// The strongest terms of `tf` by tf-idf among `articles`, at unit
    /// length. Terms no other article has yet are kept: a new name is what
    /// the follow-ups of a story will share.
    fn weigh(
        &self,
        tf: HashMap<u32, f32>,
        policy: &RelatedPolicy,
        articles: usize,
    ) -> Vec<(u32, f32)> {
        let n = articles.max(1) as f32;
        let mut weighted: Vec<(u32, f32)> = tf
            .into_iter()
            .map(|(term, f)| {
                let df = self.document_frequency[term as usize].max(1) as f32;
                (term, (1.0 + f.ln()) * (1.0 + n / df).ln())
            })
            .collect();
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(policy.terms_per_article);
        let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut weighted {
                *weight /= norm;
            }
        }
        weighted
    }

    /// Fills a new index with `docs`, in order of publication (their
    /// slots), with their `vectors` (each strongest term first).
    fn fill(&mut self, docs: Vec<Doc>, vectors: &[Vec<(u32, f32)>]) {
        let postings = Postings::packed(self.vocabulary.len(), || {
            vectors.iter().enumerate().flat_map(|(slot, vector)| {
                vector
                    .iter()
                    .map(move |(term, weight)| (slot as u32, *term, *weight))
            })
        });
        let mut starts = Vec::with_capacity(vectors.len() + 1);
        starts.push(0);
        let mut packed = Vec::with_capacity(vectors.iter().map(Vec::len).sum::<usize>() * 4);
        for vector in vectors {
            encode_weighted(&ascending(vector), &mut packed);
            starts.push(u32::try_from(packed.len()).expect("vectors under 4 GB"));
        }
        self.fill_packed(docs, starts, Packed::Owned(packed), postings);
    }

    /// Fills a new index with `docs`, in order of publication (their
    /// slots), their vectors' terms (see [`Terms::vector_starts`]) and
    /// their `postings`, packed.
    pub(super) fn fill_packed(
        &mut self,
        docs: Vec<Doc>,
        vector_starts: Vec<u32>,
        vectors: Packed<u8>,
        postings: Postings,
    ) {
        debug_assert!(self.docs.is_empty(), "fills a new index only");
        debug_assert_eq!(vector_starts.len(), docs.len() + 1);
        let mut by_id: Vec<(ArticleId, u32)> = docs
            .iter()
            .enumerate()
            .map(|(slot, doc)| (doc.id, slot as u32))
            .collect();
        by_id.sort_unstable();
        self.built_by_id = by_id.into_iter().map(|(_, slot)| slot).collect();
        self.docs = docs;
        self.built = self.docs.len();
        self.live_count = self.docs.len();
        self.vector_starts = vector_starts;
        self.vectors = vectors;
        self.postings = postings;
    }

    /// The slot of article `id`, if it is live.
    pub(super) fn slot_of(&self, id: ArticleId) -> Option<u32> {
        if let Some(slot) = self.added_by_id.get(&id) {
            return Some(*slot);
        }
        let slot = self.built_by_id[self.built_position(id)?];
        self.docs[slot as usize].live.then_some(slot)
    }

    /// Where article `id` is in `built_by_id`. Numbers are given in order
    /// and an archive loses few, so a guess from the ends of the range
    /// lands on or near it: a few guesses, then a binary search of what is
    /// left. A binary search alone reads some 20 of a million places, each
    /// two reads far apart (the order, the article's number): 2.7 % of an
    /// uncached article page, measured.
    fn built_position(&self, id: ArticleId) -> Option<usize> {
        let docs = &self.docs;
        let order = &self.built_by_id;
        let key = |at: usize| docs[order[at] as usize].id.0;
        let (mut low, mut high) = (0, order.len());
        for _ in 0..4 {
            if high - low < 16 {
                break;
            }
            let (first, last) = (key(low), key(high - 1));
            if id.0 < first || id.0 > last {
                return None;
            }
            let span = (last - first) as u128;
            let guess =
                low + ((id.0 - first) as u128 * (high - 1 - low) as u128 / span.max(1)) as usize;
            match key(guess).cmp(&id.0) {
                std::cmp::Ordering::Equal => return Some(guess),
                std::cmp::Ordering::Less => low = guess + 1,
                std::cmp::Ordering::Greater => high = guess,
            }
        }
        order[low..high]
            .binary_search_by_key(&id, |slot| docs[*slot as usize].id)
            .ok()
            .map(|at| low + at)
    }

    /// Whether no article has two of the build's slots.
    pub(super) fn built_once_each(&self) -> bool {
        let id = |slot: u32| self.docs[slot as usize].id;
        self.built_by_id
            .windows(2)
            .all(|pair| id(pair[0]) != id(pair[1]))
    }

    /// The strongest terms of the article in `slot`, ascending, with
    /// their weights in 16 bits; none once it is removed.
    pub(super) fn vector_of(&self, slot: u32) -> Vector<'_> {
        let at = slot as usize;
        if !self.docs[at].live {
            Vector::Added([].iter())
        } else if at < self.built {
            let bytes = self.vector_starts[at] as usize..self.vector_starts[at + 1] as usize;
            Vector::Built(Weighted::new(&self.vectors[bytes]))
        } else {
            Vector::Added(self.added[at - self.built].iter())
        }
    }

    /// Reads a byte of each cache line of the vectors in `slots`, all
    /// before any is decoded. They lie far apart in the mapped file:
    /// loads that wait on nothing are fetched from memory together, where
    /// decoding waits for each line in turn.
    fn touch_vectors(&self, slots: &[u32]) {
        let mut seen = 0u8;
        for at in slots.iter().map(|slot| *slot as usize) {
            if at < self.built && self.docs[at].live {
                let bytes = self.vector_starts[at] as usize..self.vector_starts[at + 1] as usize;
                seen = self.vectors[bytes]
                    .iter()
                    .step_by(64)
                    .fold(seen, |seen, byte| seen ^ byte);
            }
        }
        std::hint::black_box(seen);
    }

    /// The strongest terms of the article in `slot`, ascending.
    pub(super) fn terms_of(&self, slot: u32) -> impl Iterator<Item = u32> + Clone + '_ {
        self.vector_of(slot).map(|(term, _)| term)
    }

    /// Adds articles in the next slots, their vectors among the recent
    /// postings.
    fn push(&mut self, added: Vec<Addition>) {
        for Addition { doc, vector, hash } in added {
            let slot = self.docs.len() as u32;
            self.added_by_id.insert(doc.id, slot);
            self.live_count += 1;
            self.docs.push(doc);
            self.text_hashes.push(hash);
            self.added.push(ascending(&vector).into_boxed_slice());
            self.postings.add(slot, &vector);
        }
    }

    /// Takes an article out, leaving its slot empty (its postings stay,
    /// and `compute` passes over them).
    fn remove(&mut self, id: ArticleId) {
        let Some(slot) = self.slot_of(id) else {
            return;
        };
        self.added_by_id.remove(&id);
        self.live_count -= 1;
        let doc = &mut self.docs[slot as usize];
        doc.has_fingerprint = false;
        doc.live = false;
        if let Some(terms) = (slot as usize)
            .checked_sub(self.built)
            .and_then(|at| self.added.get_mut(at))
        {
            *terms = Box::default();
        }
    }
}

impl Terms {
    /// The term vector of the article in `slot`, ascending, its weights
    /// as numbers.
    pub(super) fn unit_vector(&self, slot: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.vector_of(slot)
            .map(|(term, weight)| (term, from_16_bits(weight)))
    }

    /// Cosine similarity of the article in slot `own` to every other
    /// article sharing a term with it (removed ones among them).
    ///
    /// The sums are kept in an array by slot (reused by the thread, reset
    /// where it was touched) rather than a map: a common term's postings
    /// add to thousands of articles, and hashing each addition made this
    /// the cost of Berita Terkait and of placing articles in stories.
    fn similarities(&self, own: u32, reach: &Reach, among: Among, minimum: f32) -> Vec<(u32, f32)> {
        thread_local! {
            static SCORES: std::cell::RefCell<(Vec<f32>, Vec<u32>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        SCORES.with_borrow_mut(|(scores, touched)| {
            if scores.len() < self.docs.len() {
                scores.resize(self.docs.len(), 0.0);
            }
            for (term, weight) in self.vector_of(own) {
                let weight = from_16_bits(weight);
                self.postings
                    .each_in_reach(term, own, reach, among, |doc, other| {
                        let score = &mut scores[doc as usize];
                        if *score == 0.0 {
                            touched.push(doc);
                        }
                        *score += weight * other;
                    });
            }
            // Only those similar enough are returned: a common word touches
            // thousands of articles that share nothing else.
            let found = touched
                .drain(..)
                .filter(|doc| *doc != own)
                .map(|doc| (doc, std::mem::take(&mut scores[doc as usize])))
                .filter(|(_, similarity)| *similarity >= minimum)
                .collect();
            scores[own as usize] = 0.0;
            found
        })
    }
}

/// Candidates ordered again by cohesion: the best few of a story resemble
/// one another as well as the article, a look-alike from another matter
/// resembles the article alone. Each of the first [`COHESION_POOL`]
/// candidates gains [`COHESION_WEIGHT`] times its mean similarity to the
/// [`COHESION_EVIDENCE`] best (itself left out). `vector(at)` is the unit
/// term vector of the candidate at `at`, ascending by term.
fn by_cohesion<V: Iterator<Item = (u32, f32)>>(
    candidates: &mut [(u32, f32)],
    vector: impl Fn(usize) -> V,
) {
    let gains = cohesion_gains(candidates.len(), COHESION_EVIDENCE, vector);
    for ((_, score), gain) in candidates.iter_mut().zip(gains) {
        *score += gain;
    }
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
}

/// What [`by_cohesion`] adds to each of `len` candidates: the mean of its
/// cosines with the first `evidence` (itself left out), times
/// [`COHESION_WEIGHT`].
///
/// The evidence's vectors are read once, into a table of their terms
/// ([`EvidenceTerms`]); each candidate's vector is then read once, its
/// terms looked up there. Reading the pool's vectors into lists and
/// merging each pair instead, with the terms they share sorted out first,
/// was 13 % of an uncached article page at a million articles; the
/// evidence's terms sorted into one list and searched, 10 %. The sums add
/// the same products in the same (ascending) order as a pair's merge
/// would, and the zeros add nothing: the gains are the same to the bit.
pub(super) fn cohesion_gains<V: Iterator<Item = (u32, f32)>>(
    len: usize,
    evidence: usize,
    vector: impl Fn(usize) -> V,
) -> Vec<f32> {
    let evidence = len.min(evidence).min(COHESION_EVIDENCE);
    let read: Vec<Vec<(u32, f32)>> = (0..evidence).map(|at| vector(at).collect()).collect();
    let table = EvidenceTerms::of(&read);
    (0..len)
        .map(|at| {
            let mut sums = [0.0f32; COHESION_EVIDENCE];
            let mut add = |(term, weight): (u32, f32)| {
                if let Some(theirs) = table.weights(term) {
                    for (sum, theirs) in sums.iter_mut().zip(theirs) {
                        *sum += weight * theirs;
                    }
                }
            };
            match read.get(at) {
                Some(own) => own.iter().copied().for_each(&mut add),
                None => vector(at).for_each(&mut add),
            }
            let others = (0..evidence).filter(|other| *other != at);
            let count = others.clone().count();
            if count == 0 {
                0.0
            } else {
                COHESION_WEIGHT * others.map(|other| sums[other]).sum::<f32>() / count as f32
            }
        })
        .collect()
}

/// The terms of [`cohesion_gains`]'s evidence, each with its weight in
/// every one of the evidence's vectors (0 where one lacks it), found by
/// hashing: a term is at its hash's place or in one of the next. The
/// table is kept at most half full, so a lookup reads one or two places.
struct EvidenceTerms {
    /// For each place, one more than the row of the term there; 0 where
    /// the place is free.
    places: Vec<u32>,
    /// Bits of a term's hash its place is taken from (the highest).
    shift: u32,
    terms: Vec<u32>,
    weights: Vec<[f32; COHESION_EVIDENCE]>,
}

impl EvidenceTerms {
    fn of(vectors: &[Vec<(u32, f32)>]) -> EvidenceTerms {
        let count: usize = vectors.iter().map(Vec::len).sum();
        let places = (count * 2).max(16).next_power_of_two();
        let mut table = EvidenceTerms {
            places: vec![0; places],
            shift: u32::BITS - places.trailing_zeros(),
            terms: Vec::with_capacity(count),
            weights: Vec::with_capacity(count),
        };
        for (at, vector) in vectors.iter().enumerate().take(COHESION_EVIDENCE) {
            for &(term, weight) in vector {
                let row = match table.find(term) {
                    Ok(row) => row,
                    Err(place) => {
                        table.terms.push(term);
                        table.weights.push([0.0; COHESION_EVIDENCE]);
                        table.places[place] = table.terms.len() as u32;
                        table.terms.len() - 1
                    }
                };
                table.weights[row][at] = weight;
            }
        }
        table
    }

    /// The row of `term`, or the free place it would take.
    fn find(&self, term: u32) -> Result<usize, usize> {
        let mask = self.places.len() - 1;
        // Fibonacci hashing: the product's highest bits, spread well
        // whichever bits of the terms' numbers differ.
        let mut place = (term.wrapping_mul(0x9E37_79B9) >> self.shift) as usize;
        loop {
            match self.places[place] {
                0 => return Err(place),
                row if self.terms[row as usize - 1] == term => return Ok(row as usize - 1),
                _ => place = (place + 1) & mask,
            }
        }
    }

    /// The weights of `term` in each of the evidence's vectors, if any
    /// has it.
    fn weights(&self, term: u32) -> Option<&[f32; COHESION_EVIDENCE]> {
        self.find(term).ok().map(|row| &self.weights[row])
    }
}

/// A hash of what an article's vector is made of (headline, tags, lede,
/// body) and of its time: an update that finds it the same leaves the
/// article where it is. FNV-1a, the same in every version, since it is
/// saved; each part ends with a byte UTF-8 never has.
pub(super) fn text_hash(text: &ArticleText) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut add = |bytes: &[u8]| {
        for byte in bytes.iter().chain(&[0xff]) {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    add(text.title.as_bytes());
    add(text.lede.as_bytes());
    add(text.body.as_bytes());
    for tag in &text.tags {
        add(tag.as_bytes());
    }
    add(&text.published_at.timestamp_micros().to_le_bytes());
    hash
}

/// An article added since the build: its slot's article, its vector
/// (strongest term first) and its [`text_hash`].
struct Addition {
    doc: Doc,
    vector: Vec<(u32, f32)>,
    hash: u64,
}

/// The article of `text`, live.
fn doc(text: &ArticleText, fingerprint: Option<u64>) -> Doc {
    Doc::new(text.id, text.published_at, fingerprint)
}

impl RelatedIndex {
    /// Builds the index over `texts`.
    pub fn build(texts: &[ArticleText], policy: RelatedPolicy) -> RelatedIndex {
        // Slots in order of publication, which [`Reach`] relies on.
        let mut texts: Vec<&ArticleText> = texts.iter().collect();
        texts.sort_by_key(|text| (text.published_at, text.id));
        let mut terms = Terms::default();
        let mut analyzer = Analyzer::default();
        let analysed: Vec<_> = texts
            .iter()
            .map(|text| analyse(&mut analyzer, text, &policy, &mut terms.vocabulary))
            .collect();
        terms.document_frequency = vec![0; terms.vocabulary.len()];
        for (tf, _) in &analysed {
            for term in tf.keys() {
                terms.document_frequency[*term as usize] += 1;
            }
        }
        let weighted: Vec<_> = analysed
            .into_iter()
            .map(|(tf, fingerprint)| (terms.weigh(tf, &policy, texts.len()), fingerprint))
            .collect();
        let (docs, vectors): (Vec<Doc>, Vec<_>) = texts
            .iter()
            .zip(weighted)
            .map(|(text, (vector, fingerprint))| (doc(text, fingerprint), vector))
            .unzip();
        terms.fill(docs, &vectors);
        terms.text_hashes = texts.iter().map(|text| text_hash(text)).collect();
        RelatedIndex::from_terms(terms, policy)
    }

    pub(super) fn from_terms(terms: Terms, policy: RelatedPolicy) -> RelatedIndex {
        RelatedIndex {
            policy,
            terms: RwLock::new(terms),
            cache: Mutex::new(HashMap::new()),
            unsaved: std::sync::atomic::AtomicBool::new(true),
            origin: None,
            answers: RelatedAnswers::default(),
            made: {
                static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// Brings the index up to date after the articles `changed` changed:
    /// each is taken out, and those of them that are live now (`live`) go
    /// back in with their new text. Cached answers are dropped, since any
    /// of them may now miss a newcomer. Articles whose text and time are
    /// as indexed stay as they are; returns whether any article moved.
    pub fn update(&self, changed: &[ArticleId], live: &[ArticleText]) -> bool {
        let mut analyzer = Analyzer::default();
        {
            let mut terms = self.terms.write().unwrap_or_else(|e| e.into_inner());
            // An article whose text and time are as indexed keeps its slot
            // (and its neighbours, and its place in the others' lists): a
            // sync looks a few seconds back and finds the articles it
            // already has, and many edits touch nothing this reads.
            let unchanged: std::collections::HashSet<ArticleId> = live
                .iter()
                .filter(|text| {
                    terms
                        .slot_of(text.id)
                        .is_some_and(|slot| terms.text_hashes[slot as usize] == text_hash(text))
                })
                .map(|text| text.id)
                .collect();
            let mut moved: Vec<ArticleId> = changed
                .iter()
                .chain(live.iter().map(|t| &t.id))
                .filter(|id| !unchanged.contains(id))
                .copied()
                .collect();
            moved.sort_unstable();
            moved.dedup();
            if moved.is_empty() {
                return false;
            }
            for id in &moved {
                terms.remove(*id);
            }
            let mut added = Vec::with_capacity(live.len());
            for text in live.iter().filter(|text| !unchanged.contains(&text.id)) {
                let (tf, fingerprint) =
                    analyse(&mut analyzer, text, &self.policy, &mut terms.vocabulary);
                let size = terms.vocabulary.len();
                terms.document_frequency.resize(size, 0);
                for term in tf.keys() {
                    terms.document_frequency[*term as usize] += 1;
                }
                let articles = terms.live_count + added.len() + 1;
                let vector = terms.weigh(tf, &self.policy, articles);
                added.push(Addition {
                    doc: doc(text, fingerprint),
                    vector,
                    hash: text_hash(text),
                });
            }
            terms.push(added);
            terms.changes += moved.len();
        }
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.unsaved
            .store(true, std::sync::atomic::Ordering::SeqCst);
        true
    }

    /// Which index this is: a number no other index this process built
    /// or read has had.
    pub fn made(&self) -> u64 {
        self.made
    }

    /// How its answers were found since it was built or loaded.
    pub fn answers(&self) -> &RelatedAnswers {
        &self.answers
    }

    /// Whether it changed since it was built, loaded or saved.
    pub fn unsaved(&self) -> bool {
        self.unsaved.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Whether, with `pending` more changed articles, so much will have
    /// changed since the build that it is better built anew.
    pub fn needs_rebuild(&self, pending: usize) -> bool {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        terms.changes + pending >= (terms.live_count / REBUILD_SHARE).max(REBUILD_AT_LEAST)
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.terms
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .live_count
    }

    /// Whether the index holds an article.
    pub fn contains(&self, id: ArticleId) -> bool {
        self.terms
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .slot_of(id)
            .is_some()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to `limit` articles related to `id`, best first; empty for an
    /// article the index does not hold.
    pub fn related(&self, id: ArticleId, limit: usize) -> Vec<ArticleId> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(listed) = self.listed(id, limit) {
            self.answers.ahead.fetch_add(1, Relaxed);
            return listed;
        }
        if limit > CACHED_PER_ARTICLE {
            self.answers.whole.fetch_add(1, Relaxed);
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
        self.answers.whole.fetch_add(1, Relaxed);
        let found = self.compute(id, CACHED_PER_ARTICLE);
        let answer = found.iter().take(limit).copied().collect();
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(id, found.into_boxed_slice());
        answer
    }

    /// Every article published within `window` of `id` whose similarity
    /// to it (cosine, without the nearness in time) is at least
    /// `minimum`, with that similarity, most similar first; empty for an
    /// article the index does not hold. What story placement weighs.
    pub fn similar_within(
        &self,
        id: ArticleId,
        window: chrono::Duration,
        minimum: f32,
    ) -> Vec<(ArticleId, f32)> {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        let Some(own) = terms.slot_of(id) else {
            return Vec::new();
        };
        let docs = &terms.docs;
        let published = docs[own as usize].published_at;
        // The build's slots of the window, found by time.
        let built = &docs[..terms.built];
        let from = built.partition_point(|doc| doc.published_at < published - window);
        let to = built.partition_point(|doc| doc.published_at <= published + window);
        let reach = Reach::Slots(from as u32..to as u32);
        let mut similar: Vec<(ArticleId, f32)> = terms
            .similarities(own, &reach, Among::Both, minimum)
            .into_iter()
            .filter(|(doc, _)| {
                let doc = &docs[*doc as usize];
                doc.live && (doc.published_at - published).abs() <= window
            })
            .map(|(doc, similarity)| (docs[doc as usize].id, similarity))
            .collect();
        similar.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        similar
    }

    pub(super) fn compute(&self, id: ArticleId, limit: usize) -> Vec<ArticleId> {
        let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
        let Some(own) = terms.slot_of(id) else {
            return Vec::new();
        };
        let mut candidates = terms.candidates(own, Among::Both, &self.policy);
        terms
            .pick(own, &mut candidates, limit, None)
            .unwrap_or_default()
    }
}

impl Terms {
    /// The articles sharing a term with the article in slot `own` among
    /// the postings `among`, live, each with its similarity weighed by
    /// nearness in time, in no order.
    pub(super) fn candidates(
        &self,
        own: u32,
        among: Among,
        policy: &RelatedPolicy,
    ) -> Vec<(u32, f32)> {
        let docs = &self.docs;
        let published = docs[own as usize].published_at;
        self.similarities(own, &Reach::Nearest(NEAR_POSTINGS), among, policy.minimum)
            .into_iter()
            .filter(|(doc, _)| docs[*doc as usize].live)
            .map(|(doc, similarity)| {
                let apart = (docs[doc as usize].published_at - published)
                    .num_seconds()
                    .unsigned_abs() as f32
                    / 86_400.0;
                let nearness = (-apart / policy.time_half_life_days).exp2();
                (
                    doc,
                    similarity * (1.0 - policy.time_weight + policy.time_weight * nearness),
                )
            })
            .collect()
    }

    /// The order candidates are listed in: the higher score first, of
    /// equal ones the newer article.
    pub(super) fn order(&self, a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
        b.1.total_cmp(&a.1).then_with(|| {
            let da = &self.docs[a.0 as usize];
            let db = &self.docs[b.0 as usize];
            db.published_at
                .cmp(&da.published_at)
                .then(db.id.cmp(&da.id))
        })
    }

    /// Up to `limit` of the `candidates` of the article in `own`, in
    /// their order, the best few ordered again by cohesion, each text
    /// once. With `certain`, the candidates are those of a list worked
    /// out ahead ([`Neighbours`]): only the first `certain` are surely in
    /// their place, and more may follow them; `None` when the answer
    /// needs one of those.
    pub(super) fn pick(
        &self,
        own: u32,
        candidates: &mut [(u32, f32)],
        limit: usize,
        certain: Option<usize>,
    ) -> Option<Vec<ArticleId>> {
        let order = |a: &(u32, f32), b: &(u32, f32)| self.order(a, b);
        let docs = &self.docs;
        // A common word brings thousands of candidates: only the best few
        // are sorted, the rest only when near-duplicates use those up.
        let head = candidates.len().min(limit.max(COHESION_POOL) * 3);
        if head < candidates.len() {
            candidates.select_nth_unstable_by(head, order);
        }
        candidates[..head].sort_by(order);
        let (pool, known) = match certain {
            Some(known) => (COHESION_POOL, known),
            None => (candidates.len().min(COHESION_POOL), candidates.len()),
        };
        if pool > known {
            return None;
        }
        let slots: Vec<u32> = candidates[..pool].iter().map(|(slot, _)| *slot).collect();
        self.touch_vectors(&slots);
        by_cohesion(&mut candidates[..pool], |at| self.unit_vector(slots[at]));
        // The same text twice (or the article's own text again) is listed
        // at most once.
        let mut chosen: Vec<Option<u64>> = vec![docs[own as usize].fingerprint()];
        let mut related = Vec::with_capacity(limit);
        for at in 0.. {
            if related.len() == limit || (certain.is_none() && at == candidates.len()) {
                break;
            }
            if at == known {
                return None;
            }
            if at == head {
                candidates[head..].sort_by(order);
            }
            let candidate = &docs[candidates[at].0 as usize];
            if chosen
                .iter()
                .any(|print| near_duplicates(*print, candidate.fingerprint()))
            {
                continue;
            }
            chosen.push(candidate.fingerprint());
            related.push(candidate.id);
        }
        Some(related)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn weights_in_16_bits_are_rounded_to_the_nearest_and_kept_as_they_are() {
        for weight in [1e-4f32, 0.05, 0.3333, 1.0, 2.5, 7.77, 123.456] {
            let kept = from_16_bits(to_16_bits(weight));
            assert!(
                (kept - weight).abs() <= weight / 256.0,
                "{weight} -> {kept}"
            );
            // A weight kept once is kept as it is: a saved index loads the same.
            assert_eq!(from_16_bits(to_16_bits(kept)), kept);
        }
        // 1 + 2^-8 lies halfway between 1 and the next value: to the even one.
        assert_eq!(from_16_bits(to_16_bits(1.0 + 1.0 / 256.0)), 1.0);
        assert_eq!(
            from_16_bits(to_16_bits(1.0 + 1.5 / 256.0)),
            1.0 + 1.0 / 128.0
        );
        assert_eq!(from_16_bits(to_16_bits(0.0)), 0.0);
    }

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
    fn a_name_reaches_across_the_archive_where_common_words_are_read_near() {
        // More articles share the common words than a similarity reads of
        // a word, spread over years; the name is in two, years apart.
        let start = Utc.with_ymd_and_hms(2015, 1, 1, 8, 0, 0).unwrap();
        let mut texts: Vec<ArticleText> = (0..NEAR_POSTINGS as i64 + 1_000)
            .map(|i| ArticleText {
                published_at: start + chrono::Duration::hours(12 * i),
                ..text(
                    100 + i,
                    &format!("Banjir rendam permukiman warga nomor {i}"),
                    "Banjir merendam permukiman setelah hujan deras, sungai meluap dan warga mengungsi.",
                    1,
                )
            })
            .collect();
        let name = |id: i64, title: &str, body: &str, at| ArticleText {
            published_at: at,
            ..text(id, title, body, 1)
        };
        texts.push(name(
            1,
            "Sukarjo resmikan jembatan Cikapundung",
            "Wali Kota Sukarjo meresmikan jembatan gantung Cikapundung.",
            start,
        ));
        let newest = start + chrono::Duration::hours(12 * (NEAR_POSTINGS as i64 + 1_000));
        texts.push(name(
            2,
            "Sukarjo tinjau banjir di Cikapundung",
            "Wali Kota Sukarjo meninjau jembatan Cikapundung yang rusak diterjang banjir.",
            newest,
        ));
        let index = RelatedIndex::build(&texts, RelatedPolicy::default());
        assert_eq!(index.related(ArticleId(2), 5)[0], ArticleId(1));
        assert_eq!(index.related(ArticleId(1), 5)[0], ArticleId(2));
        // Placement in stories reads the days it is asked for, and all of
        // them: six articles on each side within three days.
        let middle = 100 + (NEAR_POSTINGS as i64 + 1_000) / 2;
        let near = index.similar_within(ArticleId(middle), chrono::Duration::days(3), 0.1);
        let mut ids: Vec<i64> = near.iter().map(|(id, _)| id.0).collect();
        ids.sort();
        let around: Vec<i64> = (middle - 6..=middle + 6)
            .filter(|id| *id != middle)
            .collect();
        assert_eq!(ids, around);
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
    fn updates_in_place_follow_publication_edits_and_take_downs() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        // The same text again (a sync looks back over what it has): the
        // article keeps its slot, and nothing counts toward a build.
        let slot = |id| index.terms.read().unwrap().slot_of(ArticleId(id));
        let before = slot(4);
        index.update(&[ArticleId(4)], &corpus()[3..4]);
        assert_eq!(slot(4), before);
        assert_eq!(index.terms.read().unwrap().changes, 0);
        // Another headline is another text.
        let mut retitled = corpus()[3].clone();
        retitled.title.push_str(" lagi");
        index.update(&[ArticleId(4)], &[retitled]);
        assert_ne!(slot(4), before);
        index.update(&[ArticleId(4)], &corpus()[3..4]);
        assert_eq!(index.terms.read().unwrap().changes, 2);
        assert!(!index.related(ArticleId(4), 5).contains(&ArticleId(30)));
        // Published after the build: a follow-up with a name nobody used
        // before, and the cached answer for article 4 must not hide it.
        let follow_up = text(
            30,
            "Harga cabai rawit Wonosari melonjak",
            "Harga cabai rawit di pasar tradisional Wonosari naik tajam.",
            9,
        );
        index.update(&[ArticleId(30)], std::slice::from_ref(&follow_up));
        assert_eq!(index.related(ArticleId(4), 1), [ArticleId(30)]);
        assert!(index.related(ArticleId(30), 5).contains(&ArticleId(4)));
        // A second follow-up finds the first by the new name alone.
        let second = text(31, "Wonosari", "Wonosari Wonosari.", 9);
        index.update(&[ArticleId(31)], std::slice::from_ref(&second));
        assert_eq!(index.related(ArticleId(31), 5), [ArticleId(30)]);
        // Edited into something else, then taken down.
        let edited = text(
            30,
            "Gol di menit akhir",
            "Timnas menang lewat gol di menit akhir.",
            9,
        );
        index.update(&[ArticleId(30)], &[edited]);
        assert!(!index.related(ArticleId(4), 5).contains(&ArticleId(30)));
        index.update(&[ArticleId(30), ArticleId(31)], &[]);
        assert_eq!(index.len(), 6);
        assert!(index.related(ArticleId(30), 5).is_empty());
        // An article of the build taken down: its packed postings stay,
        // and it is never listed again.
        let listed = index.related(ArticleId(4), 5);
        assert!(!listed.is_empty());
        index.update(&[listed[0]], &[]);
        assert!(!index.related(ArticleId(4), 5).contains(&listed[0]));
        assert_eq!(index.related(ArticleId(4), 5), listed[1..]);
        assert!(!index.needs_rebuild(0));
        assert!(index.needs_rebuild(REBUILD_AT_LEAST));
    }

    #[test]
    fn every_built_article_is_found_by_its_number_however_they_are_spread() {
        // Dense numbers, a gap, a cluster far off, and one lone number at
        // the end: guesses from the ends land far from most of them.
        let numbers: Vec<i64> = (1..=300)
            .chain((0..40).map(|n| 10_000 + n * 3))
            .chain([9_000_000])
            .collect();
        let texts: Vec<ArticleText> = numbers
            .iter()
            .map(|id| {
                text(
                    *id,
                    "Banjir di Jakarta",
                    "Banjir melanda Jakarta.",
                    1 + (*id % 28) as u32,
                )
            })
            .collect();
        let index = RelatedIndex::build(&texts, RelatedPolicy::default());
        let terms = index.terms.read().unwrap();
        for id in &numbers {
            let slot = terms.slot_of(ArticleId(*id)).expect("built");
            assert_eq!(terms.docs[slot as usize].id, ArticleId(*id));
        }
        for absent in [
            0, 301, 9_999, 10_001, 10_118, 10_200, 8_999_999, 9_000_001, -5,
        ] {
            assert_eq!(terms.slot_of(ArticleId(absent)), None, "{absent}");
        }
    }

    #[test]
    fn unknown_articles_have_nothing_related() {
        let index = RelatedIndex::build(&corpus(), RelatedPolicy::default());
        assert!(index.related(ArticleId(99), 5).is_empty());
        assert_eq!(index.len(), 6);
    }
    #[test]
    fn a_story_s_articles_pass_a_look_alike_from_another_matter() {
        let story = |n: u32| vec![(1, 0.6), (2, 0.6), (3 + n, 0.53)];
        // The look-alike resembles the article a little more, and none of
        // the story's articles at all.
        let look_alike = vec![(10, 0.8), (11, 0.6)];
        let vectors = [look_alike, story(0), story(1), story(2)];
        let mut candidates = vec![(9, 0.50), (1, 0.49), (2, 0.48), (3, 0.47)];
        by_cohesion(&mut candidates, |at| vectors[at].iter().copied());
        let order: Vec<u32> = candidates.iter().map(|(doc, _)| *doc).collect();
        assert_eq!(order, [1, 2, 3, 9]);
    }
}
