//! What editors curate: Pilihan, the home headline, breaking news,
//! sections and tags. Editors and admins only.

use super::refused_if_missing;
use crate::app::{App, Written};
use crate::error::AppError;
use crate::messages::{Action, Message};
use warta_core::{ArticleId, SectionId, Slug, TagId};
use warta_store::{StoreError, User};

/// Requires a role that curates (editor and up).
pub fn require_curator(user: &User) -> Result<(), AppError> {
    if user.role.can_curate() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::RoleForbids(Action::Curate)))
    }
}

/// Replaces Pilihan, in order.
pub async fn set_picks(app: &App, user: &User, ids: &[ArticleId]) -> Result<(), AppError> {
    require_curator(user)?;
    app.store.set_picks(ids).await.map_err(|e| match e {
        StoreError::NotFound(_) => AppError::Invalid(Message::UnknownPick),
        other => other.into(),
    })?;
    app.after_write(Written::Home).await;
    Ok(())
}

/// The longest a breaking-news mark lasts, in hours.
pub const BREAKING_HOURS: i64 = 48;

/// Marks a live article as breaking news for `minutes` (`None`: until
/// taken down), or (with `None`) takes the mark down. Every reader page
/// shows the banner at once (the page cache goes stale); subscribers of
/// the `breaking` webhook event are told.
pub async fn set_breaking(
    app: &App,
    user: &User,
    breaking: Option<(ArticleId, Option<i64>)>,
) -> Result<(), AppError> {
    require_curator(user)?;
    let now = app.now();
    let marked = match breaking {
        Some((id, minutes)) => {
            let article = app
                .store
                .article(id)
                .await
                .map_err(|e| refused_if_missing(e, Message::UnknownArticle(id.0)))?;
            if !article.is_live(now) {
                return Err(AppError::Invalid(Message::BreakingNotLive(id.0)));
            }
            let until = match minutes {
                Some(minutes) if !(1..=BREAKING_HOURS * 60).contains(&minutes) => {
                    return Err(AppError::Invalid(Message::BreakingTooLong(BREAKING_HOURS)));
                }
                Some(minutes) => Some(now + chrono::Duration::minutes(minutes)),
                None => None,
            };
            Some((article, until))
        }
        None => None,
    };
    app.store
        .set_breaking(marked.as_ref().map(|(a, until)| (a.id, *until)))
        .await?;
    app.after_write(Written::Home).await;
    if let Some((article, _)) = &marked {
        super::webhooks::queue(app, super::webhooks::BREAKING, article).await;
    }
    Ok(())
}

/// Sets or clears the home headline.
pub async fn set_headline(app: &App, user: &User, id: Option<ArticleId>) -> Result<(), AppError> {
    require_curator(user)?;
    if let Some(id) = id {
        app.store
            .article(id)
            .await
            .map_err(|e| refused_if_missing(e, Message::UnknownArticle(id.0)))?;
    }
    app.store.set_headline(id).await?;
    app.after_write(Written::Home).await;
    Ok(())
}

/// Pins `id` at the top of its section's page (`pin`), or unpins the
/// lead of the section `id` is in.
pub async fn set_section_lead(
    app: &App,
    user: &User,
    id: ArticleId,
    pin: bool,
) -> Result<(), AppError> {
    require_curator(user)?;
    let article = app
        .store
        .article(id)
        .await
        .map_err(|e| refused_if_missing(e, Message::UnknownArticle(id.0)))?;
    app.store
        .set_section_lead(article.section.id, pin.then_some(id))
        .await?;
    app.after_write(Written::Home).await;
    Ok(())
}

/// Adds a section named `name` at `/{slug}` (made from the name when
/// absent); returns its id and address.
pub async fn add_section(
    app: &App,
    user: &User,
    name: &str,
    slug: Option<&str>,
) -> Result<(SectionId, Slug), AppError> {
    require_curator(user)?;
    let name = crate::text::one_line(name);
    let name = name.as_str();
    if name.is_empty() {
        return Err(AppError::Invalid(Message::SectionNameRequired));
    }
    let slug = Slug::from_text(
        slug.map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(name),
        "kanal",
    );
    if slug.is_reserved() {
        return Err(AppError::Invalid(Message::ReservedPath(slug.to_string())));
    }
    let id = app.store.add_section(&slug, name).await?;
    app.after_write(Written::Catalog).await;
    Ok((id, slug))
}

/// Renames a section; its address stays.
pub async fn rename_section(
    app: &App,
    user: &User,
    id: SectionId,
    name: &str,
) -> Result<(), AppError> {
    require_curator(user)?;
    let name = crate::text::one_line(name);
    let name = name.as_str();
    if name.is_empty() {
        return Err(AppError::Invalid(Message::SectionNameRequired));
    }
    app.store.rename_section(id, name).await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Puts the sections in this order (the navigation's).
pub async fn order_sections(app: &App, user: &User, slugs: &[Slug]) -> Result<(), AppError> {
    require_curator(user)?;
    app.store.set_section_order(slugs).await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Renames a tag.
pub async fn rename_tag(app: &App, user: &User, id: TagId, name: &str) -> Result<(), AppError> {
    require_curator(user)?;
    let name = crate::text::one_line(name);
    let name = name.as_str();
    if name.is_empty() {
        return Err(AppError::Invalid(Message::TagNameRequired));
    }
    app.store.rename_tag(id, name).await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Removes a tag from every article.
pub async fn delete_tag(app: &App, user: &User, id: TagId) -> Result<(), AppError> {
    require_curator(user)?;
    app.store.delete_tag(id, app.now()).await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Adds an abbreviation search knows (or gives one another long form):
/// a query in either form then finds articles written in the other.
pub async fn set_abbreviation(
    app: &App,
    user: &User,
    short: &str,
    long_form: &str,
) -> Result<(), AppError> {
    require_curator(user)?;
    let short = short.trim();
    let letters = short.chars().count();
    if !(2..=15).contains(&letters) || !short.chars().all(char::is_alphanumeric) {
        return Err(AppError::Invalid(Message::AbbreviationInvalid));
    }
    let long_form = crate::text::one_line(long_form);
    if long_form.split_whitespace().count() < 2 || long_form.chars().count() > 200 {
        return Err(AppError::Invalid(Message::LongFormInvalid));
    }
    app.store
        .set_abbreviation(short, &long_form, app.now())
        .await?;
    app.after_write(Written::Catalog).await;
    Ok(())
}

/// Removes one of the newsroom's abbreviations.
pub async fn delete_abbreviation(app: &App, user: &User, short: &str) -> Result<(), AppError> {
    require_curator(user)?;
    app.store
        .delete_abbreviation(short)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => {
                AppError::Invalid(Message::UnknownAbbreviation(short.to_owned()))
            }
            other => other.into(),
        })?;
    app.after_write(Written::Catalog).await;
    Ok(())
}
