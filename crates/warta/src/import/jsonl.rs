//! One JSON Lines record to an article draft, with every check an import
//! needs. The format is the corpus format (`id`, `title`, `body` with
//! paragraphs separated by blank lines, `category`, `tags`, `published_at`,
//! `author`, `source`, `url`) plus optional Warta fields (`lede`, `slug`,
//! `status`, `authors`, `image`, `read_also`, `outlet_prefix`,
//! `dateline_place`).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use warta_core::{ArticleContent, Body, Image, Slug, Status};

/// Why a record was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON, or fields of the wrong type.
    #[error("not a valid record: {0}")]
    Json(String),
    /// A required field is empty.
    #[error("field {0:?} is empty")]
    Empty(&'static str),
    /// A field is longer than we accept.
    #[error("field {0:?} is too long")]
    TooLong(&'static str),
    /// A field's value is malformed.
    #[error("field {field:?}: {reason}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug, Deserialize)]
struct Record {
    id: Option<String>,
    title: Option<String>,
    body: Option<String>,
    category: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    published_at: Option<String>,
    /// When the source last changed it (RFC 3339); the publication time
    /// when absent.
    updated_at: Option<String>,
    author: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    source: Option<String>,
    lede: Option<String>,
    slug: Option<String>,
    status: Option<String>,
    image: Option<RecordImage>,
    read_also: Option<String>,
    outlet_prefix: Option<String>,
    dateline_place: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RecordImage {
    url: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

fn required(
    value: Option<String>,
    field: &'static str,
    max_chars: usize,
) -> Result<String, ParseError> {
    let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
    if value.is_empty() {
        return Err(ParseError::Empty(field));
    }
    if value.chars().count() > max_chars {
        return Err(ParseError::TooLong(field));
    }
    Ok(value)
}

/// An optional RFC 3339 time of the record.
fn time_field(
    text: Option<&str>,
    field: &'static str,
) -> Result<Option<DateTime<Utc>>, ParseError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Ok(Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|e| ParseError::Invalid {
                    field,
                    reason: format!("{text:?} is not an RFC 3339 time ({e})"),
                })?
                .with_timezone(&Utc),
        )),
        None => Ok(None),
    }
}

/// Parses and checks one record.
pub fn parse_record(line: &str) -> Result<ArticleContent, ParseError> {
    let record: Record = serde_json::from_str(line).map_err(|e| ParseError::Json(e.to_string()))?;
    let id = required(record.id, "id", 200)?;
    if id.chars().any(char::is_control) {
        return Err(ParseError::Invalid {
            field: "id",
            reason: "contains control characters".into(),
        });
    }
    let title = single_line(&required(record.title, "title", 500)?);
    let body_text = required(record.body, "body", 500_000)?;
    let published_at = time_field(record.published_at.as_deref(), "published_at")?;
    let modified_at = time_field(record.updated_at.as_deref(), "updated_at")?;
    let category = record.category.unwrap_or_default();
    let section_slug = Slug::for_section(&category, "news");
    let section_name = display_name(section_slug.as_str());
    let status = match record.status.as_deref() {
        Some(text) => Some(text.parse::<Status>().map_err(|e| ParseError::Invalid {
            field: "status",
            reason: e.to_string(),
        })?),
        None => None,
    };
    let slug = match record.slug.as_deref() {
        Some(text) => Some(Slug::parse(text).map_err(|e| ParseError::Invalid {
            field: "slug",
            reason: e.to_string(),
        })?),
        None => None,
    };
    let image = match record.image {
        Some(image) => {
            let url = image.url.trim();
            let local = url.starts_with('/') && !url.starts_with("//");
            if !(local || url.starts_with("https://") || url.starts_with("http://"))
                || url.len() > 2_000
            {
                return Err(ParseError::Invalid {
                    field: "image.url",
                    reason: "must be a path or an http(s) URL".into(),
                });
            }
            Some(Image {
                url: url.to_owned(),
                caption: single_line(&image.caption),
                credit: single_line(&image.credit),
                media: None,
            })
        }
        None => None,
    };
    let source = record.source.map(|s| single_line(&s)).unwrap_or_default();
    let (place, body_text) = split_opener(&body_text, &source);
    let mut authors: Vec<String> = record.authors.iter().map(|a| single_line(a)).collect();
    if let Some(author) = record.author {
        authors.insert(0, single_line(&author));
    }
    authors.retain(|a| !a.is_empty() && a.chars().count() <= 100);
    let tags = record
        .tags
        .iter()
        .map(|t| tag_name(t))
        .filter(|t| !t.is_empty() && t.chars().count() <= 100)
        .take(20)
        .collect();
    Ok(ArticleContent {
        external_id: Some(id),
        slug,
        title,
        lede: record.lede.map(|l| single_line(&l)).unwrap_or_default(),
        body: Body::from_plain_text(body_text),
        section: (section_slug, section_name),
        tags,
        authors,
        image,
        outlet_prefix: record
            .outlet_prefix
            .map(|p| single_line(&p))
            .unwrap_or(source),
        dateline_place: record
            .dateline_place
            .map(|p| single_line(&p))
            .or(place)
            .unwrap_or_default(),
        status,
        published_at,
        modified_at,
        read_also_external_id: record.read_also.filter(|r| !r.trim().is_empty()),
        read_also: None,
        body_source: None,
        correction_note: String::new(),
        unpublish_at: None,
        restriction: None,
    })
}

/// Whitespace (line breaks included) folded to single spaces.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `gaya-hidup` -> `Gaya Hidup`.
fn display_name(slug: &str) -> String {
    slug.split('-')
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tags shouted in capitals (`SELEBRITI`) read better in title case.
fn tag_name(tag: &str) -> String {
    let tag = single_line(tag);
    if tag.chars().any(char::is_lowercase) {
        tag
    } else {
        tag.split(' ')
            .map(|w| capitalise(&w.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Separates the opener that news bodies begin with, `Suara.com - ` or
/// `Jakarta, CNN Indonesia -- `, from the text: Warta prints the outlet
/// prefix itself. Returns the dateline place, if any, and the rest.
fn split_opener<'a>(body: &'a str, source: &str) -> (Option<String>, &'a str) {
    if source.is_empty() {
        return (None, body);
    }
    let head: String = body.chars().take(120).collect();
    let lower = head.to_lowercase();
    let Some(at) = lower.find(&source.to_lowercase()) else {
        return (None, body);
    };
    let before = head[..at].trim();
    let after = &head[at + source.len()..];
    let dash_len = after.len() - after.trim_start_matches([' ', '-', '–', '—']).len();
    let dashes = after[..dash_len].trim();
    if dashes.is_empty() || !dashes.chars().all(|c| matches!(c, '-' | '–' | '—')) {
        return (None, body);
    }
    let place = match before.strip_suffix(',') {
        Some(place)
            if !place.is_empty()
                && place.len() <= 40
                && place
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '.') =>
        {
            Some(if place.chars().any(char::is_lowercase) {
                place.to_owned()
            } else {
                place
                    .split(' ')
                    .map(|w| capitalise(&w.to_lowercase()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
        _ if before.is_empty() => None,
        _ => return (None, body),
    };
    (place, &body[at + source.len() + dash_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"{"id":"seed-1","title":"Lebih dari Seribu Tentara Suriah Kabur ke Irak","body":"Suara.com - Leb dari seribu tentara.\n\nParagraf dua.","category":"internasional","tags":["DUNIA","Timur Tengah"],"published_at":"2024-12-07T14:30:00+07:00","author":null,"source":"Suara.com","url":"https://www.suara.com/x","story":null}"#;

    #[test]
    fn corpus_records_become_drafts() {
        let draft = parse_record(SEED).unwrap();
        assert_eq!(draft.external_id.as_deref(), Some("seed-1"));
        assert_eq!(draft.section.0.as_str(), "internasional");
        assert_eq!(draft.section.1, "Internasional");
        assert_eq!(draft.tags, ["Dunia", "Timur Tengah"]);
        assert_eq!(draft.outlet_prefix, "Suara.com");
        assert_eq!(
            draft.body.blocks(),
            ["<p>Leb dari seribu tentara.</p>", "<p>Paragraf dua.</p>"]
        );
        assert_eq!(
            draft.published_at.unwrap().to_rfc3339(),
            "2024-12-07T07:30:00+00:00"
        );
        assert!(draft.authors.is_empty());
    }

    #[test]
    fn openers_with_a_place_are_split() {
        let (place, rest) = split_opener(
            "Jakarta, CNN Indonesia -- Ketua MPR menyesalkan",
            "CNN Indonesia",
        );
        assert_eq!(
            (place.as_deref(), rest),
            (Some("Jakarta"), "Ketua MPR menyesalkan")
        );
        let (place, rest) = split_opener("JAKARTA, KOMPAS.com - Pemerintah", "Kompas.com");
        assert_eq!((place.as_deref(), rest), (Some("Jakarta"), "Pemerintah"));
        let body = "Menurut Kompas.com, harga naik.";
        assert_eq!(
            split_opener(body, "Kompas.com"),
            (None, body),
            "a mention is not an opener"
        );
    }

    #[test]
    fn bad_records_say_why() {
        let cases = [
            ("not json", "not a valid record"),
            (r#"{"id":"x","title":"","body":"b"}"#, "\"title\" is empty"),
            (r#"{"id":"x","title":"t"}"#, "\"body\" is empty"),
            (r#"{"title":"t","body":"b"}"#, "\"id\" is empty"),
            (
                r#"{"id":"x","title":"t","body":"b","published_at":"kemarin"}"#,
                "published_at",
            ),
            (
                r#"{"id":"x","title":"t","body":"b","tags":"a"}"#,
                "not a valid record",
            ),
            (
                r#"{"id":"x","title":"t","body":"b","status":"live"}"#,
                "status",
            ),
            (
                r#"{"id":"x","title":"t","body":"b","image":{"url":"javascript:alert(1)"}}"#,
                "image.url",
            ),
        ];
        for (line, expected) in cases {
            let error = parse_record(line).unwrap_err().to_string();
            assert!(error.contains(expected), "{line}: {error}");
        }
    }

    #[test]
    fn hostile_text_is_escaped_not_trusted() {
        let line = r#"{"id":"x","title":"<script>alert(1)</script>","body":"<img src=x onerror=alert(1)>"}"#;
        let draft = parse_record(line).unwrap();
        assert_eq!(
            draft.body.as_html(),
            "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"
        );
        assert_eq!(
            draft.title, "<script>alert(1)</script>",
            "titles are escaped when rendered"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A record's fields, each one of a few shapes, some hostile.
        fn record() -> impl Strategy<Value = String> {
            let value = prop_oneof![
                Just(serde_json::Value::Null),
                any::<String>().prop_map(serde_json::Value::from),
                any::<i64>().prop_map(serde_json::Value::from),
                prop::sample::select(vec![
                    "2024-12-07T14:30:00+07:00",
                    "2024-02-30T00:00:00Z",
                    "9999-12-31T23:59:59Z",
                    "draft",
                    "published",
                    "live",
                    "Suara.com - Isi.",
                    "<script>x</script>",
                    "https://x.id/a.jpg",
                    "javascript:alert(1)",
                    "",
                    " ",
                ])
                .prop_map(serde_json::Value::from),
                prop::collection::vec(any::<String>(), 0..4).prop_map(serde_json::Value::from),
            ];
            let fields = prop::sample::subsequence(
                vec![
                    "id",
                    "title",
                    "body",
                    "category",
                    "tags",
                    "published_at",
                    "author",
                    "authors",
                    "source",
                    "lede",
                    "slug",
                    "status",
                    "image",
                    "read_also",
                    "outlet_prefix",
                    "dateline_place",
                    "unknown",
                ],
                0..17,
            );
            (fields, prop::collection::vec(value, 17)).prop_map(|(fields, values)| {
                let object: serde_json::Map<_, _> = fields
                    .into_iter()
                    .zip(values)
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect();
                serde_json::Value::Object(object).to_string()
            })
        }

        proptest! {
            #[test]
            fn any_line_is_a_record_or_a_reason(line in prop_oneof![any::<String>(), record()]) {
                if let Ok(content) = parse_record(&line) {
                    prop_assert!(!content.title.trim().is_empty());
                    prop_assert!(!content.section.0.is_reserved());
                    let html = content.body.as_html().to_ascii_lowercase();
                    prop_assert!(!html.contains("<script"), "{html}");
                }
            }
        }
    }
}
