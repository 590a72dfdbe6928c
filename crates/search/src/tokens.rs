//! From text to terms: words split at anything that is not a letter or
//! digit (a hyphen inside a word joins it), lower-cased, reduplication
//! folded ("anak-anak" -> "anak"), stop words and bare numbers dropped,
//! and the rest stemmed.

use crate::{is_stop_word, stem};
use std::collections::HashMap;

/// The terms of `text`, in order, repeats kept.
pub fn terms(text: &str) -> Vec<String> {
    Analyzer::default().terms(text)
}

/// Turns texts into terms, remembering the term of every word it has seen:
/// use one for many texts in a row (building an index), where news prose
/// repeats a small vocabulary.
#[derive(Debug, Default)]
pub struct Analyzer {
    seen: HashMap<String, Option<String>>,
}

impl Analyzer {
    /// The terms of `text`, in order, repeats kept.
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in words(text) {
            if let Some(known) = self.seen.get(word) {
                out.extend(known.iter().cloned());
                continue;
            }
            let lower = word.to_lowercase();
            let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
            // "anak-anak" and "buah-buahan" are one word; "Al-Assad" two.
            match parts.as_slice() {
                [first, second] if second.starts_with(first) => {
                    let term = term_of(first);
                    out.extend(term.iter().cloned());
                    self.seen.insert(word.to_owned(), term);
                }
                [single] => {
                    let term = term_of(single);
                    out.extend(term.iter().cloned());
                    self.seen.insert(word.to_owned(), term);
                }
                several => out.extend(several.iter().filter_map(|p| term_of(p))),
            }
        }
        out
    }
}

/// The term of one lower-case word, or `None` for words that carry no
/// meaning of their own.
fn term_of(word: &str) -> Option<String> {
    if word.chars().count() < 2 || word.chars().all(|c| c.is_ascii_digit()) || is_stop_word(word) {
        return None;
    }
    Some(stem(word)).filter(|root| !is_stop_word(root))
}

/// Runs of letters and digits, with inner hyphens kept.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_text_becomes_stemmed_terms() {
        let got =
            terms("Pada 30 November, kelompok oposisi menguasai Aleppo-nya; anak-anak dikuasai.");
        assert_eq!(
            got,
            [
                "november", "kelompok", "oposisi", "kuasa", "aleppo", "anak", "kuasa"
            ]
        );
    }

    #[test]
    fn names_with_hyphens_keep_both_parts() {
        assert_eq!(terms("Bashar Al-Assad"), ["bashar", "al", "assad"]);
    }

    #[test]
    fn remembering_words_changes_nothing() {
        let text = "Menguasai, menguasai! Anak-anak dan anak; Al-Assad.";
        let mut analyzer = Analyzer::default();
        let first = analyzer.terms(text);
        assert_eq!(first, terms(text));
        assert_eq!(analyzer.terms(text), first);
    }
}
