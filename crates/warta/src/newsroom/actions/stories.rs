//! Stories (Kronologi) as editors correct them: a name and an address,
//! merging two stories, splitting articles off into a new one, adding an
//! article or taking it out. Editors and admins only; Warta's own
//! placement never undoes what they decided.

use super::curation::require_curator;
use super::refused_if_missing;
use crate::app::{App, Written};
use crate::error::AppError;
use crate::messages::Message;
use crate::text::one_line;
use warta_core::{ArticleId, Slug};
use warta_store::{StoreError, Story, StoryId, User};

/// Longest story name accepted, in characters.
pub const MAX_NAME: usize = 200;

/// A story that can be changed: it exists and was not merged away.
pub async fn open_story(app: &App, id: StoryId) -> Result<Story, AppError> {
    match app.store.story(id).await {
        Ok(story) if story.merged_into.is_none() => Ok(story),
        Ok(_) | Err(StoreError::NotFound(_)) => {
            Err(AppError::Invalid(Message::UnknownStory(id.0.to_string())))
        }
        Err(other) => Err(other.into()),
    }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = one_line(name);
    if name.is_empty() {
        return Err(AppError::Invalid(Message::StoryNameRequired));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::Invalid(Message::StoryNameTooLong(MAX_NAME)));
    }
    Ok(name)
}

/// The address for a story: the one asked for, else made from its name.
fn checked_slug(slug: &str, name: &str) -> Slug {
    let slug = slug.trim();
    if slug.is_empty() {
        Slug::from_text(name, "topik")
    } else {
        Slug::from_text(slug, "topik")
    }
}

/// Names a story and sets its address (`/topik/{slug}`; made from the
/// name when empty, numbered when another story has it).
pub async fn rename(
    app: &App,
    user: &User,
    id: StoryId,
    name: &str,
    slug: &str,
) -> Result<Story, AppError> {
    require_curator(user)?;
    open_story(app, id).await?;
    let name = checked_name(name)?;
    let slug = checked_slug(slug, &name);
    let story = app.store.rename_story(id, &name, &slug, app.now()).await?;
    app.after_write(Written::Catalog).await;
    Ok(story)
}

/// Moves every article of `from` into `into`; `from`'s page then leads
/// to `into`'s.
pub async fn merge(app: &App, user: &User, from: StoryId, into: StoryId) -> Result<(), AppError> {
    require_curator(user)?;
    if from == into {
        return Err(AppError::Invalid(Message::StoryMergedIntoItself));
    }
    open_story(app, from).await?;
    open_story(app, into).await?;
    app.store
        .merge_stories(from, into, app.now())
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => AppError::Invalid(Message::UnknownStory(into.0.to_string())),
            other => other.into(),
        })?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Starts a story named `name` with `articles`, taken out of the story
/// they were in.
pub async fn split(
    app: &App,
    user: &User,
    name: &str,
    articles: &[ArticleId],
) -> Result<StoryId, AppError> {
    require_curator(user)?;
    let name = checked_name(name)?;
    if articles.is_empty() {
        return Err(AppError::Invalid(Message::StorySplitEmpty));
    }
    for id in articles {
        app.store
            .article(*id)
            .await
            .map_err(|e| refused_if_missing(e, Message::UnknownArticle(id.0)))?;
    }
    let slug = checked_slug("", &name);
    let story = app
        .store
        .split_story(&name, &slug, articles, app.now())
        .await?;
    app.after_write(Written::Catalog).await;
    Ok(story)
}

/// Puts an article in a story (`Some`) or takes it out of its story
/// (`None`); Warta will not move it again.
pub async fn set_article_story(
    app: &App,
    user: &User,
    article: ArticleId,
    story: Option<StoryId>,
) -> Result<(), AppError> {
    require_curator(user)?;
    app.store
        .article(article)
        .await
        .map_err(|e| refused_if_missing(e, Message::UnknownArticle(article.0)))?;
    if let Some(story) = story {
        open_story(app, story).await?;
    }
    app.store
        .set_article_story(article, story, app.now())
        .await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}
