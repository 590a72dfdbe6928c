//! Configuration: the TOML file, then environment variables and flags, turned
//! once at start-up into a validated [`Config`].
//!
//! Every key is optional; unknown keys are errors, so a typo never silently
//! falls back to a default. Environment variables (read by the command line
//! parser, see `cli`): `WARTA_CONFIG` (the file), `WARTA_DATA` (data
//! folder), `WARTA_LISTEN` (address), `WARTA_DATABASE_URL` (database).

use crate::i18n::Labels;
use anyhow::{Context, bail};
use ipnet::IpNet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use warta_core::{Locale, TimeZone};

mod media;
mod secret;

pub use media::{BucketSettings, MediaPlace};
pub use secret::{DatabaseUrl, Secret, redact};

/// The file as written; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    site: RawSite,
    #[serde(default)]
    lists: RawLists,
    #[serde(default)]
    read_also: RawReadAlso,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    newsroom: RawNewsroom,
    #[serde(default)]
    cache: RawCache,
    #[serde(default)]
    server: RawServer,
    #[serde(default)]
    media: RawMedia,
    #[serde(default)]
    webhooks: RawWebhooks,
    theme_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: Option<String>,
    tagline: Option<String>,
    base_url: Option<String>,
    locale: Option<String>,
    time_zone: Option<String>,
    outlet_prefix: Option<String>,
    image: Option<String>,
    logo: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    related: Option<usize>,
    popular: Option<usize>,
    picks: Option<usize>,
    latest: Option<usize>,
    per_page: Option<usize>,
    popular_window_hours: Option<u32>,
    refresh_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReadAlso {
    count: Option<usize>,
    after_paragraph: Option<usize>,
    every: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNewsroom {
    sign_in_window_seconds: Option<i64>,
    sign_in_failures_per_account: Option<i64>,
    sign_in_failures_per_client: Option<i64>,
    max_upload_mb: Option<usize>,
    max_image_megapixels: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCache {
    pages: Option<usize>,
    max_mb: Option<usize>,
    max_age_seconds: Option<u64>,
    purge_command: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    in_flight: Option<usize>,
    waiting: Option<usize>,
    max_wait_ms: Option<u64>,
    #[serde(default)]
    trusted_proxies: Vec<String>,
    metrics_token: Option<Secret>,
    drain_seconds: Option<u64>,
    shutdown_seconds: Option<u64>,
    live_streams: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhooks {
    retry_seconds: Option<u64>,
    attempts: Option<u32>,
    timeout_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMedia {
    store: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<Secret>,
}

/// What the command line says, which wins over the file.
#[derive(Debug, Default)]
pub struct Overrides {
    /// `--data`.
    pub data_dir: Option<PathBuf>,
    /// `--listen`.
    pub listen: Option<SocketAddr>,
    /// `--database`.
    pub database_url: Option<String>,
}

/// Validated configuration, ready to use.
#[derive(Clone, Debug)]
pub struct Config {
    /// Folder holding the database and everything else Warta writes.
    pub data_dir: PathBuf,
    /// Database URL; defaults to a SQLite file in the data folder.
    pub database_url: DatabaseUrl,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Portal name, shown in the header and feeds.
    pub site_name: String,
    /// One line under the name.
    pub tagline: String,
    /// Absolute URL the portal is reached at, without trailing slash; used
    /// for canonical URLs, feeds and sitemaps.
    pub base_url: String,
    /// Language of labels and dates.
    pub locale: Locale,
    /// Time zone dates are shown in.
    pub time_zone: TimeZone,
    /// Outlet prefix for articles that have none of their own.
    pub outlet_prefix: String,
    /// The picture link previews show of a page without its own (a path
    /// of this site or a URL; at least 1200x630 for large cards).
    pub site_image: String,
    /// The publisher's logo search engines show (a path or a URL; a
    /// raster of at least 112 px).
    pub site_logo: String,
    /// Labels, in the chosen language with overrides applied.
    pub labels: Labels,
    /// Folder whose `templates/` and `static/` override the built-in theme.
    pub theme_dir: Option<PathBuf>,
    /// How many items each list shows.
    pub lists: ListSizes,
    /// Sliding window of Terpopuler.
    pub popular_window: Duration,
    /// How often lists that change by themselves (Terkini, Terpopuler) are
    /// refreshed.
    pub refresh: Duration,
    /// Where "Baca Juga" links go.
    pub read_also: ReadAlsoPlacement,
    /// How failed sign-ins are limited.
    pub sign_in: SignInLimits,
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Largest image accepted, in pixels (width times height).
    pub max_image_pixels: u64,
    /// Rendered pages kept in memory (0: none).
    pub cached_pages: usize,
    /// Bytes of rendered pages kept in memory at most.
    pub cached_bytes: usize,
    /// Longest a cached page is kept when nothing changes (pages show
    /// relative times such as "5 menit lalu").
    pub page_max_age: Duration,
    /// Run with the absolute URLs that changed, for a CDN in front.
    pub purge_command: Option<PathBuf>,
    /// How many requests are worked on at once, and how many may wait.
    pub admission: AdmissionLimits,
    /// Where the files of uploads are kept.
    pub media: MediaPlace,
    /// Proxies whose `X-Forwarded-For` names the client (addresses or
    /// networks); none by default, so the peer is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// The bearer token `/metrics` asks for; without one `/metrics` is not
    /// served at all.
    pub metrics_token: Option<Secret>,
    /// After SIGTERM, how long the node goes on serving while `/readyz`
    /// answers 503, so a load balancer stops sending to it first (0 for a
    /// node alone).
    pub drain: Duration,
    /// After the drain, how long requests already received, then the
    /// background jobs and the last views, get before the process ends.
    pub shutdown_deadline: Duration,
    /// How webhook deliveries are sent and tried again.
    pub webhooks: WebhookSettings,
    /// Live-blog streams one node holds open at most; more readers are
    /// asked to come back later (their pages reload the entries then).
    pub live_streams: usize,
}

/// How webhook deliveries are sent and tried again.
#[derive(Clone, Copy, Debug)]
pub struct WebhookSettings {
    /// The wait before the first retry; each later one waits twice as
    /// long as the one before, up to six hours.
    pub first_retry: Duration,
    /// Attempts made before a delivery is given up.
    pub attempts: u32,
    /// Longest a receiver gets to answer.
    pub timeout: Duration,
}

/// Sign-in limits: failures counted within `window`.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimits {
    /// The window failures are counted in.
    pub window: chrono::Duration,
    /// Failures for one email before its sign-in pauses.
    pub per_account: i64,
    /// Failures from one client address before it pauses.
    pub per_client: i64,
}

/// How much work is admitted at once (see `admission::Admission`).
#[derive(Clone, Copy, Debug)]
pub struct AdmissionLimits {
    /// Requests worked on at once.
    pub in_flight: usize,
    /// Requests that may wait for a permit; more are refused at once.
    pub waiting: usize,
    /// Longest a request waits for a permit before it is refused.
    pub max_wait: Duration,
}

/// How many items each list shows.
#[derive(Clone, Copy, Debug)]
pub struct ListSizes {
    /// Berita Terkait.
    pub related: usize,
    /// Terpopuler.
    pub popular: usize,
    /// Pilihan.
    pub picks: usize,
    /// Terkini.
    pub latest: usize,
    /// Articles per page on section, tag, author and latest pages.
    pub per_page: usize,
}

/// Where "Baca Juga" links are placed in a body.
#[derive(Clone, Copy, Debug)]
pub struct ReadAlsoPlacement {
    /// How many links at most.
    pub count: usize,
    /// The first goes after this many paragraphs.
    pub after_paragraph: usize,
    /// Further ones after every this many paragraphs more.
    pub every: usize,
}

impl Config {
    /// Reads the file at `path` (if given) and applies `overrides`.
    pub fn load(path: Option<&Path>, overrides: Overrides) -> anyhow::Result<Config> {
        let text = match path {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config file {}", path.display()))?,
            None => String::new(),
        };
        Config::parse(&text, overrides).with_context(|| match path {
            Some(path) => format!("invalid config file {}", path.display()),
            None => "invalid configuration".into(),
        })
    }

    /// Parses config text (TOML) and applies `overrides`.
    pub fn parse(text: &str, overrides: Overrides) -> anyhow::Result<Config> {
        let raw: RawConfig = toml::from_str(text)?;
        let data_dir = overrides
            .data_dir
            .or(raw.data_dir)
            .unwrap_or_else(|| PathBuf::from("./warta-data"));
        let listen = overrides
            .listen
            .or(raw.listen)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let database_url = overrides
            .database_url
            .or(raw.database_url)
            .map(DatabaseUrl::new)
            .unwrap_or_else(|| {
                DatabaseUrl::new(format!("sqlite://{}", data_dir.join("warta.db").display()))
            });
        let locale: Locale = raw
            .site
            .locale
            .as_deref()
            .unwrap_or("id")
            .parse()
            .map_err(anyhow::Error::msg)?;
        let time_zone = TimeZone::parse(raw.site.time_zone.as_deref().unwrap_or("Asia/Jakarta"))
            .map_err(anyhow::Error::msg)?;
        let base_url = raw
            .site
            .base_url
            .unwrap_or_else(|| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            bail!("site.base_url must start with http:// or https://, not {base_url:?}");
        }
        let labels = Labels::new(locale, &raw.labels)?;
        let lists = ListSizes {
            related: raw.lists.related.unwrap_or(5),
            popular: raw.lists.popular.unwrap_or(5),
            picks: raw.lists.picks.unwrap_or(5),
            latest: raw.lists.latest.unwrap_or(10),
            per_page: raw.lists.per_page.unwrap_or(20),
        };
        for (name, value) in [
            ("related", lists.related),
            ("popular", lists.popular),
            ("picks", lists.picks),
            ("latest", lists.latest),
            ("per_page", lists.per_page),
        ] {
            if !(1..=100).contains(&value) {
                bail!("lists.{name} must be between 1 and 100, not {value}");
            }
        }
        let window_hours = raw.lists.popular_window_hours.unwrap_or(24);
        if !(1..=24 * 31).contains(&window_hours) {
            bail!("lists.popular_window_hours must be between 1 and 744, not {window_hours}");
        }
        let site_name = raw.site.name.unwrap_or_else(|| "Warta".into());
        let newsroom = raw.newsroom;
        let sign_in = SignInLimits {
            window: chrono::Duration::seconds(
                newsroom
                    .sign_in_window_seconds
                    .unwrap_or(900)
                    .clamp(1, 86_400),
            ),
            per_account: newsroom.sign_in_failures_per_account.unwrap_or(10).max(1),
            per_client: newsroom.sign_in_failures_per_client.unwrap_or(50).max(1),
        };
        let max_upload_mb = newsroom.max_upload_mb.unwrap_or(20);
        if !(1..=500).contains(&max_upload_mb) {
            bail!("newsroom.max_upload_mb must be between 1 and 500, not {max_upload_mb}");
        }
        let media = media_place(raw.media, &data_dir)?;
        let trusted_proxies = raw
            .server
            .trusted_proxies
            .iter()
            .map(|text| parse_network(text))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let metrics_token = raw.server.metrics_token.clone();
        if let Some(token) = &metrics_token
            && token.expose().len() < 16
        {
            bail!("server.metrics_token must have at least 16 characters");
        }
        let drain_seconds = raw.server.drain_seconds.unwrap_or(5);
        if drain_seconds > 300 {
            bail!("server.drain_seconds must be between 0 and 300, not {drain_seconds}");
        }
        let shutdown_seconds = raw.server.shutdown_seconds.unwrap_or(20);
        if !(1..=600).contains(&shutdown_seconds) {
            bail!("server.shutdown_seconds must be between 1 and 600, not {shutdown_seconds}");
        }
        let retry_seconds = raw.webhooks.retry_seconds.unwrap_or(30);
        if !(1..=3600).contains(&retry_seconds) {
            bail!("webhooks.retry_seconds must be between 1 and 3600, not {retry_seconds}");
        }
        let attempts = raw.webhooks.attempts.unwrap_or(8);
        if !(1..=20).contains(&attempts) {
            bail!("webhooks.attempts must be between 1 and 20, not {attempts}");
        }
        let timeout_seconds = raw.webhooks.timeout_seconds.unwrap_or(10);
        if !(1..=60).contains(&timeout_seconds) {
            bail!("webhooks.timeout_seconds must be between 1 and 60, not {timeout_seconds}");
        }
        Ok(Config {
            live_streams: raw
                .server
                .live_streams
                .unwrap_or(20_000)
                .clamp(1, 1_000_000),
            webhooks: WebhookSettings {
                first_retry: Duration::from_secs(retry_seconds),
                attempts,
                timeout: Duration::from_secs(timeout_seconds),
            },
            media,
            trusted_proxies,
            metrics_token,
            drain: Duration::from_secs(drain_seconds),
            shutdown_deadline: Duration::from_secs(shutdown_seconds),
            data_dir,
            database_url,
            listen,
            outlet_prefix: raw.site.outlet_prefix.unwrap_or_else(|| site_name.clone()),
            site_image: raw.site.image.unwrap_or_else(|| "/static/kartu.png".into()),
            site_logo: raw.site.logo.unwrap_or_else(|| "/static/logo.png".into()),
            tagline: raw
                .site
                .tagline
                .unwrap_or_else(|| labels.get("tagline").to_owned()),
            site_name,
            base_url,
            locale,
            time_zone,
            labels,
            theme_dir: raw.theme_dir,
            lists,
            popular_window: Duration::from_secs(u64::from(window_hours) * 3600),
            refresh: Duration::from_millis(raw.lists.refresh_ms.unwrap_or(1000).clamp(100, 60_000)),
            read_also: ReadAlsoPlacement {
                count: raw.read_also.count.unwrap_or(1).min(5),
                after_paragraph: raw.read_also.after_paragraph.unwrap_or(3).max(1),
                every: raw.read_also.every.unwrap_or(4).max(1),
            },
            sign_in,
            max_upload_bytes: max_upload_mb * 1024 * 1024,
            max_image_pixels: newsroom.max_image_megapixels.unwrap_or(50).clamp(1, 500) * 1_000_000,
            cached_pages: raw.cache.pages.unwrap_or(2_000),
            cached_bytes: raw.cache.max_mb.unwrap_or(64).clamp(1, 64 * 1024) * 1024 * 1024,
            page_max_age: Duration::from_secs(
                raw.cache.max_age_seconds.unwrap_or(60).clamp(1, 3600),
            ),
            purge_command: raw.cache.purge_command,
            admission: AdmissionLimits {
                in_flight: raw.server.in_flight.unwrap_or(64).clamp(1, 10_000),
                waiting: raw.server.waiting.unwrap_or(512).min(100_000),
                max_wait: Duration::from_millis(
                    raw.server.max_wait_ms.unwrap_or(2_000).clamp(1, 60_000),
                ),
            },
        })
    }

    /// Defaults with a given data folder, for tests.
    pub fn default_for_test(data_dir: &Path) -> Config {
        Config::parse(
            "",
            Overrides {
                data_dir: Some(data_dir.to_owned()),
                ..Overrides::default()
            },
        )
        .expect("defaults are valid")
    }
}

/// An address (`10.0.0.5`) or a network (`10.0.0.0/8`) of
/// `server.trusted_proxies`.
fn parse_network(text: &str) -> anyhow::Result<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| {
            anyhow::anyhow!(
                "server.trusted_proxies: {text:?} is not an address or a network like 10.0.0.0/8"
            )
        })
}

/// `[media]`: `DATA/media` unless a folder or bucket is named; the bucket
/// settings only mean something with a bucket.
fn media_place(raw: RawMedia, data_dir: &Path) -> anyhow::Result<MediaPlace> {
    let place = match raw.store.as_deref() {
        None => MediaPlace::Folder(data_dir.join("media")),
        Some(store) => MediaPlace::parse(store)?,
    };
    match place {
        MediaPlace::Bucket(mut bucket) => {
            if let Some(endpoint) = &raw.endpoint
                && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
            {
                bail!("media.endpoint must start with http:// or https://, not {endpoint:?}");
            }
            bucket.endpoint = raw.endpoint.map(|e| e.trim_end_matches('/').to_owned());
            bucket.region = raw.region;
            bucket.access_key_id = raw.access_key_id;
            bucket.secret_access_key = raw.secret_access_key;
            Ok(MediaPlace::Bucket(bucket))
        }
        folder => {
            let bucket_only = [
                ("endpoint", raw.endpoint.is_some()),
                ("region", raw.region.is_some()),
                ("access_key_id", raw.access_key_id.is_some()),
                ("secret_access_key", raw.secret_access_key.is_some()),
            ];
            if let Some((name, _)) = bucket_only.iter().find(|(_, given)| *given) {
                bail!("media.{name} is for a bucket: set media.store = \"s3://bucket\" too");
            }
            Ok(folder)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_indonesian_on_embedded_storage() {
        let config = Config::parse("", Overrides::default()).unwrap();
        assert_eq!(config.locale, Locale::Id);
        assert_eq!(config.time_zone.name(), "Asia/Jakarta");
        assert_eq!(
            config.database_url.expose(),
            "sqlite://./warta-data/warta.db"
        );
        assert_eq!(config.base_url, "http://127.0.0.1:8080");
        assert_eq!(config.labels.get("latest"), "Terkini");
        assert_eq!(config.lists.latest, 10);
    }

    #[test]
    fn file_values_and_flag_overrides() {
        let text = r#"
            listen = "0.0.0.0:9000"
            [site]
            name = "Kabar Kita"
            base_url = "https://kabar.example/"
            locale = "en"
            time_zone = "Asia/Makassar"
            [lists]
            related = 7
            [labels]
            latest = "Breaking"
        "#;
        let config = Config::parse(
            text,
            Overrides {
                listen: Some("127.0.0.1:7000".parse().unwrap()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(config.listen.port(), 7000);
        assert_eq!(config.base_url, "https://kabar.example");
        assert_eq!(config.outlet_prefix, "Kabar Kita");
        assert_eq!(config.labels.get("latest"), "Breaking");
        assert_eq!(config.labels.get("popular"), "Most read");
        assert_eq!(config.lists.related, 7);
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            "[site]\nnmae = \"x\"",
            "[site]\nlocale = \"fr\"",
            "[site]\ntime_zone = \"Asia/Atlantis\"",
            "[labels]\nnot_a_label = \"x\"",
            "[lists]\nrelated = 0",
            "[site]\nbase_url = \"ftp://x\"",
        ] {
            assert!(
                Config::parse(bad, Overrides::default()).is_err(),
                "{bad} accepted"
            );
        }
    }
}
