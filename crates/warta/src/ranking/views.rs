//! Counting page views in memory: the hot path only bumps a counter, and a
//! job hands the counts to the store in one batch every few seconds.

use axum::http::{HeaderMap, header};
use std::collections::HashMap;
use std::sync::Mutex;
use warta_core::ArticleId;
use warta_store::BUCKET_SECONDS;

/// Views counted since the last batch was taken, per article and bucket.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(ArticleId, i64), i64>>,
}

impl ViewCounter {
    /// Counts one view of `article` at Unix time `at`.
    pub fn record(&self, article: ArticleId, at: i64) {
        let bucket = at.div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        *pending.entry((article, bucket)).or_default() += 1;
    }

    /// Takes everything counted so far, as `(article, bucket, count)`.
    pub fn take(&self) -> Vec<(ArticleId, i64, i64)> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *pending)
            .into_iter()
            .map(|((article, bucket), count)| (article, bucket, count))
            .collect()
    }

    /// Puts back a batch that could not be written, so it goes with the next.
    pub fn restore(&self, batch: Vec<(ArticleId, i64, i64)>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        for (article, bucket, count) in batch {
            *pending.entry((article, bucket)).or_default() += count;
        }
    }

    /// How many views wait to be written.
    pub fn pending(&self) -> i64 {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.values().sum()
    }
}

/// Markers of crawlers, link previewers and automated browsers in a
/// User-Agent, lower-case. A missing User-Agent is treated as a bot too:
/// every browser sends one.
const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "embedly",
    "headlesschrome",
    "lighthouse",
    "pingdom",
    "python-requests",
    "curl/",
    "wget/",
    "go-http-client",
    "feedfetcher",
    "mediapartners",
    "preview",
];

/// Whether a request with this User-Agent comes from a bot.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let Some(agent) = user_agent.map(str::trim).filter(|a| !a.is_empty()) else {
        return true;
    };
    let agent = agent.to_ascii_lowercase();
    BOT_MARKERS.iter().any(|marker| agent.contains(marker))
}

/// A view counts when a browser (not a bot, not a prefetch) asks for a page
/// it does not hold yet. A browser that already has the page asks with its
/// ETag (`If-None-Match`: a reload, or a return to the page) and a forced
/// reload says `no-cache`: the same reader again, not a new one. This needs
/// no cookie and no address, so readers behind one carrier NAT, who share
/// an address and often a User-Agent, are each still counted.
pub fn counts_as_reader(headers: &HeaderMap) -> bool {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let says = |name: &str, word: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.to_ascii_lowercase().contains(word))
    };
    let prefetch = ["purpose", "sec-purpose", "x-moz"]
        .iter()
        .any(|name| says(name, "prefetch"));
    let again = headers.contains_key(header::IF_NONE_MATCH)
        || headers.contains_key(header::IF_MODIFIED_SINCE)
        || says("cache-control", "no-cache")
        || says("pragma", "no-cache");
    !prefetch && !again && !is_bot(agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_per_bucket_and_survive_a_failed_write() {
        let counter = ViewCounter::default();
        let a = ArticleId(1);
        counter.record(a, 7_200);
        counter.record(a, 7_201);
        counter.record(a, 10_800);
        let mut batch = counter.take();
        batch.sort();
        assert_eq!(batch, [(a, 7_200, 2), (a, 10_800, 1)]);
        assert_eq!(counter.pending(), 0);
        counter.record(a, 7_300);
        counter.restore(batch);
        let mut again = counter.take();
        again.sort();
        assert_eq!(again, [(a, 7_200, 3), (a, 10_800, 1)]);
    }

    #[test]
    fn well_known_bots_are_recognised() {
        for bot in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
            "curl/8.5.0",
            "",
        ] {
            assert!(is_bot(Some(bot)), "{bot}");
        }
        assert!(is_bot(None));
        let reader = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
        assert!(!is_bot(Some(reader)));
    }
}
