//! The theme: templates and static files built into the binary, each of
//! which a newsroom can replace by putting a file of the same name in the
//! theme folder named in the config (`templates/…` and `static/…`), no
//! recompiling needed. Overrides are read once at start-up.

use anyhow::Context;
use minijinja::{Environment, Value};
use std::collections::HashMap;
use std::path::Path;

/// Built-in templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "reader/base.html",
        include_str!("../templates/reader/base.html"),
    ),
    (
        "reader/macros.html",
        include_str!("../templates/reader/macros.html"),
    ),
    (
        "reader/sections.html",
        include_str!("../templates/reader/sections.html"),
    ),
    (
        "reader/sidebar.html",
        include_str!("../templates/reader/sidebar.html"),
    ),
    (
        "reader/footer.html",
        include_str!("../templates/reader/footer.html"),
    ),
    (
        "reader/latest.html",
        include_str!("../templates/reader/latest.html"),
    ),
    (
        "reader/home.html",
        include_str!("../templates/reader/home.html"),
    ),
    (
        "reader/article.html",
        include_str!("../templates/reader/article.html"),
    ),
    (
        "reader/listing.html",
        include_str!("../templates/reader/listing.html"),
    ),
    (
        "reader/story.html",
        include_str!("../templates/reader/story.html"),
    ),
    (
        "reader/archive.html",
        include_str!("../templates/reader/archive.html"),
    ),
    (
        "reader/search.html",
        include_str!("../templates/reader/search.html"),
    ),
    (
        "reader/error.html",
        include_str!("../templates/reader/error.html"),
    ),
    (
        "newsroom/base.html",
        include_str!("../templates/newsroom/base.html"),
    ),
    (
        "newsroom/sign-in.html",
        include_str!("../templates/newsroom/sign-in.html"),
    ),
    (
        "newsroom/articles.html",
        include_str!("../templates/newsroom/articles.html"),
    ),
    (
        "newsroom/editor.html",
        include_str!("../templates/newsroom/editor.html"),
    ),
    (
        "newsroom/revisions.html",
        include_str!("../templates/newsroom/revisions.html"),
    ),
    (
        "newsroom/diff.html",
        include_str!("../templates/newsroom/diff.html"),
    ),
    (
        "newsroom/media.html",
        include_str!("../templates/newsroom/media.html"),
    ),
    (
        "newsroom/picks.html",
        include_str!("../templates/newsroom/picks.html"),
    ),
    (
        "newsroom/sections.html",
        include_str!("../templates/newsroom/sections.html"),
    ),
    (
        "newsroom/tags.html",
        include_str!("../templates/newsroom/tags.html"),
    ),
    (
        "newsroom/users.html",
        include_str!("../templates/newsroom/users.html"),
    ),
    (
        "newsroom/live.html",
        include_str!("../templates/newsroom/live.html"),
    ),
    (
        "newsroom/abbreviations.html",
        include_str!("../templates/newsroom/abbreviations.html"),
    ),
    (
        "newsroom/stories.html",
        include_str!("../templates/newsroom/stories.html"),
    ),
    (
        "newsroom/story.html",
        include_str!("../templates/newsroom/story.html"),
    ),
    (
        "newsroom/webhooks.html",
        include_str!("../templates/newsroom/webhooks.html"),
    ),
    (
        "newsroom/webhook.html",
        include_str!("../templates/newsroom/webhook.html"),
    ),
    (
        "newsroom/account.html",
        include_str!("../templates/newsroom/account.html"),
    ),
    (
        "newsroom/error.html",
        include_str!("../templates/newsroom/error.html"),
    ),
    (
        "newsroom/review.html",
        include_str!("../templates/newsroom/review.html"),
    ),
    (
        "newsroom/readers.html",
        include_str!("../templates/newsroom/readers.html"),
    ),
    (
        "newsroom/article-stats.html",
        include_str!("../templates/newsroom/article-stats.html"),
    ),
    ("feeds/rss.xml", include_str!("../templates/feeds/rss.xml")),
    (
        "feeds/sitemap-index.xml",
        include_str!("../templates/feeds/sitemap-index.xml"),
    ),
    (
        "feeds/sitemap.xml",
        include_str!("../templates/feeds/sitemap.xml"),
    ),
    (
        "feeds/news-sitemap.xml",
        include_str!("../templates/feeds/news-sitemap.xml"),
    ),
    (
        "feeds/robots.txt",
        include_str!("../templates/feeds/robots.txt"),
    ),
];

/// Built-in static files, by path under `/static/`.
const STATIC_FILES: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("newsroom.css", include_bytes!("../static/newsroom.css")),
    ("newsroom.js", include_bytes!("../static/newsroom.js")),
    ("editor.js", include_bytes!("../static/editor.js")),
    ("editor.css", include_bytes!("../static/editor.css")),
    ("embed.js", include_bytes!("../static/embed.js")),
    ("share.js", include_bytes!("../static/share.js")),
    ("suggest.js", include_bytes!("../static/suggest.js")),
    ("desk.js", include_bytes!("../static/desk.js")),
    ("confirm.js", include_bytes!("../static/confirm.js")),
    ("live.js", include_bytes!("../static/live.js")),
    ("readers.js", include_bytes!("../static/readers.js")),
    ("curation.js", include_bytes!("../static/curation.js")),
    ("demo/kota.svg", include_bytes!("../static/demo/kota.svg")),
    (
        "demo/ekonomi.svg",
        include_bytes!("../static/demo/ekonomi.svg"),
    ),
    ("demo/bola.svg", include_bytes!("../static/demo/bola.svg")),
    ("demo/tekno.svg", include_bytes!("../static/demo/tekno.svg")),
    ("demo/dunia.svg", include_bytes!("../static/demo/dunia.svg")),
    ("demo/gaya.svg", include_bytes!("../static/demo/gaya.svg")),
    (
        "demo/otomotif.svg",
        include_bytes!("../static/demo/otomotif.svg"),
    ),
];

/// A static file ready to serve.
#[derive(Debug)]
pub struct StaticFile {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

/// Templates and static files, with overrides applied.
pub struct Theme {
    env: Environment<'static>,
    files: HashMap<String, StaticFile>,
    /// Short hash of the stylesheet, appended to its URL so browsers may
    /// cache it for a year and still see a new theme at once.
    pub style_version: String,
}

impl Theme {
    /// Loads the built-in theme with the files of `dir` on top, and adds
    /// `globals` (site name, labels, ...) to every template.
    pub fn load(dir: Option<&Path>, globals: Vec<(&'static str, Value)>) -> anyhow::Result<Theme> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_formatter(html_formatter);
        for (name, source) in TEMPLATES {
            let source = match dir.map(|d| d.join("templates").join(name)) {
                Some(path) if path.is_file() => std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read theme template {}", path.display()))?,
                _ => (*source).to_owned(),
            };
            env.add_template_owned(*name, source)
                .with_context(|| format!("theme template {name} has an error"))?;
        }
        for (name, value) in globals {
            env.add_global(name, value);
        }
        // The blocks every reader page shows are rendered apart, once a
        // second: a theme that breaks one (its macros lacking `sidebar`,
        // say) would leave it out of every page, so it stops the start
        // instead.
        for name in [
            "reader/sections.html",
            "reader/sidebar.html",
            "reader/latest.html",
            "reader/footer.html",
        ] {
            env.get_template(name)
                .and_then(|template| template.render(minijinja::context! { chrome => () }))
                .with_context(|| {
                    format!(
                        "theme template {name} cannot be rendered with the site's lists \
                         (reader/sidebar.html and reader/latest.html use the `sidebar` and \
                         `latest` macros of reader/macros.html)"
                    )
                })?;
        }
        let mut files = HashMap::new();
        for (name, bytes) in STATIC_FILES {
            files.insert(
                (*name).to_owned(),
                StaticFile {
                    bytes: bytes.to_vec(),
                    content_type: content_type(name),
                },
            );
        }
        if let Some(static_dir) = dir.map(|d| d.join("static")).filter(|d| d.is_dir()) {
            add_files(&static_dir, &static_dir, &mut files)?;
        }
        // One version for every static file, so a changed script or style
        // sheet is never served from a year-long browser cache.
        let mut names: Vec<&String> = files.keys().collect();
        names.sort();
        let all: Vec<u8> = names
            .iter()
            .flat_map(|name| name.bytes().chain(files[*name].bytes.iter().copied()))
            .collect();
        let style_version = format!("{:08x}", fnv1a(&all) as u32);
        Ok(Theme {
            env,
            files,
            style_version,
        })
    }

    /// Renders a template with a page's view.
    pub fn render(&self, name: &str, view: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(view)
    }

    /// A static file by its path under `/static/`.
    pub fn static_file(&self, path: &str) -> Option<&StaticFile> {
        self.files.get(path)
    }
}

/// Escapes for HTML and XML like the default formatter, but leaves `/`
/// alone: every URL would otherwise read `http:&#x2f;&#x2f;…`, which is
/// valid yet bloats every page.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let plain = value.is_safe()
        || value.is_undefined()
        || value.is_none()
        || !matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    if plain {
        return minijinja::escape_formatter(out, state, value);
    }
    // Written a run at a time between the characters escaped, with no
    // copy of the text: every card's headline and address passes here.
    let owned;
    let text = match value.as_str() {
        Some(text) => text,
        None => {
            owned = value.to_string();
            &owned
        }
    };
    let write = |out: &mut minijinja::Output, part: &str| {
        out.write_str(part).map_err(|e| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write output")
                .with_source(e)
        })
    };
    let mut from = 0;
    // These are ASCII, never part of another character's bytes: the text
    // is cut at character boundaries.
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        write(out, &text[from..at])?;
        write(out, escaped)?;
        from = at + 1;
    }
    write(out, &text[from..])
}

fn add_files(
    root: &Path,
    dir: &Path,
    files: &mut HashMap<String, StaticFile>,
) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            add_files(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative.to_string_lossy().replace('\\', "/");
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            files.insert(
                name.clone(),
                StaticFile {
                    bytes,
                    content_type: content_type(&name),
                },
            );
        }
    }
    Ok(())
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A small stable hash for cache-busting file versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_is_escaped_but_urls_stay_readable() {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        env.add_template("t.html", "{{ v }}|{{ s|safe }}").unwrap();
        env.add_template("t.txt", "{{ v }}").unwrap();
        let ctx = minijinja::context! { v => "<a href=\"/x?a=1&b='2'\">", s => "<b>" };
        let html = env.get_template("t.html").unwrap().render(&ctx).unwrap();
        assert_eq!(
            html,
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;|<b>"
        );
        let text = env.get_template("t.txt").unwrap().render(&ctx).unwrap();
        assert_eq!(text, "<a href=\"/x?a=1&b='2'\">");
    }

    #[test]
    fn a_theme_folder_overrides_templates_and_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/feeds")).unwrap();
        std::fs::create_dir_all(dir.path().join("static/img")).unwrap();
        std::fs::write(
            dir.path().join("templates/feeds/robots.txt"),
            "User-agent: *\nDisallow: /",
        )
        .unwrap();
        std::fs::write(dir.path().join("static/style.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("static/img/logo.png"), [0x89, b'P']).unwrap();
        let theme = Theme::load(Some(dir.path()), vec![]).unwrap();
        assert_eq!(
            theme.render("feeds/robots.txt", Value::UNDEFINED).unwrap(),
            "User-agent: *\nDisallow: /"
        );
        assert_eq!(theme.static_file("style.css").unwrap().bytes, b"body{}");
        assert_eq!(
            theme.static_file("img/logo.png").unwrap().content_type,
            "image/png"
        );
        assert!(
            theme.static_file("favicon.svg").is_some(),
            "files not overridden stay built in"
        );
        let broken = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(broken.path().join("templates/reader")).unwrap();
        std::fs::write(broken.path().join("templates/reader/home.html"), "{% if %}").unwrap();
        assert!(
            Theme::load(Some(broken.path()), vec![]).is_err(),
            "a broken override is reported at start"
        );
        // Macros of an older theme, without the Terkini block's.
        let older = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(older.path().join("templates/reader")).unwrap();
        let macros = include_str!("../templates/reader/macros.html");
        let without_latest = &macros[..macros.find("{% macro latest").unwrap()];
        std::fs::write(
            older.path().join("templates/reader/macros.html"),
            without_latest,
        )
        .unwrap();
        let refused = Theme::load(Some(older.path()), vec![]).err().unwrap();
        assert!(
            format!("{refused:#}").contains("reader/latest.html"),
            "{refused:#}"
        );
        // A footer that fails to render would be missing from every page.
        let footer = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(footer.path().join("templates/reader")).unwrap();
        std::fs::write(
            footer.path().join("templates/reader/footer.html"),
            "<footer>{{ chrome.nav|no_such_filter }}</footer>",
        )
        .unwrap();
        let refused = Theme::load(Some(footer.path()), vec![]).err().unwrap();
        assert!(
            format!("{refused:#}").contains("reader/footer.html"),
            "{refused:#}"
        );
    }
}
