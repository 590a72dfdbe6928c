//! Publishing the scheduled articles whose time has come and taking down
//! those due to go. Safe on several nodes at once: each move checks the
//! version it read, so an article is published once (and its webhook
//! event queued once).

use super::Jobs;
use crate::newsroom::actions::webhooks;
use crate::purge::article_paths;

impl Jobs {
    /// Runs the schedule; returns how many articles moved. The pages of
    /// those that moved are dropped from the cache and purged from a CDN
    /// in front as they stand now.
    pub async fn run_schedule(&self) -> anyhow::Result<usize> {
        let app = &self.app;
        let now = app.now();
        let published = app.store.publish_due(now).await?;
        let unpublished = app.store.unpublish_due(now).await?;
        for id in &published {
            tracing::info!(article = id.0, "scheduled article published");
        }
        for id in &unpublished {
            tracing::info!(article = id.0, "article taken down as scheduled");
        }
        let tz = &app.config.time_zone;
        let mut paths = Vec::new();
        for (id, event) in published
            .iter()
            .map(|id| (id, webhooks::PUBLISHED))
            .chain(unpublished.iter().map(|id| (id, webhooks::UNPUBLISHED)))
        {
            match app.store.article(*id).await {
                Ok(article) => {
                    app.pages.remove_page(&article.path(tz));
                    paths.extend(article_paths(&article, tz));
                    webhooks::queue(app, event, &article).await;
                }
                Err(error) => tracing::warn!(error = %error, "cannot read the article to purge"),
            }
        }
        app.purger.purge(paths);
        Ok(published.len() + unpublished.len())
    }
}
