//! Live blogs: starting and closing one, and its entries. Whoever may
//! change an article may follow it live.

use super::{may_edit, refused_if_missing};
use crate::app::{App, Written};
use crate::body::markdown;
use crate::error::AppError;
use crate::messages::Message;
use crate::text::without_controls;
use warta_core::{Article, ArticleId};
use warta_store::{LiveEntry, StoreError, User};

/// Longest entry accepted, in characters.
pub const MAX_ENTRY: usize = 10_000;

/// Starts following `article` live, or closes its live blog.
pub async fn set_live(
    app: &App,
    user: &User,
    article: &Article,
    live: bool,
) -> Result<(), AppError> {
    may_edit(user, article)?;
    app.store.set_live(article.id, live, app.now()).await?;
    app.after_write(Written::Article(article)).await;
    Ok(())
}

/// The entry's body as stored: its Markdown rendered and sanitised, and
/// a line holding only the address of a post of another platform (YouTube,
/// X, Instagram, TikTok...) made an embed, as the editor makes it.
fn entry_body(text: &str) -> String {
    let mut markdown_text = String::new();
    let mut html = String::new();
    let flush = |markdown_text: &mut String, html: &mut String| {
        if !markdown_text.trim().is_empty() {
            html.push_str(markdown::render(markdown_text).as_html());
            html.push('\n');
        }
        markdown_text.clear();
    };
    for line in text.lines() {
        match crate::body::embeds::recognise(line.trim()) {
            Some(embed) if !line.trim().is_empty() => {
                flush(&mut markdown_text, &mut html);
                let url = warta_core::escape_html(&embed.url);
                html.push_str(&format!(
                    "<figure class=\"embed\" data-provider=\"{}\"><a href=\"{url}\">{url}</a></figure>\n",
                    embed.provider.key()
                ));
            }
            _ => {
                markdown_text.push_str(line);
                markdown_text.push('\n');
            }
        }
    }
    flush(&mut markdown_text, &mut html);
    crate::body::sanitise_html(&html).as_html().to_owned()
}

/// Adds an entry (Markdown; a line that is only a post's address becomes
/// its embed) to the live blog of `article`, and sends it to the readers
/// following it here at once (other nodes follow the change serial).
pub async fn add_entry(
    app: &App,
    user: &User,
    article: &Article,
    text: &str,
    pinned: bool,
) -> Result<LiveEntry, AppError> {
    may_edit(user, article)?;
    let live = app.store.live_blog(article.id).await?;
    if !live.is_some_and(|l| l.running()) {
        return Err(AppError::Invalid(Message::NotLive));
    }
    let text = without_controls(text);
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Invalid(Message::EntryEmpty));
    }
    if text.chars().count() > MAX_ENTRY {
        return Err(AppError::Invalid(Message::EntryTooLong(MAX_ENTRY)));
    }
    let html = entry_body(text);
    let entry = app
        .store
        .add_live_entry(article.id, Some(user.id), &html, pinned, app.now())
        .await?;
    app.after_write(Written::Article(article)).await;
    if let Err(error) = app.live.catch_up(&app.store, &app.config, article.id).await {
        tracing::warn!(error = %error, "live readers not caught up");
    }
    Ok(entry)
}

/// Removes an entry; readers see it gone from the page's next load.
pub async fn delete_entry(
    app: &App,
    user: &User,
    article: &Article,
    entry: i64,
) -> Result<(), AppError> {
    may_edit(user, article)?;
    app.store
        .delete_live_entry(article.id, entry)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => AppError::NotFound,
            other => other.into(),
        })?;
    app.after_write(Written::Article(article)).await;
    Ok(())
}

/// Loads an article a live blog action names.
pub async fn article(app: &App, id: ArticleId) -> Result<Article, AppError> {
    app.store
        .article(id)
        .await
        .map_err(|e| refused_if_missing(e, Message::UnknownArticle(id.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_a_post_becomes_its_embed_and_the_rest_is_markdown() {
        let html = entry_body(
            "**Pukul 10.00**: evakuasi dimulai.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\nWarga diminta menjauh.",
        );
        assert!(html.contains("<strong>Pukul 10.00</strong>"), "{html}");
        assert!(
            html.contains("<figure class=\"embed\" data-provider=\"youtube\">"),
            "{html}"
        );
        assert!(html.contains("Warga diminta menjauh."), "{html}");
        let script = entry_body("<script>alert(1)</script>Aman");
        assert!(!script.contains("<script"), "{script}");
    }
}
