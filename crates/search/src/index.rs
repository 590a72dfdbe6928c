//! The full-text index: one tantivy index in the data folder, derived from
//! the database and rebuildable at any time.
//!
//! One [`SearchIndex`] holds the only writer (behind a mutex). An update
//! deletes an article's id term and adds it again, then commits with a
//! payload recording up to when the database was followed, so after a
//! restart (even one that interrupted an update) the application knows
//! where to catch up from. Readers reload after each commit.

use crate::abbreviations::{Abbreviations, Expansion};
use crate::analyzer::{
    ANALYZER, EXACT, Marking, exact, exact_unmarked, indonesian, long_form_mark, written_words,
};
use crate::bonus::Bonus;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::ops::{Bound, Range};
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::merge_policy::{DefaultMergePolicy, NoMergePolicy};
use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, FuzzyTermQuery, Occur,
    Query, QueryParser, RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term, doc};

/// Memory the writer may buffer before flushing a segment; one indexing
/// thread, since the writer mostly takes small updates. The buffer takes
/// memory as it fills, a page at a time, and gives it back at each commit:
/// a server's own writes hold a few pages. A whole build fills it, and the
/// larger it is the fewer segments it writes and merges: a million
/// articles imported with their index in 143 s with 128 MB (13
/// segments), 199 s with 64 MB (29); 100,000 left 32 segments with 20 MB.
pub const WRITER_MEMORY: usize = 128_000_000;
/// Articles of one write whose presence is checked after its commit (a
/// term lookup each); a full build is checked by its count.
const CHECKED_UPSERTS: usize = 2_000;
/// Characters of a body that passages are taken from: the caller hands
/// [`Marks::passage`] the body's opening, at most this long. On the
/// harness's queries, passages found in the first 800 characters carry as
/// many matches as those found in the first 1,500 (a search marks every
/// word it looks at).
pub const PASSAGE_SOURCE_CHARS: usize = 800;
/// How much a brand-new article's score is raised over an old one's.
const RECENCY_WEIGHT: f32 = 0.25;
/// Age in days at which the recency boost has halved.
const RECENCY_HALF_LIFE_DAYS: f32 = 30.0;
/// Queries longer than this are passages rather than a few words.
const LONG_QUERY_WORDS: usize = 20;
/// Boosts of headline, tags, lede, analysed body and words as written.
/// The words as written (headline and body, unstemmed) carry most: a
/// query that repeats an article's own wording, a headline or a sentence
/// pasted whole, is the strongest evidence there is, and stemming would
/// blur it with the word's relatives. The stemmed fields add the matches
/// in other forms ("dikuasai" for "menguasai"), the headline's most.
/// Chosen on the known-item queries (docs/QUALITY.md): weighting the
/// headline far above the words (3, 2, 1.5, 1, 0.5, as these were for
/// queries of up to 20 words) ranked the article of a pasted 12-word
/// sentence lower than plain BM25 does.
const FIELD_BOOSTS: [f32; 5] = [1.5, 0.5, 0.5, 0.5, 2.0];
/// Times a refused merge of every segment is asked again, 200 ms apart.
const MERGE_RETRIES: usize = 10;
/// Matches ranked by recency at first (see [`ranked`]).
const FIRST_POOL: usize = 400;
/// Articles holding a word from which it is common: a union of words
/// holding one is not counted (see [`SearchResults::total_exact`]), and
/// a passage's common words are scored apart (see [`SplitUnion`]).
const COMMON_DOCS: u64 = 10_000;
/// Where a passage's union is split (see [`SplitUnion`]): every term in
/// 15 % of the articles is scored apart. The more terms apart, the fewer
/// postings read, but the higher the most they could add, and the more
/// often the best by the rest must be widened: at a million articles (60
/// of the harness's passages, p50) 1 % took 137 ms, 3 % 50 ms, 5 % 14 ms,
/// 10 to 20 % 12-14 ms, 30 % 18 ms, against 29 ms reading every posting.
/// Taking only some of them (5 % with a tenth of the most, as headlines
/// do) brought p50 to 9.5 ms but p90 to 56 ms.
const PASSAGES: SplitAt = SplitAt {
    share: 0.15,
    budget: 1.0,
};
/// Where a few typed words' union is split: the commonest forms in 3 % of
/// the articles or more, while the most they could add is a tenth of the
/// most all the words could. A headline's words are each rarer than a
/// passage's commonest, and each word's forms in the title and tags are
/// rare where its body and written forms are common: so forms are split,
/// not words. Measured at a million articles, the harness's 300
/// headlines at 16 connections: 245 searches a second reading every
/// posting, 326 with this split (2 %: 336, 5 %: 321). Without the cap,
/// forms in 15 % split too few headlines to gain, and forms in 3 or 5 %
/// split some whose common forms could add more than their results
/// scored: those fell back to reading every posting, p99 87-97 ms one at
/// a time against 22 ms.
const HEADLINES: SplitAt = SplitAt {
    share: 0.03,
    budget: 0.1,
};
/// Bonus for each word of a short query an article holds, times the
/// word's inverse document frequency.
const PRESENCE_BOOST: f32 = 1.0;
/// Queries of up to this many words (stop words aside) earn it.
const PRESENCE_MAX_WORDS: usize = 6;
/// Words of a query typed so far that suggestions look at.
const COMPLETE_MAX_WORDS: usize = 6;
/// Letters of an unfinished word before it is completed: one or two
/// letters begin too many words to say anything (and "me", "di" begin
/// a tenth of the dictionary).
const COMPLETE_MIN_LETTERS: usize = 3;
/// Words of the dictionary looked at for one unfinished word, per
/// segment: a bound on a keystroke's work however large the site.
const COMPLETE_SCAN: usize = 20_000;
/// Letters of an unfinished word from which a word it begins may be
/// matched by a root that does not begin so ("tersa": tersangka, whose
/// root is "sangka").
const COMPLETE_ROOT_LETTERS: usize = 4;
/// Words an unfinished word may be the beginning of, the most used
/// first.
const COMPLETIONS: usize = 12;
/// Score of the commonest headline word an unfinished word may be.
const COMPLETION_WEIGHT: f32 = 4.0;
/// Weight of the words of a short query found in their order.
const PHRASE_BOOST: f32 = 2.0;
/// Weight of a query's other form (an abbreviation's long form, a long
/// form's abbreviation) beside the words as typed.
const EXPANSION_BOOST: f32 = 1.0;
/// Words shorter than this are never corrected: one letter turns a word
/// of three into another word ("ada", "apa", "api").
const SUGGEST_MIN_LETTERS: usize = 4;
/// Queries of more words than this are not corrected (a pasted passage).
const SUGGEST_MAX_WORDS: usize = 6;
/// From this length a word may be two letters off.
const SUGGEST_TWO_EDITS_LETTERS: usize = 8;
/// A correction is a word in at least this many articles...
const SUGGEST_MIN_DOCS: u64 = 3;
/// ...and in this many times as many as the word typed.
const SUGGEST_RATIO: u64 = 20;
/// A word in this many articles is one the site uses (a rare name, a
/// word of a region), never a slip: it is not looked up. Measured on the
/// corpus: with the bar at 50 articles, one three-word headline query in
/// ten drew a suggestion ("derita" -> "berita", "Sapardi" -> "Supardi").
const SUGGEST_KNOWN_DOCS: u64 = 3;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Another process holds the index (a running server, say).
    #[error("the search index is in use by another process (is `warta serve` running?)")]
    Locked,
    /// Files of the index folder could not be handled.
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    /// A commit did not hold what it was given.
    #[error("the search index did not take every article: {0}")]
    Incomplete(String),
    /// Files of the index do not match their checksums.
    #[error("damaged search index files: {0}")]
    Damaged(String),
}

/// What [`SearchIndex::open`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// A whole index, ready.
    Existing,
    /// None (or one of an earlier schema): a new, empty index.
    Created,
    /// A damaged index, moved to this folder; a new, empty index.
    SetAside(std::path::PathBuf),
}

impl Opened {
    /// Whether the index is new and must be built from the database.
    pub fn is_new(&self) -> bool {
        *self != Opened::Existing
    }
}

/// The one writer of an index, buffering up to `memory` bytes.
fn new_writer(index: &Index, memory: usize) -> Result<IndexWriter, SearchError> {
    index
        .writer_with_num_threads(1, memory)
        .map_err(|error| match error {
            tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
            other => SearchError::Index(other),
        })
}

/// Empties a folder.
fn clear_folder(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// The index in `dir` if there is one of `schema` whose files all pass
/// their checksums; `Ok(None)` when there is none (or of another schema),
/// an error naming the damaged files.
fn whole_index(dir: &Path, schema: &Schema) -> Result<Option<Index>, SearchError> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index = Index::open_in_dir(dir)?;
    if index.schema() != *schema {
        return Ok(None);
    }
    let damaged = index.validate_checksum()?;
    if !damaged.is_empty() {
        return Err(SearchError::Damaged(
            damaged
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(Some(index))
}

/// Moves a damaged index folder beside itself, out of the way, and returns
/// where; an older one set aside before is replaced (one is enough for a
/// look, and they take room).
fn set_aside(dir: &Path) -> Result<std::path::PathBuf, SearchError> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("search");
    let parent = dir.parent().unwrap_or(Path::new("."));
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(&format!("{name}.damaged-"))
        {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = parent.join(format!("{name}.damaged-{seconds}"));
    std::fs::rename(dir, &aside)?;
    Ok(aside)
}

/// An article as the index takes it.
#[derive(Debug, Clone)]
pub struct IndexedArticle<'a> {
    /// The article's number.
    pub id: i64,
    /// Headline.
    pub title: &'a str,
    /// Summary.
    pub lede: &'a str,
    /// Body as plain text.
    pub body: &'a str,
    /// Tag names.
    pub tags: &'a [String],
    /// Section slug.
    pub section: &'a str,
    /// Publication time.
    pub published_at: DateTime<Utc>,
}

/// A search as a reader asks it.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words; `"quoted words"` is a phrase.
    pub text: String,
    /// Only this section (slug).
    pub section: Option<String>,
    /// Only articles published at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only articles published before this time.
    pub to: Option<DateTime<Utc>>,
    /// Results skipped (pagination).
    pub offset: usize,
    /// Results returned.
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article's number.
    pub id: i64,
    /// Relevance with the recency prior applied.
    pub score: f32,
}

/// A page of results.
pub struct SearchResults {
    /// How many articles match in all, or at least (see `total_exact`).
    pub total: usize,
    /// Whether `total` was counted. A query of words alone one of which
    /// is in [`COMMON_DOCS`] articles or more (a pasted passage nearly
    /// always is), or a few words, unfiltered, whose common forms are
    /// scored apart, is not counted: counting visits every article
    /// holding any of its words, which their common forms are ranked
    /// without ([`SplitUnion`]). Then `total` is the live articles
    /// holding its commonest form, all of which match: a floor.
    pub total_exact: bool,
    /// This page, best first.
    pub hits: Vec<Hit>,
    /// What marks the query's words in the results' headlines and
    /// passages: the index stores no text, the caller has it.
    pub marks: Marks,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    lede: Field,
    body: Field,
    tags: Field,
    /// Headline and body as written: lower-cased, neither stemmed nor
    /// stripped of stop words.
    words: Field,
    section: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Nothing is stored: results are ids (a fast field), and the caller
    // has the texts to mark. Stored texts were most of the index's size,
    // mapped into memory as searches read them.
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | FAST),
        title: builder.add_text_field("title", analyzed.clone()),
        lede: builder.add_text_field("lede", analyzed.clone()),
        body: builder.add_text_field("body", analyzed.clone()),
        tags: builder.add_text_field("tags", analyzed),
        words: builder.add_text_field(
            "words",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&EXACT)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        section: builder.add_text_field("section", STRING),
        published: builder.add_i64_field("published", INDEXED | FAST),
    };
    (builder.build(), fields)
}

/// An article as a document of the index.
fn document(f: Fields, article: &IndexedArticle<'_>) -> tantivy::TantivyDocument {
    let mut document = doc!(
        f.id => article.id,
        f.title => article.title,
        f.lede => article.lede,
        f.body => article.body,
        f.section => article.section,
        f.published => article.published_at.timestamp(),
    );
    document.add_text(f.words, article.title);
    document.add_text(f.words, article.body);
    for tag in article.tags {
        document.add_text(f.tags, tag);
    }
    document
}

/// A build of the whole index under way ([`SearchIndex::build`]); it holds
/// the writer until it is finished, or dropped (which takes back what it
/// added: the index stays marked for a whole build).
pub struct IndexBuild<'a> {
    index: &'a SearchIndex,
    /// `None` once finished.
    writer: Option<std::sync::MutexGuard<'a, IndexWriter>>,
    added: u64,
    /// The article numbers added, a bit each (they are dense from 1).
    seen: Vec<u64>,
}

impl Drop for IndexBuild<'_> {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.as_mut() {
            let _ = writer.rollback();
            writer.set_merge_policy(Box::new(DefaultMergePolicy::default()));
        }
    }
}

impl IndexBuild<'_> {
    /// Adds articles; one added before (saved twice by an import) is
    /// replaced.
    pub fn add(&mut self, articles: &[IndexedArticle<'_>]) -> Result<(), SearchError> {
        let writer = self
            .writer
            .as_mut()
            .expect("a build is added to until finished");
        for article in articles {
            let (word, bit) = ((article.id.max(0) / 64) as usize, article.id.max(0) % 64);
            if self.seen.len() <= word {
                self.seen.resize(word + 1, 0);
            }
            if self.seen[word] & (1 << bit) != 0 {
                writer.delete_term(Term::from_field_i64(self.index.fields.id, article.id));
            } else {
                self.seen[word] |= 1 << bit;
                self.added += 1;
            }
            writer.add_document(document(self.index.fields, article))?;
        }
        Ok(())
    }

    /// Commits the build, recording that it follows the database up to
    /// `synced_until`, checks that it holds every article added, and
    /// merges it into one segment (a failure of the merge only costs
    /// speed, and is logged).
    pub fn finish(mut self, synced_until: i64) -> Result<u64, SearchError> {
        let mut writer = self.writer.take().expect("a build is finished once");
        let committed = (|| {
            let mut commit = writer.prepare_commit()?;
            commit.set_payload(&synced_until.to_string());
            commit.commit()?;
            self.index.reader.reload()?;
            let held = self.index.reader.searcher().num_docs();
            if held != self.added {
                return Err(SearchError::Incomplete(format!(
                    "{held} articles committed of {}",
                    self.added
                )));
            }
            Ok(held)
        })();
        match committed {
            Ok(held) => {
                drop(writer);
                // One segment searches faster than the several a build
                // leaves; not merging only costs speed.
                match self.index.merge_segments() {
                    Ok(segments) => {
                        tracing::info!(segments, "search index merged into one segment")
                    }
                    Err(error) => tracing::warn!(%error, "search index segments not merged"),
                }
                // Later small writes are merged as they come.
                self.index
                    .writer
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .set_merge_policy(Box::new(DefaultMergePolicy::default()));
                Ok(held)
            }
            Err(error) => {
                // Marked for a whole build, as `apply` leaves a failed write.
                let _ = writer.rollback();
                writer.set_merge_policy(Box::new(DefaultMergePolicy::default()));
                if let Ok(fresh) = new_writer(&self.index.index, self.index.writer_memory) {
                    *writer = fresh;
                }
                if let Ok(mut commit) = writer.prepare_commit() {
                    commit.set_payload("");
                    let _ = commit.commit();
                }
                Err(error)
            }
        }
    }
}

/// The full-text index of live articles.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    /// What the writer buffers, for one made again after a failure.
    writer_memory: usize,
    fields: Fields,
    /// The analyzers of a query's text ([`SearchIndex::parser`]).
    query_tokenizers: tantivy::tokenizer::TokenizerManager,
    /// The built-in abbreviations with the newsroom's own.
    abbreviations: std::sync::RwLock<std::sync::Arc<Abbreviations>>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if missing, and says which of
    /// the two happened ([`Opened`]). An index is checked first: every
    /// file's checksum, and every segment opened, so damage (a segment cut
    /// short, a file missing, a garbled `meta.json`) shows now rather than
    /// at the first search. A damaged index is set aside, whole, beside
    /// the folder (`search.damaged-SECONDS`, for a look), and one made with
    /// another schema is wiped; either way a new one is created, for the
    /// caller to build from the database.
    pub fn open(dir: &Path) -> Result<(SearchIndex, Opened), SearchError> {
        SearchIndex::open_buffering(dir, WRITER_MEMORY)
    }

    /// [`SearchIndex::open`], with a writer that buffers up to `memory`
    /// bytes (at least 15 MB) instead of [`WRITER_MEMORY`]: an import
    /// bound to less memory builds in more segments, at more CPU.
    pub fn open_buffering(dir: &Path, memory: usize) -> Result<(SearchIndex, Opened), SearchError> {
        std::fs::create_dir_all(dir)?;
        // Before anything is read or wiped: an index another server holds
        // is neither damaged nor of another schema to clear, whatever its
        // files say while that server writes them.
        if SearchIndex::in_use(dir) {
            return Err(SearchError::Locked);
        }
        let (schema, fields) = schema();
        let opened = match SearchIndex::open_existing(dir, &schema, fields, memory) {
            Ok(Some(index)) => return Ok((index, Opened::Existing)),
            Ok(None) => {
                clear_folder(dir)?;
                Opened::Created
            }
            // A server that took it since the check above: not damage,
            // and not to be moved from under that server.
            Err(SearchError::Locked) => return Err(SearchError::Locked),
            Err(damage) => {
                let aside = set_aside(dir)?;
                tracing::error!(
                    error = %damage,
                    set_aside = %aside.display(),
                    "the search index is damaged: it was set aside and is built anew"
                );
                std::fs::create_dir_all(dir)?;
                Opened::SetAside(aside)
            }
        };
        let index = Index::create_in_dir(dir, schema)?;
        Ok((SearchIndex::with_index(index, fields, memory)?, opened))
    }

    /// Whether another process (a running server) holds the index in `dir`
    /// for writing: replacing its files then would break it.
    pub fn in_use(dir: &Path) -> bool {
        use tantivy::directory::error::LockError;
        use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
        let Ok(directory) = MmapDirectory::open(dir) else {
            return false;
        };
        matches!(
            directory.acquire_lock(&INDEX_WRITER_LOCK),
            Err(LockError::LockBusy)
        )
    }

    /// The article numbers the index in `dir` holds, read without taking
    /// it from a server that has it open; `Ok(None)` when there is no
    /// index of this schema, an error when it is damaged. For `warta
    /// check`.
    pub fn ids_in(dir: &Path) -> Result<Option<Vec<i64>>, SearchError> {
        let (schema, _) = schema();
        let Some(index) = whole_index(dir, &schema)? else {
            return Ok(None);
        };
        let searcher = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?
            .searcher();
        let mut ids = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64("id")?;
            for doc in segment.doc_ids_alive() {
                if let Some(id) = column.first(doc) {
                    ids.push(id);
                }
            }
        }
        Ok(Some(ids))
    }

    /// The index in `dir` if there is one of this schema and it is whole;
    /// `Ok(None)` when there is none (or of another schema), an error when
    /// it is damaged.
    fn open_existing(
        dir: &Path,
        schema: &Schema,
        fields: Fields,
        memory: usize,
    ) -> Result<Option<SearchIndex>, SearchError> {
        let Some(index) = whole_index(dir, schema)? else {
            return Ok(None);
        };
        let opened = SearchIndex::with_index(index, fields, memory)?;
        // Opening a searcher opens every segment's files.
        let _ = opened.reader.searcher().num_docs();
        Ok(Some(opened))
    }

    /// An index in memory, for tests.
    pub fn in_ram() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        SearchIndex::with_index(Index::create_in_ram(schema), fields, WRITER_MEMORY)
    }

    fn with_index(index: Index, fields: Fields, memory: usize) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(ANALYZER, indonesian());
        index.tokenizers().register(&EXACT, exact());
        let query_tokenizers = tantivy::tokenizer::TokenizerManager::default();
        query_tokenizers.register(ANALYZER, indonesian());
        query_tokenizers.register(&EXACT, exact_unmarked());
        let writer = new_writer(&index, memory)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            writer_memory: memory,
            fields,
            query_tokenizers,
            abbreviations: std::sync::RwLock::new(std::sync::Arc::new(
                Abbreviations::built_in().clone(),
            )),
        })
    }

    /// Searches with the built-in abbreviations and the newsroom's own
    /// `(abbreviation, long form)` (which win where both name one).
    pub fn set_site_abbreviations(&self, own: &[(String, String)]) {
        let mut list = Abbreviations::built_in().clone();
        for (short, long) in own {
            list.add(short, long);
        }
        *self
            .abbreviations
            .write()
            .unwrap_or_else(|e| e.into_inner()) = std::sync::Arc::new(list);
    }

    /// Up to when (Unix seconds) the index follows the database, as recorded
    /// by the last [`SearchIndex::apply`]; `None` for a new index, or one a
    /// failed write left to be built anew.
    pub fn synced_until(&self) -> Option<i64> {
        self.index.load_metas().ok()?.payload?.parse().ok()
    }

    /// How many articles the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Replaces `upserts`, removes `deletes` (article numbers), optionally
    /// removes everything first, and records `synced_until`; all in one
    /// commit that readers see at once. What was committed is checked
    /// (every article of `upserts` there, and with `clear` nothing else):
    /// a disk that filled midway once left a commit that recorded its time
    /// but not its documents, and every article it should have held was
    /// missing from search for good. On any failure the writer is made
    /// anew (tantivy's may be unusable after an error) and the index is
    /// marked as following the database up to no time at all, so the next
    /// sync builds it whole ([`SearchIndex::synced_until`] is `None`).
    pub fn apply(
        &self,
        clear: bool,
        upserts: &[IndexedArticle<'_>],
        deletes: &[i64],
        synced_until: i64,
    ) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let written = self
            .write(&mut writer, clear, upserts, deletes, synced_until)
            .and_then(|()| self.check(clear, upserts));
        if let Err(error) = written {
            let _ = writer.rollback();
            if let Ok(fresh) = new_writer(&self.index, self.writer_memory) {
                *writer = fresh;
            }
            // Best effort: with the disk still full this fails too, and
            // the count the jobs compare tells instead.
            if let Ok(mut commit) = writer.prepare_commit() {
                commit.set_payload("");
                if commit.commit().is_ok() {
                    let _ = self.reader.reload();
                }
            }
            return Err(error);
        }
        Ok(())
    }

    /// Marks the index as following the database up to no time at all,
    /// so the next sync builds it whole (its count and the database's
    /// differed, say).
    pub fn forget_sync(&self) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut commit = writer.prepare_commit()?;
        commit.set_payload("");
        commit.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn write(
        &self,
        writer: &mut IndexWriter,
        clear: bool,
        upserts: &[IndexedArticle<'_>],
        deletes: &[i64],
        synced_until: i64,
    ) -> Result<(), SearchError> {
        let f = self.fields;
        if clear {
            writer.delete_all_documents()?;
        }
        for id in deletes {
            writer.delete_term(Term::from_field_i64(f.id, *id));
        }
        for article in upserts {
            writer.delete_term(Term::from_field_i64(f.id, article.id));
            writer.add_document(document(f, article))?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&synced_until.to_string());
        commit.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Builds the index anew in parts (an import adds each batch as it is
    /// saved): everything in it is removed, the parts are added with no
    /// commit between them, and [`IndexBuild::finish`] commits them at
    /// once, checked by their count, so readers never see half a build
    /// and a build that stops midway leaves the index marked for a whole
    /// build ([`SearchIndex::synced_until`] is `None`).
    pub fn build(&self) -> Result<IndexBuild<'_>, SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut commit = writer.prepare_commit()?;
        commit.set_payload("");
        commit.commit()?;
        writer.delete_all_documents()?;
        // A build merges once, everything, at its end: the segments it
        // fills are not merged on the way, which is work done again by the
        // last merge (100,000 articles: 23.6 -> 18.5 s of CPU).
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(IndexBuild {
            index: self,
            writer: Some(writer),
            added: 0,
            seen: Vec::new(),
        })
    }

    /// Checks that the last commit holds what it was given.
    fn check(&self, clear: bool, upserts: &[IndexedArticle<'_>]) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let held = searcher.num_docs();
        if clear && held != upserts.len() as u64 {
            return Err(SearchError::Incomplete(format!(
                "{held} articles committed of {}",
                upserts.len()
            )));
        }
        for article in upserts.iter().take(CHECKED_UPSERTS) {
            let query = TermQuery::new(
                Term::from_field_i64(self.fields.id, article.id),
                IndexRecordOption::Basic,
            );
            if searcher.search(&query, &Count)? != 1 {
                return Err(SearchError::Incomplete(format!(
                    "article {} missing after the commit",
                    article.id
                )));
            }
        }
        Ok(())
    }

    /// Merges every segment into one, and returns how many there were.
    /// A query costs work per segment (term lookups, scorers, snippet
    /// statistics): a full build leaves several (one per writer buffer,
    /// partly merged), and searching one was measured faster (see
    /// docs/BENCHMARKS.md). Later changes come in small segments that the
    /// writer's merge policy folds together by itself.
    ///
    /// Right after a commit the merge policy may already be merging some of
    /// those segments in the background, and a merge asking for them is
    /// refused; it is asked again, with the segments as they are then,
    /// once that merge has had time to finish.
    pub fn merge_segments(&self) -> Result<usize, SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut refused = 0;
        loop {
            let segments = self.index.searchable_segment_ids()?;
            if segments.len() <= 1 {
                return Ok(segments.len());
            }
            match writer.merge(&segments).wait() {
                Ok(_) => {
                    self.reader.reload()?;
                    return Ok(segments.len());
                }
                Err(_) if refused < MERGE_RETRIES => {
                    refused += 1;
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// Searches; relevance (BM25 over headline, tags, lede and body as
    /// analysed, plus the words as written, the headline counting most for
    /// short queries) with a recency prior, newer first among equals.
    pub fn search(
        &self,
        query: &SearchQuery,
        now: DateTime<Utc>,
    ) -> Result<SearchResults, SearchError> {
        let f = self.fields;
        let asked = self.words(&query.text);
        let (flat, presence, expansions) = (&asked.flat, &asked.presence, &asked.expansions);
        let few_words = !presence.is_empty();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, asked.matched)];
        if let Some(phrase) = &asked.phrase {
            clauses.push((Occur::Should, phrase.box_clone()));
        }
        let filtered = query.section.is_some() || query.from.is_some() || query.to.is_some();
        if let Some(section) = &query.section {
            let term = Term::from_field_text(f.section, section);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if query.from.is_some() || query.to.is_some() {
            let lower = query
                .from
                .map(|t| Bound::Included(Term::from_field_i64(f.published, t.timestamp())))
                .unwrap_or(Bound::Unbounded);
            let upper = query
                .to
                .map(|t| Bound::Excluded(Term::from_field_i64(f.published, t.timestamp())))
                .unwrap_or(Bound::Unbounded);
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        if asked.presence_apart {
            for word in presence {
                clauses.push((Occur::Should, Box::new(word.apart(expansions))));
            }
        }
        let searcher = self.reader.searcher();
        let frequencies: Vec<u64> = match flat {
            Some(terms) if !filtered => (terms.iter())
                .map(|(term, _)| searcher.doc_freq(term))
                .collect::<tantivy::Result<_>>()?,
            _ => Vec::new(),
        };
        // Words alone (no filter, no phrase, no bonus): a common word among
        // them makes counting cost more than ranking, and a passage's
        // common words are scored apart (see [`SplitUnion`]).
        let words_alone = flat
            .as_deref()
            .filter(|_| expansions.is_empty() && !few_words && clauses.len() == 1);
        // A few words and their phrase, but no filter: their common forms
        // are scored apart too, and then not counted.
        let headline = match (flat, &asked.phrase) {
            (Some(terms), Some(phrase))
                if !filtered && (!asked.presence_apart || presence.is_empty()) =>
            {
                Some((terms, phrase))
            }
            _ => None,
        };
        let holding = holding_commonest(&searcher, &frequencies);
        let common = holding >= COMMON_DOCS;
        let split = match (words_alone, headline) {
            (Some(terms), _) if asked.long && common => {
                SplitUnion::of(&searcher, terms, &frequencies, &[], &[], None, PASSAGES)?
            }
            (None, Some((terms, phrase))) if common => SplitUnion::of(
                &searcher,
                terms,
                &frequencies,
                presence,
                expansions,
                Some(phrase.box_clone()),
                HEADLINES,
            )?,
            _ => None,
        };
        let at_least = (words_alone.is_some() && common || split.is_some()).then_some(holding);
        // A few words are about a story: its best results come from the
        // days it ran, and one published near them is likelier of it.
        let story = few_words.then_some(StoryTime::SHORT_QUERIES);
        let ranking = Ranking::of(query, now.timestamp(), story, at_least.is_none());
        // The words' union is a clause of a boolean query, which tantivy
        // ranks without Block-WAND: over the dozens of terms of a passage,
        // Block-WAND took ten times as long as reading every posting (p50
        // 29 -> 250 ms at a million articles).
        let whole = BooleanQuery::new(clauses);
        let (top, counted) = match split {
            Some(split) => match split.ranked(&searcher, ranking)? {
                Some(page) => (page, None),
                None => ranked(&searcher, &whole, ranking)?,
            },
            None => ranked(&searcher, &whole, ranking)?,
        };
        let (total, total_exact) = match (counted, at_least) {
            (Some(counted), _) => (counted, true),
            (None, holding) => (
                usize::try_from(holding.unwrap_or(0)).unwrap_or(usize::MAX),
                false,
            ),
        };
        let mut ids = FastI64::new(&searcher, "id");
        let hits = top
            .into_iter()
            .map(|(score, address)| Hit {
                id: ids.of(address).unwrap_or_default(),
                score,
            })
            .collect();
        let marks = Marks {
            // Headlines are short: the fragment is the whole headline.
            titles: Marker::new(&searcher, &*asked.text_query, f.title, 1_000)?,
            bodies: Marker::new(&searcher, &*asked.text_query, f.body, 240)?,
        };
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            marks,
        })
    }

    /// The query's words as [`SearchIndex::search`] matches them, before
    /// any filter.
    fn words(&self, text: &str) -> Words {
        let f = self.fields;
        let mut parser = self.parser(vec![f.title, f.tags, f.lede, f.body, f.words]);
        let words = text.split_whitespace().count();
        let long = words > LONG_QUERY_WORDS;
        for (field, boost) in [f.title, f.tags, f.lede, f.body, f.words]
            .into_iter()
            .zip(FIELD_BOOSTS)
        {
            parser.set_field_boost(field, boost);
        }
        // Readers type words, not query syntax: what cannot be parsed is
        // dropped rather than refused.
        let text = sanitise(text, long);
        // In a few typed words stop words are not scored: the analysed
        // fields drop them anyway, and in the words as written ("di",
        // "yang", "dan" are in nearly every article) they doubled a query's
        // time for little (sentence MRR@10 0.9851 -> 0.9822, still above
        // plain BM25's 0.9747; docs/QUALITY.md). The in-order bonus keeps
        // them. A pasted passage keeps them: there they told near-identical
        // wire reports apart (summary MRR@10 fell below BM25's without).
        let scored = if long {
            text.clone()
        } else {
            without_stop_words(&text)
        };
        // A passage says words again (a name, "yang"): each term is read
        // once, its boosts added up, which scores as reading it again did
        // (10 % of a passage's time). A few typed words keep theirs: each
        // word's bonus is fused with its own terms ([`fused_union`]).
        let flat =
            (self.flat_terms(&scored)).map(|terms| if long { once_each(terms) } else { terms });
        let text_query: Box<dyn Query> = match &flat {
            Some(terms) => Box::new(union_of(terms)),
            None => parser.parse_query_lenient(&scored).0,
        };
        // An abbreviation also finds its long form, a long form its
        // abbreviation (in the words as written): an article that says
        // only "Komisi Pemberantasan Korupsi" answers "kpk".
        let query_words = crate::abbreviations::words(&text);
        let expansions = if long {
            Vec::new()
        } else {
            self.expansions(&query_words)
        };
        // A few words typed: each word an article holds (in some form) adds
        // a bonus in proportion to the word's rarity, however often it is
        // repeated. Readers type a name and an event: an article that
        // repeats the event but lacks the name loses ground to one that
        // has both (measured on the topical queries, docs/QUALITY.md).
        let presence = if !long && !text.contains('"') {
            self.word_presence(&query_words, &expansions)
        } else {
            Vec::new()
        };
        // The bonus is earned in the same reading of the words' postings
        // as their relevance when the words are those scored.
        let fused = flat
            .as_deref()
            .and_then(|terms| fused_union(terms, &presence, &expansions));
        let presence_apart = fused.is_none();
        let matched: Box<dyn Query> = if let Some(fused) = fused {
            Box::new(fused)
        } else if expansions.is_empty() {
            text_query.box_clone()
        } else {
            let mut either: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, text_query.box_clone())];
            for (_, query) in &expansions {
                either.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(query.box_clone(), EXPANSION_BOOST)),
                ));
            }
            Box::new(BooleanQuery::new(either))
        };
        // A headline typed or pasted whole: the article that has those words
        // in that order comes first, as a reader expects.
        let phrase: Option<Box<dyn Query>> =
            (!text.contains('"') && !long && words >= 2).then(|| {
                let phrase = self
                    .parser(vec![f.words])
                    .parse_query_lenient(&format!("\"{text}\""))
                    .0;
                Box::new(BoostQuery::new(phrase, PHRASE_BOOST)) as Box<dyn Query>
            });
        Words {
            long,
            flat,
            text_query,
            expansions,
            presence,
            presence_apart,
            matched,
            phrase,
        }
    }

    /// What the reader probably meant, when a word of `text` is one the
    /// site's articles (almost) never use and a word one or two letters
    /// away is common: "jokowy" -> "jokowi", "gempa bumu" -> "gempa bumi".
    /// `None` when every word stands. Words are compared as written
    /// (lower-cased, not stemmed); short words are left alone, since one
    /// letter changes them into other words.
    pub fn suggest(&self, text: &str) -> Result<Option<String>, SearchError> {
        let searcher = self.reader.searcher();
        let field = self.fields.words;
        let frequency = |word: &str| -> Result<u64, SearchError> {
            Ok(searcher.doc_freq(&Term::from_field_text(field, word))?)
        };
        // A pasted passage is not a typed query: nothing to correct.
        if text.split_whitespace().count() > SUGGEST_MAX_WORDS {
            return Ok(None);
        }
        let mut changed = false;
        let mut words = Vec::new();
        for word in text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .filter(|w| !w.is_empty())
        {
            let word = word.to_lowercase();
            let letters = word.chars().count();
            // "Ma'ruf": the index has its parts; a name is not a slip.
            let apostrophe = word.contains(['\'', '\u{2019}']);
            let seen = if apostrophe { 0 } else { frequency(&word)? };
            if apostrophe
                || letters < SUGGEST_MIN_LETTERS
                || seen >= SUGGEST_KNOWN_DOCS
                || word.chars().any(|c| c.is_ascii_digit())
            {
                words.push(word);
                continue;
            }
            // Nearer candidates first: a one-letter slip before two.
            let mut best: Option<(String, u64)> = None;
            for distance in 1..=if letters >= SUGGEST_TWO_EDITS_LETTERS {
                2
            } else {
                1
            } {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(field, &word), distance, true)
                        .automaton()?;
                let mut found: BTreeMap<String, u64> = BTreeMap::new();
                for segment in searcher.segment_readers() {
                    let inverted = segment.inverted_index(field)?;
                    let mut terms = inverted.terms().search(&automaton).into_stream()?;
                    while terms.advance() {
                        if let Ok(term) = std::str::from_utf8(terms.key())
                            && term != word
                            // A long form's mark is no word to offer.
                            && !term.contains(' ')
                            && term.chars().count() >= SUGGEST_MIN_LETTERS
                        {
                            *found.entry(term.to_owned()).or_default() +=
                                u64::from(terms.value().doc_freq);
                        }
                    }
                }
                best = found
                    .into_iter()
                    .filter(|(_, df)| *df >= SUGGEST_MIN_DOCS && *df >= seen * SUGGEST_RATIO)
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
                if best.is_some() {
                    break;
                }
            }
            match best {
                Some((better, _)) => {
                    changed = true;
                    words.push(better);
                }
                None => words.push(word),
            }
        }
        Ok(changed.then(|| words.join(" ")))
    }

    /// Headlines for what a reader is still typing, best first: every
    /// finished word in the headline (in any form), and the last word, if
    /// the text does not end in a space, as the beginning of one of the
    /// headlines' words ("gempa amb" finds "Gempa Ambon ..."). Ranked as
    /// search ranks, over the headlines alone; at most `limit`.
    pub fn complete(
        &self,
        typed: &str,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<Hit>, SearchError> {
        let field = self.fields.title;
        let words = crate::abbreviations::words(typed);
        let unfinished = !typed.ends_with(char::is_whitespace);
        let (finished, last) = match words.split_last() {
            Some((last, before)) if unfinished => (before, Some(last)),
            _ => (words.as_slice(), None),
        };
        let mut analyzer = self.query_analyzer(field)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in finished.iter().take(COMPLETE_MAX_WORDS) {
            for term in terms_of(&mut analyzer, field, word) {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        let searcher = self.reader.searcher();
        if let Some(last) = last.filter(|w| w.chars().count() >= COMPLETE_MIN_LETTERS) {
            // The words that begin so, as written anywhere on the site, the
            // most used first; each matched in the headlines in its
            // analysed form ("tersa" is "tersangka", whose root "sangka"
            // the headlines hold).
            let written = self.fields.words;
            let mut found: HashMap<String, u64> = HashMap::new();
            let mut after = last.clone();
            after.push(char::MAX);
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(written)?;
                let mut terms = inverted
                    .terms()
                    .range()
                    .ge(last.as_bytes())
                    .lt(after.as_bytes())
                    .into_stream()?;
                let mut scanned = 0;
                while scanned < COMPLETE_SCAN && terms.advance() {
                    let term = std::str::from_utf8(terms.key());
                    // A long form's mark is not a word being typed, nor
                    // counted as one scanned (marks sort right after their
                    // first word, and would crowd the words out).
                    if term.is_ok_and(|term| term.contains(' ')) {
                        continue;
                    }
                    scanned += 1;
                    if let Ok(term) = term {
                        *found.entry(term.to_owned()).or_default() +=
                            u64::from(terms.value().doc_freq);
                    }
                }
            }
            let mut found: Vec<(String, u64)> = found.into_iter().collect();
            found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // The more a word is used, the likelier it is the one being
            // typed ("habib" is far more often Habibie than Habiburokhman):
            // its weight is its share of the commonest's.
            let commonest = found.first().map_or(1, |(_, df)| *df).max(1) as f32;
            let mut weights: HashMap<String, f32> = HashMap::new();
            for (word, df) in found {
                if weights.len() == COMPLETIONS {
                    break;
                }
                let mut stream = analyzer.token_stream(&word);
                if let Some(token) = stream.next() {
                    // Three letters begin words of many roots ("ber" is
                    // bersama, berada, bertahun): there only a root that
                    // begins so counts, or "harga ber" offers "Akhir Tahun".
                    if last.chars().count() < COMPLETE_ROOT_LETTERS
                        && !token.text.starts_with(last.as_str())
                    {
                        continue;
                    }
                    let weight = weights.entry(token.text.clone()).or_default();
                    *weight = weight.max(df as f32 / commonest);
                }
            }
            let either: Vec<(Occur, Box<dyn Query>)> = weights
                .into_iter()
                .map(|(term, weight)| {
                    let term = Term::from_field_text(field, &term);
                    let query: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                        COMPLETION_WEIGHT * weight,
                    ));
                    (Occur::Should, query)
                })
                .collect();
            if either.is_empty() {
                return Ok(Vec::new());
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        let ranking = Ranking {
            offset: 0,
            limit,
            now_s: now.timestamp(),
            first_pool: FIRST_POOL,
            story: None,
            count: false,
        };
        let (top, _) = ranked(&searcher, &query, ranking)?;
        let mut ids = FastI64::new(&searcher, "id");
        Ok(top
            .into_iter()
            .map(|(score, address)| Hit {
                id: ids.of(address).unwrap_or_default(),
                score,
            })
            .collect())
    }

    /// The abbreviations and long forms among `words`, each with the
    /// words it covers (by position) and a query for its other form.
    fn expansions(&self, words: &[String]) -> Vec<(Range<usize>, Box<dyn Query>)> {
        (self.abbreviations.read())
            .unwrap_or_else(|e| e.into_inner())
            .expansions_by_word(words)
            .into_iter()
            .map(|(covers, expansion)| (covers, self.expansion_query(&expansion)))
            .collect()
    }

    /// An abbreviation's other form as a query on the words as written: a
    /// long form as a phrase, or a built-in one as its mark.
    fn expansion_query(&self, expansion: &Expansion) -> Box<dyn Query> {
        let other = match expansion {
            Expansion::Long(long) => {
                let words = written_words(long);
                if let Some(mark) = long_form_mark(&words) {
                    return self.marked_phrase(&words, &mark);
                }
                format!("\"{}\"", long.join(" "))
            }
            Expansion::Short(short) => short.clone(),
        };
        self.parser(vec![self.fields.words])
            .parse_query_lenient(&other)
            .0
    }

    /// A parser of a query's text into `fields`, analysed as the index is
    /// but with no long form marked ([`exact_unmarked`]).
    fn parser(&self, fields: Vec<tantivy::schema::Field>) -> QueryParser {
        QueryParser::new(self.index.schema(), fields, self.query_tokenizers.clone())
    }

    /// How a query's text in `field` is analysed: as the index analyses
    /// it, but with no long form marked.
    fn query_analyzer(
        &self,
        field: tantivy::schema::Field,
    ) -> Result<tantivy::tokenizer::TextAnalyzer, SearchError> {
        let entry = self.index.schema().get_field_entry(field).clone();
        let name = match entry.field_type() {
            tantivy::schema::FieldType::Str(options) => options
                .get_indexing_options()
                .map(|indexing| indexing.tokenizer().to_owned()),
            _ => None,
        };
        name.and_then(|name| self.query_tokenizers.get(&name))
            .ok_or_else(|| {
                SearchError::Index(tantivy::TantivyError::SchemaError(format!(
                    "no analyzer for the field {}",
                    entry.name()
                )))
            })
    }

    /// The long form `words` as its mark ([`long_form_mark`]): the
    /// articles the phrase finds, scored as the phrase scores them. Both
    /// are BM25 of the times the words occur in a row; a phrase weighs
    /// them by its words' inverse document frequencies summed, the mark
    /// by its own, so it is boosted by the ratio of the two.
    fn marked_phrase<W: AsRef<str>>(&self, words: &[W], mark: &str) -> Box<dyn Query> {
        use tantivy::query::Bm25StatisticsProvider;
        let searcher = self.reader.searcher();
        let field = self.fields.words;
        let docs = searcher.total_num_docs().unwrap_or(0);
        // As tantivy's BM25 works it out.
        let idf = |term: &Term| {
            let found = searcher.doc_freq(term).unwrap_or(0).min(docs);
            (1.0 + ((docs - found) as Score + 0.5) / (found as Score + 0.5)).ln()
        };
        let phrase: Score = (words.iter())
            .map(|word| idf(&Term::from_field_text(field, word.as_ref())))
            .sum();
        let mark = Term::from_field_text(field, mark);
        let own = idf(&mark);
        let query = TermQuery::new(mark, IndexRecordOption::WithFreqs);
        let boost = if own > 0.0 { phrase / own } else { 1.0 };
        Box::new(BoostQuery::new(Box::new(query), boost))
    }

    /// For each word of a short query that is not a stop word, the terms
    /// it is indexed as (as written, stemmed, in any field), the
    /// abbreviations' other forms that stand for it, and the bonus its
    /// presence in any of those forms earns: its inverse document
    /// frequency times [`PRESENCE_BOOST`]. None for a query of one word or
    /// of more than [`PRESENCE_MAX_WORDS`].
    fn word_presence(
        &self,
        words: &[String],
        expansions: &[(Range<usize>, Box<dyn Query>)],
    ) -> Vec<Presence> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let documents = searcher.num_docs() as f32;
        let mut presence = Vec::new();
        for (at, word) in words.iter().enumerate() {
            if crate::stop_words::is_stop_word(word) {
                continue;
            }
            let mut terms = Vec::new();
            for (field, boost) in [f.title, f.tags, f.lede, f.body, f.words]
                .into_iter()
                .zip(FIELD_BOOSTS)
            {
                let Ok(mut analyzer) = self.query_analyzer(field) else {
                    continue;
                };
                for term in terms_of(&mut analyzer, field, word) {
                    terms.push((term, boost));
                }
            }
            let expansions: Vec<usize> = (expansions.iter().enumerate())
                .filter(|(_, (covers, _))| covers.contains(&at))
                .map(|(n, _)| n)
                .collect();
            let written = Term::from_field_text(f.words, word);
            let found = searcher.doc_freq(&written).unwrap_or(0) as f32;
            // Deleted documents still count in a word's frequency until a
            // merge: never below nothing.
            let idf = (1.0 + (documents - found + 0.5) / (found + 0.5))
                .ln()
                .max(0.0);
            if !terms.is_empty() || !expansions.is_empty() {
                presence.push(Presence {
                    bonus: PRESENCE_BOOST * idf,
                    terms,
                    expansions,
                });
            }
        }
        if (2..=PRESENCE_MAX_WORDS).contains(&presence.len()) {
            presence
        } else {
            Vec::new()
        }
    }

    /// The words of `text` in every scored field as boosted terms, for one
    /// union ([`union_of`]): the same terms, boosts and scores as the query parser's
    /// union of per-word unions, which tantivy evaluates a level deeper
    /// (measured: 12 % more searches per second flat). `None` when a word
    /// needs the parser: quotes, or a word that analyses into several
    /// terms (`covid-19`), which the parser makes a phrase.
    fn flat_terms(&self, text: &str) -> Option<Vec<(Term, Score)>> {
        if text.contains('"') {
            return None;
        }
        let f = self.fields;
        let mut fields = Vec::with_capacity(FIELD_BOOSTS.len());
        for (field, boost) in [f.title, f.tags, f.lede, f.body, f.words]
            .into_iter()
            .zip(FIELD_BOOSTS)
        {
            fields.push((field, boost, self.query_analyzer(field).ok()?));
        }
        let mut terms = Vec::new();
        for word in text.split_whitespace() {
            for (field, boost, analyzer) in &mut fields {
                let (field, boost) = (*field, *boost);
                match terms_of(analyzer, field, word).as_slice() {
                    [] => {}
                    [term] => terms.push((term.clone(), boost)),
                    _ => return None,
                }
            }
        }
        Some(terms)
    }
}

/// A query's words as the search matches them ([`SearchIndex::words`]).
struct Words {
    /// A pasted passage, not a few typed words.
    long: bool,
    /// The scored words' terms with their boosts, when one flat union
    /// holds them.
    flat: Option<Vec<(Term, Score)>>,
    /// The scored words alone, which marks the results.
    text_query: Box<dyn Query>,
    /// The abbreviations and long forms among the words.
    expansions: Vec<(Range<usize>, Box<dyn Query>)>,
    /// The words earning a bonus for their presence.
    presence: Vec<Presence>,
    /// Whether the bonus is a query of its own beside `matched`.
    presence_apart: bool,
    /// What an article must match.
    matched: Box<dyn Query>,
    /// The words in their order, boosted.
    phrase: Option<Box<dyn Query>>,
}

/// An i64 fast field's values by document, each segment's column opened
/// once.
struct FastI64<'s> {
    searcher: &'s tantivy::Searcher,
    field: &'static str,
    columns: HashMap<u32, Option<tantivy::columnar::Column<i64>>>,
}

impl<'s> FastI64<'s> {
    fn new(searcher: &'s tantivy::Searcher, field: &'static str) -> FastI64<'s> {
        FastI64 {
            searcher,
            field,
            columns: HashMap::new(),
        }
    }

    fn of(&mut self, address: DocAddress) -> Option<i64> {
        let (searcher, field) = (self.searcher, self.field);
        let column = self.columns.entry(address.segment_ord).or_insert_with(|| {
            let segment = searcher.segment_reader(address.segment_ord);
            segment.fast_fields().i64(field).ok()
        });
        column.as_ref()?.first(address.doc_id)
    }
}

/// What marks a query's words in its results' headlines and passages, as
/// analysed: "dikuasai" is marked for "menguasai".
pub struct Marks {
    titles: Marker,
    bodies: Marker,
}

impl Marks {
    /// The whole headline, escaped, with the matches in `<mark>`.
    pub fn headline(&self, title: &str) -> String {
        highlight_whole(title, &self.titles.snippet(title))
    }

    /// The passage of the body's opening (plain text, see
    /// [`PASSAGE_SOURCE_CHARS`]) with the most matches, escaped, the
    /// matches in `<mark>`; the opening's first 200 characters when
    /// nothing in it matches.
    pub fn passage(&self, opening: &str) -> String {
        let opening = match opening.char_indices().nth(PASSAGE_SOURCE_CHARS) {
            Some((cut, _)) => &opening[..cut],
            None => opening,
        };
        let snippet = self.bodies.snippet(opening);
        if snippet.fragment().is_empty() {
            escape(&opening.chars().take(200).collect::<String>())
        } else {
            highlight(&snippet)
        }
    }
}

/// What marks the words of a query in one field's texts.
struct Marker {
    generator: SnippetGenerator,
    marking: Marking,
}

impl Marker {
    /// For the words of `query` in `field`, in fragments of at most
    /// `max_chars`: tantivy's own snippet generator, weighing a term as it
    /// does (rarer counts more), with the [`Marking`] analyzer.
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> Result<Marker, SearchError> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.push(term.clone());
            }
        });
        let mut weights = BTreeMap::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_owned) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.insert(text, 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let marking = Marking::new(weights.keys().map(String::as_str));
        let generator = SnippetGenerator::new(weights, marking.analyzer(), field, max_chars);
        Ok(Marker { generator, marking })
    }

    /// The best fragment of `text` with the matches in it; empty when none.
    fn snippet(&self, text: &str) -> Snippet {
        if self.marking.could_match(text) {
            self.generator.snippet(text)
        } else {
            Snippet::empty()
        }
    }
}

/// A result's final score: relevance raised by up to [`RECENCY_WEIGHT`]
/// for a brand-new article, plus a tie-breaker worth less than any real
/// difference (at most 2e-6) that puts the newer first among equals.
fn final_score(relevance: Score, published_at: i64, now_s: i64) -> Score {
    let age_days = ((now_s - published_at).max(0) as f32) / 86_400.0;
    let recency = 0.5f32.powf(age_days / RECENCY_HALF_LIFE_DAYS);
    relevance * (1.0 + RECENCY_WEIGHT * recency) + 1e-6 * (published_at as f32 / 1e9)
}

/// The live articles that hold the commonest of a union's terms (their
/// `frequencies`): all of them match it. A term's frequency still counts the articles
/// deleted since the last merge, so those are taken off.
fn holding_commonest(searcher: &tantivy::Searcher, frequencies: &[u64]) -> u64 {
    let deleted: u64 = searcher
        .segment_readers()
        .iter()
        .map(|segment| u64::from(segment.num_deleted_docs()))
        .sum();
    let commonest = frequencies.iter().copied().max().unwrap_or(0);
    commonest.saturating_sub(deleted)
}

/// What a ranking is asked for.
#[derive(Debug, Clone, Copy)]
struct Ranking {
    offset: usize,
    limit: usize,
    now_s: i64,
    /// Matches ranked by recency at first (see [`ranked`]).
    first_pool: usize,
    story: Option<StoryTime>,
    /// Count every match: tantivy cannot skip postings while counting.
    count: bool,
}

impl Ranking {
    fn of(wanted: &SearchQuery, now_s: i64, story: Option<StoryTime>, count: bool) -> Ranking {
        Ranking {
            offset: wanted.offset,
            limit: wanted.limit,
            now_s,
            first_pool: FIRST_POOL,
            story,
            count,
        }
    }

    /// Results ranked before the page is cut: through its last, or the
    /// story's reordered ones, if more.
    fn end(&self) -> usize {
        (self.offset + self.limit.max(1)).max(self.story.map_or(0, |s| s.reranked))
    }

    /// Matches taken by relevance at first: four times [`Ranking::end`],
    /// at least `first_pool`.
    fn pool(&self) -> usize {
        (self.end() * 4).max(self.first_pool)
    }
}

/// A page of results, best first, and how many match when counted.
type Ranked = (Vec<(Score, DocAddress)>, Option<usize>);

/// The results from `offset` to `offset + limit` by [`final_score`], and
/// how many match when the ranking counts.
///
/// Scoring the recency of every match was a sixth of a search's time. The
/// recency raises a score by at most `1 + RECENCY_WEIGHT`, so a match
/// outside the `pool` best by relevance can never pass the last result
/// wanted once that result's final score is above the pool's last relevance
/// so raised: then the pool alone gives exactly the order scoring every
/// match would. Else the pool is made four times larger and ranked again.
///
/// Widening runs the whole search again: with a first pool of 50, 58 of
/// 300 of the harness's queries (20 results a page) widened once; with
/// 400, none did, and keeping 400 best instead of 50 costs next to nothing
/// beside scoring every match.
fn ranked(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    ranking: Ranking,
) -> Result<Ranked, SearchError> {
    let mut pool = ranking.pool();
    let mut total = None;
    loop {
        let best = TopDocs::with_limit(pool).order_by_score();
        let best = if ranking.count && total.is_none() {
            let (best, counted) = searcher.search(query, &(best, Count))?;
            total = Some(counted);
            best
        } else {
            searcher.search(query, &best)?
        };
        let outside = (best.len() == pool).then(|| best.last().map_or(0.0, |(score, _)| *score));
        if let Some(page) = settled(searcher, best, outside, ranking) {
            return Ok((page, total));
        }
        pool *= 4;
    }
}

/// The page `ranking` wants of `pool` ranked by [`final_score`], if no
/// match outside the pool, whose relevance is at most `outside` (`None`:
/// no match is outside), could be in it.
fn settled(
    searcher: &tantivy::Searcher,
    pool: Vec<(Score, DocAddress)>,
    outside: Option<Score>,
    ranking: Ranking,
) -> Option<Vec<(Score, DocAddress)>> {
    let Ranking {
        offset,
        limit,
        now_s,
        story,
        ..
    } = ranking;
    let end = ranking.end();
    let mut published = FastI64::new(searcher, "published");
    let mut scored: Vec<(Score, DocAddress, i64)> = pool
        .into_iter()
        .map(|(relevance, address)| {
            let at = published.of(address).unwrap_or(0);
            (final_score(relevance, at, now_s), address, at)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if let Some(outside) = outside {
        let last_wanted = scored.get(end - 1).map(|(score, _, _)| *score);
        let bound = outside * (1.0 + RECENCY_WEIGHT) + 2e-6;
        if !last_wanted.is_some_and(|last| last > bound) {
            return None;
        }
    }
    if let Some(story) = story {
        story.rerank(&mut scored);
    }
    let page = scored
        .into_iter()
        .skip(offset)
        // None asked for is none given (the pool above still holds
        // one, which tantivy needs); found by the property test.
        .take(limit)
        .map(|(score, address, _)| (score, address));
    Some(page.collect())
}

/// A word of a few typed words (see [`SearchIndex::word_presence`]).
struct Presence {
    /// What its presence earns.
    bonus: Score,
    /// The terms it is indexed as, each with its field's boost.
    terms: Vec<(Term, Score)>,
    /// The abbreviation expansions (by position) that stand for it.
    expansions: Vec<usize>,
}

impl Presence {
    /// The bonus as a query of its own, beside the words' union: their
    /// postings are read again.
    fn apart(&self, expansions: &[(Range<usize>, Box<dyn Query>)]) -> ConstScoreQuery {
        let mut forms: Vec<(Occur, Box<dyn Query>)> = (self.terms.iter())
            .map(|(term, _)| {
                let query = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                (Occur::Should, Box::new(query) as Box<dyn Query>)
            })
            .collect();
        for &n in &self.expansions {
            forms.push((Occur::Should, expansions[n].1.box_clone()));
        }
        ConstScoreQuery::new(Box::new(BooleanQuery::new(forms)), self.bonus)
    }
}

/// The union of the scored `terms` and the `expansions`, each word's terms
/// (and the expansions standing for it) a union of their own that adds the
/// word's bonus where it matches: the same matches and scores as the union
/// beside one bonus query per word, from one reading of the postings
/// instead of two (headlines of 6 to 12 words were the slowest searches
/// but pasted passages). `None` when no word earns a bonus, when an
/// expansion stands for no word that earns one, or when the words' terms
/// are not exactly `terms` (a safeguard: the bonus's words and the
/// union's are split and analysed alike today).
fn fused_union(
    terms: &[(Term, Score)],
    presence: &[Presence],
    expansions: &[(Range<usize>, Box<dyn Query>)],
) -> Option<BooleanQuery> {
    let presence: Vec<&Presence> = presence.iter().collect();
    fused_groups(terms, &presence, expansions).map(BooleanQuery::new)
}

/// The clauses of [`fused_union`], one a word.
fn fused_groups(
    terms: &[(Term, Score)],
    presence: &[&Presence],
    expansions: &[(Range<usize>, Box<dyn Query>)],
) -> Option<Vec<(Occur, Box<dyn Query>)>> {
    if presence.is_empty() {
        return None;
    }
    let key = |(term, boost): &(Term, Score)| (term.clone(), boost.to_bits());
    let mut scored: Vec<_> = terms.iter().map(key).collect();
    let mut words: Vec<_> = presence.iter().flat_map(|p| &p.terms).map(key).collect();
    scored.sort();
    words.sort();
    if scored != words {
        return None;
    }
    // An expansion standing for several words is scored once, with the
    // first; for the others it only earns their presence.
    let mut placed = vec![false; expansions.len()];
    let mut groups: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(presence.len());
    for word in presence {
        let mut forms = union_clauses(&word.terms);
        for &n in &word.expansions {
            let boost = if placed[n] { 0.0 } else { EXPANSION_BOOST };
            placed[n] = true;
            let query = BoostQuery::new(expansions[n].1.box_clone(), boost);
            forms.push((Occur::Should, Box::new(query)));
        }
        let group = Bonus::new(Box::new(BooleanQuery::new(forms)), word.bonus);
        groups.push((Occur::Should, Box::new(group)));
    }
    placed.iter().all(|&placed| placed).then_some(groups)
}

/// A word of a union scored apart from the rest (see [`SplitUnion`]):
/// the terms it is indexed as, each with its field's boost, and what its
/// presence earns (nothing for a passage's term, which is a word of its
/// own).
struct ApartWord {
    /// Its common forms, scored apart.
    scored: Vec<(Term, Score)>,
    /// Its rare forms, scored with the rare words; read apart only for
    /// whether the article holds the word.
    read_whole: Vec<Term>,
    bonus: Score,
    /// The most an article holding none of its rare forms earns of it:
    /// the bonus and the highest scores of its common forms.
    most: Score,
}

/// A union of words split by how many articles hold each of their forms:
/// the rare forms, whose postings are short, and the common ones ("yang",
/// "di", "pemerintah", "jakarta" in the body), whose postings run through
/// most of the archive and were most of a search's time.
struct SplitUnion {
    /// What is read whole: the rare words' union, with a headline's
    /// phrase.
    rare: Box<dyn Query>,
    common: Vec<ApartWord>,
}

impl SplitUnion {
    /// The union of `terms` (a passage's, or a few typed words' with their
    /// `phrase`: the query's clauses but filters) split `at`: the commonest
    /// forms are scored apart, the rest read whole. The words are
    /// `presence`'s, each fused with its bonus ([`fused_union`]), or when
    /// no word earns one, each of `terms` alone beside the `expansions`
    /// (which are then read whole). A word earning a bonus that an
    /// abbreviation stands for is read whole, its expansion fused with it.
    /// `None` when nothing is common or nothing rare, or the words cannot
    /// be fused.
    ///
    /// The phrase is read with the rare forms, so every article it matches
    /// is among those ranked and none outside earns a phrase score. Each
    /// such article holds every word as written: it matches the union.
    fn of(
        searcher: &tantivy::Searcher,
        terms: &[(Term, Score)],
        frequencies: &[u64],
        presence: &[Presence],
        expansions: &[(Range<usize>, Box<dyn Query>)],
        phrase: Option<Box<dyn Query>>,
        at: SplitAt,
    ) -> Result<Option<SplitUnion>, SearchError> {
        let common_from = common_docs(searcher, at.share);
        let holding: HashMap<&Term, u64> = (terms.iter())
            .map(|(term, _)| term)
            .zip(frequencies.iter().copied())
            .collect();
        // Each word as its forms and bonus: presence's, or each term alone.
        let alone: Vec<Presence>;
        let words: &[Presence] = if presence.is_empty() {
            alone = (terms.iter())
                .map(|term| Presence {
                    bonus: 0.0,
                    terms: vec![term.clone()],
                    expansions: Vec::new(),
                })
                .collect();
            &alone
        } else {
            presence
        };
        // The common forms are taken commonest first, each if the most
        // the taken could add stays within a share of the most all the
        // words could (one that would pass it is left whole, and rarer
        // ones still tried): an article outside the rest scores at most
        // that, which the page's last result must pass.
        let mut highest: Vec<Vec<Score>> = Vec::with_capacity(words.len());
        for word in words {
            let mut forms = Vec::with_capacity(word.terms.len());
            for term in &word.terms {
                forms.push(highest_score(searcher, term)?);
            }
            highest.push(forms);
        }
        let all_most: Score = (words.iter().zip(&highest))
            .map(|(word, forms)| word.bonus + forms.iter().sum::<Score>())
            .sum();
        let mut commonest: Vec<(u64, usize, usize)> = Vec::new();
        for (w, word) in words.iter().enumerate() {
            if !word.expansions.is_empty() {
                continue;
            }
            for (f, (term, _)) in word.terms.iter().enumerate() {
                let held = holding.get(term).copied().unwrap_or(0);
                if held >= common_from {
                    commonest.push((held, w, f));
                }
            }
        }
        commonest.sort_unstable_by(|a, b| b.cmp(a));
        let budget = all_most * at.budget;
        let mut spent = 0.0;
        let mut apart_forms = vec![Vec::new(); words.len()];
        for (_, w, f) in commonest {
            let first = apart_forms[w].is_empty();
            let adds = highest[w][f] + if first { words[w].bonus } else { 0.0 };
            if spent + adds <= budget {
                spent += adds;
                apart_forms[w].push(f);
            }
        }
        let mut rare_words: Vec<&Presence> = Vec::new();
        let mut rare_forms: Vec<(Term, Score)> = Vec::new();
        let mut apart: Vec<ApartWord> = Vec::new();
        for ((word, forms), most) in words.iter().zip(&apart_forms).zip(&highest) {
            if forms.is_empty() {
                rare_words.push(word);
                continue;
            }
            let mut scored = Vec::new();
            let mut read_whole = Vec::new();
            for (f, form) in word.terms.iter().enumerate() {
                if forms.contains(&f) {
                    scored.push(form.clone());
                } else {
                    read_whole.push(form.0.clone());
                    rare_forms.push(form.clone());
                }
            }
            apart.push(ApartWord {
                scored,
                read_whole,
                bonus: word.bonus,
                most: word.bonus + forms.iter().map(|&f| most[f]).sum::<Score>(),
            });
        }
        let rare_terms: Vec<(Term, Score)> = (rare_words.iter())
            .flat_map(|word| word.terms.iter().cloned())
            .collect();
        let mut rare = if presence.is_empty() {
            // The words' union beside the expansions, as [`SearchIndex::search`]
            // matches them when no word earns a bonus.
            let mut rare = union_clauses(&rare_terms);
            for (_, query) in expansions {
                let query = BoostQuery::new(query.box_clone(), EXPANSION_BOOST);
                rare.push((Occur::Should, Box::new(query)));
            }
            rare
        } else if rare_words.is_empty() {
            // Every expansion stands for a word read whole, so none is
            // left out here; were one, the split would lose its matches.
            if !expansions.is_empty() {
                return Ok(None);
            }
            Vec::new()
        } else {
            match fused_groups(&rare_terms, &rare_words, expansions) {
                Some(groups) => groups,
                None => return Ok(None),
            }
        };
        rare.extend(union_clauses(&rare_forms));
        if rare.is_empty() || apart.is_empty() {
            return Ok(None);
        }
        if let Some(phrase) = phrase {
            rare.push((Occur::Should, phrase));
        }
        Ok(Some(SplitUnion {
            rare: Box::new(BooleanQuery::new(rare)),
            common: apart,
        }))
    }

    /// The page wanted, ranked as the whole union ranks (the scores are
    /// added in another order, so two articles whose scores differ only
    /// in their last bit may swap), without
    /// walking the common words' postings: the best by the rare words
    /// alone are found first, and the common words' scores added to just
    /// those. An article outside them scores at most the last one's rare
    /// score plus every common word's highest possible score; when the
    /// page's last result is above that (recency included), no other
    /// article could be on the page. Else more are taken, and once every
    /// article holding a rare word is in, `None`: the whole union must be
    /// ranked.
    fn ranked(
        &self,
        searcher: &tantivy::Searcher,
        ranking: Ranking,
    ) -> Result<Option<Vec<(Score, DocAddress)>>, SearchError> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let mut common_most: Score = 0.0;
        let mut common = Vec::with_capacity(self.common.len());
        for word in &self.common {
            // An article outside the rare words' union holds none of the
            // word's rare forms.
            common_most += word.most;
            let mut scored = Vec::with_capacity(word.scored.len());
            for (term, boost) in &word.scored {
                let weight =
                    TermQuery::new(term.clone(), IndexRecordOption::WithFreqs).weight(scoring)?;
                scored.push((weight, *boost));
            }
            let mut read_whole = Vec::with_capacity(word.read_whole.len());
            for term in &word.read_whole {
                let query = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                read_whole.push(query.weight(EnableScoring::disabled_from_searcher(searcher))?);
            }
            common.push(WeighedWord {
                scored,
                read_whole,
                bonus: word.bonus,
            });
        }
        let rare = self.rare.weight(scoring)?;
        let mut pool = ranking.pool();
        loop {
            // Every posting of the rare words is read whatever the pool, so
            // they are ranked once for a pool sixteen times wider, whose
            // best are taken in steps (see [`Best`] for how they are kept).
            let mut best = Best::new(pool * POOL_STEP * POOL_STEP, searcher.num_docs() as usize);
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let alive = reader.alive_bitset();
                rare.for_each(reader, &mut |doc, score| {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        best.push(score, DocAddress::new(ord as u32, doc));
                    }
                })?;
            }
            let (mut by_rare, floor) = best.finish();
            by_rare.sort_unstable_by(best_first);
            let mut scored: Vec<(Score, DocAddress)> = Vec::with_capacity(by_rare.len());
            while scored.len() < by_rare.len() {
                let taken = pool.min(by_rare.len());
                let mut added = by_rare[scored.len()..taken].to_vec();
                add_common(searcher, &common, &mut added)?;
                scored.extend(added);
                // What is not taken scores at most the first of them by
                // the rare words (or what was dropped, the floor), plus the
                // most the common words can give.
                let rare_floor = by_rare.get(taken).map(|(score, _)| *score).or(floor);
                let outside = rare_floor.unwrap_or(0.0) + common_most;
                if let Some(page) = settled(searcher, scored.clone(), Some(outside), ranking) {
                    return Ok(Some(page));
                }
                pool *= POOL_STEP;
            }
            if floor.is_none() {
                return Ok(None);
            }
        }
    }
}

/// The highest score `term` could earn, boosted. Tantivy's
/// `max_score` is taken at the longest field, which a short field
/// repeating the word could pass; at the shortest field and any count the
/// score only comes nearer this. A term no article holds earns nothing
/// (and its field may hold no words at all, which would make it NaN).
fn highest_score(
    searcher: &tantivy::Searcher,
    (term, boost): &(Term, Score),
) -> Result<Score, SearchError> {
    if searcher.doc_freq(term)? == 0 {
        return Ok(0.0);
    }
    Ok(Bm25Weight::for_terms(searcher, std::slice::from_ref(term))?.score(0, u32::MAX) * boost)
}

/// Where a union is split (see [`SplitUnion::of`]).
#[derive(Debug, Clone, Copy)]
struct SplitAt {
    /// Share of the articles holding a form from which it is common.
    share: f64,
    /// Share of the most every word could score that the common forms
    /// scored apart may add up to.
    budget: Score,
}

/// Articles holding a word from which it is common at `share` of the
/// archive (and at least [`COMMON_DOCS`]).
fn common_docs(searcher: &tantivy::Searcher, share: f64) -> u64 {
    COMMON_DOCS.max((searcher.num_docs() as f64 * share) as u64)
}

/// Pools grow this many times over when the page is not settled.
const POOL_STEP: usize = 4;

/// The best so many scores pushed, in a buffer of twice as many cut back
/// to the best by a selection when full (tantivy's top documents by score
/// keep a heap, which at a pool's widest cost 3 ms a passage).
struct Best {
    keep: usize,
    items: Vec<(Score, DocAddress)>,
    /// Once a cut dropped scores: the least kept, which every dropped
    /// score (and every later one no higher) is at most.
    floor: Option<Score>,
}

impl Best {
    /// Keeps the best `keep` of at most `most` pushes (the buffer is not
    /// made larger than they need).
    fn new(keep: usize, most: usize) -> Best {
        debug_assert!(keep > 0);
        Best {
            keep,
            items: Vec::with_capacity((2 * keep).min(most)),
            floor: None,
        }
    }

    fn push(&mut self, score: Score, address: DocAddress) {
        if self.floor.is_some_and(|floor| score <= floor) {
            return;
        }
        self.items.push((score, address));
        if self.items.len() >= 2 * self.keep {
            self.cut();
        }
    }

    fn cut(&mut self) {
        self.items.select_nth_unstable_by(self.keep - 1, best_first);
        self.items.truncate(self.keep);
        self.floor = Some(self.items[self.keep - 1].0);
    }

    /// The best (in no order), and the least of them when any score was
    /// dropped (`None`: every score pushed is among them).
    fn finish(mut self) -> (Vec<(Score, DocAddress)>, Option<Score>) {
        if self.items.len() > self.keep {
            self.cut();
        }
        (self.items, self.floor)
    }
}

/// Higher scores first, then earlier documents.
fn best_first(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// An [`ApartWord`] ready to score.
struct WeighedWord {
    scored: Vec<(Box<dyn Weight>, Score)>,
    read_whole: Vec<Box<dyn Weight>>,
    bonus: Score,
}

/// Adds the `common` words' scores to `candidates`' scores, each segment's
/// candidates in document order, so each form's postings are read
/// forwards once: the scored forms the article holds, and the word's
/// bonus when it holds any of its forms.
fn add_common(
    searcher: &tantivy::Searcher,
    common: &[WeighedWord],
    candidates: &mut [(Score, DocAddress)],
) -> Result<(), SearchError> {
    candidates.sort_by_key(|(_, address)| *address);
    for segment in candidates.chunk_by_mut(|a, b| a.1.segment_ord == b.1.segment_ord) {
        let reader = searcher.segment_reader(segment[0].1.segment_ord);
        for word in common {
            let mut scored = (word.scored.iter())
                .map(|(weight, boost)| weight.scorer(reader, *boost))
                .collect::<tantivy::Result<Vec<_>>>()?;
            let mut read_whole = (word.read_whole.iter())
                .map(|weight| weight.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()?;
            for (score, address) in segment.iter_mut() {
                let doc = address.doc_id;
                let mut held = false;
                for scorer in &mut scored {
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    if scorer.doc() == doc {
                        *score += scorer.score();
                        held = true;
                    }
                }
                for scorer in &mut read_whole {
                    if held {
                        break;
                    }
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    held = scorer.doc() == doc;
                }
                if held {
                    *score += word.bonus;
                }
            }
        }
    }
    Ok(())
}

/// `terms` with each term once, in the order they first come, its boosts
/// added up: the union of them scores as the union of `terms` does.
fn once_each(terms: Vec<(Term, Score)>) -> Vec<(Term, Score)> {
    let mut once: Vec<(Term, Score)> = Vec::with_capacity(terms.len());
    let mut at: HashMap<Term, usize> = HashMap::with_capacity(terms.len());
    for (term, boost) in terms {
        match at.get(&term) {
            Some(&n) => once[n].1 += boost,
            None => {
                at.insert(term.clone(), once.len());
                once.push((term, boost));
            }
        }
    }
    once
}

/// One union of boosted terms.
fn union_of(terms: &[(Term, Score)]) -> BooleanQuery {
    BooleanQuery::new(union_clauses(terms))
}

/// The clauses of [`union_of`], one a term.
fn union_clauses(terms: &[(Term, Score)]) -> Vec<(Occur, Box<dyn Query>)> {
    (terms.iter())
        .map(|(term, boost)| {
            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            let query: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), *boost));
            (Occur::Should, query)
        })
        .collect()
}

/// Nearness in time to the story a short query is about: the best
/// results are mostly from the days the story ran, so a result published
/// near the other best ones is likelier of that story than one as good
/// by its words from another year.
#[derive(Debug, Clone, Copy)]
struct StoryTime {
    /// Results reordered (a permutation of the first so many).
    reranked: usize,
    /// The best results whose dates are the evidence.
    evidence: usize,
    /// Raise of a result published at the same moment as all the evidence.
    strength: f32,
    /// Days apart that count as the same days of a story (so equal
    /// matches within them keep newest first).
    same_days: f32,
    /// Days further apart at which a piece of evidence counts half.
    half_life_days: f32,
}

impl StoryTime {
    /// Measured on the topical queries (docs/QUALITY.md): a raise of 0.5,
    /// a week counted as the same days and a half-life of a week beyond
    /// lifted P@10 from 0.790 to 0.809 (0.816 to 0.824 on the queries kept
    /// aside) and left the known-item figures where they were; a raise of
    /// 1 gained a little more and cost typed sentences some of their
    /// articles; without the week of same days, equal matches a few days
    /// apart no longer came newest first.
    const SHORT_QUERIES: StoryTime = StoryTime {
        reranked: 30,
        evidence: 10,
        strength: 0.5,
        same_days: 7.0,
        half_life_days: 7.0,
    };

    /// Raises each of the first [`StoryTime::reranked`] results by how near
    /// in time it was published to the [`StoryTime::evidence`] best (each
    /// weighed by its score, itself among them), and orders them again;
    /// the rest keep their places.
    fn rerank(&self, scored: &mut [(Score, DocAddress, i64)]) {
        let top = scored.len().min(self.reranked);
        let evidence: Vec<(Score, i64)> = scored
            .iter()
            .take(self.evidence)
            .map(|(score, _, at)| (*score, *at))
            .collect();
        let weight: Score = evidence.iter().map(|(score, _)| score).sum();
        if weight <= 0.0 {
            return;
        }
        let half_life = self.half_life_days * 86_400.0;
        let same_days = self.same_days * 86_400.0;
        let nearness = |apart: f32| 0.5f32.powf((apart - same_days).max(0.0) / half_life);
        for (score, _, at) in scored.iter_mut().take(top) {
            let near: Score = evidence
                .iter()
                .map(|(w, other)| w * nearness((*at - other).abs() as f32))
                .sum();
            *score *= 1.0 + self.strength * near / weight;
        }
        scored[..top].sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    }
}

/// The terms `word` is indexed as in `field`, analysed as that field is.
fn terms_of(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    field: Field,
    word: &str,
) -> Vec<Term> {
    let mut stream = analyzer.token_stream(word);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(Term::from_field_text(field, &token.text));
    }
    terms
}

/// The query without its stop words, unless it quotes a phrase (kept
/// whole) or is nothing but stop words (kept, so it still finds something).
fn without_stop_words(text: &str) -> String {
    if text.contains('"') {
        return text.to_owned();
    }
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|word| !crate::stop_words::is_stop_word(&word.to_lowercase()))
        .collect();
    if kept.is_empty() {
        text.to_owned()
    } else {
        kept.join(" ")
    }
}

/// Keeps phrase quotes and words; query syntax a reader did not mean
/// becomes spaces: `:`, `^`, brackets, and a `-` that is not inside a word
/// (" - " in a headline would otherwise exclude the next word). In a
/// `passage` hyphens, apostrophes and quotes separate words too: a pasted
/// passage quotes what someone said, not a phrase it asks for, and as
/// words it is ranked as other passages are ([`SplitUnion`]), not by the
/// query parser over every matching article (most of the slowest
/// passages at a million articles held quotes).
fn sanitise(text: &str, passage: bool) -> String {
    let quotes = text.matches('"').count();
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '"' if quotes.is_multiple_of(2) && !passage => '"',
            '-' => {
                let inside = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                // "anak-anak" stays one phrase in a few typed words; in a
                // pasted passage ("Liga Inggris-di") the parts are words.
                if inside && !passage { '-' } else { ' ' }
            }
            c if c.is_alphanumeric() || (c == '\'' && !passage) => c,
            _ => ' ',
        })
        .collect()
}

/// All of `text` (a headline), escaped, with the snippet's matches marked.
fn highlight_whole(text: &str, snippet: &Snippet) -> String {
    let offset = snippet.fragment_range().start;
    let ranges: Vec<_> = snippet
        .highlighted()
        .iter()
        .map(|r| r.start + offset..r.end + offset)
        .collect();
    mark(text, &ranges)
}

/// A snippet's fragment, escaped, with the matched ranges in `<mark>`.
fn highlight(snippet: &Snippet) -> String {
    mark(snippet.fragment(), snippet.highlighted())
}

/// `fragment` escaped, with `ranges` (byte ranges into it) in `<mark>`.
fn mark(fragment: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut html = String::with_capacity(fragment.len() + 32);
    let mut at = 0;
    for range in ranges {
        if range.end > fragment.len() || range.start < at {
            continue;
        }
        html.push_str(&escape(&fragment[at..range.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&fragment[range.clone()]));
        html.push_str("</mark>");
        at = range.end;
    }
    html.push_str(&escape(&fragment[at..]));
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::collections::HashSet;

    fn article<'a>(
        id: i64,
        title: &'a str,
        body: &'a str,
        section: &'a str,
        day: u32,
    ) -> IndexedArticle<'a> {
        IndexedArticle {
            id,
            title,
            lede: "",
            body,
            tags: &[],
            section,
            published_at: Utc.with_ymd_and_hms(2024, 12, day, 8, 0, 0).unwrap(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 12, 20, 0, 0, 0).unwrap()
    }

    fn ids(results: &SearchResults) -> Vec<i64> {
        results.hits.iter().map(|h| h.id).collect()
    }

    fn search(index: &SearchIndex, text: &str) -> SearchResults {
        let query = SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        index.search(&query, now()).unwrap()
    }

    #[test]
    fn an_abbreviation_finds_its_long_form_and_back() {
        let index = SearchIndex::in_ram().unwrap();
        index
            .apply(
                false,
                &[
                    article(
                        1,
                        "Komisi Pemberantasan Korupsi tetapkan bupati tersangka",
                        "Komisi Pemberantasan Korupsi menahan bupati.",
                        "news",
                        3,
                    ),
                    article(
                        2,
                        "KPK periksa saksi",
                        "KPK memeriksa tiga saksi.",
                        "news",
                        4,
                    ),
                    article(3, "Harga cabai naik", "Pedagang mengeluh.", "bisnis", 5),
                ],
                &[],
                100,
            )
            .unwrap();
        let mut found = ids(&search(&index, "kpk"));
        found.sort();
        assert_eq!(found, [1, 2], "the long form answers the abbreviation");
        let mut found = ids(&search(&index, "komisi pemberantasan korupsi"));
        found.sort();
        assert_eq!(found, [1, 2], "and the other way round");
        // Each form ranks the article written in it first.
        assert_eq!(ids(&search(&index, "kpk saksi"))[0], 2);
        assert_eq!(
            ids(&search(&index, "komisi pemberantasan korupsi bupati"))[0],
            1
        );
    }

    #[test]
    fn a_build_in_parts_is_seen_whole_or_not_at_all() {
        let index = sample();
        let first = [
            article(
                10,
                "Gempa guncang Cianjur",
                "Gempa merusak rumah.",
                "news",
                1,
            ),
            article(11, "Harga cabai naik", "Pedagang mengeluh.", "bisnis", 2),
        ];
        let second = [article(12, "Gempa susulan", "Warga mengungsi.", "news", 3)];
        // Abandoned midway: nothing of it shows, what was there stays, and
        // the index is marked for a whole build.
        {
            let mut build = index.build().unwrap();
            build.add(&first).unwrap();
        }
        assert_eq!(index.synced_until(), None);
        assert!(ids(&search(&index, "gempa")).is_empty());
        assert_eq!(ids(&search(&index, "banjir")).len(), 2);
        // Finished: every part at once, and nothing from before.
        let mut build = index.build().unwrap();
        build.add(&first).unwrap();
        assert!(
            ids(&search(&index, "gempa")).is_empty(),
            "unseen until finished"
        );
        build.add(&second).unwrap();
        // Saved twice: the later text replaces the earlier.
        build
            .add(&[article(
                11,
                "Harga bawang turun",
                "Petani lega.",
                "bisnis",
                2,
            )])
            .unwrap();
        assert_eq!(build.finish(500).unwrap(), 3);
        assert_eq!(ids(&search(&index, "bawang")), [11]);
        assert!(ids(&search(&index, "cabai")).is_empty());
        let mut found = ids(&search(&index, "gempa"));
        found.sort();
        assert_eq!(found, [10, 12]);
        assert!(ids(&search(&index, "banjir")).is_empty());
        assert_eq!((index.synced_until(), index.len()), (Some(500), 3));
    }

    #[test]
    fn a_slip_of_the_keyboard_is_answered_with_the_word_meant() {
        let index = SearchIndex::in_ram().unwrap();
        let titles: Vec<String> = (0..30)
            .map(|n| format!("Jokowi tinjau gempa bumi di Cianjur hari ke-{n}"))
            .chain(["Warga Jokowy di Solo".to_owned()])
            .collect();
        let articles: Vec<IndexedArticle> = titles
            .iter()
            .enumerate()
            .map(|(n, title)| article(n as i64 + 1, title, "Isi berita gempa.", "news", 1))
            .collect();
        index.apply(false, &articles, &[], 100).unwrap();
        let suggest = |text: &str| index.suggest(text).unwrap();
        // Once in the archive against thirty times: the reader meant Jokowi.
        assert_eq!(suggest("jokowy").as_deref(), Some("jokowi"));
        assert_eq!(suggest("Gempa Bumu").as_deref(), Some("gempa bumi"));
        assert_eq!(
            suggest("gemap bumi cianjur").as_deref(),
            Some("gempa bumi cianjur")
        );
        // Words the articles use, short words and numbers stand.
        assert_eq!(suggest("jokowi gempa"), None);
        assert_eq!(suggest("apa ke-3 2019"), None);
        // Nothing near enough: nothing suggested.
        assert_eq!(suggest("kpk"), None);
        assert_eq!(suggest("zzzzzz"), None);
    }

    fn sample() -> SearchIndex {
        let index = SearchIndex::in_ram().unwrap();
        index
            .apply(
                false,
                &[
                    article(
                        1,
                        "Oposisi kuasai Damaskus",
                        "Kelompok oposisi menguasai Damaskus pada hari Minggu.",
                        "internasional",
                        8,
                    ),
                    article(
                        2,
                        "Banjir merendam Jakarta",
                        "Banjir merendam tujuh kelurahan di Jakarta Timur.",
                        "news",
                        10,
                    ),
                    article(
                        3,
                        "Banjir surut di Bekasi",
                        "Air banjir mulai surut; warga Jakarta kembali.",
                        "news",
                        12,
                    ),
                    article(
                        4,
                        "Timnas menang <2-0>",
                        "Timnas Indonesia menang di Jakarta & dikuasai penuh.",
                        "bola",
                        11,
                    ),
                ],
                &[],
                100,
            )
            .unwrap();
        index
    }

    /// The ten best of `query` with their scores to four decimals.
    fn top_scores(searcher: &tantivy::Searcher, query: &dyn Query) -> Vec<(DocAddress, f32)> {
        searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address, (score * 1e4).round()))
            .collect()
    }

    #[test]
    fn a_long_form_s_mark_finds_and_scores_what_its_phrase_does() {
        let index = SearchIndex::in_ram().unwrap();
        let texts = [
            "Komisi Pemberantasan Korupsi memeriksa saksi.",
            "Komisi Pemberantasan Korupsi, kata juru bicara Komisi Pemberantasan Korupsi.",
            "Komisi itu bukan lembaga pemberantasan korupsi.",
            "Harga cabai naik menjelang Lebaran di pasar induk.",
            "Pemberantasan korupsi menjadi tugas Komisi Pemberantasan Korupsi sejak lama sekali.",
        ];
        let articles: Vec<IndexedArticle<'_>> = (texts.iter().enumerate())
            .map(|(n, text)| article(n as i64 + 1, "Berita", text, "news", 1))
            .collect();
        index.apply(false, &articles, &[], 100).unwrap();
        let field = index.fields.words;
        let words = ["komisi", "pemberantasan", "korupsi"];
        let phrase = tantivy::query::PhraseQuery::new(
            (words.iter())
                .map(|w| Term::from_field_text(field, w))
                .collect(),
        );
        let marked = index.marked_phrase(&words, "komisi pemberantasan korupsi");
        let searcher = index.reader.searcher();
        let expected = top_scores(&searcher, &phrase);
        assert_eq!(expected.len(), 3);
        assert_eq!(top_scores(&searcher, marked.as_ref()), expected);
        // A phrase a reader asks for is of the words alone: the mark the
        // index holds beside them weighs nothing in it.
        let asked = index
            .parser(vec![field])
            .parse_query("\"Komisi Pemberantasan Korupsi\"")
            .unwrap();
        assert_eq!(top_scores(&searcher, asked.as_ref()), expected);
    }

    #[test]
    fn the_flat_union_scores_as_the_parsed_query() {
        let index = sample();
        let f = index.fields;
        let fields = vec![f.title, f.tags, f.lede, f.body, f.words];
        let mut parser = index.parser(fields.clone());
        for (field, boost) in fields.into_iter().zip(FIELD_BOOSTS) {
            parser.set_field_boost(field, boost);
        }
        let searcher = index.reader.searcher();
        let scores = |query: &dyn Query| top_scores(&searcher, query);
        for text in [
            "banjir Jakarta",
            "menguasai damaskus banjir",
            "timnas",
            "Jakarta jakarta",
        ] {
            let flat = union_of(&index.flat_terms(text).unwrap());
            let parsed = parser.parse_query(text).unwrap();
            assert!(!scores(&flat).is_empty(), "{text}");
            assert_eq!(scores(&flat), scores(&*parsed), "{text}");
        }
        assert!(index.flat_terms("covid-19 jakarta").is_none(), "a phrase");
        assert!(index.flat_terms("\"banjir jakarta\"").is_none(), "quotes");
    }

    #[test]
    fn a_passage_reads_each_term_once_and_scores_as_it_did_with_every_repeat() {
        let index = sample();
        let searcher = index.reader.searcher();
        let scores = |query: &dyn Query| top_scores(&searcher, query);
        let text = "banjir Jakarta banjir timnas Jakarta banjir damaskus";
        let terms = index.flat_terms(text).unwrap();
        let once = once_each(terms.clone());
        assert!(once.len() < terms.len());
        let mut kinds: Vec<&Term> = once.iter().map(|(term, _)| term).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), once.len(), "each term once");
        let boosts = |terms: &[(Term, Score)]| -> Score { terms.iter().map(|(_, b)| b).sum() };
        assert!((boosts(&once) - boosts(&terms)).abs() < 1e-4);
        let expected = scores(&union_of(&terms));
        assert!(expected.len() >= 2);
        assert_eq!(scores(&union_of(&once)), expected);
    }

    #[test]
    fn the_fused_union_scores_every_match_as_the_bonus_apart_over_many_windows_and_seeks() {
        // Enough articles for several of the union's windows, the words
        // spread so that some windows hold none of one word.
        let index = SearchIndex::in_ram().unwrap();
        let vocabulary = [
            "banjir", "bekasi", "bupati", "jakarta", "harga", "cabai", "pasar", "warga",
        ];
        let mut state = 7u64;
        let mut texts = Vec::new();
        for n in 0..12_000u64 {
            let mut words = Vec::new();
            for _ in 0..4 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let pick = (state >> 33) as usize % (vocabulary.len() + 4);
                // "bupati" only in the second third: windows without it.
                if pick < vocabulary.len() && (pick != 2 || (4_000..8_000).contains(&n)) {
                    words.push(vocabulary[pick]);
                }
            }
            // A few far apart hold every word: a filter on them seeks
            // the union past its window.
            if n % 4_500 < 3 {
                words = vocabulary.to_vec();
            }
            texts.push((format!("Kabar {}", words.join(" ")), format!("Isi {n}.")));
        }
        let section_of = |n: usize| match n % 4_500 {
            0..3 => "langka",
            _ => ["news", "bisnis", "olahraga"][n % 3],
        };
        let articles: Vec<IndexedArticle<'_>> = (texts.iter().enumerate())
            .map(|(n, (title, body))| {
                article(
                    n as i64 + 1,
                    title,
                    body,
                    section_of(n),
                    1 + (n % 28) as u32,
                )
            })
            .collect();
        index.apply(false, &articles, &[], 100).unwrap();
        let searcher = index.reader.searcher();
        let every = |query: &dyn Query| -> Vec<(DocAddress, f32)> {
            let mut found: Vec<(DocAddress, f32)> = searcher
                .search(query, &TopDocs::with_limit(20_000).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| (address, score))
                .collect();
            found.sort_by_key(|(address, _)| *address);
            found
        };
        // The same documents, each scored the same but for the order the
        // parts were added in.
        let same = |found: Vec<(DocAddress, f32)>, expected: &[(DocAddress, f32)], what: &str| {
            assert_eq!(found.len(), expected.len(), "{what}");
            for ((address, score), (expected_address, expected_score)) in found.iter().zip(expected)
            {
                assert_eq!(address, expected_address, "{what}");
                assert!(
                    (score - expected_score).abs() <= 1e-4 * expected_score,
                    "{what}"
                );
            }
        };
        let section = |name: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(index.fields.section, name);
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        for text in [
            "bupati bekasi",
            "banjir bupati harga",
            "cabai pasar warga jakarta",
        ] {
            let terms = index.flat_terms(text).unwrap();
            let words = crate::abbreviations::words(text);
            let presence = index.word_presence(&words, &[]);
            let mut apart: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(union_of(&terms)))];
            for word in &presence {
                apart.push((Occur::Should, Box::new(word.apart(&[]))));
            }
            let apart = BooleanQuery::new(apart);
            let fused = fused_union(&terms, &presence, &[]).unwrap();
            let expected = every(&apart);
            assert!(expected.len() > 4_096, "{text}: several windows");
            same(every(&fused), &expected, text);
            // Through a filter, the union is sought to its documents: a
            // few at a time, and past its window.
            for (name, least) in [("bisnis", 1_000), ("langka", 9)] {
                let filtered = |query: Box<dyn Query>| {
                    BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, section(name))])
                };
                let expected = every(&filtered(Box::new(apart.clone())));
                assert!(expected.len() >= least, "{text} in {name}");
                let fused = filtered(Box::new(fused.clone()));
                same(every(&fused), &expected, &format!("{text} in {name}"));
            }
        }
    }

    #[test]
    fn a_words_bonus_fused_into_its_union_scores_as_the_bonus_apart() {
        let index = SearchIndex::in_ram().unwrap();
        let texts = [
            (
                "KPK periksa bupati Bekasi",
                "KPK memeriksa bupati di Bekasi.",
            ),
            (
                "Komisi Pemberantasan Korupsi tahan bupati",
                "Bupati ditahan.",
            ),
            (
                "Banjir merendam Bekasi",
                "Banjir merendam Bekasi dan Jakarta.",
            ),
            (
                "Bupati Bekasi diperiksa",
                "Komisi Pemberantasan Korupsi memeriksa.",
            ),
            ("Harga cabai naik", "Pedagang di Jakarta mengeluh."),
        ];
        let articles: Vec<IndexedArticle<'_>> = (texts.iter().enumerate())
            .map(|(n, (title, body))| article(n as i64 + 1, title, body, "news", 3 + n as u32))
            .collect();
        index.apply(false, &articles, &[], 100).unwrap();
        let searcher = index.reader.searcher();
        let scores = |query: &dyn Query| top_scores(&searcher, query);
        for text in [
            "bupati bekasi",
            "kpk periksa bupati",
            "komisi pemberantasan korupsi bekasi",
            "banjir bekasi bekasi",
        ] {
            let terms = index.flat_terms(text).unwrap();
            let words = crate::abbreviations::words(text);
            let expansions = index.expansions(&words);
            let presence = index.word_presence(&words, &expansions);
            assert!(!presence.is_empty(), "{text}");
            let mut union: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, Box::new(union_of(&terms)))];
            for (_, query) in &expansions {
                let query = BoostQuery::new(query.box_clone(), EXPANSION_BOOST);
                union.push((Occur::Should, Box::new(query)));
            }
            let mut apart: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(BooleanQuery::new(union)))];
            for word in &presence {
                apart.push((Occur::Should, Box::new(word.apart(&expansions))));
            }
            let fused = fused_union(&terms, &presence, &expansions).unwrap();
            let expected = scores(&BooleanQuery::new(apart));
            assert!(expected.len() >= 2, "{text}");
            assert_eq!(scores(&fused), expected, "{text}");
        }
        // Terms that are not the words' own are not fused.
        let terms = index.flat_terms("bupati di bekasi").unwrap();
        let words = crate::abbreviations::words("bupati bekasi");
        let presence = index.word_presence(&words, &[]);
        assert!(fused_union(&terms, &presence, &[]).is_none());
    }

    #[test]
    fn inflected_forms_find_each_other() {
        let index = sample();
        assert_eq!(ids(&search(&index, "menguasai")), [1, 4]);
        assert_eq!(
            ids(&search(&index, "dikuasai")),
            [4, 1],
            "the form as written first, then its relatives"
        );
        assert_eq!(search(&index, "kuasai").total, 2);
    }

    #[test]
    fn a_pasted_passage_finds_the_article_it_comes_from() {
        let index = sample();
        let passage = "Petugas pemadam kebakaran memompa air dari rumah warga di tujuh kelurahan, \
                       sementara perahu karet mengantar bantuan makanan dan obat bagi keluarga \
                       yang bertahan di lantai dua sejak Sabtu malam";
        index
            .apply(
                false,
                &[
                    article(
                        10,
                        "Pemadam kebakaran memompa air, perahu karet mengantar bantuan makanan dan obat",
                        "Petugas pemadam kebakaran memompa air; perahu karet mengantar bantuan.",
                        "news",
                        12,
                    ),
                    article(11, "Warga bertahan di lantai dua", passage, "news", 9),
                ],
                &[],
                101,
            )
            .unwrap();
        assert_eq!(ids(&search(&index, passage))[0], 11);
    }

    #[test]
    fn a_headline_typed_whole_finds_its_article_first() {
        let index = sample();
        index
            .apply(
                false,
                &[
                    article(20, "Polisi tangkap calo SIM", "Di Bekasi.", "news", 5),
                    article(21, "Calo SIM tangkap polisi", "Di Bekasi.", "news", 15),
                ],
                &[],
                101,
            )
            .unwrap();
        assert_eq!(
            ids(&search(&index, "Polisi tangkap calo SIM"))[..2],
            [20, 21]
        );
        assert_eq!(
            ids(&search(&index, "Calo SIM tangkap polisi"))[..2],
            [21, 20]
        );
    }

    #[test]
    fn an_article_with_the_name_passes_one_that_repeats_the_event() {
        let index = sample();
        // Suspects are named every day; this one name seldom.
        let others: Vec<String> = (0..8)
            .map(|n| format!("Polisi menetapkan tersangka kasus nomor {n} di kota lain."))
            .collect();
        let others: Vec<IndexedArticle<'_>> = others
            .iter()
            .enumerate()
            .map(|(n, body)| article(40 + n as i64, "Kabar hukum", body, "news", 3))
            .collect();
        index.apply(false, &others, &[], 101).unwrap();
        index
            .apply(
                false,
                &[
                    // The event, over and over, without the name asked for.
                    article(
                        30,
                        "KPK tetapkan tersangka",
                        "KPK menetapkan tersangka. Tersangka diperiksa. Tersangka ditahan.",
                        "news",
                        20,
                    ),
                    // The name, and the event once, in a longer report.
                    article(
                        31,
                        "Menpora diperiksa penyidik",
                        "Penyidik memeriksa Menpora Imam Nahrawi selama sembilan jam di \
                         gedung KPK. Ia kini berstatus tersangka dalam kasus dana hibah \
                         KONI, kata juru bicara. Pemeriksaan akan berlanjut pekan depan \
                         dengan saksi lain dari kementerian dan dari KONI.",
                        "news",
                        10,
                    ),
                ],
                &[],
                102,
            )
            .unwrap();
        assert_eq!(ids(&search(&index, "nahrawi tersangka"))[0], 31);
    }

    #[test]
    fn headlines_are_found_as_the_reader_types() {
        let index = sample();
        let complete = |typed: &str| -> Vec<i64> {
            let mut found: Vec<i64> = index
                .complete(typed, 5, now())
                .unwrap()
                .iter()
                .map(|hit| hit.id)
                .collect();
            found.sort();
            found
        };
        assert_eq!(complete("banj"), [2, 3], "a word begun");
        assert_eq!(complete("Banjir bek"), [3], "a word finished, one begun");
        assert_eq!(complete("banjir "), [2, 3], "a word finished");
        assert_eq!(
            complete("merendam jak"),
            [2],
            "in any form: merendam, rendam"
        );
        assert_eq!(complete("jak"), [2], "in the headline, not the text");
        // "ber" begins bertani, whose root "tani" a headline has; no
        // headline has a word that begins with "ber", so none is offered.
        index
            .apply(
                false,
                &[article(
                    5,
                    "Banjir rendam sawah tani",
                    "Warga bertani di sini.",
                    "news",
                    13,
                )],
                &[],
                101,
            )
            .unwrap();
        assert!(complete("banjir ber").is_empty());
        assert_eq!(complete("banjir tan"), [5]);
        assert!(complete("b").is_empty(), "one letter begins too much");
        assert!(complete("gempa").is_empty());
        assert!(
            complete("banjir zzz").is_empty(),
            "no headline word begins so"
        );
        assert_eq!(
            complete("banjir me"),
            [2, 3, 5],
            "two letters are not completed yet: the finished words alone"
        );
        assert!(complete("  ").is_empty());
    }

    #[test]
    fn a_few_words_find_the_story_of_the_days_they_are_about() {
        let index = SearchIndex::in_ram().unwrap();
        let story = Utc.with_ymd_and_hms(2024, 3, 4, 8, 0, 0).unwrap();
        let at = |days: i64| story + chrono::Duration::days(days);
        let bodies = [
            "Banjir merendam rumah di Jakarta Timur.",
            "Banjir di Jakarta belum juga surut.",
            "Korban banjir Jakarta mulai mengungsi.",
            "Banjir Jakarta: tanggul kali jebol.",
        ];
        let mut articles: Vec<IndexedArticle<'_>> = bodies
            .iter()
            .enumerate()
            .map(|(n, body)| IndexedArticle {
                id: n as i64 + 1,
                title: "Kabar dari ibu kota",
                lede: "",
                body,
                tags: &[],
                section: "news",
                published_at: at(n as i64),
            })
            .collect();
        // The same words in as short a text, a year later: by its words
        // (and by being newer) it comes first.
        articles.push(IndexedArticle {
            id: 9,
            title: "Kabar dari ibu kota",
            lede: "",
            body: "Banjir kecil di Jakarta Utara.",
            tags: &[],
            section: "news",
            published_at: at(400),
        });
        index.apply(false, &articles, &[], 1).unwrap();
        let query = SearchQuery {
            text: "banjir jakarta".into(),
            limit: 10,
            ..SearchQuery::default()
        };
        let found = ids(&index.search(&query, at(800)).unwrap());
        assert_eq!(found.len(), 5);
        assert_eq!(found.last(), Some(&9), "the year-later one last: {found:?}");
        // A pasted sentence is not about a story's days: words alone.
        let sentence = SearchQuery {
            text: "banjir kecil di jakarta utara menggenangi jalan dan rumah warga sejak pagi tadi"
                .into(),
            limit: 10,
            ..SearchQuery::default()
        };
        assert_eq!(ids(&index.search(&sentence, at(800)).unwrap())[0], 9);
    }

    #[test]
    fn relevance_first_then_recency() {
        let index = sample();
        let found = search(&index, "banjir jakarta");
        assert_eq!(
            ids(&found)[..2],
            [2, 3],
            "both words in the headline or body beat one"
        );
        let same = "Gempa mengguncang Cianjur";
        index
            .apply(
                false,
                &[
                    article(30, same, same, "news", 3),
                    article(31, same, same, "news", 9),
                    article(32, same, same, "news", 6),
                ],
                &[],
                101,
            )
            .unwrap();
        assert_eq!(
            ids(&search(&index, "gempa cianjur")),
            [31, 32, 30],
            "equal matches: newer first"
        );
    }

    #[test]
    fn phrases_filters_and_pages() {
        let index = sample();
        assert_eq!(ids(&search(&index, "\"jakarta timur\"")), [2]);
        let mut query = SearchQuery {
            text: "jakarta".into(),
            section: Some("bola".into()),
            limit: 10,
            ..SearchQuery::default()
        };
        assert_eq!(ids(&index.search(&query, now()).unwrap()), [4]);
        query.section = None;
        query.from = Some(Utc.with_ymd_and_hms(2024, 12, 11, 0, 0, 0).unwrap());
        query.to = Some(Utc.with_ymd_and_hms(2024, 12, 12, 0, 0, 0).unwrap());
        assert_eq!(ids(&index.search(&query, now()).unwrap()), [4]);
        let page = SearchQuery {
            text: "jakarta".into(),
            limit: 1,
            offset: 1,
            ..SearchQuery::default()
        };
        let second = index.search(&page, now()).unwrap();
        assert_eq!((second.total, second.hits.len()), (3, 1));
    }

    #[test]
    fn snippets_mark_matches_and_escape_markup() {
        let index = sample();
        let found = search(&index, "timnas dikuasai");
        assert_eq!(ids(&found)[0], 4);
        assert_eq!(
            found.marks.headline("Timnas menang <2-0>"),
            "<mark>Timnas</mark> menang &lt;2-0&gt;"
        );
        let body = "Timnas Indonesia menang di Jakarta & dikuasai penuh.";
        assert!(
            found
                .marks
                .passage(body)
                .contains("&amp; <mark>dikuasai</mark>"),
            "{}",
            found.marks.passage(body)
        );
        // Other forms of the words are marked; a text without them is
        // given from its start, escaped.
        assert_eq!(
            found.marks.passage("Mereka menguasai <laga>."),
            "Mereka <mark>menguasai</mark> &lt;laga"
        );
        let unmatched = format!("<{}", "a".repeat(300));
        assert_eq!(
            found.marks.passage(&unmatched),
            format!("&lt;{}", "a".repeat(199))
        );
        // Only the opening is looked at.
        let late = format!("{} dikuasai.", "kata ".repeat(PASSAGE_SOURCE_CHARS / 5));
        assert!(!found.marks.passage(&late).contains("<mark>"));
        assert_eq!(search(&index, "zzzz").total, 0);
        assert_eq!(
            search(&index, "title:[a TO z] ^^ (").total,
            0,
            "syntax is not an error"
        );
    }

    #[test]
    fn updates_replace_and_deletes_remove() {
        let index = sample();
        index
            .apply(
                false,
                &[article(2, "Kemarau panjang", "Tidak ada air.", "news", 10)],
                &[3],
                200,
            )
            .unwrap();
        assert_eq!(ids(&search(&index, "banjir")), Vec::<i64>::new());
        assert_eq!(ids(&search(&index, "kemarau")), [2]);
        assert_eq!(index.len(), 3);
        assert_eq!(index.synced_until(), Some(200));
        index.apply(true, &[], &[], 300).unwrap();
        assert!(index.is_empty());
    }

    #[test]
    fn an_index_held_by_another_server_is_refused_not_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("search");
        let (held, _) = SearchIndex::open(&folder).unwrap();
        held.apply(false, &[article(1, "Satu", "Isi.", "news", 1)], &[], 5)
            .unwrap();
        // A second server started on the same data folder.
        assert!(matches!(
            SearchIndex::open(&folder),
            Err(SearchError::Locked)
        ));
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["search"], "nothing set aside");
        held.reader.reload().unwrap();
        assert_eq!((held.len(), held.synced_until()), (1, Some(5)));
    }

    #[test]
    fn a_damaged_index_is_recreated() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (index, opened) = SearchIndex::open(&dir.path().join("search")).unwrap();
            assert_eq!(opened, Opened::Created);
            index
                .apply(false, &[article(1, "Satu", "Isi.", "news", 1)], &[], 5)
                .unwrap();
        }
        let (index, opened) = SearchIndex::open(&dir.path().join("search")).unwrap();
        assert_eq!(opened, Opened::Existing);
        assert_eq!((index.len(), index.synced_until()), (1, Some(5)));
        drop(index);
        std::fs::write(dir.path().join("search/meta.json"), "{ rusak").unwrap();
        let (index, opened) = SearchIndex::open(&dir.path().join("search")).unwrap();
        assert!(index.is_empty());
        let Opened::SetAside(aside) = opened else {
            panic!("set aside: {opened:?}")
        };
        assert!(aside.starts_with(dir.path()) && aside.join("meta.json").exists());
    }

    #[test]
    fn an_index_of_an_earlier_schema_is_made_anew() {
        // Indexes before this one stored the headline and the body's
        // opening; an upgrade finds one of those.
        let dir = tempfile::tempdir().unwrap();
        {
            let mut builder = Schema::builder();
            builder.add_i64_field("id", INDEXED | tantivy::schema::STORED | FAST);
            builder.add_text_field("opening", tantivy::schema::STORED);
            let index = Index::create_in_dir(dir.path(), builder.build()).unwrap();
            let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
            writer.commit().unwrap();
        }
        let (index, opened) = SearchIndex::open(dir.path()).unwrap();
        assert!(
            opened.is_new(),
            "the caller is told to build it from the database"
        );
        index
            .apply(false, &[article(1, "Satu", "Isi.", "news", 1)], &[], 5)
            .unwrap();
        assert_eq!(ids(&search(&index, "satu")), [1]);
    }

    #[test]
    fn a_common_union_is_not_counted_but_ranked_as_if_it_were() {
        // Five articles in six hold "warga", once to three times; a few
        // words more only some.
        let extra = ["banjir", "jakarta", "gempa", "pemilu", "harga", "beras"];
        let count = COMMON_DOCS as usize * 6 / 5 + 60;
        let texts: Vec<(String, String)> = (0..count)
            .map(|n| {
                let words: Vec<&str> = (0..n % 5).map(|k| extra[(n * 7 + k) % 6]).collect();
                let common = if n % 6 == 0 {
                    ""
                } else {
                    &"warga ".repeat(1 + n % 3)
                };
                ("Kabar".to_owned(), format!("{common}{}", words.join(" ")))
            })
            .collect();
        let bodies: Vec<&String> = texts.iter().map(|(_, body)| body).collect();
        let index = index_of(&texts, |n| n % 900);
        // Deleted articles still count in a word's frequency.
        index.apply(false, &[], &[1, 2, 3], 1).unwrap();
        let holding = count - count / 6 - 3;
        let matching = (bodies.iter().enumerate())
            .filter(|(n, body)| !(1..=3).contains(n) && !body.is_empty())
            .count();

        // A pasted passage and a single common word: at least the
        // articles holding the commonest word, deleted ones taken off.
        let passage = "warga banjir jakarta gempa pemilu harga beras kata \
                       warga banjir jakarta gempa pemilu harga beras kata \
                       warga banjir jakarta gempa pemilu harga";
        for text in [passage, "warga"] {
            let found = search(&index, text);
            assert_eq!((found.total, found.total_exact), (holding, false), "{text}");
        }
        // Quotes in a passage are what someone said, not a phrase: it is
        // the same passage, found and counted the same way.
        let quoted = passage.replacen("warga banjir", "\"warga banjir\"", 2);
        let found = search(&index, &quoted);
        assert_eq!((found.total, found.total_exact), (holding, false));
        assert_eq!(ids(&found), ids(&search(&index, passage)));
        // A rare word is counted.
        let found = search(&index, "gempa");
        assert!(found.total_exact);
        assert!(found.total < holding);
        // Two words earning their presence bonus, with nothing between
        // them a phrase could be made of: the words' union is the one
        // clause, yet the query is more than words alone, and is counted.
        let found = search(&index, "warga:gempa");
        assert!(found.total_exact);

        // Scoring the common word apart gives the order of the whole
        // union, page after page, and the same pages as the search.
        let searcher = index.reader.searcher();
        let terms = index.flat_terms(passage).unwrap();
        let frequencies: Vec<u64> = (terms.iter())
            .map(|(term, _)| searcher.doc_freq(term).unwrap())
            .collect();
        let split = SplitUnion::of(&searcher, &terms, &frequencies, &[], &[], None, PASSAGES)
            .unwrap()
            .unwrap();
        // "warga" three times, in the body as analysed and as written.
        assert_eq!(split.common.len(), 6);
        let whole = BooleanQuery::new(vec![(
            Occur::Must,
            Box::new(union_of(&terms)) as Box<dyn Query>,
        )]);
        let counted = Ranking {
            offset: 0,
            limit: 10,
            now_s: now().timestamp(),
            first_pool: FIRST_POOL,
            story: None,
            count: true,
        };
        assert_eq!(
            ranked(&searcher, &whole, counted).unwrap().1,
            Some(matching)
        );
        // A first pool of one: the rare words' best are cut back and taken
        // in steps, and what was dropped bounds the rest.
        let pages: Vec<(usize, usize)> = [0, 10, 390, 4000]
            .into_iter()
            .flat_map(|offset| [(offset, FIRST_POOL), (offset, 1)])
            .collect();
        same_pages(&searcher, &whole, &split, None, &pages, passage);

        // Deleted articles can leave the commonest word under the floor
        // while its frequency is still over it: then the passage is counted
        // (it was once ranked apart and left with no total at all).
        let deleted: Vec<i64> = (4..1_000).filter(|n| n % 6 != 0).take(50).collect();
        index.apply(false, &[], &deleted, 2).unwrap();
        let found = search(&index, passage);
        let live = (bodies.iter().enumerate())
            .filter(|(n, body)| *n > 3 && !deleted.contains(&(*n as i64)) && !body.is_empty())
            .count();
        assert_eq!((found.total, found.total_exact), (live, true));
        assert_eq!(found.hits.len(), 10);
    }

    /// Articles with these headlines and bodies, the nth published
    /// `hours_ago(n)` hours ago.
    fn articles_of(
        texts: &[(String, String)],
        hours_ago: impl Fn(i64) -> i64,
    ) -> Vec<IndexedArticle<'_>> {
        (texts.iter().enumerate())
            .map(|(n, (title, body))| IndexedArticle {
                id: n as i64,
                title,
                lede: "",
                body,
                tags: &[],
                section: "news",
                published_at: now() - chrono::Duration::hours(hours_ago(n as i64)),
            })
            .collect()
    }

    /// An index of [`articles_of`] these.
    fn index_of(texts: &[(String, String)], hours_ago: impl Fn(i64) -> i64) -> SearchIndex {
        let articles = articles_of(texts, hours_ago);
        let index = SearchIndex::in_ram().unwrap();
        index.apply(false, &articles, &[], 0).unwrap();
        index
    }

    /// Asserts that `split` ranks each of the `pages` (offset, first pool)
    /// of ten as `whole` does, where it finds one apart: the first pages
    /// it must.
    fn same_pages(
        searcher: &tantivy::Searcher,
        whole: &dyn Query,
        split: &SplitUnion,
        story: Option<StoryTime>,
        pages: &[(usize, usize)],
        what: &str,
    ) {
        let addresses = |page: Vec<(Score, DocAddress)>| -> Vec<DocAddress> {
            page.into_iter().map(|(_, address)| address).collect()
        };
        for &(offset, first_pool) in pages {
            let ranking = Ranking {
                offset,
                limit: 10,
                now_s: now().timestamp(),
                first_pool,
                story,
                count: false,
            };
            let (every, _) = ranked(searcher, whole, ranking).unwrap();
            assert_eq!(every.len(), 10, "{what}");
            match split.ranked(searcher, ranking).unwrap() {
                Some(apart) => assert_eq!(
                    addresses(apart),
                    addresses(every),
                    "{what}: offset {offset}, first pool {first_pool}"
                ),
                None => assert!(offset > 10, "{what}: the first pages are found apart"),
            }
        }
    }

    #[test]
    fn a_headlines_common_forms_scored_apart_rank_as_its_whole_query() {
        // 36,000 articles: "warga", "jakarta" and "pemerintah" in a third
        // to two thirds of the bodies, the rest rarer; a few hold the
        // headlines in order.
        let rarer = [
            "banjir", "bekasi", "bupati", "harga", "cabai", "pasar", "gempa", "kpk",
        ];
        let texts: Vec<(String, String)> = (0..36_000usize)
            .map(|n| {
                let mut body: Vec<&str> = Vec::new();
                for (word, holds) in [
                    ("warga", n % 3 != 0),
                    ("jakarta", n % 5 < 2),
                    ("pemerintah", n % 7 < 3),
                ] {
                    if holds {
                        body.extend(std::iter::repeat_n(word, 1 + n % 3));
                    }
                }
                body.extend((0..n % 5).map(|k| rarer[(n * 7 + k * 3) % rarer.len()]));
                if n % 401 == 0 {
                    body.push("banjir rendam warga jakarta.");
                }
                if n % 577 == 0 {
                    body.push("harga cabai di pasar warga jakarta naik kata pemerintah bekasi.");
                }
                if n % 89 == 0 {
                    body.push("Komisi Pemberantasan Korupsi memeriksa.");
                }
                // "warganya" in some headlines: "warga" as analysed, rare
                // there, read whole with the rare words, yet earning the
                // word's bonus where the body lacks it.
                let warga = if n % 13 == 0 { " warganya" } else { "" };
                let title = format!("{} {}{warga}", rarer[n % 8], rarer[(n / 8) % 8]);
                (title, body.join(" "))
            })
            .collect();
        let index = index_of(&texts, |n| n % 2_000);
        // A second segment: the first 2,000 written again, and some
        // deleted.
        let again = articles_of(&texts[..2_000], |n| n);
        let deleted: Vec<i64> = (1..36_000).filter(|n| n % 17 == 0).collect();
        index.apply(false, &again, &deleted, 1).unwrap();
        let searcher = index.reader.searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let live = |n: usize| !deleted.contains(&(n as i64));
        let mut outside_seen = 0;
        for text in [
            // A few words, each earning its bonus.
            "banjir rendam warga jakarta",
            // One an abbreviation, read whole with its long form.
            "bupati bekasi kpk warga jakarta",
            // More words than earn a bonus: each term alone.
            "harga cabai di pasar warga jakarta naik kata pemerintah bekasi",
            // And an abbreviation beside them.
            "kpk harga cabai pasar warga jakarta naik kata pemerintah bekasi",
        ] {
            // The query as the search makes it, without a filter.
            let Words {
                flat,
                expansions,
                presence,
                presence_apart,
                matched,
                phrase,
                ..
            } = index.words(text);
            let terms = flat.expect("plain words");
            let phrase = phrase.expect("a phrase of several words");
            assert_eq!(!expansions.is_empty(), text.contains("kpk"), "{text}");
            let words = crate::abbreviations::words(text);
            assert_eq!(
                presence.is_empty(),
                words.len() > PRESENCE_MAX_WORDS,
                "{text}"
            );
            assert!(!presence_apart || presence.is_empty(), "{text}: fused");
            let whole = BooleanQuery::new(vec![
                (Occur::Must, matched),
                (Occur::Should, phrase.box_clone()),
            ]);
            let frequencies: Vec<u64> = (terms.iter())
                .map(|(term, _)| searcher.doc_freq(term).unwrap())
                .collect();
            let split = SplitUnion::of(
                &searcher,
                &terms,
                &frequencies,
                &presence,
                &expansions,
                Some(phrase),
                HEADLINES,
            )
            .unwrap()
            .expect("common forms");
            // "warga", "jakarta" and "pemerintah" as written and in the body.
            let apart: usize = split.common.iter().map(|word| word.scored.len()).sum();
            assert!(apart >= 2, "{text}: {apart} forms apart");
            // Every article the rare forms or the phrase match scores, the
            // common forms added, what it scores in the whole query.
            let all = |query: &dyn Query| -> HashMap<DocAddress, Score> {
                let every = TopDocs::with_limit(40_000).order_by_score();
                let found = searcher.search(query, &every).unwrap();
                found.into_iter().map(|(score, at)| (at, score)).collect()
            };
            let whole_scores = all(&whole);
            let mut candidates: Vec<(Score, DocAddress)> = (all(&*split.rare).into_iter())
                .map(|(at, score)| (score, at))
                .collect();
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            let weighed: Vec<WeighedWord> = (split.common.iter())
                .map(|word| WeighedWord {
                    scored: (word.scored.iter())
                        .map(|(term, boost)| {
                            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                            (query.weight(scoring).unwrap(), *boost)
                        })
                        .collect(),
                    read_whole: (word.read_whole.iter())
                        .map(|term| {
                            let query = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                            query.weight(scoring).unwrap()
                        })
                        .collect(),
                    bonus: word.bonus,
                })
                .collect();
            add_common(&searcher, &weighed, &mut candidates).unwrap();
            assert!(candidates.len() > 1_000, "{text}");
            // The order of the additions differs from the whole query's,
            // so scores agree up to rounding.
            for (score, at) in &candidates {
                let whole = whole_scores[at];
                assert!(
                    (score - whole).abs() <= 1e-5 * whole,
                    "{text}: {score} {whole}"
                );
            }
            // Every other article the whole query matches scores no more
            // than the common forms' most.
            let most: Score = split.common.iter().map(|word| word.most).sum();
            let ranked_apart: HashSet<DocAddress> = candidates.iter().map(|(_, at)| *at).collect();
            let outside: Vec<Score> = (whole_scores.iter())
                .filter(|(at, _)| !ranked_apart.contains(at))
                .map(|(_, score)| *score)
                .collect();
            assert!(outside.iter().all(|&score| score <= most), "{text}");
            outside_seen += outside.len();
            let story = (!presence.is_empty()).then_some(StoryTime::SHORT_QUERIES);
            let pages = [(0, FIRST_POOL), (0, 1), (10, 1), (390, 1)];
            same_pages(&searcher, &whole, &split, story, &pages, text);
            // An article holding the headline in order comes first.
            let found = search(&index, text);
            if (texts.iter().enumerate()).any(|(n, (_, body))| live(n) && body.contains(text)) {
                let first = &texts[found.hits[0].id as usize].1;
                assert!(first.contains(text), "{text}: {first}");
            }
            // Not counted: at least the articles holding the commonest form.
            assert!(!found.total_exact, "{text}");
            // Deleted articles are taken off, all of them.
            let holding = (texts.iter().enumerate())
                .filter(|(n, (_, body))| live(*n) && body.contains("warga"))
                .count();
            assert!(found.total <= holding, "{text}: {}", found.total);
            assert!(found.total > holding - deleted.len() - 2_000, "{text}");
        }
        assert!(outside_seen > 1_000, "articles outside the candidates");
    }

    #[test]
    fn the_best_kept_are_the_best_pushed_and_the_floor_bounds_the_rest() {
        let address = |doc: u32| DocAddress::new(0, doc);
        // Scores with many ties, pushed in document order.
        let scores: Vec<Score> = (0..1_000u32).map(|n| ((n * 7919) % 37) as Score).collect();
        for keep in [1, 2, 5, 37, 500, 999, 1_000, 1_001, 5_000] {
            let mut best = Best::new(keep, scores.len());
            for (doc, score) in scores.iter().enumerate() {
                best.push(*score, address(doc as u32));
            }
            let (mut kept, floor) = best.finish();
            kept.sort_unstable_by(best_first);
            let mut every: Vec<(Score, DocAddress)> = (scores.iter().enumerate())
                .map(|(doc, score)| (*score, address(doc as u32)))
                .collect();
            every.sort_unstable_by(best_first);
            every.truncate(keep);
            assert_eq!(kept, every, "keep {keep}");
            if keep >= scores.len() {
                assert_eq!(floor, None, "nothing dropped, keep {keep}");
            } else {
                let floor = floor.expect("some were dropped");
                assert_eq!(floor, kept[keep - 1].0);
            }
        }
    }

    #[test]
    fn the_relevance_pool_ranks_exactly_as_scoring_every_match() {
        // 400 articles over a year, sharing words in different amounts, so
        // recency reorders what relevance alone would list.
        let words = ["banjir", "jakarta", "gempa", "pemilu", "harga", "beras"];
        let bodies: Vec<(String, String)> = (0..400)
            .map(|n: usize| {
                let title = format!("{} {}", words[n % 6], words[(n / 6) % 6]);
                let body = (0..1 + n % 7)
                    .map(|k| words[(n + k * k) % 6])
                    .collect::<Vec<_>>()
                    .join(" kata ");
                (title, body)
            })
            .collect();
        let index = index_of(&bodies, |n| n * 22);
        let searcher = index.reader.searcher();
        let now_s = now().timestamp();
        for text in [
            "banjir",
            "banjir jakarta",
            "harga beras pemilu",
            "gempa kata",
        ] {
            let mut parser = index.parser(vec![index.fields.title, index.fields.body]);
            parser.set_conjunction_by_default();
            let query = parser.parse_query(text).unwrap();
            let every =
                TopDocs::with_limit(1_000).tweak_score(move |segment: &tantivy::SegmentReader| {
                    let published = segment.fast_fields().i64("published").unwrap();
                    move |doc: tantivy::DocId, score: Score| {
                        final_score(score, published.first(doc).unwrap_or(0), now_s)
                    }
                });
            let expected: Vec<DocAddress> = searcher
                .search(&*query, &every)
                .unwrap()
                .into_iter()
                .map(|(_, address)| address)
                .collect();
            for (offset, limit) in [(0, 10), (10, 10), (0, 3)] {
                // The smallest pool (four times the results wanted), so the
                // bound has to widen it (it does, for several of these).
                let ranking = Ranking {
                    offset,
                    limit,
                    now_s,
                    first_pool: 1,
                    story: None,
                    count: true,
                };
                let (got, total) = ranked(&searcher, &*query, ranking).unwrap();
                let got: Vec<DocAddress> = got.into_iter().map(|(_, address)| address).collect();
                let want: Vec<DocAddress> =
                    expected.iter().copied().skip(offset).take(limit).collect();
                assert_eq!(got, want, "{text} {offset} {limit}");
                assert_eq!(total, Some(expected.len()), "{text}");
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::sync::OnceLock;

        fn index() -> &'static SearchIndex {
            static INDEX: OnceLock<SearchIndex> = OnceLock::new();
            INDEX.get_or_init(sample)
        }

        /// Query text: words, operators and the query language's syntax
        /// (quotes, brackets, fields, wildcards, boosts) at random.
        fn query_text() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "banjir",
                "Jakarta",
                "menguasai",
                "\"",
                "\"banjir",
                "(",
                ")",
                "[",
                "]",
                "{",
                "}",
                ":",
                "title:",
                "body:x",
                "*",
                "?",
                "~",
                "~2",
                "^",
                "^3",
                "+",
                "-",
                "AND",
                "OR",
                "NOT",
                "\\",
                "/",
                "covid-19",
                "'",
                " ",
                "\u{0}",
                "\u{200b}",
                "日本",
                "🙂",
            ]);
            prop::collection::vec(
                prop_oneof![piece.prop_map(str::to_owned), any::<String>()],
                0..30,
            )
            .prop_map(|pieces| pieces.join(" "))
        }

        proptest! {
            // Fewer cases than the default by default, as each is slow; a long
            // run sets PROPTEST_CASES.
            #![proptest_config(ProptestConfig {
                cases: if std::env::var_os("PROPTEST_CASES").is_some() {
                    ProptestConfig::default().cases
                } else {
                    128
                },
                ..ProptestConfig::default()
            })]

            #[test]
            fn any_query_is_answered(text in query_text(), offset in 0usize..50, limit in 0usize..30) {
                let query = SearchQuery { text, offset, limit, ..SearchQuery::default() };
                let results = index().search(&query, now());
                prop_assert!(results.is_ok(), "{:?}", results.err());
                let results = results.unwrap();
                prop_assert!(results.hits.len() <= limit);
            }
        }
    }
}
