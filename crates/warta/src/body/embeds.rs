//! Posts of other platforms placed in a body: a YouTube video, a post on X,
//! Instagram or TikTok, a Facebook video, something on Spotify, a place on
//! Google Maps. Recognised from the URL alone (no request to anyone, at
//! saving or at reading), with exact host matching: `youtube.com.evil.example`
//! or `evil.example/youtube.com/…` are links, never embeds. The editor's
//! script (`crates/warta/editor/src/embeds.js`) applies the same rules;
//! the server's are the ones that count.
//!
//! A reader's page shows a light placeholder and loads the provider's
//! player only when the reader asks ([`Embed::player`]), so nothing is sent
//! to the provider before that.

use url::Url;

/// Where an embedded post lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// A YouTube video.
    YouTube,
    /// A post on X (Twitter).
    X,
    /// An Instagram post or reel.
    Instagram,
    /// A TikTok video.
    TikTok,
    /// A Facebook video.
    Facebook,
    /// A Spotify track, album, playlist, episode or show.
    Spotify,
    /// A place on Google Maps.
    Maps,
}

impl Provider {
    /// The key stored in `data-provider`.
    pub fn key(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::X => "x",
            Provider::Instagram => "instagram",
            Provider::TikTok => "tiktok",
            Provider::Facebook => "facebook",
            Provider::Spotify => "spotify",
            Provider::Maps => "maps",
        }
    }

    /// The provider of a stored key.
    pub fn from_key(key: &str) -> Option<Provider> {
        [
            Provider::YouTube,
            Provider::X,
            Provider::Instagram,
            Provider::TikTok,
            Provider::Facebook,
            Provider::Spotify,
            Provider::Maps,
        ]
        .into_iter()
        .find(|p| p.key() == key)
    }

    /// Its name as readers know it.
    pub fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::X => "X (Twitter)",
            Provider::Instagram => "Instagram",
            Provider::TikTok => "TikTok",
            Provider::Facebook => "Facebook",
            Provider::Spotify => "Spotify",
            Provider::Maps => "Google Maps",
        }
    }
}

/// A recognised post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    /// Whose.
    pub provider: Provider,
    /// Its page, as a reader would open it.
    pub url: String,
    /// The player's address, when the provider has one for this kind of
    /// address (a short link, unresolved, has none: it stays a link).
    player: Option<String>,
}

impl Embed {
    /// The player's address, loaded only when the reader asks.
    pub fn player(&self) -> Option<&str> {
        self.player.as_deref()
    }
}

/// An absolute http(s) URL without credentials or a port.
fn parse(text: &str) -> Option<Url> {
    let url = Url::parse(text.trim()).ok()?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none();
    plain.then_some(url)
}

fn segments(url: &Url) -> Vec<&str> {
    url.path_segments()
        .map(|s| s.filter(|part| !part.is_empty()).collect())
        .unwrap_or_default()
}

fn word(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn query<'a>(url: &'a Url, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The post `text` (a URL) stands for, if it is one of the recognised
/// forms.
pub fn recognise(text: &str) -> Option<Embed> {
    let url = parse(text)?;
    let host = url.host_str()?.to_ascii_lowercase();
    let path = segments(&url);
    let embed = |provider, player: Option<String>| {
        Some(Embed {
            provider,
            url: url.to_string(),
            player,
        })
    };
    match host.as_str() {
        "youtube.com" | "www.youtube.com" | "m.youtube.com" => {
            let id = match path.as_slice() {
                ["watch"] => query(&url, "v").map(|v| v.into_owned()),
                ["shorts" | "live" | "embed", id] => Some((*id).to_owned()),
                _ => None,
            }
            .filter(|id| word(id))?;
            Some(Embed {
                provider: Provider::YouTube,
                url: format!("https://www.youtube.com/watch?v={id}"),
                player: Some(format!(
                    "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"
                )),
            })
        }
        "youtu.be" => match path.as_slice() {
            [id] if word(id) => Some(Embed {
                provider: Provider::YouTube,
                url: format!("https://www.youtube.com/watch?v={id}"),
                player: Some(format!(
                    "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"
                )),
            }),
            _ => None,
        },
        "x.com" | "www.x.com" | "mobile.x.com" | "twitter.com" | "www.twitter.com"
        | "mobile.twitter.com" => {
            let id = match path.as_slice() {
                [user, "status" | "statuses", id, ..] if word(user) && digits(id) => *id,
                ["i", "web", "status", id] if digits(id) => *id,
                _ => return None,
            };
            embed(
                Provider::X,
                Some(format!(
                    "https://platform.twitter.com/embed/Tweet.html?id={id}"
                )),
            )
        }
        "instagram.com" | "www.instagram.com" => match path.as_slice() {
            [kind @ ("p" | "reel" | "tv"), code, ..] if word(code) => embed(
                Provider::Instagram,
                Some(format!("https://www.instagram.com/{kind}/{code}/embed")),
            ),
            _ => None,
        },
        "tiktok.com" | "www.tiktok.com" | "m.tiktok.com" => match path.as_slice() {
            [user, "video", id] if user.starts_with('@') && digits(id) => embed(
                Provider::TikTok,
                Some(format!("https://www.tiktok.com/embed/v2/{id}")),
            ),
            _ => None,
        },
        "vt.tiktok.com" | "vm.tiktok.com" => match path.as_slice() {
            [code] if word(code) => embed(Provider::TikTok, None),
            _ => None,
        },
        "facebook.com" | "www.facebook.com" | "m.facebook.com" | "web.facebook.com" => {
            let video = path
                .iter()
                .position(|p| *p == "videos")
                .is_some_and(|at| at + 1 < path.len())
                || (path.as_slice() == ["watch"] && query(&url, "v").is_some_and(|v| digits(&v)));
            video.then(|| {
                let href: String =
                    url::form_urlencoded::byte_serialize(url.as_str().as_bytes()).collect();
                Embed {
                    provider: Provider::Facebook,
                    url: url.to_string(),
                    player: Some(format!(
                        "https://www.facebook.com/plugins/video.php?href={href}&show_text=false"
                    )),
                }
            })
        }
        "fb.watch" => match path.as_slice() {
            [code] if word(code) => embed(Provider::Facebook, None),
            _ => None,
        },
        "open.spotify.com" => {
            let rest: Vec<&str> = path
                .iter()
                .copied()
                .skip_while(|p| p.starts_with("intl-") || *p == "embed")
                .collect();
            match rest.as_slice() {
                [
                    kind @ ("track" | "album" | "playlist" | "episode" | "show"),
                    id,
                ] if word(id) => Some(Embed {
                    provider: Provider::Spotify,
                    url: format!("https://open.spotify.com/{kind}/{id}"),
                    player: Some(format!("https://open.spotify.com/embed/{kind}/{id}")),
                }),
                _ => None,
            }
        }
        "google.com" | "www.google.com" | "google.co.id" | "www.google.co.id" => {
            (path.first() == Some(&"maps")).then(|| maps(&url, &path))?
        }
        "maps.google.com" | "maps.google.co.id" => maps(&url, &path),
        "maps.app.goo.gl" => match path.as_slice() {
            [code] if word(code) => embed(Provider::Maps, None),
            _ => None,
        },
        _ => None,
    }
}

/// A Google Maps address: its player shows the place it names (`q=`, or
/// `/maps/place/NAME`), when it names one.
fn maps(url: &Url, path: &[&str]) -> Option<Embed> {
    let place = query(url, "q").map(|q| q.into_owned()).or_else(|| {
        let at = path.iter().position(|p| *p == "place")?;
        path.get(at + 1).map(|p| p.replace('+', " "))
    });
    let player = place.filter(|p| !p.trim().is_empty()).map(|place| {
        let q: String = url::form_urlencoded::byte_serialize(place.as_bytes()).collect();
        format!("https://www.google.com/maps?q={q}&output=embed")
    });
    Some(Embed {
        provider: Provider::Maps,
        url: url.to_string(),
        player,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platforms_news_embeds_are_recognised_by_their_address() {
        for (url, provider, player) in [
            (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
                Provider::YouTube,
                Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
            ),
            (
                "https://youtu.be/dQw4w9WgXcQ",
                Provider::YouTube,
                Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
            ),
            (
                "https://m.youtube.com/shorts/abc_DEF-1",
                Provider::YouTube,
                Some("https://www.youtube-nocookie.com/embed/abc_DEF-1?autoplay=1"),
            ),
            (
                "https://x.com/jokowi/status/1789012345678901234",
                Provider::X,
                Some("https://platform.twitter.com/embed/Tweet.html?id=1789012345678901234"),
            ),
            (
                "https://twitter.com/BMKG/status/12345?s=20",
                Provider::X,
                Some("https://platform.twitter.com/embed/Tweet.html?id=12345"),
            ),
            (
                "https://www.instagram.com/reel/C7abc_12/",
                Provider::Instagram,
                Some("https://www.instagram.com/reel/C7abc_12/embed"),
            ),
            (
                "https://www.tiktok.com/@detikcom/video/7312345678901234567",
                Provider::TikTok,
                Some("https://www.tiktok.com/embed/v2/7312345678901234567"),
            ),
            ("https://vt.tiktok.com/ZSabc123/", Provider::TikTok, None),
            (
                "https://www.facebook.com/detikcom/videos/123456789/",
                Provider::Facebook,
                Some(
                    "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fdetikcom%2Fvideos%2F123456789%2F&show_text=false",
                ),
            ),
            (
                "https://open.spotify.com/intl-id/track/4uLU6hMCjMI75M1A2tKUQC",
                Provider::Spotify,
                Some("https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC"),
            ),
            (
                "https://www.google.com/maps/place/Monas/@-6.17,106.82,17z",
                Provider::Maps,
                Some("https://www.google.com/maps?q=Monas&output=embed"),
            ),
            ("https://maps.app.goo.gl/abc123", Provider::Maps, None),
        ] {
            let embed = recognise(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(embed.provider, provider, "{url}");
            assert_eq!(embed.player(), player, "{url}");
        }
    }

    #[test]
    fn look_alikes_and_other_addresses_stay_links() {
        for url in [
            "https://youtube.com.evil.example/watch?v=abc",
            "https://evil.example/youtube.com/watch?v=abc",
            "https://www.youtube.com/watch?v=<script>",
            "https://www.youtube.com/watch?v=abc\"onload=x",
            "javascript:alert(1)//youtube.com/watch?v=abc",
            "https://user:pass@www.youtube.com/watch?v=abc",
            "https://www.youtube.com:8443/watch?v=abc",
            "ftp://www.youtube.com/watch?v=abc",
            "https://x.com/jokowi",
            "https://x.com/jokowi/status/abc",
            "https://www.instagram.com/detikcom/",
            "https://www.google.com/search?q=maps",
            "https://www.facebook.com/detikcom/posts/1",
            "https://kompas.com/artikel/1",
            "bukan alamat",
        ] {
            assert_eq!(recognise(url), None, "{url}");
        }
    }
}
