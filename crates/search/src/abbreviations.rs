//! Indonesian abbreviations and their long forms: KPK / Komisi
//! Pemberantasan Korupsi, Menpora / Menteri Pemuda dan Olahraga, Jokowi /
//! Joko Widodo. A query in one form also finds articles written in the
//! other.
//!
//! The list is `data/abbreviations.tsv`, mined from the corpus by
//! `data/make_abbreviations.py` (a long form followed by its abbreviation
//! in brackets, as news prose writes them), and `data/abbreviations-core.tsv`,
//! written by hand for the forms that are not spelt by word beginnings
//! (Menpora, Polri, Karhutla) or that the corpus seldom spells out; the
//! core list wins where both name an abbreviation.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One abbreviation and its long form, in lower case, as query words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// The abbreviation ("kpk").
    pub short: String,
    /// Its long form's words ("komisi", "pemberantasan", "korupsi").
    pub long: Vec<String>,
}

/// What a query's words also mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    /// A word of the query is an abbreviation: its long form.
    Long(Vec<String>),
    /// Words of the query are a long form: its abbreviation.
    Short(String),
}

/// The abbreviations known, by abbreviation and by the first word of the
/// long form.
#[derive(Debug, Default, Clone)]
pub struct Abbreviations {
    by_short: HashMap<String, Vec<String>>,
    by_first_word: HashMap<String, Vec<Abbreviation>>,
}

/// The words of a query; an apostrophe belongs to its word ("Ma'ruf" is
/// not "ma", Mahkamah Agung, and "ruf").
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Abbreviations {
    /// The list built into Warta.
    pub fn built_in() -> &'static Abbreviations {
        static BUILT_IN: LazyLock<Abbreviations> = LazyLock::new(|| {
            let mut list = Abbreviations::default();
            for file in [
                include_str!("../data/abbreviations.tsv"),
                include_str!("../data/abbreviations-core.tsv"),
            ] {
                for line in file.lines().filter(|l| !l.starts_with('#')) {
                    let mut fields = line.split('\t');
                    if let (Some(short), Some(long)) = (fields.next(), fields.next()) {
                        list.add(short, long);
                    }
                }
            }
            list
        });
        &BUILT_IN
    }

    /// Adds (or replaces) an abbreviation.
    pub fn add(&mut self, short: &str, long: &str) {
        let short = short.trim().to_lowercase();
        let long = words(long);
        if short.is_empty() || short.contains(char::is_whitespace) || long.len() < 2 {
            return;
        }
        if let Some(old) = self.by_short.insert(short.clone(), long.clone())
            && let Some(entries) = self.by_first_word.get_mut(&old[0])
        {
            entries.retain(|a| a.short != short);
        }
        self.by_first_word
            .entry(long[0].clone())
            .or_default()
            .push(Abbreviation { short, long });
    }

    /// Every long form known, as query words.
    pub fn long_forms(&self) -> impl Iterator<Item = &[String]> {
        self.by_short.values().map(Vec::as_slice)
    }

    /// How many abbreviations are known.
    pub fn len(&self) -> usize {
        self.by_short.len()
    }

    /// Whether none is known.
    pub fn is_empty(&self) -> bool {
        self.by_short.is_empty()
    }

    /// The other forms of what `query` says: the long form of each word
    /// that is an abbreviation, the abbreviation of each long form it
    /// spells out (the longest, where one long form holds another).
    pub fn expansions(&self, query: &str) -> Vec<Expansion> {
        let mut found: Vec<Expansion> = self
            .expansions_by_word(&words(query))
            .into_iter()
            .map(|(_, expansion)| expansion)
            .collect();
        found.dedup();
        found
    }

    /// [`Abbreviations::expansions`] of a query already split by
    /// [`words`], each with the words it stands for (their positions).
    pub fn expansions_by_word(&self, words: &[String]) -> Vec<(Range<usize>, Expansion)> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let spelt = self
                .by_first_word
                .get(&words[at])
                .into_iter()
                .flatten()
                .filter(|a| words[at..].starts_with(&a.long))
                .max_by_key(|a| a.long.len());
            if let Some(abbreviation) = spelt {
                let end = at + abbreviation.long.len();
                found.push((at..end, Expansion::Short(abbreviation.short.clone())));
                at = end;
                continue;
            }
            if let Some(long) = self.by_short.get(&words[at]) {
                found.push((at..at + 1, Expansion::Long(long.clone())));
            }
            at += 1;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_of_a_query_brings_the_other() {
        let list = Abbreviations::built_in();
        assert!(list.len() > 600, "{}", list.len());
        assert_eq!(
            list.expansions("kpk tetapkan tersangka"),
            [Expansion::Long(words("komisi pemberantasan korupsi"))]
        );
        assert_eq!(
            list.expansions("Menteri Pemuda dan Olahraga mundur"),
            [Expansion::Short("menpora".into())]
        );
        assert_eq!(
            list.expansions("jokowi dan DPR"),
            [
                Expansion::Long(words("joko widodo")),
                Expansion::Long(words("dewan perwakilan rakyat")),
            ]
        );
        // The longest long form: "kementerian pemuda dan olahraga" is
        // Kemenpora, not a ministry followed by other words.
        assert_eq!(
            list.expansions("kementerian pemuda dan olahraga"),
            [Expansion::Short("kemenpora".into())]
        );
        assert!(list.expansions("harga cabai naik").is_empty());
        assert!(list.expansions("Ma'ruf Amin").is_empty(), "not MA");
    }

    #[test]
    fn an_editor_s_addition_replaces_the_built_in_form() {
        let mut list = Abbreviations::default();
        list.add("MK", "Mahkamah Konstitusi");
        list.add("MK", "Majelis Kehormatan");
        assert_eq!(
            list.expansions("mk"),
            [Expansion::Long(words("majelis kehormatan"))]
        );
        assert!(list.expansions("mahkamah konstitusi").is_empty());
        // Not an abbreviation: one word, or none.
        list.add("X", "satu");
        list.add("", "dua kata");
        assert_eq!(list.len(), 1);
    }
}
