//! The parts every reader page is made of: cards for list items, the
//! site-wide lists beside the content, page metadata for the `<head>`, and
//! rendering with the right headers.

use crate::app::App;
use crate::error::AppError;
use crate::lists::Lists;
use crate::messages::Message;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use warta_core::{ArticleSummary, format_clock, format_date, format_relative};

/// A list item: one article as lists, blocks and search results show it.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    /// Headline.
    pub title: String,
    /// Article page path.
    pub url: String,
    /// Section label.
    pub section_name: String,
    /// Section page path.
    pub section_url: String,
    /// Thumbnail, if the article has an image.
    pub image_url: Option<String>,
    /// The thumbnail's width, when known.
    pub image_width: Option<u32>,
    /// The thumbnail's height, when known.
    pub image_height: Option<u32>,
    /// The image at article size, for leads.
    pub image_large_url: Option<String>,
    /// Both sizes for a lead's `srcset`, when their widths are known
    /// (pictures of the library).
    pub image_srcset: Option<String>,
    /// "2 jam lalu".
    pub time_ago: String,
    /// "7 Desember 2024".
    pub date: String,
    /// "14:30 WIB".
    pub clock: String,
    /// Machine-readable publication time, for `<time datetime>`.
    pub datetime: String,
    /// Summary, may be empty.
    pub lede: String,
}

impl Card {
    /// The card of `summary` as seen at `now`.
    pub fn new(app: &App, summary: &ArticleSummary, now: DateTime<Utc>) -> Card {
        let tz = &app.config.time_zone;
        let locale = app.config.locale;
        Card {
            title: summary.title.clone(),
            url: summary.path(tz),
            section_name: summary.section_name.clone(),
            section_url: format!("/{}", summary.section_slug),
            image_url: summary.thumbnail.as_ref().map(|p| p.url.clone()),
            image_width: summary.thumbnail.as_ref().and_then(|p| p.width),
            image_height: summary.thumbnail.as_ref().and_then(|p| p.height),
            image_large_url: summary.picture.as_ref().map(|p| p.url.clone()),
            image_srcset: match (&summary.thumbnail, &summary.picture) {
                (Some(small), Some(large)) => match (small.width, large.width) {
                    (Some(w1), Some(w2)) => {
                        Some(format!("{} {w1}w, {} {w2}w", small.url, large.url))
                    }
                    _ => None,
                },
                _ => None,
            },
            time_ago: format_relative(summary.published_at, now, tz, locale),
            date: format_date(summary.published_at, tz, locale),
            clock: format_clock(summary.published_at, tz),
            datetime: summary.published_at.to_rfc3339(),
            lede: summary.lede.clone(),
        }
    }

    /// Cards of several summaries.
    pub fn all<'a>(
        app: &App,
        summaries: impl IntoIterator<Item = &'a ArticleSummary>,
        now: DateTime<Utc>,
    ) -> Vec<Card> {
        summaries
            .into_iter()
            .map(|s| Card::new(app, s, now))
            .collect()
    }
}

/// A link with a label: menus, bylines, tags.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// Label.
    pub name: String,
    /// Path.
    pub url: String,
}

/// The site-wide lists and the section menu, from the current snapshot,
/// as a template sees them: `nav`, `popular`, `picks`, `latest`,
/// `breaking`, and the masthead's section menu, the sidebar (Terpopuler,
/// Pilihan), Terkini and the footer already rendered (`sections_html`,
/// `sidebar_html`, `latest_html`, `footer_html`).
///
/// They are the same on every page made in the same second from the same
/// lists, and were about half of each page's template work: they are made
/// once for all such pages. A card's "5 menit lalu" counts whole seconds
/// of the article's time, which is whole seconds, so within a second it
/// reads the same.
#[derive(Debug, Clone)]
pub struct Chrome(Value);

impl Serialize for Chrome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Into a page's view this passes the value itself, not a copy.
        self.0.serialize(serializer)
    }
}

/// The lists of [`Chrome`] as cards.
#[derive(Debug, Serialize)]
struct ChromeLists {
    nav: Vec<Link>,
    popular: Vec<Card>,
    picks: Vec<Card>,
    latest: Vec<Card>,
    breaking: Option<Card>,
}

impl Chrome {
    /// The lists as configured in size, at `now`.
    pub fn new(app: &App, now: DateTime<Utc>) -> Chrome {
        let lists = app.lists();
        let second = now.timestamp();
        if let Some(blocks) = app.rendered_lists.of(&lists, second) {
            return Chrome(blocks);
        }
        let chrome = Chrome::make(app, &lists, now);
        app.rendered_lists.keep(lists, second, chrome.0.clone());
        chrome
    }

    fn make(app: &App, lists: &Lists, now: DateTime<Utc>) -> Chrome {
        let sizes = app.config.lists;
        let cards = ChromeLists {
            nav: lists
                .sections
                .iter()
                .map(|(section, _)| Link {
                    name: section.name.clone(),
                    url: format!("/{}", section.slug),
                })
                .collect(),
            popular: Card::all(
                app,
                lists.popular.iter().take(sizes.popular).map(|(s, _)| s),
                now,
            ),
            picks: Card::all(app, lists.picks.iter().take(sizes.picks), now),
            latest: Card::all(app, lists.latest.iter().take(sizes.latest), now),
            breaking: lists.breaking.as_ref().map(|s| Card::new(app, s, now)),
        };
        let value = Value::from(Serde(&cards));
        let block = |template: &str| {
            app.theme
                .render(template, minijinja::context! { chrome => value.clone() })
                .unwrap_or_else(|error| {
                    tracing::error!(%error, template, "a block of every page failed");
                    String::new()
                })
        };
        Chrome(minijinja::context! {
            sections_html => Value::from_safe_string(block("reader/sections.html")),
            sidebar_html => Value::from_safe_string(block("reader/sidebar.html")),
            latest_html => Value::from_safe_string(block("reader/latest.html")),
            footer_html => Value::from_safe_string(block("reader/footer.html")),
            ..value
        })
    }
}

/// What goes into `<head>`: title, description, canonical URL, OpenGraph
/// and structured data.
#[derive(Debug, Default, Serialize)]
pub struct Meta {
    /// Page title, without the site name.
    pub title: String,
    /// Description for search engines and link previews.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// OpenGraph type: `website` or `article`.
    pub og_type: &'static str,
    /// The picture link previews show: the page's own, else the site's.
    pub image: Option<PreviewImage>,
    /// JSON-LD, already escaped for a `<script>` element.
    pub json_ld: Option<String>,
    /// Absolute URL of the page's RSS feed.
    pub feed: Option<String>,
    /// `article:published_time`.
    pub published_time: Option<String>,
    /// `article:modified_time`.
    pub modified_time: Option<String>,
    /// `noindex` for pages search engines should skip.
    pub noindex: bool,
}

/// A picture for link previews (`og:image`, JSON-LD): its absolute URL,
/// its size when known, and what it shows.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewImage {
    /// Absolute URL.
    pub url: String,
    /// Pixels across, when known.
    pub width: Option<u32>,
    /// Pixels down, when known.
    pub height: Option<u32>,
    /// What it shows, for readers who do not see it.
    pub alt: String,
}

impl PreviewImage {
    /// The site's own picture (`[site] image`; by default the brand's
    /// 1200x630 card), for pages without one.
    pub fn of_site(app: &App) -> PreviewImage {
        let default = app.config.site_image == "/static/kartu.png";
        PreviewImage {
            url: app.absolute(&if default {
                format!("/static/kartu.png?v={}", app.theme.style_version)
            } else {
                app.config.site_image.clone()
            }),
            width: default.then_some(1200),
            height: default.then_some(630),
            alt: app.config.site_name.clone(),
        }
    }
}

impl Meta {
    /// Metadata of an ordinary (non-article) page at `path`.
    pub fn page(
        app: &App,
        title: impl Into<String>,
        description: impl Into<String>,
        path: &str,
    ) -> Meta {
        Meta {
            title: title.into(),
            description: description.into(),
            canonical: app.absolute(path),
            og_type: "website",
            image: Some(PreviewImage::of_site(app)),
            ..Meta::default()
        }
    }
}

impl App {
    /// `path` as an absolute URL of this portal.
    pub fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{}", self.config.base_url, path)
        }
    }
}

/// Renders a page template with its view into a 200 response.
pub fn render<T: Serialize>(app: &App, template: &str, view: &T) -> Result<Response, AppError> {
    let html = app.theme.render(template, Value::from(Serde(view)))?;
    let mut response = Html(html).into_response();
    // Shared caches may keep a page briefly; browsers revalidate.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=0, s-maxage=10, stale-while-revalidate=30"),
    );
    Ok(response)
}

#[derive(Serialize)]
struct ErrorView<'a> {
    meta: Meta,
    chrome: Chrome,
    status: u16,
    message: Option<&'a str>,
}

/// The theme's error page for `status`.
pub fn render_error_page(app: &App, status: StatusCode, message: Option<&str>) -> Response {
    let (title, description) = match status {
        StatusCode::NOT_FOUND => ("not_found_title", "not_found_text"),
        // The reader's mistake, not the server's.
        s if s.is_client_error() => ("bad_request_title", "bad_request_text"),
        _ => ("error_title", "error_text"),
    };
    let labels = &app.config.labels;
    let mut meta = Meta::page(app, labels.get(title), labels.get(description), "/");
    // An error is no page of the site: nothing to index, no address of
    // its own to name.
    meta.noindex = true;
    meta.canonical = String::new();
    let view = ErrorView {
        meta,
        chrome: Chrome::new(app, app.now()),
        status: status.as_u16(),
        message,
    };
    match app
        .theme
        .render("reader/error.html", Value::from(Serde(&view)))
    {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "error page template failed");
            (status, labels.get(title).to_owned()).into_response()
        }
    }
}

/// The last page number a list answers; past it, 404.
pub const LAST_PAGE: usize = 1000;

/// A `?halaman=N` page number: 1 when absent; a number past every list's
/// end (0, or over 1000) is a page that is not there (404); anything but
/// a number is a bad request.
pub fn page_number(raw: Option<&str>) -> Result<usize, AppError> {
    match raw {
        None | Some("") => Ok(1),
        Some(text) => match text.parse::<u64>() {
            Ok(n) if (1..=LAST_PAGE as u64).contains(&n) => Ok(n as usize),
            Ok(_) => Err(AppError::NotFound),
            Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                Err(AppError::NotFound)
            }
            Err(_) => Err(AppError::BadRequest(Message::BadPageNumber(
                text.to_owned(),
            ))),
        },
    }
}

/// Links to the neighbouring pages of a paginated list.
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// This page's number.
    pub page: usize,
    /// The previous page, if any.
    pub previous: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
}

impl Pagination {
    /// Pagination of `path` at `page`, with `has_next` known from fetching
    /// one item more than a page holds; never a link past [`LAST_PAGE`].
    pub fn new(path: &str, page: usize, has_next: bool) -> Pagination {
        let at = |n: usize| {
            if n == 1 {
                path.to_owned()
            } else {
                format!("{path}?halaman={n}")
            }
        };
        Pagination {
            page,
            previous: (page > 1).then(|| at(page - 1)),
            next: (has_next && page < LAST_PAGE).then(|| at(page + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(page_number(None).unwrap(), 1);
        assert_eq!(page_number(Some("3")).unwrap(), 3);
        for bad in ["0", "-1", "abc", "1001"] {
            assert!(page_number(Some(bad)).is_err(), "{bad}");
        }
        let p = Pagination::new("/bola", 2, true);
        assert_eq!(p.previous.as_deref(), Some("/bola"));
        assert_eq!(p.next.as_deref(), Some("/bola?halaman=3"));
        // The last page a list answers links to no page after it.
        let last = Pagination::new("/bola", LAST_PAGE, true);
        assert_eq!(last.next, None);
    }
}
