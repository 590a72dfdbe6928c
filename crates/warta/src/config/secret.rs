//! Values that carry a secret: printed, logged or shown in a message, they
//! never show it.

use std::fmt;

/// A database URL. `Debug` and `Display` hide its password
/// (`postgres://warta:***@db/w`); [`DatabaseUrl::expose`] gives the whole
/// URL to the one place that connects with it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Wraps a URL.
    pub fn new(url: impl Into<String>) -> DatabaseUrl {
        DatabaseUrl(url.into())
    }

    /// The whole URL, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it names an embedded SQLite database.
    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", redact(&self.0))
    }
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A secret setting (an S3 secret key): `Debug` shows only that it is set.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself: only for the client that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://warta:rahasia@db:5432/w"),
            "postgres://warta:***@db:5432/w"
        );
        assert_eq!(
            redact("sqlite://./warta-data/warta.db"),
            "sqlite://./warta-data/warta.db"
        );
        let url = DatabaseUrl::new("postgres://warta:rahasia@db/w");
        assert!(!format!("{url} {url:?}").contains("rahasia"));
        assert_eq!(url.expose(), "postgres://warta:rahasia@db/w");
        let secret: Secret = serde_json::from_str("\"kunci-rahasia\"").unwrap();
        assert!(!format!("{secret:?}").contains("kunci"));
    }
}
