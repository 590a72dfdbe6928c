//! The tantivy side of the analysis: a token filter that stems with
//! [`crate::stem`], so the index and every query see the same terms as
//! relatedness does.

use crate::{is_stop_word, stem};
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
            let stemmed = stem(&token.text);
            if stemmed != token.text {
                token.text = stemmed;
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

#[cfg(test)]
mod tests {
    use super::*;

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
