//! The tantivy side of the analysis: a token filter that stems with
//! [`crate::stem`], so the index and every query see the same terms as
//! relatedness does.

use crate::fnv::Fnv;
use crate::{is_stop_word, stem};
use memchr::memmem::Finder;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, LazyLock, Mutex};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// The analyzer's registered name.
/// The name changes with the stemmer's readings (`-2`: the corpus
/// lexicon), so an index analysed by an earlier stemmer is of another
/// schema and is built anew rather than searched with other stems.
pub const ANALYZER: &str = "indonesian-2";

/// Words split at anything not alphanumeric, lower-cased, stop words
/// removed (positions kept, so phrases still line up), stemmed.
pub fn indonesian() -> TextAnalyzer {
    analyzer(IndonesianStemmer { only: None })
}

/// What finds `terms` (stems, as [`indonesian`] makes them) in a text, to
/// mark them in a passage.
///
/// A stem is the word with affixes taken off and at most its first letter
/// changed back (`menguasai` -> `kuasa`, `menyapu` -> `sapu`), so a word
/// that does not contain a term's letters after the first cannot stem to
/// that term (tests check this on the stemmer's vocabulary and on every
/// word of the corpus). Marking twenty passages stemmed (or looked up)
/// every word of them, a quarter of a search's time; with this, a text
/// without those letters is not even tokenised, and in the others only a
/// handful of words are stemmed.
#[derive(Clone)]
pub struct Marking {
    tails: Arc<Vec<Finder<'static>>>,
}

impl Marking {
    /// For these terms.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Marking {
        let tails = terms
            .into_iter()
            .map(|term| {
                let tail: String = term.chars().skip(1).collect();
                Finder::new(tail.as_bytes()).into_owned()
            })
            .collect();
        Marking {
            tails: Arc::new(tails),
        }
    }

    /// Whether any word of `text` could be one of the terms; when not,
    /// [`Marking::analyzer`] would find none.
    pub fn could_match(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.tails
            .iter()
            .any(|tail| tail.find(lower.as_bytes()).is_some())
    }

    /// The same tokens as [`indonesian`], but a word is stemmed only when it
    /// could stem to one of the terms; the others stay as written, which no
    /// term equals.
    pub fn analyzer(&self) -> TextAnalyzer {
        analyzer(IndonesianStemmer {
            only: Some(self.tails.clone()),
        })
    }
}

fn analyzer(stemmer: IndonesianStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(stemmer)
        .build()
}

/// The name of the analyzer that keeps words as written. It changes with
/// what the analyzer adds (`-marked`: the long forms' marks, and a hash of
/// the built-in long forms it marks), so an index of an earlier one, or
/// one marking other long forms, is of another schema and is built anew:
/// a query reads a mark only the index's own analyzer could have added.
pub static EXACT: LazyLock<String> = LazyLock::new(|| {
    let mut marks: Vec<&str> = (LONG_FORMS.by_last.values())
        .flatten()
        .map(|(_, mark)| mark.as_str())
        .collect();
    marks.sort_unstable();
    let hash = Fnv::default().hash_one(&marks);
    format!("exact-marked-{:08x}", hash as u32)
});

/// Words split at anything not alphanumeric and lower-cased, nothing more:
/// the surface forms that a pasted sentence shares with its article, which
/// stemming would merge with their relatives. After the last word of a
/// built-in abbreviation's long form comes one more token, at its
/// position: the long form's words joined by spaces ([`long_form_mark`]).
pub fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(LongFormMarks)
        .build()
}

/// [`exact`] without the marks, for the words of a query: a phrase asked
/// for is of its words alone, scored by their weights as it was before
/// the marks.
pub fn exact_unmarked() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// `words` split and lower-cased as [`exact`] splits text ("Ma'ruf" is
/// two words there).
pub fn written_words<W: AsRef<str>>(words: &[W]) -> Vec<String> {
    (words.iter())
        .flat_map(|w| w.as_ref().split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The token [`exact`] adds where `words` (as it splits them) follow one
/// another, if they are a built-in abbreviation's long form. No word
/// holds a space, so no text can make it otherwise, and a reader cannot
/// type it.
pub fn long_form_mark<W: AsRef<str>>(words: &[W]) -> Option<String> {
    let last = words.last()?.as_ref();
    (LONG_FORMS.by_last.get(last)?)
        .iter()
        .find(|(form, _)| {
            form.iter()
                .map(String::as_str)
                .eq(words.iter().map(AsRef::as_ref))
        })
        .map(|(_, mark)| mark.clone())
}

/// The built-in long forms, by their last word, each with its mark; and
/// the most words one has.
struct LongForms {
    by_last: HashMap<String, Vec<(Vec<String>, String)>, Fnv>,
    longest: usize,
}

static LONG_FORMS: LazyLock<LongForms> = LazyLock::new(|| {
    let mut forms = LongForms {
        by_last: HashMap::default(),
        longest: 0,
    };
    for long in crate::Abbreviations::built_in().long_forms() {
        let words = written_words(long);
        let Some(last) = words.last().cloned() else {
            continue;
        };
        let entries = forms.by_last.entry(last).or_default();
        if words.len() >= 2 && !entries.iter().any(|(w, _)| *w == words) {
            forms.longest = forms.longest.max(words.len());
            let mark = words.join(" ");
            entries.push((words, mark));
        }
    }
    forms
});

/// Marks the built-in long forms in a stream of lower-cased words, so that
/// a query for one reads a term's postings rather than a phrase's: "kpk"
/// at a million articles took 42 ms with the phrase "komisi pemberantasan
/// korupsi" (three common words, their positions read wherever all three
/// are), 26 ms with the mark (docs/history/BENCHMARKS.md).
#[derive(Clone)]
struct LongFormMarks;

impl TokenFilter for LongFormMarks {
    type Tokenizer<T: Tokenizer> = LongFormMarking<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LongFormMarking<T> {
        LongFormMarking { inner: tokenizer }
    }
}

#[derive(Clone)]
struct LongFormMarking<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for LongFormMarking<T> {
    type TokenStream<'a> = MarkedStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MarkedStream {
            tail: self.inner.token_stream(text),
            recent: std::collections::VecDeque::with_capacity(LONG_FORMS.longest),
            marks: Vec::new(),
            mark: None,
        }
    }
}

/// A word seen lately: its text, where it starts, its position.
struct Recent {
    text: String,
    from: usize,
    position: usize,
}

struct MarkedStream<S> {
    tail: S,
    /// The last words, oldest first, as many as the longest long form has.
    recent: std::collections::VecDeque<Recent>,
    /// Marks still to give, after the word they end at.
    marks: Vec<Token>,
    /// The mark being given, if the current token is one.
    mark: Option<Token>,
}

impl<S: TokenStream> MarkedStream<S> {
    /// Remembers the word just read and queues the marks of the long
    /// forms it ends.
    fn read(&mut self) {
        let token = self.tail.token();
        if self.recent.len() == LONG_FORMS.longest {
            if let Some(mut oldest) = self.recent.pop_front() {
                oldest.text.clear();
                oldest.text.push_str(&token.text);
                oldest.from = token.offset_from;
                oldest.position = token.position;
                self.recent.push_back(oldest);
            }
        } else {
            self.recent.push_back(Recent {
                text: token.text.clone(),
                from: token.offset_from,
                position: token.position,
            });
        }
        let Some(forms) = LONG_FORMS.by_last.get(&token.text) else {
            return;
        };
        for (words, mark) in forms {
            let Some(start) = self.recent.len().checked_sub(words.len()) else {
                continue;
            };
            // The words in a row, as a phrase must be.
            let spelt =
                self.recent
                    .range(start..)
                    .zip(words)
                    .enumerate()
                    .all(|(n, (seen, word))| {
                        seen.text == *word && seen.position + words.len() == token.position + n + 1
                    });
            if spelt {
                self.marks.push(Token {
                    offset_from: self.recent[start].from,
                    offset_to: token.offset_to,
                    position: token.position,
                    text: mark.clone(),
                    position_length: 1,
                });
            }
        }
    }
}

impl<S: TokenStream> TokenStream for MarkedStream<S> {
    fn advance(&mut self) -> bool {
        self.mark = self.marks.pop();
        if self.mark.is_some() {
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        if LONG_FORMS.longest > 0 {
            self.read();
        }
        true
    }

    fn token(&self) -> &Token {
        self.mark.as_ref().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match &mut self.mark {
            Some(mark) => mark,
            None => self.tail.token_mut(),
        }
    }
}

/// Drops stop words and numbers of one or two digits (the positions of
/// the rest stay, so phrases line up) and stems each other token; with
/// `only`, just the tokens containing one of those.
#[derive(Clone)]
struct IndonesianStemmer {
    only: Option<Arc<Vec<Finder<'static>>>>,
}

impl TokenFilter for IndonesianStemmer {
    type Tokenizer<T: Tokenizer> = StemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmerFilter<T> {
        StemmerFilter {
            inner: tokenizer,
            only: self.only,
        }
    }
}

/// [`IndonesianStemmer`] around a tokenizer.
#[derive(Clone)]
struct StemmerFilter<T> {
    inner: T,
    only: Option<Arc<Vec<Finder<'static>>>>,
}

impl<T: Tokenizer> Tokenizer for StemmerFilter<T> {
    type TokenStream<'a> = StemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream {
            tail: self.inner.token_stream(text),
            only: self.only.as_deref().map(Vec::as_slice),
        }
    }
}

/// The stream of stemmed tokens.
struct StemmerStream<'a, S> {
    tail: S,
    only: Option<&'a [Finder<'static>]>,
}

impl<S: TokenStream> TokenStream for StemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if is_stop_word(&token.text)
                || token.text.bytes().all(|b| b.is_ascii_digit()) && token.text.len() < 3
            {
                continue;
            }
            let wanted = self.only.is_none_or(|only| {
                only.iter()
                    .any(|part| part.find(token.text.as_bytes()).is_some())
            });
            if wanted {
                STEMS.stem_into(&mut token.text);
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Stems of the words seen lately, shared by every thread. News text
/// repeats its vocabulary and a lookup costs a fraction of a stem. Made
/// when passages stemmed every word they showed (no longer: see
/// [`Marking`]); indexing still stems every word of every article, and a
/// full build of 100,000 articles takes 17.3-18.1 s with it, 19.1-19.3 s
/// without.
static STEMS: LazyLock<StemCache> = LazyLock::new(StemCache::default);

/// Words per shard before the shard starts over: 16 shards of 8,192 short
/// words keep the cache under a few megabytes.
const STEMS_PER_SHARD: usize = 8_192;

#[derive(Default)]
struct StemCache {
    shards: [Mutex<Stems>; 16],
}

/// Word to stem; `None` when the word is its own stem.
type Stems = HashMap<Box<str>, Option<Box<str>>, Fnv>;

impl StemCache {
    /// Replaces `word` by its stem.
    fn stem_into(&self, word: &mut String) {
        let shard = &self.shards[(Fnv::default().hash_one(word.as_str()) >> 60) as usize];
        if let Some(known) = shard
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(word.as_str())
        {
            if let Some(stemmed) = known {
                word.replace_range(.., stemmed);
            }
            return;
        }
        let stemmed = stem(word);
        let changed = (stemmed != *word).then(|| stemmed.clone().into_boxed_str());
        let mut shard = shard.lock().unwrap_or_else(|e| e.into_inner());
        if shard.len() >= STEMS_PER_SHARD {
            shard.clear();
        }
        shard.insert(word.as_str().into(), changed);
        drop(shard);
        *word = stemmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut analyzer = exact();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn a_long_form_written_out_is_marked_where_it_ends_and_nowhere_else() {
        let got = tokens("Kata Komisi Pemberantasan Korupsi (KPK): komisi pemberantasan, korupsi!");
        let marks: Vec<&(String, usize)> = got.iter().filter(|(t, _)| t.contains(' ')).collect();
        let mark = "komisi pemberantasan korupsi".to_owned();
        // After its last word, at that word's position; punctuation
        // between the words does not part them, as it does not a phrase.
        assert_eq!(marks, [&(mark.clone(), 3), &(mark.clone(), 7)]);
        assert_eq!(got[3], ("korupsi".to_owned(), 3));
        assert_eq!(got[4], (mark, 3));
        assert_eq!(got[5], ("kpk".to_owned(), 4));
        // A word between, a word missing, or the words out of order: none.
        for text in [
            "komisi pemberantasan tindak korupsi",
            "pemberantasan korupsi",
            "korupsi pemberantasan komisi",
        ] {
            assert!(tokens(text).iter().all(|(t, _)| !t.contains(' ')), "{text}");
        }
        // A word too long to index between two words is a gap, as in a phrase.
        let long = "x".repeat(41);
        assert!(
            tokens(&format!("komisi pemberantasan {long} korupsi"))
                .iter()
                .all(|(t, _)| !t.contains(' '))
        );
        // Only the built-in long forms are marked.
        assert_eq!(
            long_form_mark(&["komisi", "pemberantasan", "korupsi"]).as_deref(),
            Some("komisi pemberantasan korupsi")
        );
        assert_eq!(long_form_mark(&["harga", "cabai"]), None);
    }

    #[test]
    fn the_stem_cache_gives_what_the_stemmer_gives_and_stays_bounded() {
        let cache = StemCache::default();
        let words = [
            "menguasai",
            "dikuasai",
            "damaskus",
            "pemerintahan",
            "menguasai",
        ];
        for _ in 0..2 {
            for word in words {
                let mut text = word.to_owned();
                cache.stem_into(&mut text);
                assert_eq!(text, stem(word), "{word}");
            }
        }
        for n in 0..STEMS_PER_SHARD * 20 {
            let mut text = format!("kata{n}");
            cache.stem_into(&mut text);
        }
        let held: usize = cache.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert!(held <= STEMS_PER_SHARD * 16, "{held}");
    }

    #[test]
    fn marking_finds_the_terms_where_the_full_analysis_does() {
        let text = "Oposisi yang menguasai Damaskus menyapu kota; penguasaan dan \
                    kekuasaan, sapu-sapu, Kuasa rakyat, berkuasa";
        let tokens = |mut analyzer: TextAnalyzer, terms: &[&str]| {
            let mut stream = analyzer.token_stream(text);
            let mut found = Vec::new();
            while stream.advance() {
                let token = stream.token();
                if terms.contains(&token.text.as_str()) {
                    found.push((token.text.clone(), token.offset_from, token.offset_to));
                }
            }
            found
        };
        for terms in [&["kuasa", "sapu"][..], &["damaskus"], &["kota", "rakyat"]] {
            let marking = Marking::new(terms.iter().copied());
            assert!(marking.could_match(text));
            let marked = tokens(marking.analyzer(), terms);
            assert!(!marked.is_empty(), "{terms:?}");
            assert_eq!(marked, tokens(indonesian(), terms), "{terms:?}");
            let offsets = |mut analyzer: TextAnalyzer| {
                let mut stream = analyzer.token_stream(text);
                let mut all = Vec::new();
                while stream.advance() {
                    all.push(stream.token().offset_from);
                }
                all
            };
            // The same tokens, so passages are cut where they were.
            assert_eq!(offsets(marking.analyzer()), offsets(indonesian()));
        }
        let kuasa = Marking::new(["kuasa"]);
        assert!(kuasa.could_match("MENGUASAI"));
        assert!(!kuasa.could_match("Damaskus jatuh"));
        let mut only_kuasa = kuasa.analyzer();
        let mut stream = only_kuasa.token_stream("Damaskus menguasai pemerintahan");
        let mut texts = Vec::new();
        while stream.advance() {
            texts.push(stream.token().text.clone());
        }
        assert_eq!(
            texts,
            ["damaskus", "kuasa", "pemerintahan"],
            "only candidates stemmed"
        );
    }

    #[test]
    fn the_analyzer_stems_and_drops_stop_words() {
        let mut analyzer = indonesian();
        let mut stream = analyzer.token_stream("Oposisi yang menguasai Damaskus");
        let mut got = Vec::new();
        while stream.advance() {
            got.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(
            got,
            [
                ("oposisi".to_owned(), 0),
                ("kuasa".to_owned(), 2),
                ("damaskus".to_owned(), 3)
            ]
        );
    }
}
