//! From text to terms: words split at anything that is not a letter or
//! digit (a hyphen inside a word joins it), lower-cased, reduplication
//! folded ("anak-anak" -> "anak"), stop words and bare numbers dropped,
//! and the rest stemmed.

use crate::{is_stop_word, stem};

/// The terms of `text`, in order, repeats kept.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).flat_map(|word| {
        let lower = word.to_lowercase();
        let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
        // "anak-anak" and "buah-buahan" are one word; "Al-Assad" two.
        let folded: Vec<String> = match parts.as_slice() {
            [first, second] if second.starts_with(first) || first == second => {
                vec![(*first).to_owned()]
            }
            _ => parts.iter().map(|p| (*p).to_owned()).collect(),
        };
        folded
            .into_iter()
            .filter(|w| w.chars().count() >= 2)
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !is_stop_word(w))
            .map(|w| stem(&w))
            .filter(|w| !is_stop_word(w))
            .collect::<Vec<_>>()
    })
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
        let got: Vec<String> =
            terms("Pada 30 November, kelompok oposisi menguasai Aleppo-nya; anak-anak dikuasai.")
                .collect();
        assert_eq!(
            got,
            [
                "november", "kelompok", "oposisi", "kuasa", "aleppo", "anak", "kuasa"
            ]
        );
    }

    #[test]
    fn names_with_hyphens_keep_both_parts() {
        let got: Vec<String> = terms("Bashar Al-Assad").collect();
        assert_eq!(got, ["bashar", "al", "assad"]);
    }
}
