//! The article page: headline, byline, dateline, the body opening with the
//! outlet prefix and carrying "Baca Juga" links between paragraphs, then
//! Berita Terkait, Terpopuler, Pilihan and Terkini. Opening it counts a view
//! (in memory) unless the reader is a bot.

use super::cache::PageOfArticle;
use super::loaded::{LoadedArticle, StoryAround};
use super::page::{Card, Chrome, Link, Meta, PreviewImage, render};
use crate::app::App;
use crate::body::render::{EmbedLabels, Rendering, for_readers};
use crate::config::ReadAlsoPlacement;
use crate::error::AppError;
use crate::feeds::seo::news_article_json_ld;
use crate::ranking::{Source, counts_as_reader};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;
use warta_core::{
    Article, ArticleId, ArticleSummary, MediaId, Variant, escape_html, format_dateline,
};
use warta_store::ArticleOnPage;

/// The parts of an article URL.
#[derive(Debug, Deserialize)]
pub struct ArticlePath {
    section: String,
    year: String,
    month: String,
    day: String,
    id: String,
    slug: String,
}

/// One piece of the body: a block of the article's HTML, or a "Baca Juga"
/// link placed after the previous block.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyPart {
    /// Sanitised HTML of one block.
    Html {
        /// The block.
        html: String,
    },
    /// A read-also link.
    ReadAlso {
        /// The linked article.
        card: Box<Card>,
    },
}

#[derive(Serialize)]
struct ImageView {
    url: String,
    width: u32,
    height: u32,
    srcset: Option<String>,
    caption: String,
    credit: String,
}

#[derive(Serialize)]
struct CorrectionView {
    note: String,
    date: String,
}

#[derive(Serialize)]
struct ArticlePage {
    meta: Meta,
    chrome: Chrome,
    title: String,
    lede: String,
    section: Link,
    authors: Vec<Link>,
    /// The byline without authors ("Redaksi Warta"), as JSON-LD names it.
    newsroom_name: String,
    dateline: String,
    datetime: String,
    image: Option<ImageView>,
    correction: Option<CorrectionView>,
    preview: bool,
    /// A preview of an article readers can read now: the notice says so.
    preview_of_live: bool,
    body: Vec<BodyPart>,
    /// The body shows embeds: the page loads their script.
    embeds: bool,
    tags: Vec<Link>,
    related: Vec<Card>,
    story: Option<StoryView>,
    live: Option<LiveView>,
}

/// The Kronologi block: the story's articles around this one, oldest
/// first, this one marked.
#[derive(Serialize)]
struct StoryView {
    name: String,
    url: String,
    count: i64,
    items: Vec<StoryItem>,
}

#[derive(Serialize)]
struct StoryItem {
    card: Card,
    current: bool,
}

/// Articles the Kronologi block shows before and after the one read.
const STORY_EACH_SIDE: i64 = 4;

/// A live blog on its article's page: entries newest first, the pinned
/// ones above them, and where an open page hears of new ones.
#[derive(Serialize)]
struct LiveView {
    running: bool,
    pinned: Vec<String>,
    entries: Vec<String>,
    /// The newest entry's number, from which the stream goes on.
    last: i64,
    stream: String,
}

/// Where an article page's article comes from.
enum Read {
    /// What the cached copy's render read (only the lists changed).
    Before(Arc<LoadedArticle>),
    /// The store, now: the article, and its Berita Terkait's summaries,
    /// read at the same time.
    Now(Box<ArticleOnPage>, Vec<ArticleSummary>),
}

/// `/{section}/{yyyy}/{mm}/{dd}/{id}/{slug}`
///
/// When only the site-wide lists changed since the cached copy of this
/// page was rendered, the page cache hands back what that render read
/// ([`LoadedArticle`]), so the new copy is made without the database.
pub async fn show_article(
    State(app): State<Arc<App>>,
    Path(path): Path<ArticlePath>,
    reusable: Option<Extension<Arc<LoadedArticle>>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = path
        .id
        .parse::<i64>()
        .map(ArticleId)
        .map_err(|_| AppError::NotFound)?;
    let now = app.now();
    let reused = reusable
        .map(|Extension(loaded)| loaded)
        .filter(|loaded| loaded.article.id == id);
    let read = match reused {
        Some(loaded) => Read::Before(loaded),
        None => {
            // Berita Terkait needs only the article's number: on
            // PostgreSQL its summaries are asked for beside the article,
            // one round trip for both instead of one after the other.
            let (page, related) = tokio::try_join!(
                app.store.article_on_page(id, now),
                LoadedArticle::related_summaries(&app, id, now),
            )?;
            Read::Now(Box::new(page), related)
        }
    };
    let article = match &read {
        Read::Before(loaded) => &loaded.article,
        Read::Now(page, _) => &page.article,
    };
    if !article.is_live(now) {
        return Err(AppError::NotFound);
    }
    let canonical_path = article.path(&app.config.time_zone);
    let requested = format!(
        "/{}/{}/{}/{}/{}/{}",
        path.section, path.year, path.month, path.day, path.id, path.slug
    );
    if requested != canonical_path {
        // The number names the article: a former slug, one cut short by a
        // chat app or an e-mail client, a mistyped one, another case or
        // date all lead to its one address, in one hop.
        return Ok(moved_to(&canonical_path));
    }

    if counts_as_reader(&headers) {
        app.views.record(id, now.timestamp(), Source::of(&headers));
    }
    let loaded = match read {
        Read::Before(loaded) => loaded,
        Read::Now(page, related) => {
            Arc::new(LoadedArticle::load_with(&app, *page, async { Ok(related) }).await?)
        }
    };
    let mut response = article_page(&app, &loaded, false)?;
    // When its content last changed: what a crawler's conditional GET by
    // date is answered by (the page cache keeps it with the page).
    let changed = loaded.article.modified_at.max(
        loaded
            .article
            .published_at
            .unwrap_or(loaded.article.modified_at),
    );
    if let Ok(date) =
        HeaderValue::from_str(&changed.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
    {
        response.headers_mut().insert(header::LAST_MODIFIED, date);
    }
    // A cached copy of this page still counts its readers, and can be
    // made again from what was read for it.
    response.extensions_mut().insert(PageOfArticle(loaded));
    Ok(response)
}

/// `/{section}/{year}/{month}/{day}/{id}`: an article's address with its
/// slug cut off leads to the article; anything else of that shape may be
/// an imported site's old permalink.
pub async fn show_article_without_slug(
    State(app): State<Arc<App>>,
    Path((section, year, month, day, id)): Path<(String, String, String, String, String)>,
) -> Result<Response, AppError> {
    let live = match id.parse::<i64>() {
        Ok(id) => match app.store.article(ArticleId(id)).await {
            Ok(article) => Some(article).filter(|a| a.is_live(app.now())),
            Err(warta_store::StoreError::NotFound(_)) => None,
            Err(other) => return Err(other.into()),
        },
        Err(_) => None,
    };
    match live {
        Some(article) => Ok(moved_to(&article.path(&app.config.time_zone))),
        None => {
            let path = format!("/{section}/{year}/{month}/{day}/{id}");
            crate::reader::legacy::redirect_old_address(&app, &path).await
        }
    }
}

fn moved_to(path: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, path.to_owned())],
    )
        .into_response()
}

impl LoadedArticle {
    /// Reads the articles the page of an article (read with its live blog
    /// and story) links to.
    pub async fn load(app: &App, page: ArticleOnPage) -> Result<LoadedArticle, AppError> {
        let related = Self::related_summaries(app, page.article.id, app.now());
        Self::load_with(app, page, related).await
    }

    /// The summaries of the articles most related to article `id`: its
    /// Berita Terkait, and the Baca Juga links picked among them.
    async fn related_summaries(
        app: &App,
        id: ArticleId,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleSummary>, warta_store::StoreError> {
        let count = app.config.lists.related.max(app.config.read_also.count + 1);
        let ids = app.related().related(id, count);
        app.store.summaries(&ids, now).await
    }

    /// [`LoadedArticle::load`] with the related summaries coming from
    /// `related`.
    async fn load_with(
        app: &App,
        page: ArticleOnPage,
        related: impl Future<Output = Result<Vec<ArticleSummary>, warta_store::StoreError>>,
    ) -> Result<LoadedArticle, AppError> {
        let article = page.article;
        let now = app.now();
        let sizes = app.config.lists;
        let shown: Vec<MediaId> = crate::body::media_ids(article.body.as_html())
            .into_iter()
            .map(MediaId)
            .collect();
        // Each of these is a round trip of its own to PostgreSQL: made at
        // once, they take the time of the slowest rather than of all.
        let pinned = async {
            match article.read_also {
                Some(pinned) => Ok(app.store.summaries(&[pinned], now).await?.pop()),
                None => Ok(None),
            }
        };
        let story = async {
            let Some((story, count)) = page.story else {
                return Ok(None);
            };
            let at = article.published_at.unwrap_or(article.updated_at);
            let around = app
                .store
                .story_around(story.id, article.id, at, now, STORY_EACH_SIDE)
                .await?;
            Ok(Some(StoryAround {
                story,
                around,
                count,
            })
            .filter(|s| s.count > 1))
        };
        let live = async {
            match page.live_blog {
                Some(blog) => Ok(Some((blog, app.store.live_entries(article.id, 0).await?))),
                None => Ok::<_, warta_store::StoreError>(None),
            }
        };
        let (mut related, pinned, media, story, live) =
            tokio::try_join!(related, pinned, app.store.media_by_ids(&shown), story, live)?;
        // Never fewer than the block shows while the site has that many
        // other live articles: after the related ones, the newest with
        // the same tags, then of the same section.
        let wanted = sizes.related;
        if related.len() < wanted {
            let mut seen: Vec<ArticleId> = related.iter().map(|s| s.id).collect();
            seen.push(article.id);
            let mut fill = Vec::new();
            for tag in &article.tags {
                fill.extend(
                    app.store
                        .latest_with_tag(tag.id, now, wanted as i64 + 1, 0)
                        .await?,
                );
            }
            fill.sort_by(|a, b| b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id)));
            fill.extend(
                app.store
                    .latest_in_section(article.section.id, now, (wanted + seen.len()) as i64, 0)
                    .await?,
            );
            for summary in fill {
                if related.len() >= wanted {
                    break;
                }
                if !seen.contains(&summary.id) {
                    seen.push(summary.id);
                    related.push(summary);
                }
            }
        }
        let pictures = media
            .into_iter()
            .map(|m| {
                let picture = crate::body::render::Picture {
                    width: m.width,
                    height: m.height,
                };
                (m.id.0, picture)
            })
            .collect();
        Ok(LoadedArticle {
            article,
            related,
            pinned,
            pictures,
            live,
            story,
            read_at: Instant::now(),
        })
    }
}

/// Renders the page of an article. A `preview` (for staff, of an article
/// in any status) is marked as such, kept out of search engines, and lists
/// the article's own Baca Juga and related articles as they would be.
pub fn article_page(
    app: &App,
    loaded: &LoadedArticle,
    preview: bool,
) -> Result<Response, AppError> {
    let now = app.now();
    let article = &loaded.article;
    let canonical_path = article.path(&app.config.time_zone);
    let sizes = app.config.lists;
    let read_also: Vec<Card> = loaded
        .pinned
        .iter()
        .chain(
            loaded
                .related
                .iter()
                .filter(|s| Some(s.id) != article.read_also),
        )
        .take(app.config.read_also.count)
        .map(|s| Card::new(app, s, now))
        .collect();
    // The most related articles, shown newest first: the story as a
    // timeline, as portals list it. Baca Juga above took the most related.
    let mut shown: Vec<_> = loaded.related.iter().take(sizes.related).collect();
    shown.sort_by(|a, b| b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id)));
    let related = Card::all(app, shown, now);

    let tz = &app.config.time_zone;
    let published = article.published_at.unwrap_or(article.updated_at);
    let mut meta = Meta::page(
        app,
        article.title.clone(),
        crate::feeds::seo::description(article),
        &canonical_path,
    );
    meta.og_type = "article";
    let image = match &article.image {
        Some(image) => {
            let social = image.picture(Variant::Social);
            PreviewImage {
                url: app.absolute(&social.url),
                width: social.width,
                height: social.height,
                alt: if image.caption.is_empty() {
                    article.title.clone()
                } else {
                    image.caption.clone()
                },
            }
        }
        None => PreviewImage::of_site(app),
    };
    meta.published_time = Some(published.to_rfc3339());
    meta.modified_time = Some(article.modified_at.max(published).to_rfc3339());
    meta.feed = Some(app.absolute(&match loaded.live {
        Some(_) => format!("/langsung/{}/rss", article.id),
        None => format!("/{}/rss", article.section.slug),
    }));
    meta.json_ld = Some(news_article_json_ld(
        app,
        article,
        &meta.canonical,
        &meta.description,
        &image,
    ));
    if let Some((blog, entries)) = &loaded.live {
        meta.json_ld = meta
            .json_ld
            .take()
            .map(|json_ld| crate::feeds::seo::as_live_blog(&json_ld, blog, entries));
    }
    let mut live_embeds = false;
    let live = loaded.live.as_ref().map(|(blog, entries)| {
        let mut pinned = Vec::new();
        let mut rest = Vec::new();
        for entry in entries.iter().rev() {
            let rendered = crate::live::entry_html(&app.config, entry);
            live_embeds |= rendered.embeds;
            if entry.pinned {
                pinned.push(rendered.html);
            } else {
                rest.push(rendered.html);
            }
        }
        LiveView {
            running: blog.running(),
            pinned,
            entries: rest,
            last: entries.last().map_or(0, |e| e.id),
            stream: format!("/langsung/{}", article.id),
        }
    });
    meta.image = Some(image);
    meta.noindex = preview;

    let page = ArticlePage {
        title: article.title.clone(),
        lede: article.lede.clone(),
        section: Link {
            name: article.section.name.clone(),
            url: format!("/{}", article.section.slug),
        },
        authors: article
            .authors
            .iter()
            .map(|a| Link {
                name: a.name.clone(),
                url: format!("/penulis/{}", a.slug),
            })
            .collect(),
        newsroom_name: crate::feeds::seo::newsroom_name(app),
        dateline: format_dateline(published, tz, app.config.locale),
        datetime: published.to_rfc3339(),
        image: article.image.as_ref().map(|i| {
            let large = i.picture(Variant::Large);
            ImageView {
                srcset: i.media.map(|_| {
                    let thumb = i.picture(Variant::Thumb);
                    format!(
                        "{} {}w, {} {}w",
                        thumb.url,
                        thumb.width.unwrap_or_default(),
                        large.url,
                        large.width.unwrap_or_default()
                    )
                }),
                url: large.url,
                width: large.width.unwrap_or(1200),
                height: large.height.unwrap_or(675),
                caption: i.caption.clone(),
                credit: i.credit.clone(),
            }
        }),
        correction: article.correction.as_ref().map(|c| CorrectionView {
            note: c.note.clone(),
            date: format_dateline(c.at, tz, app.config.locale),
        }),
        preview,
        preview_of_live: preview && article.is_live(now),
        body: Vec::new(),
        embeds: false,
        tags: article
            .tags
            .iter()
            .map(|t| Link {
                name: t.name.clone(),
                url: format!("/tag/{}", t.slug),
            })
            .collect(),
        related,
        story: loaded.story.as_ref().map(|s| StoryView {
            name: s.story.name.clone(),
            url: format!("/topik/{}", s.story.slug),
            count: s.count,
            items: s
                .around
                .iter()
                .map(|summary| StoryItem {
                    card: Card::new(app, summary, now),
                    current: summary.id == article.id,
                })
                .collect(),
        }),
        live,
        chrome: Chrome::new(app, now),
        meta,
    };
    // The stored body made the reader's: pictures with their variants,
    // embeds as placeholders (whose script the page then loads).
    let labels = &app.config.labels;
    let embed_labels = EmbedLabels {
        play: labels.get("embed_play"),
        open: labels.get("embed_open"),
        note: labels.get("embed_note"),
    };
    let rendering = Rendering::default();
    let mut body = body_parts(
        article,
        &app.config.outlet_prefix,
        read_also,
        app.config.read_also,
    );
    for part in &mut body {
        if let BodyPart::Html { html } = part {
            *html = for_readers(html, &loaded.pictures, embed_labels, &rendering);
        }
    }
    let page = ArticlePage {
        body,
        embeds: rendering.has_embeds() || live_embeds,
        ..page
    };
    render(app, "reader/article.html", &page)
}

/// The body as blocks, the first opening with the dateline place and
/// outlet prefix, with read-also links after the configured paragraphs.
pub fn body_parts(
    article: &Article,
    default_prefix: &str,
    read_also: Vec<Card>,
    placement: ReadAlsoPlacement,
) -> Vec<BodyPart> {
    let blocks = article.body.blocks();
    let prefix = if article.outlet_prefix.is_empty() {
        default_prefix
    } else {
        &article.outlet_prefix
    };
    let opener = match (article.dateline_place.is_empty(), prefix.is_empty()) {
        (_, true) => String::new(),
        (true, false) => format!(
            "<strong class=\"outlet\">{}</strong> - ",
            escape_html(prefix)
        ),
        (false, false) => format!(
            "<strong class=\"outlet\">{}, {}</strong> - ",
            escape_html(&article.dateline_place),
            escape_html(prefix)
        ),
    };
    // Links go after block `after`, `after + every`, ...; a body too
    // short for the first place gets it before its last block, so it
    // still sits between blocks (or after the only one). A place right
    // after a subheading (between it and its paragraph) or before the
    // first paragraph moves on to the next one that is neither; a quote or
    // a list is one block, so nothing lands inside one.
    let last_gap = blocks.len().saturating_sub(1).max(1);
    let fits = |slot: usize| {
        let before = &blocks[..slot.min(blocks.len())];
        let after_heading = before.last().is_some_and(|b| b.starts_with("<h"));
        let after_a_paragraph = before.iter().any(|b| b.starts_with("<p"));
        !after_heading && after_a_paragraph
    };
    let mut slots: Vec<usize> = (0..read_also.len())
        .map(|i| placement.after_paragraph + i * placement.every)
        .map(|slot| if slot > last_gap { last_gap } else { slot })
        .filter_map(|slot| (slot..=blocks.len()).find(|&s| fits(s)))
        .collect();
    slots.dedup();
    let mut links = read_also.into_iter();
    let mut parts = Vec::with_capacity(blocks.len() + slots.len());
    for (index, block) in blocks.iter().enumerate() {
        let html = if index == 0 && !opener.is_empty() {
            match block.strip_prefix("<p>") {
                Some(rest) => format!("<p>{opener}{rest}"),
                None => format!("<p>{opener}</p>{block}"),
            }
        } else {
            (*block).to_owned()
        };
        parts.push(BodyPart::Html { html });
        if slots.contains(&(index + 1))
            && let Some(card) = links.next()
        {
            parts.push(BodyPart::ReadAlso {
                card: Box::new(card),
            });
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use warta_core::{Body, Section, SectionId, Slug, Status};

    fn article(body: &str, prefix: &str, place: &str) -> Article {
        Article {
            id: ArticleId(1),
            external_id: None,
            slug: Slug::parse("a").unwrap(),
            status: Status::Published,
            title: "A".into(),
            lede: String::new(),
            body: Body::from_plain_text(body),
            section: Section {
                id: SectionId(1),
                slug: Slug::parse("news").unwrap(),
                name: "News".into(),
            },
            tags: vec![],
            authors: vec![],
            image: None,
            outlet_prefix: prefix.into(),
            dateline_place: place.into(),
            published_at: Some(Utc::now()),
            updated_at: Utc::now(),
            modified_at: Utc::now(),
            read_also: None,
            body_source: None,
            correction: None,
            unpublish_at: None,
            owner: None,
            restriction: None,
            version: 1,
            created_at: Utc::now(),
        }
    }

    fn card(title: &str) -> Card {
        Card {
            title: title.into(),
            url: "/x".into(),
            section_name: String::new(),
            section_url: String::new(),
            image_url: None,
            image_width: None,
            image_height: None,
            image_large_url: None,
            image_srcset: None,
            time_ago: String::new(),
            date: String::new(),
            clock: String::new(),
            datetime: String::new(),
            lede: String::new(),
        }
    }

    fn shape(parts: &[BodyPart]) -> String {
        parts
            .iter()
            .map(|p| match p {
                BodyPart::Html { .. } => "p",
                BodyPart::ReadAlso { .. } => "R",
            })
            .collect()
    }

    const PLACE: ReadAlsoPlacement = ReadAlsoPlacement {
        count: 2,
        after_paragraph: 2,
        every: 3,
    };

    #[test]
    fn prefix_opens_the_first_paragraph() {
        let parts = body_parts(
            &article("Satu.\n\nDua.", "Suara.com", ""),
            "Warta",
            vec![],
            PLACE,
        );
        let BodyPart::Html { html } = &parts[0] else {
            panic!()
        };
        assert_eq!(
            html,
            "<p><strong class=\"outlet\">Suara.com</strong> - Satu.</p>"
        );
        let parts = body_parts(&article("Satu.", "", "Jakarta"), "Warta <&>", vec![], PLACE);
        let BodyPart::Html { html } = &parts[0] else {
            panic!()
        };
        assert!(html.starts_with(
            "<p><strong class=\"outlet\">Jakarta, Warta &lt;&amp;&gt;</strong> - Satu."
        ));
    }

    #[test]
    fn read_also_goes_between_paragraphs() {
        let long = "1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7";
        let parts = body_parts(
            &article(long, "", ""),
            "W",
            vec![card("a"), card("b")],
            PLACE,
        );
        assert_eq!(shape(&parts), "ppRpppRpp");
        let short = "1\n\n2";
        let parts = body_parts(
            &article(short, "", ""),
            "W",
            vec![card("a"), card("b")],
            PLACE,
        );
        assert_eq!(shape(&parts), "pRp", "one link only where there is one gap");
        let single = body_parts(&article("1", "", ""), "W", vec![card("a")], PLACE);
        assert_eq!(shape(&single), "pR");
    }

    /// The shape of a body in blocks: `h` a subheading, `f` a figure,
    /// `q` a quote, `l` a list, `p` a paragraph; `R` a Baca Juga.
    fn shape_of(parts: &[BodyPart]) -> String {
        parts
            .iter()
            .map(|p| match p {
                BodyPart::Html { html } if html.starts_with("<h") => 'h',
                BodyPart::Html { html } if html.starts_with("<figure") => 'f',
                BodyPart::Html { html } if html.starts_with("<blockquote") => 'q',
                BodyPart::Html { html } if html.starts_with("<ul") => 'l',
                BodyPart::Html { .. } => 'p',
                BodyPart::ReadAlso { .. } => 'R',
            })
            .collect()
    }

    #[test]
    fn read_also_never_parts_a_subheading_from_its_paragraph_nor_comes_first() {
        // Found by reading a page: it landed between a subheading and its
        // paragraph.
        let html = |body: &str| {
            let mut a = article("", "", "");
            a.body = Body::from_sanitised_html(body.to_owned());
            a
        };
        let one = vec![card("a")];
        let place = ReadAlsoPlacement {
            count: 1,
            after_paragraph: 2,
            every: 3,
        };
        let parts = body_parts(
            &html("<p>1</p><h2>Sub</h2><p>2</p><p>3</p>"),
            "",
            one.clone(),
            place,
        );
        assert_eq!(shape_of(&parts), "phpRp");
        // A body that opens with a picture and a quote: not before the
        // first paragraph.
        let parts = body_parts(
            &html(
                "<figure class=\"picture\"></figure><blockquote><p>Kutipan</p></blockquote><p>1</p><ul><li>a</li></ul><p>2</p>",
            ),
            "",
            one.clone(),
            place,
        );
        assert_eq!(shape_of(&parts), "fqpRlp");
        // Headings to the end: it waits for a paragraph after them.
        let parts = body_parts(
            &html("<p>1</p><h2>A</h2><h3>B</h3><p>2</p>"),
            "",
            one,
            place,
        );
        assert_eq!(shape_of(&parts), "phhpR");
    }
}
