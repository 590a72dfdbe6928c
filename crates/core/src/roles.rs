//! Who may do what in the newsroom. Every rule lives here, as pure
//! functions, so the web UI, the API and the tests ask the same question.

use crate::Status;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A staff member's role; each includes what the one before it may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes drafts and submits them for review.
    Contributor,
    /// Also publishes, schedules and unpublishes their own articles.
    Author,
    /// Edits and publishes anyone's articles, curates Pilihan and the home
    /// headline, manages sections and tags.
    Editor,
    /// Also manages users and settings.
    Admin,
}

/// An unknown role name.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role {0:?}: use contributor, author, editor or admin")]
pub struct UnknownRole(pub String);

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];

    /// The stable name used in storage, the CLI and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether someone with this role may change an article's content.
    /// `own` says whether they created it. A contributor's article is theirs
    /// to change only until it is scheduled or published.
    pub fn can_edit(self, own: bool, status: Status) -> bool {
        match self {
            Role::Contributor => own && matches!(status, Status::Draft | Status::Review),
            Role::Author => own,
            Role::Editor | Role::Admin => true,
        }
    }

    /// Whether they may make an article live, schedule it or take it down.
    pub fn can_publish(self, own: bool) -> bool {
        match self {
            Role::Contributor => false,
            Role::Author => own,
            Role::Editor | Role::Admin => true,
        }
    }

    /// Whether they may move an article from `from` to `to` (the workflow
    /// itself must allow the step too: see [`Status::can_become`]).
    pub fn can_move(self, own: bool, from: Status, to: Status) -> bool {
        match to {
            Status::Draft | Status::Review => self.can_edit(own, from),
            Status::Scheduled | Status::Published | Status::Unpublished => self.can_publish(own),
        }
    }

    /// Whether they may curate Pilihan and the home headline and manage
    /// sections and tags.
    pub fn can_curate(self) -> bool {
        self >= Role::Editor
    }

    /// Whether they may manage users and settings.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }

    /// Whether they see every article in the newsroom, not only their own.
    pub fn sees_all_articles(self) -> bool {
        self >= Role::Editor
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("owner".parse::<Role>().is_err());
    }

    #[test]
    fn contributors_write_and_submit_but_never_publish() {
        let c = Role::Contributor;
        assert!(c.can_edit(true, Draft));
        assert!(c.can_move(true, Draft, Review));
        assert!(!c.can_edit(false, Draft), "not someone else's draft");
        assert!(!c.can_edit(true, Published), "not once it is live");
        for to in [Scheduled, Published, Unpublished] {
            assert!(!c.can_move(true, Review, to));
        }
    }

    #[test]
    fn authors_publish_their_own_only() {
        let a = Role::Author;
        assert!(a.can_move(true, Draft, Published));
        assert!(a.can_move(true, Published, Unpublished));
        assert!(a.can_edit(true, Published));
        assert!(!a.can_edit(false, Draft));
        assert!(!a.can_move(false, Review, Published));
        assert!(!a.can_curate());
    }

    #[test]
    fn editors_handle_anyones_articles_admins_also_users() {
        assert!(Role::Editor.can_move(false, Review, Published));
        assert!(Role::Editor.can_edit(false, Published));
        assert!(Role::Editor.can_curate());
        assert!(!Role::Editor.can_administer());
        assert!(Role::Admin.can_administer());
        assert!(Role::Admin.can_curate());
    }
}
