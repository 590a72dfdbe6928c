//! What staff can do to articles and the curated lists, with the role
//! rules applied. The web UI and the JSON API both call these functions
//! and nothing else that writes, so a rule enforced here is enforced
//! everywhere; after each write the derived views (lists, search,
//! relatedness) are told to catch up at once.

use crate::app::App;
use crate::error::AppError;
use crate::newsroom::markdown;
use crate::purge;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use warta_core::{
    Article, ArticleDraft, ArticleId, Image, MediaId, Picture, Role, Slug, Status, Variant,
};
use warta_store::User;

/// Longest headline accepted, in characters.
const MAX_TITLE: usize = 300;
/// Longest lede accepted.
const MAX_LEDE: usize = 1_000;
/// Longest body accepted (Markdown), in bytes.
const MAX_BODY: usize = 1_000_000;
/// Most tags on one article.
const MAX_TAGS: usize = 30;

/// An article's editable content as the editor form or an API client sends
/// it. The body is Markdown; whatever HTML it holds is sanitised.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// Headline; required.
    pub title: String,
    /// Summary.
    #[serde(default)]
    pub lede: String,
    /// Body, Markdown.
    #[serde(default)]
    pub body: String,
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

/// The content of an article as the form shows it again.
pub fn input_of(article: &Article) -> ArticleInput {
    ArticleInput {
        title: article.title.clone(),
        lede: article.lede.clone(),
        body: article
            .body_source
            .clone()
            .unwrap_or_else(|| markdown::from_body(&article.body)),
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the input and turns it into a draft the store saves.
async fn draft_of(app: &App, user: &User, input: &ArticleInput) -> Result<ArticleDraft, AppError> {
    let title = one_line(&input.title);
    if title.is_empty() {
        return Err(AppError::Invalid("Judul wajib diisi.".into()));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(AppError::Invalid(format!(
            "Judul paling panjang {MAX_TITLE} karakter."
        )));
    }
    let lede = one_line(&input.lede);
    if lede.chars().count() > MAX_LEDE {
        return Err(AppError::Invalid(format!(
            "Ringkasan paling panjang {MAX_LEDE} karakter."
        )));
    }
    if input.body.len() > MAX_BODY {
        return Err(AppError::TooLarge("Isi artikel terlalu panjang.".into()));
    }
    let section = app
        .store
        .section(input.section.trim())
        .await
        .map_err(|_| AppError::Invalid(format!("Kanal {:?} tidak ada.", input.section)))?;
    let mut draft = ArticleDraft::new(title, section.slug, section.name);
    draft.lede = lede;
    draft.body_source = Some(input.body.replace("\r\n", "\n"));
    draft.body = markdown::render(&input.body);
    draft.tags = input
        .tags
        .iter()
        .map(|t| one_line(t))
        .filter(|t| !t.is_empty())
        .collect();
    if draft.tags.len() > MAX_TAGS || draft.tags.iter().any(|t| t.chars().count() > 100) {
        return Err(AppError::Invalid(format!(
            "Paling banyak {MAX_TAGS} tag, masing-masing paling panjang 100 karakter."
        )));
    }
    draft.authors = input
        .authors
        .iter()
        .map(|a| one_line(a))
        .filter(|a| !a.is_empty() && a.chars().count() <= 100)
        .collect();
    if draft.authors.is_empty() {
        draft.authors.push(user.name.clone());
    }
    if let Some(media_id) = input.image_id {
        let media = app
            .store
            .media(MediaId(media_id))
            .await
            .map_err(|_| AppError::Invalid(format!("Gambar {media_id} tidak ada.")))?;
        let Picture { url, .. } = Picture::of_media(media.id, Variant::Large, 0, 0);
        draft.image = Some(Image {
            url,
            caption: one_line(&input.image_caption),
            credit: one_line(&input.image_credit),
            media: Some((media.id, media.width, media.height)),
        });
    }
    draft.dateline_place = one_line(&input.dateline_place);
    draft.outlet_prefix = one_line(&input.outlet_prefix);
    draft.read_also = input.read_also.map(ArticleId);
    draft.correction_note = input.correction_note.trim().to_owned();
    draft.unpublish_at = input.unpublish_at;
    draft.slug = match input.slug.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(Slug::from_text(text, "artikel")),
        _ => None,
    };
    Ok(draft)
}

fn forbidden(what: &str) -> AppError {
    AppError::Forbidden(format!("Peran Anda tidak mengizinkan {what}."))
}

/// Loads an article the user may see in the newsroom.
pub async fn article_for(app: &App, user: &User, id: ArticleId) -> Result<Article, AppError> {
    let article = app.store.article(id).await?;
    let own = article.owner == Some(user.id);
    if !own && !user.role.sees_all_articles() {
        return Err(forbidden("membuka artikel orang lain"));
    }
    Ok(article)
}

/// Loads an article the user may change the content of.
async fn editable_article(app: &App, user: &User, id: ArticleId) -> Result<Article, AppError> {
    let article = article_for(app, user, id).await?;
    if user
        .role
        .can_edit(article.owner == Some(user.id), article.status)
    {
        Ok(article)
    } else {
        Err(forbidden("mengubah artikel ini"))
    }
}

/// Creates a draft owned by the user.
pub async fn create(app: &App, user: &User, input: &ArticleInput) -> Result<ArticleId, AppError> {
    let mut draft = draft_of(app, user, input).await?;
    if let Some(slug) = &draft.slug
        && slug.as_str().is_empty()
    {
        draft.slug = None;
    }
    let id = app.store.create_article(&draft, user.id, app.now()).await?;
    app.content_changed();
    Ok(id)
}

/// Saves new content over version `version` of an article.
pub async fn save(
    app: &App,
    user: &User,
    id: ArticleId,
    version: i64,
    input: &ArticleInput,
) -> Result<i64, AppError> {
    let before = editable_article(app, user, id).await?;
    let draft = draft_of(app, user, input).await?;
    let version = app
        .store
        .update_article(id, version, &draft, Some(user.id), app.now())
        .await?;
    app.content_changed();
    purge::after_write(app, &before).await;
    Ok(version)
}

/// Moves version `version` of an article to `to` (with `at` for a schedule).
pub async fn transition(
    app: &App,
    user: &User,
    id: ArticleId,
    version: i64,
    to: Status,
    at: Option<DateTime<Utc>>,
) -> Result<i64, AppError> {
    let article = article_for(app, user, id).await?;
    let own = article.owner == Some(user.id);
    if !user.role.can_move(own, article.status, to) {
        return Err(match to {
            Status::Scheduled | Status::Published | Status::Unpublished => {
                forbidden("menerbitkan, menjadwalkan atau menarik artikel ini")
            }
            _ => forbidden("mengubah artikel ini"),
        });
    }
    if !article.status.can_become(to) {
        return Err(AppError::Invalid(format!(
            "Artikel berstatus {} tidak bisa langsung menjadi {}.",
            status_label(article.status),
            status_label(to)
        )));
    }
    let version = app
        .store
        .move_article(id, version, to, at, Some(user.id), app.now())
        .await?;
    app.content_changed();
    purge::after_write(app, &article).await;
    Ok(version)
}

/// Brings back the content of an earlier revision as a new save.
pub async fn restore(
    app: &App,
    user: &User,
    id: ArticleId,
    version: i64,
    revision: i64,
) -> Result<i64, AppError> {
    let before = editable_article(app, user, id).await?;
    let old = app
        .store
        .revisions(id)
        .await?
        .into_iter()
        .find(|r| r.version == revision)
        .ok_or(AppError::NotFound)?;
    let mut draft = old.draft;
    // Restoring content never moves the article in time or the workflow.
    draft.published_at = None;
    let version = app
        .store
        .update_article(id, version, &draft, Some(user.id), app.now())
        .await?;
    app.content_changed();
    purge::after_write(app, &before).await;
    Ok(version)
}

/// Requires a role that curates (editor and up).
pub fn require_curator(user: &User) -> Result<(), AppError> {
    if user.role.can_curate() {
        Ok(())
    } else {
        Err(forbidden("mengatur Pilihan, headline, kanal dan tag"))
    }
}

/// Requires the admin role.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role.can_administer() {
        Ok(())
    } else {
        Err(forbidden("mengelola pengguna"))
    }
}

/// Replaces Pilihan.
pub async fn set_picks(app: &App, user: &User, ids: &[ArticleId]) -> Result<(), AppError> {
    require_curator(user)?;
    app.store.set_picks(ids).await.map_err(|e| match e {
        warta_store::StoreError::NotFound(_) => {
            AppError::Invalid("Salah satu artikel Pilihan tidak ada.".into())
        }
        other => other.into(),
    })?;
    app.content_changed();
    Ok(())
}

/// Sets or clears the home headline.
pub async fn set_headline(app: &App, user: &User, id: Option<ArticleId>) -> Result<(), AppError> {
    require_curator(user)?;
    if let Some(id) = id {
        app.store
            .article(id)
            .await
            .map_err(|_| AppError::Invalid(format!("Artikel {id} tidak ada.")))?;
    }
    app.store.set_headline(id).await?;
    app.content_changed();
    app.purger.purge(vec!["/".to_owned()]);
    Ok(())
}

/// The Indonesian name of a status.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "draf",
        Status::Review => "menunggu tinjauan",
        Status::Scheduled => "terjadwal",
        Status::Published => "terbit",
        Status::Unpublished => "ditarik",
    }
}

/// The Indonesian name of a role.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Contributor => "kontributor",
        Role::Author => "penulis",
        Role::Editor => "editor",
        Role::Admin => "admin",
    }
}
