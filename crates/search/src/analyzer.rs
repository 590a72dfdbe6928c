//! The tantivy side of the analysis: a token filter that stems with
//! [`crate::stem`], so the index and every query see the same terms as
//! relatedness does.

use crate::{is_stop_word, stem};
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::{LazyLock, Mutex};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// The analyzer's registered name.
pub const ANALYZER: &str = "indonesian";

/// Words split at anything not alphanumeric, lower-cased, stop words
/// removed (positions kept, so phrases still line up), stemmed.
pub fn indonesian() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(IndonesianStemmer)
        .build()
}

/// The name of the analyzer that keeps words as written.
pub const EXACT: &str = "exact";

/// Words split at anything not alphanumeric and lower-cased, nothing more:
/// the surface forms that a pasted sentence shares with its article, which
/// stemming would merge with their relatives.
pub fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Stems each token; stop words become empty tokens that match nothing.
#[derive(Clone)]
pub struct IndonesianStemmer;

impl TokenFilter for IndonesianStemmer {
    type Tokenizer<T: Tokenizer> = StemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmerFilter<T> {
        StemmerFilter { inner: tokenizer }
    }
}

/// [`IndonesianStemmer`] around a tokenizer.
#[derive(Clone)]
pub struct StemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemmerFilter<T> {
    type TokenStream<'a> = StemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The stream of stemmed tokens.
pub struct StemmerStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for StemmerStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if is_stop_word(&token.text)
                || token.text.bytes().all(|b| b.is_ascii_digit()) && token.text.len() < 3
            {
                continue;
            }
            STEMS.stem_into(&mut token.text);
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
/// repeats its vocabulary and a lookup costs a fraction of a stem: passages
/// for one page of search results stem about 2,500 words, which profiling
/// showed as a quarter of a search's time before this cache.
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

/// FNV-1a: words are short and come from articles, not from an attacker
/// choosing collisions (a shard starts over when full anyway), so the
/// standard library's slower DoS-resistant hash buys nothing here.
type Fnv = BuildHasherDefault<FnvHasher>;

struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

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
