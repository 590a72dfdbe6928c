//! Typed identifiers, so an [`ArticleId`] can never be passed where an
//! [`AuthorId`] is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// The number of an article; it appears in the article's URL.
    ArticleId
);
id_type!(
    /// The number of a section (kanal).
    SectionId
);
id_type!(
    /// The number of an author (penulis).
    AuthorId
);
id_type!(
    /// The number of a tag.
    TagId
);
id_type!(
    /// The number of an uploaded image.
    MediaId
);
id_type!(
    /// The number of a newsroom user.
    UserId
);
