//! Counting page views in memory: the hot path only bumps a counter, and a
//! job hands the counts to the store in one batch every few seconds. Each
//! view is counted in its minute and with the class of page the reader
//! came from ([`Source`], from the `Referer`: never the address itself),
//! for the newsroom's live dashboard; the hourly buckets Terpopuler reads
//! are the same views added up.

use axum::http::{HeaderMap, header};
use std::collections::HashMap;
use std::sync::Mutex;
use warta_core::ArticleId;
use warta_store::ViewTally;

/// Where a reader came from, as a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A search engine.
    Search,
    /// A social network.
    Social,
    /// A messenger: WhatsApp, Telegram, LINE.
    Messenger,
    /// No referrer: typed, bookmarked, an app that sends none.
    Direct,
    /// Another page of this portal.
    Internal,
    /// Anything else, or a referrer that cannot be read.
    Other,
}

impl Source {
    /// Every class.
    pub const ALL: [Source; 6] = [
        Source::Search,
        Source::Social,
        Source::Messenger,
        Source::Direct,
        Source::Internal,
        Source::Other,
    ];

    /// Its stored name, which the dashboard also shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Search => "pencarian",
            Source::Social => "sosial",
            Source::Messenger => "pesan",
            Source::Direct => "langsung",
            Source::Internal => "internal",
            Source::Other => "lainnya",
        }
    }

    /// The class of a request, from its `Referer` and `Host`.
    pub fn of(headers: &HeaderMap) -> Source {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        match headers.get(header::REFERER) {
            None => Source::Direct,
            Some(referer) => Source::of_referer(referer.as_bytes(), host),
        }
    }

    /// The class of a referrer; `own` is this portal's host. Only the host
    /// is read, and a long or unreadable value is "other" at once.
    pub fn of_referer(referer: &[u8], own: Option<&str>) -> Source {
        const LONGEST: usize = 2048;
        if referer.is_empty() {
            return Source::Direct;
        }
        if referer.len() > LONGEST {
            return Source::Other;
        }
        let Ok(text) = std::str::from_utf8(referer) else {
            return Source::Other;
        };
        let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .or_else(|| text.strip_prefix("android-app://"))
        else {
            return Source::Other;
        };
        let host = rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .rsplit('@')
            .next()
            .unwrap_or("");
        let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
        if host.is_empty() {
            return Source::Other;
        }
        if own.is_some_and(|own| own.split(':').next() == Some(host.as_str())) {
            return Source::Internal;
        }
        let is = |names: &[&str]| {
            names.iter().any(|name| {
                host == *name
                    || host
                        .strip_suffix(name)
                        .is_some_and(|before| before.ends_with('.'))
            })
        };
        // Search engines by their name in the host (google.co.id, ...).
        let labels: Vec<&str> = host.split('.').collect();
        let named = |names: &[&str]| labels.iter().any(|label| names.contains(label));
        if is(&[
            "wa.me",
            "whatsapp.com",
            "whatsapp.net",
            "t.me",
            "telegram.org",
            "telegram.me",
            "line.me",
        ]) || host.starts_with("com.whatsapp")
            || host.starts_with("org.telegram")
            || host == "jp.naver.line.android"
        {
            Source::Messenger
        } else if is(&[
            "facebook.com",
            "fb.com",
            "instagram.com",
            "t.co",
            "twitter.com",
            "x.com",
            "tiktok.com",
            "threads.net",
            "linkedin.com",
            "lnkd.in",
            "reddit.com",
            "youtube.com",
            "pinterest.com",
        ]) || host.starts_with("com.facebook")
            || host.starts_with("com.instagram")
            || host.starts_with("com.twitter")
            || host.starts_with("com.zhiliaoapp")
        {
            Source::Social
        } else if named(&[
            "google",
            "bing",
            "yahoo",
            "duckduckgo",
            "yandex",
            "baidu",
            "ecosia",
            "naver",
        ]) || host.starts_with("com.google.android.googlequicksearchbox")
        {
            Source::Search
        } else {
            Source::Other
        }
    }
}

/// Views counted since the last batch was taken, per article, minute and
/// source.
#[derive(Debug)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(ArticleId, i64, Source), i64>>,
    /// Keys held before new ones are counted by the hour instead of the
    /// minute: while the database is away the counts stay in memory, and
    /// an outage of hours must not make them grow without end.
    bound: usize,
}

/// Keys held by minute before counting by the hour: about 9 MB by
/// arithmetic (some 40 bytes an entry with the table's spare room).
const MINUTE_KEYS: usize = 200_000;

impl Default for ViewCounter {
    fn default() -> ViewCounter {
        ViewCounter::with_bound(MINUTE_KEYS)
    }
}

impl ViewCounter {
    /// A counter that counts by the hour past `bound` keys.
    pub fn with_bound(bound: usize) -> ViewCounter {
        ViewCounter {
            pending: Mutex::new(HashMap::new()),
            bound,
        }
    }

    /// Counts one view of `article` at Unix time `at` from `source`: in
    /// its minute, or past the bound in its hour's first minute (every
    /// view still counts; the dashboard's minutes lose their detail).
    pub fn record(&self, article: ArticleId, at: i64, source: Source) {
        let minute = at.div_euclid(60) * 60;
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let key =
            if pending.len() >= self.bound && !pending.contains_key(&(article, minute, source)) {
                (article, at.div_euclid(3600) * 3600, source)
            } else {
                (article, minute, source)
            };
        *pending.entry(key).or_default() += 1;
    }

    /// Takes everything counted so far.
    pub fn take(&self) -> Vec<ViewTally> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *pending)
            .into_iter()
            .map(|((article, minute, source), count)| ViewTally {
                article,
                minute,
                source: source.as_str().to_owned(),
                count,
            })
            .collect()
    }

    /// Puts back a batch that could not be written, so it goes with the next.
    pub fn restore(&self, batch: Vec<ViewTally>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        for tally in batch {
            let source = Source::ALL
                .into_iter()
                .find(|s| s.as_str() == tally.source)
                .unwrap_or(Source::Other);
            *pending
                .entry((tally.article, tally.minute, source))
                .or_default() += tally.count;
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

    fn tally(article: ArticleId, minute: i64, source: Source, count: i64) -> ViewTally {
        ViewTally {
            article,
            minute,
            source: source.as_str().to_owned(),
            count,
        }
    }

    #[test]
    fn a_long_outage_counts_every_view_within_the_bound() {
        let counter = ViewCounter::with_bound(10);
        let hour = 481_389 * 3600;
        // Twenty articles, each read in two minutes of one hour.
        for article in 0..20 {
            for minute in [5, 6] {
                counter.record(ArticleId(article), hour + minute * 60, Source::Direct);
            }
        }
        let batch = counter.take();
        assert!(batch.len() <= 10 + 20, "{} keys", batch.len());
        assert_eq!(batch.iter().map(|t| t.count).sum::<i64>(), 40);
        assert!(
            batch
                .iter()
                .all(|t| t.minute >= hour && t.minute < hour + 3600)
        );
    }

    #[test]
    fn counts_add_up_per_minute_and_source_and_survive_a_failed_write() {
        let counter = ViewCounter::default();
        let a = ArticleId(1);
        counter.record(a, 7_200, Source::Search);
        counter.record(a, 7_259, Source::Search);
        counter.record(a, 7_230, Source::Direct);
        counter.record(a, 10_800, Source::Search);
        let mut batch = counter.take();
        batch.sort_by_key(|t| (t.minute, t.source.clone()));
        assert_eq!(
            batch,
            [
                tally(a, 7_200, Source::Direct, 1),
                tally(a, 7_200, Source::Search, 2),
                tally(a, 10_800, Source::Search, 1)
            ]
        );
        assert_eq!(counter.pending(), 0);
        counter.record(a, 7_201, Source::Search);
        counter.restore(batch);
        let mut again = counter.take();
        again.sort_by_key(|t| (t.minute, t.source.clone()));
        assert_eq!(again[1], tally(a, 7_200, Source::Search, 3));
        assert_eq!(counter.pending(), 0);
    }

    #[test]
    fn referrers_are_classed_by_their_host_alone() {
        let own = Some("warta.id");
        for (referer, class) in [
            ("https://www.google.co.id/", Source::Search),
            ("https://www.google.com/search?q=banjir", Source::Search),
            (
                "android-app://com.google.android.googlequicksearchbox/",
                Source::Search,
            ),
            ("https://search.yahoo.com/", Source::Search),
            ("https://l.facebook.com/l.php?u=x", Source::Social),
            ("https://m.facebook.com/", Source::Social),
            ("https://t.co/abc", Source::Social),
            ("https://www.tiktok.com/@x", Source::Social),
            ("https://web.whatsapp.com/", Source::Messenger),
            ("android-app://com.whatsapp/", Source::Messenger),
            ("https://t.me/s/kanal", Source::Messenger),
            ("https://warta.id/news/2026/12/05/1/x", Source::Internal),
            ("https://warta.id:443/", Source::Internal),
            ("https://contoh.com/", Source::Other),
            ("https://notgoogle.example/", Source::Other),
            ("https://facebook.com.evil.example/", Source::Other),
            ("https://x.com@evil.example/", Source::Other),
            ("javascript:alert(1)", Source::Other),
            ("", Source::Direct),
        ] {
            assert_eq!(
                Source::of_referer(referer.as_bytes(), own),
                class,
                "{referer}"
            );
        }
        assert_eq!(Source::of_referer(&[0xff, 0xfe, b'h'], own), Source::Other);
        let huge = format!("https://www.google.com/{}", "a".repeat(100_000));
        assert_eq!(Source::of_referer(huge.as_bytes(), own), Source::Other);
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
