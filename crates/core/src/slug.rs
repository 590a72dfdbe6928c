//! URL slugs made from headlines: lower-case ASCII words joined by hyphens.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest slug we make, in bytes; long headlines are cut at a word.
const MAX_LEN: usize = 80;

/// A URL-safe slug: `a-z`, `0-9` and single inner hyphens, never empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// A string that is not a valid slug.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not a slug: use a-z, 0-9 and single hyphens")]
pub struct SlugError(String);

impl Slug {
    /// Makes a slug from any text (a headline, a section name); falls back to
    /// `fallback` when the text has no letters or digits at all.
    pub fn from_text(text: &str, fallback: &str) -> Slug {
        let mut out = String::with_capacity(text.len().min(MAX_LEN));
        let mut pending_hyphen = false;
        for c in text.chars().flat_map(fold_to_ascii) {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push(c.to_ascii_lowercase());
            } else if c != '\'' {
                // Apostrophes join ("Qa'im" -> "qaim"); everything else separates.
                pending_hyphen = true;
            }
        }
        if out.len() > MAX_LEN {
            let cut = out[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
            out.truncate(cut);
        }
        if out.is_empty() {
            return Slug::from_text(fallback, "artikel");
        }
        Slug(out)
    }

    /// Checks that `s` is already a slug, as the URL router receives it.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        let valid = !s.is_empty()
            && s.len() <= 200
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Slug(s.to_owned()))
        } else {
            Err(SlugError(s.to_owned()))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Latin letters with diacritics as their base letter; other characters as is.
fn fold_to_ascii(c: char) -> impl Iterator<Item = char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        '’' | '‘' => '\'',
        other => other,
    };
    std::iter::once(folded)
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Slug::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

/// First path segments that belong to pages other than sections (the
/// reader's lists and search, feeds, files, the newsroom, the API and the
/// operators' endpoints; `routes.rs` in the application), so no section
/// may take them as its address.
pub const RESERVED_PATHS: &[&str] = &[
    "terkini",
    "terpopuler",
    "indeks",
    "cari",
    "tag",
    "penulis",
    "topik",
    "rss",
    "sitemap",
    "sitemap.xml",
    "robots.txt",
    "static",
    "media",
    "api",
    "redaksi",
    "healthz",
    "readyz",
    "metrics",
];

impl Slug {
    /// A section's address made from `text` (as [`Slug::from_text`]); one
    /// that belongs to another page gets `-kanal` after it, so an import's
    /// category named "api" or "static" still has pages of its own.
    pub fn for_section(text: &str, fallback: &str) -> Slug {
        let slug = Slug::from_text(text, fallback);
        if slug.is_reserved() {
            Slug::from_text(&format!("{slug}-kanal"), fallback)
        } else {
            slug
        }
    }

    /// Whether the address belongs to a page other than a section.
    pub fn is_reserved(&self) -> bool {
        RESERVED_PATHS.contains(&self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_never_takes_another_page_s_address() {
        assert_eq!(Slug::for_section("API", "berita").as_str(), "api-kanal");
        assert_eq!(
            Slug::for_section("Static", "berita").as_str(),
            "static-kanal"
        );
        assert_eq!(Slug::for_section("Bola", "berita").as_str(), "bola");
        for reserved in RESERVED_PATHS {
            assert!(
                !Slug::for_section(reserved, "berita").is_reserved(),
                "{reserved}"
            );
        }
    }

    #[test]
    fn headline_becomes_slug() {
        let slug = Slug::from_text(
            "Rezim Assad Runtuh, Kelompok Bersenjata HTS Masuki Damaskus!",
            "x",
        );
        assert_eq!(
            slug.as_str(),
            "rezim-assad-runtuh-kelompok-bersenjata-hts-masuki-damaskus"
        );
    }

    #[test]
    fn apostrophes_join_and_diacritics_fold() {
        assert_eq!(
            Slug::from_text("Al-Qa'im café", "x").as_str(),
            "al-qaim-cafe"
        );
    }

    #[test]
    fn long_headlines_are_cut_at_a_word() {
        let slug = Slug::from_text(&"panjang ".repeat(30), "x");
        assert!(slug.as_str().len() <= MAX_LEN);
        assert!(slug.as_str().ends_with("panjang"));
    }

    #[test]
    fn text_without_letters_uses_the_fallback() {
        assert_eq!(
            Slug::from_text("!!! ???", "berita 12").as_str(),
            "berita-12"
        );
    }

    #[test]
    fn parse_accepts_only_slugs() {
        assert!(Slug::parse("berita-terkini-2024").is_ok());
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a/b", "ä"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_makes_a_valid_slug(text in any::<String>(), fallback in "[a-z]{0,8}") {
                let slug = Slug::from_text(&text, &fallback);
                prop_assert!(Slug::parse(slug.as_str()).is_ok(), "{slug:?}");
                prop_assert!(slug.as_str().len() <= MAX_LEN);
                prop_assert!(!Slug::for_section(&text, "berita").is_reserved());
            }

            #[test]
            fn parse_accepts_exactly_what_it_gives_back(text in any::<String>()) {
                if let Ok(slug) = Slug::parse(&text) {
                    prop_assert_eq!(slug.as_str(), text.as_str());
                    let again = Slug::from_text(&text, "x");
                    prop_assert_eq!(again.as_str(), text.as_str());
                }
            }
        }
    }
}
