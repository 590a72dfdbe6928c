//! `warta picks`: the editor's picks (Pilihan) and the home headline from
//! the command line, until editors have the newsroom for it.

use super::CommonArgs;
use anyhow::Context;
use clap::{Args, Subcommand};
use warta_core::ArticleId;
use warta_store::Store;

/// `warta picks show | set ARTICLE... | headline ARTICLE`
#[derive(Debug, Args)]
pub struct PicksArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Print the picks and the headline.
    Show,
    /// Replace the picks with these articles, in this order (numbers or
    /// imported ids).
    Set {
        /// Articles, by number or imported id.
        #[arg(required = true)]
        articles: Vec<String>,
    },
    /// Put an article at the top of the home page; `none` clears it.
    Headline {
        /// Article by number or imported id, or `none`.
        article: String,
    },
}

pub(super) async fn run(args: PicksArgs) -> anyhow::Result<()> {
    let config = args.common.config(None)?;
    let store = Store::connect(config.database_url.expose())
        .await
        .context("cannot open the database")?;
    match args.action {
        Action::Show => {
            for (position, id) in store.picks().await?.into_iter().enumerate() {
                let article = store.article(id).await?;
                println!("{}. [{}] {}", position + 1, id, article.title);
            }
            match store.headline().await? {
                Some(id) => println!("headline: [{id}] {}", store.article(id).await?.title),
                None => println!("headline: (newest story)"),
            }
        }
        Action::Set { articles } => {
            let mut ids = Vec::with_capacity(articles.len());
            for article in &articles {
                ids.push(resolve(&store, article).await?);
            }
            store
                .set_picks(&ids)
                .await
                .context("cannot set the picks")?;
            println!("{} picks set.", ids.len());
        }
        Action::Headline { article } => {
            let id = if article == "none" {
                None
            } else {
                Some(resolve(&store, &article).await?)
            };
            store
                .set_headline(id)
                .await
                .context("cannot set the headline")?;
            println!("Headline set.");
        }
    }
    store.close().await;
    Ok(())
}

async fn resolve(store: &Store, article: &str) -> anyhow::Result<ArticleId> {
    if let Ok(number) = article.parse::<i64>() {
        return Ok(ArticleId(number));
    }
    store
        .article_id_for_external(article)
        .await
        .with_context(|| format!("no article with id {article:?}"))
}
