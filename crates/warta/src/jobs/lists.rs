//! Reloading the lists snapshot (Terkini, Terpopuler, Pilihan, headline,
//! section blocks) and the newsroom's abbreviations for search, and making cached pages stale when what they were
//! rendered from changed (by this process or another).

use super::Jobs;
use crate::lists::Lists;
use crate::reader::cache::pages::PagesSource;
use anyhow::Context;

impl Jobs {
    /// Reloads the lists snapshot and tells the page cache what the pages
    /// are now rendered from.
    pub async fn refresh_lists(&self) -> anyhow::Result<()> {
        let _running = self.lists_running.lock().await;
        let app = &self.app;
        let now = app.now();
        // The serial first: a change after it is read shows at the next
        // refresh, never lost between the two reads.
        let serial = app.store.change_serial().await?;
        let content = app.store.content_version(now).await?;
        let lists = Lists::load(&app.store, &app.config, now)
            .await
            .context("cannot load lists")?;
        // The newsroom's abbreviations, which search uses beside its own.
        let abbreviations = app.store.abbreviations().await?;
        {
            let mut followed = self.abbreviations.lock().unwrap_or_else(|e| e.into_inner());
            if followed.as_ref() != Some(&abbreviations) {
                app.search.set_site_abbreviations(&abbreviations);
                *followed = Some(abbreviations);
            }
        }
        let shown = lists.fingerprint(app.config.lists.popular);
        let popular = lists.popular_fingerprint();
        // The new lists first: a page rendered in between is then made
        // stale rather than cached fresh with the old lists.
        app.set_lists(lists);
        app.pages.follow(PagesSource {
            content: Some((content, serial)),
            shown,
            popular,
        });
        Ok(())
    }
}
