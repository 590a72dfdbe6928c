//! Every write staff make, with its role rule and its validation: articles
//! here, Pilihan, the headline, sections and tags in [`curation`], users,
//! passwords and API tokens in [`people`]. The newsroom's pages, the JSON
//! API and the command line call these functions and nothing else that
//! writes, so a rule enforced here is enforced everywhere, and refusals
//! come from the one catalogue (`messages`). After each write,
//! [`App::after_write`] runs once: cached pages go stale, the jobs bring
//! lists, search and relatedness up to date, a CDN in front is told.

pub mod curation;
pub mod live;
pub mod people;
pub mod stories;
pub mod view;
pub mod webhooks;

use crate::app::{App, Written};
use crate::body::markdown;
use crate::error::AppError;
use crate::messages::{Action, Message};
use crate::text::{one_line, without_controls};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use warta_core::{
    Article, ArticleContent, ArticleId, Image, MediaId, Picture, Slug, Status, Variant,
};
use warta_store::{NoteKind, StoreError, User};

/// Longest headline accepted, in characters.
const MAX_TITLE: usize = 300;
/// Longest lede accepted.
const MAX_LEDE: usize = 1_000;
/// Longest body accepted (Markdown or HTML), in bytes.
const MAX_BODY: usize = 1_000_000;
/// Most tags on one article.
const MAX_TAGS: usize = 30;

/// How a body arrives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// Markdown (the API's default, and what older clients send).
    #[default]
    Markdown,
    /// HTML, as the newsroom's visual editor writes it.
    Html,
}

/// An article's editable content as the editor form or an API client sends
/// it. The body is Markdown unless `body_format` says HTML; either way
/// whatever HTML it holds is sanitised.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// Headline; required.
    pub title: String,
    /// Summary.
    #[serde(default)]
    pub lede: String,
    /// Body, in `body_format`.
    #[serde(default)]
    pub body: String,
    /// What `body` is written in.
    #[serde(default)]
    pub body_format: BodyFormat,
    /// Section slug; must exist.
    pub section: String,
    /// Tag names.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Byline names; the writer's own name when empty.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Featured image: an uploaded image's number.
    #[serde(default)]
    pub image_id: Option<i64>,
    /// Caption under the featured image.
    #[serde(default)]
    pub image_caption: String,
    /// Credit of the featured image.
    #[serde(default)]
    pub image_credit: String,
    /// Place before the outlet prefix ("Jakarta").
    #[serde(default)]
    pub dateline_place: String,
    /// Outlet prefix; the portal's own when empty.
    #[serde(default)]
    pub outlet_prefix: String,
    /// Pinned "Baca Juga" article.
    #[serde(default)]
    pub read_also: Option<i64>,
    /// Update or correction note shown to readers.
    #[serde(default)]
    pub correction_note: String,
    /// When to take the article down by itself.
    #[serde(default)]
    pub unpublish_at: Option<DateTime<Utc>>,
    /// URL name; kept (or made from the headline) when absent.
    #[serde(default)]
    pub slug: Option<String>,
}

/// The content of an article as the form shows it again: a body written
/// in Markdown as its Markdown, any other (the visual editor's, an
/// import's) as its HTML, so that sending it back loses nothing.
pub fn input_of(article: &Article) -> ArticleInput {
    let (body, body_format) = match &article.body_source {
        Some(markdown) => (markdown.clone(), BodyFormat::Markdown),
        None => (article.body.as_html().to_owned(), BodyFormat::Html),
    };
    ArticleInput {
        title: article.title.clone(),
        lede: article.lede.clone(),
        body,
        body_format,
        section: article.section.slug.to_string(),
        tags: article.tags.iter().map(|t| t.name.clone()).collect(),
        authors: article.authors.iter().map(|a| a.name.clone()).collect(),
        image_id: article
            .image
            .as_ref()
            .and_then(|i| i.media)
            .map(|(id, _, _)| id.0),
        image_caption: article
            .image
            .as_ref()
            .map(|i| i.caption.clone())
            .unwrap_or_default(),
        image_credit: article
            .image
            .as_ref()
            .map(|i| i.credit.clone())
            .unwrap_or_default(),
        dateline_place: article.dateline_place.clone(),
        outlet_prefix: article.outlet_prefix.clone(),
        read_also: article.read_also.map(|a| a.0),
        correction_note: article
            .correction
            .as_ref()
            .map(|c| c.note.clone())
            .unwrap_or_default(),
        unpublish_at: article.unpublish_at,
        slug: Some(article.slug.to_string()),
    }
}

/// Checks the input and turns it into the content the store saves.
async fn content_of(
    app: &App,
    user: &User,
    input: &ArticleInput,
) -> Result<ArticleContent, AppError> {
    let title = one_line(&input.title);
    if title.is_empty() {
        return Err(AppError::Invalid(Message::TitleRequired));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(AppError::Invalid(Message::TitleTooLong { max: MAX_TITLE }));
    }
    let lede = one_line(&input.lede);
    if lede.chars().count() > MAX_LEDE {
        return Err(AppError::Invalid(Message::LedeTooLong { max: MAX_LEDE }));
    }
    let body = without_controls(&input.body);
    if body.len() > MAX_BODY {
        return Err(AppError::TooLarge(Message::BodyTooLong));
    }
    let section = app
        .store
        .section(input.section.trim())
        .await
        .map_err(|e| refused_if_missing(e, Message::UnknownSection(input.section.clone())))?;
    let mut content = ArticleContent::new(title, section.slug, section.name);
    content.lede = lede;
    match input.body_format {
        BodyFormat::Markdown => {
            content.body_source = Some(body.replace("\r\n", "\n"));
            content.body = markdown::render(&body);
        }
        BodyFormat::Html => {
            // The HTML is its own source: what the editor shows next time.
            content.body_source = None;
            content.body = crate::body::sanitise_html(&body);
        }
    }
    content.tags = input
        .tags
        .iter()
        .map(|t| one_line(t))
        .filter(|t| !t.is_empty())
        .collect();
    if content.tags.len() > MAX_TAGS || content.tags.iter().any(|t| t.chars().count() > 100) {
        return Err(AppError::Invalid(Message::TooManyTags { max: MAX_TAGS }));
    }
    content.authors = input
        .authors
        .iter()
        .map(|a| one_line(a))
        .filter(|a| !a.is_empty() && a.chars().count() <= 100)
        .collect();
    if content.authors.is_empty() {
        content.authors.push(user.name.clone());
    }
    if let Some(media_id) = input.image_id {
        let media = app
            .store
            .media(MediaId(media_id))
            .await
            .map_err(|e| refused_if_missing(e, Message::UnknownImage(media_id)))?;
        let Picture { url, .. } = Picture::of_media(media.id, Variant::Large, 0, 0);
        content.image = Some(Image {
            url,
            caption: one_line(&input.image_caption),
            credit: one_line(&input.image_credit),
            media: Some((media.id, media.width, media.height)),
        });
    }
    content.dateline_place = one_line(&input.dateline_place);
    content.outlet_prefix = one_line(&input.outlet_prefix);
    content.read_also = input.read_also.map(ArticleId);
    content.correction_note = without_controls(&input.correction_note).trim().to_owned();
    content.unpublish_at = input.unpublish_at;
    content.slug = match input.slug.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(Slug::from_text(text, "artikel")),
        _ => None,
    };
    Ok(content)
}

/// A store error when looking up what the input names: the user's
/// mistake (422) when it is not there, the server's (500) when the store
/// failed.
pub(crate) fn refused_if_missing(error: StoreError, message: Message) -> AppError {
    match error {
        StoreError::NotFound(_) => AppError::Invalid(message),
        other => other.into(),
    }
}

fn forbidden(action: Action) -> AppError {
    AppError::Forbidden(Message::RoleForbids(action))
}

/// Loads an article the user may see in the newsroom.
pub async fn article_for(app: &App, user: &User, id: ArticleId) -> Result<Article, AppError> {
    let article = app.store.article(id).await?;
    let own = article.owner == Some(user.id);
    if !own && !user.role.sees_all_articles() {
        return Err(forbidden(Action::OpenOthers));
    }
    Ok(article)
}

/// Refuses unless the user may change the content of `article`.
pub(crate) fn may_edit(user: &User, article: &Article) -> Result<(), AppError> {
    if user
        .role
        .can_edit(article.owner == Some(user.id), article.status)
    {
        Ok(())
    } else {
        Err(forbidden(Action::EditArticle))
    }
}

/// Creates a draft owned by the user.
pub async fn create(app: &App, user: &User, input: &ArticleInput) -> Result<ArticleId, AppError> {
    let mut content = content_of(app, user, input).await?;
    if let Some(slug) = &content.slug
        && slug.as_str().is_empty()
    {
        content.slug = None;
    }
    let id = app
        .store
        .create_article(&content, user.id, app.now())
        .await?;
    app.after_write(Written::NewArticle).await;
    Ok(id)
}

/// Saves new content over version `version` of `article` (as loaded by
/// [`article_for`]: the store refuses the save if it is no longer at that
/// version). Returns the new version.
pub async fn save(
    app: &App,
    user: &User,
    article: &Article,
    version: i64,
    input: &ArticleInput,
) -> Result<i64, AppError> {
    may_edit(user, article)?;
    let content = content_of(app, user, input).await?;
    let version = app
        .store
        .update_article(article.id, version, &content, Some(user.id), app.now())
        .await?;
    app.after_write(Written::Article(article)).await;
    webhooks::article_written(app, article).await;
    Ok(version)
}

/// Moves version `version` of `article` to `to` (with `at` for a
/// schedule). Returns the new version.
/// Moves `article` (at `version`) to `to`; `note` is what the user wrote
/// with it. A submission for review is always noted (who sent it when,
/// for the queue), as is an editor sending an article in review back to
/// its writer; another move keeps a note only when there is text.
pub async fn transition(
    app: &App,
    user: &User,
    article: &Article,
    version: i64,
    to: Status,
    at: Option<DateTime<Utc>>,
    note: &str,
) -> Result<i64, AppError> {
    let own = article.owner == Some(user.id);
    if !user.role.can_move(own, article.status, to) {
        return Err(match to {
            Status::Scheduled | Status::Published | Status::Unpublished => {
                forbidden(Action::Publish)
            }
            _ => forbidden(Action::EditArticle),
        });
    }
    if !article.status.can_become(to) {
        return Err(AppError::Invalid(Message::NoSuchStep {
            from: article.status,
            to,
        }));
    }
    // Readers would get a headline over nothing (a picture or an embed
    // alone is something).
    let going_live = matches!(to, Status::Published | Status::Scheduled);
    let html = article.body.as_html();
    let empty = article.body.plain_text().trim().is_empty()
        && !html.contains("<figure")
        && !html.contains("<img");
    if going_live && empty {
        return Err(AppError::Invalid(Message::BodyRequired));
    }
    let note = without_controls(note);
    let note = note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::Invalid(Message::NoteTooLong(MAX_NOTE)));
    }
    let kind = match (article.status, to) {
        (_, Status::Review) => Some(NoteKind::Submitted),
        (Status::Review, Status::Draft) if !own => Some(NoteKind::SentBack),
        _ if !note.is_empty() => Some(NoteKind::Note),
        _ => None,
    };
    let version = app
        .store
        .move_article(
            article.id,
            version,
            to,
            at,
            Some(user.id),
            kind.map(|kind| (kind, note)),
            app.now(),
        )
        .await?;
    app.after_write(Written::Article(article)).await;
    webhooks::article_written(app, article).await;
    Ok(version)
}

/// Longest note, in characters.
pub const MAX_NOTE: usize = 4_000;

/// Adds a note to an article the user may edit.
pub async fn add_note(
    app: &App,
    user: &User,
    article: &Article,
    note: &str,
) -> Result<(), AppError> {
    may_edit(user, article)?;
    let note = without_controls(note);
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::Invalid(Message::NoteEmpty));
    }
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::Invalid(Message::NoteTooLong(MAX_NOTE)));
    }
    app.store
        .add_note(article.id, user.id, NoteKind::Note, note, app.now())
        .await?;
    Ok(())
}

/// Brings back the content of an earlier revision of `article` as a new
/// save over version `version`.
pub async fn restore(
    app: &App,
    user: &User,
    article: &Article,
    version: i64,
    revision: i64,
) -> Result<i64, AppError> {
    may_edit(user, article)?;
    let old = app
        .store
        .revisions(article.id)
        .await?
        .into_iter()
        .find(|r| r.version == revision)
        .ok_or(AppError::NotFound)?;
    let mut content = old.content;
    // Restoring content never moves the article in time or the workflow.
    content.published_at = None;
    let version = app
        .store
        .update_article(article.id, version, &content, Some(user.id), app.now())
        .await?;
    app.after_write(Written::Article(article)).await;
    webhooks::article_written(app, article).await;
    Ok(version)
}
