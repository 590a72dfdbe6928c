//! Reloading the lists snapshot (Terkini, Terpopuler, Pilihan, headline,
//! section blocks) and the newsroom's abbreviations for search, and making cached pages stale when what they were
//! rendered from changed (by this process or another).

use super::Jobs;
use crate::lists::Lists;
use crate::reader::cache::pages::PagesSource;
use anyhow::Context;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Terpopuler is read again at least this often while this node writes
/// no views: other nodes write theirs every five seconds.
const POPULAR_EVERY: Duration = Duration::from_secs(10);

/// When Terpopuler was last read from the views.
#[derive(Clone, Copy, Debug)]
pub(super) struct PopularRead {
    at: Instant,
    /// The hour its window began at: the window moves on by the hour.
    window_hour: i64,
}

/// Whether Terpopuler is read again from the views, rather than its last
/// reading kept: summing every view of the window (26 ms on PostgreSQL
/// after a million-article site's benchmark, growing with the articles
/// read in the window) every second is what the lists' refresh cost. It
/// is read again when this node wrote views, when its window moved on an
/// hour, and at least every [`POPULAR_EVERY`] for the other nodes' views.
fn read_popular_again(
    last: Option<PopularRead>,
    views_written: bool,
    window_hour: i64,
    now: Instant,
) -> bool {
    let Some(last) = last else {
        return true;
    };
    views_written
        || last.window_hour != window_hour
        || now.saturating_duration_since(last.at) >= POPULAR_EVERY
}

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
        let window = chrono::Duration::from_std(app.config.popular_window).unwrap_or_default();
        let window_hour = (now - window)
            .timestamp()
            .div_euclid(warta_store::BUCKET_SECONDS);
        let written = self.views_written.swap(false, Ordering::SeqCst);
        let last = *self.popular_read.lock().unwrap_or_else(|e| e.into_inner());
        let viewed = (!read_popular_again(last, written, window_hour, Instant::now())).then(|| {
            app.lists()
                .popular
                .iter()
                .map(|(summary, views)| (summary.id, *views))
                .collect()
        });
        let reread = viewed.is_none();
        let started = Instant::now();
        let lists = match Lists::load(&app.store, &app.config, now, viewed).await {
            Ok(lists) => lists,
            Err(error) => {
                // Read again next time.
                if written {
                    self.views_written.store(true, Ordering::SeqCst);
                }
                return Err(error).context("cannot load lists");
            }
        };
        if reread {
            *self.popular_read.lock().unwrap_or_else(|e| e.into_inner()) = Some(PopularRead {
                at: started,
                window_hour,
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terpopuler_is_read_again_when_views_were_written_the_hour_turned_or_ten_seconds_passed() {
        let start = Instant::now();
        let last = Some(PopularRead {
            at: start,
            window_hour: 100,
        });
        assert!(read_popular_again(None, false, 100, start), "never read");
        assert!(!read_popular_again(
            last,
            false,
            100,
            start + Duration::from_secs(9)
        ));
        assert!(
            read_popular_again(last, true, 100, start),
            "this node wrote views"
        );
        assert!(
            read_popular_again(last, false, 101, start),
            "the window moved on"
        );
        assert!(
            read_popular_again(last, false, 100, start + POPULAR_EVERY),
            "other nodes' views"
        );
    }
}
